import numpy as np
import pandas as pd
import pytest

import trendlab as tl
from trendlab.errors import ConfigError, InputError
from trendlab.trends import TREND_COLUMNS, trend_stats, wilson_interval


def frame(rows):
    return pd.DataFrame(rows, columns=["date", "theme"]).assign(date=lambda d: pd.to_datetime(d["date"]))


def test_one_of_one_has_a_wide_interval():
    lo, hi = wilson_interval(1, 1)
    assert float(hi) == 1.0 and float(lo) < 0.3  # 1/1 is not certainty
    lo0, hi0 = wilson_interval(0, 0)
    assert np.isnan(lo0) and np.isnan(hi0)


def test_share_is_of_dated_articles_and_empty_periods_are_kept():
    df = frame([("2021-03-01", "a"), ("2021-06-01", "other"), ("2023-02-01", "a"), (None, "a")])
    t = tl.theme_trends(df, themes=["a"])
    assert list(t.columns[: len(TREND_COLUMNS)]) == TREND_COLUMNS
    y21 = t[(t.period == "2021") & (t.theme == "a")].iloc[0]
    assert (y21.n_docs, y21.n_total, y21.share) == (1, 2, 0.5)
    y22 = t[t.period == "2022"]
    assert (y22.n_total == 0).all() and y22["empty"].all() and y22["share"].isna().all()
    assert t.attrs["undated"] == 1 and t.attrs["empty_periods"] == ["2022"]
    one = t[(t.period == "2023") & (t.theme == "a")].iloc[0]
    assert one.share == 1.0 and one.ci_low < 0.5


@pytest.mark.parametrize(
    "freq, periods",
    [
        ("quarter", ["2021Q1", "2021Q2", "2021Q3"]),
        ("month", ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06", "2021-07"]),
    ],
)
def test_calendar_periods_not_equal_width_bins(freq, periods):
    df = frame([("2021-01-15", "a"), ("2021-07-30", "a")])
    t = tl.theme_trends(df, freq=freq, themes=["a"], include_other=False)
    assert t["period"].tolist() == periods


def test_string_dates_work_and_bad_freq_is_an_error():
    df = pd.DataFrame({"date": ["2021-01-15", "2022-03-01"], "theme": ["a", "a"]})  # strings, not Timestamps
    assert tl.theme_trends(df, themes=["a"])["n_docs"].sum() == 2
    with pytest.raises(ConfigError, match="freq"):
        tl.theme_trends(df, freq="week")
    with pytest.raises(InputError, match="no dated articles"):
        tl.theme_trends(pd.DataFrame({"date": [None], "theme": ["a"]}))


def test_stats_do_not_overclaim_on_few_periods():
    df = frame([(f"{y}-05-01", "a" if y >= 2023 else "other") for y in range(2021, 2025) for _ in range(5)])
    st = trend_stats(tl.theme_trends(df, themes=["a"]))
    row = st[st.theme == "a"].iloc[0]
    assert row.direction == "too few periods" and "no trend test is claimed" in row.summary
    assert row.first_period == "2023" and row.peak_period in {"2023", "2024"}


def test_stats_detect_a_real_rise_on_many_periods():
    rng = np.random.default_rng(0)
    rows = []
    for m in range(1, 25):
        p = 0.05 + 0.03 * m
        for _ in range(30):
            rows.append((f"{2021 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-10", "a" if rng.random() < p else "other"))
    st = trend_stats(tl.theme_trends(frame(rows), freq="month", themes=["a"]))
    row = st[st.theme == "a"].iloc[0]
    assert row.direction == "rising" and row.p_value < 0.001 and row.slope > 0 and row.mk_tau > 0.5
    flat = frame([(f"2021-{m:02d}-10", "a" if k % 5 == 0 else "other") for m in range(1, 13) for k in range(20)])
    assert trend_stats(tl.theme_trends(flat, freq="month", themes=["a"])).iloc[0].direction == "no clear trend"


def test_change_points_on_a_step():
    rows = [
        (f"{2021 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-10", "a" if (k < (2 if m <= 8 else 16)) else "other")
        for m in range(1, 17)
        for k in range(20)
    ]
    st = trend_stats(tl.theme_trends(frame(rows), freq="month", themes=["a"]))
    assert "2021-09" in st.iloc[0].change_points


def test_topic_trends_and_dynamic_terms(seed_corpus):
    tokens = tl.tokenize_corpus(seed_corpus)
    m = tl.TopicModel("nmf", random_state=0).fit(seed_corpus, tokens=tokens)
    tt = tl.topic_trends(m.doc_topics_, seed_corpus)
    assert list(tt.columns[:7]) == ["period", "topic", "n_docs", "n_total", "share", "ci_low", "ci_high"]
    assert tt.groupby("period")["n_docs"].sum().sum() == len(seed_corpus)
    a = tl.assign_themes(seed_corpus, model=m, tokens=tokens)
    d = tl.dynamic_terms(a, tokens, exclude=["AI"])
    assert set(d.columns) == {"theme", "period", "rank", "term", "weight", "n_docs"}
    sov = d[d.theme == "sovereign_ai"]
    assert set(sov.period) == {"2022", "2024"} and "AI" not in set(d.term)
    assert (sov.groupby("period")["rank"].min() == 1).all()


# -- trends by group (outlet, section...) ------------------------------------------------------
def by_frame():
    rows = [
        ("2021-03-01", "a", "한겨레"),
        ("2021-06-01", "other", "한겨레"),
        ("2021-09-01", "a", "한겨레"),
        ("2023-02-01", "a", "조선"),
        ("2023-04-01", "other", "조선"),
        ("2021-05-01", "a", None),
        ("2023-05-01", "other", "  "),
        (None, "a", "조선"),
    ]
    return pd.DataFrame(rows, columns=["date", "theme", "outlet"]).assign(date=lambda d: pd.to_datetime(d["date"]))


def test_trends_by_outlet_count_within_each_group():
    t = tl.theme_trends(by_frame(), themes=["a"], by="outlet")
    assert list(t.columns) == ["period", "outlet", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high", "empty"]
    # every period of the range for every group, missing / blank values as "(none)", listed last
    assert list(dict.fromkeys(t["outlet"])) == ["조선", "한겨레", "(none)"]
    assert len(t) == 3 * 3 * 2 and set(t["period"]) == {"2021", "2022", "2023"}
    row = t[(t.outlet == "한겨레") & (t.period == "2021") & (t.theme == "a")].iloc[0]
    assert (row.n_docs, row.n_total) == (2, 3) and row.share == pytest.approx(2 / 3, abs=1e-6)
    lo, hi = wilson_interval(2, 3)
    assert row.ci_low == pytest.approx(float(lo), abs=1e-6) and row.ci_high == pytest.approx(float(hi), abs=1e-6)
    cho = t[(t.outlet == "조선") & (t.theme == "a")].set_index("period")
    assert cho.loc["2023", "n_total"] == 2 and cho.loc["2023", "n_docs"] == 1  # the undated article is left out
    assert cho.loc["2021", "empty"] and cho.loc["2021", "n_total"] == 0 and np.isnan(cho.loc["2021", "share"])
    none = t[(t.outlet == "(none)") & (t.theme == "other")].set_index("period")
    assert none["n_total"].tolist() == [1, 0, 1] and none["n_docs"].tolist() == [0, 0, 1]
    # the groups add up to the overall trends
    overall = tl.theme_trends(by_frame(), themes=["a"])
    summed = t.groupby(["period", "theme"], sort=False)[["n_docs", "n_total"]].sum().reset_index()
    assert summed[["n_docs", "n_total"]].values.tolist() == overall[["n_docs", "n_total"]].values.tolist()
    assert t.attrs["by"] == "outlet" and t.attrs["undated"] == 1 and t.attrs["empty_periods"] == ["2022"]
    assert t.attrs["group_dated"] == {"조선": 2, "한겨레": 3, "(none)": 2}
    assert t.attrs["group_articles"] == {"조선": 3, "한겨레": 3, "(none)": 2}
    assert t.attrs["empty_by_group"] == {"조선": ["2021", "2022"], "한겨레": ["2022", "2023"], "(none)": ["2022"]}


def test_trends_without_by_are_unchanged_by_a_metadata_column():
    df = by_frame()
    with_meta = tl.theme_trends(df, themes=["a"])
    without = tl.theme_trends(df.drop(columns="outlet"), themes=["a"])
    assert list(with_meta.columns) == TREND_COLUMNS + ["empty"]
    pd.testing.assert_frame_equal(with_meta, without)


def test_trends_by_a_missing_column_or_with_validation_are_errors():
    with pytest.raises(InputError, match=r"'press'.*date, theme, outlet"):
        tl.theme_trends(by_frame(), by="press")
    with pytest.raises(ConfigError, match="theme"):
        tl.theme_trends(by_frame(), by="theme")
    with pytest.raises(ConfigError, match="validation"):
        tl.theme_trends(by_frame(), by="outlet", validation=object())


def test_trends_by_group_honour_freq_and_range():
    t = tl.theme_trends(by_frame(), freq="quarter", themes=["a"], include_other=False, by="outlet", end="2023Q3")
    hk = t[t.outlet == "한겨레"]
    assert hk["period"].iloc[0] == "2021Q1" and hk["period"].iloc[-1] == "2023Q3" and len(hk) == 11
    assert hk.loc[hk.period == "2021Q3", "n_docs"].item() == 1 and hk["n_docs"].sum() == 2
