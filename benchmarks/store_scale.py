"""Adding 100,000 real-length articles to a store, in one process and on Dask (2 workers).

The articles (``benchmarks.data.recombined_frame``: real-length articles recombined from
paragraphs of the real dev stream, dated over 2021-2024) are written as one JSONL export per
month, 48 files, as BigKinds exports come. Each run is the command a user runs,
``trendlab add DIR --store S`` (with ``--workers 2`` for Dask), in a fresh process, into an empty
store, with a cold token cache: it reads the files one at a time, tokenizes them, fits BERTopic on
the 20,000-article fit sample and assigns every month with the fitted model. A sampler reads the
resident memory of the process and of every process it starts (the Dask workers, and the joblib
helpers that the fit's libraries start) every 0.2 s; the peak of each, and of all of them together, is
printed. A smaller in-process run shows whether the peak grows with the input. The two 100k
stores' assignments are compared article by article.
Usage: python -m benchmarks.store_scale [--sizes 25000 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import ROOT


def _exports(n: int, folder: Path) -> dict:
    """``n`` recombined articles as one JSONL file per month; the sizes of their text."""
    from benchmarks.data import recombined_frame

    frame = recombined_frame(n)
    frame["month"] = frame["date"].str[:7]
    sizes = []
    for month, part in frame.groupby("month"):
        rows = part.drop(columns="month").to_dict("records")
        (folder / f"{month}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
        sizes.append(part["text"].str.len().sum() * 2 / 2**20)  # Hangul: 2 bytes a character in a Python str
    return {"articles": n, "files": len(sizes), "largest_file_text_mib": max(sizes), "all_text_mib": sum(sizes)}


def _kind(q, main: int) -> str:
    line = " ".join(q.cmdline())
    if q.pid == main:
        return "main"
    if "resource_tracker" in line:
        return "tracker"
    return "helper" if "loky" in line or "joblib" in line else "worker"


def _watch(cmd: list[str], env: dict) -> dict:
    """Run ``cmd``; its wall time, the peak resident memory of it and of each process it starts
    (Dask workers; joblib helpers that the fit's libraries start), and of all of them together."""
    import psutil

    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root, peaks, kinds, total = psutil.Process(p.pid), {}, {}, 0
    while p.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        now = 0
        for q in procs:
            try:
                rss = q.memory_info().rss
                kinds.setdefault(q.pid, _kind(q, p.pid))
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            peaks[q.pid] = max(peaks.get(q.pid, 0), rss)
            now += rss
        total = max(total, now)
        time.sleep(0.2)
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} failed:\n{err[-3000:]}")
    mib = {pid: v / 2**20 for pid, v in peaks.items()}
    return {
        "wall_s": wall,
        "main_mib": mib.get(p.pid, 0.0),
        "workers_mib": sorted(v for pid, v in mib.items() if kinds.get(pid) == "worker"),
        "helpers_mib": sorted(v for pid, v in mib.items() if kinds.get(pid) == "helper"),
        "total_mib": total / 2**20,
        "said": out.strip().splitlines()[-1].split(": ", 1)[-1] if out.strip() else "",
    }


def _add(folder: Path, store: Path, workers: int = 0) -> dict:
    from trendlab.models.heavy import numba_cache_dir

    cmd = [sys.executable, "-m", "trendlab", "add", str(folder), "--store", str(store), "--quiet"]
    if workers:
        cmd += ["--workers", str(workers)]
    with tempfile.TemporaryDirectory() as cache:  # a cold token cache for every run
        env = dict(
            os.environ,
            TRENDLAB_CACHE_DIR=cache,
            NUMBA_CACHE_DIR=str(numba_cache_dir()),
            PYTHONWARNINGS="ignore",
            TOKENIZERS_PARALLELISM="false",
        )
        return _watch(cmd, env)


def _same(a: Path, b: Path) -> bool:
    from trendlab.store import Store

    cols = ["doc_id", "theme", "topic", "theme_score"]
    return Store(a).assignments()[cols].equals(Store(b).assignments()[cols])


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[25000, 100000])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # UMAP's compiled kernels on disk, as after a user's first run; not timed
        small = tmp / "warm"
        small.mkdir()
        _exports(300, small)
        _add(small, tmp / "warm-store")
        for n in args.sizes:
            folder = tmp / f"in{n}"
            folder.mkdir()
            data = _exports(n, folder)
            engines = [("in-process", 0)] + ([("dask", args.workers)] if n == max(args.sizes) else [])
            stores = {}
            for engine, workers in engines:
                stores[engine] = tmp / f"store-{engine}-{n}"
                r = {**data, "engine": engine, **_add(folder, stores[engine], workers)}
                rows.append(r)
                print(json.dumps(r), file=sys.stderr)
            if len(stores) == 2:
                rows[-1]["same_as_in_process"] = _same(stores["in-process"], stores["dask"])
    _print(rows, args.workers)
    return rows


def _print(rows: list[dict], workers: int) -> None:
    print(
        "| articles | files | engine | wall (s) | peak RSS, main process (MiB) | peak RSS per Dask worker (MiB) "
        "| joblib helpers (n, largest peak MiB) | peak RSS, all processes together (MiB) |"
    )
    print("|---:|---:|---|---:|---:|---|---|---:|")
    for r in rows:
        w = ", ".join(f"{v:,.0f}" for v in r["workers_mib"]) or "–"
        h = f"{len(r['helpers_mib'])}, {max(r['helpers_mib']):,.0f}" if r["helpers_mib"] else "–"
        print(
            f"| {r['articles']:,} | {r['files']} | {r['engine']} | {r['wall_s']:.1f} | {r['main_mib']:,.0f} "
            f"| {w} | {h} | {r['total_mib']:,.0f} |"
        )
    print()
    for r in rows:
        print(f"- {r['engine']}, {r['articles']:,} articles: `{r['said']}`")
    big = [r for r in rows if r["articles"] == rows[-1]["articles"]]
    print(
        f"- Text of the largest monthly file: {big[0]['largest_file_text_mib']:.1f} MiB as Python strings; "
        f"of all {big[0]['files']} files: {big[0]['all_text_mib']:.0f} MiB."
    )
    if "same_as_in_process" in big[-1]:
        same = "identical" if big[-1]["same_as_in_process"] else "DIFFERENT"
        print(f"- Assignments (doc_id, theme, topic, theme_score) on Dask ({workers} workers) and in-process: {same}.")
    ins = [r for r in rows if r["engine"] == "in-process"]
    if len(ins) >= 2:
        print(
            f"- In-process peak of the main process at {ins[0]['articles']:,} articles {ins[0]['main_mib']:,.0f} MiB, "
            f"at {ins[-1]['articles']:,} {ins[-1]['main_mib']:,.0f} MiB."
        )


if __name__ == "__main__":
    main()
