"""The tokenize stage: a corpus' tokens as a value of their own.

:func:`tokenize` runs the tokenizer once over a corpus (through the on-disk cache) and returns
:class:`Tokens`: for every article, in corpus order, the tokens of its text and of its title,
with the tokenizer that made them. Every later stage takes this value explicitly: the topic
model (``TopicModel.fit(corpus, tokens=...)``), the themes (``assign_themes(..., tokens=...)``),
the dynamic terms, the plots and the evaluation. Nothing re-tokenizes, and a model loaded from
disk needs no tokens of its own.

``Tokens`` behaves like the list of the texts' token lists (``len``, indexing, iteration), so
code that takes ``list[list[str]]`` takes it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .errors import InputError
from .tokenize import KiwiTokenizer

__all__ = ["Tokens", "tokenize_corpus", "with_titles"]


@dataclass(frozen=True)
class Tokens:
    """Tokens of a corpus, aligned with ``corpus.frame``.

    Attributes
    ----------
    doc_ids : tuple of str
        The articles, in corpus order.
    text : list of list of str
        Tokens of each article's text.
    title : list of list of str
        Tokens of each article's title (empty when it has none).
    tokenizer : KiwiTokenizer
        The tokenizer that made them (its ``fingerprint`` identifies the configuration).
    """

    doc_ids: tuple
    text: list
    title: list
    tokenizer: KiwiTokenizer

    def __post_init__(self):
        n = len(self.doc_ids)
        if len(self.text) != n or len(self.title) != n:
            raise InputError(
                f"Tokens needs one text and one title token list per article: {n} ids, "
                f"{len(self.text)} texts, {len(self.title)} titles."
            )

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, i):
        return self.text[i]

    def __iter__(self) -> Iterator[list[str]]:
        return iter(self.text)

    def __repr__(self) -> str:
        n = sum(len(t) for t in self.text)
        return f"Tokens({len(self)} articles, {n} tokens, tokenizer {self.tokenizer.fingerprint})"

    def check(self, corpus) -> Tokens:
        """Raise :class:`~trendlab.errors.InputError` unless these are the tokens of ``corpus``."""
        if list(self.doc_ids) != list(corpus.doc_ids):
            raise InputError(
                "these tokens belong to another corpus (the doc_ids differ); "
                "make them with tl.tokenize_corpus(corpus) for this corpus."
            )
        return self


def tokenize_corpus(corpus, tokenizer: KiwiTokenizer | None = None, *, cache=True, progress: bool = False) -> Tokens:
    """Tokenize a corpus' texts and titles once.

    Parameters
    ----------
    corpus : Corpus
    tokenizer : KiwiTokenizer, optional
        Default ``KiwiTokenizer()``.
    cache : bool, path or TokenCache, default True
        The on-disk token cache: cached texts are read, not tokenized again.
    progress : bool, default False

    Returns
    -------
    Tokens

    Examples
    --------
    >>> tokens = tl.tokenize_corpus(corpus)                         # doctest: +SKIP
    >>> model = tl.TopicModel("nmf").fit(corpus, tokens=tokens)  # doctest: +SKIP
    >>> assigned = tl.assign_themes(corpus, model=model, tokens=tokens)  # doctest: +SKIP
    """
    tok = tokenizer if tokenizer is not None else KiwiTokenizer()
    text = tok.tokenize_many(corpus.frame["text"].tolist(), cache=cache, progress=progress)
    return with_titles(corpus, text, tok, cache=cache)


def with_titles(corpus, text: list[list[str]], tokenizer: KiwiTokenizer, *, cache=True) -> Tokens:
    """:class:`Tokens` from the texts' token lists, the titles tokenized here."""
    frame = corpus.frame
    if len(text) != len(frame):
        raise InputError(f"tokens has {len(text)} entries for {len(frame)} articles; they must align.")
    titles = frame["title"].fillna("").astype(str).tolist() if "title" in frame else [""] * len(frame)
    # a title made from the text's first line (a table without titles, a document without a
    # heading) is already the lead: it gets no title tokens, so it is not counted twice
    made_up = [_is_lead(t, x) for t, x in zip(titles, frame["text"].fillna("").astype(str))]
    title = tokenizer.tokenize_many(["" if m else t for t, m in zip(titles, made_up)], cache=cache)
    return Tokens(tuple(corpus.doc_ids), list(text), title, tokenizer)


def _is_lead(title: str, text: str) -> bool:
    """Whether the title is the start of the text (whitespace aside)."""
    t = " ".join(title.split())
    return bool(t) and " ".join(text[: len(title) + 200].split()).startswith(t)
