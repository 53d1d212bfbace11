"""TopicModel: BERTopic, NMF and LDA behind one scikit-learn-style interface."""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..errors import ConfigError, InputError, ModelError, NotFittedError
from ..tokenize import KiwiTokenizer
from ..tokens import Tokens
from ..version import __version__
from .backends import check_backend, make_backend
from .persist import FILES, FORMAT_VERSION, read_saved, restore_parts, sha256

__all__ = ["TopicModel", "FORMAT_VERSION"]

log = logging.getLogger(__name__)

OUTLIER_LABEL = "outlier"


def _as_texts_and_ids(corpus) -> tuple[list[str], list[str]]:
    if isinstance(corpus, Corpus):
        return corpus.texts, corpus.doc_ids
    if isinstance(corpus, (list, tuple)) and all(isinstance(t, str) for t in corpus):
        return list(corpus), [f"doc-{i:06d}" for i in range(len(corpus))]
    raise InputError(f"expected a trendlab Corpus or a list of strings, got {type(corpus).__name__}.")


class TopicModel:
    """Topic discovery on Korean news with one interface for every backend.

    Parameters
    ----------
    backend : {"bertopic", "nmf", "lda"}, default "bertopic"
    tokenizer : KiwiTokenizer, optional
        Tokenizes the corpus once (through the token cache); every backend reads the
        same tokens. Default ``KiwiTokenizer()``.
    random_state : int, default 0
        Threaded to UMAP, KMeans, TruncatedSVD, NMF and LDA.
    n_topics : int or "auto", default "auto"
        NMF and LDA: "auto" picks by NPMI coherence among candidates around
        sqrt(n/2) (the heuristic alone above 5,000 articles). BERTopic: "auto" lets
        HDBSCAN decide; an integer clusters with KMeans into that many topics.
    top_n_terms : int, default 10
    cache : bool or path, default True
        Token cache (see :mod:`trendlab.cache`).
    progress : bool, default False
        tqdm progress bars.
    backend_options : dict, optional
        Options passed to the backend (see
        :class:`~trendlab.models.bertopic_backend.BERTopicBackend`), such as
        ``{"embedding": "st:<path>"}``.
    **options
        The same options given as keywords, for short: ``TopicModel("bertopic",
        embedding="st:<path>")`` equals ``TopicModel("bertopic", backend_options={"embedding":
        "st:<path>"})``. They are merged into ``backend_options``, so that
        :meth:`get_params` and ``sklearn.base.clone`` see them; naming one option both
        ways is a TypeError.

    Attributes
    ----------
    topics_ : DataFrame
        ``topic, label, size, terms, weights`` (topic -1 is the outliers, when any).
    doc_topics_ : DataFrame
        ``doc_id, topic, topic_label, probability``.
    backend_model_ : object
        The fitted BERTopic, NMF or LatentDirichletAllocation object.
    tokenizer_ : KiwiTokenizer

    Examples
    --------
    >>> import trendlab as tl
    >>> corpus = tl.datasets.load_sample()                            # doctest: +SKIP
    >>> model = tl.TopicModel("nmf", random_state=0).fit(corpus)     # doctest: +SKIP
    >>> model.topics_[["topic", "label", "size"]]                    # doctest: +SKIP
    """

    def __init__(
        self,
        backend: str = "bertopic",
        tokenizer=None,
        random_state: int = 0,
        n_topics="auto",
        top_n_terms: int = 10,
        cache=True,
        progress: bool = False,
        backend_options: Mapping | None = None,
        **options,
    ):
        if options:
            both = sorted(set(options) & set(backend_options or {}))
            if both:
                raise TypeError(f"TopicModel got backend option {both[0]!r} both as a keyword and in backend_options")
            backend_options = {**(backend_options or {}), **options}
        self.backend = backend
        self.tokenizer = tokenizer
        self.random_state = random_state
        self.n_topics = n_topics
        self.top_n_terms = top_n_terms
        self.cache = cache
        self.progress = progress
        self.backend_options = backend_options

    def __repr__(self) -> str:
        return f"TopicModel(backend={self.backend!r}, random_state={self.random_state!r}, n_topics={self.n_topics!r})"

    # -- scikit-learn parameter protocol ------------------------------------------
    @classmethod
    def _get_param_names(cls) -> list[str]:
        """The named ``__init__`` parameters (the ``**options`` shorthand is not one)."""
        sig = inspect.signature(cls.__init__)
        return [p.name for p in sig.parameters.values() if p.name != "self" and p.kind != p.VAR_KEYWORD]

    def get_params(self, deep: bool = True) -> dict:
        """Constructor parameters, as scikit-learn expects.

        With ``deep=True`` the tokenizer's own parameters are included as
        ``tokenizer__<name>``. Backend options are the one ``backend_options`` dict.
        """
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params) -> TopicModel:
        """Set constructor parameters (``tokenizer__<name>`` reaches the tokenizer's); returns self."""
        valid = self._get_param_names()
        nested: dict[str, dict] = {}
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in valid:
                raise ConfigError(
                    f"TopicModel has no parameter {name!r}; valid: {valid} "
                    "(backend options go in the backend_options dict)."
                )
            if sep:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            target = getattr(self, name)
            if not hasattr(target, "set_params"):
                raise ConfigError(f"TopicModel parameter {name!r} is {target!r}, which has no parameters to set.")
            target.set_params(**sub_params)
        return self

    def _options(self) -> dict:
        return dict(self.backend_options or {})

    def _check(self):
        check_backend(self.backend)
        if not isinstance(self.random_state, (int, np.integer)):
            raise ConfigError(f"random_state must be an integer, got {self.random_state!r}.")
        if self.backend_options is not None and not isinstance(self.backend_options, Mapping):
            raise ConfigError(f"backend_options must be a dict, got {type(self.backend_options).__name__}.")

    def _tokens_for(self, corpus, texts: list[str], tokens) -> list[list[str]]:
        """The token lists to fit or transform on: ``tokens`` when given, else made through the cache."""
        if isinstance(tokens, Tokens):
            if isinstance(corpus, Corpus):
                tokens.check(corpus)
            if tokens.tokenizer.fingerprint != self.tokenizer_.fingerprint:
                raise ConfigError(
                    "these tokens were made by another tokenizer configuration than the model's; "
                    "make them with the model's tokenizer (or leave the model's tokenizer unset)."
                )
            return tokens.text
        if tokens is None:
            return self.tokenizer_.tokenize_many(texts, cache=self.cache, progress=self.progress)
        return tokens

    def fit(self, corpus, *, tokens: Tokens | list[list[str]] | None = None) -> TopicModel:
        """Fit on a Corpus (or a list of texts).

        Parameters
        ----------
        corpus : Corpus or list of str
        tokens : Tokens, optional
            The corpus' tokens from :func:`trendlab.tokenize_corpus`, made once and passed to
            every stage; with no ``tokenizer`` set, the model takes theirs. Without them the
            corpus is tokenized here, through the cache. (A plain list of token lists made with
            the model's tokenizer is accepted too.)
        """
        self._check()
        texts, ids = _as_texts_and_ids(corpus)
        if len(texts) == 0:
            raise InputError("cannot fit a topic model on an empty corpus.")
        if len(texts) < 2:
            raise InputError(f"a topic model needs at least 2 articles; the corpus has {len(texts)}.")
        if self.tokenizer is not None:
            self.tokenizer_ = self.tokenizer
        elif isinstance(tokens, Tokens):
            self.tokenizer_ = tokens.tokenizer
        else:
            self.tokenizer_ = KiwiTokenizer()
        tokens = self._tokens_for(corpus, texts, tokens)
        if len(tokens) != len(texts):
            raise InputError(f"tokens has {len(tokens)} entries for {len(texts)} articles.")
        if len({tuple(t) for t in tokens}) < 2:
            raise ModelError(
                "all articles have identical tokens (or none); there is nothing to tell apart. "
                "Check for duplicated input."
            )
        self.backend_ = make_backend(
            self.backend.lower(),
            n_topics=self.n_topics,
            random_state=int(self.random_state),
            top_n_terms=self.top_n_terms,
            **self._options(),
        )
        res = self.backend_.fit(tokens, texts)
        self._set_topics(res.terms, res.topics)
        self.doc_topics_ = self._doc_frame(ids, res.topics, res.probs)
        self.backend_model_ = getattr(self.backend_, "model_", None)
        return self

    def _set_topics(self, terms: dict, topics: np.ndarray):
        sizes = pd.Series(topics).value_counts()
        rows = []
        for t in sorted(set(terms) | set(sizes.index)):
            ws, wt = terms.get(t, ([], []))
            label = OUTLIER_LABEL if t == -1 else f"{t}: " + ", ".join(ws[:3])
            rows.append(
                {
                    "topic": int(t),
                    "label": label,
                    "size": int(sizes.get(t, 0)),
                    "terms": list(ws),
                    "weights": [round(float(x), 6) for x in wt],
                }
            )
        self.topics_ = pd.DataFrame(rows, columns=["topic", "label", "size", "terms", "weights"])

    def _doc_frame(self, ids, topics, probs) -> pd.DataFrame:
        labels = dict(zip(self.topics_["topic"], self.topics_["label"]))
        return pd.DataFrame(
            {
                "doc_id": ids,
                "topic": np.asarray(topics, dtype=int),
                "topic_label": [labels.get(int(t), OUTLIER_LABEL) for t in topics],
                "probability": np.round(np.asarray(probs, dtype=float), 6),
            }
        )

    def _fitted(self):
        if not hasattr(self, "topics_"):
            raise NotFittedError("this TopicModel is not fitted; call fit(corpus) first.")

    def transform(self, corpus, *, tokens: Tokens | None = None) -> pd.DataFrame:
        """Topics for new articles: ``doc_id, topic, topic_label, probability``.

        ``tokens`` (from :func:`trendlab.tokenize_corpus` with the model's tokenizer) avoids
        tokenizing again.
        """
        self._fitted()
        texts, ids = _as_texts_and_ids(corpus)
        tokens = self._tokens_for(corpus, texts, tokens)
        topics, probs = self.backend_.transform(tokens, texts)
        return self._doc_frame(ids, topics, probs)

    def fit_transform(self, corpus) -> pd.DataFrame:
        return self.fit(corpus).doc_topics_

    def info(self) -> dict:
        """Parameters and choices made during fit, for the methods section of a report."""
        self._fitted()
        return {
            "backend": self.backend,
            "random_state": self.random_state,
            "n_topics": self.n_topics,
            "selection": getattr(self.backend_, "selection_", {}),
            "tokenizer": repr(self.tokenizer_),
            "tokenizer_fingerprint": self.tokenizer_.fingerprint,
            "backend_options": {k: str(v) for k, v in self._options().items()},
        }

    # -- persistence -------------------------------------------------------------
    def save(self, path: str | Path, *, themes=None) -> Path:
        """Write the fitted model to a directory with no pickle.

        Files: ``model.json`` (parameters, topics, assignments, tokenizer configuration,
        optional theme set), ``arrays.npz`` (loaded with ``allow_pickle=False``), and
        ``manifest.json`` with the format version and SHA-256 of both. :meth:`load`
        refuses a directory whose version or checksums do not match.
        """
        self._fitted()
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        meta, arrays = self.backend_.state()
        tok = self.tokenizer_
        tok_params = {k: (str(v) if isinstance(v, Path) else v) for k, v in tok.get_params().items()}
        doc = {
            "model": {
                "backend": self.backend,
                "random_state": int(self.random_state),
                "n_topics": self.n_topics,
                "top_n_terms": self.top_n_terms,
            },
            "backend_state": meta,
            "tokenizer": {"params": tok_params, "fingerprint": tok.fingerprint},
            "topics": self.topics_.to_dict(orient="list"),
            "doc_topics": self.doc_topics_.to_dict(orient="list"),
            "themes": themes.to_dict() if themes is not None else None,
        }
        try:
            (out / "model.json").write_text(json.dumps(doc, ensure_ascii=False, default=_json_default), "utf-8")
        except TypeError as exc:
            raise ModelError(f"cannot save: a parameter is not JSON-serialisable ({exc}).") from exc
        with open(out / "arrays.npz", "wb") as fh:
            np.savez(fh, **{k: np.asarray(v) for k, v in arrays.items()})
        manifest = {
            "format": "trendlab-topic-model",
            "format_version": FORMAT_VERSION,
            "trendlab_version": __version__,
            "sha256": {name: sha256(out / name) for name in FILES},
        }
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
        return out

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Load a directory written by :meth:`save` (no pickle is involved).

        Every file is checked (manifest version, checksums, and each key, type and array shape
        used); a damaged or hand-edited model raises :class:`~trendlab.errors.ModelError`
        naming the file.
        """
        path = Path(path)
        doc, arrays = read_saved(path)
        m = doc["model"]
        self = cls(m["backend"], random_state=m["random_state"], n_topics=m["n_topics"], top_n_terms=m["top_n_terms"])
        self.tokenizer_, self.backend_, self.themes_ = restore_parts(path, doc, arrays)
        self.tokenizer = self.tokenizer_
        self.backend_model_ = getattr(self.backend_, "model_", None)
        self.topics_ = pd.DataFrame(doc["topics"])
        self.doc_topics_ = pd.DataFrame(doc["doc_topics"])
        return self


def _json_default(o):
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")
