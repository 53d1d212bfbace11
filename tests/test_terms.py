from trendlab.terms import discover_terms
from trendlab.tokenize import KiwiTokenizer

TEXTS = [f"뉴로모픽 칩 스타트업이 초저전력 뉴로모픽 칩을 공개했다. 양자 센서 기술도 소개했다 ({i})." for i in range(12)]


def test_discover_terms_proposes_phrases_with_scores():
    df = discover_terms(TEXTS, KiwiTokenizer(), min_count=5, top=20)
    assert list(df.columns) == ["term", "source", "score", "count", "known"]
    assert set(df["source"]) <= {"kiwi", "ngram"}
    phrases = df[df["source"] == "ngram"]
    assert "양자 센서" in set(phrases["term"])  # a frequent noun pair that is not yet one token
    assert (phrases["count"] >= 5).all() and phrases["score"].between(-1, 1).all()
    assert not df[df["term"] == "양자 센서"]["known"].iloc[0]


def test_discover_terms_reuses_given_tokens_and_handles_empty_input():
    tok = KiwiTokenizer()
    tokens = tok.tokenize_many(TEXTS)
    assert discover_terms(TEXTS, tok, tokens=tokens, min_count=5).equals(discover_terms(TEXTS, tok, min_count=5))
    assert discover_terms([None, ""], tok).empty
