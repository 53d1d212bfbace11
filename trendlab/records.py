"""Article records: turning table rows and segmented documents into dated records, with their accounting.

A record is a plain ``dict`` holding one candidate article (``doc_id``, ``source``,
``title``, ``text``, ``article``, the date columns, any extra metadata columns, and
private ``_where``/``_order``/``_notes`` keys). :func:`rows_to_records` builds them
from a table, :func:`document_records` from a segmented text document, and
:func:`apply_sidecar` overrides their dates from a sidecar file. Every step writes
what it did to an :class:`AccountingLog`. The corpus loader (:mod:`trendlab.corpus`)
then deduplicates the records and turns them into a :class:`~trendlab.corpus.Corpus`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .dates import DateHit, extract_date, parse_date
from .errors import InputError
from .readers import read_table
from .segment import segment_document

__all__ = [
    "FRAME_COLUMNS",
    "ACCOUNTING_COLUMNS",
    "AccountingLog",
    "slug",
    "digest",
    "rows_to_records",
    "document_records",
    "apply_sidecar",
]

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
#: Columns of ``Corpus.accounting``.
ACCOUNTING_COLUMNS = ["input", "unit", "action", "reason", "doc_id", "title", "detail"]

#: Date rules strong enough for a segment's own date to beat its document's date.
_STRONG = {"approval", "dateline", "byline"}


@dataclass
class AccountingLog:
    """The growing trace of what happened to every file, row, segment and article.

    Attributes
    ----------
    rows : list of dict
        One dict per entry, with the keys of :data:`ACCOUNTING_COLUMNS`.
    """

    rows: list[dict] = field(default_factory=list)

    def add(self, input, unit, action, reason="", doc_id="", title="", detail=""):
        """Record one entry (``input`` is stringified)."""
        self.rows.append(
            dict(input=str(input), unit=unit, action=action, reason=reason, doc_id=doc_id, title=title, detail=detail)
        )

    def frame(self) -> pd.DataFrame:
        """The entries as a DataFrame with the columns :data:`ACCOUNTING_COLUMNS`."""
        return pd.DataFrame(self.rows, columns=ACCOUNTING_COLUMNS)


def slug(s: str) -> str:
    """A short lower-case identifier made of the word characters of ``s`` (``"doc"`` if none)."""
    s = re.sub(r"[^\w가-힣]+", "-", s).strip("-").lower()
    return s[:32] or "doc"


def digest(*parts: str) -> str:
    """The SHA-1 hex digest of ``parts`` joined with NUL characters."""
    return hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()


def _apply_hit(rec: dict, hit: DateHit | None, scope: str) -> None:
    if hit is None:
        rec.update(date=pd.NaT, date_precision=None, date_source="", date_scope="")
    else:
        rec.update(date=hit.date, date_precision=hit.precision, date_source=hit.source, date_scope=scope)


# -- tables ---------------------------------------------------------------------


def _check_table(df, *, source: str, text_col: str, id_col: str | None) -> None:
    """Raise :class:`InputError` unless ``df`` is a DataFrame with the text column and unique ids."""
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{source}: expected a pandas DataFrame, got {type(df).__name__}.")
    if text_col not in df.columns:
        raise InputError(
            f"{source}: no text column {text_col!r}; the columns are {list(df.columns)}. "
            "Pass text_col= with the name of the column that holds article text."
        )
    if id_col is not None and id_col not in df.columns:
        raise InputError(f"{source}: no id column {id_col!r}; the columns are {list(df.columns)}.")
    if id_col is not None:
        dup = df[id_col].astype(str).duplicated(keep=False)
        if dup.any():
            rows = (df.index[dup][:5] + 1).tolist()
            raise InputError(
                f"{source}: id column {id_col!r} repeats values (rows {rows}); ids must "
                "be unique, or pass id_col=None to generate them."
            )


def _cell_text(value) -> str:
    """A table cell as stripped text ("" for None and NaN)."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _date_from_column(rec: dict, row, *, date_col: str, where: str, title: str, acc: AccountingLog) -> None:
    """Set the record's date from the date column, or warn that the cell cannot be parsed."""
    try:
        ts, prec = parse_date(row[date_col])
    except ValueError:
        ts, prec = None, None
        acc.add(
            where,
            "row",
            "warning",
            "unparseable date",
            rec["doc_id"],
            title,
            f"column {date_col!r} holds {str(row[date_col])[:40]!r}; the article is undated",
        )
    if ts is not None:
        rec.update(
            date=ts,
            date_precision=prec,
            date_scope="column",
            date_source=f"column {date_col!r}: {str(row[date_col])!r}",
        )


def rows_to_records(df, *, source, text_col, title_col, date_col, id_col, acc: AccountingLog) -> list[dict]:
    """Records of a table with one article per row.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; columns other than the named ones are carried as metadata.
    source : str
        Name of the table, used in ``source``, generated ids and the accounting.
    text_col, title_col, date_col, id_col : str or None
        The columns holding text (required), title, date and unique ids.
    acc : AccountingLog
        Receives empty rows (excluded) and unparseable dates (warnings).

    Returns
    -------
    list of dict
        One record per row with text, in row order. A row without a usable date
        column value is dated from its text, when the text names a date.

    Raises
    ------
    InputError
        ``df`` is not a DataFrame, lacks the text or id column, or repeats ids.
    """
    _check_table(df, source=source, text_col=text_col, id_col=id_col)
    known = {text_col, title_col, date_col, id_col}
    extra = [c for c in df.columns if c not in known and c not in FRAME_COLUMNS]
    has_title = bool(title_col) and title_col in df.columns
    has_date = bool(date_col) and date_col in df.columns
    out = []
    for pos, (_, row) in enumerate(df.iterrows()):
        where = f"{source} row {pos + 1}"
        text = _cell_text(row[text_col])
        if not text:
            acc.add(where, "row", "excluded", "empty text", detail=f"column {text_col!r} is empty")
            continue
        title = row[title_col].strip() if has_title and isinstance(row[title_col], str) else ""
        rec = dict(
            source=source,
            title=title or text.split("\n", 1)[0][:80],
            text=text,
            article=title,
            _where=where,
            _order=pos,
        )
        rec["doc_id"] = str(row[id_col]) if id_col else f"{slug(source)}-r{pos:06d}"
        rec.update({c: row[c] for c in extra})
        if has_date:
            _date_from_column(rec, row, date_col=date_col, where=where, title=title, acc=acc)
        if "date" not in rec:
            _apply_hit(rec, extract_date(text), "article")
        out.append(rec)
    return out


# -- text documents -------------------------------------------------------------


def document_records(text: str, source: str, *, granularity: str, min_chars: int, acc: AccountingLog) -> list[dict]:
    """Records of the articles of one text document.

    The document is cut with :func:`~trendlab.segment.segment_document`; parts
    left out are accounted as merged or excluded. An article takes its own date
    when its header carries a strong one (approval, dateline, byline) and the
    document holds several articles; otherwise it takes the document's date.

    Parameters
    ----------
    text : str
        The decoded document.
    source : str
        Its path relative to the loaded folder (ids are made from its stem).
    granularity : {"article", "section"}
    min_chars : int
        See :func:`~trendlab.segment.segment_document`.
    acc : AccountingLog

    Returns
    -------
    list of dict
    """
    doc_hit = extract_date(text)
    segs = segment_document(text, granularity=granularity, min_chars=min_chars)
    out = []
    stem = slug(Path(source).stem)
    n = 0
    for k, seg in enumerate(segs):
        if not seg.kept:
            action = "merged" if seg.reason and seg.reason.startswith("merged into") else "excluded"
            acc.add(
                source,
                "segment",
                action,
                seg.reason or "",
                title=seg.title,
                detail=f"line {seg.start_line + 1}: {seg.text[:80]!r}",
            )
            continue
        doc_id = f"{stem}-{n:03d}-{digest(source, seg.title, seg.text)[:6]}"
        n += 1
        rec = dict(
            doc_id=doc_id,
            source=source,
            title=seg.title,
            text=seg.text,
            article=seg.article,
            _where=source,
            _order=k,
            _notes="; ".join(seg.notes),
        )
        own = extract_date(seg.text, header_lines=4, lead_lines=0)
        if own is not None and own.rule in _STRONG and len(segs) > 1:
            _apply_hit(rec, own, "article")
        else:
            _apply_hit(rec, doc_hit, "document" if len(segs) > 1 else "article")
        out.append(rec)
    return out


# -- dates sidecar --------------------------------------------------------------


def apply_sidecar(records: list[dict], path: Path, acc: AccountingLog) -> None:
    """Override the dates of ``records`` from a sidecar table (``source``, ``date``).

    A sidecar row matches records by ``doc_id``, ``source`` or the source's file
    name; the matched records get ``date_scope="sidecar"``. A row matching nothing
    is a warning in ``acc``.

    Raises
    ------
    InputError
        The sidecar does not exist, lacks a column, or holds an unparseable date.
    """
    if not path.exists():
        raise InputError(f"{path}: the dates sidecar does not exist; check the path.")
    df = read_table(path)
    for col in ("source", "date"):
        if col not in df.columns:
            raise InputError(f"{path}: the dates sidecar needs columns 'source' and 'date'; it has {list(df.columns)}.")
    by_key: dict[str, list[dict]] = {}
    for rec in records:
        for key in {rec["doc_id"], rec["source"], Path(rec["source"]).name}:
            by_key.setdefault(key, []).append(rec)
    for i, row in enumerate(df.itertuples(index=False), start=2):
        try:
            ts, prec = parse_date(row.date)
        except ValueError as exc:
            raise InputError(f"{path} line {i}: {exc}; write dates like 2024-05-01.") from exc
        targets = by_key.get(str(row.source), [])
        if not targets:
            acc.add(path, "row", "warning", "sidecar row matches nothing", detail=f"line {i}: {row.source!r}")
        for rec in targets:
            rec.update(
                date=ts if ts is not None else pd.NaT,
                date_precision=prec,
                date_source=f"sidecar {path.name} line {i}: {str(row.date)!r}",
                date_scope="sidecar",
            )
