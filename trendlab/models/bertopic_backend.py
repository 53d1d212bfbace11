"""The BERTopic backend: UMAP and HDBSCAN (or KMeans) on an offline embedding of the tokens.

It fits on the same cached token lists as NMF and LDA, with c-TF-IDF over the same
adaptive vocabulary, and saves only plain arrays: the embedder's state and the topic
centroids that :meth:`BERTopicBackend.transform` uses.
"""

from __future__ import annotations

import logging
import math
import warnings

import numpy as np

from ..errors import ConfigError, ModelError
from ..textstats import NBSP, count_matrix, iter_joined, join_tokens
from .base import FitResult
from .embeddings import Model2VecEmbedder, SentenceTransformerEmbedder, TokenSVDEmbedder, make_embedder
from .heavy import import_bertopic, load_umap

__all__ = ["BERTopicBackend"]

log = logging.getLogger(__name__)


def _vectorizer_factory(tokens):
    """A maker of BERTopic vectorizers over the same pruned vocabulary as NMF and LDA.

    The vocabulary is the adaptive ``min_df``/``max_df`` one of
    :func:`~trendlab.textstats.count_matrix`, spelled as in joined documents (inner
    spaces of multi-word tokens as NO-BREAK SPACE).
    """
    from sklearn.feature_extraction.text import CountVectorizer

    cv, _ = count_matrix(tokens)
    vocab = {w.replace(" ", NBSP): i for i, w in enumerate(cv.get_feature_names_out())}

    def vectorizer():
        return CountVectorizer(analyzer=iter_joined, vocabulary=vocab)

    return vectorizer


def _topic_terms(model, topics: np.ndarray) -> dict[int, tuple[list[str], list[float]]]:
    """Top terms and c-TF-IDF weights of every topic, with multi-word tokens respelled."""
    terms = {}
    for t in sorted(set(topics) | set(model.get_topics())):
        got = model.get_topic(t) or []
        terms[int(t)] = ([w.replace(NBSP, " ") for w, _ in got if w], [float(s) for w, s in got if w])
    return terms


class _OneShotReducer:
    """UMAP for BERTopic's one ``fit_transform``, let go of right after it.

    BERTopic keeps its reducer for later ``transform`` calls, which trendlab never makes (its
    ``transform`` uses topic centroids). A fitted UMAP holds the neighbour graph, the search
    index and a copy of the embeddings, so keeping it would hold memory through the rest of the
    fit and the themes (about 1 GB at 100,000 articles). The embedding is UMAP's own.
    """

    def __init__(self, umap):
        self.umap = umap

    def fit_transform(self, X, y=None):
        embedding = self.umap.fit_transform(X, y=y)
        self.umap = None
        return embedding

    def transform(self, X):
        raise ModelError("this BERTopic's UMAP was released after fitting; trendlab transforms by topic centroids.")


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

    Notes
    -----
    ``__init__`` only stores the parameters; ``fit`` checks them and sets the learned
    attributes ``embedder_``, ``params_``, ``selection_``, ``model_``, ``centroids_``
    and ``centroid_ids_``.
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

    def _validate(self):
        if self.outliers not in {"reduce", "keep"}:
            raise ConfigError(f"outliers must be 'reduce' or 'keep', got {self.outliers!r}.")
        if self.n_topics != "auto" and (not isinstance(self.n_topics, int) or self.n_topics < 2):
            raise ConfigError(f"n_topics must be 'auto' or an integer >= 2, got {self.n_topics!r}.")

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
        """Embed, cluster, reduce outliers and describe the topics (see the class docstring)."""
        self._validate()
        n = len(tokens)
        self.embedder_ = make_embedder(self.embedding, self.random_state)
        emb = self._embed(tokens, texts, fit=True)
        docs = [join_tokens(t) for t in tokens]
        self.params_ = self._params(n)
        vectorizer = _vectorizer_factory(tokens)
        mode, model, topics, probs = self._cluster(docs, emb, vectorizer)
        topics = np.asarray(topics, dtype=int)
        if self.outliers == "reduce" and (topics == -1).any():
            topics = self._reduce_outliers(model, docs, topics, vectorizer)
        self.selection_ = {"mode": mode, **self.params_}
        self.model_ = model
        probs = np.asarray(probs if probs is not None else np.ones(n), dtype=float)
        if probs.ndim > 1:
            probs = probs.max(axis=1)
        terms = _topic_terms(model, topics)
        self._centroids(emb, topics)
        return FitResult(topics, probs, terms)

    # fit steps -----------------------------------------------------------------
    def _build(self, cluster_model, reducer, vectorizer):
        """A BERTopic over precomputed embeddings with the given reducer and clusterer."""
        BERTopic = import_bertopic().BERTopic
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

    def _cluster(self, docs, emb, vectorizer):
        """(mode, model, topics, probs): UMAP+HDBSCAN where the corpus allows it, else KMeans."""
        n = len(docs)
        if self.n_topics != "auto":
            return ("kmeans (fixed n_topics)", *self._fit_kmeans(docs, emb, vectorizer, self.n_topics))
        if n >= self.small_corpus:
            fitted = self._fit_umap_hdbscan(docs, emb, vectorizer)
            if fitted is not None:
                return ("umap+hdbscan", *fitted)
        k = max(2, min(n - 1, round(math.sqrt(n / 2))))
        warnings.warn(
            f"BERTopic: {n} articles are too few for UMAP+HDBSCAN (small_corpus="
            f"{self.small_corpus}); using KMeans with k={k} on the embeddings instead.",
            stacklevel=4,  # the caller of TopicModel.fit, through fit and _cluster
        )
        return ("kmeans (small-corpus fallback)", *self._fit_kmeans(docs, emb, vectorizer, k))

    def _fit_umap_hdbscan(self, docs, emb, vectorizer):
        """(model, topics, probs), or None when HDBSCAN finds fewer than 2 clusters."""
        from hdbscan import HDBSCAN

        UMAP = load_umap()

        p = self.params_
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
            prediction_data=False,  # approximate_predict is never used: transform is by centroid
        )
        model = self._build(hdb, _OneShotReducer(umap), vectorizer)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            topics, probs = model.fit_transform(docs, embeddings=emb)
        if len({t for t in topics if t != -1}) < 2:
            log.warning(
                "BERTopic: HDBSCAN found fewer than 2 clusters in %d articles; "
                "falling back to KMeans on the embeddings",
                len(docs),
            )
            return None
        return model, topics, probs

    def _fit_kmeans(self, docs, emb, vectorizer, k):
        """(model, topics, probs) of BERTopic with no reduction and KMeans into ``k`` clusters."""
        from sklearn.cluster import KMeans

        BaseDimensionalityReduction = import_bertopic().dimensionality.BaseDimensionalityReduction

        km = KMeans(n_clusters=int(k), n_init=10, random_state=self.random_state)
        model = self._build(km, BaseDimensionalityReduction(), vectorizer)
        topics, probs = model.fit_transform(docs, embeddings=emb)
        probs = np.ones(len(docs)) if probs is None else probs
        return model, topics, probs

    def _reduce_outliers(self, model, docs, topics, vectorizer):
        """Reassign outliers by c-TF-IDF and refresh the topic terms; returns the new topics."""
        new = model.reduce_outliers(docs, list(topics), strategy="c-tf-idf", threshold=self.outlier_threshold)
        bt_log = logging.getLogger("BERTopic")
        level = bt_log.level
        bt_log.setLevel(logging.ERROR)  # its notice about custom topic lists is expected here
        try:
            model.update_topics(docs, topics=new, vectorizer_model=vectorizer(), top_n_words=self.top_n_terms)
        finally:
            bt_log.setLevel(level)
        return np.asarray(new, dtype=int)

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

    # persistence -------------------------------------------------------------
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
