"""Validating theme assignments against a hand-checked sample, and correcting shares for error.

Text-as-data practice: a theme share is a measurement, so measure its error.

1. :func:`sample` draws articles **stratified by assigned theme** (every theme gets its share of the
   sample, however rare, and so do the "other" articles, where the misses hide). It writes the
   stratum sizes into the sample, so scoring needs nothing else.
2. A person fills the ``label`` column by reading each article (a theme name or ``other``).
3. :func:`score` estimates, per theme, precision and recall with confidence intervals. The strata
   are weighted by their sizes: a miss found among 20 sampled "other" articles stands for
   ``N_other / 20`` misses in the corpus. Intervals are posterior intervals of each stratum's label
   rates (``random_state`` makes them reproducible); precision also has its Wilson interval.
4. :func:`corrected_shares` (and ``theme_trends(..., validation=...)``) corrects each period's
   shares with the stratified estimator: the corrected count of theme T in a period is
   ``sum_h n_h * q_hT``, where ``n_h`` is the number of articles assigned to h in the period and
   ``q_hT`` the share of articles assigned h that the sample found to be truly T. Its interval
   includes both the period's own sampling and the validation sample's uncertainty.

It assumes the error rates are the same in every period (one validation for the whole corpus);
validate per period when you doubt that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import InputError
from .labels import OTHER
from .sampling import SAMPLE_COLUMNS, label_key, read_labels, read_sample, sample
from .trends import period_index, wilson_interval

__all__ = [
    "sample",
    "score",
    "corrected_shares",
    "Validation",
    "SAMPLE_COLUMNS",
    "read_sample",
    "read_labels",
    "label_key",
]


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
    sample: pd.DataFrame = field(repr=False, default=None)  # the labelled sample it was scored from

    def check(self, assignments: pd.DataFrame) -> Validation:
        """Raise :class:`InputError` unless the sample was drawn from these assignments: its articles
        are in them with the same assigned theme, and the strata have today's sizes."""
        s = self.sample
        current = assignments.set_index(assignments["doc_id"].astype(str))["theme"].astype(str)
        ids = s["doc_id"].astype(str)
        missing = int((~ids.isin(current.index)).sum())
        moved = int((current.reindex(ids).to_numpy() != s["assigned"].astype(str).to_numpy()).sum()) - missing
        sizes = assignments["theme"].astype(str).value_counts()
        resized = [h for h, n in self.sizes.items() if int(sizes.get(h, 0)) != n]
        if missing or moved or resized:
            raise InputError(
                f"this validation sample was drawn from other assignments ({missing} sampled article(s) not in the "
                f"corpus, {moved} now assigned another theme, strata {resized} of another size): draw and label a "
                "sample of these assignments (same corpus, themes and theme method)."
            )
        return self

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
                lo, hi = np.array([_interval(est[:, j], point[j], alpha) for j in range(len(classes))]).T
            else:
                lo = hi = np.full(len(classes), np.nan)
            for j, c in enumerate(classes):
                rows.append((str(period), c, point[j], lo[j], hi[j]))
        return pd.DataFrame(rows, columns=["period", "theme", "share_corrected", "ci_low", "ci_high"])


def _check_labels(df: pd.DataFrame, themes) -> pd.DataFrame:
    """Labels must be a theme (of ``themes``, or the sample's own theme names) or ``other``;
    the strata must be the whole corpus."""
    df = df.copy()
    df["label"] = df["label"].astype(str).str.strip()
    allowed = set(df["assigned"].astype(str)) | {OTHER}
    if themes is not None:
        allowed |= set(themes.names)
    if "themes" in df.columns:
        allowed |= {t for cell in df["themes"].astype(str) for t in cell.split("|") if t}
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
    if "corpus_size" in df.columns and int(sizes["max"].sum()) != int(df["corpus_size"].iloc[0]):
        raise InputError(
            f"the sample's strata hold {int(sizes['max'].sum())} of the corpus' {int(df['corpus_size'].iloc[0])} "
            "articles: rows of a whole stratum were removed; draw the sample again and keep every row."
        )
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
    posterior intervals with a Perks prior (Dirichlet(k + 1/C) over the C classes, one unit of prior
    mass per stratum however many themes there are) on each stratum's label rates, widened where
    needed to hold the point estimate (at 0% or 100% they are one-sided). They stay honest when a
    stratum shows no error in the sample, where a bootstrap would give a zero-width interval. The
    precision interval is also reported as Wilson's.

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
    prior = 1.0 / len(classes)  # Perks: one unit of prior mass per stratum, however many classes
    draws = np.stack([rng.dirichlet(row + prior, size=n_draws) for row in k.to_numpy(dtype=float)], axis=1)
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
        sample=df,
    )


def _metrics(N: np.ndarray, q: np.ndarray, diag: np.ndarray) -> tuple:
    """(precision, recall, share) per class from stratum sizes N, rates q (..., H, C)."""
    true = np.einsum("h,...hc->...c", N, q)
    assigned = np.einsum("h,...hc->...c", N, diag * q)  # true positives: stratum c, label c
    prec = np.einsum("hc,...hc->...c", diag, q)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.where(true > 0, assigned / true, np.nan)
    return prec, recall, true / N.sum()


def _interval(draws: np.ndarray, estimate: float, a: float) -> tuple[float, float]:
    """Equal-tailed posterior interval, widened to hold the point estimate (one-sided at 0 or 1)."""
    ok = draws[np.isfinite(draws)]
    if not ok.size or not np.isfinite(estimate):
        return np.nan, np.nan
    lo, hi = np.quantile(ok, [a, 1 - a])
    return float(min(lo, estimate)), float(max(hi, estimate))


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
        p_est = prec[j] if in_strata else np.nan
        p_lo, p_hi = _interval(d_prec[:, j], p_est, a) if in_strata else (np.nan, np.nan)
        r_lo, r_hi = _interval(d_rec[:, j], rec[j], a)
        s_lo, s_hi = _interval(d_share[:, j], share[j], a)
        rows.append(
            {
                "theme": c,
                "n_assigned": int(sizes.get(c, 0)),
                "n_labelled": n_lab,
                "n_true_in_sample": int(k[c].sum()),
                "precision": p_est,
                "precision_low": p_lo,
                "precision_high": p_hi,
                "precision_wilson_low": float(w_lo),
                "precision_wilson_high": float(w_hi),
                "recall": rec[j],
                "recall_low": r_lo,
                "recall_high": r_hi,
                "share_assigned": sizes.get(c, 0) / N.sum(),
                "share_estimated": share[j],
                "share_low": s_lo,
                "share_high": s_hi,
            }
        )
    return pd.DataFrame(rows).round(6)


def corrected_shares(assignments: pd.DataFrame, validation: Validation, freq: str = "year") -> pd.DataFrame:
    """Each period's theme shares corrected for the measured error rates (see the module notes).

    Returns ``period, theme, n_total, share_assigned, share_corrected, ci_low, ci_high``.
    """
    per = period_index(assignments["date"], freq)
    dated = assignments.loc[per.notna()].assign(_p=per[per.notna()].astype(str))
    counts = dated.groupby(["_p", "theme"]).size().unstack(fill_value=0)
    out = validation.correct(counts)
    totals = counts.sum(axis=1)
    out["n_total"] = out["period"].map(totals).astype(int)
    raw = (counts.div(totals, axis=0)).stack()
    out["share_assigned"] = [raw.get((p, t), 0.0) for p, t in zip(out["period"], out["theme"])]
    return out[["period", "theme", "n_total", "share_assigned", "share_corrected", "ci_low", "ci_high"]]
