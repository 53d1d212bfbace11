"""From input paths to article records, and from records to the article table, with the accounting.

:func:`file_records` reads one file (a text document or a table) into records;
:func:`finish` deduplicates them, flags or drops implausible dates, accounts for
the kept articles, logs one summary line per kind of exclusion and builds the
article table. The :class:`~trendlab.corpus.Corpus` and its loaders
(:mod:`trendlab.corpus`) call these.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .columns import ColumnsError
from .dates import implausible
from .duplicates import NEAR_DUPLICATE_MODES, drop_exact_duplicates, resolve_near_duplicates
from .errors import ConfigError, DecodeError, EmptyCorpusError, InputError
from .readers import (
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    BinaryFileError,
    EmptyFileError,
    Table,
    UnreadableTableError,
    load_table,
    read_text,
)
from .records import FRAME_COLUMNS, AccountingLog, document_records, rows_to_records
from .segment import GRANULARITIES

__all__ = ["IMPLAUSIBLE_DATE_MODES", "check_options", "expand", "file_records", "finish", "raise_empty"]

log = logging.getLogger(__name__)

#: Accepted values of ``implausible_dates=``.
IMPLAUSIBLE_DATE_MODES = ("flag", "exclude", "keep")


def check_options(
    granularity: str = "article", min_chars: int = 0, near_duplicates=None, implausible_dates: str = "flag"
) -> None:
    """Raise :class:`ConfigError` for an option value the loader does not know."""
    if granularity not in GRANULARITIES:
        raise ConfigError(f"granularity must be one of {GRANULARITIES}, got {granularity!r}.")
    if isinstance(min_chars, bool) or not isinstance(min_chars, int) or min_chars < 0:
        raise ConfigError(f"min_chars must be a non-negative integer, got {min_chars!r}.")
    if near_duplicates not in NEAR_DUPLICATE_MODES:
        raise ConfigError(f"near_duplicates must be 'flag', 'exclude' or None, got {near_duplicates!r}.")
    if implausible_dates not in IMPLAUSIBLE_DATE_MODES:
        raise ConfigError(
            f"implausible_dates must be 'flag', 'exclude' or 'keep' (--implausible-dates at the command line), "
            f"got {implausible_dates!r}."
        )


# -- reading files --------------------------------------------------------------


def expand(paths: Iterable[str | Path], acc: AccountingLog) -> list[tuple[Path, Path, bool]]:
    """``(file, root, in_folder)`` for every file under the given paths, sorted within each folder."""
    out = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise InputError(f"{p}: no such file or folder; check the path.")
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file())
            for f in files:
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    acc.add(f, "file", "excluded", "hidden file", detail="names starting with '.' are skipped")
                    continue
                if f.name.startswith("~$"):
                    acc.add(f, "file", "excluded", "office lock file", detail="written by Excel or Word while open")
                    continue
                out.append((f, p, True))
        else:
            out.append((p, p.parent, False))
    return out


def _account_malformed(table: Table, source: str, acc: AccountingLog) -> None:
    """One accounting row per malformed CSV record, and one log line for the file."""
    for m in table.malformed:
        action = "warning" if m.kept else "excluded"
        acc.add(f"{source} line {m.line}", "row", action, "malformed CSV record", detail=f"line {m.line}: {m.why}")
    if table.malformed:
        lines = ", ".join(str(m.line) for m in table.malformed[:10]) + (", ..." * (len(table.malformed) > 10))
        n_out = sum(not m.kept for m in table.malformed)
        log.warning(
            "%s: %d malformed CSV records (lines %s): %d read from their line alone, %d left out; "
            "see corpus.accounting",
            source,
            len(table.malformed),
            lines,
            len(table.malformed) - n_out,
            n_out,
        )


def _table_records(f: Path, source: str, acc: AccountingLog, *, columns: dict, sheet) -> list[dict]:
    table = load_table(f, sheet=sheet)
    recs = rows_to_records(table.frame, source=source, acc=acc, **columns)
    _account_malformed(table, source, acc)
    bad = f"; {len(table.malformed)} malformed records" if table.malformed else ""
    acc.add(f, "file", "loaded", "", detail=f"{len(table.frame)} rows; {len(recs)} articles{bad}")
    return recs


def file_records(
    f: Path,
    source: str,
    acc: AccountingLog,
    *,
    granularity: str,
    min_chars: int,
    columns: dict,
    sheet=None,
    in_folder: bool = True,
) -> list[dict]:
    """The records of one file, or ``[]`` with the reason the file was excluded in ``acc``.

    ``columns`` holds the column arguments for tables (see :func:`~trendlab.records.rows_to_records`).
    A table that cannot be read or mapped (no text column, repeated ids, a broken workbook) is
    excluded when it was found in a folder (``in_folder``), and raises when it was named itself.
    """
    suffix = f.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            text, enc = read_text(f)
            recs = document_records(text, source, granularity=granularity, min_chars=min_chars, acc=acc)
            acc.add(f, "file", "loaded", "", detail=f"encoding {enc}; {len(recs)} articles")
            return recs
        if suffix in TABLE_SUFFIXES:
            return _table_records(f, source, acc, columns=columns, sheet=sheet)
    except EmptyFileError:
        acc.add(f, "file", "excluded", "empty file")
        return []
    except BinaryFileError as exc:
        acc.add(f, "file", "excluded", "binary file", detail=str(exc))
        return []
    except DecodeError as exc:
        acc.add(f, "file", "excluded", "undecodable", detail=str(exc))
        return []
    except (UnreadableTableError, ColumnsError) as exc:
        if not in_folder:
            raise
        acc.add(f, "file", "excluded", exc.reason, detail=str(exc))
        return []
    acc.add(
        f,
        "file",
        "excluded",
        f"unsupported file type {suffix or '(none)'}",
        detail="use .txt, .md, .csv, .tsv, .jsonl, .parquet, .xlsx or .xls",
    )
    return []


# -- from records to the article table --------------------------------------------


def screen_dates(records: list[dict], acc: AccountingLog, mode: str) -> list[dict]:
    """Flag (``"flag"``) or drop (``"exclude"``) the records dated in the future or before 1990."""
    if mode == "keep":
        return records
    kept = []
    for rec in records:
        why = implausible(rec["date"])
        if why is not None:
            detail = f"{rec['date'].date()} from {rec['date_source'] or rec['date_scope']}"
            if mode == "exclude":
                acc.add(rec["_where"], "article", "excluded", why, rec["doc_id"], rec["title"], detail)
                continue
            detail += "; kept with its date (implausible_dates='flag')"
            acc.add(rec["_where"], "article", "warning", why, rec["doc_id"], rec["title"], detail)
        kept.append(rec)
    return kept


def _account_kept(kept: list[dict], acc: AccountingLog) -> None:
    """Record every kept article, and warn about the undated ones."""
    for rec in kept:
        acc.add(rec["_where"], "article", "kept", "", rec["doc_id"], rec["title"], rec.get("_notes", ""))
        if pd.isna(rec["date"]):
            acc.add(
                rec["_where"],
                "article",
                "warning",
                "undated",
                rec["doc_id"],
                rec["title"],
                "no publication date found; kept, and reported apart in trends",
            )


def raise_empty(rows: Iterable[dict], what: str) -> None:
    """Raise :class:`EmptyCorpusError` for ``what``, counting the reasons of the excluded
    accounting ``rows``."""
    reasons = pd.Series([r["reason"] for r in rows if r["action"] == "excluded"], dtype=object).value_counts()
    detail = ", ".join(f"{n} {r}" for r, n in reasons.items()) or "no input at all"
    raise EmptyCorpusError(
        f"{what}: no usable articles ({detail}). Check the path and formats "
        "(.txt, .md, .csv, .tsv, .jsonl, .parquet, .xlsx, .xls) and the text column."
    )


def _separate_ids(kept: list[dict], acc: AccountingLog) -> None:
    """Ids that repeat across inputs (crawler files that each number their rows 1..N) are
    prefixed with their input's name, with a warning in the accounting, so one folder loads."""
    sources: dict[str, set] = {}
    for rec in kept:
        sources.setdefault(rec["doc_id"], set()).add(rec["source"])
    shared = {d for d, srcs in sources.items() if len(srcs) > 1}
    if not shared:
        return
    touched = sorted({rec["source"] for rec in kept if rec["doc_id"] in shared})
    for rec in kept:
        if rec["source"] in touched:
            rec["doc_id"] = f"{rec['source']}:{rec['doc_id']}"
    for src in touched:
        acc.add(src, "table", "warning", "ids repeated across inputs", detail="doc_id prefixed with the input's name")
    log.warning("%d input(s) share doc_id values; their ids were prefixed with the input's name", len(touched))


def _article_frame(kept: list[dict], what: str) -> pd.DataFrame:
    """The article table of the kept records: :data:`FRAME_COLUMNS` first, then extra metadata.

    When an input has its own ``source`` column, ``source`` holds its values (``""`` where
    blank, trendlab's provenance for rows of other inputs) and ``tl_source`` trendlab's.
    """
    frame = pd.DataFrame(kept)
    ids = frame["doc_id"]
    if ids.duplicated().any():
        dup = ids[ids.duplicated(keep=False)]
        where = frame.loc[dup.index[:3], "_where"].tolist()
        raise InputError(
            f"{what}: doc_id {dup.iloc[0]!r} occurs more than once ({', '.join(where)}); ids must be unique "
            "across the inputs: pass unique ids, or id_col=None to generate them (--id-col '' at the command line)."
        )
    extra_first = []
    if "_user_source" in frame.columns:
        has = [("_user_source" in rec) for rec in kept]
        user = frame["_user_source"].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else v)
        frame["tl_source"] = frame["source"]
        frame["source"] = user.where(has, frame["source"])
        extra_first = ["tl_source"]
    frame["n_chars"] = frame["text"].str.len()
    frame["date"] = pd.to_datetime(frame["date"])
    extra = [c for c in frame.columns if c not in FRAME_COLUMNS + extra_first and not str(c).startswith("_")]
    return frame[FRAME_COLUMNS + extra_first + extra]


def _log_summary(acc: AccountingLog) -> None:
    """Log excluded files one by one, and every other kind of exclusion in one line."""
    groups: Counter = Counter()
    for r in acc.rows:
        if r["action"] == "excluded" and r["unit"] == "segment":
            log.info("excluded %s (%s): %s", r["input"], r["unit"], r["reason"])  # routine page furniture
        elif r["action"] == "excluded" and r["unit"] == "file":
            log.warning("excluded %s (%s): %s", r["input"], r["unit"], r["reason"])
        elif r["action"] == "excluded":
            groups[(r["unit"], r["reason"].split(" of ")[0])] += 1
    for (unit, reason), n in groups.items():
        if reason in ("duplicate", "near-duplicate"):
            log.warning("%d %s article%s excluded; see corpus.accounting", n, reason, "s" * (n != 1))
        else:
            log.warning("%d %s%s excluded (%s); see corpus.accounting", n, unit, "s" * (n != 1), reason)
    flagged = sum(r["action"] == "warning" and r["reason"].startswith("date ") for r in acc.rows)
    if flagged:
        log.warning(
            "%d article%s dated in the future or before 1990, kept with the date; see corpus.accounting",
            flagged,
            "s" * (flagged != 1),
        )


def finish(
    records: list[dict],
    acc: AccountingLog,
    *,
    dedupe: bool,
    what: str,
    near_duplicates: str | None = "flag",
    near_threshold: float = 0.8,
    implausible_dates: str = "flag",
) -> pd.DataFrame:
    """Deduplicate and screen the records, account for the kept ones, and return the article table.

    Raises
    ------
    EmptyCorpusError
        No record is left.
    InputError
        Two kept records share a ``doc_id``.
    """
    _separate_ids(records, acc)  # first, so that every accounting row names the ids the articles keep
    kept = drop_exact_duplicates(records, acc, dedupe=dedupe)
    kept = screen_dates(kept, acc, implausible_dates)
    if near_duplicates:
        kept = resolve_near_duplicates(kept, acc, mode=near_duplicates, threshold=near_threshold)
    if not kept:
        raise_empty(acc.rows, what)
    _account_kept(kept, acc)
    frame = _article_frame(kept, what)
    _log_summary(acc)
    return frame.reset_index(drop=True)
