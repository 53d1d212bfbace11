"""The whole job in one call: load → tokenize once → topics → themes → trends."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Analysis", "analyze"]

log = logging.getLogger(__name__)


@dataclass
class Analysis:
    """Everything a report needs; each field is also useful on its own in a notebook."""

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
    validation : path or Validation, optional
        A labelled sample (``trendlab validate sample``) of this corpus' assignments: it is scored,
        shown in the report, and the trends get shares corrected for the measured error rates.
    **model_options
        Passed to :class:`trendlab.TopicModel`.

    Examples
    --------
    >>> res = analyze("articles/", backend="nmf")       # doctest: +SKIP
    >>> res.trends.head()                              # doctest: +SKIP
    """
    from .corpus import Corpus, load_corpus
    from .models import TopicModel
    from .themes import ThemeSet, assign_themes
    from .tokenize import KiwiTokenizer
    from .trends import FREQS, dynamic_terms, theme_trends, topic_trends, trend_stats
    from .validate import Validation, score

    if freq not in FREQS:
        from .errors import ConfigError

        raise ConfigError(f"freq must be one of {sorted(FREQS)}, got {freq!r}.")
    corpus = source if isinstance(source, Corpus) else load_corpus(source, **(load_options or {}))
    if themes is None:
        themes = ThemeSet.default()
    elif not isinstance(themes, ThemeSet):
        themes = ThemeSet.from_file(themes)
    tok = tokenizer if tokenizer is not None else KiwiTokenizer()
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = TopicModel(
            backend, tokenizer=tok, random_state=random_state, cache=cache, progress=progress, **model_options
        ).fit(corpus)
    for w in caught:  # keep trendlab's own fallback notices for the report
        msg = str(w.message)
        if msg.startswith("BERTopic:"):
            notes.append(msg)
            log.warning(msg)
    assigned = assign_themes(corpus, themes, model=model, random_state=random_state)
    val = None
    if validation is not None:
        val = validation if isinstance(validation, Validation) else score(validation, themes=themes)
    trends = theme_trends(assigned, freq=freq, themes=themes, validation=val)
    stats = trend_stats(trends)
    dynamic = dynamic_terms(assigned, model.tokens_, freq=freq, exclude=themes.context_terms(tok))
    ttrends = topic_trends(model.doc_topics_, corpus, freq=freq)
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
    return Analysis(corpus, model, themes, assigned, trends, stats, dynamic, ttrends, freq, notes, val)
