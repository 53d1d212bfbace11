"""Neutral text statistics on cached token lists: counting, c-TF-IDF, coherence, diversity.

The lowest layer under :mod:`trendlab.models`, :mod:`trendlab.evaluate` and
:mod:`trendlab.trends`: it imports nothing from trendlab but :mod:`trendlab.errors`,
so any of them can use it without an import circle. Every function reads tokens,
never raw text.

* :func:`count_matrix`, :func:`class_tfidf`, :func:`top_terms` - document-term
  matrices, BERTopic's class-based TF-IDF and the top terms of a weight row.
* :func:`npmi_coherence` - normalised PMI of top-term pairs, estimated over Boolean
  sliding windows (as gensim's ``c_npmi``) or over whole documents (``window=None``).
* :func:`topic_diversity` - share of unique terms among all topics' top-k terms.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .errors import ConfigError

__all__ = [
    "identity",
    "join_tokens",
    "adaptive_df",
    "count_matrix",
    "class_tfidf",
    "fixed_tfidf",
    "top_terms",
    "npmi_coherence",
    "topic_diversity",
]

#: Tokens of several words keep their inner spaces as NO-BREAK SPACE inside joined
#: documents, so a plain split on " " restores them.
NBSP = "\u00a0"

_EPS = 1e-12


# -- counting and c-TF-IDF ---------------------------------------------------------


def identity(tokens):
    """An analyzer for scikit-learn vectorizers fed token lists (module-level so it pickles)."""
    return tokens


def join_tokens(tokens: list[str]) -> str:
    """One string per document for libraries that want text (BERTopic): tokens joined by spaces."""
    return " ".join(t.replace(" ", NBSP) for t in tokens)


_WORD = re.compile("[^ ]+")


def iter_joined(doc: str):
    """The tokens of a :func:`join_tokens` document one at a time: an analyzer for
    scikit-learn vectorizers that never holds a long document's token list in memory
    (BERTopic's c-TF-IDF joins all articles of a topic into one document)."""
    return (m.group() for m in _WORD.finditer(doc))


def adaptive_df(n_docs: int) -> tuple[int, float]:
    """(min_df, max_df) suited to the corpus size.

    Rare terms are dropped only on larger corpora; terms in more than 80% (70% above
    1,000 articles) of the articles say nothing about any one topic and are dropped,
    except on tiny corpora.
    """
    if n_docs < 10:
        return 1, 1.0
    if n_docs < 50:
        return 1, 0.8
    if n_docs < 1000:
        return 2, 0.8
    return 3, 0.7


def count_matrix(tokens: list[list[str]], *, min_df: int | None = None, max_df: float | None = None, vocabulary=None):
    """A CountVectorizer fitted on token lists, and its matrix."""
    from sklearn.feature_extraction.text import CountVectorizer

    lo, hi = adaptive_df(len(tokens))
    cv = CountVectorizer(
        analyzer=identity,
        lowercase=False,
        min_df=lo if min_df is None else min_df,
        max_df=hi if max_df is None else max_df,
        vocabulary=vocabulary,
    )
    try:
        X = cv.fit_transform(tokens) if vocabulary is None else cv.transform(tokens)
    except ValueError:  # every term pruned: fall back to keeping all terms
        cv = CountVectorizer(analyzer=identity, lowercase=False, min_df=1, max_df=1.0)
        X = cv.fit_transform(tokens)
    return cv, X


def class_tfidf(X, labels: np.ndarray, classes: list[int]) -> np.ndarray:
    """c-TF-IDF (BERTopic's class-based TF-IDF) of the given classes.

    ``tf`` is each class's term frequency normalised by its length and
    ``idf = log(1 + A / f_t)``, with A the average number of words per class and
    f_t the term's frequency over all classes.
    """
    rows = []
    for c in classes:
        idx = np.flatnonzero(labels == c)
        rows.append(np.asarray(X[idx].sum(axis=0)).ravel() if len(idx) else np.zeros(X.shape[1]))
    M = np.vstack(rows).astype(float) if rows else np.zeros((0, X.shape[1]))
    if M.size == 0:
        return M
    f_t = M.sum(axis=0)
    A = M.sum() / max(len(classes), 1)
    idf = np.log1p(A / np.maximum(f_t, 1e-12))
    tf = M / np.maximum(M.sum(axis=1, keepdims=True), 1e-12)
    return tf * idf


def top_terms(weights: np.ndarray, vocab: np.ndarray, n: int) -> tuple[list[str], list[float]]:
    """The ``n`` heaviest terms of a weight row (ties in vocabulary order), dropping zero weights."""
    order = np.argsort(-weights, kind="stable")[:n]
    order = [i for i in order if weights[i] > 0]
    return [str(vocab[i]) for i in order], [float(weights[i]) for i in order]


# -- topic quality ----------------------------------------------------------------


def _window_sets(doc: Sequence[str], window: int | None, vocab: set[str], mode: str):
    """The sets of topic words present in each Boolean sliding window of a document.

    ``mode="gensim"`` tracks windows as gensim's WordOccurrenceAccumulator does: when
    the window slides, the word leaving it is unmarked even if another occurrence of it
    is still inside. ``mode="exact"`` counts true presence.
    """
    doc = list(doc)
    if window is None or len(doc) <= window:
        yield vocab.intersection(doc)
        return
    if mode == "exact":
        for i in range(len(doc) - window + 1):
            yield vocab.intersection(doc[i : i + window])
        return
    present = set(doc[:window])
    yield vocab.intersection(present)
    for i in range(1, len(doc) - window + 1):
        present.discard(doc[i - 1])
        present.add(doc[i + window - 1])
        yield vocab.intersection(present)


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    tokens: Sequence[Sequence[str]],
    *,
    window: int | None = 10,
    per_topic: bool = False,
    window_mode: str = "gensim",
):
    """Mean NPMI of all pairs of each topic's terms.

    Parameters
    ----------
    topics : list of list of str
        Top terms of each topic.
    tokens : list of list of str
        The tokenized reference corpus.
    window : int or None, default 10
        Boolean sliding window size (gensim's ``c_npmi`` default); ``None`` counts
        co-occurrence within whole documents.
    per_topic : bool, default False
        Return one value per topic instead of their mean.
    window_mode : {"gensim", "exact"}, default "gensim"
        How windows are tracked as they slide. "gensim" reproduces gensim's
        accumulator, which unmarks a word when one of its occurrences leaves the window
        even if another remains inside, so values agree with ``CoherenceModel(coherence=
        "c_npmi")``; "exact" counts whether the word is really in the window.

    Notes
    -----
    ``NPMI(a, b) = log((p(a,b) + eps) / (p(a) p(b))) / -log(p(a,b) + eps)``, with
    probabilities counted over windows; a pair whose term never occurs scores 0.

    Examples
    --------
    >>> docs = [["ai", "chip"], ["ai", "chip"], ["job", "work"], ["job", "work"]]
    >>> round(npmi_coherence([["ai", "chip"]], docs, window=None), 3)
    1.0
    """
    vocab = {w for t in topics for w in t}
    occ: dict[str, int] = dict.fromkeys(vocab, 0)
    pair: dict[tuple[str, str], int] = {}
    n_win = 0
    if window_mode not in ("gensim", "exact"):
        raise ConfigError(f"window_mode must be 'gensim' or 'exact', got {window_mode!r}.")
    for doc in tokens:
        for win in _window_sets(doc, window, vocab, window_mode):
            n_win += 1
            present = sorted(win)
            for w in present:
                occ[w] += 1
            for a, b in itertools.combinations(present, 2):
                pair[(a, b)] = pair.get((a, b), 0) + 1
    scores = []
    for t in topics:
        vals = []
        for a, b in itertools.combinations(list(dict.fromkeys(t)), 2):
            pa, pb = occ.get(a, 0) / max(n_win, 1), occ.get(b, 0) / max(n_win, 1)
            key = (a, b) if a < b else (b, a)
            pab = pair.get(key, 0) / max(n_win, 1)
            if pa == 0 or pb == 0:
                vals.append(0.0)
                continue
            vals.append(math.log((pab + _EPS) / (pa * pb)) / -math.log(pab + _EPS))
        scores.append(float(np.mean(vals)) if vals else 0.0)
    if per_topic:
        return scores
    return float(np.mean(scores)) if scores else float("nan")


def topic_diversity(topics: Sequence[Sequence[str]], top_k: int = 10) -> float:
    """Share of unique terms among the top ``top_k`` terms of all topics (1.0 = no overlap)."""
    tops = [list(t)[:top_k] for t in topics]
    total = sum(len(t) for t in tops)
    return len({w for t in tops for w in t}) / total if total else float("nan")


def fixed_tfidf(docs: list[list[str]], vocabulary: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF times IDF, each row L2-normalised (scikit-learn's ``TfidfVectorizer`` with
    ``sublinear_tf=True``, computed from the stored vocabulary and IDF)."""
    rows, cols, vals = [], [], []
    for i, doc in enumerate(docs):
        counts: dict[int, int] = {}
        for w in doc:
            j = vocabulary.get(w)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(i)
            cols.append(j)
            vals.append((1.0 + np.log(c)) * idf[j])
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocabulary)), dtype=float)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(x.multiply(1.0 / norms[:, None]))
