"""The trained theme model: training, the saved weights, and its use in assign_themes."""

import gzip
import json

import numpy as np
import pandas as pd
import pytest

import trendlab as tl
from trendlab.datasets import load_sample, sample_metadata
from trendlab.errors import ConfigError, ModelError
from trendlab.themes import ThemeModel, ThemeSet
from trendlab.themes.matching import Positions, build_matchers, measure
from trendlab.themes.model import themes_fingerprint


@pytest.fixture(scope="module")
def sample():
    corpus = load_sample()
    tokens = tl.tokenize_corpus(corpus)
    labels = dict(zip(sample_metadata()["id"], sample_metadata()["theme"]))
    return corpus, tokens, labels


@pytest.fixture(scope="module")
def trained(sample):
    corpus, tokens, labels = sample
    return ThemeModel.train(corpus, labels, tokens=tokens, description="bundled sample")


def _evidence(themes, tokens):
    return measure(themes, build_matchers(themes, tokens.tokenizer), tokens.text, tokens.title, Positions())


def test_prediction_from_saved_weights_equals_scikit_learn(sample):
    """The stored vocabulary, IDF and coefficients reproduce scikit-learn's own probabilities."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    corpus, tokens, labels = sample
    y = [labels[d] for d in corpus.doc_ids]
    themes = ThemeSet.default()
    ev = _evidence(themes, tokens)
    for weight in (0.0, 0.5):
        m = ThemeModel(C=4.0, definition_weight=weight).fit(tokens.text, tokens.title, ev, y, themes)
        docs = [list(t) + ["title:" + w for w in tt] for t, tt in zip(tokens.text, tokens.title)]
        vec = TfidfVectorizer(analyzer=lambda d: d, min_df=2, sublinear_tf=True)
        x = vec.fit_transform(docs)
        if weight:
            extra = weight * np.nan_to_num(tl.themes.learned.definition_features(themes, ev))
            x = sparse.hstack([x, sparse.csr_matrix(extra)], format="csr")
        ref = LogisticRegression(C=4.0, max_iter=5000, class_weight="balanced").fit(x, y)
        want = ref.predict_proba(x)[:, [list(ref.classes_).index(c) for c in m.classes_]]
        got = m.predict_proba(tokens.text, tokens.title, ev)
        np.testing.assert_allclose(got, want, atol=1e-8)


def test_save_and_load_give_the_same_model_without_pickle(trained, sample, tmp_path):
    corpus, tokens, _ = sample
    ev = _evidence(trained.themes_, tokens)
    for name in ("m.json", "m.json.gz"):
        path = trained.save(tmp_path / name)
        back = ThemeModel.load(path)
        np.testing.assert_allclose(
            back.predict_proba(tokens.text, tokens.title, ev),
            trained.predict_proba(tokens.text, tokens.title, ev),
            atol=1e-5,
        )
        assert back.summary_["n_train"] == trained.summary_["n_train"] and back.classes_ == trained.classes_
    data = json.loads(gzip.decompress((tmp_path / "m.json.gz").read_bytes()))
    assert data["kind"] == "trendlab.ThemeModel" and "text" not in json.dumps(data["summary"])
    assert (tmp_path / "m.json.gz").read_bytes() == trained.save(tmp_path / "again.json.gz").read_bytes()


def test_training_is_deterministic(sample, trained):
    corpus, tokens, labels = sample
    again = ThemeModel.train(corpus, labels, tokens=tokens, description="bundled sample")
    assert again.to_dict() == trained.to_dict()


def test_bad_model_files_and_labels_fail_clearly(tmp_path, sample):
    corpus, tokens, labels = sample
    (tmp_path / "x.json").write_text('{"kind": "something else"}')
    with pytest.raises(ModelError, match="not a trendlab theme model"):
        ThemeModel.load(tmp_path / "x.json")
    (tmp_path / "y.json").write_text("not json")
    with pytest.raises(ModelError, match="cannot read the theme model"):
        ThemeModel.load(tmp_path / "y.json")
    with pytest.raises(ConfigError, match="neither themes"):
        ThemeModel.train(corpus, {**labels, "s001": "crypto"}, tokens=tokens)
    with pytest.raises(ConfigError, match="name no article"):
        ThemeModel.train(corpus, {**labels, "nope": "other"}, tokens=tokens)
    with pytest.raises(ConfigError, match="2 or more labelled 'other'"):
        ThemeModel.train(corpus, {d: "other" for d in labels}, tokens=tokens)
    with pytest.raises(ModelError, match="not trained"):
        ThemeModel().predict_proba([["a"]], [[]], None)


def test_assign_with_a_trained_model_explains_its_decision(trained, sample):
    corpus, tokens, labels = sample
    a = tl.assign_themes(corpus, tokens=tokens, method="model", theme_model=trained)
    assert set(a["decided_by"]) <= {"model", "definition", "none"} and a.attrs["method"] == "model"
    assert a.attrs["theme_model"]["description"] == "bundled sample"
    themed = a[a["theme"] != "other"]
    assert len(themed) and themed["evidence"].str.contains(r"P\(\w+\)=\d\.\d\d").all()
    assert (themed["theme_probability"] >= 0.5).all()
    # in-sample on its own training labels it must agree nearly everywhere
    gold = np.array([labels[d] for d in a["doc_id"]])
    assert (a["theme"].to_numpy() == gold).mean() > 0.9
    # a label the user gives wins over the model
    first = a["doc_id"].iloc[0]
    b = tl.assign_themes(corpus, tokens=tokens, method="model", theme_model=trained, labels={first: "ai_jobs"})
    assert b.set_index("doc_id").loc[first, "decided_by"] == "label"


def test_the_model_runs_only_for_the_themes_it_was_trained_for(sample, trained, tmp_path):
    corpus, tokens, _ = sample
    assert tl.assign_themes(corpus, tokens=tokens).attrs["method"] == "definition"  # the default
    shipped = tl.assign_themes(corpus, tokens=tokens, method="model")
    assert shipped.attrs["theme_model"] == ThemeModel.default().summary_
    custom = ThemeSet([tl.Theme("quantum", "양자", ["양자컴퓨터"], requires=[])])
    with pytest.raises(ConfigError, match="trained for other themes"):
        tl.assign_themes(corpus, custom, tokens=tokens, method="model")
    path = trained.save(tmp_path / "mine.json.gz")
    a = tl.assign_themes(corpus, tokens=tokens, method="model", theme_model=str(path))
    assert a.attrs["theme_model"]["description"] == "bundled sample"


def test_the_model_adds_a_theme_only_where_its_contexts_are(trained, sample):
    """A job advert full of work words but hardly any AI stays "other" whatever the model says."""
    corpus, tokens, _ = sample
    advert = "연구소 신입 채용 공고. 일자리 모집 기간은 5월까지이며 경력 직원 채용도 진행한다. 구직자 지원 바란다. " * 3
    c = tl.Corpus.from_frame(pd.DataFrame({"text": [advert], "date": ["2024-01-01"]}))
    a = tl.assign_themes(c, method="model", theme_model=trained, min_probability=0.0)
    assert a["theme"].iloc[0] == "other"


def test_the_shipped_model_was_trained_with_todays_default_themes():
    """Editing the default themes.yaml without retraining would leave method="model" with a model
    for other definitions; this fails first (retrain: make theme-model)."""
    shipped = ThemeModel.default()
    assert themes_fingerprint(shipped.themes_) == themes_fingerprint(ThemeSet.default())
    assert shipped.summary_["n_train"]["other"] > 500 and min(shipped.summary_["n_train"].values()) >= 50


def test_themes_without_labels_are_left_to_the_definitions(sample, caplog):
    """A labelled sample with no article of a theme trains a model for the others only."""
    corpus, tokens, labels = sample
    some = {d: (lab if lab in ("other", "edge_ai_silicon") else "other") for d, lab in labels.items()}
    m = ThemeModel.train(corpus, some, tokens=tokens)
    assert m.classes_ == ["other", "edge_ai_silicon"] and "left to the definitions" in caplog.text
    a = tl.assign_themes(corpus, tokens=tokens, method="model", theme_model=m)
    d = tl.assign_themes(corpus, tokens=tokens, method="definition")
    for theme in ("sovereign_ai", "ai_jobs"):  # exactly the definitions' matches, never the model's
        assert (a["theme"] == theme).tolist() == (d["theme"] == theme).tolist()
    assert ThemeModel.from_dict(m.to_dict()).classes_ == m.classes_


def test_the_report_names_the_theme_model():
    from trendlab.report import sections

    res = tl.analyze(load_sample(), backend="nmf", theme_method="model")
    assert res.assignments.attrs["method"] == "model"
    assert "trained theme model: " in sections.methods(res) and "hand-labelled" in sections.methods(res)


def test_training_labels_share_no_article_with_the_evaluation_sets():
    """The shipped model never trained on an article it is judged on (fixtures keyed by url hash)."""
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "labels"
    train = set(pd.read_csv(folder / "ai_news_train.csv")["key"])
    for name in ("ai_news_web.csv", "ai_news_web_heldout.csv", "ai_news_web_heldout2.csv"):
        assert not train & set(pd.read_csv(folder / name)["key"]), name


def test_a_theme_model_needs_method_model_and_warns_on_another_tokenizer(trained, sample, caplog):
    corpus, tokens, _ = sample
    with pytest.raises(ConfigError, match="only with method='model'"):
        tl.assign_themes(corpus, tokens=tokens, theme_model=trained)
    other = tl.tokenize_corpus(corpus, tl.KiwiTokenizer(min_len=2))
    tl.assign_themes(corpus, tokens=other, method="model", theme_model=trained)
    assert "another tokenizer configuration" in caplog.text


def test_damaged_model_files_fail_with_a_clear_error(trained, tmp_path):
    good = trained.save(tmp_path / "m.json.gz").read_bytes()
    (tmp_path / "cut.json.gz").write_bytes(good[: len(good) // 2])
    data = trained.to_dict()
    (tmp_path / "short.json").write_text(json.dumps({**data, "idf": data["idf"][:-1]}))
    (tmp_path / "nokeys.json").write_text(json.dumps({"kind": "trendlab.ThemeModel", "format": 1}))
    for name in ("cut.json.gz", "short.json", "nokeys.json"):
        with pytest.raises(ModelError, match="theme model|damaged|do not fit"):
            ThemeModel.load(tmp_path / name)
