import warnings

import numpy as np
import pytest

import trendlab as tl
from trendlab.evaluate import compare_backends, label_agreement, npmi_coherence, stability, topic_diversity


@pytest.fixture(scope="module")
def small():
    corpus = tl.datasets.load_sample()
    tokens = tl.KiwiTokenizer().tokenize_many(corpus.texts, cache=True)
    model = tl.TopicModel("nmf", n_topics=6, random_state=0).fit(corpus, tokens=tokens)
    topics = [t for t, i in zip(model.topics_["terms"], model.topics_["topic"]) if i != -1]
    return corpus, tokens, topics


@pytest.mark.parametrize("window", [10, 20])
def test_npmi_matches_gensim(small, window):
    gensim = pytest.importorskip("gensim")
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    _, tokens, topics = small
    topics = [t[:10] for t in topics]
    d = Dictionary(tokens)
    cm = CoherenceModel(topics=topics, texts=tokens, dictionary=d, coherence="c_npmi", window_size=window, processes=1)
    ours = npmi_coherence(topics, tokens, window=window, per_topic=True)
    theirs = cm.get_coherence_per_topic()
    assert np.allclose(ours, theirs, atol=0.01), (ours, theirs)
    assert abs(np.mean(ours) - cm.get_coherence()) < 0.01
    assert gensim.__version__


def test_npmi_extremes():
    docs = [["a", "b"], ["a", "b"], ["c", "d"], ["c", "d"]]
    assert npmi_coherence([["a", "b"]], docs, window=None) == pytest.approx(1.0)
    assert npmi_coherence([["a", "c"]], docs, window=None) < -0.9


def test_diversity_stability_agreement():
    assert topic_diversity([["a", "b"], ["a", "c"]]) == 0.75
    assert stability([[0, 0, 1, 1], [1, 1, 0, 0]]) == 1.0  # same partition, renamed
    assert stability([[0, 0, 1, 1], [0, 1, 0, 1]]) < 0.1
    agree = label_agreement([0, 0, 1, 1], ["x", "x", "y", "y"])
    assert agree["nmi"] == pytest.approx(1.0) and agree["ari"] == pytest.approx(1.0)


def test_compare_backends_table(small):
    corpus, _, _ = small
    meta = tl.datasets.sample_metadata().set_index("id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = compare_backends(corpus, ["nmf", "lda"], gold=meta.loc[corpus.doc_ids, "theme"].tolist())
    assert list(table["backend"]) == ["nmf", "lda"]
    for col in ["n_topics", "outlier_share", "npmi", "diversity", "stability_ari", "nmi", "ari", "fit_seconds"]:
        assert col in table.columns and table[col].notna().all(), col
    assert (table["fit_seconds"] > 0).all() and table["diversity"].between(0, 1).all()
