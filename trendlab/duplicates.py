"""Duplicate articles: exact repeats after white-space normalisation, and near-duplicates by character 5-grams.

Both steps work on the article records of :mod:`trendlab.records` and write what
they decide to its :class:`~trendlab.records.AccountingLog`: an exact repeat is
excluded (when deduplication is on); a near-duplicate (a rewrite, a re-post with a
new headline) is flagged in ``near_duplicate_of`` or excluded, naming the earlier
article it repeats.
"""

from __future__ import annotations

import re

import numpy as np

from .records import AccountingLog, text_hash

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
        key = text_hash(rec["text"])
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


#: MinHash: this many bins (hashes), in LSH bands of _ROWS; within a band's bucket each article
#: is paired with the _SPAN articles before it (and, beyond that, with the bucket's first).
_HASHES, _ROWS, _SPAN = 128, 4, 50
_CHUNK = 1000


def _grams(text: str) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of a text's character 5-grams."""
    c = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(c) - 4
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for k in range(5):  # a polynomial hash of the window, modulo 2**64
        h = h * np.uint64(1_000_003) + c[k : k + n]
    return np.unique(h)


def _signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures of the texts' 5-gram sets by one-permutation hashing: the 5-gram
    hashes are mixed once, split into ``_HASHES`` bins by their top bits, and each bin keeps
    its least value. Computed ``_CHUNK`` texts at a time, so memory holds one chunk's
    5-grams, never the corpus'. A text without a 5-gram keeps values of its own
    (``-1 - row``) that match no other text."""
    sig = -1 - np.repeat(np.arange(len(texts), dtype=np.int64)[:, None], _HASHES, axis=1)
    shift = np.uint64(64 - _HASHES.bit_length() + 1)
    for start in range(0, len(texts), _CHUNK):
        grams = [_grams(t) for t in texts[start : start + _CHUNK]]
        rows = start + np.repeat(np.arange(len(grams)), [len(g) for g in grams])
        if len(rows) == 0:
            continue
        v = np.concatenate(grams) * np.uint64(0x9E3779B97F4A7C15)  # a multiplicative mix
        v ^= v >> np.uint64(29)
        bins = (v >> shift).astype(np.int64)
        val = (v & np.uint64((1 << 55) - 1)).astype(np.int64)
        order = np.lexsort((val, bins, rows))
        rows, bins, val = rows[order], bins[order], val[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (bins[1:] != bins[:-1])
        sig[rows[first], bins[first]] = val[first]
    _densify(sig)
    return sig


def _densify(sig: np.ndarray) -> None:
    """Fill the empty bins of short texts by rotation (Shrivastava and Li, 2014): an empty
    bin takes the value of the next filled bin to its right, marked with the distance, so
    that two texts' bins still agree with probability equal to their Jaccard similarity."""
    for r in np.flatnonzero(((sig < 0).any(axis=1)) & ((sig >= 0).any(axis=1))):
        row = sig[r]
        filled = np.flatnonzero(row >= 0)
        empty = np.flatnonzero(row < 0)
        nxt = filled[np.searchsorted(filled, empty) % len(filled)]
        row[empty] = row[nxt] + ((nxt - empty) % _HASHES) * (1 << 55)


def _candidates(sig: np.ndarray, least_jaccard: float) -> list[tuple[int, int]]:
    """Sorted (later, earlier) pairs that share a whole band of their signatures (LSH) and whose
    estimated Jaccard similarity is at least ``least_jaccard``. Vectorised: the pairs of every
    band are numpy arrays, never Python objects, so a corpus with many shared paragraphs costs
    memory in proportion to its candidate pairs only."""
    has = np.flatnonzero((sig >= 0).any(axis=1))
    n = np.int64(len(sig))
    keys = []
    for band in range(0, _HASHES, _ROWS):
        _, group = np.unique(sig[has, band : band + _ROWS], axis=0, return_inverse=True)
        order = np.lexsort((has, group.ravel()))  # by group, then by article
        g, idx = group.ravel()[order], has[order]
        d = 1
        while d < len(g) and d <= _SPAN:
            same = g[d:] == g[:-d]
            if not same.any():
                break
            keys.append(idx[d:][same].astype(np.int64) * n + idx[:-d][same])
            d += 1
        if d > _SPAN:  # a bucket of many templated articles: past _SPAN, pair each with the bucket's first
            pos = np.arange(len(g))
            start = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
            first = start[np.searchsorted(start, pos, side="right") - 1]
            far = pos - first > _SPAN
            keys.append(idx[far].astype(np.int64) * n + idx[first[far]])
    if not keys:
        return []
    keys = np.unique(np.concatenate(keys))
    later, earlier = keys // n, keys % n
    keep = np.zeros(len(keys), dtype=bool)
    for s in range(0, len(keys), 200_000):  # estimated Jaccard, a slice of pairs at a time
        e = slice(s, s + 200_000)
        keep[e] = (sig[later[e]] == sig[earlier[e]]).mean(axis=1) >= least_jaccard
    return list(zip(later[keep].tolist(), earlier[keep].tolist()))


def near_duplicate_pairs(texts: list[str], threshold: float) -> dict[int, tuple[int, float]]:
    """Pairs of texts whose character 5-gram profiles are close.

    Candidates come from MinHash with locality-sensitive hashing (128 hashes in 32 bands
    of 4), so the work grows linearly with the corpus rather than with its square; each
    candidate's cosine similarity of its 5-gram set is then computed exactly
    (``|A ∩ B| / sqrt(|A| |B|)``, 5-grams compared by 64-bit hash).
    A pair at the threshold 0.8 is a candidate with probability at least 0.997 (the least
    Jaccard similarity that cosine 0.8 allows is 0.64, when one text contains the other:
    1 - (1 - 0.64**4)**32), above 0.999 for texts of equal length, and more surely still for
    more similar pairs.

    Parameters
    ----------
    texts : list of str
    threshold : float
        The least cosine similarity that makes a near-duplicate.

    Returns
    -------
    dict
        ``{later index: (earlier index, similarity)}``, sorted by the later index; each
        later text is paired with the earliest text over the threshold.
    """
    if len(texts) < 2:
        return {}
    texts = [re.sub(r"\s+", " ", t) for t in texts]
    # cosine >= t needs Jaccard >= t**2; the slack of 0.17 is four standard errors of the estimate
    pairs = _candidates(_signatures(texts), threshold**2 - 0.17)  # sorted by later, then earlier
    if not pairs:
        return {}
    grams = {k: _grams(texts[k]) for k in sorted({k for p in pairs for k in p})}
    sims = [
        len(np.intersect1d(grams[i], grams[j], assume_unique=True)) / np.sqrt(len(grams[i]) * len(grams[j]))
        for i, j in pairs
    ]
    found: dict[int, tuple[int, float]] = {}
    for (i, j), v in zip(pairs, sims):  # pairs are sorted: the earliest j of each i comes first
        if v >= threshold and i not in found:
            found[i] = (j, float(v))
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
