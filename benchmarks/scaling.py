"""The whole pipeline on 1k to 100k real-length articles: time per stage, scaling exponent, peak memory.

Articles are recombined from paragraphs of the 861 real dev-stream articles
(``benchmarks.data.recombined_frame``: each takes the length of a randomly drawn real
article, median about 1,450 characters, and is filled with paragraphs of three sentences
drawn at random from the whole stream; dates are drawn from 2021-2024). They have real
length and real vocabulary, so they measure cost; their topics are not real.

Each size runs in a fresh process with a cold token cache (UMAP's compiled kernels on
disk, as after a first run): load (``Corpus.from_frame``, duplicate and near-duplicate
checks), tokenize, fit BERTopic, assign themes, yearly trends with trend statistics. Peak
memory is the process' peak resident set size. The scaling exponent is the slope of
log(time) on log(size) between the two largest sizes, and over all sizes.
Usage: python -m benchmarks.scaling [--sizes 1000 10000 30000 100000]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import warnings

STAGES = ["load", "tokenize", "fit", "themes", "trends"]


def _one(n: int) -> dict:
    import time as _t

    import trendlab as tl
    from benchmarks._common import peak_rss_mib
    from benchmarks.data import recombined_frame

    frame = recombined_frame(n)
    chars = int(frame["text"].str.len().sum())
    t = [_t.perf_counter()]
    corpus = tl.Corpus.from_frame(frame, id_col="id")
    del frame
    t.append(_t.perf_counter())
    tokens = tl.tokenize_corpus(corpus)
    t.append(_t.perf_counter())
    model = tl.TopicModel("bertopic", random_state=0).fit(corpus, tokens=tokens)
    t.append(_t.perf_counter())
    assigned = tl.assign_themes(corpus, model=model, tokens=tokens)
    t.append(_t.perf_counter())
    tl.trend_stats(tl.theme_trends(assigned, freq="year"))
    t.append(_t.perf_counter())
    return {
        "n": n,
        "articles": len(corpus),
        "chars": chars,
        "stages": {k: t[i + 1] - t[i] for i, k in enumerate(STAGES)},
        "total": t[-1] - t[0],
        "peak_rss_mib": peak_rss_mib(),
        "topics": int((model.topics_["topic"] != -1).sum()),
    }


def exponent(rows, key="total") -> float:
    xs = [math.log(r["n"]) for r in rows]
    ys = [math.log(r[key] if key in r else r["stages"][key]) for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000, 100000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        warnings.simplefilter("ignore")
        print(json.dumps(_one(args.one)))
        return []
    from benchmarks._common import run_isolated
    from trendlab.models.heavy import numba_cache_dir

    # UMAP's kernels compiled once, as after a user's first run; not timed
    os.environ.setdefault("NUMBA_CACHE_DIR", str(numba_cache_dir()))
    with tempfile.TemporaryDirectory() as cache:
        os.environ["TRENDLAB_CACHE_DIR"] = cache
        run_isolated("benchmarks.scaling", "--one", "300")
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as cache:  # a cold token cache per size
            os.environ["TRENDLAB_CACHE_DIR"] = cache
            try:
                r = run_isolated("benchmarks.scaling", "--one", str(n), timeout=7200)
            finally:
                del os.environ["TRENDLAB_CACHE_DIR"]
        rows.append(r)
        print(f"n={n}: {r['total']:.1f}s, peak {r['peak_rss_mib']:.0f} MiB, {r['stages']}", file=sys.stderr)
    head = " | ".join(f"{s} (s)" for s in STAGES)
    print(f"| articles | characters | total (s) | {head} | peak RSS (MiB) | topics |")
    print("|---:|---:|---:|" + "---:|" * len(STAGES) + "---:|---:|")
    for r in rows:
        st = r["stages"]
        print(
            f"| {r['articles']:,} | {r['chars']:,} | {r['total']:.1f} | "
            + " | ".join(f"{st[s]:.1f}" for s in STAGES)
            + f" | {r['peak_rss_mib']:,.0f} | {r['topics']} |"
        )
    if len(rows) >= 2:
        top = rows[-2:]
        print()
        print(
            f"Scaling exponent, {top[0]['n']:,} to {top[1]['n']:,} articles: total {exponent(top):.2f} "
            f"(tokenize {exponent(top, 'tokenize'):.2f}, fit {exponent(top, 'fit'):.2f}, "
            f"themes {exponent(top, 'themes'):.2f}); over all sizes: total {exponent(rows):.2f}."
        )
        print(f"Peak resident memory at {rows[-1]['n']:,} articles: {rows[-1]['peak_rss_mib'] / 1024:.2f} GiB.")
    return rows


if __name__ == "__main__":
    main()
