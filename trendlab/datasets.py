"""The bundled sample corpus: 122 short Korean news-style articles, 2021-2024.

Written for trendlab (no text is copied from anywhere) to show a documented trend:
edge AI silicon strong in 2021-2022, AI and jobs surging in 2023 after generative AI,
sovereign AI rising through 2023-2024, and around half of the articles on other
subjects (EV batteries, displays, medical AI, finance and policy news that merely
mention 반도체 or 일자리, space, energy, bio). It also holds traps: two near-duplicates,
three undated items, one English article and one article naming two themes.

``load_sample()`` reads only the articles; their dates come from the datelines in the
text, like any user's data. ``sample_metadata()`` returns the intended dates and
themes, for tests and evaluation only (the report never reads it).
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from .corpus import load_corpus

__all__ = ["load_sample", "sample_metadata", "sample_path"]


def sample_path():
    """Path of the sample's ``articles.jsonl``."""
    return resources.files("trendlab") / "data" / "sample" / "articles.jsonl"


def load_sample():
    """The sample corpus as a :class:`~trendlab.Corpus` (doc ids s001 ... s122).

    Examples
    --------
    >>> import trendlab as tl
    >>> len(tl.datasets.load_sample())
    122
    """
    with resources.as_file(sample_path()) as p:
        return load_corpus(p, id_col="id", title_col="title", date_col=None)


def sample_metadata() -> pd.DataFrame:
    """Intended date, theme and trap of each sample article (``id, date, theme, trap``)."""
    with resources.as_file(resources.files("trendlab") / "data" / "sample" / "metadata.csv") as p:
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
    df["date"] = pd.to_datetime(df["date"].replace("", None))
    return df
