"""Synthetic corpora for benchmarks, built by recombining sentences of the bundled sample.

Each synthetic article takes 4-7 sentences drawn from sample articles of one theme
(or of the "other" articles), so sizes of 1k-50k keep some topical structure. It gets a
random date in 2021-2024 written as a dateline in its text. The generator is seeded, so
the same size always gives the same articles. These texts are recombinations of the
sample, not new writing: they measure cost, not quality.
"""

from __future__ import annotations

import random
import re

import pandas as pd

from benchmarks._common import ROOT


def sentences_by_theme() -> dict[str, list[str]]:
    from trendlab.datasets import load_sample, sample_metadata

    corpus = load_sample()
    meta = sample_metadata().set_index("id")
    out: dict[str, list[str]] = {}
    for doc_id, text in zip(corpus.doc_ids, corpus.texts):
        body = "\n".join(ln for ln in text.split("\n") if not re.match(r"^(입력|승인|Published|\d{4})", ln))
        sents = [s.strip() for s in re.split(r"(?<=다\.)\s+", body) if len(s.strip()) > 15]
        out.setdefault(meta.loc[doc_id, "theme"], []).extend(sents)
    return out


def synthetic_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` articles with columns ``id, text`` (the date is a dateline inside ``text``)."""
    rng = random.Random(seed)
    pools = sentences_by_theme()
    themes = sorted(pools)
    rows = []
    for i in range(n):
        th = rng.choice(themes)
        k = rng.randint(4, 7)
        sents = rng.sample(pools[th], min(k, len(pools[th])))
        y, m, d = rng.randint(2021, 2024), rng.randint(1, 12), rng.randint(1, 28)
        rows.append({"id": f"b{i:06d}", "text": f"입력 {y}.{m:02d}.{d:02d} 10:00\n" + " ".join(sents) + f" ({i})"})
    return pd.DataFrame(rows)


def synthetic_corpus(n: int, seed: int = 0):
    import trendlab as tl

    return tl.Corpus.from_frame(
        synthetic_frame(n, seed), id_col="id", title_col=None, date_col=None, near_duplicates=None
    )


# -- real-length articles from the development stream -------------------------------------
DEV = ROOT.parent / "shared" / "data" / "semis_dev" / "articles.jsonl"
_SENTENCE = re.compile(r"(?<=[다요])\.\s*")


def dev_frame() -> pd.DataFrame:
    """The 861 real articles of ``../shared/data/semis_dev`` (title, text, date, outlet, url)."""
    if not DEV.is_file():
        raise SystemExit(f"benchmark needs {DEV} (the semis_dev stream next to the repository); it is absent.")
    return pd.read_json(DEV, lines=True, dtype={"date": str})


def dev_paragraphs() -> tuple[list[list[str]], list[str], list[int]]:
    """(paragraphs of each article, titles, text lengths): a paragraph is three consecutive
    sentences (the stream's texts carry no line breaks)."""
    df = dev_frame()
    paras = []
    for text in df["text"]:
        sents = [s + "." for s in _SENTENCE.split(text) if s.strip()]
        paras.append([" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)])
    return paras, df["title"].tolist(), [len(t) for t in df["text"]]


def recombined_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` real-length articles recombined from dev-stream paragraphs.

    Article ``i`` takes the length of a randomly drawn real article (so the length
    distribution is the stream's: median about 1,450 characters), then paragraphs drawn at
    random from the whole stream until it reaches that length; its title is the title of
    the article its first paragraph came from, with its number; its date is drawn
    uniformly from 2021-2024. Seeded: the same ``n`` gives the same articles.
    """
    rng = random.Random(seed)
    paras, titles, lengths = dev_paragraphs()
    flat = [(a, p) for a, ps in enumerate(paras) for p in ps]
    rows = []
    for i in range(n):
        target = rng.choice(lengths)
        first, p = rng.choice(flat)
        body = [p]
        size = len(p)
        while size < target - 100:
            p = rng.choice(flat)[1]
            body.append(p)
            size += len(p) + 1
        y, m, d = rng.randint(2021, 2024), rng.randint(1, 12), rng.randint(1, 28)
        rows.append(
            {
                "id": f"r{i:06d}",
                "title": f"{titles[first]} ({i})",
                "date": f"{y}-{m:02d}-{d:02d}",
                "text": " ".join(body),
            }
        )
    return pd.DataFrame(rows)
