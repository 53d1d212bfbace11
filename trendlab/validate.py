"""Validating theme assignments against a hand-checked sample, and correcting shares for error.

Text-as-data practice: a theme share is a measurement, so measure its error.

1. :func:`sample` draws articles **stratified by assigned theme** (every theme gets its share of the
   sample, however rare, and so do the "other" articles, where the misses hide). It writes the
   stratum sizes into the sample, so scoring needs nothing else.
2. A person fills the ``label`` column by reading each article (a theme name or ``other``).
3. :func:`score` estimates, per theme, precision and recall with confidence intervals. The strata
   are weighted by their sizes: a miss found among 20 sampled "other" articles stands for
   ``N_other / 20`` misses in the corpus. Intervals come from a stratified bootstrap (resampling
   within each stratum; ``random_state`` makes it reproducible); precision also has its Wilson interval.
4. :func:`corrected_shares` (and ``theme_trends(..., validation=...)``) corrects each period's
   shares with the stratified estimator: the corrected count of theme T in a period is
   ``sum_h n_h * q_hT``, where ``n_h`` is the number of articles assigned to h in the period and
   ``q_hT`` the share of articles assigned h that the sample found to be truly T. Its interval
   includes both the period's own sampling and the validation sample's uncertainty.

It assumes the error rates are the same in every period (one validation for the whole corpus);
validate per period when you doubt that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError
from .themes import OTHER
from .trends import _periods, wilson_interval

__all__ = ["sample", "score", "corrected_shares", "Validation", "SAMPLE_COLUMNS", "read_sample", "label_key"]

SAMPLE_COLUMNS = ["doc_id", "date", "title", "lead", "assigned", "evidence", "stratum_size", "label"]
_LEAD_CHARS = 300


def _allocate(sizes: pd.Series, n: int) -> dict:
    """Equal allocation across strata, capped at each stratum's size, the rest spread over the larger ones."""
    alloc = dict.fromkeys(sizes.index, 0)
    left = min(n, int(sizes.sum()))
    open_ = [s for s in sizes.index if sizes[s] > 0]
    while left > 0 and open_:
        each = max(1, left // len(open_))
        for s in list(open_):
            take = min(each, int(sizes[s]) - alloc[s], left)
            alloc[s] += take
            left -= take
            if alloc[s] >= sizes[s]:
                open_.remove(s)
            if left == 0:
                break
    return alloc


def sample(assignments: pd.DataFrame, corpus=None, *, n: int = 150, random_state: int = 0) -> pd.DataFrame:
    """A sample of articles to label by hand, stratified by assigned theme.

    Parameters
    ----------
    assignments : DataFrame
        Output of :func:`trendlab.assign_themes`.
    corpus : Corpus, optional
        Gives each row the lead of its text (the first 300 characters), to label from.
    n : int, default 150
        Sample size. Each assigned theme and ``other`` get an equal part (all of a stratum
        smaller than that); what is left goes to the larger strata.
    random_state : int, default 0

    Returns
    -------
    DataFrame
        :data:`SAMPLE_COLUMNS`: ``assigned`` is the stratum, ``stratum_size`` its size in the
        corpus, and ``label`` is empty, for a person to fill with a theme name or ``other``.

    Examples
    --------
    >>> s = sample(assigned, corpus, n=150)        # doctest: +SKIP
    >>> s.to_csv("sample.csv", index=False)        # then label it by reading
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ConfigError(f"n must be a positive whole number, got {n!r}.")
    for col in ("doc_id", "theme"):
        if col not in assignments.columns:
            raise InputError(f"expected the output of assign_themes (a {col!r} column is missing).")
    sizes = assignments["theme"].value_counts().sort_index()
    rng = np.random.default_rng(random_state)
    parts = []
    for stratum, k in _allocate(sizes, n).items():
        rows = assignments[assignments["theme"] == stratum]
        parts.append(rows.iloc[np.sort(rng.choice(len(rows), size=k, replace=False))])
    s = pd.concat(parts)
    lead = pd.Series("", index=s.index)
    if corpus is not None:
        texts = corpus.frame.set_index("doc_id")["text"]
        lead = s["doc_id"].map(texts).fillna("").str.slice(0, _LEAD_CHARS).str.replace(r"\s+", " ", regex=True)
    out = pd.DataFrame(
        {
            "doc_id": s["doc_id"].astype(str),
            "date": pd.to_datetime(s.get("date"), errors="coerce").dt.date.astype("string").fillna(""),
            "title": s.get("title", pd.Series("", index=s.index)).fillna("").astype(str),
            "lead": lead.astype(str),
            "assigned": s["theme"].astype(str),
            "evidence": s.get("evidence", pd.Series("", index=s.index)).fillna("").astype(str),
            "stratum_size": s["theme"].map(sizes).astype(int),
            "label": "",
        }
    )
    out.attrs["n_articles"] = int(len(assignments))
    return out.reset_index(drop=True)


def read_sample(path) -> pd.DataFrame:
    """Read a labelled sample CSV written by :func:`sample` (or ``trendlab validate sample``)."""
    try:
        df = pd.read_csv(path, dtype={"doc_id": str, "label": str, "assigned": str}, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(f"{path}: sample file not found; check the path.") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV ({exc}); save it as UTF-8 CSV.") from None
    missing = [c for c in ("doc_id", "assigned", "stratum_size", "label") if c not in df.columns]
    if missing:
        raise InputError(
            f"{path}: columns {missing} are missing; label the file written by 'trendlab validate sample' "
            "without removing its columns."
        )
    return df


@dataclass
class Validation:
    """The result of :func:`score`: error rates of the assignment, measured on a labelled sample.

    Attributes
    ----------
    table : DataFrame
        One row per class (themes and ``other``): ``theme, n_assigned, n_labelled, n_true_in_sample,
        precision, precision_low, precision_high, recall, recall_low, recall_high, share_assigned,
        share_estimated, share_low, share_high``.
    confusion : DataFrame
        Labelled articles, assigned (rows) against label (columns), with the stratum sizes.
    rates : DataFrame
        ``q[h, T]``: the share of articles assigned ``h`` that are truly ``T`` (the stratified estimator).
    sizes : dict
        Articles per assigned class in the corpus (the strata).
    n_labelled, n_unlabelled : int
    confidence : float
    """

    table: pd.DataFrame
    confusion: pd.DataFrame
    rates: pd.DataFrame
    sizes: dict
    n_labelled: int
    n_unlabelled: int
    confidence: float
    draws: np.ndarray = field(repr=False, default=None)  # (n_draws, strata, classes) posterior draws of q

    def correct(self, counts: pd.DataFrame, *, random_state: int = 0) -> pd.DataFrame:
        """Corrected shares from assigned counts per period.

        ``counts`` has one row per period and one column per assigned class (the strata). Returns
        ``period, theme, share_corrected, ci_low, ci_high`` per period and class; the interval
        combines the period's multinomial sampling and the posterior of the error rates.
        """
        strata, classes = list(self.rates.index), list(self.rates.columns)
        unknown = [c for c in counts.columns if c not in strata and counts[c].sum() > 0]
        if unknown:
            raise InputError(
                f"the assignments have classes {unknown} that the validation sample has no stratum for; "
                "draw and label a new sample from these assignments."
            )
        n_h = counts.reindex(columns=strata, fill_value=0).to_numpy(dtype=float)
        q = self.rates.to_numpy()
        rng = np.random.default_rng(random_state)
        alpha = (1 - self.confidence) / 2
        rows = []
        for i, period in enumerate(counts.index):
            n = n_h[i].sum()
            point = n_h[i] @ q / n if n else np.full(len(classes), np.nan)
            if n:
                sim = rng.multinomial(int(n), n_h[i] / n, size=len(self.draws))
                est = np.einsum("bh,bhc->bc", sim, self.draws) / n
                lo, hi = np.quantile(est, [alpha, 1 - alpha], axis=0)
            else:
                lo = hi = np.full(len(classes), np.nan)
            for j, c in enumerate(classes):
                rows.append((str(period), c, point[j], lo[j], hi[j]))
        return pd.DataFrame(rows, columns=["period", "theme", "share_corrected", "ci_low", "ci_high"])


def _check_labels(df: pd.DataFrame, themes) -> pd.DataFrame:
    df = df.copy()
    df["label"] = df["label"].astype(str).str.strip()
    allowed = None if themes is None else set(themes.names) | {OTHER}
    if allowed is not None:
        bad = df[(df["label"] != "") & ~df["label"].isin(allowed)]
        if len(bad):
            row = bad.index[0]
            raise InputError(
                f"sample row {row + 2} (doc_id {bad.loc[row, 'doc_id']}): label {bad.loc[row, 'label']!r} is not one "
                f"of {sorted(allowed)}; write a theme name or {OTHER!r}."
            )
    sizes = df.groupby("assigned")["stratum_size"].agg(["min", "max"])
    if (sizes["min"] != sizes["max"]).any():
        raise InputError("stratum_size differs within a stratum; the sample file was edited or mixed from two samples.")
    return df


def score(
    labelled: pd.DataFrame, *, themes=None, confidence: float = 0.95, n_draws: int = 4000, random_state: int = 0
) -> Validation:
    """Precision, recall and the true share of every theme from a labelled, stratified sample.

    Parameters
    ----------
    labelled : DataFrame or path
        A sample from :func:`sample` with its ``label`` column filled. Rows left blank are not
        scored and are counted in ``n_unlabelled``.
    themes : ThemeSet, optional
        When given, every label must be one of its themes or ``other``.
    confidence : float, default 0.95
    n_draws : int, default 4000
        Posterior draws for the intervals.
    random_state : int, default 0

    Returns
    -------
    Validation

    Notes
    -----
    Point estimates are the stratified (Horvitz-Thompson) estimates. Intervals are equal-tailed
    posterior intervals with a Jeffreys prior (Dirichlet(k + 1/2)) on each stratum's label rates,
    which stay honest when a stratum has no error in the sample (a bootstrap would give a zero-width
    interval there). The precision interval is also reported as Wilson's.

    Examples
    --------
    >>> v = score("sample.csv")                    # doctest: +SKIP
    >>> v.table[["theme", "precision", "recall"]]  # doctest: +SKIP
    """
    df = read_sample(labelled) if not isinstance(labelled, pd.DataFrame) else labelled
    df = _check_labels(df, themes)
    done = df[df["label"] != ""]
    if done.empty:
        raise InputError("no row of the sample is labelled; fill the 'label' column by reading the articles.")
    sizes = df.groupby("assigned")["stratum_size"].first().astype(int).to_dict()
    strata = sorted(sizes)
    empty = [s for s in strata if not (done["assigned"] == s).any()]
    if empty:
        raise InputError(f"strata {empty} have no labelled row; label at least one article of each assigned class.")
    names = list(themes.names) if themes is not None else []
    classes = names + sorted((set(strata) | set(done["label"])) - set(names) - {OTHER}) + [OTHER]
    k = pd.crosstab(done["assigned"], done["label"]).reindex(index=strata, columns=classes, fill_value=0)
    n_h = k.sum(axis=1).to_numpy(dtype=float)
    q = k.to_numpy(dtype=float) / n_h[:, None]
    rng = np.random.default_rng(random_state)
    draws = np.stack([rng.dirichlet(row + 0.5, size=n_draws) for row in k.to_numpy(dtype=float)], axis=1)
    table = _metrics_table(classes, strata, sizes, k, q, draws, confidence)
    confusion = k.assign(stratum_size=[sizes[s] for s in strata])
    return Validation(
        table=table,
        confusion=confusion,
        rates=pd.DataFrame(q, index=strata, columns=classes),
        sizes=sizes,
        n_labelled=int(len(done)),
        n_unlabelled=int(len(df) - len(done)),
        confidence=confidence,
        draws=draws,
    )


def _metrics(N: np.ndarray, q: np.ndarray, diag: np.ndarray) -> tuple:
    """(precision, recall, share) per class from stratum sizes N, rates q (..., H, C)."""
    true = np.einsum("h,...hc->...c", N, q)
    assigned = np.einsum("h,...hc->...c", N, diag * q)  # true positives: stratum c, label c
    prec = np.einsum("hc,...hc->...c", diag, q)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.where(true > 0, assigned / true, np.nan)
    return prec, recall, true / N.sum()


def _metrics_table(classes, strata, sizes, k, q, draws, confidence) -> pd.DataFrame:
    N = np.array([sizes[s] for s in strata], dtype=float)
    diag = np.array([[1.0 if s == c else 0.0 for c in classes] for s in strata])
    prec, rec, share = _metrics(N, q, diag)
    d_prec, d_rec, d_share = _metrics(N, draws, diag)
    a = (1 - confidence) / 2
    rows = []
    for j, c in enumerate(classes):
        in_strata = c in strata
        n_lab = int(k.loc[c].sum()) if in_strata else 0
        tp = int(k.loc[c, c]) if in_strata else 0
        w_lo, w_hi = wilson_interval(tp, n_lab, confidence) if n_lab else (np.nan, np.nan)
        rows.append(
            {
                "theme": c,
                "n_assigned": int(sizes.get(c, 0)),
                "n_labelled": n_lab,
                "n_true_in_sample": int(k[c].sum()),
                "precision": prec[j] if in_strata else np.nan,
                "precision_low": np.nanquantile(d_prec[:, j], a) if in_strata else np.nan,
                "precision_high": np.nanquantile(d_prec[:, j], 1 - a) if in_strata else np.nan,
                "precision_wilson_low": float(w_lo),
                "precision_wilson_high": float(w_hi),
                "recall": rec[j],
                "recall_low": np.nanquantile(d_rec[:, j], a) if np.isfinite(d_rec[:, j]).any() else np.nan,
                "recall_high": np.nanquantile(d_rec[:, j], 1 - a) if np.isfinite(d_rec[:, j]).any() else np.nan,
                "share_assigned": sizes.get(c, 0) / N.sum(),
                "share_estimated": share[j],
                "share_low": np.quantile(d_share[:, j], a),
                "share_high": np.quantile(d_share[:, j], 1 - a),
            }
        )
    return pd.DataFrame(rows).round(6)


def corrected_shares(assignments: pd.DataFrame, validation: Validation, freq: str = "year") -> pd.DataFrame:
    """Each period's theme shares corrected for the measured error rates (see the module notes).

    Returns ``period, theme, n_total, share_assigned, share_corrected, ci_low, ci_high``.
    """
    per = _periods(assignments["date"], freq)
    dated = assignments.loc[per.notna()].assign(_p=per[per.notna()].astype(str))
    counts = dated.groupby(["_p", "theme"]).size().unstack(fill_value=0)
    out = validation.correct(counts)
    totals = counts.sum(axis=1)
    out["n_total"] = out["period"].map(totals).astype(int)
    raw = (counts.div(totals, axis=0)).stack()
    out["share_assigned"] = [raw.get((p, t), 0.0) for p, t in zip(out["period"], out["theme"])]
    return out[["period", "theme", "n_total", "share_assigned", "share_corrected", "ci_low", "ci_high"]]


def label_key(title, date) -> str:
    """A stable key for a hand label that carries no article text: SHA-1 of ``title<TAB>date``, 16 hex digits.

    Keep labels in a table keyed this way (or by a hash of the url) to share a validation without
    sharing the articles.

    >>> label_key("제목", "2024-11-01")
    '5593a4e2ede802a5'
    """
    d = "" if date is None or (isinstance(date, float) and np.isnan(date)) else str(date)[:10]
    return hashlib.sha1(f"{title}\t{d}".encode()).hexdigest()[:16]
