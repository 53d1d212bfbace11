"""The whole job in a few calls: load → tokenize once → topics → themes → trends.

:func:`assign` runs the stages up to the themes (what ``trendlab assign``, ``trends`` and
``validate sample`` need); :func:`analyze` adds the trends, statistics and terms and gathers
everything the report shows into an :class:`Analysis`, so the report only renders.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field

import pandas as pd

from .corpus import Corpus, load_corpus
from .errors import ConfigError, InputError
from .models import TopicModel
from .themes import ThemeSet, as_theme_set, assign_themes
from .tokenize import KiwiTokenizer
from .tokens import Tokens, tokenize_corpus
from .trends import FREQS, NONE_GROUP, dynamic_terms, theme_trends, topic_trends, trend_stats
from .validate import Validation, score

__all__ = ["Analysis", "Assigned", "analyze", "assign", "summarize"]

log = logging.getLogger(__name__)


@dataclass
class Assigned:
    """The stages up to the themes: corpus, tokens, model (None without one), themes, assignments."""

    corpus: Corpus
    tokens: Tokens
    model: TopicModel | None
    themes: ThemeSet
    assignments: pd.DataFrame
    notes: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything a report needs; each field is also useful on its own in a notebook.

    ``group_trends`` is ``theme_trends(assignments, by=by)`` when :func:`analyze` was given ``by``
    (a metadata column such as ``"outlet"``), else None.
    """

    corpus: object
    model: object
    themes: object
    assignments: pd.DataFrame
    trends: pd.DataFrame
    stats: pd.DataFrame
    dynamic: pd.DataFrame
    topic_trends: pd.DataFrame
    freq: str
    warnings: list[str] = field(default_factory=list)
    validation: object = None
    tokens: Tokens | None = None
    context_terms: frozenset = frozenset()
    group_trends: pd.DataFrame | None = None
    by: str | None = None


def _fit(corpus, tokens, backend, random_state, cache, progress, model_options) -> tuple[TopicModel, list[str]]:
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = TopicModel(
            backend,
            tokenizer=tokens.tokenizer,
            random_state=random_state,
            cache=cache,
            progress=progress,
            **model_options,
        ).fit(corpus, tokens=tokens)
    for w in caught:  # keep trendlab's own fallback notices for the report
        msg = str(w.message)
        if msg.startswith("BERTopic:"):
            notes.append(msg)
            log.warning(msg)
    return model, notes


def assign(
    source,
    *,
    backend: str | None = "bertopic",
    themes=None,
    random_state: int = 0,
    tokenizer=None,
    cache=True,
    progress: bool = False,
    load_options: dict | None = None,
    theme_method: str = "definition",
    labels: dict | None = None,
    theme_model=None,
    **model_options,
) -> Assigned:
    """Load, tokenize once, fit the topic model (unless ``backend`` is None) and assign themes.

    Parameters are those of :func:`analyze`; ``backend=None`` assigns themes without a topic model;
    ``labels`` (``{doc_id: theme}``) train the learned step (see :func:`trendlab.assign_themes`).
    """
    corpus = source if isinstance(source, Corpus) else load_corpus(source, **(load_options or {}))
    themes = as_theme_set(themes)
    tok = tokenizer if tokenizer is not None else KiwiTokenizer()
    tokens = tokenize_corpus(corpus, tok, cache=cache, progress=progress)
    model, notes = None, []
    if backend is not None:
        model, notes = _fit(corpus, tokens, backend, random_state, cache, progress, model_options)
    assigned = assign_themes(
        corpus,
        themes,
        model=model,
        tokens=tokens,
        method=theme_method,
        labels=labels,
        theme_model=theme_model,
        random_state=random_state,
    )
    return Assigned(corpus, tokens, model, themes, assigned, notes)


def _notes(corpus, trends, stats) -> list[str]:
    notes = []
    s = corpus.summary()
    if s["undated"]:
        notes.append(f"{s['undated']} article(s) have no publication date; they are left out of every share.")
    if trends.attrs.get("empty_periods"):
        notes.append(
            "Periods with no dated article: "
            + ", ".join(trends.attrs["empty_periods"])
            + " (shown as empty, not dropped)."
        )
    if s["files_excluded"] or s["rows_excluded"]:
        notes.append(
            f"{s['files_excluded']} file(s) and {s['rows_excluded']} row(s) were excluded; see the data accounting."
        )
    short = stats[stats["direction"] == "too few periods"]
    if len(short):
        notes.append(
            f"Only {int(short['n_periods'].max())} non-empty period(s): trend directions are not tested; "
            "shares are descriptive."
        )
    return notes


def _check_by(corpus: Corpus, by: str) -> None:
    """Fail before the model is fitted when the group column is not in the corpus."""
    if by not in corpus.frame.columns:
        cols = [str(c) for c in corpus.frame.columns if c != "text"]
        raise InputError(
            f"by={by!r}: the corpus has no column {by!r}; its columns are: {', '.join(cols)}. "
            "Extra columns of a CSV, JSONL or DataFrame (such as outlet or section) are kept as metadata."
        )


def _group_notes(group_trends: pd.DataFrame) -> list[str]:
    by = group_trends.attrs["by"]
    n = group_trends.attrs["group_articles"].get(NONE_GROUP, 0)
    if not n:
        return []
    return [f"{n} article(s) have no {by}; they are compared as the group {NONE_GROUP!r}."]


def analyze(
    source,
    *,
    backend: str = "bertopic",
    themes=None,
    freq: str = "year",
    random_state: int = 0,
    tokenizer=None,
    cache=True,
    progress: bool = False,
    load_options: dict | None = None,
    validation=None,
    theme_method: str = "definition",
    labels: dict | None = None,
    theme_model=None,
    by: str | None = None,
    **model_options,
) -> Analysis:
    """Run the pipeline on a path, a list of paths, or a :class:`~trendlab.Corpus`.

    Parameters
    ----------
    source : path, list of paths or Corpus
    backend : {"bertopic", "nmf", "lda"}, default "bertopic"
    themes : ThemeSet or path, optional
        Default :meth:`ThemeSet.default`; a path is read with :meth:`ThemeSet.from_file`.
    freq : {"year", "quarter", "month"}, default "year"
    random_state : int, default 0
    tokenizer : KiwiTokenizer, optional
    cache : bool or path, default True
    progress : bool, default False
    load_options : dict, optional
        Passed to :func:`trendlab.load_corpus`.
    theme_method : {"definition", "learned", "model"}, default "definition"
        Passed to :func:`trendlab.assign_themes` as ``method``.
    theme_model : ThemeModel or path, optional
        A trained theme model (:class:`trendlab.ThemeModel`, or its file) for ``theme_method``
        "model"; default: the one trendlab ships for its default themes.
    labels : dict of doc_id to theme, optional
        Hand labels that train the learned step (:func:`trendlab.validate.read_labels` reads
        them from a labelled sample); validate with a different sample.
    validation : path or Validation, optional
        A labelled sample (``trendlab validate sample``) of this corpus' assignments: it is scored,
        shown in the report, and the trends get shares corrected for the measured error rates.
    by : str, optional
        A metadata column of the corpus (``"outlet"``, ``"section"``...): the theme trends are also
        computed per group (:attr:`Analysis.group_trends`) and the report compares the groups.
        Cannot be combined with ``validation``.
    **model_options
        Passed to :class:`trendlab.TopicModel`.

    Examples
    --------
    >>> res = analyze("articles/", backend="nmf")       # doctest: +SKIP
    >>> res.trends.head()                              # doctest: +SKIP
    """
    if freq not in FREQS:
        raise ConfigError(f"freq must be one of {sorted(FREQS)}, got {freq!r}.")
    if by is not None and validation is not None:
        raise ConfigError("by= cannot be combined with validation=: the error rates are measured on the whole corpus.")
    corpus = source if isinstance(source, Corpus) else load_corpus(source, **(load_options or {}))
    if by is not None:
        _check_by(corpus, by)
    a = assign(
        corpus,
        backend=backend,
        themes=themes,
        random_state=random_state,
        tokenizer=tokenizer,
        cache=cache,
        progress=progress,
        load_options=load_options,
        theme_method=theme_method,
        labels=labels,
        theme_model=theme_model,
        **model_options,
    )
    return summarize(
        a.corpus, a.tokens, a.model, a.themes, a.assignments, freq=freq, by=by, validation=validation, notes=a.notes
    )


def summarize(
    corpus: Corpus,
    tokens: Tokens,
    model,
    themes: ThemeSet,
    assignments: pd.DataFrame,
    *,
    freq: str = "year",
    by: str | None = None,
    validation=None,
    notes=(),
) -> Analysis:
    """The trends, statistics and terms of assignments already made, gathered into an :class:`Analysis`
    (what :func:`analyze` does after :func:`assign`; :class:`trendlab.store.Store` calls it on stored
    articles)."""
    if freq not in FREQS:
        raise ConfigError(f"freq must be one of {sorted(FREQS)}, got {freq!r}.")
    if by is not None:
        _check_by(corpus, by)
    val = None
    if validation is not None:
        val = validation if isinstance(validation, Validation) else score(validation, themes=themes)
        val.check(assignments)
    trends = theme_trends(assignments, freq=freq, themes=themes, validation=val)
    stats = trend_stats(trends)
    context = frozenset(themes.context_terms(tokens.tokenizer))
    dynamic = dynamic_terms(assignments, tokens, freq=freq, exclude=context)
    ttrends = topic_trends(assignments[["doc_id", "date", "topic"]], freq=freq)  # every article's topic
    notes = list(notes) + _notes(corpus, trends, stats)
    group_trends = None
    if by is not None:
        group_trends = theme_trends(assignments, freq=freq, themes=themes, by=by)
        notes += _group_notes(group_trends)
    return Analysis(
        corpus,
        model,
        themes,
        assignments,
        trends,
        stats,
        dynamic,
        ttrends,
        freq,
        notes,
        val,
        tokens,
        context,
        group_trends=group_trends,
        by=by,
    )
