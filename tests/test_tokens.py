"""The tokenize stage: Tokens made once and passed to every later stage."""

import pytest

import trendlab as tl
from trendlab.errors import ConfigError, InputError


def test_tokens_align_with_the_corpus_and_behave_like_token_lists(seed_corpus):
    tokens = tl.tokenize_corpus(seed_corpus)
    assert len(tokens) == len(seed_corpus) == len(tokens.title)
    assert list(tokens.doc_ids) == seed_corpus.doc_ids
    assert tokens[0] == tokens.text[0] and list(tokens)[1] == tokens.text[1]
    assert "Tokens(" in repr(tokens)
    other = seed_corpus.subset([i % 2 == 0 for i in range(len(seed_corpus))])
    with pytest.raises(InputError, match="another corpus"):
        tokens.check(other)


def test_stages_take_the_tokens_and_nothing_is_tokenized_again(seed_corpus, monkeypatch, tmp_path):
    tok = tl.KiwiTokenizer()
    tokens = tl.tokenize_corpus(seed_corpus, tok)
    model = tl.TopicModel("nmf", random_state=0).fit(seed_corpus, tokens=tokens)
    assert model.tokenizer_ is tok
    seen = []
    orig = tok.tokenize_many  # every way to tokenize, cached or not, goes through tokenize_many
    monkeypatch.setattr(tok, "tokenize_many", lambda texts, **kw: seen.extend(texts) or orig(texts, **kw))
    a = tl.assign_themes(seed_corpus, model=model, tokens=tokens, method="learned")
    d = tl.dynamic_terms(a, tokens)
    assert not set(seen) & set(seed_corpus.texts) and len(d)
    # a model loaded from disk has no tokens of its own and needs none: its topics come from the tokens
    model.save(tmp_path / "m")
    loaded = tl.TopicModel.load(tmp_path / "m")
    monkeypatch.setattr(loaded.tokenizer_, "tokenize_many", lambda texts, **kw: seen.extend(texts) or orig(texts, **kw))
    b = tl.assign_themes(seed_corpus, model=loaded, tokens=tokens, method="learned")
    assert not set(seen) & set(seed_corpus.texts)
    assert b["topic"].tolist() == a["topic"].tolist() and b["theme"].tolist() == a["theme"].tolist()


def test_tokens_of_another_tokenizer_are_refused_by_a_model_with_its_own(seed_corpus):
    tokens = tl.tokenize_corpus(seed_corpus, tl.KiwiTokenizer(min_len=2))
    with pytest.raises(ConfigError, match="another tokenizer"):
        tl.TopicModel("nmf", tokenizer=tl.KiwiTokenizer()).fit(seed_corpus, tokens=tokens)
