"""The tokenizer's word resources: the domain dictionary, user words, synonyms and stopwords.

Everything the tokens depend on besides Kiwi itself is read here, once per tokenizer
configuration, into a plain ``dict`` (:func:`resolve`), which is also what the tokenizer's
fingerprint hashes.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import ConfigError

__all__ = ["load_word_list", "read_tsv", "resolve", "user_entries"]


def _data_path(name: str):
    return resources.files("trendlab") / "data" / name


def load_word_list(source) -> list[str]:
    """Words from a file (one per line, ``#`` starts a comment) or from a list.

    ``source`` may be a :class:`~pathlib.Path`, a string path ending in ``.txt`` or
    ``.tsv``, or an iterable of words.
    """
    if source is None:
        return []
    if isinstance(source, str) and Path(source).suffix in {".txt", ".tsv"}:
        source = Path(source)
    if isinstance(source, str):
        raise ConfigError(f"expected a list of words or a .txt/.tsv path, got the string {source!r}.")
    if hasattr(source, "read_text"):  # a Path or an importlib.resources file
        if isinstance(source, Path) and not source.exists():
            raise ConfigError(f"word list file {source} does not exist; check the path.")
        lines = source.read_text(encoding="utf-8").splitlines()
        return [w for w in (ln.split("#", 1)[0].strip() for ln in lines) if w]
    return [str(w).strip() for w in source if str(w).strip()]


def read_tsv(resource) -> list[list[str]]:
    """Rows of a tab-separated file; ``#`` starts a comment, blank lines are skipped."""
    rows = []
    for ln in resource.read_text(encoding="utf-8").splitlines():
        ln = ln.split("#", 1)[0].rstrip()
        if ln.strip():
            rows.append([c.strip() for c in ln.split("\t")])
    return rows


def user_entries(src) -> list[tuple[str, str, float]]:
    """User dictionary entries as ``(word, tag, score)`` from a list or a TSV path."""
    if src is None:
        return []
    if isinstance(src, (str, Path)):
        p = Path(src)
        if not p.exists():
            raise ConfigError(f"user_words file {p} does not exist; check the path.")
        rows = read_tsv(p)
    else:
        rows = [[w] if isinstance(w, str) else list(w) for w in src]
    out = []
    for i, r in enumerate(rows, start=1):
        try:
            out.append((str(r[0]), str(r[1]) if len(r) > 1 else "NNP", float(r[2]) if len(r) > 2 else 0.0))
        except (ValueError, IndexError) as exc:
            raise ConfigError(f"user_words entry {i} ({r!r}) is not word[, tag[, score]].") from exc
    return out


def _synonyms(synonyms) -> dict[str, str]:
    if synonyms == "default":
        return {r[0]: r[1] for r in read_tsv(_data_path("synonyms.tsv")) if len(r) >= 2}
    if isinstance(synonyms, dict):
        return {str(k): str(v) for k, v in synonyms.items()}
    if isinstance(synonyms, (str, Path)):
        p = Path(synonyms)
        if not p.exists():
            raise ConfigError(f"synonyms file {p} does not exist; check the path.")
        return {r[0]: r[1] for r in read_tsv(p) if len(r) >= 2}
    if synonyms is not None:
        raise ConfigError("synonyms must be 'default', a dict, a .tsv path or None.")
    return {}


def _stopwords(stopwords, extra) -> set[str]:
    stop: set[str] = set()
    if stopwords is not None:
        from kiwipiepy.utils import Stopwords

        stop |= {form for form, _ in Stopwords().stopwords}
        stop |= set(
            load_word_list(_data_path("stopwords_ko_news.txt")) if stopwords == "default" else load_word_list(stopwords)
        )
    return stop | set(load_word_list(extra))


def resolve(*, default_dict: bool, user_words, synonyms, stopwords, extra_stopwords) -> dict:
    """Every file of a tokenizer configuration read: ``{"words", "synonyms", "stopwords"}``."""
    words: list[tuple[str, str, float]] = []
    if default_dict:
        words += [
            (r[0], r[1] if len(r) > 1 else "NNP", float(r[2]) if len(r) > 2 else 0.0)
            for r in read_tsv(_data_path("user_dict.tsv"))
        ]
    words += user_entries(user_words)
    return {
        "words": words,
        "synonyms": _synonyms(synonyms),
        "stopwords": sorted(_stopwords(stopwords, extra_stopwords)),
    }
