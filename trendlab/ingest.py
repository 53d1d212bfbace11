"""What one :meth:`trendlab.Store.add` writes, one input file (a partition of text) at a time.

An add reads its input with :func:`trendlab.corpus.iter_corpora`, one file at a time. For each
file, :func:`new_articles` drops the texts the store (or an earlier file of the same add) already
holds, and :func:`write_unit` tokenizes the rest and writes their article and token files. No file
is listed in the manifest until the add commits. Then :func:`assign_months` assigns every month
of the new articles with the stored model, one month per task, reading the month back from its
files. So the text held in memory is one input file's, or one month's, never the whole input.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator

import numpy as np
import pandas as pd

from .corpus import Corpus, iter_corpora, load_corpus
from .partitions import assign_month, run, tokenize_part
from .storage import StoreFiles, by_month, month_of, ordered, plain, text_hash

__all__ = ["assign_months", "new_articles", "units", "write_unit"]


def units(source, load_options: dict | None, client=None) -> Iterator[Corpus]:
    """The input of an add, one Corpus per file (:func:`~trendlab.corpus.iter_corpora`).

    With a Dask ``client`` the files are read and parsed on the workers, the next file while this
    one is tokenized; the client holds one file's articles at a time. A Corpus given is one unit,
    and so is input with a dates sidecar (which needs every file at once)."""
    options = dict(load_options or {})
    if isinstance(source, Corpus):
        yield source
    elif options.get("dates") is not None:
        yield load_corpus(source, **options)
    else:
        options.pop("dates", None)
        yield from iter_corpora(source, **options, mapper=_ahead(client) if client is not None else None)


def _ahead(client):
    """A starmap that runs on ``client``, one call ahead of the one whose result is taken."""

    def starmap(fn, items):
        items = iter(items)
        pending = deque(client.submit(fn, *item, pure=False) for item in itertools.islice(items, 1))
        while pending:
            result = pending.popleft().result()
            for item in itertools.islice(items, 1):
                pending.append(client.submit(fn, *item, pure=False))
            yield result

    return starmap


def new_articles(
    corpus: Corpus, batch: str, stored: dict[str, str], seen: dict[str, str], ids: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """The articles of ``corpus`` whose text is new (in the canonical order), the accounting, and
    how many were left out as already stored and as repeated from an earlier file of this add.

    ``stored`` maps the text hashes of the store's articles to their doc_ids, ``seen`` those of
    this add's earlier files, ``ids`` every doc_id in use; ``seen`` and ``ids`` are updated. In the
    accounting, which is the corpus', each article left out is excluded with the reason (its "kept"
    row changed). A doc_id already in use is renamed (:func:`_renames`), and every reference to a
    renamed or left-out article (``near_duplicate_of``, the accounting) names its new id."""
    frame = corpus.frame
    hashes = frame["text"].map(text_hash).to_numpy()
    why: dict[str, tuple[str, str, str, str]] = {}  # doc_id -> (input, title, reason, detail)
    same: dict[str, str] = {}  # doc_id left out -> the article that has its text
    keep = np.ones(len(frame), dtype=bool)
    for i, (src, d, t, h) in enumerate(zip(frame["source"], frame["doc_id"], frame["title"], hashes)):
        if h in stored:
            same[d] = stored[h]
            why[d] = (
                src,
                t,
                f"already stored as {same[d]}",
                f"same text (after white-space normalisation), add {batch}",
            )
        elif h in seen:
            same[d] = seen[h]
            why[d] = (
                src,
                t,
                f"duplicate of {same[d]}",
                "identical text after white-space normalisation, in another file",
            )
        else:
            continue
        keep[i] = False
    new = frame[keep].copy()
    renamed = _renames(new, ids, batch)
    refs = {**same, **renamed}
    acc = corpus.accounting
    if "near_duplicate_of" in new.columns and refs:
        new["near_duplicate_of"] = new["near_duplicate_of"].map(lambda v: refs.get(v, v))
    if refs:  # the file's own references, before the add's reasons (which name final ids) join them
        acc = acc.assign(reason=acc["reason"].map(lambda r: _ref(r, refs)))
    if renamed:
        new["doc_id"] = new["doc_id"].map(lambda v: renamed.get(v, v))
        named = (acc["action"] != "excluded") & acc["doc_id"].isin(list(renamed))
        acc = acc.assign(doc_id=acc["doc_id"].where(~named, acc["doc_id"].map(renamed)))
    acc = _excluded(acc, why)
    seen.update(zip(hashes[keep], new["doc_id"]))
    ids.update(new["doc_id"])
    n_stored = sum(r[2].startswith("already stored") for r in why.values())
    return ordered(new).reset_index(drop=True), acc, n_stored, len(why) - n_stored


def _renames(frame: pd.DataFrame, ids: set[str], batch: str) -> dict[str, str]:
    """New ids for the articles whose doc_id is in use: ``<input>:<id>`` (as :func:`load_corpus`
    names ids repeated across inputs), else ``<batch>-<input>:<id>``, else with ``~2``, ``~3``..."""
    taken = set(ids) | set(frame["doc_id"])
    out = {}
    for d, src in zip(frame["doc_id"], frame["source"]):
        if d not in ids:
            continue
        name, k = f"{src}:{d}", 1
        if name in taken:
            name = f"{batch}-{src}:{d}"
        while name in taken:
            k += 1
            name = f"{batch}-{src}:{d}~{k}"
        out[d] = name
        taken.add(name)
    return out


def _ref(reason, refs: dict[str, str]):
    """An accounting reason ("duplicate of X", "near-duplicate of X") naming X's new id."""
    if isinstance(reason, str) and "duplicate of " in reason:
        head, _, x = reason.rpartition("duplicate of ")
        if x in refs:
            return f"{head}duplicate of {refs[x]}"
    return reason


def _excluded(acc: pd.DataFrame, why: dict) -> pd.DataFrame:
    """The accounting with the articles of ``why`` excluded: their "kept" row changed, or a row added."""
    if not why:
        return acc
    acc = acc.copy()
    kept = (acc["unit"] == "article") & (acc["action"] == "kept") & acc["doc_id"].isin(list(why))
    for i in np.flatnonzero(kept.to_numpy()):
        d = acc["doc_id"].iat[i]
        acc.iloc[i, acc.columns.get_indexer(["action", "reason", "detail"])] = ["excluded", why[d][2], why[d][3]]
    rest = [d for d in why if d not in set(acc.loc[kept, "doc_id"])]
    rows = [
        {
            "input": why[d][0],
            "unit": "article",
            "action": "excluded",
            "reason": why[d][2],
            "doc_id": d,
            "title": why[d][1],
            "detail": why[d][3],
        }
        for d in rest
    ]
    return pd.concat([acc, pd.DataFrame(rows)], ignore_index=True) if rows else acc


def write_unit(files: StoreFiles, frame: pd.DataFrame, tokenizer: dict, *, cache=True, client=None) -> dict:
    """Tokenize new articles and write their article and token files (not yet in the manifest).

    With a Dask ``client`` the articles are tokenized in one chunk per worker thread; every
    article is tokenized on its own, so the tokens do not depend on the chunks."""
    n = sum(client.nthreads().values()) if client is not None else 1
    bounds = np.linspace(0, len(frame), max(1, min(n, len(frame))) + 1).astype(int)
    chunks = [frame.iloc[a:b].reset_index(drop=True) for a, b in zip(bounds[:-1], bounds[1:])]
    got = run(tokenize_part, chunks, tokenizer, cache=cache, client=client)
    month = month_of(frame["date"]).to_numpy()
    toks = pd.DataFrame(
        {
            "doc_id": frame["doc_id"],
            "text": [t for g in got for t in g[0]],
            "title": [t for g in got for t in g[1]],
            "month": month,
        }
    )
    arts = frame.assign(text_hash=frame["text"].map(text_hash), month=month)
    return {"articles": files.write("articles", plain(arts)), "tokens": files.write("tokens", toks)}


def assign_months(
    files: StoreFiles,
    written: dict,
    tokenizer: dict,
    themes: dict,
    model: str,
    version: int,
    gen: int,
    *,
    cache=True,
    client=None,
) -> tuple[list[str], pd.DataFrame]:
    """Assign the articles in the files ``written`` (``{"articles": [...], "tokens": [...]}``),
    month by month (a Dask task each with a ``client``), with the saved ``model``.

    Returns the assignment files written and every article's doc_id, theme and topic, in the
    canonical order."""
    arts, toks = by_month(written["articles"]), by_month(written["tokens"])
    items = [(str(files.path.resolve()), arts[m], toks[m]) for m in arts]  # workers may run elsewhere
    out = run(assign_month, items, tokenizer, themes, model, version, gen, cache=cache, client=client)
    paths = [p for o in out for p in o[0]]
    return paths, pd.concat([o[1] for o in out], ignore_index=True)
