"""Table files: Excel workbooks, malformed CSV records, unreadable tables in a folder."""

import logging

import pandas as pd
import pytest
from openpyxl import Workbook

import trendlab as tl
from trendlab.errors import InputError

BODIES = [
    "반도체 수출이 석 달째 늘었다. 업계는 메모리 가격 반등을 이유로 꼽았다.",
    "배터리 공장 증설 계획이 발표됐다. 지방 일자리가 늘어날 전망이다.",
    "인공지능 인재 확보 경쟁이 치열하다. 기업들은 연봉을 올리고 있다.",
    "전기차 충전소가 고속도로 휴게소마다 들어선다. 정부가 예산을 늘렸다.",
    "바이오 신약 임상 결과가 나왔다. 투자자들은 신중한 반응을 보였다.",
    "우주 발사체 시험이 성공했다. 민간 기업 참여가 확대된다.",
]


def workbook(path, sheets):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_xlsx_first_sheet_by_default_and_a_named_or_numbered_sheet(tmp_path):
    path = workbook(
        tmp_path / "news.xlsx",
        {
            "2023": [["제목", "본문", "일자"], ["가", BODIES[0], 20230301], ["나", BODIES[1], 20230402]],
            "2024": [["제목", "본문", "일자"], ["다", BODIES[2], "2024-05-06"]],
        },
    )
    first = tl.load_corpus(path)
    assert first.frame["title"].tolist() == ["가", "나"]
    assert first.frame["date"].tolist() == [pd.Timestamp("2023-03-01"), pd.Timestamp("2023-04-02")]
    for sheet in ["2024", 1, "1"]:
        assert tl.load_corpus(path, sheet=sheet).frame["title"].tolist() == ["다"]
    with pytest.raises(InputError, match=r"no sheet 'x'; the sheets are \['2023', '2024'\].*sheet=.*--sheet"):
        tl.load_corpus(path, sheet="x")


@pytest.mark.parametrize(
    "name, data",
    [
        ("broken.xlsx", b"PK\x03\x04 this is not a zip archive at all" * 10),
        # an encrypted workbook is an OLE2 compound file whatever its suffix
        ("protected.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600),
    ],
)
def test_corrupt_or_protected_workbook_is_excluded_in_a_folder_and_raises_alone(tmp_path, name, data):
    pd.DataFrame({"text": [BODIES[0]], "date": ["2024-01-01"]}).to_csv(tmp_path / "good.csv", index=False)
    (tmp_path / name).write_bytes(data)
    c = tl.load_corpus(tmp_path)
    assert len(c) == 1
    files = c.accounting.query("unit == 'file'").set_index("input")["reason"]
    reason = files[str(tmp_path / name)]
    assert reason == "unreadable table"
    with pytest.raises(InputError, match="not a readable Excel workbook.*password-protected"):
        tl.load_corpus(tmp_path / name)


SIX = (
    "id,title,text,date\n"
    f'1,a,"{BODIES[0]}",2024-01-01\n'
    f"2,b,{BODIES[1]},2024-01-02\n"
    f'3,c,"{BODIES[2]},2024-01-03\n'  # the quote never closes
    f'4,d,"{BODIES[3]}",2024-01-04\n'
    f"5,e,{BODIES[4]},2024-01-05\n"
    f'6,f,"{BODIES[5]}",2024-01-06\n'
)


def test_broken_quote_loses_no_record_and_is_reported_with_its_line(tmp_path, caplog):
    (tmp_path / "a.csv").write_text(SIX, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="trendlab"):
        c = tl.load_corpus(tmp_path / "a.csv")
    f = c.frame
    assert len(c) == 6
    assert f["doc_id"].tolist() == ["1", "2", "3", "4", "5", "6"]
    assert f.set_index("doc_id").loc["4", "text"] == BODIES[3]  # not swallowed by record 3
    assert f.set_index("doc_id").loc["3", "date"] == pd.Timestamp("2024-01-03")
    bad = c.accounting.query("reason == 'malformed CSV record'")
    assert len(bad) == 1 and bad["action"].iloc[0] == "warning"
    assert bad["detail"].iloc[0].startswith("line 4")
    loaded = c.accounting.query("unit == 'file'")["detail"].iloc[0]
    assert loaded.startswith("6 rows; 6 articles")
    assert any("malformed CSV record" in r.getMessage() and "lines 4" in r.getMessage() for r in caplog.records)


def test_record_that_cannot_be_repaired_is_excluded_with_its_line(tmp_path):
    text = SIX.replace(f'3,c,"{BODIES[2]},2024-01-03\n', f'3,c,"{BODIES[2]}\n')
    (tmp_path / "a.tsv").write_text(text.replace(",", "\t"), encoding="utf-8")
    c = tl.load_corpus(tmp_path / "a.tsv")
    assert c.frame["doc_id"].tolist() == ["1", "2", "4", "5", "6"]
    bad = c.accounting.query("reason == 'malformed CSV record'")
    assert bad[["action", "input"]].values.tolist() == [["excluded", "a.tsv line 4"]]
    assert c.summary()["rows_excluded"] == 1


def test_extra_fields_are_reported_not_fatal(tmp_path):
    text = f"text,date\n{BODIES[0]},2024-01-01\n{BODIES[1]},2024-01-02,surplus\n{BODIES[2]},2024-01-03\n"
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    c = tl.load_corpus(tmp_path / "a.csv")
    assert c.frame["text"].tolist() == [BODIES[0], BODIES[2]]
    bad = c.accounting.query("reason == 'malformed CSV record'")
    assert bad["detail"].tolist() == ["line 3: 3 fields where the header has 2"]


def test_well_formed_csv_with_multiline_quoted_text_reads_as_before(tmp_path):
    from trendlab.readers import load_table  # new in the module; imported here so the other tests run on any version

    df = pd.DataFrame({"text": ['첫 줄\n둘째 줄 "인용" 끝', "하나, 둘"], "date": ["2024-01-01", ""]})
    df.to_csv(tmp_path / "a.csv", index=False)
    table = load_table(tmp_path / "a.csv")
    assert table.malformed == []
    pd.testing.assert_frame_equal(table.frame, pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False))


def test_one_bad_table_in_a_folder_does_not_stop_the_rest(tmp_path):
    pd.DataFrame({"text": [BODIES[0]], "date": ["2024-01-01"]}).to_csv(tmp_path / "good.csv", index=False)
    pd.DataFrame({"메모": ["x"]}).to_csv(tmp_path / "no_text.csv", index=False)
    pd.DataFrame({"id": ["a", "a"], "text": BODIES[1:3]}).to_csv(tmp_path / "dup_ids.csv", index=False)
    (tmp_path / "bad.jsonl").write_text('{"text": "x"}\n{broken\n', encoding="utf-8")
    (tmp_path / "~$good.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file while good.xlsx is open
    c = tl.load_corpus(tmp_path)
    assert c.frame["text"].tolist() == [BODIES[0]]
    reasons = c.accounting.query("unit == 'file'").set_index("input")["reason"].to_dict()
    reasons = {k.split("/")[-1]: v for k, v in reasons.items()}
    assert reasons == {
        "bad.jsonl": "unreadable table",
        "dup_ids.csv": "repeated ids",
        "good.csv": "",
        "no_text.csv": "no text column",
        "~$good.xlsx": "office lock file",
    }
    detail = c.accounting.query("reason == 'no text column'")["detail"].iloc[0]
    assert "['메모']" in detail and "--text-col" in detail
    assert c.summary()["files_excluded"] == 4


def test_short_rows_are_padded_and_line_separators_inside_a_field_are_text(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("id,title,text\n1,a,plain text one\n2,b,plain\u2028text two\n3,c\n", encoding="utf-8")
    from trendlab.delimited import scan_records

    header, rows, bad = scan_records(p.read_text(encoding="utf-8"), ",")
    assert rows[1][2] == "plain\u2028text two"  # not cut at U+2028
    assert rows[2] == ["3", "c", ""] and bad[0].line == 4 and bad[0].kept  # padded, as pandas did


def test_ids_repeated_across_tables_are_prefixed_not_fatal(tmp_path):
    import pandas as pd

    import trendlab as tl

    for name in ("a", "b"):
        pd.DataFrame(
            {
                "id": [1, 2],
                "title": [f"{name}1", f"{name}2"],
                "text": [f"{name} 기사 {i}. " + "내용이 이어진다. " * 8 for i in (1, 2)],
            }
        ).to_csv(tmp_path / f"{name}.csv", index=False)
    c = tl.load_corpus(tmp_path)
    assert len(c) == 4 and c.frame["doc_id"].is_unique
    assert (c.accounting["reason"] == "ids repeated across inputs").sum() == 2
