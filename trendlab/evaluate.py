"""Judge topic models: coherence, diversity, stability, agreement with gold labels.

All measures work on the cached tokens, so nothing is re-tokenized. The text
statistics (:func:`npmi_coherence`, :func:`topic_diversity`) live in the low-level
:mod:`trendlab.textstats`, which the models use too; they are re-exported here.

* :func:`npmi_coherence` - normalised PMI of top-term pairs, estimated over Boolean
  sliding windows (as gensim's ``c_npmi``) or over whole documents (``window=None``).
* :func:`topic_diversity` - share of unique terms among all topics' top-k terms.
* :func:`stability` - adjusted Rand index of article assignments across random states.
* :func:`label_agreement` - NMI and ARI against gold labels.
* :func:`compare_backends` - one table with all of these and the fit time per backend.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .models import TopicModel
from .textstats import npmi_coherence, topic_diversity
from .tokenize import KiwiTokenizer
from .tokens import tokenize_corpus

__all__ = ["npmi_coherence", "topic_diversity", "stability", "label_agreement", "compare_backends"]


def stability(labelings: Sequence[Sequence[int]]) -> float:
    """Mean adjusted Rand index over all pairs of article-to-topic assignments."""
    from sklearn.metrics import adjusted_rand_score

    pairs = list(itertools.combinations(labelings, 2))
    if not pairs:
        return float("nan")
    return float(np.mean([adjusted_rand_score(a, b) for a, b in pairs]))


def label_agreement(pred: Sequence, gold: Sequence) -> dict[str, float]:
    """NMI and ARI between predicted topics (or themes) and gold labels."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    if len(pred) != len(gold):
        raise InputError(f"pred has {len(pred)} labels and gold {len(gold)}; they must align.")
    return {"nmi": float(normalized_mutual_info_score(gold, pred)), "ari": float(adjusted_rand_score(gold, pred))}


def compare_backends(
    corpus,
    backends: Sequence[str] = ("bertopic", "nmf", "lda"),
    *,
    tokenizer=None,
    tokens=None,
    random_states: Sequence[int] = (0, 1),
    gold: Sequence | None = None,
    top_k: int = 10,
    window: int | None = 10,
    **model_options,
) -> pd.DataFrame:
    """Fit each backend and report coherence, diversity, stability, agreement and fit time.

    The corpus is tokenized once (through the cache), or ``tokens`` from
    :func:`trendlab.tokenize_corpus` are used, and every fit reuses them.

    Returns
    -------
    pandas.DataFrame
        One row per backend: ``backend, n_topics, outlier_share, npmi, diversity,
        stability_ari, nmi, ari, fit_seconds``.
    """
    tok = tokenizer if tokenizer is not None else KiwiTokenizer()
    if tokens is None:
        tokens = tokenize_corpus(corpus, tok, cache=model_options.pop("cache", True))
    rows = []
    for backend in backends:
        labelings, first, secs = [], None, []
        for rs in random_states:
            m = TopicModel(backend, tokenizer=tok, random_state=rs, **model_options)
            t0 = time.perf_counter()
            m.fit(corpus, tokens=tokens)
            secs.append(time.perf_counter() - t0)
            labelings.append(m.doc_topics_["topic"].tolist())
            first = first or m
        terms = [t for t, tid in zip(first.topics_["terms"], first.topics_["topic"]) if tid != -1]
        row = {
            "backend": backend,
            "n_topics": int((first.topics_["topic"] != -1).sum()),
            "outlier_share": float((first.doc_topics_["topic"] == -1).mean()),
            "npmi": npmi_coherence([t[:top_k] for t in terms], tokens, window=window),
            "diversity": topic_diversity(terms, top_k),
            "stability_ari": stability(labelings),
            "fit_seconds": float(np.mean(secs)),
        }
        if gold is not None:
            row.update(label_agreement(labelings[0], gold))
        rows.append(row)
    return pd.DataFrame(rows)
