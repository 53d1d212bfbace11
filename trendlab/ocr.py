"""Repair systematic OCR confusions in scanned Korean text.

Scanned magazines often render the Latin "AI" as the Hangul syllable "시"
("시 반도체", "시 시스템", "시트렌드"). The genuine word 시 (city, time, poem)
is common, so the repair works from context and changes a 시 only when all
of these hold:

* the document is about AI: "AI" or "인공지능" occurs at least ``min_ai_mentions`` (2) times;
* the 시 stands alone as a word (not inside 서울시, 시장, 시스템) and does not follow a
  number (3시 = 3 o'clock);
* the next word, or the rest of a glued compound (시트렌드), starts with one of
  :data:`AI_COLLOCATES`, nouns that follow "AI" in news and rarely follow 시 in its
  own senses.

So "시 반도체" becomes "AI 반도체", while "시 쓰기" (writing poems), "서울시",
"오후 3시" and "시를 쓴다" are left alone.

>>> repair_ocr("AI 기술과 인공지능 연구. 시 반도체와 시 시스템. 시 쓰기와 서울시.")
'AI 기술과 인공지능 연구. AI 반도체와 AI 시스템. 시 쓰기와 서울시.'
"""

from __future__ import annotations

import re

__all__ = ["repair_ocr", "count_ocr_repairs", "AI_COLLOCATES"]

#: Nouns that commonly follow "AI" in Korean news and rarely follow 시 (city/time/poem).
AI_COLLOCATES = (
    "반도체",
    "시스템",
    "컴퓨팅",
    "칩",
    "모델",
    "알고리즘",
    "플랫폼",
    "솔루션",
    "서비스",
    "기술",
    "산업",
    "트렌드",
    "스피커",
    "비서",
    "챗봇",
    "스타트업",
    "기업",
    "윤리",
    "학습",
    "개발",
    "연구",
    "혁신",
    "생태계",
    "패권",
    "강국",
    "경쟁",
    "인재",
    "전문가",
    "미래포럼",
    "포럼",
    "데이터",
    "가속기",
    "프로세서",
    "엔진",
    "음악",
    "작곡",
    "창작",
    "기반",
    "활용",
    "도입",
    "적용",
    "역량",
    "전략",
    "정책",
    "규제",
    "투자",
    "시대",
    "세계",
    "제국",
    "붐",
    "벤처",
    "유니콘",
    "클라우드",
    "서버",
    "로봇",
    "비전",
    "스타트업",
)

_COLL = "|".join(sorted(map(re.escape, AI_COLLOCATES), key=len, reverse=True))
# a standalone 시 followed by a space and a collocate, or glued to one (시트렌드)
_PATTERN = re.compile(rf"(?<![\w\d.,])시(?=(?:\s+|)(?:{_COLL}))")
_AI_MENTION = re.compile(r"(?<![A-Za-z])AI(?![A-Za-z])|인공지능")
# 시 + a case particle, starting a clause (after punctuation, a line start, or a word that
# ends in a particle or verb ending), and not the object of a poem verb (시를 쓰다).
_ENDINGS = "를을가이는은와과의에도로고며해면한된던할히럼게서만지다요"
_PARTICLE = re.compile(
    rf"(?:(?<=^)|(?<=[\s(“‘\"'])(?<![^\s{_ENDINGS}.,!?:;)”’\"']\s))"
    r"시(?=(?:가|를|의|와|에|로|는|에서|에게)(?![가-힣])(?!\s*(?:쓰|짓|읊|낭송|낭독|외우|감상)))",
    re.M,
)


def _is_ai_document(text: str, min_ai_mentions: int) -> bool:
    return len(_AI_MENTION.findall(text)) >= min_ai_mentions


def repair_ocr(text: str, *, min_ai_mentions: int = 2) -> str:
    """Return ``text`` with OCR-garbled "AI" (rendered as 시) restored from context.

    Two passes. The first changes 시 before an AI collocate. Only when it found
    the confusion there, which shows that the document suffers from it, does the
    second pass change 시 followed by a case particle at the start of a clause
    (시가, 시를, 시의 ...), where the genuine 시 would follow a noun (제작 시) or
    be the object of a poem verb (시를 쓰다).
    """
    return _repair(text, min_ai_mentions)[0]


def count_ocr_repairs(text: str, *, min_ai_mentions: int = 2) -> int:
    """How many places :func:`repair_ocr` would change."""
    return _repair(text, min_ai_mentions)[1]


def _repair(text: str, min_ai_mentions: int) -> tuple[str, int]:
    if "시" not in text or not _is_ai_document(text, min_ai_mentions):
        return text, 0
    text, n = _PATTERN.subn("AI", text)
    if n == 0:
        return text, 0
    text, m = _PARTICLE.subn("AI", text)
    return text, n + m
