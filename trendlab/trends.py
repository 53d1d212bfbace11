"""Theme and topic prevalence per calendar period, with honest uncertainty.

* :func:`theme_trends` / :func:`topic_trends` - counts and shares per calendar period
  (year, quarter, month), every period of the range present (empty ones flagged),
  Wilson score intervals that behave on small counts.
* :func:`trend_stats` - per theme: direction, slope and significance from a binomial
  regression of the share on time (likelihood-ratio test), Mann-Kendall when there
  are enough periods, first / last / peak period, change points (ruptures) when the
  series is long enough, and a plain-words caveat when it is short.
* :func:`dynamic_terms` - top terms of each theme (or topic) per period, by c-TF-IDF over
  the cached tokens.

Shares are the theme's articles divided by **all dated articles** of the period
(not raw counts as in BERTopic's ``topics_over_time``). Undated articles are left
out of every share and counted in ``result.attrs["undated"]``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError

__all__ = ["theme_trends", "topic_trends", "trend_stats", "dynamic_terms", "wilson_interval", "TREND_COLUMNS", "FREQS"]

TREND_COLUMNS = ["period", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high"]
FREQS = {"year": "Y", "quarter": "Q", "month": "M"}


def wilson_interval(k, n, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes in n trials (NaN where n == 0).

    >>> lo, hi = wilson_interval(1, 1)
    >>> round(float(lo), 3), float(hi)
    (0.207, 1.0)
    """
    from scipy.stats import norm

    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = norm.ppf(0.5 + confidence / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        lo = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
        hi = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return lo, hi


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    if freq not in FREQS:
        raise ConfigError(f"freq must be one of {sorted(FREQS)}, got {freq!r}.")
    d = pd.to_datetime(dates, errors="coerce")
    return d.dt.to_period(FREQS[freq])


def _trends(
    frame: pd.DataFrame, by: str, freq: str, *, labels: Sequence | None, confidence: float, start=None, end=None
) -> pd.DataFrame:
    if by not in frame.columns or "date" not in frame.columns:
        raise InputError(
            f"expected columns 'date' and {by!r}; got {list(frame.columns)}. Pass the output "
            "of assign_themes (or a frame with those columns)."
        )
    per = _periods(frame["date"], freq)
    dated = frame.loc[per.notna()].assign(_p=per[per.notna()])
    undated = int(per.isna().sum())
    if dated.empty:
        raise InputError(
            f"no dated articles ({undated} undated); trends need dates. Check the dates or give a dates sidecar file."
        )
    lo_p = pd.Period(start, FREQS[freq]) if start is not None else dated["_p"].min()
    hi_p = pd.Period(end, FREQS[freq]) if end is not None else dated["_p"].max()
    full = pd.period_range(lo_p, hi_p, freq=FREQS[freq])
    cats = list(labels) if labels is not None else sorted(dated[by].astype(str).unique())
    totals = dated.groupby("_p").size().reindex(full, fill_value=0)
    counts = dated.groupby(["_p", dated[by].astype(str)]).size()
    rows = []
    for p in full:
        n = int(totals.loc[p])
        for c in cats:
            k = int(counts.get((p, str(c)), 0))
            rows.append((str(p), str(c), k, n))
    out = pd.DataFrame(rows, columns=["period", by, "n_docs", "n_total"])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share"] = np.where(out["n_total"] > 0, out["n_docs"] / out["n_total"].where(out["n_total"] > 0), np.nan)
    lo, hi = wilson_interval(out["n_docs"], out["n_total"], confidence)
    out["ci_low"], out["ci_high"] = np.round(lo, 6), np.round(hi, 6)
    out["share"] = out["share"].round(6)
    out["empty"] = out["n_total"] == 0
    out.attrs.update(
        {
            "freq": freq,
            "undated": undated,
            "dated": int(len(dated)),
            "confidence": confidence,
            "empty_periods": [str(p) for p in full if totals.loc[p] == 0],
        }
    )
    return out


def theme_trends(
    assignments: pd.DataFrame,
    freq: str = "year",
    *,
    themes=None,
    include_other: bool = True,
    confidence: float = 0.95,
    start=None,
    end=None,
    validation=None,
) -> pd.DataFrame:
    """Share of each theme among the dated articles of each calendar period.

    Parameters
    ----------
    assignments : DataFrame
        Output of :func:`trendlab.assign_themes` (needs ``date`` and ``theme``).
    freq : {"year", "quarter", "month"}, default "year"
    themes : ThemeSet or list of str, optional
        Themes to report, in this order (default: those of the assignment, or found).
    include_other : bool, default True
        Add rows for ``"other"``.
    confidence : float, default 0.95
        Level of the Wilson intervals.
    start, end : str, optional
        Extend the period range (for example to show empty years at the ends).
    validation : trendlab.validate.Validation, optional
        A scored validation sample of these assignments. Adds ``share_corrected``,
        ``corrected_low`` and ``corrected_high``: the shares corrected for the measured error
        rates, with intervals that include the validation's own uncertainty
        (see :mod:`trendlab.validate`).

    Returns
    -------
    DataFrame
        ``period, theme, n_docs, n_total, share, ci_low, ci_high, empty``. Periods with no
        dated article have ``n_total = 0``, ``share`` NaN and ``empty = True``.
        ``attrs`` holds ``undated``, ``dated``, ``empty_periods``, ``freq``.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2021-03-01", "2023-05-01"]),
    ...                    "theme": ["ai_jobs", "other"]})
    >>> theme_trends(df)[["period", "theme", "n_docs", "n_total"]].values.tolist()[:4]
    [['2021', 'ai_jobs', 1, 1], ['2021', 'other', 0, 1], ['2022', 'ai_jobs', 0, 0], ['2022', 'other', 0, 0]]
    """
    names = _theme_names(assignments, themes)
    if include_other and "other" not in names:
        names = names + ["other"]
    if not include_other:
        names = [n for n in names if n != "other"]
    out = _trends(assignments, "theme", freq, labels=names, confidence=confidence, start=start, end=end)
    if assignments.attrs.get("themes"):
        out.attrs["themes"] = assignments.attrs["themes"]
    if validation is not None:
        out = _with_correction(out, assignments, validation)
    return out


def _with_correction(out: pd.DataFrame, assignments: pd.DataFrame, validation) -> pd.DataFrame:
    """Add the validation-corrected shares (``validation.correct`` does the estimation)."""
    counts = assignments.assign(_p=_periods(assignments["date"], out.attrs["freq"]).astype(str))
    counts = counts[counts["_p"] != "NaT"].groupby(["_p", "theme"]).size().unstack(fill_value=0)
    counts = counts.reindex(out["period"].unique(), fill_value=0)
    corr = validation.correct(counts[counts.sum(axis=1) > 0]).rename(
        columns={"ci_low": "corrected_low", "ci_high": "corrected_high"}
    )
    merged = out.merge(corr, on=["period", "theme"], how="left")
    merged.attrs = out.attrs | {"validated": True}
    return merged


def _theme_names(assignments, themes) -> list[str]:
    if themes is None:
        t = assignments.attrs.get("themes")
        if t:
            return list(t["themes"])
        return sorted(n for n in assignments["theme"].astype(str).unique() if n != "other")
    if hasattr(themes, "names"):
        return list(themes.names)
    return [str(x) for x in themes]


def topic_trends(
    doc_topics: pd.DataFrame, corpus_or_dates=None, freq: str = "year", *, confidence: float = 0.95
) -> pd.DataFrame:
    """Share of each topic per calendar period; same columns as :func:`theme_trends`
    with ``topic`` in place of ``theme``.

    ``doc_topics`` is a model's ``doc_topics_`` (or an assignment frame with ``topic``);
    dates come from its ``date`` column or from ``corpus_or_dates`` (a Corpus, joined on
    ``doc_id``).
    """
    df = doc_topics.copy()
    if "date" not in df.columns:
        if corpus_or_dates is None:
            raise InputError("topic_trends needs dates: pass the corpus as the second argument.")
        dates = corpus_or_dates.frame[["doc_id", "date"]]
        df = df.merge(dates, on="doc_id", how="left")
    df["topic"] = df["topic"].astype(int)
    labels = [str(t) for t in sorted(df["topic"].unique())]
    return _trends(df.assign(topic=df["topic"].astype(str)), "topic", freq, labels=labels, confidence=confidence)


# -- statistics -----------------------------------------------------------------------
def _binomial_slope(k: np.ndarray, n: np.ndarray, x: np.ndarray) -> tuple[float, float, float]:
    """Logistic regression of k/n on x by IRLS; returns (slope, std error, LR-test p)."""
    from scipy.stats import chi2

    X = np.column_stack([np.ones_like(x), x])
    p0 = k.sum() / n.sum()
    beta = np.array([math.log(max(p0, 1e-6) / max(1 - p0, 1e-6)), 0.0])
    for _ in range(100):
        eta = np.clip(X @ beta, -30, 30)
        mu = 1 / (1 + np.exp(-eta))
        w = n * mu * (1 - mu)
        if not np.all(np.isfinite(w)) or w.sum() < 1e-9:
            break
        z = eta + (k - n * mu) / np.maximum(w, 1e-12)
        H = X.T @ (w[:, None] * X)
        try:
            new = np.linalg.solve(H + 1e-9 * np.eye(2), X.T @ (w * z))
        except np.linalg.LinAlgError:
            break
        if np.max(np.abs(new - beta)) < 1e-8:
            beta = new
            break
        beta = new
    eta = np.clip(X @ beta, -30, 30)
    mu = np.clip(1 / (1 + np.exp(-eta)), 1e-12, 1 - 1e-12)
    ll1 = float(np.sum(k * np.log(mu) + (n - k) * np.log(1 - mu)))
    q = np.clip(p0, 1e-12, 1 - 1e-12)
    ll0 = float(np.sum(k * np.log(q) + (n - k) * np.log(1 - q)))
    w = n * mu * (1 - mu)
    try:
        cov = np.linalg.inv(X.T @ (w[:, None] * X))
        se = float(math.sqrt(max(cov[1, 1], 0)))
    except np.linalg.LinAlgError:
        se = float("nan")
    p = float(chi2.sf(max(2 * (ll1 - ll0), 0.0), 1))
    return float(beta[1]), se, p


def trend_stats(
    trends: pd.DataFrame,
    *,
    by: str | None = None,
    alpha: float = 0.05,
    min_periods_for_test: int = 5,
    min_periods_for_changepoints: int = 8,
) -> pd.DataFrame:
    """Per-theme trend statistics that do not overclaim.

    For each theme (or topic), over the non-empty periods:

    * ``slope`` - change in log-odds of the share per period (binomial regression with
      intercept, fitted by IRLS), ``slope_se`` and ``p_value`` (likelihood-ratio test);
    * ``mk_tau``, ``mk_p`` - Mann-Kendall on the shares (needs 4+ periods);
    * ``direction`` - "rising" / "falling" only when ``p_value < alpha`` **and** there are
      at least ``min_periods_for_test`` periods; "no clear trend" when the test is run and
      not significant; with fewer periods "too few periods" (the numbers are reported as
      descriptive only);
    * ``first_period``, ``last_period``, ``peak_period``, ``peak_share``;
    * ``change_points`` - ruptures (PELT, L2 cost, BIC-like penalty with the noise level
      estimated from the median absolute first difference) on the share series, when it has at least
      ``min_periods_for_changepoints`` periods; otherwise empty;
    * ``n_docs``, ``n_total``, ``n_periods`` - the sample the figures rest on;
    * ``summary`` - one sentence in plain words.
    """
    by = by or ("theme" if "theme" in trends.columns else "topic")
    rows = []
    for name, g in trends.groupby(by, sort=False):
        g = g[g["n_total"] > 0]
        k = g["n_docs"].to_numpy(float)
        n = g["n_total"].to_numpy(float)
        periods = g["period"].tolist()
        # time index in period steps, counting empty periods between
        idx = pd.Index(trends["period"].drop_duplicates().tolist())
        x = np.array([idx.get_loc(p) for p in periods], dtype=float)
        row = {by: name, "n_docs": int(k.sum()), "n_total": int(n.sum()), "n_periods": len(periods)}
        seen = g[g["n_docs"] > 0]
        row["first_period"] = seen["period"].iloc[0] if len(seen) else None
        row["last_period"] = seen["period"].iloc[-1] if len(seen) else None
        if len(g):
            pk = g.loc[g["share"].idxmax()]
            row["peak_period"], row["peak_share"] = pk["period"], float(pk["share"])
        else:
            row["peak_period"], row["peak_share"] = None, float("nan")
        slope = se = p = float("nan")
        note = ""
        if len(periods) >= 2 and 0 < k.sum() < n.sum():
            slope, se, p = _binomial_slope(k, n, x)
            if not np.isfinite(se) or se > 50:  # (quasi-)complete separation: e.g. 0% then 100%
                slope = se = float("nan")
                note = "separation: the share jumps between 0 and 100%, so no slope is estimable"
        row.update(slope=slope, slope_se=se, p_value=p, note=note)
        tau = mk_p = float("nan")
        if len(periods) >= 4:
            import pymannkendall as mk

            res = mk.original_test(g["share"].to_numpy(float))
            tau, mk_p = float(res.Tau), float(res.p)
        row.update(mk_tau=tau, mk_p=mk_p)
        if len(periods) < min_periods_for_test:
            direction = "too few periods"
        elif not np.isfinite(p):
            direction = "no clear trend"
        elif p < alpha:
            direction = "rising" if slope > 0 else "falling"
        else:
            direction = "no clear trend"
        row["direction"] = direction
        cps: list[str] = []
        if len(periods) >= min_periods_for_changepoints:
            import ruptures as rpt

            sig = g["share"].to_numpy(float)
            # BIC-like penalty with the noise level estimated from first differences (MAD)
            sigma = float(np.median(np.abs(np.diff(sig)))) / 0.6745 / math.sqrt(2)
            pen = 2 * math.log(len(sig)) * max(sigma**2, 1e-4)
            try:
                bkps = rpt.Pelt(model="l2", min_size=2, jump=1).fit(sig.reshape(-1, 1)).predict(pen=pen)
                cps = [periods[b] for b in bkps[:-1]]
            except Exception:  # noqa: BLE001 - ruptures raises on degenerate signals
                cps = []
        row["change_points"] = ", ".join(cps)
        row["summary"] = _sentence(name, row, periods, trends.attrs.get("freq", ""))
        rows.append(row)
    return pd.DataFrame(rows)


def _sentence(name, r, periods, freq) -> str:
    if r["n_docs"] == 0:
        return f"{name}: no article in any period ({r['n_total']} dated articles)."
    s = (
        f"{name}: {r['n_docs']} of {r['n_total']} dated articles; first seen {r['first_period']}, "
        f"last {r['last_period']}, peak share {r['peak_share']:.0%} in {r['peak_period']}."
    )
    if r["direction"] == "too few periods":
        s += (
            f" Only {r['n_periods']} non-empty {freq or 'period'}s: no trend test is claimed; "
            "the shares are descriptive."
        )
    elif r["direction"] in ("rising", "falling"):
        s += f" {r['direction'].capitalize()} (binomial regression, p = {r['p_value']:.3f})."
    else:
        s += f" No clear trend (p = {r['p_value']:.2f})."
    if r["change_points"]:
        s += f" Change points: {r['change_points']}."
    return s


# -- dynamic terms -------------------------------------------------------------------------
def dynamic_terms(
    assignments: pd.DataFrame,
    tokens: Sequence[Sequence[str]],
    freq: str = "year",
    *,
    by: str = "theme",
    top_n: int = 10,
    include_other: bool = False,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """Top terms of each theme (or topic) in each period, by c-TF-IDF over the cached tokens.

    Every (group, period) pair is one class; c-TF-IDF weighs a term by its frequency in
    the class against its frequency over all classes, so the words that mark a theme in
    one year stand out from those it always uses. ``exclude`` drops terms that say
    nothing here (the report passes the themes' context terms, such as "AI").

    Returns
    -------
    DataFrame
        ``<by>, period, rank, term, weight, n_docs``.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    from .models.vocab import class_tfidf, identity

    if len(tokens) != len(assignments):
        raise InputError(f"tokens has {len(tokens)} entries for {len(assignments)} assignments.")
    per = _periods(assignments["date"], freq).astype(str).where(assignments["date"].notna())
    keys = assignments[by].astype(str).to_numpy()
    mask = per.notna().to_numpy() & (include_other | (keys != "other"))
    if not mask.any():
        return pd.DataFrame(columns=[by, "period", "rank", "term", "weight", "n_docs"])
    cls = np.array([f"{g}\x00{p}" for g, p in zip(keys, per.fillna(""))], dtype=object)
    cv = CountVectorizer(analyzer=identity, lowercase=False)
    drop = set(exclude)
    X = cv.fit_transform([[w for w in t if w not in drop] for t in tokens])
    vocab = cv.get_feature_names_out()
    classes = sorted(set(cls[mask]))
    index = {c: i for i, c in enumerate(classes)}
    labels = np.array([index.get(c, -1) if m else -1 for c, m in zip(cls, mask)])
    W = class_tfidf(X, labels, list(range(len(classes))))
    rows = []
    for c, i in index.items():
        g, p = c.split("\x00")
        order = np.argsort(-W[i], kind="stable")[:top_n]
        nd = int((labels == i).sum())
        for r, j in enumerate(o for o in order if W[i, o] > 0):
            rows.append(
                {by: g, "period": p, "rank": r + 1, "term": str(vocab[j]), "weight": float(W[i, j]), "n_docs": nd}
            )
    return pd.DataFrame(rows, columns=[by, "period", "rank", "term", "weight", "n_docs"])
