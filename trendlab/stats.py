"""Trend statistics per theme (or topic) that do not overclaim.

:func:`trend_stats` takes the output of :func:`trendlab.theme_trends` (or ``topic_trends``) and
gives, per theme, the sample the figures rest on, first / last / peak period, a binomial
regression of the share on time with a likelihood-ratio test, Mann-Kendall, PELT change points,
a direction that is claimed only with enough periods, and one plain sentence. The parameters
used are kept in ``result.attrs["params"]``, so the report states the ones that were used.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["trend_stats"]


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


def _describe(by: str, name, g: pd.DataFrame, periods: list) -> dict:
    row = {by: name, "n_docs": int(g["n_docs"].sum()), "n_total": int(g["n_total"].sum()), "n_periods": len(periods)}
    seen = g[g["n_docs"] > 0]
    row["first_period"] = seen["period"].iloc[0] if len(seen) else None
    row["last_period"] = seen["period"].iloc[-1] if len(seen) else None
    if len(g):
        pk = g.loc[g["share"].idxmax()]
        row["peak_period"], row["peak_share"] = pk["period"], float(pk["share"])
    else:
        row["peak_period"], row["peak_share"] = None, float("nan")
    return row


def _slope(k: np.ndarray, n: np.ndarray, x: np.ndarray, n_periods: int) -> dict:
    slope = se = p = float("nan")
    note = ""
    if n_periods >= 2 and 0 < k.sum() < n.sum():
        slope, se, p = _binomial_slope(k, n, x)
        if not np.isfinite(se) or se > 50:  # (quasi-)complete separation: e.g. 0% then 100%
            slope = se = float("nan")
            note = "separation: the share jumps between 0 and 100%, so no slope is estimable"
    return {"slope": slope, "slope_se": se, "p_value": p, "note": note}


def _mann_kendall(shares: np.ndarray) -> dict:
    tau = mk_p = float("nan")
    if len(shares) >= 4:
        import pymannkendall as mk

        res = mk.original_test(shares)
        tau, mk_p = float(res.Tau), float(res.p)
    return {"mk_tau": tau, "mk_p": mk_p}


def _direction(n_periods: int, slope: float, p: float, alpha: float, min_periods: int) -> str:
    if n_periods < min_periods:
        return "too few periods"
    if np.isfinite(p) and p < alpha:
        return "rising" if slope > 0 else "falling"
    return "no clear trend"


def _change_points(sig: np.ndarray, periods: list, min_periods: int) -> str:
    if len(periods) < min_periods:
        return ""
    import ruptures as rpt

    # BIC-like penalty with the noise level estimated from first differences (MAD)
    sigma = float(np.median(np.abs(np.diff(sig)))) / 0.6745 / math.sqrt(2)
    pen = 2 * math.log(len(sig)) * max(sigma**2, 1e-4)
    try:
        bkps = rpt.Pelt(model="l2", min_size=2, jump=1).fit(sig.reshape(-1, 1)).predict(pen=pen)
    except Exception:  # noqa: BLE001 - ruptures raises on degenerate signals
        return ""
    return ", ".join(periods[b] for b in bkps[:-1])


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
    idx = pd.Index(trends["period"].drop_duplicates().tolist())
    rows = []
    for name, g in trends.groupby(by, sort=False):
        g = g[g["n_total"] > 0]
        periods = g["period"].tolist()
        # time index in period steps, counting empty periods between
        x = np.array([idx.get_loc(p) for p in periods], dtype=float)
        row = _describe(by, name, g, periods)
        row.update(_slope(g["n_docs"].to_numpy(float), g["n_total"].to_numpy(float), x, len(periods)))
        row.update(_mann_kendall(g["share"].to_numpy(float)))
        row["direction"] = _direction(len(periods), row["slope"], row["p_value"], alpha, min_periods_for_test)
        row["change_points"] = _change_points(g["share"].to_numpy(float), periods, min_periods_for_changepoints)
        row["summary"] = _sentence(name, row, periods, trends.attrs.get("freq", ""))
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["params"] = {
        "alpha": alpha,
        "min_periods_for_test": min_periods_for_test,
        "min_periods_for_changepoints": min_periods_for_changepoints,
    }
    return out


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
