"""Topic-model backends behind :class:`trendlab.TopicModel`: NMF, LDA and BERTopic.

Each backend fits on the same cached token lists and returns, per article, a
topic id (``-1`` for an outlier) and a probability or weight, and, per topic,
its top terms with weights. Each can describe itself as JSON plus NumPy arrays,
so a fitted model is saved without pickle.

This module is the registry; the backends live in
:mod:`trendlab.models.sklearn_backends` (NMF, LDA, the choice of ``n_topics``) and
:mod:`trendlab.models.bertopic_backend`, and are re-exported here.
"""

from __future__ import annotations

from ..errors import ConfigError
from .base import FitResult
from .bertopic_backend import BERTopicBackend
from .sklearn_backends import LDABackend, NMFBackend, auto_n_topics, heuristic_n_topics

__all__ = [
    "BACKENDS",
    "make_backend",
    "check_backend",
    "FitResult",
    "auto_n_topics",
    "heuristic_n_topics",
    "BERTopicBackend",
    "NMFBackend",
    "LDABackend",
]

BACKENDS = {"bertopic": BERTopicBackend, "nmf": NMFBackend, "lda": LDABackend}


def check_backend(name) -> str:
    """The backend's registry name (lower case), or :class:`ConfigError` naming the choices."""
    if not isinstance(name, str) or name.lower() not in BACKENDS:
        raise ConfigError(f"unknown backend {name!r}; choose one of {sorted(BACKENDS)}.")
    return name.lower()


def make_backend(name: str, **kw):
    """A backend by name, with its parameters stored (they are checked when it fits)."""
    name = check_backend(name)
    try:
        return BACKENDS[name](**kw)
    except TypeError as exc:
        raise ConfigError(f"backend {name!r}: {exc}") from None
