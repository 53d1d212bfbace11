"""Theme and topic prevalence per calendar period, with honest uncertainty.

* :func:`theme_trends` / :func:`topic_trends` - counts and shares per calendar period
  (year, quarter, month), every period of the range present (empty ones flagged),
  Wilson score intervals that behave on small counts. With ``by="outlet"`` (any metadata
  column) the same within each group, to compare outlets or sections.
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

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError
from .labels import OTHER
from .stats import trend_stats
from .textstats import class_tfidf, identity

__all__ = [
    "theme_trends",
    "topic_trends",
    "trend_stats",
    "dynamic_terms",
    "wilson_interval",
    "TREND_COLUMNS",
    "FREQS",
    "NONE_GROUP",
    "period_index",
]


TREND_COLUMNS = ["period", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high"]
FREQS = {"year": "Y", "quarter": "Q", "month": "M"}
NONE_GROUP = "(none)"


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


def period_index(dates: pd.Series, freq: str) -> pd.Series:
    if freq not in FREQS:
        raise ConfigError(f"freq must be one of {sorted(FREQS)}, got {freq!r}.")
    d = pd.to_datetime(dates, errors="coerce")
    return d.dt.to_period(FREQS[freq])


def _group_keys(values: pd.Series) -> pd.Series:
    """Group names as text; a missing or blank value becomes :data:`NONE_GROUP`."""
    text = np.array([str(v).strip() if ok else "" for v, ok in zip(values, values.notna())], dtype=object)
    text[text == ""] = NONE_GROUP
    return pd.Series(text, index=values.index, dtype=object)


def _check_group(frame: pd.DataFrame, group: str) -> None:
    if group in [*TREND_COLUMNS, "empty"]:
        raise ConfigError(f"by={group!r} is a column of the trends table itself; group by a metadata column.")
    if group not in frame.columns:
        raise InputError(
            f"no column {group!r} to group by; the assignments have: {', '.join(map(str, frame.columns))}. "
            "Metadata columns of the corpus (such as outlet or section) are carried into the assignments."
        )


def _trends(
    frame: pd.DataFrame,
    by: str,
    freq: str,
    *,
    labels: Sequence | None,
    confidence: float,
    start=None,
    end=None,
    group: str | None = None,
) -> pd.DataFrame:
    if by not in frame.columns or "date" not in frame.columns:
        raise InputError(
            f"expected columns 'date' and {by!r}; got {list(frame.columns)}. Pass the output "
            "of assign_themes (or a frame with those columns)."
        )
    if group is not None:
        _check_group(frame, group)
    keys = _group_keys(frame[group]) if group is not None else pd.Series("", index=frame.index, dtype=object)
    per = period_index(frame["date"], freq)
    dated = frame.loc[per.notna()].assign(_p=per[per.notna()], _group=keys[per.notna()])
    undated = int(per.isna().sum())
    if dated.empty:
        raise InputError(
            f"no dated articles ({undated} undated); trends need dates. Check the dates or give a dates sidecar file."
        )
    lo_p = pd.Period(start, FREQS[freq]) if start is not None else dated["_p"].min()
    hi_p = pd.Period(end, FREQS[freq]) if end is not None else dated["_p"].max()
    full = pd.period_range(lo_p, hi_p, freq=FREQS[freq])
    cats = list(labels) if labels is not None else sorted(dated[by].astype(str).unique())
    groups = sorted(set(keys), key=lambda g: (g == NONE_GROUP, g))
    totals = dated.groupby(["_group", "_p"]).size()
    counts = dated.groupby(["_group", "_p", dated[by].astype(str)]).size()
    rows = []
    for g in groups:
        for p in full:
            n = int(totals.get((g, p), 0))
            for c in cats:
                rows.append((str(p), g, str(c), int(counts.get((g, p, str(c)), 0)), n))
    out = pd.DataFrame(rows, columns=["period", "_group", by, "n_docs", "n_total"])
    out = out.rename(columns={"_group": group}) if group is not None else out.drop(columns="_group")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share"] = np.where(out["n_total"] > 0, out["n_docs"] / out["n_total"].where(out["n_total"] > 0), np.nan)
    lo, hi = wilson_interval(out["n_docs"], out["n_total"], confidence)
    out["ci_low"], out["ci_high"] = np.round(lo, 6), np.round(hi, 6)
    out["share"] = out["share"].round(6)
    out["empty"] = out["n_total"] == 0
    overall = dated.groupby("_p").size().reindex(full, fill_value=0)
    out.attrs.update(
        {
            "freq": freq,
            "undated": undated,
            "dated": int(len(dated)),
            "confidence": confidence,
            "empty_periods": [str(p) for p in full if overall.loc[p] == 0],
        }
    )
    if group is not None:
        out.attrs.update(_group_attrs(out, group, keys))
    return out


def _group_attrs(out: pd.DataFrame, group: str, keys: pd.Series) -> dict:
    """``attrs`` of a by-group table: the column, each group's articles (dated, all) and empty periods."""
    first = out.drop_duplicates(["period", group])
    groups = list(dict.fromkeys(first[group]))
    dated = first.groupby(group, sort=False)["n_total"].sum()
    return {
        "by": group,
        "groups": groups,
        "group_dated": {g: int(dated[g]) for g in groups},
        "group_articles": {g: int((keys == g).sum()) for g in groups},
        "empty_by_group": {g: first.loc[(first[group] == g) & first["empty"], "period"].tolist() for g in groups},
    }


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
    by: str | None = None,
) -> pd.DataFrame:
    """Share of each theme among the dated articles of each calendar period (optionally per group).

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
        (see :mod:`trendlab.validate`). Not available together with ``by``.
    by : str, optional
        A metadata column of the assignments (``"outlet"``, ``"section"``, any column of the
        corpus): shares are then computed within each group, out of the group's dated articles
        of the period. Articles whose value is missing or blank form the group ``"(none)"``
        (:data:`NONE_GROUP`), listed last; the others are sorted by name.

    Returns
    -------
    DataFrame
        ``period, theme, n_docs, n_total, share, ci_low, ci_high, empty``. Periods with no
        dated article have ``n_total = 0``, ``share`` NaN and ``empty = True``.
        ``attrs`` holds ``undated``, ``dated``, ``empty_periods``, ``freq``.

        With ``by``: ``period, <by>, theme, n_docs, n_total, share, ci_low, ci_high, empty``,
        one block per group, each with every period of the common range (a period in which the
        group has no dated article is kept and flagged ``empty``); ``n_total`` is the group's
        dated articles in the period. ``attrs`` adds ``by``, ``groups``, ``group_dated``,
        ``group_articles`` and ``empty_by_group``; ``empty_periods`` stays the periods with
        no dated article at all.

    Raises
    ------
    InputError
        ``by`` names no column of the assignments (the message lists those there are).
    ConfigError
        ``by`` together with ``validation``.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2021-03-01", "2023-05-01"]),
    ...                    "theme": ["ai_jobs", "other"]})
    >>> theme_trends(df)[["period", "theme", "n_docs", "n_total"]].values.tolist()[:4]
    [['2021', 'ai_jobs', 1, 1], ['2021', 'other', 0, 1], ['2022', 'ai_jobs', 0, 0], ['2022', 'other', 0, 0]]
    >>> df["outlet"] = ["한겨레", None]
    >>> theme_trends(df, by="outlet")[["period", "outlet", "theme", "n_docs", "n_total"]].values.tolist()[:3]
    [['2021', '한겨레', 'ai_jobs', 1, 1], ['2021', '한겨레', 'other', 0, 1], ['2022', '한겨레', 'ai_jobs', 0, 0]]
    """
    if by is not None and validation is not None:
        raise ConfigError(
            "validation= cannot be combined with by=: the validation sample measures error rates over the "
            "whole corpus, not per group. Correct the overall trends, or compare groups uncorrected."
        )
    names = _theme_names(assignments, themes)
    if include_other and OTHER not in names:
        names = names + [OTHER]
    if not include_other:
        names = [n for n in names if n != OTHER]
    out = _trends(assignments, "theme", freq, labels=names, confidence=confidence, start=start, end=end, group=by)
    if assignments.attrs.get("themes"):
        out.attrs["themes"] = assignments.attrs["themes"]
    if validation is not None:
        out = _with_correction(out, assignments, validation)
    return out


def _with_correction(out: pd.DataFrame, assignments: pd.DataFrame, validation) -> pd.DataFrame:
    """Add the validation-corrected shares (``validation.correct`` does the estimation)."""
    counts = assignments.assign(_p=period_index(assignments["date"], out.attrs["freq"]).astype(str))
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
        return sorted(n for n in assignments["theme"].astype(str).unique() if n != OTHER)
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

    if len(tokens) != len(assignments):
        raise InputError(f"tokens has {len(tokens)} entries for {len(assignments)} assignments.")
    per = period_index(assignments["date"], freq).astype(str).where(assignments["date"].notna())
    keys = assignments[by].astype(str).to_numpy()
    mask = per.notna().to_numpy() & (include_other | (keys != OTHER))
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
