import csv
import io
import json
import subprocess
import sys

import pytest

import trendlab as tl
from trendlab.cli import main

KEYS = ["doc_id", "source", "title", "date", "date_source", "theme", "theme_score", "topic"]


def run(args):
    p = subprocess.run([sys.executable, "-m", "trendlab.cli", *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def test_assign_jsonl_has_exactly_the_documented_keys(seeds_dir):
    rc, out, err = run(["assign", str(seeds_dir), "--backend", "nmf", "--format", "jsonl", "--quiet"])
    assert rc == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) > 20
    assert all(list(r) == KEYS for r in rows)
    assert {r["theme"] for r in rows} >= {"sovereign_ai", "edge_ai_silicon", "ai_jobs", "other"}


def test_trends_csv_has_exactly_the_documented_columns(seeds_dir):
    rc, out, err = run(["trends", str(seeds_dir), "--freq", "year", "--format", "csv", "--backend", "nmf", "-q"])
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["period", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high"]
    y2023 = [r for r in rows if r["period"] == "2023"]
    assert y2023 and all(r["n_total"] == "0" for r in y2023)
    share = {(r["period"], r["theme"]): (int(r["n_docs"]), float(r["share"] or "nan")) for r in rows}
    named = ["sovereign_ai", "edge_ai_silicon", "ai_jobs"]
    assert share["2021", "sovereign_ai"][0] == 0  # absent in 2021
    assert share["2022", "sovereign_ai"][0] >= 1  # present in 2022
    assert max(named, key=lambda t: share["2024", t][1]) == "sovereign_ai"  # dominant in 2024
    assert share["2021", "edge_ai_silicon"][0] >= 1 and share["2021", "ai_jobs"][0] >= 1


@pytest.mark.parametrize(
    "args, needle",
    [
        (["report", "/no/such/path", "--out", "/tmp/x"], "no such file or folder"),
        (["trends", "{empty}", "--format", "csv"], "no usable articles"),
        (["trends", "{seeds}", "--freq", "week"], "invalid choice: 'week'"),
        (["assign", "{seeds}", "--themes", "{bad_themes}"], "not valid YAML"),
        (["assign", "{seeds}", "--themes", "/no/themes.yaml"], "themes file not found"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, seeds_dir, args, needle):
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes: [unclosed\n")
    args = [a.format(empty=empty, seeds=seeds_dir, bad_themes=bad) for a in args]
    rc, out, err = run(args)
    assert rc == 2
    lines = [ln for ln in err.strip().splitlines() if ln.startswith("trendlab: error")]
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in err


def test_report_command_writes_index(tmp_path, seeds_dir):
    assert main(["report", str(seeds_dir), "--out", str(tmp_path / "r"), "--backend", "lda", "--quiet"]) == 0
    html = (tmp_path / "r" / "index.html").read_text("utf-8")
    assert "소버린 AI" in html


def test_output_folder_is_checked_before_any_work(tmp_path, seeds_dir, monkeypatch):
    import trendlab.cli as cli

    ran = []
    monkeypatch.setattr(cli, "analyze", lambda *a, **k: ran.append(1))
    a_file = tmp_path / "report.html"
    a_file.write_text("x")
    for out in (a_file, a_file / "sub"):  # an existing file; a folder that cannot be made
        assert main(["report", str(seeds_dir), "--out", str(out), "--quiet"]) == 2
    assert not ran  # the analysis never started
    rc, out, err = run(["report", str(seeds_dir), "--out", str(a_file), "-q"])
    assert rc == 2 and "is a file" in err and "Traceback" not in err


def test_ctrl_c_exits_130_with_one_line(seeds_dir, monkeypatch, capsys, tmp_path):
    import trendlab.cli as cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "analyze", interrupted)
    assert main(["report", str(seeds_dir), "--out", str(tmp_path / "r"), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err


def test_a_bigkinds_export_goes_through_assign_and_trends_by_outlet_with_no_column_flags(tmp_path):
    from test_columns import bigkinds_rows, write_bigkinds

    path = write_bigkinds(tmp_path / "NewsResult_20241101-20241231.xlsx")
    rows = bigkinds_rows()
    rc, out, err = run(["assign", str(path), "--backend", "nmf", "--format", "jsonl", "-q"])
    assert rc == 0, err
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["doc_id"] for r in recs] == [r[0] for r in rows]  # ids kept from 뉴스 식별자
    assert all(r["date"] for r in recs) and {r["date"][:7] for r in recs} == {"2024-11", "2024-12"}  # from 일자
    rc, out, err = run(["trends", str(path), "--by", "outlet", "--freq", "month", "--backend", "nmf", "-q"])
    assert rc == 0, err
    t = list(csv.DictReader(io.StringIO(out)))
    assert list(t[0]) == ["period", "outlet", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high"]
    cells = {(r["period"], r["outlet"], r["theme"]) for r in t}
    assert len(cells) == len(t)  # one row per outlet, period and theme
    assert {(p, o) for p, o, _ in cells} == {
        (p, o) for p in ("2024-11", "2024-12") for o in ("경향신문", "한겨레", "조선일보")
    }
    per = {(r["period"], r["outlet"]): int(r["n_total"]) for r in t}
    assert per["2024-11", "한겨레"] == 2 and per["2024-12", "한겨레"] == 1


def test_cli_names_the_id_column_and_keeps_the_users_source(tmp_path):
    import pandas as pd

    texts = [f"반도체 공장 {i}번째 소식이다. " + "공정과 소재 이야기가 길게 이어진다. " * 8 for i in range(4)]
    pd.DataFrame({"myid": ["a1", "a2", "a3", "a4"], "body": texts, "source": ["wire", "wire", "web", "web"]}).to_csv(
        tmp_path / "t.csv", index=False
    )
    rc, out, err = run(["assign", str(tmp_path / "t.csv"), "--id-col", "myid", "--backend", "none", "-q"])
    assert rc == 0, err
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["doc_id"] for r in recs] == ["a1", "a2", "a3", "a4"]
    assert [r["source"] for r in recs] == ["wire", "wire", "web", "web"]  # the user's column, not overwritten


def test_labels_from_a_sample_train_the_learned_step(tmp_path, seeds_dir):
    import pandas as pd

    sample = tmp_path / "s.csv"
    rc, out, err = run(
        ["validate", "sample", str(seeds_dir), "--backend", "none", "--n", "12", "--out", str(sample), "-q"]
    )
    assert rc == 0, err
    s = pd.read_csv(sample, dtype=str, keep_default_na=False)
    s["label"] = s["assigned"]
    flip = s.index[s["assigned"] != "other"][0]
    s.loc[flip, "label"] = "other"  # the reader disagrees with one assignment
    s.to_csv(sample, index=False)
    rc, out, err = run(["assign", str(seeds_dir), "--backend", "none", "--labels", str(sample), "-q"])
    assert rc == 0, err
    theme = {json.loads(line)["doc_id"]: json.loads(line)["theme"] for line in out.splitlines()}
    assert theme[s.loc[flip, "doc_id"]] == "other"  # a label given is kept as given


def test_assign_with_a_saved_theme_model(tmp_path):
    """--theme-method model reads a ThemeModel file; a file that is not one is a clear error."""
    from trendlab.datasets import load_sample, sample_metadata

    corpus = load_sample()
    labels = dict(zip(sample_metadata()["id"], sample_metadata()["theme"]))
    path = tl.ThemeModel.train(corpus, labels).save(tmp_path / "m.json.gz")
    rc, out, err = run(
        ["assign", "--backend", "none", "--theme-method", "model", "--theme-model", str(path), "--format", "csv", "-q"]
    )
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(corpus) and {r["theme"] for r in rows} > {"other"}
    (tmp_path / "bad.json").write_text("{}")
    rc, out, err = run(
        ["assign", "--backend", "none", "--theme-method", "model", "--theme-model", str(tmp_path / "bad.json")]
    )
    assert rc == 2 and "not a trendlab theme model" in err
