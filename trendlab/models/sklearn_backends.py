"""scikit-learn topic-model backends: NMF and LDA, and the choice of their number of topics.

Both fit on a document-term matrix of the cached tokens (the adaptive vocabulary of
:func:`trendlab.textstats.count_matrix`) and describe themselves as JSON plus NumPy
arrays, so a fitted model is saved without pickle.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from ..errors import ConfigError, ModelError
from ..textstats import count_matrix, identity, npmi_coherence, top_terms
from .base import FitResult

__all__ = ["NMFBackend", "LDABackend", "auto_n_topics", "heuristic_n_topics"]


def heuristic_n_topics(n_docs: int) -> int:
    """sqrt(n/2), clipped to [2, 50]: a common rule of thumb for news corpora."""
    return int(min(50, max(2, round(math.sqrt(n_docs / 2)))))


def auto_n_topics(n_docs: int, fit_k, tokens, *, max_docs_for_search: int = 5000) -> tuple[int, dict]:
    """Choose the number of topics by mean NPMI coherence over a few candidates.

    Candidates surround :func:`heuristic_n_topics`. On corpora larger than
    ``max_docs_for_search`` the heuristic is used directly (each candidate is a full fit).
    ``fit_k(k)`` must return a list of top-term lists.
    """
    k0 = heuristic_n_topics(n_docs)
    if n_docs > max_docs_for_search:
        return k0, {"rule": "heuristic sqrt(n/2)", "k0": k0}
    cands = sorted({k for k in (k0 - 2, k0 - 1, k0, k0 + 1, k0 + 2, 2 * k0) if 2 <= k < n_docs})
    if not cands:
        return 2, {"rule": "minimum", "k0": k0}
    scores = {k: npmi_coherence([t[:10] for t in fit_k(k)], tokens, window=10) for k in cands}
    best = max(cands, key=lambda k: (round(scores[k], 4), -k))
    return best, {"rule": "max NPMI (window 10) over candidates", "scores": {str(k): v for k, v in scores.items()}}


class _SklearnBackend:
    """Shared fit, transform and persistence of the matrix-factorisation backends.

    ``__init__`` only stores the parameters; ``fit`` checks them and sets the learned
    attributes ``cv_`` (vocabulary), ``model_`` and ``selection_``.
    """

    name = ""

    def __init__(self, n_topics="auto", random_state=0, top_n_terms=10, max_iter=None, **options):
        self.n_topics = n_topics
        self.random_state = random_state
        self.top_n_terms = top_n_terms
        self.max_iter = max_iter
        self.options = options

    def _validate(self):
        if self.n_topics != "auto" and (not isinstance(self.n_topics, int) or self.n_topics < 1):
            raise ConfigError(f"n_topics must be 'auto' or a positive integer, got {self.n_topics!r}.")

    def _model(self, k):
        raise NotImplementedError

    def fit(self, tokens, texts=None) -> FitResult:
        self._validate()
        self.cv_, X = count_matrix(tokens)
        if X.shape[1] < 2:
            raise ModelError("the articles share fewer than 2 distinct terms; no topics can be told apart.")
        M = self._fit_matrix(X)
        vocab = self.cv_.get_feature_names_out()
        n_docs = X.shape[0]

        def fit_k(k):
            m = self._model(k).fit(M)
            return [top_terms(row, vocab, self.top_n_terms)[0] for row in m.components_]

        if self.n_topics == "auto":
            k, self.selection_ = auto_n_topics(n_docs, fit_k, tokens)
        else:
            k = min(self.n_topics, max(1, n_docs - 1)) if n_docs > 1 else 1
            self.selection_ = {"rule": "user", "requested": self.n_topics, "used": k}
        self.model_ = self._model(k).fit(M)
        W = self._doc_topic(M)
        topics, probs = self._assign(W, X)
        terms = {
            i: top_terms(row / max(row.sum(), 1e-12), vocab, self.top_n_terms)
            for i, row in enumerate(self.model_.components_)
        }
        return FitResult(topics, probs, terms)

    def _assign(self, W, X):
        sums = W.sum(axis=1)
        empty = (np.asarray(X.sum(axis=1)).ravel() == 0) | (sums <= 0)
        norm = W / np.where(sums[:, None] > 0, sums[:, None], 1.0)
        topics = norm.argmax(axis=1).astype(int)
        probs = norm.max(axis=1)
        topics[empty] = -1
        probs[empty] = 0.0
        return topics, probs

    def transform(self, tokens, texts=None):
        X = self.cv_.transform(tokens)
        M = self._transform_matrix(X)
        return self._assign(self._doc_topic(M), X)

    # persistence -------------------------------------------------------------
    def state(self) -> tuple[dict, dict]:
        meta = {
            "backend": self.name,
            "n_topics": self.n_topics,
            "random_state": self.random_state,
            "top_n_terms": self.top_n_terms,
            "vocabulary": self.cv_.get_feature_names_out().tolist(),
            "selection": self.selection_,
        }
        return meta, {"components": self.model_.components_}

    @classmethod
    def from_state(cls, meta, arrays):
        from sklearn.feature_extraction.text import CountVectorizer

        self = cls(meta["n_topics"], meta["random_state"], meta["top_n_terms"])
        self.cv_ = CountVectorizer(
            analyzer=identity, lowercase=False, vocabulary={w: i for i, w in enumerate(meta["vocabulary"])}
        )
        self.cv_.fit([[]])  # sets the fixed vocabulary
        self.selection_ = meta.get("selection", {})
        self._restore(meta, arrays)
        return self


class NMFBackend(_SklearnBackend):
    """scikit-learn NMF on sublinear TF-IDF of the tokens (nndsvda init, deterministic)."""

    name = "nmf"

    def _fit_matrix(self, X):
        from sklearn.feature_extraction.text import TfidfTransformer

        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(X)
        return self.tfidf_.transform(X)

    def _transform_matrix(self, X):
        return self.tfidf_.transform(X)

    def _model(self, k):
        from sklearn.decomposition import NMF

        return NMF(
            n_components=k,
            init="nndsvda",
            random_state=self.random_state,
            max_iter=self.max_iter or 500,
            **self.options,
        )

    def _doc_topic(self, M):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.model_.transform(M)

    def state(self):
        meta, arrays = super().state()
        arrays["idf"] = self.tfidf_.idf_
        return meta, arrays

    def _restore(self, meta, arrays):
        from sklearn.decomposition import NMF
        from sklearn.feature_extraction.text import TfidfTransformer

        comps = np.asarray(arrays["components"])
        # only public fitted attributes: NMF.transform derives its private state from
        # n_components itself
        self.model_ = NMF(n_components=comps.shape[0], init="nndsvda", random_state=self.random_state)
        self.model_.components_ = comps
        self.model_.n_components_ = comps.shape[0]
        self.model_.n_features_in_ = comps.shape[1]
        self.model_.n_iter_ = 0
        self.model_.reconstruction_err_ = 0.0
        self.tfidf_ = TfidfTransformer(sublinear_tf=True)
        self.tfidf_.idf_ = np.asarray(arrays["idf"])


class LDABackend(_SklearnBackend):
    """scikit-learn LatentDirichletAllocation (batch variational Bayes) on token counts."""

    name = "lda"

    def _fit_matrix(self, X):
        return X

    def _transform_matrix(self, X):
        return X

    def _model(self, k):
        from sklearn.decomposition import LatentDirichletAllocation

        return LatentDirichletAllocation(
            n_components=k,
            learning_method="batch",
            random_state=self.random_state,
            max_iter=self.max_iter or 50,
            **self.options,
        )

    def _doc_topic(self, M):
        return self.model_.transform(M)

    def state(self):
        meta, arrays = super().state()
        arrays["exp_dirichlet_component"] = self.model_.exp_dirichlet_component_
        meta["doc_topic_prior"] = float(self.model_.doc_topic_prior_)
        meta["topic_word_prior"] = float(self.model_.topic_word_prior_)
        return meta, arrays

    def _restore(self, meta, arrays):
        from sklearn.decomposition import LatentDirichletAllocation

        comps = np.asarray(arrays["components"])
        m = LatentDirichletAllocation(
            n_components=comps.shape[0], learning_method="batch", random_state=self.random_state
        )
        m.components_ = comps
        m.exp_dirichlet_component_ = np.asarray(arrays["exp_dirichlet_component"])
        m.doc_topic_prior_ = meta["doc_topic_prior"]
        m.topic_word_prior_ = meta["topic_word_prior"]
        m.n_features_in_ = comps.shape[1]
        m.n_batch_iter_ = 1
        m.n_iter_ = 1
        m.bound_ = 0.0
        m.random_state_ = np.random.RandomState(self.random_state)
        self.model_ = m
