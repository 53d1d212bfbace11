"""The learned step of theme assignment: a calibrated classifier trained on the definitions.

The theme definitions (:mod:`trendlab.themes.definitions`) give a high-precision rule, but a rule
only sees the terms it lists. :class:`ThemeClassifier` learns from the articles the rule is sure
about (and from any articles a person labelled) what else marks a theme article and what marks a
near miss, then decides every article with a probability:

* **Training labels.** An article is a confident positive for a theme when the definition matches
  it with margin (the theme in the title, or twice the score threshold); a confident negative when
  no theme comes near. The articles in between are not trained on: they are the ones to decide.
  Labelled examples given by the user replace the definition's label for their articles.
* **Features.** The article's tokens (TF-IDF, title tokens marked apart), its topic from the fitted
  topic model (one-hot, weighted by the topic probability), and the definition's own evidence
  (position-weighted score, focus against near misses, context densities).
* **Model.** Multinomial logistic regression (scikit-learn, ``lbfgs``; deterministic). Every
  training article is scored by a model that did not see it (K-fold cross-fitting), so a confident
  positive that looks like the near misses can still be rejected, and the probabilities are honest
  out-of-sample estimates.

Themes with fewer than ``min_positives`` training articles are left to the definition rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .definitions import OTHER, ThemeSet
from .matching import ThemeEvidence

__all__ = ["ThemeClassifier", "definition_features"]


def definition_features(themes: ThemeSet, ev: ThemeEvidence) -> np.ndarray:
    """The definitions' evidence as a dense feature block (log-scaled, one row per article)."""
    cols = []
    for name in themes.names:
        cols += [np.log1p(ev.score[name]), ev.focus(themes, name), np.log1p(ev.title_hits[name])]
    cols += [np.log1p(v) for v in ev.context.values()]
    cols += [np.log1p(v) for v in ev.near.values()]
    return np.column_stack(cols) if cols else np.zeros((len(ev.n_tokens), 0))


class ThemeClassifier:
    """Cross-fitted multinomial logistic regression over tokens, topics and definition evidence.

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    n_folds : int, default 5
        Folds of the cross-fitting.
    min_positives : int, default 5
        Least training articles a theme needs to be learned.
    random_state : int, default 0

    Attributes
    ----------
    classes_ : list of str
        ``"other"`` and the learned themes.
    proba_ : ndarray of shape (n_articles, n_classes)
        Out-of-fold probabilities for training articles, full-model ones for the rest.
    n_train_ : dict of str to int
        Training articles per class.
    """

    def __init__(self, C: float = 1.0, n_folds: int = 5, min_positives: int = 5, random_state: int = 0):
        self.C = C
        self.n_folds = n_folds
        self.min_positives = min_positives
        self.random_state = random_state

    def fit_predict(
        self,
        tokens: list[list[str]],
        title_tokens: list[list[str]],
        extra: np.ndarray,
        train_labels: pd.Series,
    ) -> np.ndarray:
        """Fit on the labelled rows of ``train_labels`` (NaN = not trained on); return ``proba_``."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold

        x = self._features(tokens, title_tokens, extra)
        y = train_labels.to_numpy(dtype=object)
        known = pd.notna(y)
        counts = pd.Series(y[known]).value_counts()
        self.classes_ = [OTHER] + [c for c in counts.index if c != OTHER and counts[c] >= self.min_positives]
        self.classes_ = sorted(set(self.classes_), key=lambda c: (c != OTHER, c))
        keep = known & np.isin(y, self.classes_)
        self.n_train_ = {c: int((y[keep] == c).sum()) for c in self.classes_}
        self.proba_ = np.zeros((len(y), len(self.classes_)))
        self.proba_[:, 0] = 1.0
        if len(self.classes_) < 2 or self.n_train_[OTHER] < self.min_positives:
            return self.proba_

        def model():
            return LogisticRegression(C=self.C, max_iter=2000)

        idx = np.flatnonzero(keep)
        full = model().fit(x[idx], y[idx])
        self.proba_ = self._aligned(full, x)
        n_folds = min(self.n_folds, min(self.n_train_.values()))
        if n_folds >= 2:
            folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=self.random_state)
            for tr, te in folds.split(idx, y[idx]):
                m = model().fit(x[idx[tr]], y[idx[tr]])
                self.proba_[idx[te]] = self._aligned(m, x[idx[te]])
        return self.proba_

    def _aligned(self, m, x) -> np.ndarray:
        p = m.predict_proba(x)
        out = np.zeros((x.shape[0], len(self.classes_)))
        for j, c in enumerate(m.classes_):
            out[:, self.classes_.index(c)] = p[:, j]
        return out

    @staticmethod
    def _features(tokens, title_tokens, extra: np.ndarray):
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [list(t) + ["title:" + w for w in tt] for t, tt in zip(tokens, title_tokens)]
        vec = TfidfVectorizer(analyzer=lambda d: d, min_df=2, sublinear_tf=True)
        x_text = vec.fit_transform(docs)
        dense = sparse.csr_matrix(np.nan_to_num(extra, nan=0.0))
        return sparse.hstack([x_text, dense], format="csr")
