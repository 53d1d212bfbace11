"""The hand-labelled real articles the theme benchmarks read; no article text is in the repository.

* the semiconductor dev stream, ``../shared/data/semis_dev/articles.jsonl``, labels in
  ``tests/fixtures/labels/semis_dev.csv`` (keyed by :func:`trendlab.validate.label_key`);
* web excerpts in ``TRENDLAB_WEB_EVAL`` (``web_part*.jsonl``, ``heldout_part*.jsonl``,
  ``heldout2_part*.jsonl``) with labels in ``ai_news_web.csv``, ``ai_news_web_heldout.csv`` and
  ``ai_news_web_heldout2.csv`` (keyed by a hash of the url): the evaluation sets;
* training excerpts in ``TRENDLAB_TRAIN`` (``train_part*.jsonl``) with labels in
  ``ai_news_train.csv``: what the shipped theme model learns from, never evaluated on.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from trendlab.validate import label_key

from ._common import ROOT
from .data import DEV

LABELS = ROOT / "tests" / "fixtures" / "labels"


def load_dev() -> tuple[pd.DataFrame, np.ndarray] | None:
    if not DEV.is_file():
        return None
    df = pd.DataFrame([json.loads(line) for line in DEV.open(encoding="utf-8")])
    labels = pd.read_csv(LABELS / "semis_dev.csv").set_index("key")["label"]
    df["doc_id"] = [f"d{i:04d}" for i in range(len(df))]
    return df, np.array([labels[label_key(t, d)] for t, d in zip(df["title"], df["date"])])


def _excerpts(env: str, pattern: str, fixture: str, prefix: str, day: str):
    """(frame, labels) of the ``pattern`` files in the folder ``env`` names; None when absent."""
    folder = os.environ.get(env)
    files = sorted(Path(folder).glob(pattern)) if folder and Path(folder).is_dir() else []
    if not files:
        return None
    labels = pd.read_csv(LABELS / fixture).set_index("key")["label"]
    recs = [json.loads(line) for f in files for line in f.open(encoding="utf-8")]
    df = pd.DataFrame(recs).drop_duplicates("url").reset_index(drop=True)
    df = df[[url_key(u) in labels.index for u in df["url"]]].reset_index(drop=True)
    df["doc_id"] = [f"{prefix}{i:04d}" for i in range(len(df))]
    df["date"] = day  # excerpts: no date is needed for precision and recall
    return df, np.array([labels[url_key(u)] for u in df["url"]])


def load_web():
    """The AI-news web excerpts (general AI-news queries, never theme names)."""
    return _excerpts("TRENDLAB_WEB_EVAL", "web_part*.jsonl", "ai_news_web.csv", "w", "2024-06-01")


def load_heldout():
    """Held-out excerpts collected after the default definitions were last revised; never used
    to revise them."""
    return _excerpts("TRENDLAB_WEB_EVAL", "heldout_part*.jsonl", "ai_news_web_heldout.csv", "h", "2025-06-01")


def load_heldout2():
    """Held-out excerpts collected after the theme model was designed; never used to design or
    train it."""
    return _excerpts("TRENDLAB_WEB_EVAL", "heldout2_part*.jsonl", "ai_news_web_heldout2.csv", "k", "2025-06-01")


def url_key(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


def load_train():
    """The training excerpts of the shipped theme model (theme and near-miss queries)."""
    return _excerpts("TRENDLAB_TRAIN", "train_part*.jsonl", "ai_news_train.csv", "t", "2024-06-01")
