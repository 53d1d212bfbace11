"""From Kiwi's morphemes to kept tokens: glue, merge, fold, map and filter.

Kiwi analyses text into morphemes. What a topic model and a theme need are words: the
morphemes of one written word that belong together are rejoined (:func:`glue` by shape,
:meth:`PostProcessor.merge` by grammar and dictionary), and the result is case-folded, mapped to
synonyms and filtered (:meth:`PostProcessor.filter`). This runs once per text on every
morpheme, so the loops keep to local variables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["glue", "PostProcessor", "NOUN_TAGS"]

NOUN_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "SL", "SH", "XR"})
_NUMBER = re.compile(r"^[\d.,%]+$")


class _Glued(NamedTuple):
    """A token made of several adjacent Kiwi tokens (same fields as kiwipiepy's Token)."""

    form: str
    tag: str
    start: int
    len: int


def _flush(run: list):
    if len(run) == 1:
        yield run[0]
    elif run:
        first, last = run[0], run[-1]
        yield _Glued("".join(t.form for t in run), "SL", first.start, last.start + last.len - first.start)
    run.clear()


def _letter_onto_hangul(run: list, t) -> bool:
    return (
        len(run) == 1
        and t.tag in ("NNG", "NNP")
        and len(run[0].form) == 1
        and run[0].form.isupper()
        and "\uac00" <= t.form[:1] <= "\ud7a3"
    )


def glue(tokens):
    """Rejoin what Kiwi splits inside one written word, by shape, never per word.

    * A run of Latin letters and digits written without a space that starts with a
      letter is one model or product name: HBM3E, LPDDR5X, GB200, H100 (Kiwi gives
      HBM + 3 + E, and the digits were dropped, so HBM3E and HBM looked the same).
    * A single capital Latin letter written onto a Hangul noun forms one word with it:
      D램 (Kiwi gives D + 램, and the lone letter was dropped, leaving "램").
    """
    run: list = []  # adjacent SL/SN tokens, the first of them SL
    for t in tokens:
        tag = t.tag
        adjacent = bool(run) and run[-1].start + run[-1].len == t.start
        if tag == "SL" or (tag == "SN" and adjacent):
            if not adjacent:
                yield from _flush(run)
            run.append(t)
            continue
        if adjacent and _letter_onto_hangul(run, t):
            yield _Glued(run[0].form + t.form, "NNP", run[0].start, t.start + t.len - run[0].start)
            run.clear()
            continue
        yield from _flush(run)
        yield t
    yield from _flush(run)


@dataclass(frozen=True)
class PostProcessor:
    """The post-processing of one tokenizer configuration (see the module notes).

    Parameters
    ----------
    keep : frozenset of str
        Kiwi tags to keep.
    synonyms : dict
        Variant -> canonical form, applied to tokens and to the words of multi-word tokens.
    stopwords : frozenset of str
    compounds : dict
        Dictionary words without their spaces -> the dictionary form (인공지능 반도체).
    fold : callable
        Latin case folding.
    english : frozenset of str
        English function words to drop.
    lemmas : bool
        Keep verb and adjective lemmas.
    min_len : int
    drop_numbers : bool
    """

    keep: frozenset
    synonyms: dict
    stopwords: frozenset
    compounds: dict
    fold: Callable[[str], str]
    english: frozenset
    lemmas: bool
    min_len: int
    drop_numbers: bool

    def __call__(self, tokens) -> list[str]:
        """Kiwi tokens of one text -> kept strings."""
        return self.filter(self.merge(glue(tokens)))

    def merge(self, tokens) -> list[str]:  # noqa: C901, PLR0912 - the hot loop, kept flat
        """Keep the selected tags; attach noun suffixes (생성+형) and prefixes; join dictionary
        compounds that Kiwi split (인공+지능); add lemmas; fold Latin case."""
        keep, compounds, fold, eng, lemmas = self.keep, self.compounds, self.fold, self.english, self.lemmas
        out: list[str] = []
        prev_i, prev_end, prev_noun = -1, -1, False  # last kept noun: index in out, end offset, is noun
        prefix, prefix_end = None, -1
        for t in tokens:
            tag = t.tag
            if "-" in tag:  # irregular conjugation marks: VV-R, VA-I
                tag = tag.split("-", 1)[0]
            if tag not in keep:
                if tag == "XSN":
                    form = t.form
                    if form == "들":  # plural suffix: 기업들 -> 기업
                        continue
                    if prev_i >= 0 and prev_noun and prev_end == t.start:
                        out[prev_i] += form  # 생성 + 형 -> 생성형
                        prev_end = t.start + t.len
                        continue
                elif tag == "XPN":
                    prefix, prefix_end = t.form, t.start + t.len
                    continue
                elif lemmas and tag in ("VV", "VA"):
                    out.append(t.form + "다")
                    prev_i = -1
                    continue
                else:
                    prev_i = -1
                    prefix = None
                    continue
            form, start = t.form, t.start
            if prefix is not None and prefix_end == start:
                form = prefix + form
            prefix = None
            if tag == "SL":
                if form.lower() in eng and not (form.isupper() and len(form) <= 3):
                    prev_i = -1  # an English function word ("the", "of"), not an acronym such as IT
                    continue
                form = fold(form)
            elif " " in form:
                form = fold(form) if form.isascii() else " ".join(fold(w) for w in form.split(" "))
            if prev_i >= 0 and prev_end == start:
                joined = compounds.get(out[prev_i] + form)
                if joined:  # 인공 + 지능 -> 인공지능, when the dictionary knows the compound
                    out[prev_i] = joined
                    prev_end = start + t.len
                    continue
            out.append(form)
            prev_i, prev_end, prev_noun = len(out) - 1, start + t.len, tag in NOUN_TAGS
        return out

    def filter(self, forms: list[str]) -> list[str]:
        """Map synonyms (inside multi-word tokens too); drop stopwords, short tokens, numbers
        and lone Latin letters."""
        syn, stop, min_len, drop_numbers = self.synonyms, self.stopwords, self.min_len, self.drop_numbers
        result = []
        for form in forms:
            form = syn.get(form, form)
            if " " in form:
                form = " ".join(syn.get(w, w) for w in form.split(" "))
                form = syn.get(form, form)
            if (
                len(form) < min_len
                or form in stop
                or (drop_numbers and _NUMBER.match(form))
                or (len(form) == 1 and form.isascii() and form.isalpha())  # lone Latin letters
            ):
                continue
            result.append(form)
        return result
