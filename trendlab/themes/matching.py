"""Counting a theme's evidence in an article: term hits by position, context, near misses.

Where a term stands matters. A concept in the headline or the lead is what the article is
about; the same word once in the tenth paragraph is a passing mention. Every group of terms is
therefore counted in three places, and weighed:

``weighted = body hits + (lead_weight - 1) * lead hits + title_weight * title hits``

where the lead is the first ``lead_tokens`` tokens of the text (the body hits include it).
Densities are weighted hits per 100 text tokens.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .definitions import ThemeSet

__all__ = ["Matcher", "Positions", "ThemeEvidence", "measure"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Positions:
    """How much a hit weighs by where it stands.

    Parameters
    ----------
    title_weight : float, default 3.0
        Weight of a hit in the title (on top of nothing: titles are not in the text).
    lead_weight : float, default 2.0
        Weight of a hit in the lead (the body hit included).
    lead_tokens : int, default 60
        Length of the lead, in tokens (about the first two or three sentences).
    """

    title_weight: float = 3.0
    lead_weight: float = 2.0
    lead_tokens: int = 60


class Matcher:
    """Counts weighted term hits in token lists; multi-token terms match as sequences."""

    def __init__(self, terms: dict[str, float], tokenized: dict[str, list[str]]):
        self.single: dict[str, tuple[float, str]] = {}
        self.multi: list[tuple[tuple[str, ...], float]] = []
        for term, w in terms.items():
            toks = tuple(tokenized[term])
            if not toks:
                continue
            if len(toks) == 1:
                prev = self.single.get(toks[0])
                if prev is None or prev[0] < w:
                    self.single[toks[0]] = (w, term)
            else:
                self.multi.append((toks, w))

    def hits(self, tokens: list[str], counts: Counter, *, parts: bool = False) -> tuple[float, Counter]:
        """Weighted hits and the matched terms. With ``parts``, a multi-word token counts
        for each of its words that is a term ("AI 반도체" is a hit for the term "AI")."""
        found: Counter = Counter()
        total = 0.0
        for tok, (w, _term) in self.single.items():
            c = counts.get(tok, 0)
            if c:
                found[tok] += c
                total += w * c
        if parts:
            for tok, c in counts.items():
                if " " in tok and tok not in self.single:
                    w = max((self.single[p][0] for p in tok.split(" ") if p in self.single), default=0.0)
                    if w:
                        found[tok] += c
                        total += w * c
        for seq, w in self.multi:
            if not all(t in counts for t in seq):
                continue  # cheap: most articles lack one of the words
            n = len(seq)
            c = sum(1 for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) == seq)
            if c:
                found[" ".join(seq)] += c
                total += w * c
        return total, found


class _Doc:
    """One article's tokens in its three places, with their counts computed once."""

    __slots__ = ("places", "n")

    def __init__(self, tokens: list[str], title_tokens: list[str], lead_tokens: int):
        lead = tokens[:lead_tokens]
        self.places = [(p, Counter(p)) for p in (tokens, lead, title_tokens)]
        self.n = len(tokens)


def _weighted(m: Matcher, doc: _Doc, pos: Positions, *, parts: bool) -> tuple[float, tuple, Counter]:
    """(position-weighted hits, (text, lead, title) hits, matched terms in text and title)."""
    (b, bf), (lead, _), (t, tf) = (m.hits(p, c, parts=parts) for p, c in doc.places)
    weighted = b + (pos.lead_weight - 1.0) * lead + pos.title_weight * t
    return weighted, (b, lead, t), bf + tf


@dataclass
class ThemeEvidence:
    """Per-article evidence for every theme and group, as arrays aligned with the corpus.

    Attributes
    ----------
    n_tokens : ndarray
        Text tokens per article.
    hits : dict of theme -> ndarray
        Plain weighted term hits (core terms count 3) in text and title.
    score : dict of theme -> ndarray
        Position-weighted theme hits per 100 text tokens.
    title_hits : dict of theme -> ndarray
        Weighted theme hits in the title alone.
    lead_hits : dict of theme -> ndarray
        Weighted theme hits in the lead alone.
    context : dict of group -> ndarray
        Position-weighted context hits per 100 text tokens.
    near : dict of group -> ndarray
        Position-weighted near-miss hits per 100 text tokens.
    found : list of dict of theme -> Counter
        The matched theme terms of each article (for the evidence text).
    """

    n_tokens: np.ndarray
    hits: dict
    score: dict
    title_hits: dict
    lead_hits: dict
    context: dict
    near: dict
    found: list

    def focus(self, themes: ThemeSet, name: str) -> np.ndarray:
        """Share of a theme's weighted evidence among it and its near misses, in [0, 1]."""
        groups = themes[name].near_misses
        near = sum((self.near[g] for g in groups), np.zeros_like(self.score[name]))
        s = self.score[name]
        return np.divide(s, s + near, out=np.zeros_like(s), where=(s + near) > 0)


def build_matchers(themes: ThemeSet, tokenizer, cache=None) -> dict[str, dict[str, Matcher]]:
    """Every term of every theme and group tokenized once, in one batch (and from the token
    cache when ``cache`` is given, so that a warm run does not start Kiwi at all)."""
    groups = {
        "theme": {t.name: t.terms() for t in themes},
        "context": {k: dict.fromkeys(v, 1.0) for k, v in themes.context.items()},
        "near": {k: dict.fromkeys(v, 1.0) for k, v in themes.near_misses.items()},
    }
    terms = sorted({term for kind in groups.values() for d in kind.values() for term in d})
    tokenized = dict(zip(terms, tokenizer.tokenize_many(terms, cache=cache)))
    _warn_generic(groups, tokenized)
    return {kind: {k: Matcher(d, tokenized) for k, d in g.items()} for kind, g in groups.items()}


def _warn_generic(groups: dict, tokenized: dict[str, list[str]]) -> None:
    """Warn about theme terms the tokenizer reads as nothing but a context word: "K-AI" read as
    "AI" would make every article that mentions AI a hit for the theme."""
    context = {toks[0] for d in groups["context"].values() for term in d if len(toks := tokenized[term]) == 1}
    for theme, terms in groups["theme"].items():
        own = {term.lower() for term in terms}  # a term read as another term of the theme changes nothing
        for term in terms:
            toks = tokenized[term]
            if len(toks) == 1 and toks[0] in context and toks[0].lower() not in own:
                log.warning(
                    "theme %s: term %r is read as %r, a context word, so every article that says %r counts "
                    "as a hit. Add the term to the tokenizer's user dictionary (user_words=) or write it as "
                    "the articles do.",
                    theme,
                    term,
                    toks[0],
                    toks[0],
                )


def measure(
    themes: ThemeSet,
    matchers: dict,
    tokens: list[list[str]],
    title_tokens: list[list[str]],
    positions: Positions = Positions(),
) -> ThemeEvidence:
    """Count every theme's, context group's and near-miss group's evidence in every article."""
    n_docs = len(tokens)
    names = themes.names
    hits = {k: np.zeros(n_docs) for k in names}
    score = {k: np.zeros(n_docs) for k in names}
    title_hits = {k: np.zeros(n_docs) for k in names}
    lead_hits = {k: np.zeros(n_docs) for k in names}
    context = {k: np.zeros(n_docs) for k in matchers["context"]}
    near = {k: np.zeros(n_docs) for k in matchers["near"]}
    found: list[dict] = []
    n_tokens = np.array([len(t) for t in tokens], dtype=float)
    for i, (toks, ttoks) in enumerate(zip(tokens, title_tokens)):
        doc = _Doc(toks, ttoks, positions.lead_tokens)
        per100 = 100.0 / max(doc.n, 1)
        f = {}
        for name, m in matchers["theme"].items():
            w, (b, lead, t), terms = _weighted(m, doc, positions, parts=False)
            hits[name][i], score[name][i], f[name] = b + t, w * per100, terms
            lead_hits[name][i], title_hits[name][i] = lead, t
        for kind, out in (("context", context), ("near", near)):
            for name, m in matchers[kind].items():
                out[name][i] = _weighted(m, doc, positions, parts=True)[0] * per100
        found.append(f)
    return ThemeEvidence(n_tokens, hits, score, title_hits, lead_hits, context, near, found)
