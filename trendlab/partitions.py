"""The per-article stages of a store, one partition (a month of articles) at a time.

Each function takes plain values (a DataFrame of articles, the tokenizer's parameters, the theme
set as a dict, the folder of a saved model), so it runs the same in this process or as a Dask task
on a worker: :func:`run` maps it over the partitions in order, with a ``dask.distributed.Client``
when one is given. Results do not depend on the engine: every article is tokenized and assigned
on its own, and a partition is the same unit of work in both.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import Corpus
from .models import TopicModel
from .storage import StoreFiles, month_of, ordered, plain
from .themes import ThemeSet, assign_themes
from .tokenize import KiwiTokenizer
from .tokens import Tokens, tokenize_corpus

__all__ = [
    "FIT_SAMPLE",
    "assign_month",
    "assign_part",
    "fit_model",
    "fit_sample",
    "fit_stored",
    "run",
    "tokenize_part",
]

#: The most articles a store's topic model is fitted on (see :func:`fit_sample`).
FIT_SAMPLE = 20_000


def fit_sample(n: int, limit: int = FIT_SAMPLE) -> np.ndarray:
    """Which of ``n`` articles (in the store's order: date, then doc_id) a model is fitted on:
    all of them up to ``limit``, else ``limit`` articles evenly spaced over the whole span, so
    every period is represented. The others get the fitted model's ``transform``."""
    return np.arange(n) if n <= limit else np.unique(np.linspace(0, n - 1, limit).round().astype(int))


def fit_model(corpus: Corpus, tokens: Tokens, backend: str, random_state: int, cache=True, progress=False):
    """A topic model fitted, in this process, on :func:`fit_sample` of the articles."""
    idx = fit_sample(len(corpus))
    if len(idx) < len(corpus):
        mask = np.zeros(len(corpus), dtype=bool)
        mask[idx] = True
        corpus = corpus.subset(mask)
        tokens = Tokens(
            tuple(corpus.doc_ids), [tokens.text[i] for i in idx], [tokens.title[i] for i in idx], tokens.tokenizer
        )
    model = TopicModel(backend, tokenizer=tokens.tokenizer, random_state=random_state, cache=cache, progress=progress)
    return model.fit(corpus, tokens=tokens)


def fit_stored(
    store: str, articles: list[str], tokens: list[str], tokenizer: dict, backend: str, random_state: int, **kw
) -> TopicModel:
    """:func:`fit_model` on stored articles (the files ``articles`` and ``tokens`` of ``store``).

    Only the sample's tokens and metadata are read: the store's models embed tokens, never text,
    so no article text is held for the fit (the ``text`` column is left empty)."""
    files = StoreFiles(store)
    keys = ordered(files.read_files(articles, columns=["doc_id", "date"]))
    chosen = set(keys["doc_id"].iloc[fit_sample(len(keys))])
    meta = _rows(files, articles, chosen, drop=("text", "text_hash", "month")).assign(text="")
    toks = _rows(files, tokens, chosen, drop=("month",)).set_index("doc_id")
    corpus = Corpus(ordered(meta).reset_index(drop=True))
    ids = corpus.doc_ids
    t = Tokens(
        tuple(ids),
        [list(x) for x in toks.loc[ids, "text"]],
        [list(x) for x in toks.loc[ids, "title"]],
        KiwiTokenizer(**tokenizer),
    )
    return fit_model(corpus, t, backend, random_state, **kw)


def _rows(files: StoreFiles, paths: list[str], ids: set, drop=()) -> pd.DataFrame:
    """The rows of ``paths`` whose doc_id is in ``ids``, without the columns ``drop``, one file in
    memory at a time (files may differ in their metadata columns)."""
    import pyarrow.parquet as pq

    parts = []
    for p in paths:
        columns = [c for c in pq.read_schema(files.path / p).names if c not in drop]
        f = files.read_files([p], columns=columns)
        parts.append(f[f["doc_id"].isin(ids)])
    return pd.concat(parts, ignore_index=True)


def tokenize_part(frame: pd.DataFrame, tokenizer: dict, cache=True) -> tuple[list, list]:
    """(text tokens, title tokens) of a partition's articles."""
    t = tokenize_corpus(Corpus(frame), KiwiTokenizer(**tokenizer), cache=cache)
    return t.text, t.title


def assign_part(
    frame: pd.DataFrame, text: list, title: list, tokenizer: dict, themes: dict, model: str, cache=True
) -> pd.DataFrame:
    """Theme and topic assignments of a partition, with the model saved in the folder ``model``.

    Articles the model was fitted on keep their fitted topics; the others get
    :meth:`TopicModel.transform` (no refit)."""
    corpus = Corpus(frame)
    tokens = Tokens(tuple(corpus.doc_ids), text, title, KiwiTokenizer(**tokenizer))
    fitted = _load(model)
    return assign_themes(
        corpus, ThemeSet.from_dict(themes), tokens=tokens, cache=cache, doc_topics=_topics(fitted, corpus, tokens)
    )


def assign_month(
    store: str,
    articles: list[str],
    tokens: list[str],
    tokenizer: dict,
    themes: dict,
    model: str,
    version: int,
    gen: int,
    cache=True,
) -> tuple[list[str], pd.DataFrame]:
    """Assign one month of stored articles (the files ``articles`` and ``tokens`` of ``store``)
    with the saved ``model`` and write the assignments of generation ``gen``.

    Returns the files written and the articles' ``doc_id``, ``theme`` and ``topic``. Runs where
    the store's folder can be read and written: this process, or a Dask worker."""
    files = StoreFiles(store)
    frame = ordered(files.read_files(articles).drop(columns=["text_hash", "month"])).reset_index(drop=True)
    toks = files.read_files(tokens, columns=["doc_id", "text", "title"]).set_index("doc_id").loc[frame["doc_id"]]
    a = assign_part(
        frame, [list(x) for x in toks["text"]], [list(x) for x in toks["title"]], tokenizer, themes, model, cache=cache
    )
    a = a.assign(model_version=version, month=month_of(frame["date"]).to_numpy())
    written = files.write("assignments", plain(a), prefix=f"gen={gen}")
    return written, a[["doc_id", "theme", "topic"]]


def _load(model: str) -> TopicModel:
    """The saved model in the folder ``model``, loaded once per process (and again if it changed)."""
    stamp = max(f.stat().st_mtime_ns for f in Path(model).iterdir())
    return _load_cached(str(model), stamp)


@functools.lru_cache(maxsize=2)
def _load_cached(model: str, stamp: int) -> TopicModel:
    return TopicModel.load(Path(model))


def _topics(model: TopicModel, corpus: Corpus, tokens: Tokens) -> pd.DataFrame:
    """Fitted topics for the articles the model was fitted on, ``transform`` for the others."""
    fitted = model.doc_topics_.set_index("doc_id")
    ids = list(corpus.doc_ids)
    seen = np.array([d in fitted.index for d in ids], dtype=bool)
    parts = []
    if seen.any():
        parts.append(fitted.loc[[d for d, s in zip(ids, seen) if s]].reset_index())
    if not seen.all():
        idx = np.flatnonzero(~seen)
        sub = corpus.subset(~seen)
        sub_tokens = Tokens(
            tuple(sub.doc_ids), [tokens.text[i] for i in idx], [tokens.title[i] for i in idx], tokens.tokenizer
        )
        parts.append(model.transform(sub, tokens=sub_tokens))
    out = pd.concat(parts, ignore_index=True).set_index("doc_id").loc[ids].reset_index()
    return out


def run(fn, parts: list, *args, client=None, **kwargs) -> list:
    """``[fn(part, *args, **kwargs) for part in parts]``, as Dask tasks when ``client`` is given.

    ``parts`` may be tuples, unpacked as the first arguments. Results come back in order.
    """
    items = [p if isinstance(p, tuple) else (p,) for p in parts]
    if client is None:
        return [fn(*item, *args, **kwargs) for item in items]
    futures = [client.submit(fn, *item, *args, pure=False, **kwargs) for item in items]
    return client.gather(futures)
