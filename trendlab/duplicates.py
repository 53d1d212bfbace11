"""Duplicate articles: exact repeats after white-space normalisation, and near-duplicates by character 5-grams.

Both steps work on the article records of :mod:`trendlab.records` and write what
they decide to its :class:`~trendlab.records.AccountingLog`: an exact repeat is
excluded (when deduplication is on); a near-duplicate (a rewrite, a re-post with a
new headline) is flagged in ``near_duplicate_of`` or excluded, naming the earlier
article it repeats.
"""

from __future__ import annotations

import re

from .records import AccountingLog, digest

__all__ = ["NEAR_DUPLICATE_MODES", "drop_exact_duplicates", "near_duplicate_pairs", "resolve_near_duplicates"]

#: Accepted values of ``near_duplicates=``.
NEAR_DUPLICATE_MODES = (None, "flag", "exclude")


def drop_exact_duplicates(records: list[dict], acc: AccountingLog, *, dedupe: bool) -> list[dict]:
    """The records whose text does not repeat an earlier record's.

    Parameters
    ----------
    records : list of dict
        Article records, in corpus order.
    acc : AccountingLog
        Receives one ``excluded`` entry per repeat, naming the first occurrence.
    dedupe : bool
        When false every record is kept.

    Returns
    -------
    list of dict
        The kept records, each with ``near_duplicate_of`` set to ``""``.
    """
    seen: dict[str, str] = {}
    kept = []
    for rec in records:
        key = digest(re.sub(r"\s+", " ", rec["text"]).strip())
        if dedupe and key in seen:
            acc.add(
                rec["_where"],
                "article",
                "excluded",
                f"duplicate of {seen[key]}",
                rec["doc_id"],
                rec["title"],
                "identical text after white-space normalisation",
            )
            continue
        seen.setdefault(key, rec["doc_id"])
        rec["near_duplicate_of"] = ""
        kept.append(rec)
    return kept


def near_duplicate_pairs(texts: list[str], threshold: float) -> dict[int, tuple[int, float]]:
    """Pairs of texts whose character 5-gram profiles are close.

    Cosine similarity is computed blockwise on sparse hashed binary 5-gram vectors.

    Parameters
    ----------
    texts : list of str
    threshold : float
        The least cosine similarity that makes a near-duplicate.

    Returns
    -------
    dict
        ``{later index: (earlier index, similarity)}``, sorted by the later index;
        each later text is paired with the first earlier text found over the threshold.
    """
    from sklearn.feature_extraction.text import HashingVectorizer

    if len(texts) < 2:
        return {}
    hv = HashingVectorizer(
        analyzer="char", ngram_range=(5, 5), n_features=2**20, binary=True, norm="l2", alternate_sign=False
    )
    X = hv.transform([re.sub(r"\s+", " ", t) for t in texts]).tocsr()
    found: dict[int, tuple[int, float]] = {}
    block = 2000
    for start in range(0, X.shape[0], block):
        S = (X[start : start + block] @ X[: start + block].T).tocoo()
        for i, j, v in zip(S.row, S.col, S.data):
            gi = start + int(i)
            if int(j) < gi and v >= threshold and gi not in found:
                found[gi] = (int(j), float(v))
    return dict(sorted(found.items()))


def resolve_near_duplicates(kept: list[dict], acc: AccountingLog, *, mode: str, threshold: float) -> list[dict]:
    """Flag or exclude the records that nearly repeat an earlier one.

    Parameters
    ----------
    kept : list of dict
        Records left after :func:`drop_exact_duplicates`.
    acc : AccountingLog
        Receives a ``warning`` (``mode="flag"``) or an ``excluded`` entry per near-duplicate.
    mode : {"flag", "exclude"}
        ``"flag"`` keeps the record and sets its ``near_duplicate_of`` to the
        earlier record's ``doc_id``; ``"exclude"`` drops it.
    threshold : float
        See :func:`near_duplicate_pairs`.

    Returns
    -------
    list of dict
        The records kept.
    """
    near = near_duplicate_pairs([r["text"] for r in kept], threshold)
    for i, (j, sim) in near.items():
        rec, first = kept[i], kept[j]
        if mode == "exclude":
            acc.add(
                rec["_where"],
                "article",
                "excluded",
                f"near-duplicate of {first['doc_id']}",
                rec["doc_id"],
                rec["title"],
                f"character 5-gram cosine {sim:.2f} >= {threshold}",
            )
        else:
            rec["near_duplicate_of"] = first["doc_id"]
            acc.add(
                rec["_where"],
                "article",
                "warning",
                f"near-duplicate of {first['doc_id']}",
                rec["doc_id"],
                rec["title"],
                f"character 5-gram cosine {sim:.2f}; kept (near_duplicates='flag')",
            )
    if mode == "exclude":
        kept = [r for k, r in enumerate(kept) if k not in near]
    return kept
