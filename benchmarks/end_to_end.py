"""trendlab's BERTopic path against the naive BERTopic + Kiwi pipeline, same articles, same embedding.

The naive pipeline is the one users build from BERTopic's documentation:
``BERTopic(embedding_model=make_pipeline(TfidfVectorizer(tokenizer=kiwi_nouns), TruncatedSVD(100)),
vectorizer_model=CountVectorizer(tokenizer=kiwi_nouns))``, then ``topics_over_time`` per year.
It calls Kiwi inside every vectorizer, so the corpus is tokenized again at each step.
trendlab tokenizes once (a cold cache here, so the first tokenization is paid in full),
then fits BERTopic on the tokens, assigns themes and computes yearly trends.

Both use the same UMAP and HDBSCAN settings and random_state. Each run is a fresh process
with UMAP's numba kernels compiled beforehand, so neither pays for JIT compilation.
Usage: python -m benchmarks.end_to_end [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import warnings


def _naive(n: int) -> dict:
    import pandas as pd
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from kiwipiepy import Kiwi
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from umap import UMAP

    from benchmarks._common import Timer, peak_rss_mib, warm_numba
    from benchmarks.data import synthetic_corpus
    from trendlab.models.backends import BERTopicBackend

    warm_numba()
    corpus = synthetic_corpus(n)
    docs, dates = corpus.texts, corpus.frame["date"].tolist()
    p = BERTopicBackend()._params(n)
    kiwi = Kiwi()
    calls = {"n": 0}

    def kiwi_nouns(text):
        calls["n"] += len(text)
        return [t.form for t in kiwi.tokenize(text) if t.tag in ("NNG", "NNP")]

    T = Timer()
    with T("total"):
        emb = make_pipeline(
            TfidfVectorizer(tokenizer=kiwi_nouns, lowercase=False, token_pattern=None),
            TruncatedSVD(100, random_state=0),
        )
        model = BERTopic(
            embedding_model=emb,
            language="multilingual",
            vectorizer_model=CountVectorizer(tokenizer=kiwi_nouns, lowercase=False, token_pattern=None),
            umap_model=UMAP(
                n_neighbors=p["n_neighbors"],
                n_components=p["n_components"],
                min_dist=0.0,
                metric="cosine",
                random_state=0,
                n_jobs=1,
                low_memory=True,
            ),
            hdbscan_model=HDBSCAN(
                min_cluster_size=p["min_cluster_size"], min_samples=p["min_samples"], prediction_data=True
            ),
        )
        topics, _ = model.fit_transform(docs)
        years = [pd.Timestamp(d.year, 1, 1).to_pydatetime() for d in dates]
        tot = model.topics_over_time(docs, years)
    return {
        "pipeline": "naive",
        "n": n,
        "seconds": T.t["total"],
        "kiwi_calls": calls["n"],
        "topics": int(len(set(topics)) - (1 if -1 in topics else 0)),
        "periods": int(tot["Timestamp"].nunique()),
        "peak_rss_mib": peak_rss_mib(),
    }


def _trendlab(n: int) -> dict:
    import trendlab as tl
    from benchmarks._common import Timer, peak_rss_mib, warm_numba
    from benchmarks.data import synthetic_corpus

    warm_numba()
    corpus = synthetic_corpus(n)
    T = Timer()
    tok = tl.KiwiTokenizer()
    calls = {"n": 0}
    orig = tok.tokenize_uncached
    tok.tokenize_uncached = lambda prepared, **kw: (
        calls.__setitem__("n", calls["n"] + sum(map(len, prepared))),
        orig(prepared, **kw),
    )[1]
    with tempfile.TemporaryDirectory() as cache, T("total"):
        with T("tokenize"):
            tokens = tok.tokenize_many(corpus.texts, cache=cache)
        with T("fit"):
            model = tl.TopicModel("bertopic", tokenizer=tok, random_state=0, cache=cache).fit(corpus, tokens=tokens)
        with T("themes+trends"):
            a = tl.assign_themes(corpus, model=model)
            tr = tl.theme_trends(a)
    return {
        "pipeline": "trendlab",
        "n": n,
        "chars": sum(map(len, corpus.texts)),
        "seconds": T.t["total"],
        "stages": T.t,
        "kiwi_calls": calls["n"],
        "topics": int((model.topics_["topic"] != -1).sum()),
        "periods": int(tr["period"].nunique()),
        "peak_rss_mib": peak_rss_mib(),
    }


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--one", nargs=2, metavar=("PIPELINE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        warnings.simplefilter("ignore")
        fn = _naive if args.one[0] == "naive" else _trendlab
        print(json.dumps(fn(int(args.one[1]))))
        return []
    from benchmarks._common import run_isolated

    rows = []
    for n in args.sizes:
        naive = run_isolated("benchmarks.end_to_end", "--one", "naive", str(n))
        ours = run_isolated("benchmarks.end_to_end", "--one", "trendlab", str(n))
        rows.append(
            {
                "n": n,
                "chars": ours["chars"],
                "naive_s": naive["seconds"],
                "trendlab_s": ours["seconds"],
                "ratio": naive["seconds"] / ours["seconds"],
                "naive_kiwi_chars": naive["kiwi_calls"],
                "trendlab_kiwi_chars": ours["kiwi_calls"],
                "trendlab_stages": ours["stages"],
            }
        )
        print(
            f"n={n}: naive {naive['seconds']:.1f}s, trendlab {ours['seconds']:.1f}s -> {rows[-1]['ratio']:.2f}x; "
            f"stages {ours['stages']}",
            file=sys.stderr,
        )
    print(
        "| articles | corpus characters | naive BERTopic+Kiwi (s) | trendlab (s) | naive / trendlab | "
        "characters through Kiwi, naive | characters through Kiwi, trendlab |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['n']:,} | {r['chars']:,} | {r['naive_s']:.1f} | {r['trendlab_s']:.1f} | {r['ratio']:.2f}x | "
            f"{r['naive_kiwi_chars']:,} | {r['trendlab_kiwi_chars']:,} |"
        )
    return rows


if __name__ == "__main__":
    main()
