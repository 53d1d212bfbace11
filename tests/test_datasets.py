import warnings

import pytest
from sklearn.metrics import f1_score

import trendlab as tl
from trendlab.datasets import load_sample, sample_metadata


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def test_sample_corpus_shape(sample):
    meta = sample_metadata()
    assert len(sample) >= 120 and len(meta) == len(sample)
    assert set(meta["theme"]) == {"sovereign_ai", "edge_ai_silicon", "ai_jobs", "other"}
    years = meta["date"].dt.year.value_counts()
    assert set(years.index) == {2021, 2022, 2023, 2024}
    assert meta["date"].isna().sum() == 3  # the undated trap
    assert meta["trap"].str.contains("English").sum() == 1
    assert sample.summary()["near_duplicates"] == 2


def test_dates_are_extracted_from_the_text_not_read_from_metadata(sample):
    meta = sample_metadata().set_index("id")
    f = sample.frame.set_index("doc_id")
    assert (f["date"].fillna(0) == meta.loc[f.index, "date"].fillna(0)).all()
    assert f["date_scope"].replace("", "none").isin(["article", "none"]).all()


@pytest.mark.parametrize("backend", ["bertopic", "nmf", "lda"])
def test_theme_assignment_macro_f1_against_the_metadata(sample, backend):
    meta = sample_metadata().set_index("id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = tl.TopicModel(backend, random_state=0).fit(sample)
    a = tl.assign_themes(sample, model=model)
    f1 = f1_score(meta.loc[a["doc_id"], "theme"], a["theme"], average="macro")
    assert f1 >= 0.85, f1


def test_documented_trend_shows(sample):
    a = tl.assign_themes(sample)
    t = tl.theme_trends(a).set_index(["period", "theme"])["share"]
    assert t["2021", "edge_ai_silicon"] > t["2024", "edge_ai_silicon"]
    assert t["2023", "ai_jobs"] == max(t[p, "ai_jobs"] for p in ["2021", "2022", "2023", "2024"])
    assert t["2021", "sovereign_ai"] < t["2023", "sovereign_ai"] < t["2024", "sovereign_ai"]
