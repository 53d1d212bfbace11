import json
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import trendlab as tl
from trendlab.errors import ConfigError, InputError, ModelError, NotFittedError

BACKENDS = ["nmf", "lda", "bertopic"]


@pytest.fixture(scope="module")
def fitted(seed_corpus):
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for b in BACKENDS:
            out[b] = tl.TopicModel(b, random_state=0).fit(seed_corpus)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_fit_sets_documented_attributes(fitted, seed_corpus, backend):
    m = fitted[backend]
    assert list(m.topics_.columns) == ["topic", "label", "size", "terms", "weights"]
    assert list(m.doc_topics_.columns) == ["doc_id", "topic", "topic_label", "probability"]
    assert m.doc_topics_["doc_id"].tolist() == seed_corpus.doc_ids
    assert m.topics_["size"].sum() == len(seed_corpus)
    assert (m.topics_["topic"] != -1).sum() >= 2
    assert m.backend_model_ is not None
    real = m.topics_[m.topics_["topic"] != -1]
    assert all(len(t) > 0 for t in real["terms"])
    # Hangul survives into the topic terms (BERTopic's English preprocessing would strip it)
    assert any(any("\uac00" <= ch <= "\ud7a3" for ch in w) for terms in real["terms"] for w in terms)


def test_backends_read_the_cached_tokens_once(seed_corpus, tmp_path, monkeypatch):
    tok = tl.KiwiTokenizer()
    calls = []
    orig = tok.tokenize_uncached
    monkeypatch.setattr(
        tok, "tokenize_uncached", lambda prepared, **kw: calls.append(len(prepared)) or orig(prepared, **kw)
    )
    for b in ["nmf", "lda"]:
        tl.TopicModel(b, tokenizer=tok, cache=tmp_path).fit(seed_corpus)
    assert calls == [len(seed_corpus)]  # the second backend found every text in the cache


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_random_state_same_result_in_process(seed_corpus, fitted, backend):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = tl.TopicModel(backend, random_state=0).fit(seed_corpus)
    pd.testing.assert_frame_equal(again.doc_topics_, fitted[backend].doc_topics_)
    a1 = tl.assign_themes(seed_corpus, model=again)
    a2 = tl.assign_themes(seed_corpus, model=fitted[backend])
    assert a1["theme"].tolist() == a2["theme"].tolist()


def test_same_result_across_processes(seed_corpus, seeds_dir, fitted):
    code = (
        "import json, warnings, trendlab as tl; warnings.simplefilter('ignore');"
        f"c = tl.load_corpus({str(seeds_dir)!r});"
        "print(json.dumps({b: tl.TopicModel(b, random_state=0).fit(c).doc_topics_['topic'].tolist()"
        " for b in ['nmf', 'lda', 'bertopic']}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    other = json.loads(out.stdout.strip().splitlines()[-1])
    for b in BACKENDS:
        assert other[b] == fitted[b].doc_topics_["topic"].tolist(), b


@pytest.mark.parametrize("backend", BACKENDS)
def test_save_load_round_trip_without_pickle(fitted, seed_corpus, tmp_path, backend):
    m = fitted[backend]
    m.save(tmp_path / backend, themes=tl.ThemeSet.default())
    loaded = tl.TopicModel.load(tmp_path / backend)
    pd.testing.assert_frame_equal(loaded.topics_.astype({"topic": int}), m.topics_, check_dtype=False)
    assert loaded.transform(seed_corpus)["topic"].tolist() == m.transform(seed_corpus)["topic"].tolist()
    assert loaded.themes_.names == tl.ThemeSet.default().names
    with np.load(tmp_path / backend / "arrays.npz", allow_pickle=False) as z:  # plain arrays only
        assert all(z[k].dtype != object for k in z.files)


def test_load_refuses_tampered_or_foreign_versions(fitted, tmp_path):
    d = fitted["nmf"].save(tmp_path / "m")
    model_json = d / "model.json"
    model_json.write_text(model_json.read_text("utf-8").replace('"nmf"', '"lda"', 1), "utf-8")
    with pytest.raises(ModelError, match="modified after saving"):
        tl.TopicModel.load(d)
    d2 = fitted["nmf"].save(tmp_path / "m2")
    man = json.loads((d2 / "manifest.json").read_text())
    man["format_version"] = 999
    (d2 / "manifest.json").write_text(json.dumps(man))
    with pytest.raises(ModelError, match="format 999"):
        tl.TopicModel.load(d2)
    with pytest.raises(ModelError, match="not a saved trendlab model"):
        tl.TopicModel.load(tmp_path)


def test_bad_inputs_give_clear_errors(seed_corpus):
    with pytest.raises(ConfigError, match="unknown backend 'top2vec'"):
        tl.TopicModel("top2vec").fit(seed_corpus)
    with pytest.raises(InputError, match="empty corpus"):
        tl.TopicModel("nmf").fit([])
    with pytest.raises(InputError, match="at least 2 articles.*has 1"):
        tl.TopicModel("nmf").fit(["인공지능 반도체 기사 하나"])
    with pytest.raises(ModelError, match="identical"):
        tl.TopicModel("lda").fit(["같은 인공지능 기사"] * 5)
    with pytest.raises(NotFittedError):
        tl.TopicModel("nmf").transform(["x"])
    with pytest.raises(ConfigError, match="n_topics"):
        tl.TopicModel("nmf", n_topics=0).fit(seed_corpus)


def test_fixed_n_topics_and_transform_new_texts(seed_corpus):
    m = tl.TopicModel("nmf", n_topics=3, random_state=1).fit(seed_corpus)
    assert (m.topics_["topic"] != -1).sum() == 3
    new = m.transform(["경량 AI 반도체와 NPU 칩 개발", "지도 박물관 전시"])
    assert len(new) == 2 and new["topic"].between(-1, 2).all()


def test_small_corpus_fallback_warns(seed_corpus):
    with pytest.warns(UserWarning, match="too few for UMAP"):
        m = tl.TopicModel("bertopic", random_state=0).fit(seed_corpus)
    assert m.backend_.selection_["mode"].startswith("kmeans")


def test_assign_themes_reuses_model_tokens_and_topics(seed_corpus, monkeypatch):
    tok = tl.KiwiTokenizer()
    tokens = tok.tokenize_many(seed_corpus.texts)
    model = tl.TopicModel("nmf", tokenizer=tok, random_state=0).fit(seed_corpus, tokens=tokens)
    texts_tokenized = []
    orig = tok.tokenize_uncached
    monkeypatch.setattr(
        tok, "tokenize_uncached", lambda texts, **kw: texts_tokenized.extend(texts) or orig(texts, **kw)
    )
    a1 = tl.assign_themes(seed_corpus, model=model)
    a2 = tl.assign_themes(seed_corpus, model=model, tokens=list(tokens))  # equal tokens, another list
    assert a1["theme"].tolist() == a2["theme"].tolist()
    # only the theme terms and the titles went through Kiwi, never an article's text
    ts = tl.ThemeSet.default()
    terms = {w for t in ts for w in t.terms()} | {w for g in ts.context.values() for w in g}
    terms |= {w for g in ts.near_misses.values() for w in g}
    assert not set(texts_tokenized) & set(seed_corpus.texts)
    assert set(texts_tokenized) <= terms | set(seed_corpus.frame["title"])


def test_sklearn_clone_gives_an_unfitted_model_with_equal_params(fitted, seed_corpus):
    from sklearn.base import clone

    m = tl.TopicModel("nmf", random_state=3, n_topics=5)
    c = clone(m)
    assert type(c) is tl.TopicModel and c is not m
    assert c.get_params() == m.get_params()
    assert c.get_params(deep=False) == {
        "backend": "nmf",
        "tokenizer": None,
        "random_state": 3,
        "n_topics": 5,
        "top_n_terms": 10,
        "cache": True,
        "progress": False,
        "backend_options": None,
    }
    assert not hasattr(c, "topics_") and not hasattr(c, "backend_")
    with pytest.raises(NotFittedError):
        c.transform(["x"])

    # a fitted model clones to an unfitted one that refits to the same result
    c = clone(fitted["nmf"])
    assert c.get_params() == fitted["nmf"].get_params()
    assert not hasattr(c, "topics_") and not hasattr(c, "doc_topics_")
    pd.testing.assert_frame_equal(c.fit(seed_corpus).doc_topics_, fitted["nmf"].doc_topics_)

    # keyword backend options are the backend_options parameter, so clone keeps them
    b = tl.TopicModel("bertopic", embedding="tfidf-svd", min_cluster_size=4)
    assert b.get_params()["backend_options"] == {"embedding": "tfidf-svd", "min_cluster_size": 4}
    assert clone(b).get_params() == b.get_params()
    assert tl.TopicModel("bertopic", backend_options={"min_cluster_size": 4}).get_params()["backend_options"] == {
        "min_cluster_size": 4
    }
    with pytest.raises(TypeError, match="both"):
        tl.TopicModel("nmf", backend_options={"max_iter": 5}, max_iter=6)

    # the tokenizer is cloned too; its parameters are reachable as tokenizer__<name>
    tok = tl.KiwiTokenizer(min_len=2)
    t = tl.TopicModel("nmf", tokenizer=tok)
    ct = clone(t)
    assert ct.tokenizer is not tok and ct.tokenizer.get_params() == tok.get_params()
    assert t.get_params()["tokenizer__min_len"] == 2
    ct.set_params(tokenizer__min_len=1, n_topics=4)
    assert ct.tokenizer.min_len == 1 and ct.n_topics == 4 and tok.min_len == 2
    with pytest.raises(ConfigError, match="backend_options"):
        ct.set_params(embedding="tfidf-svd")


# -- a hand-edited model (checksums recomputed) is a ModelError naming the file ------------------


def _reseal(d):
    """Recompute the manifest's checksums, as someone editing the files by hand could."""
    import hashlib

    man = json.loads((d / "manifest.json").read_text("utf-8"))
    man["sha256"] = {name: hashlib.sha256((d / name).read_bytes()).hexdigest() for name in man["sha256"]}
    (d / "manifest.json").write_text(json.dumps(man), "utf-8")


def _edit_json(d, edit):
    doc = json.loads((d / "model.json").read_text("utf-8"))
    new = edit(doc)  # edits change the document in place, or return a new one
    doc = doc if new is None else new
    (d / "model.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def _edit_arrays(d, edit):
    with np.load(d / "arrays.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    edit(arrays)
    with open(d / "arrays.npz", "wb") as fh:
        np.savez(fh, **arrays)


def _pop(obj, key):
    obj.pop(key)


def _set(obj, key, value):
    obj[key] = value


def _shorten(obj, key):
    obj[key] = obj[key][:-1]


def _as_list(doc):
    return [doc]


JSON_EDITS = {
    # missing keys
    "no model section": ("nmf", lambda doc: _pop(doc, "model")),
    "no top_n_terms": ("nmf", lambda doc: _pop(doc["model"], "top_n_terms")),
    "no vocabulary": ("nmf", lambda doc: _pop(doc["backend_state"], "vocabulary")),
    "no tokenizer params": ("lda", lambda doc: _pop(doc["tokenizer"], "params")),
    "no topics": ("lda", lambda doc: _pop(doc, "topics")),
    "no lda prior": ("lda", lambda doc: _pop(doc["backend_state"], "doc_topic_prior")),
    "no embedding": ("bertopic", lambda doc: _pop(doc["backend_state"], "embedding")),
    # wrong types
    "a list, not an object": ("nmf", _as_list),
    "random_state a string": ("nmf", lambda doc: _set(doc["model"], "random_state", "zero")),
    "n_topics a list": ("nmf", lambda doc: _set(doc["model"], "n_topics", [3])),
    "vocabulary a number": ("nmf", lambda doc: _set(doc["backend_state"], "vocabulary", 5)),
    "topic ids strings": ("lda", lambda doc: _set(doc["doc_topics"], "topic", ["a"] * len(doc["doc_topics"]["topic"]))),
    "tokenizer pos a number": ("nmf", lambda doc: _set(doc["tokenizer"]["params"], "pos", 5)),
    "unknown tokenizer parameter": ("nmf", lambda doc: _set(doc["tokenizer"]["params"], "colour", "blue")),
    "themes broken": ("nmf", lambda doc: _set(doc, "themes", {"themes": 5})),
    "selection a string": ("nmf", lambda doc: _set(doc["backend_state"], "selection", "auto")),
    # broken topic lists
    "terms column shorter": ("nmf", lambda doc: _shorten(doc["topics"], "terms")),
    "terms a string": ("nmf", lambda doc: _set(doc["topics"], "terms", "AI 반도체")),
    "weights row shorter": ("nmf", lambda doc: _shorten(doc["topics"]["weights"], 0)),
    "doc ids shorter": ("lda", lambda doc: _shorten(doc["doc_topics"], "doc_id")),
    # unknown names
    "unknown backend": ("nmf", lambda doc: _set(doc["model"], "backend", "top2vec")),
    "backend swapped": ("nmf", lambda doc: _set(doc["model"], "backend", "lda")),
    "unknown embedding kind": ("bertopic", lambda doc: _set(doc["backend_state"]["embedding"], "kind", "word2vec")),
}

ARRAY_EDITS = {
    "components narrower": ("nmf", lambda a: _set(a, "components", a["components"][:, :-1])),
    "components flat": ("lda", lambda a: _set(a, "components", a["components"].ravel())),
    "idf missing": ("nmf", lambda a: _pop(a, "idf")),
    "idf shorter": ("nmf", lambda a: _set(a, "idf", a["idf"][:-1])),
    "lda exp component shape": ("lda", lambda a: _set(a, "exp_dirichlet_component", a["exp_dirichlet_component"][:1])),
    "components as text": ("nmf", lambda a: _set(a, "components", a["components"].astype(str))),
    "centroids narrower": ("bertopic", lambda a: _set(a, "centroids", a["centroids"][:, :-1])),
    "centroid ids shorter": ("bertopic", lambda a: _set(a, "centroid_ids", a["centroid_ids"][:-1])),
    "embedding idf shorter": ("bertopic", lambda a: _set(a, "emb_idf", a["emb_idf"][:-1])),
}


@pytest.mark.parametrize("case", sorted(JSON_EDITS))
def test_load_refuses_a_hand_edited_model_json(fitted, tmp_path, case):
    backend, edit = JSON_EDITS[case]
    d = fitted[backend].save(tmp_path / "m")
    _edit_json(d, edit)
    _reseal(d)
    with pytest.raises(ModelError, match=r"model\.json.*Refit the model and save it again") as err:
        tl.TopicModel.load(d)
    assert str(d) in str(err.value)


@pytest.mark.parametrize("case", sorted(ARRAY_EDITS))
def test_load_refuses_hand_edited_arrays(fitted, tmp_path, case):
    backend, edit = ARRAY_EDITS[case]
    d = fitted[backend].save(tmp_path / "m")
    _edit_arrays(d, edit)
    _reseal(d)
    with pytest.raises(ModelError, match=r"arrays\.npz.*Refit the model and save it again") as err:
        tl.TopicModel.load(d)
    assert str(d) in str(err.value)


@pytest.mark.parametrize(
    "name, junk", [("model.json", b"{not json"), ("arrays.npz", b"not a zip"), ("model.json", b"\xff\xfe")]
)
def test_load_refuses_unreadable_files_with_good_checksums(fitted, tmp_path, name, junk):
    d = fitted["nmf"].save(tmp_path / "m")
    (d / name).write_bytes(junk)
    _reseal(d)
    with pytest.raises(ModelError, match=name.replace(".", r"\.") + ".*Refit the model and save it again"):
        tl.TopicModel.load(d)


def test_load_refuses_a_malformed_manifest(fitted, tmp_path):
    d = fitted["nmf"].save(tmp_path / "m")
    (d / "manifest.json").write_text("[1, 2]", "utf-8")
    with pytest.raises(ModelError, match="manifest.json"):
        tl.TopicModel.load(d)
    d = fitted["nmf"].save(tmp_path / "m2")
    man = json.loads((d / "manifest.json").read_text("utf-8"))
    man["sha256"] = ["model.json", "arrays.npz"]
    (d / "manifest.json").write_text(json.dumps(man), "utf-8")
    with pytest.raises(ModelError, match="does not list the model files"):
        tl.TopicModel.load(d)
