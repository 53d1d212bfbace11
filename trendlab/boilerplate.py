"""Recognise page furniture in news and magazine text, line by line.

Web pages and scanned magazines surround articles with lines that are not
part of any article: comment widgets, share and subscribe prompts, copyright
and registration footers, reporter e-mail lines, photo credits, breadcrumbs,
ISSN and barcode lines, page numbers. :func:`furniture_reason` names what a
line is, or returns None for a line of article text. The patterns describe
shapes of such lines in general; none is tied to one publication.
"""

from __future__ import annotations

import re

__all__ = ["furniture_reason", "is_footer_start", "strip_inline_byline", "MASTHEAD_WORDS"]

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"

# (reason, pattern) pairs, tried in order on the stripped line.
_LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "comment widget",
        re.compile(
            r"^(댓글\s*\d*|댓글\s*(삭제|쓰기|달기|보기|작성)|전체\s*(기사의견|댓글)\s*\(?\d*\)?)$"
            r"|삭제한 댓글은|삭제하시겠습니까|댓글을 남기실|계정을 선택하시면|로그인.{0,4}계정인증"
            r"|\d+\s*자까지 쓰실 수|욕설이나 인신공격|byte\s*/\s*최대|운영원칙"
        ),
    ),
    (
        "share prompt",
        re.compile(
            r"^(이 기사를 공유합니다|기사\s*공유|공유하기|URL\s*복사|스크랩|인쇄하기|글자\s*크기|상태바"
            r"|(카카오톡|페이스북|트위터|네이버밴드|라인)(\s*[/|·,]?\s*(카카오톡|페이스북|트위터|네이버밴드|라인))*)$"
        ),
    ),
    (
        "subscribe prompt",
        re.compile(
            r"구독\s*(하기|신청|문의)|구독하세요|친구\s*추가|기사\s*제보|기사화될 경우|원고료"
            r"|^(정기구독자|온라인 회원)은?는?\s|다른\s*기사\s*보기|많이 본 기사|관련\s*기사\s*$"
        ),
    ),
    (
        "copyright footer",
        re.compile(
            r"^[ⓒ©]|copyright|all rights reserved|무단\s*전재|재배포\s*금지|저작권\s*(문의|자)"
            r"|AI\s*학습\s*및\s*활용\s*금지",
            re.I,
        ),
    ),
    (
        "site footer",
        re.compile(
            r"매체소개|개인정보\s*(취급|처리)\s*방침|청소년\s*보호\s*(정책|책임자)|이메일\s*무단\s*수집"
            r"|고객센터|찾아오시는 길|^발행주소|사업자\s*등록\s*번호"
        ),
    ),
    (
        "reporter line",
        re.compile(
            r"^[<(\[]?\s*[^\s]{0,20}\s*=\s*[^=]{1,40}(기자|특파원|통신원)\s*[>)\]]?$"
            r"|^[가-힣·\s]{2,30}(기자|특파원|위원|통신원)\s+" + _EMAIL + r"\s*$"
            r"|^[가-힣·<>\s]{2,30}(기자|특파원|통신원)$"
            r"|^" + _EMAIL + r"$"
        ),
    ),
    (
        "photo credit",
        re.compile(
            r"^(image|photo|사진|그래픽|자료)\s*[:=]|courtesy\s*:|\(사진\s*=|사진\s*제공|^〈그림|^<그림|^<표|^〈표"
            r"|^출처\s*[:：]",
            re.I,
        ),
    ),
    ("breadcrumb", re.compile(r"^>\s*\S+(\s*>\s*\S+)+$|^(홈|home)\s*>\s*", re.I)),
    (
        "page furniture",
        re.compile(
            r"^ISSN\s*[\dXx-]+|^\d[\d ]{10,}$|^[\d'₩,.\s]+₩[\d'₩,.\s]*$|^(vol|no)\.\s*\d+$"
            r"|^\*\*\s*\d{1,3}\s*\*\*$|^\d{1,3}$|^p\.?\s?\d{1,3}$|^[—–\-=_*·]{1,}$|^[<>]$",
            re.I,
        ),
    ),
]

_FOOTER_START = re.compile(
    r"^[ⓒ©]|무단\s*전재|재배포\s*금지|기사\s*제보|다른\s*기사\s*보기|^댓글|기사의견"
    r"|^[가-힣·\s]{2,30}(기자|특파원)\s+" + _EMAIL,
    re.I,
)
_INLINE_BYLINE = re.compile(r"^\s*\[[^\]]{0,40}(기자|특파원|통신원)\s*\]\s*")

#: Words whose co-occurrence marks a masthead or imprint block.
MASTHEAD_WORDS = re.compile(
    r"발행인|편집인|발행처|발행일|등록일자|등록번호|잡지등록|인쇄|편집위원|구독신청|ISSN|후원|편집 및 제작"
)


def furniture_reason(line: str) -> str | None:
    """Name the kind of page furniture ``line`` is, or None for article text.

    Examples
    --------
    >>> furniture_reason("이 기사를 공유합니다")
    'share prompt'
    >>> furniture_reason("홍길동 기자 hong@example.com")
    'reporter line'
    >>> furniture_reason("유럽연합은 AI 팩토리 건설 계획을 발표했다.") is None
    True
    """
    s = line.strip().strip("•").strip()
    if not s:
        return None
    if len(s) > 200:
        return None
    for reason, pat in _LINE_RULES:
        if pat.search(s):
            return reason
    return None


def is_footer_start(line: str) -> bool:
    """True when ``line`` typically opens the footer that ends a web article."""
    return bool(_FOOTER_START.search(line.strip().strip("•").strip()))


def strip_inline_byline(line: str) -> str:
    """Remove a leading ``[매체 = 홍길동 기자]`` byline from a body line."""
    return _INLINE_BYLINE.sub("", line)
