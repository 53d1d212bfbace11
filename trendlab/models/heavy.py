"""Loading BERTopic and UMAP without paying the same start-up cost in every process.

Two costs are paid by every new Python process that fits a BERTopic model, before any
work is done (measured on the development machine, 2 cores):

* **numba compiling UMAP's kernels**, about 9 s. UMAP does not ask numba to keep the
  compiled code. :func:`load_umap` turns numba's on-disk cache on for the kernels of
  ``umap`` and ``pynndescent`` that lack it, in ``<trendlab cache>/numba`` (unless
  ``NUMBA_CACHE_DIR`` is set, which then wins), so only the first run on a machine
  compiles. numba checks the cached code against the source files and the CPU, and
  compiles again when either changed.
* **torch**, about 3-4 s. ``import bertopic`` imports sentence-transformers, transformers
  and torch only for optional parts (its sentence-transformers, vision and text-generation
  back ends) that trendlab never uses: trendlab embeds the cached tokens itself.
  :func:`import_bertopic` imports BERTopic with those three packages held back, then
  puts BERTopic's placeholders for the optional parts behind a module that imports the
  real ones the first time a user asks for them (``from bertopic.representation import
  TextGeneration`` still gives the real class). When torch is already imported, or a
  BERTopic version needs it at import, BERTopic is imported as usual.
"""

from __future__ import annotations

import importlib
import importlib.abc
import os
import sys
import types
import warnings
from pathlib import Path

from ..cache import default_cache_dir

__all__ = ["import_bertopic", "load_umap", "numba_cache_dir"]

#: Packages that ``import bertopic`` loads only for back ends trendlab does not use.
_HELD_BACK = ("sentence_transformers", "transformers", "torch")
#: Packages whose numba kernels get an on-disk cache.
_JIT_PACKAGES = ("umap", "pynndescent")


class _HoldBack(importlib.abc.MetaPathFinder):
    """An import finder that makes the held-back packages look absent."""

    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] in _HELD_BACK:
            raise ModuleNotFoundError(f"No module named {name!r} (held back while importing BERTopic)", name=name)
        return None


class _LazyOptional(types.ModuleType):
    """A BERTopic module whose optional parts are re-imported for real on first use."""

    def __getattribute__(self, name):
        value = super().__getattribute__(name)
        pending = super().__getattribute__("__dict__").get("_trendlab_pending", ())
        if name in pending:
            self.__class__ = types.ModuleType
            del self._trendlab_pending
            importlib.reload(self)  # the held-back packages are importable again now
            value = getattr(self, name)
        return value


def import_bertopic():
    """``import bertopic``, without importing torch for back ends trendlab does not use."""
    if "bertopic" in sys.modules or any(p in sys.modules for p in _HELD_BACK):
        return importlib.import_module("bertopic")
    finder = _HoldBack()
    sys.meta_path.insert(0, finder)
    try:
        bertopic = importlib.import_module("bertopic")
    except ImportError:
        bertopic = None
    finally:
        sys.meta_path.remove(finder)
    if bertopic is None:  # this BERTopic needs them at import: start again, as usual
        for name in [m for m in sys.modules if m == "bertopic" or m.startswith("bertopic.")]:
            del sys.modules[name]
        return importlib.import_module("bertopic")
    _defer_placeholders()
    return bertopic


def _defer_placeholders() -> None:
    """Make BERTopic's "not installed" placeholders import the real objects when used."""
    from bertopic._utils import NotInstalled

    for name, mod in list(sys.modules.items()):
        if not name.startswith("bertopic.") or type(mod) is not types.ModuleType:
            continue
        pending = {k for k, v in vars(mod).items() if isinstance(v, NotInstalled)}
        if pending:
            mod._trendlab_pending = frozenset(pending)
            mod.__class__ = _LazyOptional


def numba_cache_dir() -> Path:
    """Where trendlab keeps numba's compiled UMAP kernels (``NUMBA_CACHE_DIR`` when set)."""
    env = os.environ.get("NUMBA_CACHE_DIR")
    return Path(env) if env else default_cache_dir() / "numba"


def load_umap():
    """The ``umap.UMAP`` class, with numba's on-disk cache on for its kernels.

    The cache lives in :func:`numba_cache_dir`. When that folder cannot be written, the
    kernels are compiled in memory as before (numba warns, and the warning is silenced).
    """
    import numba
    import umap  # noqa: F401  (imports pynndescent and the kernels)
    import umap.umap_
    from numba.core.caching import NullCache
    from numba.core.dispatcher import Dispatcher

    target = numba_cache_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return umap.umap_.UMAP
    before = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(target)  # read when each function's cache is created, below
    try:
        for name, mod in list(sys.modules.items()):
            if name.partition(".")[0] not in _JIT_PACKAGES or mod is None:
                continue
            for value in list(vars(mod).values()):
                if isinstance(value, Dispatcher) and isinstance(value._cache, NullCache):
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        try:
                            value.enable_caching()
                        except RuntimeError:  # numba found no usable cache location
                            return umap.umap_.UMAP
    finally:
        numba.config.CACHE_DIR = before
    return umap.umap_.UMAP
