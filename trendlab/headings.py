"""Heading-structured documents: cutting a document with markdown ``#`` headings into articles.

Cover, contents page and masthead are recognised and excluded. When the document
has a contents page that names its headings, headings that match its entries start
articles; otherwise a heading starts a new article when its level is at or above the
level of the current article's heading, so lower-level headings stay together as
sections. Groups with too little prose are merged into the next article, or excluded
when they hold no prose at all.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from .boilerplate import MASTHEAD_WORDS
from .parts import Segment
from .textlines import clean_lines, clean_md, norm, sentences, substantial, title_of

__all__ = ["Block", "blocks", "split_headings"]

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_TOC_TITLE = re.compile(r"^(contents|table of contents|목차|차례|차\s*례)$", re.I)

Matcher = Callable[[str], bool]


@dataclass
class Block:
    """A heading and the lines under it, up to the next heading.

    Attributes
    ----------
    level : int
        The heading level (number of ``#``), 0 for text before the first heading.
    title : str
        The cleaned heading text ("" for a running head folded into an article).
    start : int
        0-based line of the heading.
    lines : list of str
        The raw lines under the heading.
    """

    level: int
    title: str
    start: int
    lines: list[str]


@dataclass
class _Rules:
    """How blocks are grouped: the granularity, the prose threshold and the contents-page matcher."""

    granularity: str
    min_chars: int
    matches: Matcher | None


def blocks(lines: list[str]) -> list[Block]:
    """The document cut at its headings (text before the first heading is dropped when blank)."""
    out = [Block(0, "", 0, [])]
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m:
            out.append(Block(len(m.group(1)), clean_md(m.group(2)).strip(), i, []))
        else:
            out[-1].lines.append(line)
    if not out[0].lines or not "".join(out[0].lines).strip():
        out.pop(0)
    return out


def _toc_matcher(toc_text: str) -> Matcher:
    """A test of whether a heading is named in the contents page ``toc_text``, tolerant of OCR."""
    compact = norm(toc_text)

    def matches(title: str) -> bool:
        t = norm(title)
        if len(t) < 6:
            return False
        if t in compact:
            return True
        # OCR and line wrapping differ between the contents page and the heading:
        # compare with every window of the contents text anchored on a shared trigram.
        starts = set()
        for o in range(0, len(t) - 2):
            p = compact.find(t[o : o + 3])
            while p != -1:
                starts.add(max(0, p - o))
                p = compact.find(t[o : o + 3], p + 1)

        def covered(st: int) -> float:
            sm = difflib.SequenceMatcher(None, t, compact[st : st + len(t) + 4], autojunk=False)
            return sum(b.size for b in sm.get_matching_blocks()) / len(t)

        return any(covered(st) >= 0.8 for st in starts)

    return matches


def _excluded(reason: str, lines: list[str], start: int) -> Segment:
    title, _ = title_of(lines)
    return Segment(title or reason, "\n".join(x for x in lines if x.strip()), False, reason, start)


def _front_matter(blks: list[Block], out: list[Segment]) -> tuple[int, Matcher | None]:
    """Exclude the contents page and the cover before it.

    Returns the index of the first block after the contents page (0 without one),
    and the contents-page matcher when the page names at least two later headings.
    """
    toc_idx = next((k for k, b in enumerate(blks) if _TOC_TITLE.match(b.title)), None)
    if toc_idx is None or toc_idx > max(3, len(blks) // 5):
        return 0, None
    toc_level = blks[toc_idx].level
    end = toc_idx + 1
    while end < len(blks) and blks[end].level > toc_level:
        end += 1
    toc_lines = [ln for b in blks[toc_idx:end] for ln in [b.title, *b.lines]]
    matches = _toc_matcher(" ".join(toc_lines))
    if toc_idx > 0:
        cover = [ln for b in blks[:toc_idx] for ln in [b.title, *b.lines]]
        out.append(_excluded("cover", cover, blks[0].start))
    out.append(_excluded("contents page", toc_lines, blks[toc_idx].start))
    if sum(matches(b.title) for b in blks[end:]) < 2:
        return end, None  # a contents page that names no heading is no guide
    return end, matches


def _starts_article(b: Block, cur: list[Block] | None, seen: set[str], rules: _Rules) -> tuple[bool, Block]:
    """Whether block ``b`` starts a new group after group ``cur``, and the block to add.

    A heading already seen (a running head) is folded into the current article untitled.
    """
    key = norm(b.title)
    if cur is None:
        return True, b
    if not substantial([ln for x in cur for ln in x.lines], rules.min_chars):
        return False, b  # kicker or title page: the article has not begun yet
    if key in seen and rules.granularity == "article":
        return False, Block(b.level, "", b.start, b.lines)  # running head
    if rules.granularity == "section":
        return True, b
    if rules.matches is not None:
        return (b.level == 1 or rules.matches(b.title)) and key not in norm(cur[0].title), b
    return b.level <= cur[0].level, b


def _group_blocks(blks: list[Block], rules: _Rules, out: list[Segment]) -> list[list[Block]]:
    """Group blocks into articles (or sections); mastheads are excluded and close a group."""
    groups: list[list[Block]] = []
    seen: set[str] = set()
    for b in blks:
        if len(MASTHEAD_WORDS.findall("\n".join(b.lines))) >= 3:
            out.append(_excluded("masthead", [b.title, *b.lines], b.start))
            groups.append([])  # a masthead closes the article before it
            continue
        cur = groups[-1] if groups and groups[-1] else None
        key = norm(b.title)
        new, b = _starts_article(b, cur, seen, rules)
        seen.add(key)
        if new:
            groups.append([b])
        else:
            cur.append(b)
    return groups


def title_block(group: list[Block], min_chars: int, matches: Matcher | None = None) -> Block:
    """The headline of a group of heading blocks.

    It is the heading of the first block with a body of substance, unless a
    higher-level heading stands before it: one that the contents page names, or,
    without a contents page, one that reads like a headline rather than a
    kicker (over 12 characters, not all capitals).
    """
    lead: list[Block] = []
    sub = None
    for b in group:
        if b.title:
            lead.append(b)
        if substantial(b.lines, min_chars):
            sub = b if b.title else None
            break
    if not lead:
        return group[0]
    if sub is None:
        named = [b for b in lead if matches is not None and matches(b.title)]
        return max(named or lead, key=lambda b: len(b.title))

    def headline_like(b: Block) -> bool:
        if matches is not None and matches(b.title):
            return True
        return b is lead[0] and len(b.title) > 12 and not b.title.isupper()

    cands = [b for b in lead if b is not sub and b.level <= sub.level and headline_like(b)] + [sub]
    named = [b for b in cands if matches is not None and matches(b.title)]
    return max(named or cands[:1], key=lambda b: len(b.title))


def _group_segment(group: list[Block], head: Block, parent: str, granularity: str) -> tuple[Segment, list[str]]:
    """The segment of a group headed by ``head``, and its cleaned body lines."""
    notes: list[str] = []
    body: list[str] = []
    for b in group:
        if b is not head and b.title:
            body += ["", b.title]
        body += b.lines
    body = clean_lines(body, notes)
    title = head.title
    if granularity == "section" and parent != head.title:
        title = f"{parent} › {head.title}"
    seg = Segment(title, "\n".join(body).strip(), start_line=group[0].start, notes=notes)
    seg.article = parent if granularity == "section" else head.title
    return seg, body


def _absorb_pending(seg: Segment, pending: list[Segment], out: list[Segment]) -> None:
    """Prepend the short fragments before ``seg`` to its text, and record them as merged."""
    seg.text = "\n\n".join([*(p.title + "\n" + p.text for p in pending), seg.text]).strip()
    seg.notes.append("merged short fragments: " + "; ".join(repr(p.title) for p in pending))
    for p in pending:
        out.append(Segment(p.title, p.text, False, f"merged into {seg.title!r}", p.start_line))


def _group_segments(groups: list[list[Block]], rules: _Rules, out: list[Segment]) -> None:
    """Turn groups into segments; merge or exclude fragments without enough prose."""
    pending: list[Segment] = []
    parent = ""
    for g in (g for g in groups if g):
        head = title_block(g, rules.min_chars, rules.matches)
        if rules.granularity == "section":
            parent = head.title if (head.level <= 1 or not parent) else parent
        seg, body = _group_segment(g, head, parent, rules.granularity)
        for b in g[: g.index(head)]:
            if b.title:  # a kicker or short part before the headline joins this article
                short = "\n".join(x for x in b.lines if x.strip())
                out.append(Segment(b.title, short, False, f"merged into {seg.title!r}", b.start))
        if not substantial(body, rules.min_chars):
            if sentences(seg.text) == 0:
                seg.kept, seg.reason = False, "page furniture (no prose)"
                out.append(seg)
            else:
                pending.append(seg)
            continue
        if pending:
            _absorb_pending(seg, pending, out)
            pending = []
        out.append(seg)
    for p in pending:
        p.kept = False
        p.reason = f"fragment with too little prose (< {rules.min_chars} characters or < 2 sentences)"
        out.append(p)


def split_headings(blks: list[Block], granularity: str, min_chars: int) -> list[Segment]:
    """Split a heading-structured document into articles (or sections).

    Parameters
    ----------
    blks : list of Block
        The document cut at its headings (see :func:`blocks`).
    granularity : {"article", "section"}
    min_chars : int
        Groups with less body text than this are merged into the next article,
        or excluded when they hold no prose.

    Returns
    -------
    list of Segment
        Every part, kept or excluded, sorted by starting line.
    """
    out: list[Segment] = []
    first, matches = _front_matter(blks, out)
    rules = _Rules(granularity, min_chars, matches)
    groups = _group_blocks(blks[first:], rules, out)
    _group_segments(groups, rules, out)
    return sorted(out, key=lambda s: s.start_line)
