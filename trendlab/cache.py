"""On-disk token cache, keyed by text hash and tokenizer fingerprint.

Layout: ``<root>/<fingerprint>/<shard>.parquet``, each shard a Parquet table
with the columns ``text_hash`` (SHA-1 of the text) and ``tokens`` (a list of
strings). A changed tokenizer configuration has a new fingerprint, so it never
reads tokens made under another configuration. Shards are written to a
temporary name and renamed into place, so concurrent runs that share the cache
never read a half-written file; two runs that tokenize the same texts at once
both write a shard, and readers take the first copy of each hash.

New tokens are written every :data:`CHUNK_TEXTS` texts, one shard per chunk, so
an interrupted run (Ctrl-C) keeps the chunks it finished. A cache folder that
cannot be written (read-only, a file in its place, a full disk) is not fatal:
one warning names it and the run goes on without storing tokens.

The default root is ``$TRENDLAB_CACHE_DIR``, else ``$XDG_CACHE_HOME/trendlab``,
else ``~/.cache/trendlab``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import uuid
from pathlib import Path

from tqdm.auto import tqdm

__all__ = ["TokenCache", "default_cache_dir", "text_hash", "CHUNK_TEXTS"]

log = logging.getLogger(__name__)

#: Texts tokenized between two writes of the cache: the work an interruption can lose.
CHUNK_TEXTS = 2_000
#: Cache roots already reported as unusable in this process (one warning each).
_WARNED: set[str] = set()


def default_cache_dir() -> Path:
    env = os.environ.get("TRENDLAB_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "trendlab"


def text_hash(text) -> str:
    data = "" if text is None or not isinstance(text, str) else text
    return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()


class TokenCache:
    """A directory of cached tokenizations.

    Parameters
    ----------
    root : str or Path, optional
        Where to keep the cache; defaults to :func:`default_cache_dir`.

    Attributes
    ----------
    hits, misses : int
        Counts from the last :meth:`get_or_compute` call.

    Examples
    --------
    >>> from trendlab.tokenize import KiwiTokenizer
    >>> cache = TokenCache("/tmp/trendlab-doc-cache")
    >>> toks = cache.get_or_compute(["인공지능 반도체"], KiwiTokenizer())  # doctest: +SKIP
    """

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root is not None else default_cache_dir()
        self.hits = self.misses = 0
        self.writable = True

    def _dir(self, fingerprint: str) -> Path:
        return self.root / "tokens" / fingerprint

    def load(self, fingerprint: str, wanted=None) -> dict[str, list[str]]:
        """Cached tokenizations under one fingerprint, as {text_hash: tokens}.

        With ``wanted`` (a collection of text hashes) only those are read into Python, so
        memory holds the corpus' tokens, not the whole cache's. Every distinct token is
        one string object, shared by all the lists that hold it.
        """
        import pyarrow.parquet as pq

        d = self._dir(fingerprint)
        out: dict[str, list[str]] = {}
        try:
            shards = sorted(d.glob("*.parquet")) if d.is_dir() else []
        except OSError as exc:  # an unreadable folder: no cached tokens
            self._unusable(exc)
            return out
        wanted_arr = None
        if wanted is not None:
            import pyarrow as pa

            wanted_arr = pa.array(list(set(wanted)), pa.string())
        for shard in shards:
            try:
                if wanted_arr is not None:  # read the hashes first: most shards hold none of the texts
                    import pyarrow.compute as pc

                    hashes = pq.read_table(shard, columns=["text_hash"]).column("text_hash")
                    hit = pc.is_in(hashes, value_set=wanted_arr)
                    if not pc.any(hit).as_py():
                        continue
                    table = pq.read_table(shard).filter(hit)
                else:
                    table = pq.read_table(shard)
            except Exception as exc:  # a damaged shard is skipped, not fatal
                log.warning("token cache: skipping unreadable shard %s (%s)", shard, exc)
                continue
            for h, t in zip(table.column("text_hash").to_pylist(), _token_lists(table.column("tokens"))):
                out.setdefault(h, t)
        return out

    def store(self, fingerprint: str, hashes: list[str], tokens: list[list[str]]) -> Path | None:
        """Write one shard atomically; returns its path, or None when the cache cannot be written.

        An unusable cache folder logs one warning (see :meth:`_unusable`) and stops later
        writes of this cache; the tokens are still returned by :meth:`get_or_compute`.
        """
        if not hashes or not self.writable:
            return None
        import pyarrow as pa
        import pyarrow.parquet as pq

        d = self._dir(fingerprint)
        name = uuid.uuid4().hex
        tmp = d / f".{name}.tmp"
        final = d / f"{name}.parquet"
        table = pa.table(
            {"text_hash": pa.array(hashes, pa.string()), "tokens": pa.array(tokens, pa.list_(pa.string()))}
        )
        written = False
        try:
            d.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, tmp)
            os.replace(tmp, final)
            written = True
        except OSError as exc:
            self._unusable(exc)
        finally:
            if not written:  # a failed or interrupted write leaves no temporary file
                _remove(tmp)
        return final if written else None

    def _unusable(self, exc: OSError) -> None:
        """Stop writing this cache, with one warning per folder and process."""
        self.writable = False
        key = str(self.root)
        if key in _WARNED:
            return
        _WARNED.add(key)
        log.warning(
            "token cache folder %s cannot be used (%s); going on without the cache, so tokens are "
            "computed but not kept. Set the TRENDLAB_CACHE_DIR environment variable to a writable "
            "folder to cache them.",
            self.root,
            exc,
        )

    def get_or_compute(self, texts, tokenizer, *, progress: bool = False) -> list[list[str]]:
        """Tokens for ``texts``: cached ones are read, the rest tokenized and stored."""
        texts = list(texts)
        fp = tokenizer.fingerprint
        hashes = [text_hash(t) for t in texts]
        known = self.load(fp, wanted=hashes)
        miss_idx = [i for i, h in enumerate(hashes) if h not in known]
        # texts repeated within this call are tokenized once
        first: dict[str, int] = {}
        todo = [i for i in miss_idx if first.setdefault(hashes[i], i) == i]
        self.hits, self.misses = len(texts) - len(miss_idx), len(todo)
        single = len(todo) <= CHUNK_TEXTS  # one chunk shows the tokenizer's own per-text bar
        bar = tqdm(total=len(todo), desc="tokenize", unit="text", disable=not progress or single, leave=False)
        try:
            for start in range(0, len(todo), CHUNK_TEXTS):
                chunk = todo[start : start + CHUNK_TEXTS]
                fresh = tokenizer.tokenize_uncached([texts[i] for i in chunk], progress=progress and single)
                for i, toks in zip(chunk, fresh):
                    known[hashes[i]] = toks
                self.store(fp, [hashes[i] for i in chunk], fresh)  # finished work survives a Ctrl-C
                bar.update(len(chunk))
        finally:
            bar.close()
        log.info("token cache %s: %d hits, %d tokenized", fp, self.hits, self.misses)
        return [list(known[h]) for h in hashes]

    def clear(self, fingerprint: str | None = None) -> None:
        """Delete the cache for one fingerprint, or all of it."""
        import shutil

        target = self._dir(fingerprint) if fingerprint else self.root / "tokens"
        shutil.rmtree(target, ignore_errors=True)


def _token_lists(column) -> list[list[str]]:
    """A pyarrow column of string lists as Python lists whose equal tokens are one object."""
    import numpy as np
    import pyarrow.compute as pc

    out: list[list[str]] = []
    for chunk in column.chunks:
        if len(chunk) == 0:
            continue
        offsets = chunk.offsets.to_numpy()
        values = chunk.values.slice(offsets[0], offsets[-1] - offsets[0])
        enc = pc.dictionary_encode(values)
        vocab = np.array([sys.intern(w) for w in enc.dictionary.to_pylist()], dtype=object)
        words = vocab[enc.indices.to_numpy(zero_copy_only=False)]
        out.extend(w.tolist() for w in np.split(words, offsets[1:-1] - offsets[0]))
    return out


def _remove(path: Path) -> None:
    """Delete a leftover temporary file, if there is one and it can be deleted."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
