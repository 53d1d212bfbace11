"""Propose new words and phrases for the user dictionary, from the corpus itself.

Two sources, both offline:

* Kiwi's ``extract_words``: character sequences that behave like words (high
  branching entropy at both ends) but are not in Kiwi's dictionary;
* frequent noun n-grams from the tokenizer's own output, scored by normalised
  pointwise mutual information (for n words, ``log(p / prod p_i) / (-(n-1) log p)``,
  which lies in [-1, 1]), so that "경량 AI" + "반도체" style phrases surface.

Review the table, then pass the rows you accept to
``KiwiTokenizer(user_words=...)``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from .tokenize import KiwiTokenizer

__all__ = ["discover_terms", "is_dictionary_word"]

#: A dictionary-worthy word: Hangul or Latin letters (digits and hyphens inside), no punctuation,
#: not a number with a counter; sentence ends and bylines glued to a name by a missing space fail.
_WORD = re.compile(r"(?=.*[가-힣A-Za-z]{2})(?![0-9])[가-힣A-Za-z0-9]+(?:-[가-힣A-Za-z0-9]+)*")
#: Digits next to Hangul are amounts and counts (조3000억원, 3나노), not names; names carry Latin (HBM3E).
_AMOUNT = re.compile(r"[가-힣][0-9]|[0-9][가-힣]")


def is_dictionary_word(form: str) -> bool:
    """Whether a candidate from Kiwi's word extraction can be a dictionary entry.

    Kiwi proposes whatever recurs between spaces, so news text yields sentence ends glued to a
    name ("다.SK하이닉스"), bylines ("[서울=뉴시스]") and amounts ("조3000억원"). A word here is
    Hangul or Latin letters, digits only with Latin (HBM3E), hyphens only inside (RISC-V).

    >>> [is_dictionary_word(w) for w in ["블랙웰", "HBM3E", "RISC-V", "다.SK하이닉스", "조3000억원"]]
    [True, True, True, False, False]
    """
    return bool(_WORD.fullmatch(form)) and not _AMOUNT.search(form)


def discover_terms(
    texts: Sequence[str],
    tokenizer=None,
    *,
    min_count: int = 5,
    max_n: int = 3,
    top: int = 50,
    tokens: list[list[str]] | None = None,
) -> pd.DataFrame:
    """Candidate dictionary entries with scores, best first.

    Parameters
    ----------
    texts : sequence of str
    tokenizer : KiwiTokenizer, optional
        Used for the n-grams and to mark what it already keeps as one token;
        a default ``KiwiTokenizer()`` when None.
    min_count : int, default 5
        Least number of occurrences of a candidate.
    max_n : int, default 3
        Longest n-gram of tokens considered.
    top : int, default 50
        Rows returned per source.
    tokens : list of list of str, optional
        Tokens already made for ``texts`` (for example from the cache); avoids re-tokenizing.

    Returns
    -------
    pandas.DataFrame
        Columns ``term, source ("kiwi" | "ngram"), score, count, known`` where ``known``
        says whether the tokenizer already returns the term as one token.

    Examples
    --------
    >>> df = discover_terms(["뉴로모픽 반도체 개발"] * 10, min_count=5)  # doctest: +SKIP
    """

    tok = tokenizer if tokenizer is not None else KiwiTokenizer()
    texts = [t for t in texts if isinstance(t, str) and t.strip()]
    rows = []
    if texts:
        for form, score, freq, _pos in tok.kiwi.extract_words(
            texts, min_cnt=min_count, max_word_len=10, min_score=0.25
        ):
            if is_dictionary_word(form):
                rows.append({"term": form, "source": "kiwi", "score": float(score), "count": int(freq)})
    toks = tokens if tokens is not None else tok.tokenize_many(texts)
    uni = Counter(t for doc in toks for t in doc)
    total = max(1, sum(uni.values()))
    grams: Counter = Counter()
    for doc in toks:
        for n in range(2, max_n + 1):
            for i in range(len(doc) - n + 1):
                gram = tuple(doc[i : i + n])
                if len(set(gram)) == n:
                    grams[gram] += 1
    scored = []
    for gram, c in grams.items():
        if c < min_count:
            continue
        p = c / total
        indep = math.prod(uni[w] / total for w in gram)
        # normalised PMI of an n-gram: log(p / prod p_i) / (-(n - 1) log p), in [-1, 1]
        npmi = math.log(p / indep) / (-(len(gram) - 1) * math.log(p)) if p < 1 else 1.0
        scored.append({"term": " ".join(gram), "source": "ngram", "score": npmi, "count": c})
    scored.sort(key=lambda r: (-r["score"], -r["count"], r["term"]))
    rows = sorted(rows, key=lambda r: (-r["score"], r["term"]))[:top] + scored[:top]
    df = pd.DataFrame(rows, columns=["term", "source", "score", "count"])
    known = set(uni)
    df["known"] = df["term"].isin(known)
    return df.reset_index(drop=True)
