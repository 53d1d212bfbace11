"""The store reads its input one file at a time: every file accounted for, duplicates across files
dropped, ids renamed everywhere, and tokenizer files that travel to other processes."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_store import BACKEND, _parts

from trendlab.corpus import iter_corpora, load_corpus
from trendlab.datasets import load_sample
from trendlab.errors import EmptyCorpusError
from trendlab.store import Store
from trendlab.tokenize import KiwiTokenizer

KEY = ["input", "unit", "action", "reason", "doc_id"]


def _jsonl(path, rows) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")


def _folder(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    for p in _parts(tmp_path):
        p.rename(folder / p.name)
    (folder / ".hidden.jsonl").write_text("{}", "utf-8")
    (folder / "empty.jsonl").write_text("", "utf-8")
    return folder


def test_iter_corpora_yields_one_file_at_a_time_and_accounts_for_every_input(tmp_path):
    folder = _folder(tmp_path)
    units = list(iter_corpora(folder))
    assert len(units[0]) == 0 and (units[0].accounting["reason"] == "hidden file").sum() == 1
    assert [len(u) > 0 for u in units[1:]] == [False, True, True, True]  # empty.jsonl, then part_a, b, c
    assert units[1].accounting["reason"].tolist() == ["empty file"]
    whole = load_corpus(folder)
    frame = pd.concat([u.frame for u in units if len(u)], ignore_index=True)
    assert frame["doc_id"].tolist() == whole.frame["doc_id"].tolist()
    assert frame["text"].tolist() == whole.frame["text"].tolist()
    acc = pd.concat([u.accounting for u in units], ignore_index=True)[KEY].astype(str)
    want = whole.accounting[KEY].astype(str)
    pd.testing.assert_frame_equal(
        acc.sort_values(KEY).reset_index(drop=True), want.sort_values(KEY).reset_index(drop=True)
    )


def test_an_add_drops_texts_repeated_in_another_file_and_accounts_for_them(tmp_path):
    folder = _folder(tmp_path)
    first = [json.loads(line) for line in (folder / "part_a.jsonl").open(encoding="utf-8")][:3]
    _jsonl(folder / "part_z.jsonl", [{**r, "doc_id": f"z{i}"} for i, r in enumerate(first)])
    st = Store(tmp_path / "s")
    r = st.add(folder, backend=BACKEND)
    rows = sum(1 for f in folder.glob("part_*.jsonl") for _ in f.open(encoding="utf-8"))
    assert r.read == rows and r.added == rows - 3 == len(st) and r.already_stored == 0 and r.repeated == 3
    acc = st.corpus().accounting
    dup = acc[acc["reason"].str.startswith("duplicate of")]
    assert sorted(dup["doc_id"]) == ["z0", "z1", "z2"] and dup["input"].str.startswith("part_z.jsonl row").all()
    assert {"hidden file", "empty file"} <= set(acc["reason"])
    kept = acc[(acc["unit"] == "article") & (acc["action"] == "kept")]
    assert len(kept) + len(dup) == rows


def test_ids_already_in_the_store_are_renamed_everywhere(tmp_path):
    texts = load_sample().frame["text"].tolist()
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _jsonl(a, [{"doc_id": f"x{i}", "text": t, "date": "2024-01-05"} for i, t in enumerate(texts[:4])])
    near = texts[10] + " 추가 문장입니다."
    _jsonl(
        b,
        [
            {"doc_id": "x0", "text": texts[10], "date": "2024-02-05"},
            {"doc_id": "x1", "text": near, "date": "2024-02-06"},
            {"doc_id": "y", "text": texts[11], "date": "2024-02-07"},
        ],
    )
    st = Store(tmp_path / "s")
    st.add(a, backend=BACKEND)
    st.add(b)
    f = st.corpus().frame.set_index("doc_id")
    assert {"b.jsonl:x0", "b.jsonl:x1", "y"} <= set(f.index)
    assert f.loc["b.jsonl:x1", "near_duplicate_of"] == "b.jsonl:x0"
    acc = st.corpus().accounting
    assert {"b.jsonl:x0", "b.jsonl:x1"} <= set(acc.loc[acc["action"] == "kept", "doc_id"])
    assert (acc["reason"] == "near-duplicate of b.jsonl:x0").sum() == 1


def test_files_that_each_number_their_rows_get_distinct_ids(tmp_path):
    texts = load_sample().frame["text"].tolist()
    paths = []
    for k in range(3):  # three crawler files numbering their rows 1..3, in the same month
        paths.append(tmp_path / f"crawl{k}.jsonl")
        _jsonl(
            paths[-1], [{"id": str(i), "text": texts[3 * k + i], "date": "2024-03-0" + str(i + 1)} for i in range(3)]
        )
    st = Store(tmp_path / "s")
    r = st.add(paths[:1], backend=BACKEND)
    r = st.add(paths[1:])  # two files in one add, both clashing with the stored ids
    ids = st.corpus().frame["doc_id"]
    assert r.added == 6 and len(ids) == ids.nunique() == 9 == len(st.assignments())
    again = Store(tmp_path / "t")
    again.add(paths, backend=BACKEND)  # one add: load_corpus' own prefix for ids repeated across inputs
    assert again.corpus().frame["doc_id"].nunique() == 9


def test_identical_texts_kept_without_dedupe_are_all_counted(tmp_path):
    texts = load_sample().frame["text"].tolist()[:5]
    rows = [{"id": f"r{i}", "text": t, "date": "2024-01-05"} for i, t in enumerate(texts + texts[:1])]
    _jsonl(tmp_path / "a.jsonl", rows)
    st = Store(tmp_path / "s")
    r = st.add(tmp_path / "a.jsonl", backend=BACKEND, load_options={"dedupe": False, "near_duplicates": None})
    assert r.added == 6 == len(st) == len(st.assignments()) and r.repeated == 0 and r.already_stored == 0


def test_tokenizer_files_travel_as_absolute_paths_with_the_same_fingerprint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "words.tsv").write_text("소버린AI\tNNP\n", "utf-8")
    tok = KiwiTokenizer(user_words="words.tsv")
    params = tok.portable_params()
    assert params["user_words"] == str(tmp_path / "words.tsv")
    assert KiwiTokenizer(**params).fingerprint == tok.fingerprint
    (tmp_path / "other.tsv").write_text("엣지AI\tNNP\n", "utf-8")
    assert KiwiTokenizer(user_words="other.tsv").fingerprint != tok.fingerprint


def test_files_with_different_columns_go_into_one_store(tmp_path):
    f = load_sample().frame
    rows = f[["doc_id", "title", "text"]].assign(date=f["date"].dt.strftime("%Y-%m-%d")).to_dict("records")
    half = len(rows) // 2
    _jsonl(tmp_path / "a.jsonl", [{**r, "reporter": "홍길동"} for r in rows[:half]])
    _jsonl(tmp_path / "b.jsonl", rows[half:])
    st = Store(tmp_path / "s")
    r = st.add([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], backend=BACKEND)  # b lacks a column of a
    assert r.added == len(rows) == len(st.assignments())
    assert st.corpus().frame["reporter"].eq("홍길동").sum() == half


def test_an_add_with_no_usable_article_says_why(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.jsonl").write_text("", "utf-8")
    with pytest.raises(EmptyCorpusError, match=r"no usable articles \(1 empty file\)"):
        Store(tmp_path / "s").add(folder, backend=BACKEND)
    assert not (tmp_path / "s" / "manifest.json").exists()
