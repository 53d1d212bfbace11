"""Acceptance on ../shared/seeds: each backend puts the articles where a reader would.

Articles are found by words of their titles, never by doc id.
"""

import warnings

import pytest

import trendlab as tl

EXPECTED = {
    "sovereign_ai": ["AI 팩토리|미・중 주도 AI", "생성형 AI 업계", "컨소시엄", "AI 주권"],
    "edge_ai_silicon": ["경량 인공지능 반도체"],
    "ai_jobs": ["직업의 세계"],
    "other": [
        "디스플레이",
        "마이크로 LED",
        "자동차",
        "캘리퍼",
        "황산화물",
        "안질환",
        "지도박물관",
        "승리호",
        "구인 및 구직",
        "반도체 공정",
        "음악을 창작",
    ],
}


@pytest.fixture(scope="module", params=["bertopic", "nmf", "lda"])
def assigned(request, seed_corpus):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = tl.TopicModel(request.param, random_state=0).fit(seed_corpus)
    return tl.assign_themes(seed_corpus, tl.ThemeSet.default(), model=model)


def test_seed_articles_land_in_their_themes(assigned):
    for theme, patterns in EXPECTED.items():
        for pat in patterns:
            rows = assigned[assigned["title"].str.contains(pat, regex=True)]
            assert len(rows) >= 1, f"no article titled like {pat!r}"
            assert (rows["theme"] == theme).all(), (pat, rows[["title", "theme", "evidence"]].to_dict("records"))


def test_every_article_has_exactly_one_theme_and_evidence(assigned, seed_corpus):
    assert len(assigned) == len(seed_corpus)
    assert assigned["theme"].isin(tl.ThemeSet.default().names + ["other"]).all()
    assert assigned["evidence"].str.len().gt(0).all()
