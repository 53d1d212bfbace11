"""Assigning every article to one theme or to "other", with its evidence.

Two steps, or a trained model in place of the second (see docs/themes.md):

1. **Definition.** Each theme's evidence is counted by position (:mod:`.matching`). An article
   qualifies for a theme when it has at least ``min_hits`` weighted theme-term hits, every
   required context group reaches ``context_density``, its position-weighted score reaches
   ``threshold`` and its ``focus`` (the theme's share of its evidence against the theme's near
   misses) reaches ``min_focus``.
2. **Learned** (``method="learned"``; the default is the definition alone). A
   :class:`~.learned.ThemeClassifier`, trained on the articles the definition is sure about and on
   the near misses, plus any labels you give, scores every article out of fold. It decides only the
   doubtful band: it rejects a definition match whose probability is below ``reject_below`` and
   takes an article that is close to a theme on every count when its probability reaches
   ``min_probability``.
3. **Trained model** (``method="model"``, instead of the learned step). A
   :class:`~.model.ThemeModel` trained on hand-labelled articles (trendlab ships one for its
   default themes; train your own with :meth:`~.model.ThemeModel.train`) rejects a definition
   match it finds improbable and adds articles the definitions miss, where the theme's contexts
   are there. It is not the default: out of sample it measured no better than the definitions
   (docs/evaluation.md).

``decided_by`` says which step decided: ``definition`` (a definition match that no classifier
overruled: a theme too rare to learn, one the model kept, or ``method="definition"``), ``learned``
or ``model`` (the classifier rejected or added the theme), ``label`` (a label you gave) or
``none``.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError
from ..tokenize import KiwiTokenizer
from ..tokens import Tokens, tokenize_corpus, with_titles
from .decide import decide, definition_verdict
from .definitions import OTHER, ThemeSet, as_theme_set
from .learned import ThemeClassifier, definition_features
from .matching import Positions, build_matchers, measure
from .model import ThemeModel, resolve_model

log = logging.getLogger(__name__)

__all__ = ["assign_themes", "ASSIGNMENT_COLUMNS", "METHODS"]

METHODS = ("definition", "learned", "model")
ASSIGNMENT_COLUMNS = [
    "doc_id",
    "source",
    "title",
    "date",
    "date_source",
    "theme",
    "theme_score",
    "theme_probability",
    "topic",
    "topic_label",
    "decided_by",
    "evidence",
]


def _thresholds(theme_model, labels, min_probability, reject_below) -> tuple[float, float]:
    """The classifier's thresholds: as given, else the trained model's own, else the learned
    step's (stricter without labels: it then only learned from the definitions)."""
    if theme_model is not None:
        defaults = (theme_model.min_probability, theme_model.reject_below)
    else:
        defaults = (0.5, 0.5) if labels else (0.8, 0.05)
    return (
        defaults[0] if min_probability is None else min_probability,
        defaults[1] if reject_below is None else reject_below,
    )


def _check_numbers(**values) -> None:
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
            raise ConfigError(f"{name} must be a non-negative number, got {v!r}.")


def _tokens(corpus, model, tokenizer, tokens, cache) -> tuple[Tokens, object]:
    """(the corpus' Tokens, doc_topics or None): tokenizing only when no tokens are given."""
    doc_topics = None
    if model is not None and not hasattr(model, "topics_"):
        raise ConfigError("model must be fitted (call model.fit(corpus) first).")
    if tokens is None or not isinstance(tokens, Tokens):
        tok = tokenizer if tokenizer is not None else (model.tokenizer_ if model is not None else KiwiTokenizer())
        if tokens is None:
            tokens = tokenize_corpus(corpus, tok, cache=cache)
        else:  # a plain list of the texts' token lists
            tokens = with_titles(corpus, tokens, tok, cache=cache)
    tokens.check(corpus)
    if model is not None:
        same = list(model.doc_topics_["doc_id"]) == list(corpus.doc_ids)
        doc_topics = model.doc_topics_ if same else model.transform(corpus, tokens=tokens)
    return tokens, doc_topics


def _train_labels(themes, verdict, doc_ids, labels) -> pd.Series:
    """The definition's confident labels, replaced by the user's where given (NaN: not trained on).

    Negatives include the near misses (theme terms, but the context missing or the near-miss
    groups dominating), so the classifier learns what a near miss looks like; articles close to
    a theme on every count are left out: they are the ones to decide.
    """
    y = pd.Series(np.nan, index=range(len(doc_ids)), dtype=object)
    close = np.zeros(len(doc_ids), dtype=bool)
    for name in themes.names:
        close |= verdict["close"][name]
    y[~close] = OTHER
    sure = verdict["sure"]
    n_sure = sum(s.astype(int) for s in sure.values())
    for name in themes.names:
        y[sure[name] & (n_sure == 1)] = name
    if labels is not None:
        pos = {str(d): i for i, d in enumerate(doc_ids)}
        unknown = [d for d in labels if str(d) not in pos]
        if unknown:
            log.warning(
                "%d of %d labels name no article of this corpus (for example %r); they are not used. "
                "Check the doc_id values (ids read back from a CSV as numbers lose their text form).",
                len(unknown),
                len(labels),
                unknown[0],
            )
        for d, lab in labels.items():
            if str(d) in pos:
                if lab != OTHER and lab not in themes.names:
                    raise ConfigError(f"label {lab!r} for {d!r} is not a theme of this ThemeSet nor {OTHER!r}.")
                y[pos[str(d)]] = lab
    given = {str(d) for d in labels} if labels else set()
    y.attrs["user"] = np.array([str(d) in given for d in doc_ids], dtype=bool)
    return y


def _topic_features(doc_topics, n: int) -> np.ndarray:
    if doc_topics is None:
        return np.zeros((n, 0))
    topics = doc_topics["topic"].to_numpy(dtype=int)
    ids = sorted(set(topics))
    out = np.zeros((n, len(ids)))
    probs = doc_topics["probability"].to_numpy(dtype=float)
    for j, t in enumerate(ids):
        out[topics == t, j] = np.where(probs[topics == t] > 0, probs[topics == t], 1.0)
    return out


def _evidence(themes, ev, i: int, theme: str, prob: float, decided: str, topic, model_says: bool = False) -> str:
    """The terms, focus and contexts behind a decision; ``P(theme)`` where a classifier gave one
    (``model_says``: the trained model has a probability for this theme and no label overrode it)."""
    shown = theme if theme != OTHER else max(themes.names, key=lambda nm: ev.score[nm][i])
    found = ev.found[i][shown]
    terms = ", ".join(f"{w}×{c}" for w, c in found.most_common(6)) or "no theme terms"
    parts = [("" if theme != OTHER or not found else f"closest {shown}: ") + terms]
    parts.append(f"focus {ev.focus(themes, shown)[i]:.2f}")
    parts += [f"{k} {v[i]:.1f}/100" for k, v in ev.context.items() if k in themes[shown].requires]
    if (decided in ("learned", "none") or model_says) and prob > 0:
        parts.append(f"P({theme})={prob:.2f}")
    if topic is not None:
        parts.append(f"topic {topic}")
    return "; ".join(parts)


def assign_themes(
    corpus,
    themes: ThemeSet | None = None,
    *,
    model=None,
    tokenizer=None,
    tokens: Tokens | None = None,
    method: str = "definition",
    labels: dict | None = None,
    theme_model: ThemeModel | str | None = None,
    threshold: float = 1.0,
    min_hits: float = 4.0,
    context_density: float = 0.75,
    min_focus: float = 0.55,
    min_prominence: float = 1.0,
    min_probability: float | None = None,
    reject_below: float | None = None,
    positions: Positions | None = None,
    random_state: int = 0,
    cache=True,
    doc_topics: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Assign every article to exactly one theme or to ``"other"``, with evidence.

    Parameters
    ----------
    corpus : Corpus
    themes : ThemeSet, optional
        Defaults to :meth:`ThemeSet.default`.
    model : TopicModel, optional
        A fitted model: its topics are features of the learned step.
    tokenizer : KiwiTokenizer, optional
        Used only when no ``tokens`` are given (default: the model's tokenizer, else ``KiwiTokenizer()``).
    tokens : Tokens, optional
        The corpus' tokens from :func:`trendlab.tokenize` (pass the ones the model was fitted on);
        made here when not given.
    method : {"definition", "learned", "model"}, default "definition"
        ``"learned"`` adds the in-corpus classifier on the doubtful band (see the module notes);
        ``"model"`` lets a trained ``theme_model`` overrule the definitions. The measurements
        behind the default are in docs/evaluation.md. With ``labels`` given, the learned
        classifier learns from them.
    labels : dict of doc_id to theme, optional
        Hand-checked labels (``"other"`` allowed). They train the learned step (with
        ``method="model"`` they train nothing) and are kept as given.
    theme_model : ThemeModel or path, optional
        The trained model for ``method="model"`` (a :class:`~.model.ThemeModel` or the file
        :meth:`~.model.ThemeModel.save` wrote). Default: the one trendlab ships for its default
        themes. It must have been trained for ``themes``.
    threshold : float, default 1.0
        Position-weighted theme-term hits per 100 tokens an article needs.
    min_hits : float, default 4.0
        Least weighted hits (a core term counts 3) before any theme is possible.
    context_density : float, default 0.75
        Position-weighted hits per 100 tokens each required context group must reach.
    min_focus : float, default 0.55
        Least share of a theme's evidence against its near misses.
    min_prominence : float, default 1.0
        Least weighted theme hits in the title and the lead together: a theme the article only
        mentions further down is a passing mention.
    min_probability : float, optional
        Least learned probability for the classifier to give a theme to an article the
        definition narrowly misses. Default 0.8 without ``labels``, 0.5 with them. With
        ``method="model"``: the least probability for the model to add a theme (default: the
        model's own, 0.6).
    reject_below : float, optional
        A definition match whose learned probability is below this is rejected. Default 0.05
        without ``labels`` (the classifier then only learned from the definitions), 0.5 with them:
        trained on a person's labels, it is trusted to overrule the definitions (measured in
        docs/evaluation.md). With ``method="model"``: the model's own (shipped: 0.3); a rejected
        match is never added back.
    positions : Positions, optional
        Weights of title and lead hits (default ``Positions()``: title 3, lead 2, 60 lead tokens).
    random_state : int, default 0
    cache : bool or path, default True
        Token cache used when tokenizing here.
    doc_topics : DataFrame, optional
        The articles' topics (``doc_id, topic, probability, topic_label``, one row per article in
        corpus order), in place of the model's fitted or transformed ones.

    Returns
    -------
    pandas.DataFrame
        :data:`ASSIGNMENT_COLUMNS` plus ``score_<theme>`` and ``focus_<theme>`` per theme,
        ``context_<group>`` and ``near_<group>``; the corpus' metadata columns follow.

    Examples
    --------
    >>> assigned = assign_themes(corpus, ThemeSet.default(), model=model)  # doctest: +SKIP
    >>> assigned[["title", "theme", "theme_probability", "evidence"]]      # doctest: +SKIP
    """
    themes = as_theme_set(themes)
    if method not in METHODS:
        raise ConfigError(f"method must be one of {list(METHODS)}, got {method!r}.")
    theme_model = resolve_model(method, theme_model, themes)
    min_probability, reject_below = _thresholds(theme_model, labels, min_probability, reject_below)
    _check_numbers(
        min_probability=min_probability,
        reject_below=reject_below,
        threshold=threshold,
        min_hits=min_hits,
        context_density=context_density,
        min_focus=min_focus,
        min_prominence=min_prominence,
    )
    if len(corpus) == 0:
        raise InputError("assign_themes: the corpus is empty.")
    tokens, model_topics = _tokens(corpus, model if doc_topics is None else None, tokenizer, tokens, cache)
    if doc_topics is None:
        doc_topics = model_topics
    elif list(doc_topics["doc_id"]) != list(corpus.doc_ids):
        raise ConfigError("doc_topics must have one row per article of the corpus, in corpus order (doc_id, topic).")
    frame = corpus.frame
    matchers = build_matchers(themes, tokens.tokenizer, cache=cache)
    ev = measure(themes, matchers, tokens.text, tokens.title, positions or Positions())
    verdict = definition_verdict(
        themes,
        ev,
        threshold=threshold,
        min_hits=min_hits,
        context_density=context_density,
        min_focus=min_focus,
        min_prominence=min_prominence,
    )
    doc_ids = frame["doc_id"].tolist()
    y = _train_labels(themes, verdict, doc_ids, labels)
    clf = ThemeClassifier(random_state=random_state)
    proba, classes = np.ones((len(doc_ids), 1)), [OTHER]
    if method == "learned":
        extra = np.hstack([definition_features(themes, ev), _topic_features(doc_topics, len(doc_ids))])
        proba, classes = clf.fit_predict(tokens.text, tokens.title, extra, y), clf.classes_
    elif method == "model":
        theme_model.check_tokenizer(tokens.tokenizer)
        proba, classes = theme_model.predict_proba(tokens.text, tokens.title, ev), theme_model.classes_
    theme, prob, decided = decide(themes, ev, verdict, proba, classes, y, method, min_probability, reject_below)
    out = _frame(corpus, themes, ev, theme, prob, decided, doc_topics, clf, method, classes)
    if method == "model":
        out.attrs["theme_model"] = dict(theme_model.summary_)
    out.attrs["parameters"] = {
        "threshold": threshold,
        "min_hits": min_hits,
        "context_density": context_density,
        "min_focus": min_focus,
        "min_prominence": min_prominence,
        "min_probability": min_probability,
        "reject_below": reject_below,
    }
    return out


def _frame(corpus, themes, ev, theme, prob, decided, doc_topics, clf, method, model_classes=()) -> pd.DataFrame:
    frame = corpus.frame.reset_index(drop=True)
    topics = doc_topics["topic"].astype(int).tolist() if doc_topics is not None else [None] * len(frame)
    out = frame[["doc_id", "source", "title", "date", "date_source"]].copy()
    out["theme"] = theme
    out["theme_score"] = [round(float(ev.score[t][i]), 3) if t != OTHER else 0.0 for i, t in enumerate(theme)]
    out["theme_probability"] = np.round(prob, 4)
    out["topic"] = [t if t is not None else -1 for t in topics]
    out["topic_label"] = doc_topics["topic_label"].astype(str).tolist() if doc_topics is not None else ""
    out["decided_by"] = decided
    says = [method == "model" and decided[i] != "label" and theme[i] in model_classes for i in range(len(frame))]
    out["evidence"] = [
        _evidence(themes, ev, i, theme[i], prob[i], decided[i], topics[i], says[i]) for i in range(len(frame))
    ]
    for name in themes.names:
        out[f"score_{name}"] = np.round(ev.score[name], 3)
        out[f"focus_{name}"] = np.round(ev.focus(themes, name), 3)
    for kind, groups in (("context", ev.context), ("near", ev.near)):
        for k, v in groups.items():
            out[f"{kind}_{k}"] = np.round(v, 3)
    meta = [c for c in frame.columns if c not in out.columns and c not in ("text",)]
    out = pd.concat([out, frame[meta]], axis=1)
    out.attrs["themes"] = themes.to_dict()
    out.attrs["method"] = method
    out.attrs["learned"] = {"classes": list(getattr(clf, "classes_", [])), "n_train": getattr(clf, "n_train_", {})}
    return out
