"""The Segment: one part of a segmented document, kept as an article or excluded with a reason.

:func:`~trendlab.segment.segment_document` returns a list of them, built by the
heading splitter (:mod:`trendlab.headings`) or the plain-text splitter
(:mod:`trendlab.segment`); the corpus loader turns kept segments into articles
and accounts for the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Segment"]


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
