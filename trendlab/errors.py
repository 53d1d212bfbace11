"""Exceptions raised by trendlab.

Every error names the file, row or parameter at fault and says what to do.
All derive from :class:`TrendlabError`, so ``except trendlab.errors.TrendlabError``
catches anything the library raises on purpose.
"""

from __future__ import annotations


class TrendlabError(Exception):
    """Base class of every error trendlab raises deliberately."""


class InputError(TrendlabError, ValueError):
    """Input data cannot be used as given (missing file, bad column, empty corpus...)."""


class DecodeError(InputError):
    """A file's bytes cannot be decoded as text in any supported encoding."""


class EmptyCorpusError(InputError):
    """Nothing usable was found in the input."""


class ConfigError(TrendlabError, ValueError):
    """A parameter or configuration file is invalid."""


class ModelError(TrendlabError, RuntimeError):
    """A model cannot be fitted, used, saved or loaded."""


class NotFittedError(ModelError):
    """A fitted attribute was requested before ``fit``."""
