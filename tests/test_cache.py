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
