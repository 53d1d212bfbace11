"""The article store: incremental adds, refit equal to a rebuild, crash safety, SQL, the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import trendlab as tl
from trendlab.cli import main as cli
from trendlab.datasets import load_sample
from trendlab.store import Store

BACKEND = "nmf"  # fast; the store does not depend on the backend


def _parts(tmp_path) -> list[Path]:
    """The bundled sample as three JSONL exports: 2021-2022, 2023 and 2024."""
    f = load_sample().frame
    year = pd.to_datetime(f["date"]).dt.year
    out = []
    for name, mask in (("a", year <= 2022), ("b", year == 2023), ("c", year >= 2024)):
        p = tmp_path / f"part_{name}.jsonl"
        rows = f[mask][["doc_id", "title", "text", "date"]].assign(date=lambda d: d["date"].dt.strftime("%Y-%m-%d"))
        p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows.to_dict("records")), "utf-8")
        out.append(p)
    return out


def _cols(a: pd.DataFrame) -> pd.DataFrame:
    return a[["doc_id", "theme", "topic", "theme_score"]].reset_index(drop=True)


def test_adding_month_by_month_then_refit_equals_a_store_built_at_once(tmp_path):
    parts = _parts(tmp_path)
    inc = Store(tmp_path / "inc")
    r = inc.add(parts[0], backend=BACKEND)
    assert r.fitted and r.model_version == 1 and r.added == len(inc)
    first = _cols(inc.assignments())
    for p in parts[1:]:
        r = inc.add(p)
        assert not r.fitted and r.model_version == 1 and r.added > 0
    a = inc.assignments()
    assert set(a["model_version"]) == {1}
    kept = a.set_index("doc_id").loc[first["doc_id"]]  # earlier articles keep their themes
    assert (kept["theme"].to_numpy() == first["theme"].to_numpy()).all()
    assert (kept["topic"].to_numpy() == first["topic"].to_numpy()).all()
    refit = inc.refit()
    assert refit.model_version == 2 and refit.articles == len(inc) == sum(1 for p in parts for _ in p.open())

    once = Store(tmp_path / "once")
    once.add(list(parts), backend=BACKEND)
    pd.testing.assert_frame_equal(_cols(inc.assignments()), _cols(once.assignments()))
    for freq in ("year", "month"):
        pd.testing.assert_frame_equal(
            tl.theme_trends(inc.assignments(), freq=freq), tl.theme_trends(once.assignments(), freq=freq)
        )
    assert set(inc.assignments()["model_version"]) == {2}


def test_the_same_articles_are_not_added_twice_and_the_accounting_says_so(tmp_path):
    parts = _parts(tmp_path)
    st = Store(tmp_path / "s")
    st.add(parts[0], backend=BACKEND)
    n = len(st)
    r = st.add(parts[0])
    assert r.added == 0 and r.already_stored == n and len(st) == n
    acc = st.corpus().accounting
    assert (acc["reason"].str.startswith("already stored as")).sum() == n
    titles = set(st.corpus().frame["title"])
    r = st.add([parts[1], parts[0]])  # new and old articles mixed in one add
    assert r.already_stored == n and r.added == len(st) - n > 0
    again = st.corpus().accounting
    again = again[again["reason"].str.startswith("already stored as")]
    assert len(again) == 2 * n and set(again["title"]) == titles and again["input"].notna().all()
    n = len(st)
    months = st.sql("select month, count(*) as n from articles group by month order by month")
    assert months["n"].sum() == n and months["month"].str.match(r"^\d{4}-\d{2}$").all()
    joined = st.sql("select a.theme, count(*) as n from assignments a join articles r using (doc_id) group by a.theme")
    assert joined["n"].sum() == n


def test_a_crash_during_add_leaves_the_store_as_it_was(tmp_path):
    parts = _parts(tmp_path)
    path = tmp_path / "s"
    st = Store(path)
    st.add(parts[0], backend=BACKEND)
    before = _cols(st.assignments())
    manifest = (path / "manifest.json").read_text("utf-8")
    env = dict(os.environ, TRENDLAB_STORE_COMMIT_DELAY="60")
    code = f"from trendlab.store import Store; Store({str(path)!r}).add({str(parts[1])!r})"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    listed = {p for t in json.loads(manifest)["files"].values() for p in t}
    deadline = time.time() + 240
    while time.time() < deadline:  # wait until the new data files are written, then kill it
        written = {p.relative_to(path).as_posix() for p in path.rglob("*.parquet")}
        if any(p.startswith("assignments/") for p in written - listed):
            break
        assert proc.poll() is None, "add finished before it could be interrupted"
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (path / "manifest.json").read_text("utf-8") == manifest
    again = Store(path)
    pd.testing.assert_frame_equal(_cols(again.assignments()), before)
    assert len(again.corpus()) == len(before)
    r = again.add(parts[1])  # the next add works and removes the orphans
    assert r.added > 0
    files = {p.relative_to(path).as_posix() for p in path.rglob("*.parquet")}
    assert files == {p for t in again.manifest["files"].values() for p in t}


def test_the_cli_adds_refits_and_reports_from_a_store(tmp_path, capsys):
    parts = _parts(tmp_path)
    store = str(tmp_path / "s")
    assert cli(["add", str(parts[0]), "--store", store, "--backend", BACKEND, "-q"]) == 0
    assert cli(["add", str(parts[1]), "--store", store, "-q"]) == 0
    out = capsys.readouterr().out
    assert "model v1 (fitted on them)" in out and "model v1 (no refit)" in out
    assert cli(["add", "--store", store, "--refit", "-q"]) == 0
    assert "refitted, model v2;" in capsys.readouterr().out
    assert cli(["trends", "--store", store, "--freq", "year", "-q"]) == 0
    tr = capsys.readouterr().out
    assert tr.startswith("period,theme") and "2023" in tr and "2024" not in tr
    assert cli(["report", "--store", store, "--out", str(tmp_path / "rep"), "-q"]) == 0
    html = (tmp_path / "rep" / "index.html").read_text("utf-8")
    assert "model v2" in html
    assert cli(["add", "--store", store, "-q"]) == 2


def test_a_store_refuses_other_themes_without_refit(tmp_path):
    parts = _parts(tmp_path)
    st = Store(tmp_path / "s")
    st.add(parts[0], backend=BACKEND)
    other = tl.ThemeSet([tl.Theme("x", "X", ["반도체"], requires=[])])
    with pytest.raises(tl.errors.ConfigError, match="refit"):
        st.add(parts[1], themes=other)


def test_two_adds_at_once_both_land(tmp_path):
    parts = _parts(tmp_path)
    path = tmp_path / "s"
    Store(path).add(parts[0], backend=BACKEND)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", f"from trendlab.store import Store; Store({str(path)!r}).add({str(p)!r})"]
        )
        for p in parts[1:]
    ]
    assert [p.wait(timeout=600) for p in procs] == [0, 0]
    st = Store(path)
    assert len(st) == len(st.corpus()) == sum(1 for p in parts for _ in p.open())
    assert st.manifest["generation"] == 3
    files = {p.relative_to(path).as_posix() for p in path.rglob("*.parquet")}
    listed = {p for t in st.manifest["files"].values() for p in t} | set(st.manifest["previous_files"])
    assert files <= listed


def test_a_missing_file_is_named(tmp_path):
    parts = _parts(tmp_path)
    st = Store(tmp_path / "s")
    st.add(parts[0], backend=BACKEND)
    victim = tmp_path / "s" / st.manifest["files"]["tokens"][0]
    victim.unlink()
    with pytest.raises(tl.errors.InputError, match="lists .*missing"):
        st.tokens()
    with pytest.raises(tl.errors.InputError, match="no article yet"):
        Store(tmp_path / "empty").assignments()
