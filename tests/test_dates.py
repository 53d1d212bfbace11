import datetime

import pandas as pd
import pytest

from trendlab.dates import extract_date, parse_date

BODY = "본문은 충분히 길게 이어집니다. " * 5


@pytest.mark.parametrize(
    "line, expected, precision",
    [
        ("2022.06.20", "2022-06-20", "day"),
        ("2024-06-25 (화)", "2024-06-25", "day"),
        ("2024년 05월 01일 (수)", "2024-05-01", "day"),
        ("발행일 2021년 4월 30일", "2021-04-30", "day"),
        ("MAY 2021", "2021-05-01", "month"),
        ("March 5, 2023", "2023-03-05", "day"),
        ("5 March 2023", "2023-03-05", "day"),
        ("2023/11/7", "2023-11-07", "day"),
        ("2022년 3월호", "2022-03-01", "month"),
    ],
)
def test_parse_date_formats(line, expected, precision):
    ts, prec = parse_date(line)
    assert ts == pd.Timestamp(expected)
    assert prec == precision


def test_parse_date_rejects_non_dates():
    with pytest.raises(ValueError):
        parse_date("어제 오후")
    assert parse_date("") == (None, None)
    assert parse_date(None) == (None, None)


def test_approval_line_beats_body_and_caption_dates():
    text = f"제목\n• 승인 2022.06.20 16:57\n▲ 2021년 2월15일 행사 모습이다. REUTERS\n{BODY} 2020년 1월 3일 발표했다."
    hit = extract_date(text)
    assert hit.date == pd.Timestamp("2022-06-20")
    assert hit.rule == "approval"
    assert "2022.06.20" in hit.span


def test_footer_and_registration_dates_are_never_publication_dates():
    text = (
        f"제목\n{BODY}\n"
        "한겨레신문(주) | 제호 : 인사이트 | 등록번호 : 서울 아 01706 | 등록일자 : 2011년 07월 19일 | 발행일 : 2011년 07월 19일\n"
    )
    assert extract_date(text) is None
    text2 = "등록일자 2013년 8월 24일\n" + BODY
    assert extract_date(text2) is None


def test_dateline_under_headline():
    hit = extract_date(f"“헤드라인”\n2024-06-25 (화)\n서울경제=홍길동 기자\n{BODY}")
    assert (hit.date, hit.rule) == (pd.Timestamp("2024-06-25"), "dateline")


def test_byline_with_issue_number_beats_footer():
    text = (
        "> 뉴스 > 시각\n제목\n[169호] 2024년 05월 01일 (수) 홍길동 hong@example.com\n"
        f"{BODY}\n▲ 2024년 2월15일 프랑스 파리에서 열린 행사. REUTERS\n"
        "제호 : 인사이트 | 등록일자 : 2011년 07월 19일 | 발행인 : 김"
    )
    hit = extract_date(text)
    assert (hit.date, hit.rule) == (pd.Timestamp("2024-05-01"), "byline")


def test_issue_date_beats_cover_month():
    text = "NEW TECH\nMAY 2021\nVol. 92\n" + "목차\n" * 3 + "등록일자 2013년 8월 24일\n발행일 2021년 4월 30일\n" + BODY
    hit = extract_date(text)
    assert (hit.date, hit.rule) == (pd.Timestamp("2021-04-30"), "issue")
    hit2 = extract_date("NEW TECH\nMAY 2021\n" + BODY)
    assert (hit2.date, hit2.rule, hit2.precision) == (pd.Timestamp("2021-05-01"), "cover", "month")


def test_yearless_date_resolved_from_this_year_phrase_and_marked_inferred():
    text = (
        f"- 부제\n[신문 = 기자] 위원회는 최근인 12월 17일 계획을 발표했다.\n{BODY}\n올 2024년 3월 열린 행사에서 말했다."
    )
    hit = extract_date(text)
    assert hit.date == pd.Timestamp("2024-12-17")
    assert hit.inferred and hit.rule == "lead"
    assert "12월 17일" in hit.span and "올 2024년" in hit.span
    assert "year inferred" in hit.source


def test_yearless_date_without_context_is_not_guessed():
    assert extract_date(f"위원회는 12월 17일 계획을 발표했다.\n{BODY}") is None


def test_no_date_at_all():
    assert extract_date(BODY) is None


@pytest.mark.parametrize("value", ["20241105", 20241105, 20241105.0, " 20241105 "])
def test_parse_date_reads_bigkinds_yyyymmdd(value):
    assert parse_date(value) == (pd.Timestamp("2024-11-05"), "day")


def test_parse_date_rejects_impossible_yyyymmdd_and_reads_date_cells():
    with pytest.raises(ValueError):
        parse_date("20241341")
    assert parse_date(datetime.datetime(2024, 11, 5, 9, 30)) == (pd.Timestamp("2024-11-05 09:30"), "day")


def test_implausible_dates():
    from trendlab.dates import implausible  # new in the module; imported here so the older tests still run

    today = pd.Timestamp("2024-06-01")
    assert implausible(pd.Timestamp("2024-06-02"), today) == "date in the future"
    assert implausible(pd.Timestamp("1989-12-31"), today) == "date before 1990"
    assert implausible(pd.Timestamp("2024-06-01"), today) is None
    assert implausible(pd.NaT, today) is None
