"""Acceptance on the real seed documents in ../shared/seeds (skipped when absent).

The expectations come from reading the files; the library has no rule about them.
"""

import pandas as pd


def by_source(corpus, needle):
    f = corpus.frame
    return f[f["text"].str.contains(needle, regex=False) | f["title"].str.contains(needle, regex=False)]


def test_every_file_loaded_and_accounted(seed_corpus):
    acc = seed_corpus.accounting
    files = acc[acc["unit"] == "file"]
    assert (files["action"] == "loaded").sum() == 5
    assert seed_corpus.summary()["undated"] == 0


def test_magazine_is_cut_into_its_articles(seed_corpus):
    f = seed_corpus.frame
    mag = f[f["date"] == pd.Timestamp("2021-04-30")]
    titles = mag["title"].tolist()
    assert 15 <= len(mag) <= 30
    for expected in [
        "인공지능은 음악을 창작할 수 있을까?",
        "인공지능이 바꾸는 직업의 세계",
        "경량 인공지능 반도체",
        "다가올 마이크로 LED 시장에 돌풍을 예고하다",
        "국토지리정보원 '지도박물관'",
        "R&D 관련 구인 및 구직",
        "차세대 반도체 공정 적용을 위한 소재 개발",
    ]:
        assert any(expected in t for t in titles), expected
    # contents page, cover and masthead are not articles
    for furniture in ["CONTENTS", "NEW TECHNOLOGY", "이달의 신기술"]:
        assert not any(t.strip() == furniture for t in titles)
    assert not mag["text"].str.contains("편집위원 산업통상자원부", regex=False).any()
    excluded = set(seed_corpus.accounting.query("action == 'excluded'")["reason"])
    assert {"cover", "contents page", "masthead"} <= excluded
    # the jobs article keeps its sections together
    jobs = mag[mag["title"] == "인공지능이 바꾸는 직업의 세계"].iloc[0]
    assert "일자리 킬러" in jobs["text"] and "유망직업" in jobs["text"]


def test_digest_items_split_and_inherit_date(seed_corpus):
    f = seed_corpus.frame
    digest = f[f["date"] == pd.Timestamp("2022-06-20")]
    titles = digest["title"].tolist()
    assert len(digest) == 4
    assert any("컨소시엄" in t for t in titles) and any("처방전" in t for t in titles)
    assert (digest["date_source"].str.contains("승인 2022.06.20")).all()
    assert not digest["text"].str.contains("댓글|공유합니다|gogreen@", regex=True).any()


def test_single_articles_dates_and_chrome(seed_corpus):
    f = seed_corpus.frame
    caption_doc = by_source(seed_corpus, "미스트랄AI")
    caption_doc = caption_doc[caption_doc["date"] == pd.Timestamp("2024-05-01")]
    assert len(caption_doc) == 1  # ▲ captions do not split it
    row = caption_doc.iloc[0]
    assert "[169호] 2024년 05월 01일" in row["date_source"] or "2024년 05월 01일" in row["date_source"]
    assert "REUTERS" not in row["text"] and "무단" not in row["text"] and "등록번호" not in row["text"]
    interview = f[f["title"].str.contains("AI 주권 구축")].iloc[0]
    assert interview["date"] == pd.Timestamp("2024-06-25")
    factory = by_source(seed_corpus, "AI 팩토리").query("date_source.str.contains('inferred')", engine="python")
    assert len(factory) == 1
    assert factory.iloc[0]["date"] == pd.Timestamp("2024-12-17")
    assert "12월 17일" in factory.iloc[0]["date_source"] and "2024" in factory.iloc[0]["date_source"]
