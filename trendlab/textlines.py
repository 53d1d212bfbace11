"""Lines of a document: cleaning them of markup and page furniture, and reading their shape.

The segmenters (:mod:`trendlab.segment`, :mod:`trendlab.headings`) share these
line-level tools: removing markdown and HTML noise, dropping furniture lines,
photo captions and repeated lines, finding a title line, and counting sentences
to tell prose from fragments.
"""

from __future__ import annotations

import re

from .boilerplate import furniture_reason, strip_inline_byline

__all__ = ["MARKER", "clean_md", "norm", "clean_lines", "is_caption", "title_of", "sentences", "substantial"]

#: A ``▲``/``△`` marker opening a line (a digest headline or a photo caption).
MARKER = re.compile(r"^\s*[▲△]\s*")
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
_SENT = re.compile(r"(다|요|까|음|함|임)\s*[.?!]|[.?!]\s*[\"'”’)]?\s*$", re.M)


def clean_md(line: str) -> str:
    """The line without markdown/HTML noise (footnote marks, tags, escapes, bold, links), right-stripped."""
    for pat, rep in _MD_NOISE:
        line = pat.sub(rep, line)
    return line.rstrip()


def norm(s: str) -> str:
    """``s`` lower-cased with every non-word character and underscore removed (for comparing titles)."""
    return re.sub(r"[\W_]+", "", s).lower()


def clean_lines(lines: list[str], notes: list[str] | None = None) -> list[str]:
    """Drop furniture lines and repeated lines; strip inline bylines.

    Parameters
    ----------
    lines : list of str
    notes : list of str, optional
        Receives one note counting the dropped lines by reason.

    Returns
    -------
    list of str
        The cleaned lines, with runs of blank lines collapsed and trailing blanks removed.
    """
    out: list[str] = []
    dropped: dict[str, int] = {}
    prev = None
    for raw in lines:
        line = strip_inline_byline(clean_md(raw)).strip()
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        reason = furniture_reason(line)
        if reason is None and MARKER.match(line) and is_caption(line):
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


def is_caption(line: str) -> bool:
    """Whether a marker line reads like a photo caption: long, a full sentence, a credit or a date."""
    text = MARKER.sub("", line).strip()
    return (
        len(text) > 80
        or bool(_SENTENCE_END.search(text))
        or bool(_CREDIT.search(text))
        or bool(re.match(r"^(19|20)\d{2}\s*[년.\-/]", text))
    )


def title_of(lines: list[str]) -> tuple[str, int]:
    """The first line that reads like a title, and its index (``("", -1)`` if none)."""
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or re.fullmatch(r"[\d\s.\-/:()년월일화수목금토월]+", s):
            continue
        s = re.sub(r"^[-•·*]\s*", "", s)
        return (s[:117] + "...") if len(s) > 120 else s, i
    return "", -1


def sentences(text: str) -> int:
    """The number of sentence endings in ``text``."""
    return len(_SENT.findall(text))


def substantial(lines: list[str], min_chars: int) -> bool:
    """Whether the lines hold prose: at least ``min_chars`` characters and two sentences."""
    text = "\n".join(x for x in lines if x.strip())
    return len(text) >= min_chars and sentences(text) >= 2
