"""The Corpus: one row per article, and an accounting of every input.

``load_corpus`` reads folders, text files and tables; ``Corpus.from_frame``
takes a DataFrame. Both return a :class:`Corpus` whose ``frame`` has one row
per article and whose ``accounting`` records what happened to every file,
row, document and segment: loaded, kept, merged, excluded (with the reason),
and the warnings (undated, unparseable date).

This module holds the loader and the :class:`Corpus` class; building records
from rows and documents lives in :mod:`trendlab.records`, and duplicate
detection in :mod:`trendlab.duplicates`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from .duplicates import NEAR_DUPLICATE_MODES, drop_exact_duplicates, resolve_near_duplicates
from .errors import ConfigError, DecodeError, EmptyCorpusError, InputError
from .readers import TABLE_SUFFIXES, TEXT_SUFFIXES, BinaryFileError, EmptyFileError, read_table, read_text
from .records import (
    ACCOUNTING_COLUMNS,
    FRAME_COLUMNS,
    AccountingLog,
    apply_sidecar,
    document_records,
    rows_to_records,
)
from .segment import GRANULARITIES

__all__ = ["Corpus", "load_corpus", "FRAME_COLUMNS", "ACCOUNTING_COLUMNS"]

log = logging.getLogger(__name__)


class Corpus:
    """Articles with their metadata, plus the accounting of every input.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per article with at least the columns in :data:`FRAME_COLUMNS`.
    accounting : pandas.DataFrame, optional
        The trace of inputs to articles (:data:`ACCOUNTING_COLUMNS`).

    Examples
    --------
    >>> import pandas as pd, trendlab as tl
    >>> c = tl.Corpus.from_frame(pd.DataFrame({"text": ["첫 기사 본문입니다."],
    ...                                        "date": ["2024-01-05"]}))
    >>> c.frame[["doc_id", "date"]].iloc[0].tolist()
    ['frame-r000000', Timestamp('2024-01-05 00:00:00')]
    """

    def __init__(self, frame: pd.DataFrame, accounting: pd.DataFrame | None = None):
        missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
        if missing:
            raise InputError(
                f"Corpus frame lacks columns {missing}; build it with load_corpus() or Corpus.from_frame()."
            )
        self._frame = frame.reset_index(drop=True)
        self._accounting = accounting if accounting is not None else pd.DataFrame(columns=ACCOUNTING_COLUMNS)

    # -- views ---------------------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the article table (one row per article)."""
        return self._frame.copy()

    @property
    def accounting(self) -> pd.DataFrame:
        """A copy of the trace of inputs → documents → articles, with every exclusion."""
        return self._accounting.copy()

    @property
    def texts(self) -> list[str]:
        """The article texts, in corpus order."""
        return self._frame["text"].tolist()

    @property
    def doc_ids(self) -> list[str]:
        return self._frame["doc_id"].tolist()

    def __len__(self) -> int:
        return len(self._frame)

    def summary(self) -> dict:
        """Counts for the data-accounting section of a report.

        Keys: ``files``, ``files_excluded``, ``rows_excluded``, ``articles``, ``dated``,
        ``undated``, ``excluded`` (segments and rows), ``merged``, ``duplicates``,
        ``excluded_by_reason`` (a dict).
        """
        acc = self._accounting
        files = acc[acc["unit"] == "file"]
        excl = acc[acc["action"] == "excluded"]
        reasons = excl["reason"].str.replace(r"\s*\(.*$|^merged into.*$", "", regex=True)
        return {
            "files": int((files["action"] == "loaded").sum()),
            "files_excluded": int((files["action"] == "excluded").sum()),
            "rows_excluded": int(((acc["unit"] == "row") & (acc["action"] == "excluded")).sum()),
            "articles": len(self),
            "dated": int(self._frame["date"].notna().sum()),
            "undated": int(self._frame["date"].isna().sum()),
            "excluded": int(len(excl)),
            "merged": int((acc["action"] == "merged").sum()),
            "duplicates": int(excl["reason"].str.startswith("duplicate").sum()),
            "near_duplicates": int(acc["reason"].str.startswith("near-duplicate").sum()),
            "excluded_by_reason": reasons.value_counts().to_dict(),
        }

    def __repr__(self) -> str:
        s = self.summary()
        return (
            f"<Corpus: {s['articles']} articles ({s['dated']} dated, {s['undated']} undated) "
            f"from {s['files']} files; {s['excluded']} parts excluded, {s['merged']} merged>"
        )

    def subset(self, mask) -> Corpus:
        """A corpus of the rows where ``mask`` is true (the accounting is kept whole)."""
        return Corpus(self._frame[pd.Series(mask, index=self._frame.index)].copy(), self._accounting)

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        text_col: str = "text",
        title_col: str | None = "title",
        date_col: str | None = "date",
        id_col: str | None = None,
        source: str = "frame",
        dedupe: bool = True,
        near_duplicates: str | None = "flag",
    ) -> Corpus:
        """Build a corpus from a DataFrame with one article per row.

        Parameters
        ----------
        df : pandas.DataFrame
        text_col : str, default "text"
            The column holding article text (required).
        title_col, date_col : str or None, default "title", "date"
            Optional columns; used when present. Dates are parsed from ISO and Korean
            formats; a date that cannot be parsed leaves the article undated with a warning.
        id_col : str or None
            Column of unique ids to use as ``doc_id``; by default ids are made from the row.
        source : str, default "frame"
            Name recorded in ``source`` and in the accounting.
        dedupe : bool, default True
            Exclude rows whose text repeats an earlier row's, with the reason recorded.
        near_duplicates : {"flag", "exclude", None}, default "flag"
            See :func:`load_corpus`.

        Notes
        -----
        Other columns are carried along as metadata.
        """
        acc = AccountingLog()
        records = rows_to_records(
            df, source=source, text_col=text_col, title_col=title_col, date_col=date_col, id_col=id_col, acc=acc
        )
        return _finish(records, acc, dedupe=dedupe, what=f"DataFrame {source!r}", near_duplicates=near_duplicates)


# -- from records to a Corpus ---------------------------------------------------


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


def _raise_empty(acc: AccountingLog, what: str) -> None:
    """Raise :class:`EmptyCorpusError`, counting the reasons for the exclusions."""
    reasons = pd.Series([r["reason"] for r in acc.rows if r["action"] == "excluded"]).value_counts()
    detail = ", ".join(f"{n} {r}" for r, n in reasons.items()) or "no input at all"
    raise EmptyCorpusError(
        f"{what}: no usable articles ({detail}). Check the path and formats "
        "(.txt, .md, .csv, .tsv, .jsonl, .parquet) and the text column."
    )


def _article_frame(kept: list[dict], what: str) -> pd.DataFrame:
    """The article table of the kept records: :data:`FRAME_COLUMNS` first, then extra metadata."""
    frame = pd.DataFrame(kept)
    ids = frame["doc_id"]
    if ids.duplicated().any():
        raise InputError(
            f"{what}: doc_id {ids[ids.duplicated()].iloc[0]!r} occurs twice; pass "
            "unique ids (id_col=) or leave id_col=None."
        )
    frame["n_chars"] = frame["text"].str.len()
    frame["date"] = pd.to_datetime(frame["date"])
    extra = [c for c in frame.columns if c not in FRAME_COLUMNS and not c.startswith("_")]
    return frame[FRAME_COLUMNS + extra]


def _log_exclusions(acc: AccountingLog) -> None:
    for r in acc.rows:
        if r["action"] == "excluded":
            # unusable files and rows are warnings; page furniture cut from a document is routine
            level = logging.INFO if r["unit"] == "segment" else logging.WARNING
            log.log(level, "excluded %s (%s): %s", r["input"], r["unit"], r["reason"])


def _finish(
    records: list[dict],
    acc: AccountingLog,
    *,
    dedupe: bool,
    what: str,
    near_duplicates: str | None = "flag",
    near_threshold: float = 0.8,
) -> Corpus:
    """Deduplicate the records, account for the kept ones and build the :class:`Corpus`."""
    if near_duplicates not in NEAR_DUPLICATE_MODES:
        raise ConfigError(f"near_duplicates must be 'flag', 'exclude' or None, got {near_duplicates!r}.")
    kept = drop_exact_duplicates(records, acc, dedupe=dedupe)
    if near_duplicates:
        kept = resolve_near_duplicates(kept, acc, mode=near_duplicates, threshold=near_threshold)
    _account_kept(kept, acc)
    if not kept:
        _raise_empty(acc, what)
    frame = _article_frame(kept, what)
    _log_exclusions(acc)
    return Corpus(frame.reset_index(drop=True), acc.frame())


# -- reading files --------------------------------------------------------------


def _expand(paths: Iterable[str | Path], acc: AccountingLog) -> list[tuple[Path, Path]]:
    """(file, root) pairs for every file under the given paths, sorted within each folder."""
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
                out.append((f, p))
        else:
            out.append((p, p.parent))
    return out


def _file_records(
    f: Path, source: str, acc: AccountingLog, *, granularity: str, min_chars: int, columns: dict
) -> list[dict]:
    """The records of one file, or ``[]`` with the reason the file was excluded in ``acc``.

    ``columns`` holds the ``text_col``, ``title_col``, ``date_col`` and ``id_col`` for tables.
    """
    suffix = f.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            text, enc = read_text(f)
            recs = document_records(text, source, granularity=granularity, min_chars=min_chars, acc=acc)
            acc.add(f, "file", "loaded", "", detail=f"encoding {enc}; {len(recs)} articles")
            return recs
        if suffix in TABLE_SUFFIXES:
            df = read_table(f)
            recs = rows_to_records(df, source=source, acc=acc, **columns)
            acc.add(f, "file", "loaded", "", detail=f"{len(df)} rows; {len(recs)} articles")
            return recs
    except EmptyFileError:
        acc.add(f, "file", "excluded", "empty file")
        return []
    except BinaryFileError as exc:
        acc.add(f, "file", "excluded", "binary file", detail=str(exc))
        return []
    except DecodeError as exc:
        acc.add(f, "file", "excluded", "undecodable", detail=str(exc))
        return []
    acc.add(
        f,
        "file",
        "excluded",
        f"unsupported file type {suffix or '(none)'}",
        detail="use .txt, .md, .csv, .tsv, .jsonl or .parquet",
    )
    return []


def _check_options(granularity: str, min_chars: int) -> None:
    if granularity not in GRANULARITIES:
        raise ConfigError(f"granularity must be one of {GRANULARITIES}, got {granularity!r}.")
    if isinstance(min_chars, bool) or not isinstance(min_chars, int) or min_chars < 0:
        raise ConfigError(f"min_chars must be a non-negative integer, got {min_chars!r}.")


def load_corpus(
    path: str | Path | Sequence[str | Path],
    *,
    text_col: str = "text",
    title_col: str | None = "title",
    date_col: str | None = "date",
    id_col: str | None = None,
    dates: str | Path | None = None,
    granularity: str = "article",
    min_chars: int = 200,
    dedupe: bool = True,
    near_duplicates: str | None = "flag",
    near_threshold: float = 0.8,
) -> Corpus:
    """Load articles from folders, text files and tables.

    Parameters
    ----------
    path : str, Path, or a list of them
        Folders are read recursively. ``.txt``/``.md`` files are documents that are
        segmented into articles; ``.csv``/``.tsv``/``.jsonl``/``.parquet`` files hold
        one article per row.
    text_col, title_col, date_col, id_col : str or None
        Column names for tables (see :meth:`Corpus.from_frame`).
    dates : str or Path, optional
        A sidecar CSV with columns ``source`` (a file name, relative path or
        ``doc_id``) and ``date``. Its dates override the detected ones, with
        ``date_scope="sidecar"``.
    granularity : {"article", "section"}, default "article"
        Split documents into whole articles, or into headed sections.
    min_chars : int, default 200
        Fragments shorter than this are merged into the next article or excluded.
    dedupe : bool, default True
        Exclude articles whose text repeats an earlier one, with the reason recorded.
    near_duplicates : {"flag", "exclude", None}, default "flag"
        Articles whose character 5-gram profile has cosine similarity of at least
        ``near_threshold`` with an earlier article (a rewrite, a re-post with a new
        headline) are flagged in the ``near_duplicate_of`` column and the accounting,
        or excluded with that reason.
    near_threshold : float, default 0.8

    Returns
    -------
    Corpus

    Raises
    ------
    InputError
        A path does not exist, a table lacks the text column, or the sidecar is bad.
    EmptyCorpusError
        Nothing usable was found; the message counts the reasons.

    Examples
    --------
    >>> import trendlab as tl, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("제목\\n승인 2024.05.01 10:00\\n" + "본문입니다. " * 50)
    >>> c = tl.load_corpus(d)
    >>> c.frame[["title", "date_source"]].iloc[0].tolist()
    ['제목', "approval: '승인 2024.05.01'"]
    """
    _check_options(granularity, min_chars)
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    if not paths:
        raise InputError("load_corpus: no paths given; pass a folder or file path.")
    acc = AccountingLog()
    columns = dict(text_col=text_col, title_col=title_col, date_col=date_col, id_col=id_col)
    records: list[dict] = []
    for f, root in _expand(paths, acc):
        source = f.relative_to(root).as_posix() if f != root else f.name
        records.extend(_file_records(f, source, acc, granularity=granularity, min_chars=min_chars, columns=columns))
    if dates is not None:
        apply_sidecar(records, Path(dates), acc)
    return _finish(
        records,
        acc,
        dedupe=dedupe,
        what=", ".join(map(str, paths)),
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
    )
