"""Scaling of the full pipeline and cost of each backend, on 1k to 50k articles.

For each size, in a fresh process: build the synthetic corpus (recombined sample
sentences, see benchmarks/data.py), tokenize it (cold cache), fit BERTopic, assign themes
and compute yearly trends: that is the full pipeline, timed by stage, with its peak
resident memory. Then NMF and LDA are fitted on the same cached tokens with a fixed
20 topics, for the backend-cost table (``n_topics="auto"`` fits several candidates, up to
6, on corpora of up to 5,000 articles, and costs that many times more). The scaling
exponent is the slope of log(time) on log(size).
Usage: python -m benchmarks.scaling [--sizes 1000 5000 20000 50000]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import warnings

N_TOPICS = 20  # for the NMF and LDA cost table


def _one(n: int) -> dict:
    import trendlab as tl
    from benchmarks._common import Timer, peak_rss_mib, warm_numba
    from benchmarks.data import synthetic_corpus

    warm_numba()
    corpus = synthetic_corpus(n)
    chars = sum(map(len, corpus.texts))
    T = Timer()
    tok = tl.KiwiTokenizer()
    with tempfile.TemporaryDirectory() as cache:
        with T("tokenize"):
            tokens = tok.tokenize_many(corpus.texts, cache=cache)
        with T("bertopic"):
            model = tl.TopicModel("bertopic", tokenizer=tok, random_state=0).fit(corpus, tokens=tokens)
        with T("themes+trends"):
            a = tl.assign_themes(corpus, model=model)
            tl.trend_stats(tl.theme_trends(a))
        full = T.t["tokenize"] + T.t["bertopic"] + T.t["themes+trends"]
        peak = peak_rss_mib()
        with T("cache_hit"):
            tok.tokenize_many(corpus.texts, cache=cache)
        for backend in ("nmf", "lda"):  # a fixed k: "auto" would multiply the cost by its candidates
            with T(backend):
                tl.TopicModel(backend, tokenizer=tok, random_state=0, n_topics=N_TOPICS).fit(corpus, tokens=tokens)
    return {
        "n": n,
        "chars": chars,
        "full_s": full,
        "peak_rss_mib": peak,
        "stages": T.t,
        "bertopic_mode": model.backend_.selection_.get("mode"),
    }


def exponent(rows, key="full_s") -> float:
    xs = [math.log(r["n"]) for r in rows]
    ys = [math.log(r[key] if key in r else r["stages"][key]) for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000, 50000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        warnings.simplefilter("ignore")
        print(json.dumps(_one(args.one)))
        return []
    from benchmarks._common import run_isolated

    rows = []
    for n in args.sizes:
        r = run_isolated("benchmarks.scaling", "--one", str(n), timeout=3000)
        rows.append(r)
        print(
            f"n={n}: full {r['full_s']:.1f}s, peak {r['peak_rss_mib']:.0f} MiB, stages "
            + ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items()),
            file=sys.stderr,
        )
    print(
        "| articles | characters | full pipeline (s) | tokenize (s) | BERTopic fit (s) | themes + trends (s) | "
        "tokenize share | cache hit (s) | peak memory (MiB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        s = r["stages"]
        print(
            f"| {r['n']:,} | {r['chars']:,} | {r['full_s']:.1f} | {s['tokenize']:.1f} | {s['bertopic']:.1f} | "
            f"{s['themes+trends']:.1f} | {s['tokenize'] / r['full_s']:.0%} | {s['cache_hit']:.2f} | "
            f"{r['peak_rss_mib']:,.0f} |"
        )
    print()
    print(f"| articles | BERTopic fit (s) | NMF fit, k={N_TOPICS} (s) | LDA fit, k={N_TOPICS} (s) | BERTopic mode |")
    print("|---:|---:|---:|---:|---|")
    for r in rows:
        s = r["stages"]
        print(f"| {r['n']:,} | {s['bertopic']:.1f} | {s['nmf']:.1f} | {s['lda']:.1f} | {r['bertopic_mode']} |")
    if len(rows) >= 2:
        print()
        print(
            f"Scaling exponent (slope of log time on log size): full pipeline {exponent(rows):.2f}, "
            f"tokenization {exponent(rows, 'tokenize'):.2f}, BERTopic fit {exponent(rows, 'bertopic'):.2f}."
        )
    return rows


if __name__ == "__main__":
    main()
