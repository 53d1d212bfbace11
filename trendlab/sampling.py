"""Drawing a validation sample: articles stratified by assigned theme, for a person to label.

:func:`sample` writes the stratum sizes, the corpus size and the theme names into every row, so
:func:`trendlab.validate.score` needs nothing else and can refuse a sample that lost a stratum.
:func:`label_key` keys hand labels by a hash, so a validation can be shared without the articles.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError
from .labels import OTHER

__all__ = ["sample", "read_sample", "read_labels", "label_key", "SAMPLE_COLUMNS"]

SAMPLE_COLUMNS = [
    "doc_id",
    "date",
    "title",
    "lead",
    "assigned",
    "evidence",
    "stratum_size",
    "corpus_size",
    "themes",
    "label",
]
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
    if n < len(sizes):
        raise ConfigError(
            f"n={n} is smaller than the {len(sizes)} assigned classes ({', '.join(sizes.index)}); every class "
            f"needs at least one sampled article: use n >= {len(sizes)} (150 or more is usual)."
        )
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
            "corpus_size": int(len(assignments)),
            "themes": "|".join(_theme_names(assignments)),
            "label": "",
        }
    )
    out.attrs["n_articles"] = int(len(assignments))
    return out.reset_index(drop=True)


def _theme_names(assignments: pd.DataFrame) -> list[str]:
    """The theme set's names (from the assignment's attrs), else the assigned classes."""
    names = list((assignments.attrs.get("themes") or {}).get("themes", {}))
    return names or sorted(set(assignments["theme"].astype(str)) - {OTHER})


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


def read_labels(path) -> dict:
    """``{doc_id: label}`` from a labelled sample CSV, for ``assign_themes(..., labels=...)``.

    Rows left blank are skipped. Learn from one sample and validate with another: a sample
    that trained the classifier would flatter it.
    """
    df = read_sample(path)
    done = df[df["label"].astype(str).str.strip() != ""]
    return dict(zip(done["doc_id"].astype(str), done["label"].astype(str).str.strip()))


def label_key(title, date) -> str:
    """A stable key for a hand label that carries no article text: SHA-1 of ``title<TAB>date``, 16 hex digits.

    Keep labels in a table keyed this way (or by a hash of the url) to share a validation without
    sharing the articles.

    >>> label_key("제목", "2024-11-01")
    '5593a4e2ede802a5'
    """
    d = "" if date is None or (isinstance(date, float) and np.isnan(date)) else str(date)[:10]
    return hashlib.sha1(f"{title}\t{d}".encode()).hexdigest()[:16]
