"""Document-term matrices and c-TF-IDF built from cached tokens (never from raw text)."""

from __future__ import annotations

import numpy as np

__all__ = ["identity", "split_joined", "join_tokens", "count_matrix", "class_tfidf", "adaptive_df"]

#: Tokens of several words keep their inner spaces as NO-BREAK SPACE inside joined
#: documents, so a plain split on " " restores them.
NBSP = "\u00a0"


def identity(tokens):
    """An analyzer for scikit-learn vectorizers fed token lists (module-level so it pickles)."""
    return tokens


def join_tokens(tokens: list[str]) -> str:
    """One string per document for libraries that want text (BERTopic): tokens joined by spaces."""
    return " ".join(t.replace(" ", NBSP) for t in tokens)


def split_joined(doc: str) -> list[str]:
    """Split a :func:`join_tokens` document on spaces (BERTopic's vectorizer tokenizer).

    Multi-word tokens keep their NO-BREAK SPACE, so a vocabulary must spell them with
    one too (the BERTopic backend builds it that way).
    """
    return [t for t in doc.split(" ") if t]


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
    order = np.argsort(-weights, kind="stable")[:n]
    order = [i for i in order if weights[i] > 0]
    return [str(vocab[i]) for i in order], [float(weights[i]) for i in order]
