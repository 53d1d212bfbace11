from trendlab.segment import segment_document

_N = iter(range(10**6))


def para() -> str:
    """A distinct paragraph of about 300 characters (identical lines would be de-duplicated)."""
    k = next(_N)
    return f"이 문단({k})은 기사 본문으로 충분히 긴 문장을 담고 있습니다. 여러 문장이 이어집니다. " * 6


class _Para:
    def __str__(self):
        return para()

    __format__ = lambda self, spec: para()  # noqa: E731


PARA = _Para()


def kept(segs):
    return [s for s in segs if s.kept]


def test_digest_headlines_split_but_captions_do_not():
    doc = (
        "디지털 산업에서 살아남는 방법\n• 승인 2022.06.20 16:57\n이 기사를 공유합니다\n\n"
        f"{PARA}\n\n▲ 독일 기업들이 AI 컨소시엄을 구성한 이유\n{PARA}\n\n"
        f"▲ EU, 전자 처방전 시스템 시험 돌입\n{PARA}\n\n"
        "홍길동 기자 hong@example.com\n댓글 0\n댓글쓰기\n"
    )
    titles = [s.title for s in kept(segment_document(doc))]
    assert titles == [
        "디지털 산업에서 살아남는 방법",
        "독일 기업들이 AI 컨소시엄을 구성한 이유",
        "EU, 전자 처방전 시스템 시험 돌입",
    ]
    for s in kept(segment_document(doc)):
        assert "댓글" not in s.text and "공유합니다" not in s.text and "hong@" not in s.text


def test_caption_markers_stay_inside_one_article():
    doc = (
        "유럽의 생성형 AI 업계\n"
        f"{PARA}\n   \n▲ 2024년 2월15일 프랑스 파리에서 열린 출범식에서 관계자들이 이야기를 나누고 있다. REUTERS\n\n"
        f"{PARA}\n\n▲ 프랑스 스타트업은 미국 기업에 도전장을 내밀었다. REUTERS\n{PARA}"
    )
    segs = kept(segment_document(doc))
    assert len(segs) == 1
    assert "REUTERS" not in segs[0].text  # captions are dropped, not split on
    assert segs[0].text.count("기사 본문으로") == 18


def test_heading_document_with_contents_cover_and_masthead():
    doc = "\n".join(
        str(x)
        for x in [
            "MAGAZINE",
            "# 05",
            "# CONTENTS",
            "COLUMN",
            "음악을 창작하는 인공지능",
            "SPECIAL",
            "인공지능이 바꾸는 직업의 세계",
            "## FUTURE",
            "### 지도 박물관 탐방기",
            "# 이달의 잡지",
            "발행인 홍길동",
            "편집인 김철수",
            "등록일자 2013년 8월 24일",
            "발행일 2021년 4월 30일",
            "# 음악을 창작하는 인공지능",
            PARA,
            "## 컴퓨터 음악의 역사",
            PARA,
            "## 인공지능이 바꾸는 직업의 세계",
            PARA,
            "## 인공지능은 일자리 킬러?",
            PARA,
            "# 지도 박물관 탐방기",
            PARA,
        ]
    )
    segs = segment_document(doc)
    excluded = {s.reason for s in segs if not s.kept}
    assert {"cover", "contents page", "masthead"} <= excluded
    titles = [s.title for s in kept(segs)]
    assert titles == ["음악을 창작하는 인공지능", "인공지능이 바꾸는 직업의 세계", "지도 박물관 탐방기"]
    jobs = kept(segs)[1]
    assert "일자리 킬러" in jobs.text  # a section not named in the contents stays in its article


def test_heading_levels_keep_sections_together_without_contents():
    doc = "\n".join(str(x) for x in ["# 첫 기사", PARA, "## 첫 기사의 절", PARA, "# 둘째 기사", PARA])
    titles = [s.title for s in kept(segment_document(doc))]
    assert titles == ["첫 기사", "둘째 기사"]
    sections = [s.title for s in kept(segment_document(doc, granularity="section"))]
    assert sections == ["첫 기사", "첫 기사 › 첫 기사의 절", "둘째 기사"]


def test_short_kicker_is_merged_and_furniture_excluded():
    doc = "\n".join(
        str(x)
        for x in [
            "# A.I. TREND",
            "## 인공지능 트렌드 다섯 가지와 기술 전망",
            PARA,
            "# 짧은 단신",
            "짧은 글이다. 아주 짧다.",
            "# 다음 기사 제목",
            PARA,
            "# 끝",
            "02-360-4845",
        ]
    )
    segs = segment_document(doc)
    titles = [s.title for s in kept(segs)]
    assert titles == ["인공지능 트렌드 다섯 가지와 기술 전망", "다음 기사 제목"]
    reasons = [s.reason for s in segs if not s.kept]
    assert any(r.startswith("merged into") for r in reasons)
    assert "page furniture (no prose)" in reasons


def test_running_head_repeated_does_not_split():
    doc = "\n".join(
        str(x)
        for x in ["# A.I. TREND", "## 중국의 인공지능 굴기와 전략", PARA, "# A.I. TREND", PARA, "# 다른 기사", PARA]
    )
    titles = [s.title for s in kept(segment_document(doc))]
    assert titles == ["중국의 인공지능 굴기와 전략", "다른 기사"]


def test_bad_granularity():
    import pytest

    from trendlab.errors import ConfigError

    with pytest.raises(ConfigError, match="granularity"):
        segment_document("x", granularity="paragraph")
