"""Judge topic models: coherence, diversity, stability, agreement with gold labels.

All measures work on the cached tokens, so nothing is re-tokenized.

* :func:`npmi_coherence` - normalised PMI of top-term pairs, estimated over Boolean
  sliding windows (as gensim's ``c_npmi``) or over whole documents (``window=None``).
* :func:`topic_diversity` - share of unique terms among all topics' top-k terms.
* :func:`stability` - adjusted Rand index of article assignments across random states.
* :func:`label_agreement` - NMI and ARI against gold labels.
* :func:`compare_backends` - one table with all of these and the fit time per backend.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["npmi_coherence", "topic_diversity", "stability", "label_agreement", "compare_backends"]

_EPS = 1e-12


def _window_sets(doc: Sequence[str], window: int | None, vocab: set[str], mode: str):
    """The sets of topic words present in each Boolean sliding window of a document.

    ``mode="gensim"`` tracks windows as gensim's WordOccurrenceAccumulator does: when
    the window slides, the word leaving it is unmarked even if another occurrence of it
    is still inside. ``mode="exact"`` counts true presence.
    """
    doc = list(doc)
    if window is None or len(doc) <= window:
        yield vocab.intersection(doc)
        return
    if mode == "exact":
        for i in range(len(doc) - window + 1):
            yield vocab.intersection(doc[i : i + window])
        return
    present = set(doc[:window])
    yield vocab.intersection(present)
    for i in range(1, len(doc) - window + 1):
        present.discard(doc[i - 1])
        present.add(doc[i + window - 1])
        yield vocab.intersection(present)


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    tokens: Sequence[Sequence[str]],
    *,
    window: int | None = 10,
    per_topic: bool = False,
    window_mode: str = "gensim",
):
    """Mean NPMI of all pairs of each topic's terms.

    Parameters
    ----------
    topics : list of list of str
        Top terms of each topic.
    tokens : list of list of str
        The tokenized reference corpus.
    window : int or None, default 10
        Boolean sliding window size (gensim's ``c_npmi`` default); ``None`` counts
        co-occurrence within whole documents.
    per_topic : bool, default False
        Return one value per topic instead of their mean.
    window_mode : {"gensim", "exact"}, default "gensim"
        How windows are tracked as they slide. "gensim" reproduces gensim's
        accumulator, which unmarks a word when one of its occurrences leaves the window
        even if another remains inside, so values agree with ``CoherenceModel(coherence=
        "c_npmi")``; "exact" counts whether the word is really in the window.

    Notes
    -----
    ``NPMI(a, b) = log((p(a,b) + eps) / (p(a) p(b))) / -log(p(a,b) + eps)``, with
    probabilities counted over windows; a pair whose term never occurs scores 0.

    Examples
    --------
    >>> docs = [["ai", "chip"], ["ai", "chip"], ["job", "work"], ["job", "work"]]
    >>> round(npmi_coherence([["ai", "chip"]], docs, window=None), 3)
    1.0
    """
    vocab = {w for t in topics for w in t}
    occ: dict[str, int] = dict.fromkeys(vocab, 0)
    pair: dict[tuple[str, str], int] = {}
    n_win = 0
    if window_mode not in ("gensim", "exact"):
        from .errors import ConfigError

        raise ConfigError(f"window_mode must be 'gensim' or 'exact', got {window_mode!r}.")
    for doc in tokens:
        for win in _window_sets(doc, window, vocab, window_mode):
            n_win += 1
            present = sorted(win)
            for w in present:
                occ[w] += 1
            for a, b in itertools.combinations(present, 2):
                pair[(a, b)] = pair.get((a, b), 0) + 1
    scores = []
    for t in topics:
        vals = []
        for a, b in itertools.combinations(list(dict.fromkeys(t)), 2):
            pa, pb = occ.get(a, 0) / max(n_win, 1), occ.get(b, 0) / max(n_win, 1)
            key = (a, b) if a < b else (b, a)
            pab = pair.get(key, 0) / max(n_win, 1)
            if pa == 0 or pb == 0:
                vals.append(0.0)
                continue
            vals.append(math.log((pab + _EPS) / (pa * pb)) / -math.log(pab + _EPS))
        scores.append(float(np.mean(vals)) if vals else 0.0)
    if per_topic:
        return scores
    return float(np.mean(scores)) if scores else float("nan")


def topic_diversity(topics: Sequence[Sequence[str]], top_k: int = 10) -> float:
    """Share of unique terms among the top ``top_k`` terms of all topics (1.0 = no overlap)."""
    tops = [list(t)[:top_k] for t in topics]
    total = sum(len(t) for t in tops)
    return len({w for t in tops for w in t}) / total if total else float("nan")


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
        from .errors import InputError

        raise InputError(f"pred has {len(pred)} labels and gold {len(gold)}; they must align.")
    return {"nmi": float(normalized_mutual_info_score(gold, pred)), "ari": float(adjusted_rand_score(gold, pred))}


def compare_backends(
    corpus,
    backends: Sequence[str] = ("bertopic", "nmf", "lda"),
    *,
    tokenizer=None,
    random_states: Sequence[int] = (0, 1),
    gold: Sequence | None = None,
    top_k: int = 10,
    window: int | None = 10,
    **model_options,
) -> pd.DataFrame:
    """Fit each backend and report coherence, diversity, stability, agreement and fit time.

    The corpus is tokenized once (through the cache) and every fit reuses the tokens.

    Returns
    -------
    pandas.DataFrame
        One row per backend: ``backend, n_topics, outlier_share, npmi, diversity,
        stability_ari, nmi, ari, fit_seconds``.
    """
    from .models import TopicModel
    from .tokenize import KiwiTokenizer

    tok = tokenizer if tokenizer is not None else KiwiTokenizer()
    tokens = tok.tokenize_many(corpus.texts, cache=model_options.pop("cache", True))
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
