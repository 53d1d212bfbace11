import copy
import pickle

import pytest
from sklearn.feature_extraction.text import CountVectorizer

from trendlab.errors import ConfigError, InputError
from trendlab.ocr import count_ocr_repairs, repair_ocr
from trendlab.tokenize import KiwiTokenizer

DOCS = [
    "정부는 소버린 AI 구축을 위해 AI 팩토리를 짓고 생성형 AI를 지원한다.",
    "온디바이스 AI 칩과 인공지능 반도체, NPU와 HBM 시장이 커진다.",
    "인공지능이 바꾸는 일자리와 직업의 세계를 전문가들이 전망했다.",
]


@pytest.fixture(scope="module")
def tok():
    return KiwiTokenizer()


def test_domain_phrases_are_single_tokens(tok):
    toks = tok("정부는 소버린 AI와 AI 팩토리, 생성형 AI, 온디바이스 기기, 인공지능 반도체를 지원한다.")
    for phrase in ["소버린 AI", "AI 팩토리", "생성형 AI", "온디바이스", "AI 반도체"]:
        assert phrase in toks, (phrase, toks)
    # the spelling without a space maps to the same token
    assert "소버린 AI" in tok("소버린AI 전략")


def test_synonyms_fold_variants(tok):
    assert tok("인공지능 기술") == tok("AI 기술") == ["AI", "기술"]
    assert tok("에지 컴퓨팅")[0] == tok("엣지 컴퓨팅")[0] == "엣지"
    assert tok("반도체 칩 설계")[0] == "칩"
    assert KiwiTokenizer(synonyms=None)("인공지능 기술")[0] == "인공지능"


def test_pos_case_numbers_and_stopwords(tok):
    toks = tok("홍길동 기자가 2024년 Nvidia와 Ai 칩 3개를 무단전재 없이 소개했다.")
    assert "Nvidia" not in toks and "nvidia" in toks and "AI" in toks
    assert "기자" not in toks and "무단전재" not in toks and "2024" not in toks
    assert "소개" in toks  # a verbal noun stays; the verb ending does not
    keep = KiwiTokenizer(numbers="keep", pos=("NNG", "NNP", "SL", "SN"))("칩 3개")
    assert "3" in keep
    lem = KiwiTokenizer(lemmas=True)("AI가 일자리를 바꾼다")
    assert "바꾸다" in lem
    assert "칩" not in KiwiTokenizer(extra_stopwords=["칩"])("AI 칩")
    assert KiwiTokenizer(min_len=2)("칩 시장") == ["시장"]


def test_user_words_list_and_file(tmp_path):
    assert "초거대 언어모델" not in KiwiTokenizer()("초거대 언어모델 경쟁")
    t = KiwiTokenizer(user_words=[("초거대 언어모델", "NNP", 5)])
    assert "초거대 언어모델" in t("초거대 언어모델 경쟁")
    f = tmp_path / "words.tsv"
    f.write_text("# my words\n뉴로모픽 칩\tNNP\t5\n")
    assert "뉴로모픽 칩" in KiwiTokenizer(user_words=f)("뉴로모픽 칩 개발")
    with pytest.raises(ConfigError, match="does not exist"):
        KiwiTokenizer(user_words=tmp_path / "missing.tsv")("x")


def test_bad_configuration_names_the_parameter():
    for kw, name in [
        ({"pos": ("nouns",)}, "pos"),
        ({"latin_case": "title"}, "latin_case"),
        ({"fallback": "x"}, "fallback"),
        ({"min_len": 0}, "min_len"),
    ]:
        with pytest.raises(ConfigError, match=name):
            KiwiTokenizer(**kw)("텍스트")
    with pytest.raises(ConfigError, match="no parameter"):
        KiwiTokenizer().set_params(colour="red")


def test_pickle_deepcopy_and_countvectorizer_round_trip(tok):
    cv = CountVectorizer(tokenizer=tok, lowercase=False, token_pattern=None)
    before = cv.fit_transform(DOCS).toarray()
    vocab = cv.get_feature_names_out().tolist()
    assert "소버린 AI" in vocab
    for clone in (pickle.loads(pickle.dumps(cv)), copy.deepcopy(cv)):
        assert clone.tokenizer._kiwi is None  # Kiwi is rebuilt lazily
        assert (clone.transform(DOCS).toarray() == before).all()
        assert clone.get_feature_names_out().tolist() == vocab


def test_tokenize_many_keeps_order_and_is_deterministic(tok):
    texts = DOCS * 20
    a = tok.tokenize_many(texts)
    b = KiwiTokenizer(num_workers=1).tokenize_many(texts)
    assert a == b == [tok(t) for t in texts]


def test_bad_inputs_do_not_break_the_batch(tok):
    huge = ("인공지능 반도체 시장이 커진다. " * 200 + "\n") * 150  # ~3 MB of text
    out = tok.tokenize_many([None, "", "  \n", "칩\x00설계\x07와 NPU", huge, "Plain English about the NPU and chips."])
    assert out[0] == [] and out[1] == [] and out[2] == []
    assert out[3] == ["칩", "설계", "NPU"]
    assert out[4].count("AI 반도체") == 30000
    assert out[5] == ["plain", "english", "NPU", "chips"]
    with pytest.raises(InputError, match="text 1: .*expects str"):
        tok.tokenize_many(["ok", 42])


def test_non_korean_fallback_modes():
    text = "Sovereign AI is rising in Europe"
    assert KiwiTokenizer()(text) == ["sovereign", "AI", "rising", "europe"]
    han = "人工智能芯片市场"
    assert KiwiTokenizer()(han) == ["人工", "工智", "智能", "能芯", "芯片", "片市", "市场"]
    assert KiwiTokenizer(fallback="kiwi")(han) != KiwiTokenizer()(han)
    assert KiwiTokenizer(fallback="unicode")("인공지능 반도체") == ["인공지능", "반도체"]


def test_ocr_repair_fixes_ai_and_spares_genuine_si():
    text = (
        "AI 기술이 발전하면서 인공지능 연구가 늘었다. 경량 시 반도체와 시 시스템이 주목받는다. "
        "이것이 의미하는 것은 시가 인간의 역할을 바꾼다는 점이다. 시 쓰기와 시를 쓰는 시인, "
        "서울시의 오후 3시 행사, 제품 개발 시 주의할 점, 시 주석의 방문."
    )
    fixed = repair_ocr(text)
    assert "AI 반도체" in fixed and "AI 시스템" in fixed and "것은 AI가" in fixed
    for genuine in ["시 쓰기", "시를 쓰는", "서울시", "3시", "개발 시 주의", "시 주석"]:
        assert genuine in fixed, genuine
    assert count_ocr_repairs(text) == 3


def test_ocr_repair_leaves_documents_without_the_confusion_alone():
    poem = "시를 쓰는 시인은 시가 좋다고 말했다. 시 반도체라는 말은 없다."  # no AI context
    assert repair_ocr(poem) == poem
    no_strong = "AI와 인공지능 이야기. 그는 시를 좋아하고 시가 삶이라 했다."  # no unambiguous 시+collocate
    assert repair_ocr(no_strong) == no_strong


def test_ocr_repair_on_and_off_in_the_tokenizer():
    text = "AI 연구와 인공지능 산업에서 경량 시 반도체 개발이 활발하다."
    assert "AI 반도체" in KiwiTokenizer()(text)
    off = KiwiTokenizer(ocr_repair=False)(text)
    assert "AI 반도체" not in off and "반도체" in off


def test_ocr_repair_on_the_seed_magazine(seed_corpus):
    mag = seed_corpus.frame
    light = mag[mag["title"].str.contains("경량 인공지능 반도체")].iloc[0]["text"]
    assert "경량 시 반도체" in light
    fixed = repair_ocr(light)
    assert "경량 시 반도체" not in fixed and "경량 AI 반도체" in fixed
    digest = mag[mag["title"].str.contains("컨소시엄")].iloc[0]["text"]
    assert "시 쓰기" in repair_ocr(digest)  # writing poems stays poems


def test_fingerprint_tracks_configuration(tok):
    assert tok.fingerprint == KiwiTokenizer().fingerprint
    assert KiwiTokenizer(num_workers=1).fingerprint == tok.fingerprint
    assert KiwiTokenizer(extra_stopwords=["칩"]).fingerprint != tok.fingerprint
    assert KiwiTokenizer(ocr_repair=False).fingerprint != tok.fingerprint


def test_product_codes_and_latin_hangul_words_stay_whole():
    tok = KiwiTokenizer()
    out = tok("삼성전자 D램과 HBM3E, LPDDR5X 수요가 늘었다. 엔비디아 GB200과 H100.")
    assert {"D램", "HBM3E", "LPDDR5X", "GB200", "H100"} <= set(out)
    assert "램" not in out and "HBM" not in out
    assert tok("16GB 메모리와 5G 통신") == ["GB", "메모리", "통신"]  # quantities are not product names
