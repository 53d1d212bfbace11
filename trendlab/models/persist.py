"""Reading a saved :class:`~trendlab.models.TopicModel` directory, with every field checked.

:meth:`TopicModel.load` trusts nothing in the directory: the manifest's format version and
SHA-256 checksums are checked first, then every key, type and array shape that the load
uses, so that a file edited by hand (with its checksum recomputed) or damaged fails with a
:class:`~trendlab.errors.ModelError` naming the file and the field, never with a KeyError
or ValueError from deep inside the load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..themes import ThemeSet
from ..tokenize import KiwiTokenizer
from .backends import BACKENDS

__all__ = ["FORMAT_VERSION", "FILES", "sha256", "read_saved", "restore_parts"]

log = logging.getLogger(__name__)

#: Version of the saved-model layout; a directory written with another version is refused.
FORMAT_VERSION = 1
#: The files a manifest must list.
FILES = ("model.json", "arrays.npz")
_REDO = "Refit the model and save it again (or restore the files as they were saved)."
_KIND = {  # kind: (Python types, one, several)
    "int": ((int,), "an integer", "integers"),
    "num": ((int, float), "a number", "numbers"),
    "str": ((str,), "a string", "strings"),
    "dict": ((dict,), "an object", "objects"),
    "list": ((list,), "a list", "lists"),
}
_TOPIC_COLUMNS = {"topic": "int", "label": "str", "size": "int", "terms": "list", "weights": "list"}
_DOC_COLUMNS = {"doc_id": "str", "topic": "int", "topic_label": "str", "probability": "num"}
_EMBEDDINGS = ("tfidf-svd", "sentence-transformers", "model2vec")


class _Bad(Exception):
    """One malformed field of ``file``; :func:`read_saved` turns it into a ModelError naming the file."""

    def __init__(self, what: str, file: str = "model.json"):
        super().__init__(what)
        self.file = file


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _is(value, kind: str) -> bool:
    return isinstance(value, _KIND[kind][0]) and not isinstance(value, bool)


def _field(obj: dict, key: str, kind: str, where: str):
    """``obj[key]``, which must be of ``kind``; :class:`_Bad` naming ``where.key`` otherwise."""
    if key not in obj:
        raise _Bad(f"{where} has no {key!r}")
    value = obj[key]
    if not _is(value, kind):
        raise _Bad(f"{where}.{key} should be {_KIND[kind][1]}, not {type(value).__name__} {value!r:.40}")
    return value


def _k(obj: dict, where: str) -> None:
    value = obj.get("n_topics")
    if value != "auto" and not _is(value, "int"):
        raise _Bad(f"{where}.n_topics should be 'auto' or an integer, not {value!r:.40}")


def _columns(obj: dict, spec: dict, where: str) -> int:
    """Check a table saved as {column: list}; returns its number of rows."""
    lengths = {}
    for col, kind in spec.items():
        values = _field(obj, col, "list", where)
        bad = [v for v in values if not _is(v, kind)]
        if bad:
            raise _Bad(f"{where}.{col} should hold only {_KIND[kind][2]}, not {bad[0]!r:.40}")
        lengths[col] = len(values)
    if len(set(lengths.values())) > 1:
        raise _Bad(f"the columns of {where} have different lengths {lengths}")
    return next(iter(lengths.values()), 0)


def _check_topics(doc: dict) -> None:
    topics = _field(doc, "topics", "dict", "model.json")
    _columns(topics, _TOPIC_COLUMNS, "topics")
    for i, (terms, weights) in enumerate(zip(topics["terms"], topics["weights"])):
        if not all(_is(w, "str") for w in terms) or not all(_is(x, "num") for x in weights):
            raise _Bad(f"topics row {i}: terms should be strings and weights numbers")
        if len(terms) != len(weights):
            raise _Bad(f"topics row {i} has {len(terms)} terms but {len(weights)} weights")
    _columns(_field(doc, "doc_topics", "dict", "model.json"), _DOC_COLUMNS, "doc_topics")


def _check_doc(doc) -> str:
    """Check model.json's keys and types; returns the backend name."""
    if not isinstance(doc, dict):
        raise _Bad(f"the file should hold an object, not {type(doc).__name__}")
    model = _field(doc, "model", "dict", "model.json")
    backend = _field(model, "backend", "str", "model")
    if backend not in BACKENDS:
        raise _Bad(f"unknown backend {backend!r} (this trendlab knows {sorted(BACKENDS)})")
    for key in ("random_state", "top_n_terms"):
        _field(model, key, "int", "model")
    _k(model, "model")
    tok = _field(doc, "tokenizer", "dict", "model.json")
    _field(tok, "params", "dict", "tokenizer")
    _field(tok, "fingerprint", "str", "tokenizer")
    _check_topics(doc)
    if doc.get("themes") is not None:
        _field(doc, "themes", "dict", "model.json")
    state = _field(doc, "backend_state", "dict", "model.json")
    if state.get("backend") != backend:
        raise _Bad(f"backend_state.backend is {state.get('backend')!r} but model.backend is {backend!r}")
    for key in ("random_state", "top_n_terms"):
        _field(state, key, "int", "backend_state")
    _k(state, "backend_state")
    if not isinstance(state.get("selection", {}), dict):
        raise _Bad("backend_state.selection should be an object")
    return backend


def _array(arrays: dict, name: str, ndim: int, *, kinds: str = "fiu") -> np.ndarray:
    if name not in arrays:
        raise _Bad(f"no array {name!r}", "arrays.npz")
    a = arrays[name]
    if a.ndim != ndim or a.dtype.kind not in kinds:
        raise _Bad(f"{name} should be a {ndim}-D numeric array, not {a.ndim}-D {a.dtype}", "arrays.npz")
    return a


def _vocabulary(meta: dict, where: str) -> int:
    vocab = _field(meta, "vocabulary", "list", where)
    if not all(_is(w, "str") for w in vocab):
        raise _Bad(f"{where}.vocabulary should hold only strings")
    return len(vocab)


def _same(actual, expected, what: str) -> None:
    if actual != expected:
        raise _Bad(f"{what} is {actual}, not {expected} as the rest of the model says", "arrays.npz")


def _check_sklearn(state: dict, arrays: dict, backend: str) -> None:
    n_vocab = _vocabulary(state, "backend_state")
    comps = _array(arrays, "components", 2)
    _same(comps.shape[1], n_vocab, "the width of components")
    if comps.shape[0] < 1:
        raise _Bad("components has no topics", "arrays.npz")
    if backend == "nmf":
        _same(_array(arrays, "idf", 1).shape[0], n_vocab, "the length of idf")
    else:
        _same(_array(arrays, "exp_dirichlet_component", 2).shape, comps.shape, "exp_dirichlet_component's shape")
        _field(state, "doc_topic_prior", "num", "backend_state")
        _field(state, "topic_word_prior", "num", "backend_state")


def _check_bertopic(state: dict, arrays: dict) -> None:
    emb = _field(state, "embedding", "dict", "backend_state")
    kind = _field(emb, "kind", "str", "backend_state.embedding")
    if kind not in _EMBEDDINGS:
        raise _Bad(f"unknown embedding kind {kind!r} (this trendlab knows {list(_EMBEDDINGS)})")
    centroids = _array(arrays, "centroids", 2)
    _same(_array(arrays, "centroid_ids", 1, kinds="iu").shape[0], centroids.shape[0], "the length of centroid_ids")
    if kind != "tfidf-svd":
        _field(emb, "model", "str", "backend_state.embedding")
        return
    for key in ("n_components", "random_state"):
        _field(emb, key, "int", "backend_state.embedding")
    n_vocab = _vocabulary(emb, "backend_state.embedding")
    _same(_array(arrays, "emb_idf", 1).shape[0], n_vocab, "the length of emb_idf")
    comps = _array(arrays, "emb_components", 2)
    _same(comps.shape[1], n_vocab, "the width of emb_components")
    _same(centroids.shape[1], comps.shape[0], "the width of centroids")


def _fail(path: Path, name: str, what) -> ModelError:
    return ModelError(f"{path / name}: {what}; the saved model is malformed. {_REDO}")


def _check_manifest(path: Path) -> None:
    man_path = path / "manifest.json"
    if not man_path.is_file():
        raise ModelError(f"{path}: no manifest.json; this is not a saved trendlab model.")
    try:
        manifest = json.loads(man_path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{man_path}: manifest.json is damaged ({exc}). {_REDO}") from exc
    if not isinstance(manifest, dict):
        raise _fail(path, "manifest.json", "it should hold an object")
    if manifest.get("format") != "trendlab-topic-model":
        raise ModelError(f"{path}: not a trendlab topic model (format {manifest.get('format')!r}).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: saved with model format {manifest.get('format_version')!r} by trendlab "
            f"{manifest.get('trendlab_version')}; this trendlab reads format {FORMAT_VERSION}. "
            "Refit the model with this version."
        )
    digests = manifest.get("sha256")
    if not isinstance(digests, dict) or set(digests) != set(FILES):
        raise ModelError(f"{path}: manifest.json does not list the model files; refusing to load it. {_REDO}")
    for name, digest in digests.items():
        f = path / name
        if not f.is_file() or sha256(f) != digest:
            raise ModelError(
                f"{path}: {name} is missing or was modified after saving (checksum mismatch); refusing to load it."
            )


def read_saved(path: Path) -> tuple[dict, dict]:
    """model.json and arrays.npz of a saved model, checked; :class:`ModelError` naming the file otherwise."""
    _check_manifest(path)
    try:
        doc = json.loads((path / "model.json").read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _fail(path, "model.json", f"not valid JSON ({exc})") from exc
    try:
        with np.load(path / "arrays.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, AttributeError) as exc:
        raise _fail(path, "arrays.npz", f"not a NumPy archive of plain arrays ({exc})") from exc
    try:
        backend = _check_doc(doc)
        if backend == "bertopic":
            _check_bertopic(doc["backend_state"], arrays)
        else:
            _check_sklearn(doc["backend_state"], arrays, backend)
    except _Bad as exc:
        raise _fail(path, exc.file, exc) from None
    return doc, arrays


def restore_parts(path: Path, doc: dict, arrays: dict):
    """The tokenizer, backend and theme set of a checked saved model, as ``(tokenizer, backend, themes)``."""
    what = "tokenizer.params"
    try:
        tokenizer = KiwiTokenizer(**doc["tokenizer"]["params"])
        fingerprint = tokenizer.fingerprint  # reads the dictionaries: bad parameters fail here
        what = "backend_state"
        backend = BACKENDS[doc["model"]["backend"]].from_state(doc["backend_state"], arrays)
        what = "themes"
        themes = ThemeSet.from_dict(doc["themes"]) if doc.get("themes") else None
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise _fail(path, "model.json", f"{what} cannot be restored ({type(exc).__name__}: {exc})") from exc
    if fingerprint != doc["tokenizer"]["fingerprint"]:
        log.warning(
            "%s: the tokenizer configuration resolves differently here (dictionary files or "
            "kiwipiepy changed); transform results may differ from the saved model's",
            path,
        )
    return tokenizer, backend, themes
