"""Deciding each article's theme: the definitions' verdict, then a classifier's probabilities.

:func:`definition_verdict` says, per theme, which articles the definition accepts (``qualifies``),
accepts with margin (``sure``) and nearly accepts (``close``). :func:`decide` turns that verdict
into one theme per article, letting the in-corpus learned step (:mod:`.learned`) or a trained
:class:`~.model.ThemeModel` overrule it where its rules say so.
"""

from __future__ import annotations

import numpy as np

from .definitions import OTHER, ThemeSet

__all__ = ["definition_verdict", "decide"]


def definition_verdict(
    themes: ThemeSet, ev, *, threshold, min_hits, context_density, min_focus, min_prominence
) -> dict:
    """Boolean arrays per theme: ``qualifies`` (the definition holds), ``sure`` (with margin:
    the theme in the title or twice the threshold), ``contexts`` (every required context group
    reaches its density) and ``close`` (the contexts there, the score at
    least half the threshold, the focus at least two thirds of ``min_focus``)."""
    out: dict = {"qualifies": {}, "sure": {}, "close": {}, "contexts": {}}
    for t in themes:
        ok = np.ones(len(ev.n_tokens), dtype=bool)
        for r in t.requires:
            ok &= ev.context[r] >= t.context_min.get(r, context_density)
        focus, score = ev.focus(themes, t.name), ev.score[t.name]
        prominent = (ev.title_hits[t.name] + ev.lead_hits[t.name]) >= min_prominence
        q = ok & prominent & (ev.hits[t.name] >= min_hits) & (score >= threshold) & (focus >= min_focus)
        out["qualifies"][t.name] = q
        out["sure"][t.name] = q & ((ev.title_hits[t.name] > 0) | (score >= 2 * threshold))
        out["close"][t.name] = q | (ok & (score >= 0.5 * threshold) & (focus >= 0.67 * min_focus))
        out["contexts"][t.name] = ok
    return out


def decide(themes, ev, verdict, proba, classes, y, method, min_probability, reject_below):
    """(theme, probability, decided_by) per article.

    The definition decides first (best-scoring qualifying theme). With ``method="learned"`` the
    in-corpus classifier then decides the doubtful band: it rejects a definition match whose
    out-of-fold probability is below ``reject_below`` and accepts an article that is close to a
    theme on every count but misses a threshold when its probability reaches ``min_probability``.
    With ``method="model"`` the trained model rejects a definition match whose probability is
    below ``reject_below`` and gives an article the definitions leave to "other" its most probable
    theme when that probability reaches ``min_probability`` and the theme's required contexts are
    there (a job advert full of 일자리 and 채용 that hardly mentions AI stays "other").
    """
    qualifies, close = verdict["qualifies"], verdict["close"]
    n = len(ev.n_tokens)
    theme = np.full(n, OTHER, dtype=object)
    decided = np.full(n, "none", dtype=object)
    best = np.zeros(n)  # the score of the theme chosen so far
    for name in themes.names:
        better = qualifies[name] & ((theme == OTHER) | (ev.score[name] > best))
        theme[better], decided[better], best[better] = name, "definition", ev.score[name][better]
    if method == "model":
        proba = proba.copy()
        for name in themes.names:  # the model adds a theme only where its contexts are there
            if name in classes:
                proba[~verdict["contexts"][name], classes.index(name)] = -1.0  # never added
        theme, prob, decided = _model_decides(theme, decided, proba, classes, min_probability, reject_below)
    else:
        theme, prob, decided = _learned_decides(
            theme, decided, proba, classes, close, qualifies, method, min_probability, reject_below
        )
    user = y.attrs["user"]
    theme[user], prob[user], decided[user] = y[user].to_numpy(), 1.0, "label"
    return theme, prob, decided


def _theme_proba(theme, proba, classes) -> np.ndarray:
    """Each article's probability for its theme (1.0 for a theme the model did not learn)."""
    known = np.isin(theme, classes)
    col = np.array([classes.index(t) if k else 0 for t, k in zip(theme, known)], dtype=int)
    return np.where(known, np.clip(proba[np.arange(len(theme)), col], 0.0, 1.0), 1.0)


def _model_decides(theme, decided, proba, classes, min_probability, reject_below):
    reject = (theme != OTHER) & np.isin(theme, classes) & (_theme_proba(theme, proba, classes) < reject_below)
    theme[reject], decided[reject] = OTHER, "model"
    themed = proba.copy()
    themed[:, classes.index(OTHER)] = -1.0
    top = themed.argmax(axis=1)
    add = (theme == OTHER) & ~reject & (themed.max(axis=1) >= min_probability)  # a rejection stands
    theme[add], decided[add] = np.array(classes, dtype=object)[top[add]], "model"
    return theme, _theme_proba(theme, proba, classes), decided


def _learned_decides(theme, decided, proba, classes, close, qualifies, method, min_probability, reject_below):
    prob = np.zeros(len(theme))
    learned = [c for c in classes if c != OTHER] if method == "learned" else []
    for c in learned:
        p = proba[:, classes.index(c)]
        mine = theme == c
        prob[mine] = p[mine]
        reject = mine & (p < reject_below)
        theme[reject], decided[reject] = OTHER, "learned"
        accept = (theme == OTHER) & close[c] & ~qualifies[c] & (p >= min_probability)
        theme[accept], prob[accept], decided[accept] = c, p[accept], "learned"
    if learned:
        rest = theme == OTHER
        prob[rest] = proba[rest, classes.index(OTHER)]
    definition_only = (decided == "definition") & ~np.isin(theme, learned)
    prob[definition_only] = 1.0
    return theme, prob, decided
