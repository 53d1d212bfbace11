"""trendlab: topic modeling and theme trend research on Korean news.

>>> import trendlab as tl
>>> corpus = tl.load_corpus("articles/")          # doctest: +SKIP
>>> corpus.frame.head()                            # doctest: +SKIP

Heavy dependencies (BERTopic, UMAP, HDBSCAN, torch, Kiwi's model) load only when
the function that needs them runs, so ``import trendlab`` stays fast.
"""

from __future__ import annotations

import importlib
import logging

from .version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it; imported on first use
_LAZY = {
    "Corpus": "corpus",
    "load_corpus": "corpus",
    "iter_corpora": "corpus",
    "extract_date": "dates",
    "segment_document": "segment",
    "KiwiTokenizer": "tokenize",
    "TokenCache": "cache",
    "discover_terms": "terms",
    "repair_ocr": "ocr",
    "TopicModel": "models",
    "Theme": "themes",
    "ThemeSet": "themes",
    "assign_themes": "themes",
    "ThemeModel": "themes",
    "theme_trends": "trends",
    "topic_trends": "trends",
    "trend_stats": "stats",
    "dynamic_terms": "trends",
    "write_report": "report",
    "analyze": "pipeline",
    "assign": "pipeline",
    "tokenize_corpus": "tokens",
    "Tokens": "tokens",
    "Analysis": "pipeline",
    "Store": "store",
    "errors": None,
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        mod = _LAZY[name]
        if mod is None:
            return importlib.import_module(f".{name}", __name__)
        value = getattr(importlib.import_module(f".{mod}", __name__), name)
        globals()[name] = value
        return value
    if name in {"plot", "datasets", "evaluate", "validate"}:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'trendlab' has no attribute {name!r}")


def __dir__():
    return __all__
