import json
import logging

import pandas as pd
import pytest

import trendlab as tl
from trendlab.errors import ConfigError, EmptyCorpusError, InputError

KO = "인공지능 반도체 시장이 커지고 있다. 국내 기업들이 새로운 칩을 발표했다. " * 6


def write(path, text, enc="utf-8"):
    path.write_bytes(text.encode(enc))
    return path


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16"])
def test_each_encoding_loads(tmp_path, enc):
    write(tmp_path / "a.txt", "반도체 기사\n승인 2023.03.02 10:00\n" + KO, enc)
    c = tl.load_corpus(tmp_path)
    assert len(c) == 1
    row = c.frame.iloc[0]
    assert row["title"] == "반도체 기사"
    assert "인공지능 반도체" in row["text"]
    assert row["date"] == pd.Timestamp("2023-03-02")
    loaded = c.accounting.query("unit == 'file'")
    assert loaded["action"].tolist() == ["loaded"]


def test_mixed_folder_loads_usable_and_accounts_for_the_rest(tmp_path, caplog):
    write(tmp_path / "cp.txt", "첫 기사\n2024-01-02\n" + KO, "cp949")
    write(tmp_path / "u8.md", "둘째 기사\n2024-02-03\n" + KO.replace("반도체", "일자리"))
    (tmp_path / "img.bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.txt").write_bytes(bytes([0x80, 0x81, 0xFE, 0xFF, 0x00, 0x01, 0x02]) * 50)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 ...")
    with caplog.at_level(logging.WARNING, logger="trendlab"):
        c = tl.load_corpus(tmp_path)
    assert sorted(c.frame["title"]) == ["둘째 기사", "첫 기사"]
    files = c.accounting.query("unit == 'file'").set_index("input")
    reasons = {k.split("/")[-1]: v for k, v in files["reason"].items()}
    assert reasons["img.bin.txt"] == "binary file"
    assert reasons["empty.txt"] == "empty file"
    assert reasons["bad.txt"] in {"binary file", "undecodable"}
    assert reasons["notes.pdf"].startswith("unsupported file type")
    assert files.shape[0] == 6  # every file is accounted for
    assert any("excluded" in r.message for r in caplog.records)


def test_folder_with_nothing_usable_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "x.bin.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(EmptyCorpusError, match="no usable articles.*empty file"):
        tl.load_corpus(tmp_path)


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        tl.load_corpus(tmp_path / "nope")


def test_duplicates_are_excluded_with_reason(tmp_path):
    write(tmp_path / "a.txt", "기사\n" + KO)
    write(tmp_path / "b.txt", "기사\n" + KO)
    c = tl.load_corpus(tmp_path)
    assert len(c) == 1
    dup = c.accounting.query("action == 'excluded'")
    assert dup["reason"].str.startswith("duplicate of").all() and len(dup) == 1
    assert c.summary()["duplicates"] == 1


def test_undated_articles_are_kept_and_reported(tmp_path):
    write(tmp_path / "a.txt", "기사\n" + KO)
    c = tl.load_corpus(tmp_path)
    assert len(c) == 1 and c.frame["date"].isna().all()
    assert c.summary()["undated"] == 1
    assert (c.accounting["reason"] == "undated").sum() == 1


def test_csv_tsv_jsonl_parquet_with_configurable_columns(tmp_path):
    df = pd.DataFrame(
        {
            "body": [KO, KO.replace("반도체", "배터리")],
            "headline": ["가", "나"],
            "when": ["2022년 3월 4일", "2023-05-06"],
            "id": ["x1", "x2"],
            "outlet": ["A", "B"],
        }
    )
    df.to_csv(tmp_path / "a.csv", index=False, encoding="cp949")
    df.to_csv(tmp_path / "b.tsv", index=False, sep="\t")
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in df.to_dict("records")))
    df.to_parquet(tmp_path / "d.parquet")
    for name in ["a.csv", "b.tsv", "c.jsonl", "d.parquet"]:
        c = tl.load_corpus(tmp_path / name, text_col="body", title_col="headline", date_col="when", id_col="id")
        f = c.frame
        assert f["doc_id"].tolist() == ["x1", "x2"], name
        assert f["title"].tolist() == ["가", "나"]
        assert f["date"].tolist() == [pd.Timestamp("2022-03-04"), pd.Timestamp("2023-05-06")]
        assert f["outlet"].tolist() == ["A", "B"]  # extra metadata is carried along
        assert f["date_scope"].eq("column").all()


def test_csv_missing_text_column_names_file_and_columns(tmp_path):
    pd.DataFrame({"memo": ["x"]}).to_csv(tmp_path / "a.csv", index=False)
    with pytest.raises(InputError, match=r"a\.csv: no text column \('text', '본문'.*\['memo'\].*text_col=.*--text-col"):
        tl.load_corpus(tmp_path / "a.csv")


def test_csv_empty_rows_and_bad_dates_are_accounted(tmp_path):
    pd.DataFrame({"text": [KO, "", KO + "다른"], "date": ["2024-01-01", "2024-01-02", "어제"]}).to_csv(
        tmp_path / "a.csv", index=False
    )
    c = tl.load_corpus(tmp_path / "a.csv")
    assert len(c) == 2
    acc = c.accounting
    assert acc.query("action == 'excluded'")["input"].tolist() == ["a.csv row 2"]
    assert "unparseable date" in acc["reason"].tolist()
    assert c.frame["date"].isna().sum() == 1


def test_sidecar_dates_override(tmp_path):
    write(tmp_path / "a.txt", "기사\n2020-01-01\n" + KO)
    side = tmp_path.parent / "dates.csv"
    side.write_text("source,date\na.txt,2021-07-08\n")
    c = tl.load_corpus(tmp_path, dates=side)
    row = c.frame.iloc[0]
    assert row["date"] == pd.Timestamp("2021-07-08") and row["date_scope"] == "sidecar"


def test_doc_ids_are_stable(tmp_path):
    write(tmp_path / "a.txt", "기사\n" + KO)
    assert tl.load_corpus(tmp_path).doc_ids == tl.load_corpus(tmp_path).doc_ids


def test_from_frame_and_errors():
    c = tl.Corpus.from_frame(pd.DataFrame({"text": ["본문 하나", "본문 둘"], "date": ["2024-01-01", None]}))
    assert len(c) == 2 and c.frame["date"].notna().sum() == 1
    with pytest.raises(InputError, match="no text column"):
        tl.Corpus.from_frame(pd.DataFrame({"x": [1]}))
    with pytest.raises(EmptyCorpusError):
        tl.Corpus.from_frame(pd.DataFrame({"text": ["", None]}))


def _dated_frame():
    texts = [KO + "미래", KO + "과거", KO + "현재"]
    return pd.DataFrame({"text": texts, "date": ["2099-01-01", "1985-05-05", "2024-01-01"]})


def test_implausible_dates_are_flagged_by_default_and_kept(caplog):
    with caplog.at_level(logging.WARNING, logger="trendlab"):
        c = tl.Corpus.from_frame(_dated_frame())
    assert len(c) == 3
    assert c.frame["date"].tolist() == [
        pd.Timestamp("2099-01-01"),
        pd.Timestamp("1985-05-05"),
        pd.Timestamp("2024-01-01"),
    ]
    flags = c.accounting.query("action == 'warning' and reason.str.startswith('date ')")
    assert flags["reason"].tolist() == ["date in the future", "date before 1990"]
    assert flags["detail"].str.contains("2099-01-01 from column 'date'").iloc[0]
    assert flags["input"].tolist() == ["frame row 1", "frame row 2"]
    assert sum("dated in the future or before 1990" in r.getMessage() for r in caplog.records) == 1


def test_implausible_dates_exclude_and_keep(tmp_path):
    _dated_frame().to_csv(tmp_path / "a.csv", index=False)
    c = tl.load_corpus(tmp_path / "a.csv", implausible_dates="exclude")
    assert c.frame["date"].tolist() == [pd.Timestamp("2024-01-01")]
    excl = c.accounting.query("action == 'excluded'")
    assert excl["reason"].tolist() == ["date in the future", "date before 1990"]
    kept = tl.load_corpus(tmp_path / "a.csv", implausible_dates="keep")
    assert len(kept) == 3 and not kept.accounting["reason"].str.startswith("date ").any()
    with pytest.raises(ConfigError, match="implausible_dates.*--implausible-dates"):
        tl.load_corpus(tmp_path / "a.csv", implausible_dates="drop")


def test_duplicates_are_summarised_in_one_log_line(tmp_path, caplog):
    texts = [KO + str(k % 2) for k in range(12)]  # 2 distinct texts, 10 repeats
    pd.DataFrame({"text": texts}).to_csv(tmp_path / "a.csv", index=False)
    with caplog.at_level(logging.WARNING, logger="trendlab"):
        c = tl.load_corpus(tmp_path / "a.csv")
    assert len(c) == 2
    assert c.accounting["reason"].str.startswith("duplicate of").sum() == 10
    dup_lines = [r.getMessage() for r in caplog.records if "duplicate" in r.getMessage()]
    assert dup_lines == ["10 duplicate articles excluded; see corpus.accounting"]
