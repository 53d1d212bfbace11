"""Topic-model backends behind :class:`trendlab.TopicModel`: NMF, LDA and BERTopic.

Each backend fits on the same cached token lists and returns, per article, a
topic id (``-1`` for an outlier) and a probability or weight, and, per topic,
its top terms with weights. Each can describe itself as JSON plus NumPy arrays,
so a fitted model is saved without pickle.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError, ModelError
from .vocab import count_matrix, identity, join_tokens, split_joined, top_terms

__all__ = ["BACKENDS", "make_backend", "FitResult", "auto_n_topics"]

log = logging.getLogger(__name__)


@dataclass
class FitResult:
    topics: np.ndarray  # int per document, -1 = outlier
    probs: np.ndarray  # float per document
    terms: dict[int, tuple[list[str], list[float]]]  # topic -> (terms, weights)


def heuristic_n_topics(n_docs: int) -> int:
    """sqrt(n/2), clipped to [2, 50]: a common rule of thumb for news corpora."""
    return int(min(50, max(2, round(math.sqrt(n_docs / 2)))))


def auto_n_topics(n_docs: int, fit_k, tokens, *, max_docs_for_search: int = 5000) -> tuple[int, dict]:
    """Choose the number of topics by mean NPMI coherence over a few candidates.

    Candidates surround :func:`heuristic_n_topics`. On corpora larger than
    ``max_docs_for_search`` the heuristic is used directly (each candidate is a full fit).
    ``fit_k(k)`` must return a list of top-term lists.
    """
    from ..evaluate import npmi_coherence

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
    name = ""

    def __init__(self, n_topics="auto", random_state=0, top_n_terms=10, max_iter=None, **options):
        if n_topics != "auto" and (not isinstance(n_topics, int) or n_topics < 1):
            raise ConfigError(f"n_topics must be 'auto' or a positive integer, got {n_topics!r}.")
        self.n_topics = n_topics
        self.random_state = random_state
        self.top_n_terms = top_n_terms
        self.max_iter = max_iter
        self.options = options
        self.selection_ = {}

    def _matrix(self, X):
        return X

    def _model(self, k):
        raise NotImplementedError

    def fit(self, tokens, texts=None) -> FitResult:
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
        self.model_ = NMF(n_components=comps.shape[0], init="nndsvda", random_state=self.random_state)
        self.model_.components_ = comps
        self.model_.n_components_ = comps.shape[0]
        self.model_.n_features_in_ = comps.shape[1]
        self.model_._n_components = comps.shape[0]
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


class BERTopicBackend:
    """BERTopic with UMAP and HDBSCAN on an offline embedding of the cached tokens.

    Parameters
    ----------
    embedding : str or object, default "tfidf-svd"
        See :func:`trendlab.models.embeddings.make_embedder`.
    n_neighbors, n_components, min_cluster_size, min_samples : int or "auto"
        UMAP and HDBSCAN settings; "auto" adapts them to the corpus size:
        ``n_neighbors = clip(n/3, 2, 15)``, ``n_components = clip(n/5, 2, 5)``,
        ``min_cluster_size = clip(sqrt(n)/2, 3, 50)``.
    outliers : {"reduce", "keep"}, default "reduce"
        "reduce" reassigns HDBSCAN outliers with BERTopic's ``reduce_outliers``
        (c-TF-IDF strategy, ``outlier_threshold``); those that stay are topic -1.
    outlier_threshold : float, default 0.05
    small_corpus : int, default 30
        Below this many articles, or when HDBSCAN finds fewer than two clusters, UMAP and
        HDBSCAN cannot work: BERTopic then runs with no reduction and KMeans clustering
        (k = sqrt(n/2)) on the embeddings, and a warning says so.
    """

    name = "bertopic"

    def __init__(
        self,
        n_topics="auto",
        random_state=0,
        top_n_terms=10,
        *,
        embedding="tfidf-svd",
        n_neighbors="auto",
        n_components="auto",
        min_cluster_size="auto",
        min_samples="auto",
        outliers="reduce",
        outlier_threshold=0.05,
        small_corpus=30,
    ):
        if outliers not in {"reduce", "keep"}:
            raise ConfigError(f"outliers must be 'reduce' or 'keep', got {outliers!r}.")
        if n_topics != "auto" and (not isinstance(n_topics, int) or n_topics < 2):
            raise ConfigError(f"n_topics must be 'auto' or an integer >= 2, got {n_topics!r}.")
        self.n_topics = n_topics
        self.random_state = random_state
        self.top_n_terms = top_n_terms
        self.embedding = embedding
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.outliers = outliers
        self.outlier_threshold = outlier_threshold
        self.small_corpus = small_corpus
        self.selection_ = {}

    def _embed(self, tokens, texts, fit=False):
        emb = self.embedder_
        data = texts if getattr(emb, "uses_text", False) else tokens
        return emb.fit_transform(data) if fit else emb.transform(data)

    def _params(self, n):
        auto = lambda v, x: x if v == "auto" else v  # noqa: E731
        return {
            "n_neighbors": auto(self.n_neighbors, int(min(15, max(2, n // 3)))),
            "n_components": auto(self.n_components, int(min(5, max(2, n // 5)))),
            "min_cluster_size": auto(self.min_cluster_size, int(min(50, max(3, round(math.sqrt(n) / 2))))),
            "min_samples": auto(self.min_samples, 1 if n < 200 else None),
        }

    def fit(self, tokens, texts) -> FitResult:
        from bertopic import BERTopic
        from bertopic.dimensionality import BaseDimensionalityReduction
        from hdbscan import HDBSCAN
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import CountVectorizer
        from umap import UMAP

        from .embeddings import make_embedder

        n = len(tokens)
        self.embedder_ = make_embedder(self.embedding, self.random_state)
        emb = self._embed(tokens, texts, fit=True)
        docs = [join_tokens(t) for t in tokens]
        p = self._params(n)
        self.params_ = dict(p)

        # c-TF-IDF over the same pruned vocabulary as NMF and LDA (adaptive min_df/max_df)
        cv, _ = count_matrix(tokens)
        vocab = {w.replace(" ", "\u00a0"): i for i, w in enumerate(cv.get_feature_names_out())}

        def vectorizer():
            return CountVectorizer(tokenizer=split_joined, lowercase=False, token_pattern=None, vocabulary=vocab)

        def build(cluster_model, reducer):
            # language="multilingual": with "english", BERTopic strips every non-ASCII
            # character (all Hangul) from the documents before c-TF-IDF
            return BERTopic(
                embedding_model=None,
                umap_model=reducer,
                hdbscan_model=cluster_model,
                language="multilingual",
                vectorizer_model=vectorizer(),
                top_n_words=self.top_n_terms,
                calculate_probabilities=False,
                verbose=False,
            )

        mode = "umap+hdbscan"
        topics = None
        if n >= self.small_corpus and self.n_topics == "auto":
            umap = UMAP(
                n_neighbors=p["n_neighbors"],
                n_components=p["n_components"],
                min_dist=0.0,
                metric="cosine",
                random_state=self.random_state,
                n_jobs=1,
                low_memory=True,
            )
            hdb = HDBSCAN(
                min_cluster_size=p["min_cluster_size"],
                min_samples=p["min_samples"],
                metric="euclidean",
                cluster_selection_method="eom",
                prediction_data=True,
            )
            model = build(hdb, umap)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                topics, probs = model.fit_transform(docs, embeddings=emb)
            if len({t for t in topics if t != -1}) < 2:
                log.warning(
                    "BERTopic: HDBSCAN found fewer than 2 clusters in %d articles; "
                    "falling back to KMeans on the embeddings",
                    n,
                )
                topics = None
        if topics is None:
            k = self.n_topics if self.n_topics != "auto" else max(2, min(n - 1, round(math.sqrt(n / 2))))
            mode = "kmeans (small-corpus fallback)" if self.n_topics == "auto" else "kmeans (fixed n_topics)"
            if self.n_topics == "auto":
                warnings.warn(
                    f"BERTopic: {n} articles are too few for UMAP+HDBSCAN (small_corpus="
                    f"{self.small_corpus}); using KMeans with k={k} on the embeddings instead.",
                    stacklevel=3,
                )
            km = KMeans(n_clusters=int(k), n_init=10, random_state=self.random_state)
            model = build(km, BaseDimensionalityReduction())
            topics, probs = model.fit_transform(docs, embeddings=emb)
            probs = np.ones(n) if probs is None else probs
        topics = np.asarray(topics, dtype=int)
        if self.outliers == "reduce" and (topics == -1).any():
            new = model.reduce_outliers(docs, list(topics), strategy="c-tf-idf", threshold=self.outlier_threshold)
            bt_log = logging.getLogger("BERTopic")
            level = bt_log.level
            bt_log.setLevel(logging.ERROR)  # its notice about custom topic lists is expected here
            try:
                model.update_topics(docs, topics=new, vectorizer_model=vectorizer(), top_n_words=self.top_n_terms)
            finally:
                bt_log.setLevel(level)
            topics = np.asarray(new, dtype=int)
        self.selection_ = {"mode": mode, **self.params_}
        self.model_ = model
        probs = np.asarray(probs if probs is not None else np.ones(n), dtype=float)
        if probs.ndim > 1:
            probs = probs.max(axis=1)
        terms = {}
        for t in sorted(set(topics) | set(model.get_topics())):
            got = model.get_topic(t) or []
            terms[int(t)] = ([w.replace("\u00a0", " ") for w, _ in got if w], [float(s) for w, s in got if w])
        self._centroids(emb, topics)
        return FitResult(topics, probs, terms)

    def _centroids(self, emb, topics):
        ids = sorted(t for t in set(topics.tolist()) if t != -1)
        C = np.vstack([emb[topics == t].mean(axis=0) for t in ids]) if ids else np.zeros((0, emb.shape[1]))
        n = np.linalg.norm(C, axis=1, keepdims=True)
        self.centroid_ids_ = np.asarray(ids, dtype=int)
        self.centroids_ = C / np.where(n == 0, 1.0, n)

    def transform(self, tokens, texts):
        """Nearest topic centroid by cosine similarity in embedding space.

        The same rule serves fitted and loaded models (UMAP and HDBSCAN are not
        persisted, since that would need pickle), so results do not depend on
        whether the model was reloaded.
        """
        emb = self._embed(tokens, texts)
        if len(self.centroid_ids_) == 0:
            return np.full(len(tokens), -1), np.zeros(len(tokens))
        sims = emb @ self.centroids_.T
        best = sims.argmax(axis=1)
        topics = self.centroid_ids_[best]
        probs = np.clip(sims[np.arange(len(best)), best], 0, 1)
        empty = np.array([len(t) == 0 for t in tokens])
        topics[empty], probs[empty] = -1, 0.0
        return topics, probs

    def state(self):
        if not hasattr(self.embedder_, "state"):
            raise ModelError("this embedding object cannot be saved; use 'tfidf-svd', 'st:' or 'model2vec:'.")
        emeta, earrays = self.embedder_.state()
        meta = {
            "backend": self.name,
            "n_topics": self.n_topics,
            "random_state": self.random_state,
            "top_n_terms": self.top_n_terms,
            "embedding": emeta,
            "selection": self.selection_,
        }
        arrays = {"centroids": self.centroids_, "centroid_ids": self.centroid_ids_, **earrays}
        return meta, arrays

    @classmethod
    def from_state(cls, meta, arrays):
        from .embeddings import Model2VecEmbedder, SentenceTransformerEmbedder, TokenSVDEmbedder

        self = cls(meta["n_topics"], meta["random_state"], meta["top_n_terms"])
        e = meta["embedding"]
        if e["kind"] == "tfidf-svd":
            self.embedder_ = TokenSVDEmbedder.from_state(e, arrays)
        elif e["kind"] == "sentence-transformers":
            self.embedder_ = SentenceTransformerEmbedder(e["model"])
        elif e["kind"] == "model2vec":
            self.embedder_ = Model2VecEmbedder(e["model"])
        else:
            raise ModelError(f"unknown embedding kind {e['kind']!r} in the saved model.")
        self.centroids_ = np.asarray(arrays["centroids"])
        self.centroid_ids_ = np.asarray(arrays["centroid_ids"], dtype=int)
        self.selection_ = meta.get("selection", {})
        self.model_ = None
        return self


BACKENDS = {"bertopic": BERTopicBackend, "nmf": NMFBackend, "lda": LDABackend}


def make_backend(name: str, **kw):
    if not isinstance(name, str) or name.lower() not in BACKENDS:
        raise ConfigError(f"unknown backend {name!r}; choose one of {sorted(BACKENDS)}.")
    try:
        return BACKENDS[name.lower()](**kw)
    except TypeError as exc:
        raise ConfigError(f"backend {name!r}: {exc}") from None
