"""Which column of a table is the text, the title, the date, the id: known headers and explicit choices.

Researchers bring tables with the headers their tool wrote: BigKinds exports
(``뉴스 식별자, 일자, 언론사, 제목, 통합 분류1, 본문, URL`` ...), crawler output
(``기사제목, 기사내용, 작성일, 매체, 링크`` ...) or English names. :func:`map_columns`
finds the columns for ``text``, ``title``, ``date``, ``doc_id`` and the metadata
``outlet``, ``section`` and ``url`` among the known headers (case-insensitive, blanks
ignored), unless a column is named explicitly; every other column is carried as
metadata under its own name (a name trendlab itself uses is carried as ``user_<name>``,
except ``source``: see :func:`~trendlab.records.rows_to_records`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .errors import InputError

__all__ = ["AUTO", "KNOWN_HEADERS", "ColumnsError", "ColumnMap", "map_columns", "id_text"]


class _Auto:
    """The default of the column arguments: find the column among the known headers."""

    def __repr__(self) -> str:
        return "AUTO"

    def __reduce__(self):  # unpickled (on a Dask worker) as the one AUTO, which is compared by identity
        return "AUTO"


#: Default of ``text_col``, ``title_col``, ``date_col`` and ``id_col``: use the known headers.
AUTO = _Auto()

#: The headers recognised for each target, most specific first (matched case-insensitively, blanks ignored).
KNOWN_HEADERS: dict[str, tuple[str, ...]] = {
    "text": ("text", "본문", "기사내용", "기사 본문", "내용", "content", "contents", "body"),
    "title": ("title", "제목", "기사제목", "headline"),
    "date": ("date", "일자", "날짜", "작성일", "작성일자", "게재일", "발행일", "published", "pubdate"),
    "doc_id": ("doc_id", "id", "뉴스 식별자", "기사id", "article_id", "news_id"),
    "outlet": ("outlet", "언론사", "매체", "매체명", "언론사명", "press", "media", "company", "publisher"),
    "section": ("section", "통합 분류1", "섹션", "분류", "category"),
    "url": ("url", "링크", "link", "기사 url", "원문 url"),
}
#: The targets of the explicit arguments, in the order the accounting lists them.
_CORE = ("text", "title", "date", "doc_id")
_META = ("outlet", "section", "url")
_ARG = {"text": "text_col", "title": "title_col", "date": "date_col", "doc_id": "id_col"}
#: Columns every ``Corpus.frame`` has, in this order (extra metadata columns follow).
FRAME_COLUMNS = [
    "doc_id",
    "source",
    "title",
    "text",
    "date",
    "date_precision",
    "date_source",
    "date_scope",
    "article",
    "n_chars",
]
#: Columns trendlab writes itself; a user column of that name is carried as ``user_<name>``
#: (a user ``source`` is kept as it is, see :mod:`trendlab.intake`).
_RESERVED = (
    *(c for c in FRAME_COLUMNS if c != "source"),
    "near_duplicate_of",
    "tl_source",
    "_where",
    "_order",
    "_notes",
    "_user_source",
)


#: Columns the later stages add to the assignments; a user column of that name is kept as user_<name>.
_LATER = ("theme", "theme_score", "theme_probability", "topic", "topic_label", "decided_by", "evidence")
_LATER_PREFIXES = ("score_", "focus_", "context_", "near_", "_")


def _reserved(name) -> bool:
    s = str(name)
    return s in _RESERVED or s in _LATER or s.startswith(_LATER_PREFIXES)


class ColumnsError(InputError):
    """A table cannot be mapped: no text column, a named column missing, ids repeated or blank."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class ColumnMap:
    """The columns a table's articles are read from.

    Attributes
    ----------
    text : str
        The text column.
    title, date, doc_id : str or None
        The title, date and id columns, or None when the table has none (or they were turned off).
    carried : dict
        ``{column: name in the corpus}`` for every other column kept as metadata.
    given : set of str
        The targets named by an explicit argument.
    """

    text: str
    title: str | None = None
    date: str | None = None
    doc_id: str | None = None
    carried: dict = field(default_factory=dict)
    given: set = field(default_factory=set)

    def describe(self) -> str:
        """The mapping for the accounting: ``"본문→text, 제목→title, ...; 12 other columns kept"``."""
        pairs = [(getattr(self, t), t) for t in _CORE if getattr(self, t) is not None]
        pairs += [(c, n) for c, n in self.carried.items() if n in _META]
        parts = [f"{c}→{t}" + (" (given)" if t in self.given else "") for c, t in pairs]
        others = [c for c, n in self.carried.items() if n not in _META]
        renamed = [f"{c}→{n}" for c, n in self.carried.items() if n not in _META and n != c]
        text = ", ".join(parts)
        if others:
            text += f"; {len(others)} other column{'s' * (len(others) != 1)} kept as metadata"
        if renamed:
            text += f" ({', '.join(renamed)}: the name is trendlab's)"
        return text


def _norm(name) -> str:
    return re.sub(r"\s+", "", str(name)).lower()


def _find(columns: list, target: str, taken: set) -> str | None:
    """The first column whose header is a known header of ``target``."""
    by_norm: dict[str, object] = {}
    for c in columns:
        if c not in taken:
            by_norm.setdefault(_norm(c), c)
    for header in KNOWN_HEADERS[target]:
        if _norm(header) in by_norm:
            return by_norm[_norm(header)]
    return None


def _given(df: pd.DataFrame, source: str, target: str, value) -> str | None:
    """An explicitly named column, checked to exist (``None`` and ``""`` turn the column off)."""
    if value is None or value == "":
        return None
    if value not in df.columns:
        flag = "--" + _ARG[target].replace("_", "-")
        raise ColumnsError(
            f"{source}: no {target.replace('doc_', '')} column {value!r}; the columns are {list(df.columns)}. "
            f"Pass {_ARG[target]}= with one of them ({flag} at the command line).",
            reason=f"no {target.replace('doc_', '')} column",
        )
    return value


def _no_text(df: pd.DataFrame, source: str) -> ColumnsError:
    looked = ", ".join(repr(h) for h in KNOWN_HEADERS["text"])
    return ColumnsError(
        f"{source}: no text column ({looked} not found); the columns are {list(df.columns)}. "
        "Pass text_col= with the name of the column that holds article text (--text-col at the command line).",
        reason="no text column",
    )


def _carried(df: pd.DataFrame, source: str, core: set, meta_cols) -> dict:
    """``{column: corpus name}`` of the metadata columns: the known ones renamed, reserved names prefixed."""
    if meta_cols is None:
        cols = [c for c in df.columns if c not in core]
    else:
        meta_cols = [meta_cols] if isinstance(meta_cols, str) else list(meta_cols)
        missing = [c for c in meta_cols if c not in df.columns]
        if missing:
            raise ColumnsError(
                f"{source}: no column {missing[0]!r} for meta_cols=; the columns are {list(df.columns)} "
                "(--meta-cols at the command line).",
                reason="no metadata column",
            )
        cols = [c for c in meta_cols if c not in core]
    out: dict = {}
    for target in _META:
        found = _find(cols, target, set(out))
        if found is not None and (found == target or target not in cols):
            out[found] = target
    for c in cols:
        if c not in out:
            out[c] = f"user_{c}" if _reserved(c) else c
    return {c: out[c] for c in cols}


def id_text(value) -> str:
    """An id cell as text: integral floats (Excel and NaN-holding columns) lose their ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _check_ids(df: pd.DataFrame, source: str, col: str, text_col: str) -> None:
    """Raise :class:`ColumnsError` when the id column repeats values or leaves rows blank.

    Rows without text (blank lines of a sheet) are left to the "empty text" exclusion."""
    has_text = df[text_col].map(lambda v: not pd.isna(v) and bool(str(v).strip())).reset_index(drop=True)
    ids = df[col].map(id_text).reset_index(drop=True)[has_text]
    hint = "ids must be unique; or pass id_col=None to generate them (--id-col '' at the command line)."
    blank = ids.eq("")
    if blank.any():
        rows = (ids.index[blank][:5] + 1).tolist()
        raise ColumnsError(f"{source}: id column {col!r} is blank in rows {rows}; {hint}", reason="blank ids")
    dup = ids.duplicated(keep=False)
    if dup.any():
        rows = (ids.index[dup][:5] + 1).tolist()
        values = list(dict.fromkeys(ids[dup]))[:3]
        raise ColumnsError(
            f"{source}: id column {col!r} repeats values {values} (rows {rows}{', ...' * (int(dup.sum()) > 5)}); "
            + hint,
            reason="repeated ids",
        )


def map_columns(
    df, *, source: str, text_col=AUTO, title_col=AUTO, date_col=AUTO, id_col=AUTO, meta_cols=None
) -> ColumnMap:
    """Find the columns of a table's articles.

    Parameters
    ----------
    df : pandas.DataFrame
    source : str
        Name of the table, for messages.
    text_col, title_col, date_col, id_col : str, None or AUTO
        A column name overrides the known headers; :data:`AUTO` (the default) looks for a known
        header; ``None`` or ``""`` uses no column (the text column cannot be turned off:
        ``None`` looks for it too).
    meta_cols : list of str, optional
        The other columns to carry as metadata (a single name is a list of one); by default
        all of them. A known outlet, section or URL header among them is still carried as
        ``outlet``, ``section`` or ``url``.

    Returns
    -------
    ColumnMap

    Raises
    ------
    ColumnsError
        No text column, a named column missing, or the id column repeats values or leaves rows blank.
    """
    if not isinstance(df, pd.DataFrame):
        raise ColumnsError(f"{source}: expected a pandas DataFrame, got {type(df).__name__}.", reason="not a table")
    cols = list(df.columns)
    args = {"text": AUTO if text_col is None else text_col, "title": title_col, "date": date_col, "doc_id": id_col}
    chosen: dict[str, str | None] = {t: _given(df, source, t, v) for t, v in args.items() if v is not AUTO}
    for target in _CORE:
        if target not in chosen:
            chosen[target] = _find(cols, target, {c for c in chosen.values() if c is not None})
    if chosen["text"] is None:
        raise _no_text(df, source)
    if chosen["doc_id"] is not None:
        _check_ids(df, source, chosen["doc_id"], chosen["text"])
    core = {c for c in chosen.values() if c is not None}
    given = {t for t, v in args.items() if v is not AUTO}
    return ColumnMap(**chosen, carried=_carried(df, source, core, meta_cols), given=given)
