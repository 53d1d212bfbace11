"""Text that is mostly not Korean: detecting it, and a script-aware word tokenizer for it."""

from __future__ import annotations

import functools
import re

__all__ = ["unicode_tokenize", "english_stopwords", "is_foreign"]

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_SPACELESS = "\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f"  # Kana, Han, Thai: written without spaces


def unicode_tokenize(text: str, *, min_len: int = 2, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Script-aware fallback tokenizer for text that is mostly not Korean.

    Words of scripts written with spaces are split on word boundaries and
    lower-cased; Han, Kana and Thai runs, written without spaces, become
    overlapping character bigrams.

    >>> unicode_tokenize("The NPU market grows; 人工智能芯片")
    ['the', 'npu', 'market', 'grows', '人工', '工智', '智能', '能芯', '芯片']
    """
    out = []
    for word in re.findall(r"\w+", text):
        if word.isdigit():
            continue
        for run in re.findall(rf"[{_SPACELESS}]+|[^{_SPACELESS}]+", word):
            if re.match(rf"[{_SPACELESS}]", run):
                out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
            else:
                w = run.lower()
                if len(w) >= min_len and w not in stopwords and not w.isdigit():
                    out.append(w)
    return out


@functools.lru_cache(maxsize=1)
def english_stopwords() -> frozenset[str]:
    """scikit-learn's English stopwords (function words such as "the", "of")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def is_foreign(text: str, fallback: str, korean_threshold: float) -> bool:
    """Whether ``text`` goes to :func:`unicode_tokenize` rather than Kiwi."""
    if fallback == "unicode":
        return True
    if fallback == "kiwi":
        return False
    sample = text[:1000]
    hangul = len(_HANGUL.findall(sample))
    if hangul > 0.5 * len(sample):  # the common case, decided without counting letters
        return False
    letters = len(_LETTER.findall(sample))
    return letters > 0 and hangul / letters < korean_threshold
