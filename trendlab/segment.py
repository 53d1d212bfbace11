"""Cut a compound document into articles.

Three shapes of input are handled, told apart by their structure, never by
their source:

* **Heading-structured documents** (markdown-style ``#`` headings, as in a
  magazine converted from PDF). Cover, contents page and masthead are
  recognised and excluded. When the document has a contents page, headings
  that match its entries start articles; otherwise a heading starts a new
  article when its level is at or above the level of the current article's
  heading, so lower-level headings stay together as sections.
* **Headline-marked digests**: a line opening with ``▲`` that is shaped like a
  headline (short, no sentence ending, followed by body text) starts a new
  article. A ``▲`` line shaped like a photo caption (a full sentence, a photo
  credit, a date) is a caption and is dropped from the text instead.
* **Single articles with page chrome**: a title, byline, body and footer.

Page furniture (see :mod:`trendlab.boilerplate`) is removed everywhere, and the
footer that closes a web article is cut. Fragments shorter than ``min_chars``
are merged into the next article, or excluded when they are only furniture;
both outcomes are reported.

This module holds the plain-text and digest splitting and the entry point;
heading-structured documents are split in :mod:`trendlab.headings`, the line
tools both share live in :mod:`trendlab.textlines`, and :class:`Segment` is
defined in :mod:`trendlab.parts`.
"""

from __future__ import annotations

import re

from .boilerplate import furniture_reason, is_footer_start
from .dates import find_dates
from .errors import ConfigError
from .headings import blocks, split_headings
from .parts import Segment
from .textlines import MARKER, clean_lines, is_caption, title_of

__all__ = ["Segment", "segment_document", "GRANULARITIES"]

GRANULARITIES = ("article", "section")


def _is_headline(lines: list[str], i: int) -> bool:
    """A marker line shaped like a headline and followed by body text."""
    text = MARKER.sub("", lines[i]).strip()
    if not (4 <= len(text) <= 80) or is_caption(lines[i]):
        return False
    for nxt in lines[i + 1 : i + 4]:
        if nxt.strip():
            return len(nxt.strip()) >= 40 and not MARKER.match(nxt)
    return False


def _strip_header(lines: list[str], title: str) -> list[str]:
    """Remove the title line(s) and standalone date or byline lines at the top."""
    out = []
    for k, line in enumerate(lines):
        s = re.sub(r"^[-•·*]\s*", "", line.strip())
        if k < 12 and s and (s == title or _is_date_or_byline(s)):
            continue
        out.append(line)
    return out


def _is_date_or_byline(s: str) -> bool:
    spans = find_dates(s)
    if not spans:
        return False
    covered = sum(m.end - m.start for m in spans)
    return len(s) <= 80 and (covered >= 0.4 * len(s) or bool(re.search(r"승인|입력|\d+\s*호", s)))


def _cut_footer(lines: list[str], notes: list[str]) -> list[str]:
    """Cut everything from the first footer line in the last half of a web article."""
    half = len(lines) // 2
    for i in range(half, len(lines)):
        if is_footer_start(lines[i]):
            if i < len(lines) - 1 or lines[i].strip():
                notes.append(f"cut footer of {len(lines) - i} lines")
            return lines[:i]
    return lines


def _split_plain(lines: list[str], min_chars: int) -> list[Segment]:
    """Split a document without headings: one article, or a digest cut at its ▲ headlines."""
    notes: list[str] = []
    lines = _cut_footer(lines, notes)
    title, _ = title_of([x for x in lines if furniture_reason(x) is None])
    body = clean_lines(_strip_header(lines, title), notes)
    heads = [i for i in range(len(body)) if MARKER.match(body[i]) and _is_headline(body, i)]
    pieces: list[tuple[str, list[str]]] = []
    start = 0
    current = title
    for h in heads:
        pieces.append((current, body[start:h]))
        current = MARKER.sub("", body[h]).strip()
        start = h + 1
    pieces.append((current, body[start:]))
    segs = [Segment(t, "\n".join(b).strip(), start_line=0, article=t, notes=list(notes)) for t, b in pieces]
    if heads:
        for s in segs[1:]:
            s.notes.append("digest item (headline-shaped ▲ line)")
    return segs


def _settle_plain(segs: list[Segment], min_chars: int) -> None:
    """Merge a digest's short lead into its first item; exclude a lone article without text."""
    kept = [s for s in segs if s.kept]
    # a digest's lead shorter than min_chars joins the first item
    if len(kept) > 1 and len(kept[0].text) < min_chars:
        kept[1].text = kept[0].text + "\n\n" + kept[1].text
        kept[1].notes.append(f"merged short lead {kept[0].title!r}")
        kept[0].kept, kept[0].reason = False, f"merged into {kept[1].title!r}"
    elif len(kept) == 1 and not kept[0].text.strip():
        kept[0].kept, kept[0].reason = False, "no article text"


def segment_document(text: str, *, granularity: str = "article", min_chars: int = 200) -> list[Segment]:
    """Split one document into articles, and account for what was left out.

    Parameters
    ----------
    text : str
        The decoded document.
    granularity : {"article", "section"}, default "article"
        ``"section"`` keeps each headed section as its own unit, titled
        ``"Article › Section"``.
    min_chars : int, default 200
        Fragments with less body text than this are merged into the next
        article, or excluded when they hold no prose.

    Returns
    -------
    list of Segment
        Every part of the document, kept or excluded, in document order.

    Examples
    --------
    >>> doc = "제목\\n\\n본문 " + "가" * 300 + "\\n\\n이 기사를 공유합니다"
    >>> [(s.title, s.kept) for s in segment_document(doc)]
    [('제목', True)]
    """
    if granularity not in GRANULARITIES:
        raise ConfigError(f"granularity must be one of {GRANULARITIES}, got {granularity!r}")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blks = blocks(lines)
    if sum(b.level > 0 for b in blks) >= 2:
        return split_headings(blks, granularity, min_chars)
    segs = _split_plain(lines, min_chars)
    _settle_plain(segs, min_chars)
    return segs
