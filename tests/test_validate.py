"""Validation: stratified sample, stratified precision/recall, corrected shares."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import trendlab as tl
from trendlab import validate as V
from trendlab.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "semis_dev" / "articles.jsonl"
FIXTURE = ROOT / "tests" / "fixtures" / "labels" / "semis_dev.csv"


def hand_sample():
    """Stratum T: 100 articles, 10 labelled, 8 truly T. Stratum other: 900, 20 labelled, 1 truly T."""
    rows = [(f"t{i}", "T", 100, "T" if i < 8 else "other") for i in range(10)]
    rows += [(f"o{i}", "other", 900, "T" if i < 1 else "other") for i in range(20)]
    return pd.DataFrame(rows, columns=["doc_id", "assigned", "stratum_size", "label"])


def test_stratified_estimates_match_the_hand_worked_example():
    v = V.score(hand_sample())
    t = v.table.set_index("theme")
    # true T = 100 * 8/10 + 900 * 1/20 = 80 + 45 = 125 of 1000
    assert t.loc["T", "share_estimated"] == pytest.approx(0.125)
    assert t.loc["T", "precision"] == pytest.approx(0.8)
    assert t.loc["T", "recall"] == pytest.approx(80 / 125)
    assert t.loc["T", "share_assigned"] == pytest.approx(0.1)
    assert t.loc["T", "precision_low"] < 0.8 < t.loc["T", "precision_high"]
    assert t.loc["T", "recall_low"] < 0.64 < t.loc["T", "recall_high"]
    assert v.confusion.loc["other", "T"] == 1 and v.n_labelled == 30


def test_corrected_shares_match_the_hand_worked_example():
    v = V.score(hand_sample())
    a = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-05"] * 10 + ["2024-02-05"] * 10),
            "theme": ["T"] * 2 + ["other"] * 8 + ["T"] * 5 + ["other"] * 5,
        }
    )
    c = V.corrected_shares(a, v, "month").set_index(["period", "theme"])
    # January: (2 * 0.8 + 8 * 0.05) / 10 = 0.20; February: (5 * 0.8 + 5 * 0.05) / 10 = 0.425
    assert c.loc[("2024-01", "T"), "share_corrected"] == pytest.approx(0.20)
    assert c.loc[("2024-02", "T"), "share_corrected"] == pytest.approx(0.425)
    assert c.loc[("2024-02", "T"), "share_assigned"] == pytest.approx(0.5)
    lo, hi = c.loc[("2024-02", "T"), ["ci_low", "ci_high"]]
    assert lo < 0.425 < hi and hi - lo > 0.2  # the validation's own uncertainty is in the interval
    tr = tl.theme_trends(a, freq="month", themes=["T"], validation=v).set_index(["period", "theme"])
    assert tr.loc[("2024-02", "T"), "share_corrected"] == pytest.approx(0.425)
    assert tr.loc[("2024-02", "T"), "share"] == pytest.approx(0.5)


def test_scoring_refuses_bad_labels_and_empty_strata():
    s = hand_sample()
    s.loc[3, "label"] = "sovereign"
    with pytest.raises(InputError, match="row 5.*sovereign"):
        V.score(s, themes=tl.ThemeSet([tl.Theme("T", "T", seeds=["x"], requires=[])]))
    s = hand_sample()
    s.loc[s["assigned"] == "T", "label"] = ""
    with pytest.raises(InputError, match="no labelled row"):
        V.score(s)
    with pytest.raises(InputError, match="no row"):
        V.score(hand_sample().assign(label=""))


def test_sample_is_stratified_and_keeps_rare_themes():
    a = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(500)],
            "date": pd.Timestamp("2024-01-01"),
            "title": "t",
            "theme": ["edge"] * 7 + ["jobs"] * 40 + ["other"] * 453,
            "evidence": "",
        }
    )
    s = V.sample(a, n=60, random_state=1)
    counts = s["assigned"].value_counts()
    # 60 / 3 = 20 each; edge has only 7, so 13 are spread: jobs 20 + 6 + 1, other 20 + 6
    assert counts["edge"] == 7 and counts["jobs"] == 27 and counts["other"] == 26 and len(s) == 60
    assert (s["label"] == "").all() and set(s["stratum_size"]) == {7, 40, 453}
    assert s.equals(V.sample(a, n=60, random_state=1))


def _cli(*args):
    p = subprocess.run([sys.executable, "-m", "trendlab.cli", *args], capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture(scope="module")
def dev_stream():
    if not DEV.is_file():
        pytest.skip(f"the real dev stream is not at {DEV} (it lives in ../shared, never in the repository)")
    return DEV


def test_validate_sample_and_score_end_to_end_on_the_dev_stream(dev_stream, tmp_path):
    out = tmp_path / "sample.csv"
    rc, stdout, err = _cli(
        "validate", "sample", str(dev_stream), "--backend", "none", "--n", "150", "--out", str(out), "-q"
    )
    assert rc == 0, err
    s = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(s) == 150 and list(s.columns) == V.SAMPLE_COLUMNS
    # label from the hand labels of the fixture (every dev article was read and labelled)
    labels = pd.read_csv(FIXTURE).set_index("key")["label"]
    s["label"] = [labels[V.label_key(t, d)] for t, d in zip(s["title"], s["date"])]
    s.to_csv(out, index=False)
    rc, stdout, err = _cli("validate", "score", str(out), "--format", "csv")
    assert rc == 0, err
    t = pd.read_csv(pd.io.common.StringIO(stdout)).set_index("theme")
    assert t.loc["edge_ai_silicon", "precision"] >= 0.85
    # the sample's intervals hold the census figures: every article assigned and checked against its label
    a = tl.assign_themes(tl.load_corpus(dev_stream))
    gold = [labels[V.label_key(ti, str(d)[:10])] for ti, d in zip(a["title"], a["date"])]
    is_edge, said_edge = pd.Series(gold) == "edge_ai_silicon", a["theme"].eq("edge_ai_silicon").to_numpy()
    census_recall = (is_edge & said_edge).sum() / is_edge.sum()
    edge = t.loc["edge_ai_silicon"]
    assert edge["recall_low"] <= census_recall <= edge["recall_high"]
    assert edge["share_low"] <= is_edge.mean() <= edge["share_high"]


def test_label_fixture_has_no_text_and_one_row_per_article():
    f = pd.read_csv(FIXTURE)
    assert list(f.columns) == ["key", "label", "confidence", "note"] and f["key"].is_unique
    assert f["key"].str.fullmatch(r"[0-9a-f]{16}").all()
    assert set(f["label"]) <= {"other", "edge_ai_silicon", "sovereign_ai", "ai_jobs"}
    assert f["note"].fillna("").str.len().max() < 200  # a reason, not article text


def test_intervals_hold_the_estimate_and_do_not_depend_on_the_number_of_themes():
    def perfect(n_themes):
        rows = []
        for t in [f"t{i}" for i in range(n_themes)] + ["other"]:
            rows += [(f"{t}-{i}", t, 100, t) for i in range(10)]
        return V.score(pd.DataFrame(rows, columns=["doc_id", "assigned", "stratum_size", "label"])).table

    one, ten = perfect(1).set_index("theme"), perfect(10).set_index("theme")
    for t in (one, ten):
        assert (t["precision"] == 1.0).all() and (t["precision_high"] == 1.0).all()
    # one unit of prior mass per stratum: ten themes do not drag the interval down
    assert (
        ten.loc["t0", "precision_low"] > 0.7
        and abs(ten.loc["t0", "precision_low"] - one.loc["t0", "precision_low"]) < 0.1
    )


def test_a_sample_refuses_lost_strata_unknown_labels_and_other_assignments():
    a = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(100)], "theme": ["a"] * 10 + ["b"] * 10 + ["other"] * 80, "date": None}
    )
    with pytest.raises(tl.errors.ConfigError, match="smaller than the 3 assigned classes"):
        V.sample(a, n=2)
    s = V.sample(a, n=30, random_state=0)
    s["label"] = s["assigned"]
    with pytest.raises(InputError, match="strata hold 90 of the corpus' 100"):
        V.score(s[s["assigned"] != "b"])
    typo = s.copy()
    typo.loc[typo.index[0], "label"] = "Other"
    with pytest.raises(InputError, match="'Other' is not one of"):
        V.score(typo)
    v = V.score(s)
    v.check(a)
    moved = a.copy()
    moved.loc[moved["doc_id"] == s["doc_id"].iloc[0], "theme"] = "b"
    with pytest.raises(InputError, match="drawn from other assignments"):
        v.check(moved)
