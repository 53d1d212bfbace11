"""trendlab against the naive BERTopic + Kiwi pipeline on the 861 real dev-stream articles.

Each run is a fresh Python process, timed from its start to its exit, so imports, numba's
JIT compilation and Kiwi's start are in every figure, as a user pays them.

* **naive**: the pipeline from BERTopic's documentation, as a user builds it:
  ``BERTopic(embedding_model=make_pipeline(TfidfVectorizer(tokenizer=kiwi), TruncatedSVD(100)),
  vectorizer_model=CountVectorizer(tokenizer=kiwi), umap_model=UMAP(...), hdbscan_model=HDBSCAN(...))``,
  ``fit_transform`` then monthly ``topics_over_time``. Kiwi (nouns and foreign words) runs inside
  every vectorizer. UMAP's kernels are compiled in every process (UMAP does not cache them);
  pynndescent's own on-disk cache is warm, as in any environment where it ran once.
* **trendlab**: ``Corpus.from_frame`` (with duplicate checks), ``tokenize_corpus``,
  ``TopicModel("bertopic").fit``, ``assign_themes``, monthly ``theme_trends``, in three states:
  the first run on a fresh machine (empty numba cache, pynndescent's included, and an empty
  token cache); a later run in a new process with a cold token cache (compiled kernels on
  disk); a warm re-run of the same job (token-cache hit).

Both use UMAP(n_neighbors=15, n_components=5, min_dist=0, cosine) and HDBSCAN
(min_cluster_size=15) with random_state 0. Quality is printed beside the timings: theme
precision and recall against the hand labels, and topic coherence (NPMI, window 10) and
diversity of trendlab's topics.
Usage: python -m benchmarks.end_to_end
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

from benchmarks._common import ROOT


def _naive() -> dict:
    import pandas as pd
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from kiwipiepy import Kiwi
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from umap import UMAP

    from benchmarks.data import dev_frame

    df = dev_frame()
    docs = (df["title"] + "\n" + df["text"]).tolist()
    kiwi = Kiwi()

    def kiwi_nouns(text):
        return [t.form for t in kiwi.tokenize(text) if t.tag in ("NNG", "NNP", "SL")]

    model = BERTopic(
        embedding_model=make_pipeline(
            TfidfVectorizer(tokenizer=kiwi_nouns, lowercase=False, token_pattern=None),
            TruncatedSVD(100, random_state=0),
        ),
        language="multilingual",
        vectorizer_model=CountVectorizer(tokenizer=kiwi_nouns, lowercase=False, token_pattern=None),
        umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=0),
        hdbscan_model=HDBSCAN(min_cluster_size=15, prediction_data=True),
    )
    topics, _ = model.fit_transform(docs)
    months = pd.to_datetime(df["date"]).dt.to_period("M").dt.to_timestamp().tolist()
    tot = model.topics_over_time(docs, months)
    return {"topics": len(set(topics) - {-1}), "periods": int(tot["Timestamp"].nunique())}


def _trendlab() -> dict:
    import time as _t

    t = {"start": _t.perf_counter()}
    import pandas as pd

    import trendlab as tl
    from benchmarks.data import DEV

    df = pd.read_json(DEV, lines=True, dtype={"date": str})
    corpus = tl.Corpus.from_frame(df)
    t["load"] = _t.perf_counter()
    tokens = tl.tokenize_corpus(corpus)
    t["tokenize"] = _t.perf_counter()
    model = tl.TopicModel("bertopic", random_state=0).fit(corpus, tokens=tokens)
    t["fit"] = _t.perf_counter()
    assigned = tl.assign_themes(corpus, model=model, tokens=tokens)
    t["themes"] = _t.perf_counter()
    trends = tl.theme_trends(assigned, freq="month")
    t["trends"] = _t.perf_counter()
    marks = list(t)
    stages = {k: t[k] - t[p] for p, k in zip(marks, marks[1:])}
    topics = model.topics_[model.topics_["topic"] != -1]
    return {
        "stages": stages,
        "topics": int(len(topics)),
        "periods": int(trends["period"].nunique()),
        "themes": assigned[["title", "date", "theme"]].assign(date=lambda f: f["date"].astype(str)).values.tolist(),
        "topic_terms": [list(x)[:10] for x in topics["terms"]],
        "doc_topics": model.doc_topics_["topic"].tolist(),
    }


def _run(kind: str, env: dict) -> tuple[float, dict]:
    """Wall time of a fresh process running one pipeline, and what it reported."""
    e = dict(os.environ, PYTHONWARNINGS="ignore", TOKENIZERS_PARALLELISM="false", **env)
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-m", "benchmarks.end_to_end", "--one", kind], cwd=ROOT, capture_output=True, text=True, env=e
    )
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{p.stderr[-3000:]}")
    return wall, json.loads(p.stdout.strip().splitlines()[-1])


def _quality(report: dict) -> list[str]:
    """Theme precision/recall against the hand labels; topic coherence and diversity."""
    import numpy as np
    import pandas as pd

    import trendlab as tl
    from benchmarks.data import dev_frame
    from trendlab.textstats import npmi_coherence, topic_diversity
    from trendlab.trends import wilson_interval
    from trendlab.validate import label_key

    labels = pd.read_csv(ROOT / "tests" / "fixtures" / "labels" / "semis_dev.csv").set_index("key")["label"]
    got = pd.DataFrame(report["themes"], columns=["title", "date", "theme"])
    truth = np.array([labels[label_key(t, d)] for t, d in zip(got["title"], got["date"])])
    lines = []
    for theme in ("sovereign_ai", "edge_ai_silicon", "ai_jobs"):
        pred = got["theme"].to_numpy() == theme
        true = truth == theme
        tp = int((pred & true).sum())
        p, r = (tp, int(pred.sum())), (tp, int(true.sum()))
        fmt = lambda k, n: (  # noqa: E731
            f"{k / n:.2f} [{wilson_interval(k, n)[0]:.2f}, {wilson_interval(k, n)[1]:.2f}]" if n else "–"
        )
        lines.append(f"| {theme} | {p[1]} | {r[1]} | {fmt(*p)} | {fmt(*r)} |")
    corpus = tl.Corpus.from_frame(dev_frame())
    tokens = tl.tokenize_corpus(corpus)
    coherence = npmi_coherence(report["topic_terms"], tokens.text, window=10)
    diversity = topic_diversity(report["topic_terms"], top_k=10)
    return lines, coherence, diversity


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", choices=["naive", "trendlab"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        warnings.simplefilter("ignore")
        print(json.dumps(_naive() if args.one == "naive" else _trendlab(), ensure_ascii=False))
        return {}
    from benchmarks.data import dev_frame

    n = len(dev_frame())
    # an untimed process first reads the articles and imports both stacks, so that the operating
    # system's file cache is equally warm for every timed run (the first would pay for it otherwise)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import bertopic, umap, hdbscan, kiwipiepy, trendlab; from benchmarks.data import dev_frame; dev_frame()",
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        numba, first_cache, cold_cache = (os.path.join(tmp, k) for k in ("numba", "tl-first", "tl-cold"))
        naive_s, naive = _run("naive", {})
        first_s, first = _run("trendlab", {"NUMBA_CACHE_DIR": numba, "TRENDLAB_CACHE_DIR": first_cache})
        cold_s, cold = _run("trendlab", {"NUMBA_CACHE_DIR": numba, "TRENDLAB_CACHE_DIR": cold_cache})
        warm_s, warm = _run("trendlab", {"NUMBA_CACHE_DIR": numba, "TRENDLAB_CACHE_DIR": cold_cache})
    same = first["doc_topics"] == cold["doc_topics"] == warm["doc_topics"] and first["themes"] == warm["themes"]
    print(f"{n} real articles (semis_dev), each run a fresh process, wall time from start to exit.\n")
    print("| run | seconds | naive / run | load | tokenize | fit | themes | trends | topics |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| naive BERTopic + Kiwi | {naive_s:.1f} | 1.0x | | | | | | {naive['topics']} |")
    for name, s, r in (
        ("trendlab, first run on a fresh machine (JIT compiled, cold token cache)", first_s, first),
        ("trendlab, new process, cold token cache (JIT cached on disk)", cold_s, cold),
        ("trendlab, warm re-run (token-cache hit)", warm_s, warm),
    ):
        st = r["stages"]
        print(
            f"| {name} | {s:.1f} | {naive_s / s:.1f}x | {st['load']:.1f} | {st['tokenize']:.1f} | {st['fit']:.1f} | "
            f"{st['themes']:.1f} | {st['trends']:.2f} | {r['topics']} |"
        )
    print(
        f"\nNew process, cold token cache: {naive_s / cold_s:.1f}x the naive pipeline (goal: at least 5x); "
        f"first run on a fresh machine: {naive_s / first_s:.1f}x; warm re-run: {warm_s:.1f} s (goal: at most 8 s)."
    )
    print(f"Same topics and themes in the three trendlab runs: {'yes' if same else 'NO'}.")
    lines, coherence, diversity = _quality(cold)
    print(
        "\nQuality of the timed trendlab run (hand labels: tests/fixtures/labels/semis_dev.csv; this stream is the "
        "development set of the theme definitions, so these figures are in-sample; see docs/evaluation.md):\n"
    )
    print("| theme | assigned | true | precision [95% CI] | recall [95% CI] |")
    print("|---|---:|---:|---|---|")
    print("\n".join(lines))
    print(f"\nTopics: {cold['topics']}, NPMI coherence (window 10) {coherence:.3f}, diversity {diversity:.3f}.")
    return {"naive_s": naive_s, "first_s": first_s, "cold_s": cold_s, "warm_s": warm_s}


if __name__ == "__main__":
    main()
