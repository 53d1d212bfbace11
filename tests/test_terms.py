from trendlab.terms import discover_terms, is_dictionary_word
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


def test_kiwi_candidates_are_words_not_punctuation_or_amounts():
    # candidates Kiwi's extract_words really proposed on the semiconductor news stream
    noise = [
        "다.SK하이닉스",
        "[서울=뉴시스]",
        "조3000억원",
        "(사진=삼성전자)",
        "000억원",
        "습니다.[앵커]",
        "GB(기가바이트)",
    ]
    words = ["블랙웰", "텐스토렌트", "HBM3E", "RISC-V", "MR-MUF", "LB세미콘", "반도체특별법"]
    assert not [w for w in noise if is_dictionary_word(w)]
    assert all(is_dictionary_word(w) for w in words)
