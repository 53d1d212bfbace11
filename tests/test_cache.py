import logging
import os

import pytest

from trendlab.cache import TokenCache
from trendlab.tokenize import KiwiTokenizer

TEXTS = ["소버린 AI 전략을 발표했다.", "엣지 AI 칩 시장", "소버린 AI 전략을 발표했다."]


def test_cache_round_trip_and_hits(tmp_path):
    tok = KiwiTokenizer()
    cache = TokenCache(tmp_path)
    first = tok.tokenize_many(TEXTS, cache=cache)
    assert cache.misses == 2 and cache.hits == 0  # the repeated text is tokenized once
    second = tok.tokenize_many(TEXTS, cache=cache)
    assert cache.hits == 3 and cache.misses == 0
    assert first == second == tok.tokenize_many(TEXTS)


def test_cache_is_invalidated_by_configuration(tmp_path):
    cache = TokenCache(tmp_path)
    KiwiTokenizer().tokenize_many(TEXTS, cache=cache)
    other = KiwiTokenizer(extra_stopwords=["칩"])
    out = other.tokenize_many(TEXTS, cache=cache)
    assert cache.misses == 2
    assert "칩" not in out[1]


def test_cache_default_location_from_env(tmp_cache):
    tok = KiwiTokenizer()
    tok.tokenize_many(["엣지 AI"], cache=True)
    assert list(tmp_cache.glob("tokens/*/*.parquet"))


def test_damaged_shard_is_skipped(tmp_path):
    tok = KiwiTokenizer()
    cache = TokenCache(tmp_path)
    tok.tokenize_many(TEXTS, cache=cache)
    shard = next(tmp_path.glob("tokens/*/*.parquet"))
    shard.write_bytes(b"not parquet")
    assert tok.tokenize_many(TEXTS, cache=cache) == tok.tokenize_many(TEXTS)
    assert cache.misses == 2


# -- an unusable cache folder is one warning, not a failure --------------------------------------


def _cache_warnings(caplog):
    return [r for r in caplog.records if r.name == "trendlab.cache" and r.levelno >= logging.WARNING]


def _check_runs_without_cache(tok, where, caplog):
    with caplog.at_level(logging.WARNING, logger="trendlab.cache"):
        first = tok.tokenize_many(TEXTS, cache=True)
        second = tok.tokenize_many(TEXTS, cache=True)
    assert first == second == tok.tokenize_many(TEXTS)  # tokens are computed all the same
    warned = _cache_warnings(caplog)
    assert len(warned) == 1, [r.getMessage() for r in warned]  # one warning, not one per call
    message = warned[0].getMessage()
    assert str(where) in message and "TRENDLAB_CACHE_DIR" in message


def test_cache_folder_that_is_a_file_is_a_warning(tmp_path, monkeypatch, caplog):
    where = tmp_path / "not-a-folder"
    where.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TRENDLAB_CACHE_DIR", str(where))
    _check_runs_without_cache(KiwiTokenizer(), where, caplog)


def test_cache_write_refused_is_a_warning(tmp_path, monkeypatch, caplog):
    import pyarrow.parquet as pq

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(args[1]))

    monkeypatch.setattr(pq, "write_table", refuse)
    monkeypatch.setenv("TRENDLAB_CACHE_DIR", str(tmp_path / "cache"))
    _check_runs_without_cache(KiwiTokenizer(), tmp_path / "cache", caplog)
    assert not list((tmp_path / "cache").rglob("*.tmp"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_cache_folder_is_a_warning(tmp_path, monkeypatch, caplog):
    where = tmp_path / "ro"
    where.mkdir()
    where.chmod(0o500)
    try:
        monkeypatch.setenv("TRENDLAB_CACHE_DIR", str(where))
        _check_runs_without_cache(KiwiTokenizer(), where, caplog)
    finally:
        where.chmod(0o700)


# -- the cache is written in chunks, so an interrupted run keeps its finished work -----------------


def test_interrupted_run_keeps_the_chunks_it_finished(tmp_path, monkeypatch):
    texts = [f"{i}번 기사: 인공지능 반도체 {i % 7}호" for i in range(2_500)]
    tok = KiwiTokenizer()
    cache = TokenCache(tmp_path)
    orig = tok.tokenize_uncached
    done = [0]

    def interrupted(batch, **kw):  # Ctrl-C once 2,000 texts are tokenized
        if done[0] + len(batch) > 2_000:
            raise KeyboardInterrupt
        done[0] += len(batch)
        return orig(batch, **kw)

    monkeypatch.setattr(tok, "tokenize_uncached", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tok.tokenize_many(texts, cache=cache)
    monkeypatch.undo()
    assert not list(tmp_path.rglob("*.tmp"))  # no half-written shard is left
    again = tok.tokenize_many(texts, cache=cache)
    assert cache.hits == 2_000 and cache.misses == 500  # the finished chunk was kept
    assert again == tok.tokenize_many(texts)
