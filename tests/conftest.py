from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("TRENDLAB_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (set TRENDLAB_SEEDS)")
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir):
    import trendlab as tl

    return tl.load_corpus(seeds_dir)


@pytest.fixture()
def tmp_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRENDLAB_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"
