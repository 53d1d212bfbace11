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
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .boilerplate import MASTHEAD_WORDS, furniture_reason, is_footer_start, strip_inline_byline

__all__ = ["Segment", "segment_document", "GRANULARITIES"]

GRANULARITIES = ("article", "section")

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_TOC_TITLE = re.compile(r"^(contents|table of contents|목차|차례|차\s*례)$", re.I)
_MARKER = re.compile(r"^\s*[▲△]\s*")
_SENTENCE_END = re.compile(r"(다|요|음|함|임)\s*[.!?]?\s*[\"'”’]?\s*$|[.!?。]\s*[\"'”’]?\s*$")
_CREDIT = re.compile(r"REUTERS|\b(AFP|AP)\b|연합뉴스|뉴시스|게티|사진\s*=|제공\s*$|\bphoto\b|©|ⓒ", re.I)
_MD_NOISE = [
    (re.compile(r"<sup>.*?</sup>"), ""),
    (re.compile(r"<https?://[^>\s]+>"), ""),
    (re.compile(r"</?(?:li|ul|ol|p|b|i|u|em|strong|span|div|sub|br|font|table|tr|td|th)\b[^>]*>", re.I), " "),
    (re.compile(r"\\([_*\[\]()#>.-])"), r"\1"),
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\((https?://[^)]+)\)"), r"\1"),
]


@dataclass
class Segment:
    """A piece of a document: an article kept, or a part excluded with a reason.

    Attributes
    ----------
    title : str
        Headline, or ``"Article › Section"`` at ``granularity="section"``.
    text : str
        The cleaned body text.
    kept : bool
        True for an article, False for an excluded part.
    reason : str or None
        Why a part was excluded (``"contents page"``, ``"masthead"``...).
    start_line : int
        0-based line of the document where it starts.
    article : str
        The title of the article a section belongs to.
    notes : list of str
        What happened on the way: merges, dropped captions, cut footers.
    """

    title: str
    text: str
    kept: bool = True
    reason: str | None = None
    start_line: int = 0
    article: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class _Block:
    level: int
    title: str
    start: int
    lines: list[str]


def _clean_md(line: str) -> str:
    for pat, rep in _MD_NOISE:
        line = pat.sub(rep, line)
    return line.rstrip()


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", s).lower()


def _clean_lines(lines: list[str], notes: list[str] | None = None) -> list[str]:
    """Drop furniture lines and repeated lines; strip inline bylines."""
    out: list[str] = []
    dropped: dict[str, int] = {}
    prev = None
    for raw in lines:
        line = strip_inline_byline(_clean_md(raw)).strip()
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        reason = furniture_reason(line)
        if reason is None and _MARKER.match(line) and _is_caption(line):
            reason = "photo caption"
        if reason is not None:
            dropped[reason] = dropped.get(reason, 0) + 1
            continue
        if line == prev:
            dropped["repeated line"] = dropped.get("repeated line", 0) + 1
            continue
        prev = line
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    if notes is not None and dropped:
        notes.append("dropped " + ", ".join(f"{n} {r}" for r, n in sorted(dropped.items())))
    return out


def _is_caption(line: str) -> bool:
    text = _MARKER.sub("", line).strip()
    return (
        len(text) > 80
        or bool(_SENTENCE_END.search(text))
        or bool(_CREDIT.search(text))
        or bool(re.match(r"^(19|20)\d{2}\s*[년.\-/]", text))
    )


def _is_headline(lines: list[str], i: int) -> bool:
    """A marker line shaped like a headline and followed by body text."""
    text = _MARKER.sub("", lines[i]).strip()
    if not (4 <= len(text) <= 80) or _is_caption(lines[i]):
        return False
    for nxt in lines[i + 1 : i + 4]:
        if nxt.strip():
            return len(nxt.strip()) >= 40 and not _MARKER.match(nxt)
    return False


def _title_of(lines: list[str]) -> tuple[str, int]:
    """The first line that reads like a title, and its index."""
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or re.fullmatch(r"[\d\s.\-/:()년월일화수목금토월]+", s):
            continue
        s = re.sub(r"^[-•·*]\s*", "", s)
        return (s[:117] + "...") if len(s) > 120 else s, i
    return "", -1


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
    from .dates import find_dates

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
    notes: list[str] = []
    lines = _cut_footer(lines, notes)
    title, _ = _title_of([x for x in lines if furniture_reason(x) is None])
    body = _clean_lines(_strip_header(lines, title), notes)
    heads = [i for i in range(len(body)) if _MARKER.match(body[i]) and _is_headline(body, i)]
    pieces: list[tuple[str, list[str]]] = []
    start = 0
    current = title
    for h in heads:
        pieces.append((current, body[start:h]))
        current = _MARKER.sub("", body[h]).strip()
        start = h + 1
    pieces.append((current, body[start:]))
    segs = [Segment(t, "\n".join(b).strip(), start_line=0, article=t, notes=list(notes)) for t, b in pieces]
    if heads:
        for s in segs[1:]:
            s.notes.append("digest item (headline-shaped ▲ line)")
    return segs


def _blocks(lines: list[str]) -> list[_Block]:
    blocks = [_Block(0, "", 0, [])]
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m:
            blocks.append(_Block(len(m.group(1)), _clean_md(m.group(2)).strip(), i, []))
        else:
            blocks[-1].lines.append(line)
    if not blocks[0].lines or not "".join(blocks[0].lines).strip():
        blocks.pop(0)
    return blocks


def _toc_matcher(toc_text: str):
    compact = _norm(toc_text)

    def matches(title: str) -> bool:
        t = _norm(title)
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


def _split_headings(blocks: list[_Block], granularity: str, min_chars: int) -> list[Segment]:
    out: list[Segment] = []
    # 1. Contents page and everything before it (the cover).
    toc_idx = next((k for k, b in enumerate(blocks) if _TOC_TITLE.match(b.title)), None)
    matches = None
    first = 0
    if toc_idx is not None and toc_idx <= max(3, len(blocks) // 5):
        toc_level = blocks[toc_idx].level
        end = toc_idx + 1
        while end < len(blocks) and blocks[end].level > toc_level:
            end += 1
        toc_lines = [ln for b in blocks[toc_idx:end] for ln in [b.title, *b.lines]]
        matches = _toc_matcher(" ".join(toc_lines))
        if toc_idx > 0:
            cover = [ln for b in blocks[:toc_idx] for ln in [b.title, *b.lines]]
            out.append(_excluded("cover", cover, blocks[0].start))
        out.append(_excluded("contents page", toc_lines, blocks[toc_idx].start))
        first = end
        if sum(matches(b.title) for b in blocks[end:]) < 2:
            matches = None  # a contents page that names no heading is no guide
    # 2. Group blocks into articles (or sections).
    groups: list[list[_Block]] = []
    seen: set[str] = set()
    for b in blocks[first:]:
        if len(MASTHEAD_WORDS.findall("\n".join(b.lines))) >= 3:
            out.append(_excluded("masthead", [b.title, *b.lines], b.start))
            groups.append([])  # a masthead closes the article before it
            continue
        cur = groups[-1] if groups and groups[-1] else None
        key = _norm(b.title)
        if cur is None:
            new = True
        elif not _substantial([ln for x in cur for ln in x.lines], min_chars):
            new = False  # kicker or title page: the article has not begun yet
        elif key in seen and granularity == "article":
            new, b = False, _Block(b.level, "", b.start, b.lines)  # running head
        elif granularity == "section":
            new = True
        elif matches is not None:
            new = (b.level == 1 or matches(b.title)) and key not in _norm(cur[0].title)
        else:
            new = b.level <= cur[0].level
        seen.add(key)
        if new:
            groups.append([b])
        else:
            cur.append(b)
    # 3. Turn groups into segments; merge or exclude fragments without enough prose.
    pending: list[Segment] = []
    parent = ""
    for g in (g for g in groups if g):
        head = _title_block(g, min_chars, matches)
        if granularity == "section":
            parent = head.title if (head.level <= 1 or not parent) else parent
        notes: list[str] = []
        body: list[str] = []
        for b in g:
            if b is not head and b.title:
                body += ["", b.title]
            body += b.lines
        body = _clean_lines(body, notes)
        title = head.title
        if granularity == "section" and parent != head.title:
            title = f"{parent} › {head.title}"
        seg = Segment(title, "\n".join(body).strip(), start_line=g[0].start, notes=notes)
        seg.article = parent if granularity == "section" else head.title
        for b in g[: g.index(head)]:
            if b.title:  # a kicker or short part before the headline joins this article
                short = "\n".join(x for x in b.lines if x.strip())
                out.append(Segment(b.title, short, False, f"merged into {title!r}", b.start))
        if not _substantial(body, min_chars):
            if _sentences(seg.text) == 0:
                seg.kept, seg.reason = False, "page furniture (no prose)"
                out.append(seg)
            else:
                pending.append(seg)
            continue
        if pending:
            seg.text = "\n\n".join([*(p.title + "\n" + p.text for p in pending), seg.text]).strip()
            seg.notes.append("merged short fragments: " + "; ".join(repr(p.title) for p in pending))
            for p in pending:
                out.append(Segment(p.title, p.text, False, f"merged into {seg.title!r}", p.start_line))
            pending = []
        out.append(seg)
    for p in pending:
        p.kept = False
        p.reason = f"fragment with too little prose (< {min_chars} characters or < 2 sentences)"
        out.append(p)
    return sorted(out, key=lambda s: s.start_line)


_SENT = re.compile(r"(다|요|까|음|함|임)\s*[.?!]|[.?!]\s*[\"'”’)]?\s*$", re.M)


def _sentences(text: str) -> int:
    return len(_SENT.findall(text))


def _substantial(lines: list[str], min_chars: int) -> bool:
    text = "\n".join(x for x in lines if x.strip())
    return len(text) >= min_chars and _sentences(text) >= 2


def _title_block(group: list[_Block], min_chars: int, matches=None) -> _Block:
    """The headline of a group of heading blocks.

    It is the heading of the first block with a body of substance, unless a
    higher-level heading stands before it: one that the contents page names, or,
    without a contents page, one that reads like a headline rather than a
    kicker (over 12 characters, not all capitals).
    """
    lead: list[_Block] = []
    sub = None
    for b in group:
        if b.title:
            lead.append(b)
        if _substantial(b.lines, min_chars):
            sub = b if b.title else None
            break
    if not lead:
        return group[0]
    if sub is None:
        named = [b for b in lead if matches is not None and matches(b.title)]
        return max(named or lead, key=lambda b: len(b.title))

    def headline_like(b: _Block) -> bool:
        if matches is not None and matches(b.title):
            return True
        return b is lead[0] and len(b.title) > 12 and not b.title.isupper()

    cands = [b for b in lead if b is not sub and b.level <= sub.level and headline_like(b)] + [sub]
    named = [b for b in cands if matches is not None and matches(b.title)]
    return max(named or cands[:1], key=lambda b: len(b.title))


def _excluded(reason: str, lines: list[str], start: int) -> Segment:
    title, _ = _title_of(lines)
    return Segment(title or reason, "\n".join(x for x in lines if x.strip()), False, reason, start)


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
        from .errors import ConfigError

        raise ConfigError(f"granularity must be one of {GRANULARITIES}, got {granularity!r}")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = _blocks(lines)
    if sum(b.level > 0 for b in blocks) >= 2:
        segs = _split_headings(blocks, granularity, min_chars)
    else:
        segs = _split_plain(lines, min_chars)
        kept = [s for s in segs if s.kept]
        # a digest's lead shorter than min_chars joins the first item
        if len(kept) > 1 and len(kept[0].text) < min_chars:
            kept[1].text = kept[0].text + "\n\n" + kept[1].text
            kept[1].notes.append(f"merged short lead {kept[0].title!r}")
            kept[0].kept, kept[0].reason = False, f"merged into {kept[1].title!r}"
        elif len(kept) == 1 and not kept[0].text.strip():
            kept[0].kept, kept[0].reason = False, "no article text"
    return segs
