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

from .columns import AUTO, FRAME_COLUMNS, ColumnMap, id_text, map_columns
from .dates import DateHit, extract_date, parse_date
from .errors import InputError
from .readers import load_table
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


def text_hash(text: str) -> str:
    """What makes two articles the same text: SHA-1 of the white-space-normalised text (exact
    duplicates within a corpus, articles already in a store)."""
    return digest(re.sub(r"\s+", " ", text).strip())


def _apply_hit(rec: dict, hit: DateHit | None, scope: str) -> None:
    if hit is None:
        rec.update(date=pd.NaT, date_precision=None, date_source="", date_scope="")
    else:
        rec.update(date=hit.date, date_precision=hit.precision, date_source=hit.source, date_scope=scope)


# -- tables ---------------------------------------------------------------------


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


def _row_record(row, pos: int, *, source: str, cmap: ColumnMap, acc: AccountingLog) -> dict | None:
    """The record of one table row, or None (accounted as excluded) when its text is empty."""
    where = f"{source} row {pos + 1}"
    text = _cell_text(row[cmap.text])
    if not text:
        acc.add(where, "row", "excluded", "empty text", detail=f"column {cmap.text!r} is empty")
        return None
    title = row[cmap.title].strip() if cmap.title is not None and isinstance(row[cmap.title], str) else ""
    rec = dict(
        source=source,
        title=title or text.split("\n", 1)[0][:80],
        text=text,
        article=title,
        _where=where,
        _order=pos,
    )
    rec["doc_id"] = id_text(row[cmap.doc_id]) if cmap.doc_id is not None else f"{slug(source)}-r{pos:06d}"
    for col, name in cmap.carried.items():
        rec["_user_source" if name == "source" else name] = row[col]
    if cmap.date is not None:
        _date_from_column(rec, row, date_col=cmap.date, where=where, title=title, acc=acc)
    if "date" not in rec:
        _apply_hit(rec, extract_date(text), "article")
    return rec


def rows_to_records(
    df,
    *,
    source: str,
    acc: AccountingLog,
    text_col=AUTO,
    title_col=AUTO,
    date_col=AUTO,
    id_col=AUTO,
    meta_cols=None,
) -> list[dict]:
    """Records of a table with one article per row.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; columns other than the named ones are carried as metadata.
    source : str
        Name of the table, used in ``source``, generated ids and the accounting.
    acc : AccountingLog
        Receives the column mapping (unit ``"table"``, action ``"mapped"``), empty rows
        (excluded) and unparseable dates (warnings).
    text_col, title_col, date_col, id_col : str, None or AUTO
        The columns holding text (required), title, date and unique ids; by default
        (:data:`~trendlab.columns.AUTO`) found among the known headers (see
        :func:`~trendlab.columns.map_columns`); ``None`` uses no such column.
    meta_cols : list of str, optional
        The other columns to carry as metadata; by default all of them.

    Returns
    -------
    list of dict
        One record per row with text, in row order. A row without a usable date
        column value is dated from its text, when the text names a date. A user
        column named ``source`` is kept in the private key ``_user_source``; the
        record's ``source`` is always the table's name.

    Raises
    ------
    ColumnsError
        ``df`` is not a DataFrame, lacks the text column or a named column, or repeats ids.
    """
    cmap = map_columns(
        df,
        source=source,
        text_col=text_col,
        title_col=title_col,
        date_col=date_col,
        id_col=id_col,
        meta_cols=meta_cols,
    )
    acc.add(source, "table", "mapped", "", detail=cmap.describe())
    out = []
    for pos, (_, row) in enumerate(df.iterrows()):
        rec = _row_record(row, pos, source=source, cmap=cmap, acc=acc)
        if rec is not None:
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


def _read_sidecar(path: Path) -> pd.DataFrame:
    """The sidecar table, checked to exist, to be well-formed and to have ``source`` and ``date``."""
    if not path.exists():
        raise InputError(f"{path}: the dates sidecar does not exist; check the path.")
    table = load_table(path)
    if table.malformed:
        lines = [m.line for m in table.malformed[:5]]
        raise InputError(f"{path}: the dates sidecar has malformed CSV records (lines {lines}); fix their quoting.")
    for col in ("source", "date"):
        if col not in table.frame.columns:
            cols = list(table.frame.columns)
            raise InputError(f"{path}: the dates sidecar needs columns 'source' and 'date'; it has {cols}.")
    return table.frame


def apply_sidecar(records: list[dict], path: Path, acc: AccountingLog) -> None:
    """Override the dates of ``records`` from a sidecar table (``source``, ``date``).

    A sidecar row matches records by ``doc_id``, ``source`` or the source's file
    name; the matched records get ``date_scope="sidecar"``. A row matching nothing
    is a warning in ``acc``.

    Raises
    ------
    InputError
        The sidecar does not exist, lacks a column, holds a malformed record or an unparseable date.
    """
    df = _read_sidecar(path)
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
