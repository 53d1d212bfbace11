"""A trained theme model: a classifier learned from hand-labelled articles, saved as plain weights.

The definitions (:mod:`.definitions`) see only the terms they list, and the in-corpus learned step
(:mod:`.learned`) learns only from what the definitions are sure about. A :class:`ThemeModel` is
trained once on articles that people labelled by reading them, and then applied to any corpus:

* **Features.** The article's Kiwi tokens as TF-IDF (title tokens marked apart, sublinear term
  frequency, the vocabulary and IDF fixed at training). With ``definition_weight`` above 0, also
  the definitions' evidence (:func:`~.learned.definition_features`: position-weighted score,
  focus against near misses and title hits per theme, the context and near-miss densities),
  scaled by that weight; the model then needs the very definitions it was trained with.
* **Model.** Multinomial logistic regression (scikit-learn ``lbfgs``; deterministic), ``other``
  and one class per theme.
* **Decision** (:func:`~.assign.assign_themes` with ``method="model"``). The definitions decide
  first; the model rejects a definition match whose probability for its theme is below
  ``reject_below``, and gives an article the definitions leave to ``other`` its most probable
  theme when that probability reaches ``min_probability`` and the theme's required context
  groups are there. So a near miss that has the theme's
  words but reads like the labelled near misses is rejected, and an article about the theme in
  words the definitions do not list is found.
* **Saved as weights.** :meth:`ThemeModel.save` writes JSON (gzip-compressed when the name ends in
  ``.gz``): the vocabulary, IDF, coefficients, the theme set it was trained with, and a summary of
  its training data. No article text is kept, and loading never unpickles anything.

trendlab ships one for its default themes (``trendlab/data/theme_model.json.gz``; how it was
trained and measured: docs/evaluation.md). Train your own with :meth:`ThemeModel.train` on a
labelled sample of your corpus, for example the one ``trendlab validate sample`` drew.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import ConfigError, ModelError
from ..textstats import identity
from ..tokenize import KiwiTokenizer
from ..tokens import tokenize_corpus
from .definitions import OTHER, ThemeSet, as_theme_set
from .learned import definition_features
from .matching import Positions, ThemeEvidence, build_matchers, measure

log = logging.getLogger(__name__)

__all__ = ["ThemeModel", "MODEL_FORMAT", "themes_fingerprint", "resolve_model"]

#: Version of the saved-model format.
MODEL_FORMAT = 1
_DEFAULT = "theme_model.json.gz"
_TITLE = "title:"


def themes_fingerprint(themes: ThemeSet) -> str:
    """A short hash of a theme set's full definition: a model's definition features mean what
    they meant at training only with the same definitions."""
    blob = json.dumps(themes.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


def _documents(tokens, title_tokens) -> list[list[str]]:
    return [list(t) + [_TITLE + w for w in tt] for t, tt in zip(tokens, title_tokens)]


def _tfidf(docs: list[list[str]], vocabulary: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
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


class ThemeModel:
    """A multinomial logistic regression over tokens and definition evidence, saved as weights.

    Parameters
    ----------
    C : float, default 4.0
        Inverse regularisation strength.
    min_df : int, default 2
        Least training articles a token must occur in to enter the vocabulary.
    class_weight : {"balanced", None}, default "balanced"
        ``"balanced"`` weighs each class by the inverse of its frequency, so rare themes count.
    min_probability : float, default 0.6
        Least probability for the model to give a theme to an article the definitions leave to
        ``other``.
    reject_below : float, default 0.3
        A definition match whose probability for its theme is below this becomes ``other``.
    definition_weight : float, default 0.0
        Scale of the definitions' evidence among the features (0: tokens only).

    Attributes
    ----------
    classes_ : list of str
        ``"other"`` first, then the themes, in the theme set's order.
    themes_ : ThemeSet
        The definitions the model was trained with (its definition features need them).
    summary_ : dict
        Training articles per class and anything given as ``description`` at training.
    """

    def __init__(
        self,
        C: float = 8.0,
        min_df: int = 2,
        class_weight: str | None = "balanced",
        min_probability: float = 0.6,
        reject_below: float = 0.3,
        definition_weight: float = 0.0,
    ):
        self.C = C
        self.min_df = min_df
        self.class_weight = class_weight
        self.min_probability = min_probability
        self.reject_below = reject_below
        self.definition_weight = definition_weight

    def _extra(self, themes: ThemeSet, evidence: ThemeEvidence | None, n: int) -> np.ndarray:
        if not self.definition_weight:
            return np.zeros((n, 0))
        if evidence is None:
            raise ConfigError("this theme model reads the definitions' evidence; pass it.")
        return self.definition_weight * np.nan_to_num(definition_features(themes, evidence), nan=0.0)

    # --- training -------------------------------------------------------------------------------
    def fit(
        self, tokens, title_tokens, evidence: ThemeEvidence, labels, themes: ThemeSet, description: str = ""
    ) -> ThemeModel:
        """Fit on token lists, their evidence under ``themes`` and one label per article."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        themes = as_theme_set(themes)
        y = np.asarray(labels, dtype=object)
        bad = sorted({str(v) for v in y} - set(themes.names) - {OTHER})
        if bad:
            raise ConfigError(f"labels {bad} are neither themes of this ThemeSet nor {OTHER!r}.")
        counts = pd.Series(y).value_counts()
        learned = [c for c in themes.names if counts.get(c, 0) >= 2]
        if counts.get(OTHER, 0) < 2 or not learned:
            raise ConfigError(
                f"a theme model needs 2 or more labelled {OTHER!r} articles and 2 or more of at least one "
                f"theme; the labels have {counts.to_dict()}."
            )
        rare = [c for c in themes.names if c not in learned]
        if rare:
            log.warning("themes with fewer than 2 labels are left to the definitions: %s", rare)
        keep = np.isin(y, [OTHER, *learned])
        extra = self._extra(themes, evidence, len(y))[keep]
        docs = [d for d, k in zip(_documents(tokens, title_tokens), keep) if k]
        y = y[keep]
        vec = TfidfVectorizer(analyzer=identity, min_df=self.min_df, sublinear_tf=True)
        x_text = vec.fit_transform(docs)
        x = sparse.hstack([x_text, sparse.csr_matrix(extra)], format="csr")
        clf = LogisticRegression(C=self.C, max_iter=5000, class_weight=self.class_weight).fit(x, y)
        coef, intercept = np.asarray(clf.coef_, dtype=float), np.asarray(clf.intercept_, dtype=float)
        if len(clf.classes_) == 2:  # scikit-learn keeps one row; softmax over [0, w] is the same model
            coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
        self.classes_ = [OTHER, *learned]
        order = [list(clf.classes_).index(c) for c in self.classes_]
        self.vocabulary_ = {w: int(j) for w, j in vec.vocabulary_.items()}
        self.idf_ = np.asarray(vec.idf_, dtype=float)
        self.coef_ = coef[order]
        self.intercept_ = intercept[order]
        self.themes_ = themes
        self.summary_ = {"n_train": {c: int(counts.get(c, 0)) for c in self.classes_}, "description": description}
        return self

    @classmethod
    def train(
        cls,
        corpus,
        labels,
        themes: ThemeSet | None = None,
        *,
        tokens=None,
        tokenizer=None,
        positions: Positions | None = None,
        description: str = "",
        cache=True,
        **params,
    ) -> ThemeModel:
        """Train on the labelled articles of ``corpus``.

        Parameters
        ----------
        corpus : Corpus
        labels : dict or Series of doc_id to label
            A theme name or ``"other"`` for every article to learn from, read by a person (for
            example the ``label`` column of a scored validation sample). Unlabelled articles are
            not used.
        themes : ThemeSet, optional
            The definitions whose evidence becomes features (default: the default themes). The
            model is then for this theme set only.
        tokens : Tokens, optional
            The corpus' tokens (made with ``tokenizer`` when not given).
        description : str
            Where the labels came from; kept in :attr:`summary_`.
        **params
            ``C``, ``min_df``, ``class_weight``, ``min_probability``.
        """
        themes = as_theme_set(themes)
        if tokens is None:
            tokens = tokenize_corpus(corpus, tokenizer if tokenizer is not None else KiwiTokenizer(), cache=cache)
        tokens.check(corpus)
        pos = {str(d): i for i, d in enumerate(corpus.doc_ids)}
        labels = dict(labels.items()) if hasattr(labels, "items") else dict(labels)
        unknown = [d for d in labels if str(d) not in pos]
        if unknown:
            raise ConfigError(f"{len(unknown)} labels name no article of the corpus, for example {unknown[0]!r}.")
        rows = [pos[str(d)] for d in labels]
        matchers = build_matchers(themes, tokens.tokenizer, cache=cache)
        text = [tokens.text[i] for i in rows]
        title = [tokens.title[i] for i in rows]
        ev = measure(themes, matchers, text, title, positions or Positions())
        return cls(**params).fit(text, title, ev, list(labels.values()), themes, description)

    # --- prediction -----------------------------------------------------------------------------
    def fits(self, themes: ThemeSet) -> bool:
        """Whether the model can decide for ``themes``: the same theme names, and, when it reads
        the definitions' evidence, the very definitions it was trained with."""
        if self.definition_weight:
            return themes_fingerprint(themes) == themes_fingerprint(self.themes_)
        return list(themes.names) == list(self.themes_.names)

    def check_themes(self, themes: ThemeSet) -> None:
        """Raise unless the model fits ``themes`` (:meth:`fits`)."""
        if not self.fits(themes):
            raise ConfigError(
                f"this theme model was trained for other themes or definitions (themes: {self.themes_.names}); "
                "use the ThemeSet it was trained with (model.themes_), train a model for your themes "
                "(ThemeModel.train), or use method='definition'."
            )

    def predict_proba(self, tokens, title_tokens, evidence: ThemeEvidence) -> np.ndarray:
        """Probabilities, one row per article, columns in :attr:`classes_` order."""
        self._check_fitted()
        x_text = _tfidf(_documents(tokens, title_tokens), self.vocabulary_, self.idf_)
        extra = self._extra(self.themes_, evidence, x_text.shape[0])
        if extra.shape[1] + x_text.shape[1] != self.coef_.shape[1]:
            raise ModelError("the theme model's weights do not fit its theme definitions; retrain it.")
        z = np.asarray(x_text @ self.coef_[:, : x_text.shape[1]].T) + extra @ self.coef_[:, x_text.shape[1] :].T
        z += self.intercept_
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def top_terms(self, n: int = 15) -> pd.DataFrame:
        """The tokens that weigh most for each theme (``title:`` marks a title token)."""
        self._check_fitted()
        words = np.array(sorted(self.vocabulary_, key=self.vocabulary_.get), dtype=object)
        rows = []
        for k, c in enumerate(self.classes_):
            w = self.coef_[k, : len(words)]
            for j in np.argsort(-w)[:n]:
                rows.append({"class": c, "term": words[j], "weight": round(float(w[j]), 4)})
        return pd.DataFrame(rows)

    # --- persistence ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        self._check_fitted()
        words = sorted(self.vocabulary_, key=self.vocabulary_.get)
        return {
            "format": MODEL_FORMAT,
            "kind": "trendlab.ThemeModel",
            "params": {
                "C": self.C,
                "min_df": self.min_df,
                "class_weight": self.class_weight,
                "min_probability": self.min_probability,
                "reject_below": self.reject_below,
                "definition_weight": self.definition_weight,
            },
            "classes": self.classes_,
            "themes": self.themes_.to_dict(),
            "vocabulary": words,
            "idf": [round(float(v), 6) for v in self.idf_],
            "coef": [[round(float(v), 6) for v in row] for row in self.coef_],
            "intercept": [round(float(v), 6) for v in self.intercept_],
            "summary": self.summary_,
        }

    @classmethod
    def from_dict(cls, data: dict, where: str = "theme model") -> ThemeModel:
        if not isinstance(data, dict) or data.get("kind") != "trendlab.ThemeModel":
            raise ModelError(f"{where} is not a trendlab theme model (saved by ThemeModel.save).")
        if data.get("format") != MODEL_FORMAT:
            raise ModelError(
                f"{where} has model format {data.get('format')!r}; this trendlab reads format {MODEL_FORMAT}."
            )
        m = cls(**data["params"])
        m.classes_ = list(data["classes"])
        m.themes_ = ThemeSet.from_dict(data["themes"])
        m.vocabulary_ = {w: j for j, w in enumerate(data["vocabulary"])}
        m.idf_ = np.asarray(data["idf"], dtype=float)
        m.coef_ = np.asarray(data["coef"], dtype=float)
        m.intercept_ = np.asarray(data["intercept"], dtype=float)
        m.summary_ = dict(data.get("summary", {}))
        expected = [OTHER, *[c for c in m.themes_.names if c in m.classes_]]
        if m.classes_ != expected or len(m.classes_) < 2 or m.coef_.shape[0] != len(m.classes_):
            raise ModelError(f"{where}: its classes do not match its themes; the file is damaged.")
        return m

    def save(self, path: str | Path) -> Path:
        """Write the model as JSON (gzip when ``path`` ends in ``.gz``)."""
        path = Path(path)
        blob = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path.write_bytes(gzip.compress(blob, mtime=0) if path.suffix == ".gz" else blob)
        return path

    @classmethod
    def load(cls, path: str | Path) -> ThemeModel:
        """Read a model written by :meth:`save` (plain JSON; nothing is unpickled)."""
        path = Path(path)
        try:
            raw = path.read_bytes()
            data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        except (OSError, ValueError) as err:
            raise ModelError(f"cannot read the theme model {path}: {err}") from None
        return cls.from_dict(data, str(path))

    @classmethod
    def default(cls) -> ThemeModel:
        """The model trendlab ships for its default themes (read once per process; do not modify it)."""
        return _shipped()

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ModelError("this ThemeModel is not trained; call fit or ThemeModel.train first.")

    def __repr__(self) -> str:
        if not hasattr(self, "coef_"):
            return f"ThemeModel(C={self.C}, min_df={self.min_df})"
        n = self.summary_.get("n_train", {})
        size = f"vocabulary={len(self.vocabulary_)}, trained on {sum(n.values())} articles"
        return f"ThemeModel(classes={self.classes_}, {size})"


def resolve_model(theme_model, themes: ThemeSet) -> ThemeModel:
    """The theme model :func:`~.assign.assign_themes` runs with ``method="model"``: the one given
    (a :class:`ThemeModel` or a saved file), else the shipped one; it must fit ``themes``."""
    if theme_model is None:
        theme_model = ThemeModel.default()
    elif not isinstance(theme_model, ThemeModel):
        theme_model = ThemeModel.load(theme_model)
    theme_model.check_themes(themes)
    return theme_model


@functools.lru_cache(maxsize=1)
def _shipped() -> ThemeModel:
    with resources.as_file(resources.files("trendlab.data") / _DEFAULT) as p:
        return ThemeModel.load(p)
