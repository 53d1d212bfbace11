"""Start-up costs: BERTopic without torch, UMAP's kernels cached on disk (trendlab.models.heavy)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def _run(code: str, **env) -> str:
    e = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    e.update(env)
    p = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=e, timeout=600
    )
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout


def test_bertopic_imports_without_torch_and_its_optional_parts_still_work():
    out = _run(
        """
        import sys
        from trendlab.models.heavy import import_bertopic
        bertopic = import_bertopic()
        print("torch" in sys.modules, "sentence_transformers" in sys.modules)
        from bertopic import BERTopic
        from bertopic.representation import TextGeneration, KeyBERTInspired
        from bertopic.backend import MultiModalBackend
        print(isinstance(TextGeneration, type), isinstance(MultiModalBackend, type), "torch" in sys.modules)
        """
    )
    assert out.split() == ["False", "False", "True", "True", "True"]


def test_umap_kernels_are_compiled_once_into_the_trendlab_cache(tmp_path):
    code = """
        import numpy as np
        from trendlab.models.heavy import load_umap, numba_cache_dir
        UMAP = load_umap()
        X = np.random.default_rng(0).random((60, 8))
        print(UMAP(n_neighbors=5, n_components=2, random_state=0, n_jobs=1).fit_transform(X)[:2].round(4).tolist())
        print(numba_cache_dir())
    """
    first = _run(code, TRENDLAB_CACHE_DIR=str(tmp_path)).splitlines()
    folder = tmp_path / "numba"
    assert first[1] == str(folder)
    cached = list(folder.rglob("*.nbc"))
    assert cached, "no compiled UMAP kernel was written to the trendlab cache"
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    second = _run(code, TRENDLAB_CACHE_DIR=str(tmp_path)).splitlines()
    assert second[0] == first[0]  # same embedding from the cached kernels
    assert {p: p.stat().st_mtime_ns for p in cached} == stamps  # read, not compiled again


def test_numba_cache_dir_respects_numba_setting(tmp_path):
    out = _run(
        "from trendlab.models.heavy import numba_cache_dir; print(numba_cache_dir())",
        NUMBA_CACHE_DIR=str(tmp_path / "nb"),
        TRENDLAB_CACHE_DIR=str(tmp_path / "tl"),
    )
    assert out.strip() == str(tmp_path / "nb")
