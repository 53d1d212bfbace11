"""Column mapping: known Korean and English headers, BigKinds exports, explicit columns, ids and user columns."""

import pandas as pd
import pytest
from openpyxl import Workbook

import trendlab as tl
from trendlab.errors import InputError

BIGKINDS_HEADERS = [
    "뉴스 식별자",
    "일자",
    "언론사",
    "기고자",
    "제목",
    "통합 분류1",
    "통합 분류2",
    "통합 분류3",
    "사건/사고 분류1",
    "사건/사고 분류2",
    "사건/사고 분류3",
    "인물",
    "위치",
    "기관",
    "키워드",
    "특성추출(가중치순 상위 50개)",
    "본문",
    "URL",
    "분석제외 여부",
]
TOPICS = ["반도체 수출", "배터리 공장", "인공지능 인재", "전기차 충전", "바이오 신약", "우주 발사체"]


def body(k: int) -> str:
    """A distinct article body for row ``k`` (distinct enough not to be a near-duplicate)."""
    topic = TOPICS[k % len(TOPICS)]
    return f"{topic} 소식 {k}번째. " + " ".join(f"{topic}{k}-{j} 관련 내용이 이어진다" for j in range(12))


def bigkinds_rows():
    rows = []
    k = 0
    for outlet in ["경향신문", "한겨레", "조선일보"]:
        for day in [20241105, 20241112, 20241203]:
            rows.append(
                [
                    f"0110010{k}.{day}093000{k:03d}",
                    day,
                    outlet,
                    "홍길동 기자",
                    f"{outlet} 기사 {k}",
                    "경제>산업_기업",
                    "IT_과학>반도체",
                    "",
                    "",
                    "",
                    "",
                    "홍길동",
                    "서울",
                    "삼성전자",
                    "반도체,수출",
                    "반도체,수출,공장",
                    body(k),
                    f"https://news.example/{k}",
                    "",
                ]
            )
            k += 1
    return rows


def write_bigkinds(path, rows=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "sheet"
    ws.append(BIGKINDS_HEADERS)
    for r in rows if rows is not None else bigkinds_rows():
        ws.append(r)
    wb.save(path)
    return path


def test_bigkinds_export_loads_without_column_arguments(tmp_path):
    path = write_bigkinds(tmp_path / "NewsResult_20241101-20241231.xlsx")
    c = tl.load_corpus(path)
    f = c.frame
    rows = bigkinds_rows()
    assert len(c) == len(rows) == 9
    assert f["doc_id"].tolist() == [r[0] for r in rows]  # ids kept from 뉴스 식별자
    assert f["date"].notna().all() and f["date_scope"].eq("column").all()  # every row dated from 일자
    assert f["date"].tolist() == [pd.Timestamp(str(r[1])) for r in rows]
    assert f["outlet"].tolist() == [r[2] for r in rows]
    assert set(f["outlet"]) == {"경향신문", "한겨레", "조선일보"}
    assert f["date"].dt.to_period("M").nunique() == 2
    assert f["title"].tolist() == [r[4] for r in rows]
    assert f["section"].eq("경제>산업_기업").all() and f["url"].str.startswith("https://").all()
    assert {"기고자", "키워드", "특성추출(가중치순 상위 50개)", "분석제외 여부"} <= set(f.columns)  # metadata kept
    mapped = c.accounting.query("unit == 'table' and action == 'mapped'")
    assert len(mapped) == 1
    detail = mapped["detail"].iloc[0]
    for pair in ["본문→text", "제목→title", "일자→date", "언론사→outlet", "뉴스 식별자→doc_id", "통합 분류1→section"]:
        assert pair in detail


@pytest.mark.parametrize(
    "headers",
    [
        {
            "기사제목": "title",
            "기사내용": "text",
            "작성일": "date",
            "매체": "outlet",
            "링크": "url",
            "기사ID": "doc_id",
        },
        {"headline": "title", "content": "text", "published": "date", "press": "outlet", "link": "url", "id": "doc_id"},
        {" Title ": "title", "BODY": "text", "Date": "date", "Company": "outlet", "URL ": "url", "Doc_ID": "doc_id"},
        {"제목": "title", "내용": "text", "날짜": "date", "언론사": "outlet", "url": "url", "id": "doc_id"},
    ],
)
def test_crawler_and_english_headers_are_mapped(tmp_path, headers):
    values = {
        "title": ["첫 기사", "둘째 기사"],
        "text": [body(1), body(2)],
        "date": ["2024.03.04. 오후 3:21", "2024-05-06"],
        "outlet": ["연합뉴스", "뉴시스"],
        "url": ["https://a.example/1", "https://a.example/2"],
        "doc_id": ["n1", "n2"],
    }
    df = pd.DataFrame({h: values[t] for h, t in headers.items()})
    df.to_csv(tmp_path / "crawl.csv", index=False)
    f = tl.load_corpus(tmp_path / "crawl.csv").frame
    assert f["doc_id"].tolist() == ["n1", "n2"]
    assert f["title"].tolist() == ["첫 기사", "둘째 기사"]
    assert f["date"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-05-06")]
    assert f["outlet"].tolist() == ["연합뉴스", "뉴시스"]
    assert f["url"].tolist() == values["url"]


def test_explicit_columns_override_the_mapping():
    df = pd.DataFrame(
        {
            "본문": ["요약일 뿐", "요약 둘"],
            "full": [body(1), body(2)],
            "date": ["2024-01-01", "2024-01-02"],
            "날짜": ["2023-05-05", "2023-06-06"],
            "memo": ["m1", "m2"],
            "언론사": ["A", "B"],
        }
    )
    c = tl.Corpus.from_frame(df, text_col="full", date_col="날짜", meta_cols=["언론사"])
    f = c.frame
    assert f["text"].tolist() == [body(1), body(2)]
    assert f["date"].tolist() == [pd.Timestamp("2023-05-05"), pd.Timestamp("2023-06-06")]
    assert "memo" not in f.columns and f["outlet"].tolist() == ["A", "B"]
    detail = c.accounting.query("action == 'mapped'")["detail"].iloc[0]
    assert "full→text (given)" in detail and "날짜→date (given)" in detail
    assert tl.Corpus.from_frame(df, text_col="full", date_col=None).frame["date"].isna().all()
    assert "memo" in tl.Corpus.from_frame(df, text_col="full", meta_cols="memo").frame.columns
    with pytest.raises(InputError, match=r"no column 'nope' for meta_cols=.*--meta-cols"):
        tl.Corpus.from_frame(df, meta_cols=["nope"])


def test_no_text_column_error_names_file_columns_and_both_spellings(tmp_path):
    pd.DataFrame({"메모": ["x"], "번호": [1]}).to_csv(tmp_path / "notes.csv", index=False)
    with pytest.raises(InputError) as err:
        tl.load_corpus(tmp_path / "notes.csv")
    msg = str(err.value)
    assert "notes.csv" in msg and "['메모', '번호']" in msg
    assert "text_col=" in msg and "--text-col" in msg


def test_doc_id_column_is_used_by_default():
    df = pd.DataFrame({"doc_id": ["a-1", "b-2"], "text": [body(1), body(2)]})
    assert tl.Corpus.from_frame(df).doc_ids == ["a-1", "b-2"]
    assert tl.Corpus.from_frame(df, id_col=None).doc_ids == ["frame-r000000", "frame-r000001"]


def test_repeated_ids_are_an_error_naming_rows_and_column(tmp_path):
    df = pd.DataFrame({"doc_id": ["a", "b", "a", "c", "b"], "text": [body(k) for k in range(5)]})
    with pytest.raises(
        InputError, match=r"id column 'doc_id' repeats values \['a', 'b'\] \(rows \[1, 2, 3, 5\]\).*--id-col"
    ):
        tl.Corpus.from_frame(df)
    rows = bigkinds_rows()
    rows[4][0] = rows[1][0]
    write_bigkinds(tmp_path / "dup.xlsx", rows)
    with pytest.raises(InputError, match=r"dup\.xlsx: id column '뉴스 식별자' repeats.*rows \[2, 5\]"):
        tl.load_corpus(tmp_path / "dup.xlsx")


def test_user_source_column_is_kept_and_provenance_moves_to_tl_source(tmp_path):
    pd.DataFrame({"text": [body(1), body(2)], "source": ["연합뉴스 제공", ""]}).to_csv(tmp_path / "a.csv", index=False)
    (tmp_path / "b.txt").write_text("텍스트 기사\n2024-01-02\n" + body(3), encoding="utf-8")
    f = tl.load_corpus(tmp_path).frame.set_index("text")
    assert f.loc[body(1), "source"] == "연합뉴스 제공"
    assert f.loc[body(2), "source"] == ""
    assert f.loc[body(1), "tl_source"] == "a.csv"
    assert f.loc[body(3), "source"] == f.loc[body(3), "tl_source"] == "b.txt"
    assert f["source"].map(type).eq(str).all()
    plain = tl.Corpus.from_frame(pd.DataFrame({"text": [body(1)]})).frame
    assert plain["source"].tolist() == ["frame"] and "tl_source" not in plain.columns


def test_user_columns_named_like_trendlab_columns_are_not_overwritten():
    df = pd.DataFrame({"text": [body(1)], "n_chars": ["원래 값"], "date_source": ["편집부"]})
    f = tl.Corpus.from_frame(df).frame
    assert f["user_n_chars"].tolist() == ["원래 값"] and f["user_date_source"].tolist() == ["편집부"]
    assert f["n_chars"].tolist() == [len(body(1))]


def test_blank_sheet_rows_are_empty_texts_not_blank_ids(tmp_path):
    rows = bigkinds_rows()
    blank = [None] * len(BIGKINDS_HEADERS)
    path = write_bigkinds(tmp_path / "NewsResult.xlsx", rows[:3] + [blank] + rows[3:])
    c = tl.load_corpus(path)
    assert len(c) == len(rows)
    assert c.accounting["reason"].str.contains("empty").any()


def test_user_columns_named_like_later_stages_are_kept_under_user_names():
    df = pd.DataFrame(
        {
            "text": [f"반도체 소식 {i}. " + "공정 이야기가 이어진다. " * 6 for i in range(3)],
            "title": ["a", "b", "c"],
            "theme": ["hand-coded"] * 3,
            "_id": ["x1", "x2", "x3"],
            "score_x": [1, 2, 3],
        }
    )
    c = tl.Corpus.from_frame(df)
    assert {"user_theme", "user__id", "user_score_x"} <= set(c.frame.columns)
    a = tl.assign_themes(c, method="definition")
    assert a["user_theme"].eq("hand-coded").all() and set(a["theme"]) <= {
        "other",
        "sovereign_ai",
        "edge_ai_silicon",
        "ai_jobs",
    }
