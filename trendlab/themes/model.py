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
import json
import logging
import zlib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import ConfigError, ModelError
from ..textstats import fixed_tfidf, identity
from ..tokenize import KiwiTokenizer
from ..tokens import tokenize_corpus
from .definitions import OTHER, ThemeSet, as_theme_set, themes_fingerprint
from .learned import definition_features
from .matching import Positions, ThemeEvidence, build_matchers, measure

log = logging.getLogger(__name__)

__all__ = ["ThemeModel", "MODEL_FORMAT", "themes_fingerprint", "resolve_model"]

#: Version of the saved-model format.
MODEL_FORMAT = 1
_DEFAULT = "theme_model.json.gz"
_TITLE = "title:"


def _documents(tokens, title_tokens) -> list[list[str]]:
    return [list(t) + [_TITLE + w for w in tt] for t, tt in zip(tokens, title_tokens)]


class ThemeModel:
    """A multinomial logistic regression over tokens and definition evidence, saved as weights.

    Parameters
    ----------
    C : float, default 8.0
        Inverse regularisation strength (the shipped model uses 32).
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
        self, tokens, title_tokens, evidence: ThemeEvidence | None, labels, themes: ThemeSet, description: str = ""
    ) -> ThemeModel:
        """Fit on token lists, one label per article and, when ``definition_weight`` is above 0,
        their evidence under ``themes``."""
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
        self.tokenizer_fingerprint_ = None  # set by train, which knows the tokenizer
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
            ``C``, ``min_df``, ``class_weight``, ``min_probability``, ``reject_below``,
            ``definition_weight``.
        """
        themes = as_theme_set(themes)
        if tokens is None:
            tokens = tokenize_corpus(corpus, tokenizer if tokenizer is not None else KiwiTokenizer(), cache=cache)
        tokens.check(corpus)
        pos = {str(d): i for i, d in enumerate(corpus.doc_ids)}
        labels = dict(labels.items()) if hasattr(labels, "items") else dict(labels)
        unknown = [d for d in labels if str(d) not in pos]
        if unknown:
            raise ConfigError(
                f"{len(unknown)} labels name no article of the corpus, for example {unknown[0]!r}; check the "
                "doc_id values (ids read back from a CSV as numbers lose their text form)."
            )
        rows = [pos[str(d)] for d in labels]
        text = [tokens.text[i] for i in rows]
        title = [tokens.title[i] for i in rows]
        ev = None  # the definitions' evidence, only when it is among the features
        if params.get("definition_weight"):
            ev = measure(
                themes, build_matchers(themes, tokens.tokenizer, cache=cache), text, title, positions or Positions()
            )
        model = cls(**params).fit(text, title, ev, list(labels.values()), themes, description)
        model.tokenizer_fingerprint_ = tokens.tokenizer.fingerprint
        return model

    def check_tokenizer(self, tokenizer) -> None:
        """Warn when the tokens come from a tokenizer other than the training one (another
        dictionary, settings or Kiwi version): the vocabulary then matches less well."""
        mine = getattr(self, "tokenizer_fingerprint_", None)
        if mine and tokenizer is not None and tokenizer.fingerprint != mine:
            log.warning(
                "the theme model was trained on tokens of another tokenizer configuration (fingerprint %s, "
                "these tokens %s); its probabilities may be off. Retrain it on these tokens to be sure.",
                mine,
                tokenizer.fingerprint,
            )

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
                "(ThemeModel.train), or assign with the definitions (method='definition', or leave out "
                "--theme-method model)."
            )

    def predict_proba(self, tokens, title_tokens, evidence: ThemeEvidence | None = None) -> np.ndarray:
        """Probabilities, one row per article, columns in :attr:`classes_` order."""
        self._check_fitted()
        x_text = fixed_tfidf(_documents(tokens, title_tokens), self.vocabulary_, self.idf_)
        extra = self._extra(self.themes_, evidence, x_text.shape[0])
        if extra.shape[1] + x_text.shape[1] != self.coef_.shape[1]:
            raise ModelError(
                "the theme model's weights do not fit its features (a damaged file, or definitions changed "
                "since training); retrain it with ThemeModel.train."
            )
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
            "tokenizer_fingerprint": getattr(self, "tokenizer_fingerprint_", None),
        }

    @classmethod
    def from_dict(cls, data: dict, where: str = "theme model") -> ThemeModel:
        if not isinstance(data, dict) or data.get("kind") != "trendlab.ThemeModel":
            raise ModelError(f"{where} is not a trendlab theme model; give a file written by ThemeModel.save.")
        if data.get("format") != MODEL_FORMAT:
            got = data.get("format")
            raise ModelError(f"{where} has model format {got!r}; this trendlab reads format {MODEL_FORMAT}.")
        try:
            m = cls(**data["params"])
            m.classes_ = [str(c) for c in data["classes"]]
            m.themes_ = ThemeSet.from_dict(data["themes"])
            m.vocabulary_ = {str(w): j for j, w in enumerate(data["vocabulary"])}
            m.idf_ = np.asarray(data["idf"], dtype=float)
            m.coef_ = np.asarray(data["coef"], dtype=float)
            m.intercept_ = np.asarray(data["intercept"], dtype=float)
            m.summary_ = dict(data.get("summary", {}))
            m.tokenizer_fingerprint_ = data.get("tokenizer_fingerprint")
        except (KeyError, TypeError, ValueError) as err:
            raise ModelError(f"{where} is damaged ({type(err).__name__}: {err}); retrain and save it again.") from None
        expected = [OTHER, *[c for c in m.themes_.names if c in m.classes_]]
        n_extra = m.coef_.shape[1] - len(m.vocabulary_) if m.coef_.ndim == 2 else -1
        shapes_ok = (
            m.coef_.ndim == 2
            and m.coef_.shape[0] == len(m.classes_)
            and m.intercept_.shape == (len(m.classes_),)
            and m.idf_.shape == (len(m.vocabulary_),)
            and n_extra == (m._extra_width() if m.definition_weight else 0)
        )
        if m.classes_ != expected or len(m.classes_) < 2 or not shapes_ok:
            raise ModelError(f"{where}: its classes or weights do not fit together; the file is damaged. Retrain it.")
        return m

    def _extra_width(self) -> int:
        """Number of definition-evidence features for :attr:`themes_`."""
        t = self.themes_
        return 3 * len(t.names) + len(t.context) + len(t.near_misses)

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
        except (OSError, ValueError, EOFError, zlib.error) as err:
            raise ModelError(
                f"cannot read the theme model {path}: {err}; give a file written by ThemeModel.save."
            ) from None
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


def resolve_model(method: str, theme_model, themes: ThemeSet) -> ThemeModel | None:
    """The theme model :func:`~.assign.assign_themes` runs with ``method="model"``: the one given
    (a :class:`ThemeModel` or a saved file), else the shipped one; it must fit ``themes``. None
    for the other methods, which take no theme model."""
    if method != "model":
        if theme_model is not None:
            raise ConfigError(
                "a theme model is used only with method='model' (--theme-method model); add that, or drop the model."
            )
        return None
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
