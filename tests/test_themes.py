import pandas as pd
import pytest

import trendlab as tl
from trendlab.errors import ConfigError, InputError
from trendlab.themes import ASSIGNMENT_COLUMNS, Theme, ThemeSet

FILLER = "관련 업계는 시장 동향을 지켜보고 있다. 이번 발표는 여러 기관이 함께 준비했다. "


def corpus(texts):
    return tl.Corpus.from_frame(pd.DataFrame({"text": texts, "date": ["2024-01-01"] * len(texts)}))


def test_default_theme_set_loads_from_data_file():
    ts = ThemeSet.default()
    assert ts.names == ["sovereign_ai", "edge_ai_silicon", "ai_jobs"]
    assert "소버린 AI" in ts["sovereign_ai"].core and "ai" in ts.context


def test_assignment_with_evidence_and_other():
    texts = [
        "정부가 소버린 AI 구축을 선언했다. AI 주권 확보를 위해 자체 AI 모델을 만든다. 빅테크 의존을 줄이고 데이터 주권을 지킨다. "
        + FILLER,
        "온디바이스 AI 칩 시장이 커진다. NPU 기반 경량 AI 반도체가 스마트폰에 들어간다. 저전력 AI 칩 설계가 핵심이다. "
        + FILLER,
        "AI가 일자리를 바꾼다. 생성형 AI 확산으로 직업 구조가 변하고 고용이 흔들린다. AI 시대 일자리 재교육이 필요하다. "
        + FILLER,
        "반도체 공정용 석영 소재를 개발했다. 반도체 부품 국산화가 목표다. 반도체 장비 업체와 협력한다. " + FILLER,
        "연구소 신입 채용 공고. 일자리 모집 기간은 5월까지이며 경력 직원 채용도 진행한다. 담당 업무는 설계다. "
        + FILLER,
    ]
    a = tl.assign_themes(corpus(texts), ThemeSet.default())
    assert list(a.columns[: len(ASSIGNMENT_COLUMNS)]) == ASSIGNMENT_COLUMNS
    assert a["theme"].tolist() == ["sovereign_ai", "edge_ai_silicon", "ai_jobs", "other", "other"]
    assert "소버린 AI×" in a.loc[0, "evidence"] and "ai " in a.loc[0, "evidence"]
    assert (a.loc[3:, "theme_score"] == 0).all()
    assert a.loc[0, "theme_score"] > 1.0


def test_one_stray_word_does_not_make_a_theme():
    text = (
        "AI 기술 기업들이 AI 서비스를 내놓았다. AI 모델 성능 경쟁이 치열하다. 일자리 이야기도 잠깐 나왔다. "
        + FILLER * 2
    )
    got = tl.assign_themes(corpus([text, "다른 기사 " + FILLER]), method="definition")
    assert got["theme"].iloc[0] == "other"


def test_thresholds_are_adjustable():
    text = "AI 연구 소식. AI 모델이 발전한다. AI 칩 설계와 NPU 연구가 이어진다. " + FILLER * 3
    strict = tl.assign_themes(corpus([text, FILLER]), threshold=50.0, method="definition")
    loose = tl.assign_themes(
        corpus([text, FILLER]), threshold=0.5, min_hits=1, context_density=0.5, method="definition"
    )
    assert strict["theme"].iloc[0] == "other" and loose["theme"].iloc[0] == "edge_ai_silicon"
    with pytest.raises(ConfigError, match="threshold"):
        tl.assign_themes(corpus([text]), threshold=-1)


def test_custom_themes_from_yaml_and_toml(tmp_path):
    y = tmp_path / "t.yaml"
    y.write_text(
        "themes:\n  battery:\n    label: 배터리\n    core: [전기차 배터리]\n    seeds: [배터리, 양극재]\n    requires: []\n",
        encoding="utf-8",
    )
    ts = ThemeSet.from_file(y)
    assert ts.names == ["battery"]
    t = tmp_path / "t.toml"
    t.write_text('[themes.battery]\nlabel = "배터리"\nseeds = ["배터리", "양극재"]\nrequires = []\n', encoding="utf-8")
    assert ThemeSet.from_file(t).names == ["battery"]
    a = tl.assign_themes(corpus(["전기차 배터리 양극재 공장이 준공됐다. 배터리 수요가 늘었다. " + FILLER, FILLER]), ts)
    assert a["theme"].tolist() == ["battery", "other"]


@pytest.mark.parametrize(
    "body, match",
    [
        ("themes:\n  x:\n    label: X\n    seeds: [a]\n    colour: red\n", "unknown key.*colour"),
        ("themes:\n  x:\n    label: X\n    seeds: []\n", "no seeds"),
        ("topics: {}\n", "'themes' key"),
        ("themes:\n  x:\n    seeds: [a]\n    requires: [ai]\n", "context groups \\['ai'\\]"),
        ("themes: [unclosed\n", "not valid YAML"),
        ("extra: 1\nthemes:\n  x:\n    seeds: [a]\n", "unknown top-level"),
    ],
)
def test_bad_theme_files_name_the_problem(tmp_path, body, match):
    f = tmp_path / "bad.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        ThemeSet.from_file(f)
    with pytest.raises(ConfigError, match="not found"):
        ThemeSet.from_file(tmp_path / "missing.yaml")


def test_theme_validation():
    with pytest.raises(ConfigError, match="reserved"):
        Theme("other", "기타", seeds=["x"])
    with pytest.raises(ConfigError, match="repeat"):
        ThemeSet([Theme("a", "A", ["x"], requires=[]), Theme("a", "A", ["y"], requires=[])])
    with pytest.raises(InputError, match="align"):
        tl.assign_themes(corpus(["a b", "c d"]), tokens=[["a"]])


def test_seed_expansion_proposes_related_terms_offline():
    df = ThemeSet.default().expand(top_n=3)
    assert list(df.columns) == ["theme", "seed", "proposal", "tag", "similarity"]
    assert len(df) > 5 and set(df["theme"]) <= set(ThemeSet.default().names)
    assert (df["similarity"] >= 0.6).all()


def test_near_misses_count_against_a_theme():
    edge = "온디바이스 AI용 NPU 칩을 공개했다. 저전력 NPU가 스마트폰에서 AI를 돌린다. "
    hbm = "HBM 가격과 HBM3E 공급, D램 수요, 데이터센터 GPU 주가가 관심이다. HBM 실적이 좋다. "
    a = tl.assign_themes(corpus([edge * 2 + FILLER, hbm * 4 + edge + FILLER, FILLER]), method="definition")
    assert a["theme"].tolist() == ["edge_ai_silicon", "other", "other"]
    assert a.loc[1, "focus_edge_ai_silicon"] < 0.6 < a.loc[0, "focus_edge_ai_silicon"]
    assert "closest edge_ai_silicon" in a.loc[1, "evidence"]


def test_a_theme_only_mentioned_far_down_is_a_passing_mention():
    body = "AI 기술 기업들이 AI 서비스를 내놓았다. " + FILLER * 12
    tail = "온디바이스 AI NPU 저전력 칩. " * 2
    lead_first = tl.assign_themes(corpus([tail + body, body + tail, FILLER]), method="definition")
    assert lead_first["theme"].tolist()[:2] == ["edge_ai_silicon", "other"]


def test_theme_file_versions(tmp_path):
    v2 = tmp_path / "v2.yaml"
    v2.write_text(
        "version: 2\ncontext:\n  ai: [AI]\nnear_misses:\n  mem: [HBM]\n"
        "themes:\n  chips:\n    core: [NPU]\n    requires: {ai: 2.5}\n    near_misses: [mem]\n",
        encoding="utf-8",
    )
    ts = ThemeSet.from_file(v2)
    assert ts["chips"].context_min == {"ai": 2.5} and ts["chips"].near_misses == ["mem"]
    assert ThemeSet.from_dict(ts.to_dict())["chips"].context_min == {"ai": 2.5}
    v3 = tmp_path / "v3.yaml"
    v3.write_text("version: 3\nthemes:\n  x:\n    seeds: [a]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="version 3 is not supported.*version: 2"):
        ThemeSet.from_file(v3)
    old = tmp_path / "v1.yaml"
    old.write_text("version: 1\nnear_misses: {m: [x]}\nthemes:\n  x:\n    seeds: [a]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs 'version: 2'"):
        ThemeSet.from_file(old)
    with pytest.raises(ConfigError, match="near-miss groups \\['nope'\\]"):
        ThemeSet([Theme("x", "X", ["a"], requires=[], near_misses=["nope"])])


def test_learned_step_gives_probabilities_and_user_labels_win():
    texts = [f"온디바이스 AI NPU 저전력 칩 {i}번 모델을 공개했다. 스마트폰 AI. " * 3 + FILLER for i in range(8)]
    texts += [f"HBM 메모리 가격 {i}번째 소식. 주가 실적. " * 3 + FILLER for i in range(12)]
    c = corpus(texts)
    a = tl.assign_themes(c, method="learned", random_state=0)
    assert a.attrs["method"] == "learned" and (a["theme_probability"].between(0, 1)).all()
    assert a.attrs["learned"]["n_train"]["edge_ai_silicon"] == 8
    first = c.frame["doc_id"].iloc[0]
    b = tl.assign_themes(c, method="learned", labels={first: "other"}, random_state=0)
    assert b.loc[0, "theme"] == "other" and b.loc[0, "decided_by"] == "label"
    assert a.equals(tl.assign_themes(c, method="learned", random_state=0))


def test_labels_that_name_no_article_are_reported(caplog):
    c = corpus(["온디바이스 AI NPU 저전력 칩. 스마트폰 AI. " * 3 + FILLER, FILLER])
    with caplog.at_level("WARNING", logger="trendlab"):
        tl.assign_themes(c, method="learned", labels={"no-such-id": "other"})
    assert "1 of 1 labels name no article" in caplog.text


def test_a_theme_term_read_as_a_bare_context_word_is_warned_about(tmp_path, caplog):
    f = tmp_path / "t.yaml"
    f.write_text(
        "version: 2\ncontext:\n  ai: [AI, 인공지능]\nthemes:\n  national:\n    core: [K-AI, 소버린 AI]\n"
        "    requires: [ai]\n",
        encoding="utf-8",
    )
    texts = ["인공지능 기술이 발전하면서 AI 서비스가 늘었다. " * 4 + FILLER for _ in range(3)]
    with caplog.at_level("WARNING", logger="trendlab.themes.matching"):
        tl.assign_themes(corpus(texts), ThemeSet.from_file(f))
    msgs = [r.getMessage() for r in caplog.records if "read as" in r.getMessage()]
    assert len(msgs) == 1 and "'K-AI' is read as 'AI'" in msgs[0]
    caplog.clear()
    with caplog.at_level("WARNING", logger="trendlab.themes.matching"):
        tl.assign_themes(corpus(texts))  # the default themes: no such term
    assert not [r for r in caplog.records if "read as" in r.getMessage()]
