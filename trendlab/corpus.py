"""The Corpus: one row per article, and an accounting of every input.

``load_corpus`` reads folders, text files and tables; ``Corpus.from_frame``
takes a DataFrame. Both return a :class:`Corpus` whose ``frame`` has one row
per article and whose ``accounting`` records what happened to every file,
row, document and segment: loaded, kept, merged, excluded (with the reason),
how each table's columns were mapped, and the warnings (undated, unparseable
date, implausible date, malformed CSV record).

This module holds the loaders and the :class:`Corpus` class; reading files and
assembling the article table live in :mod:`trendlab.intake`, finding a table's
columns in :mod:`trendlab.columns`, building records from rows and documents in
:mod:`trendlab.records`, and duplicate detection in :mod:`trendlab.duplicates`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from .columns import AUTO
from .errors import EmptyCorpusError, InputError
from .intake import check_options, expand, file_records, finish
from .records import ACCOUNTING_COLUMNS, FRAME_COLUMNS, AccountingLog, apply_sidecar, rows_to_records

__all__ = ["Corpus", "load_corpus", "iter_corpora", "file_corpus", "FRAME_COLUMNS", "ACCOUNTING_COLUMNS", "AUTO"]


class Corpus:
    """Articles with their metadata, plus the accounting of every input.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per article with at least the columns in :data:`FRAME_COLUMNS`.
    accounting : pandas.DataFrame, optional
        The trace of inputs to articles (:data:`ACCOUNTING_COLUMNS`).

    Notes
    -----
    ``frame["source"]`` names the file (relative to the loaded folder) or DataFrame an
    article came from, unless an input table has a ``source`` column of its own: the
    user's column is never overwritten, so ``source`` then keeps the user's values
    (``""`` where blank) and trendlab's provenance moves to a ``tl_source`` column.
    Other user columns whose names trendlab uses (``date_source``, ``article``,
    ``n_chars`` ...) are carried as ``user_<name>``.

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
        text_col=AUTO,
        title_col=AUTO,
        date_col=AUTO,
        id_col=AUTO,
        meta_cols: Sequence[str] | None = None,
        source: str = "frame",
        dedupe: bool = True,
        near_duplicates: str | None = "flag",
        implausible_dates: str = "flag",
    ) -> Corpus:
        """Build a corpus from a DataFrame with one article per row.

        Parameters
        ----------
        df : pandas.DataFrame
        text_col : str, optional
            The column holding article text (required). By default it is found among the
            known headers (``text``, ``본문``, ``기사내용``, ``내용``, ``content``, ``body`` ...).
        title_col, date_col : str or None, optional
            The title and date columns; by default found among the known headers
            (``title``, ``제목``, ``기사제목``, ``headline`` / ``date``, ``일자``, ``날짜``,
            ``작성일``, ``published`` ...); ``None`` uses none. Dates are parsed from ISO,
            Korean and ``YYYYMMDD`` formats; a date that cannot be parsed leaves the article
            undated with a warning.
        id_col : str or None, optional
            Column of unique ids to use as ``doc_id``; by default a ``doc_id``, ``id``,
            ``뉴스 식별자`` or ``기사ID`` column when there is one. ``None`` makes ids from the
            row. Repeated or blank ids are an :class:`~trendlab.errors.InputError`.
        meta_cols : list of str, optional
            The other columns to carry as metadata; by default all of them.
        source : str, default "frame"
            Name recorded in ``source`` and in the accounting.
        dedupe : bool, default True
            Exclude rows whose text repeats an earlier row's, with the reason recorded.
        near_duplicates : {"flag", "exclude", None}, default "flag"
            See :func:`load_corpus`.
        implausible_dates : {"flag", "exclude", "keep"}, default "flag"
            See :func:`load_corpus`.

        Notes
        -----
        The columns found are recorded in the accounting (unit ``"table"``, action
        ``"mapped"``). Known outlet, section and URL headers (``언론사``, ``매체``, ``press``;
        ``통합 분류1``; ``링크``, ``link``) are carried as ``outlet``, ``section`` and ``url``;
        other columns under their own names (see the class notes for ``source``).
        """
        check_options(near_duplicates=near_duplicates, implausible_dates=implausible_dates)
        acc = AccountingLog()
        columns = dict(text_col=text_col, title_col=title_col, date_col=date_col, id_col=id_col, meta_cols=meta_cols)
        records = rows_to_records(df, source=source, acc=acc, **columns)
        frame = finish(
            records,
            acc,
            dedupe=dedupe,
            what=f"DataFrame {source!r}",
            near_duplicates=near_duplicates,
            implausible_dates=implausible_dates,
        )
        return cls(frame, acc.frame())


def load_corpus(
    path: str | Path | Sequence[str | Path],
    *,
    text_col=AUTO,
    title_col=AUTO,
    date_col=AUTO,
    id_col=AUTO,
    meta_cols: Sequence[str] | None = None,
    sheet: str | int | None = None,
    dates: str | Path | None = None,
    granularity: str = "article",
    min_chars: int = 200,
    dedupe: bool = True,
    near_duplicates: str | None = "flag",
    near_threshold: float = 0.8,
    implausible_dates: str = "flag",
) -> Corpus:
    """Load articles from folders, text files and tables.

    Parameters
    ----------
    path : str, Path, or a list of them
        Folders are read recursively. ``.txt``/``.md`` files are documents that are
        segmented into articles; ``.csv``/``.tsv``/``.jsonl``/``.parquet`` files and
        ``.xlsx``/``.xls`` workbooks (BigKinds exports included) hold one article per row.
    text_col, title_col, date_col, id_col, meta_cols : optional
        The columns of tables; by default found among the known Korean and English
        headers (see :meth:`Corpus.from_frame`). A name given here overrides them for
        every table; ``None`` turns off a title, date or id column.
    sheet : str or int, optional
        The sheet of Excel workbooks (a name or 0-based index); by default the first.
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
    implausible_dates : {"flag", "exclude", "keep"}, default "flag"
        Articles dated after today or before 1990: ``"flag"`` keeps them with their
        date and a warning in the accounting (reason ``"date in the future"`` or
        ``"date before 1990"``), ``"exclude"`` drops them with that reason, ``"keep"``
        says nothing.

    Returns
    -------
    Corpus

    Raises
    ------
    InputError
        A path does not exist, the sidecar is bad, or a table named directly cannot be
        read or lacks a text column (in a folder such a table is excluded, with the
        reason in the accounting, and the rest loads).
    EmptyCorpusError
        Nothing usable was found; the message counts the reasons.

    Notes
    -----
    Every input is accounted for: a CSV/TSV record that breaks the format (a quote that
    does not close) is read from its own line when it can be, else left out, and is
    listed with its line number (reason ``"malformed CSV record"``), never merged into
    the next record silently. Exclusions are logged as one summary line per kind.

    Examples
    --------
    >>> import trendlab as tl, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("제목\\n승인 2024.05.01 10:00\\n" + "본문입니다. " * 50)
    >>> c = tl.load_corpus(d)
    >>> c.frame[["title", "date_source"]].iloc[0].tolist()
    ['제목', "approval: '승인 2024.05.01'"]
    """
    check_options(granularity, min_chars, near_duplicates, implausible_dates)
    paths = _paths(path)
    acc = AccountingLog()
    columns = dict(text_col=text_col, title_col=title_col, date_col=date_col, id_col=id_col, meta_cols=meta_cols)
    records: list[dict] = []
    for f, root, in_folder in expand(paths, acc):
        records.extend(_records(f, root, in_folder, acc, granularity, min_chars, columns, sheet))
    if dates is not None:
        apply_sidecar(records, Path(dates), acc)
    frame = finish(
        records,
        acc,
        dedupe=dedupe,
        what=", ".join(map(str, paths)),
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
        implausible_dates=implausible_dates,
    )
    return Corpus(frame, acc.frame())


def iter_corpora(
    path: str | Path | Sequence[str | Path],
    *,
    text_col=AUTO,
    title_col=AUTO,
    date_col=AUTO,
    id_col=AUTO,
    meta_cols: Sequence[str] | None = None,
    sheet: str | int | None = None,
    granularity: str = "article",
    min_chars: int = 200,
    dedupe: bool = True,
    near_duplicates: str | None = "flag",
    near_threshold: float = 0.8,
    implausible_dates: str = "flag",
    mapper=None,
) -> Iterator[Corpus]:
    """:func:`load_corpus` one input file at a time: a generator of one :class:`Corpus` per file.

    Only one file's articles are in memory at a time, so :meth:`trendlab.Store.add` can take an
    archive of any size, file by file (one export per month, as BigKinds gives them). The options
    are :func:`load_corpus`'s (a dates sidecar needs every file at once: use :func:`load_corpus`).
    Exact and near duplicates are found within a file; the store drops texts it already holds.
    A first Corpus, with no articles, carries the accounting of the files a folder held but that
    were skipped (hidden files, lock files); a file with no usable article yields a Corpus with no
    articles and the reasons in its accounting. Every file is accounted for.

    ``mapper``, like :func:`itertools.starmap` (the default), calls :func:`file_corpus` on each
    file's arguments and yields the Corpora in order; :meth:`trendlab.Store.add` passes one that
    reads the files on Dask workers.

    Raises
    ------
    InputError
        A path does not exist, or a table named directly cannot be read or lacks a text column.
    """
    check_options(granularity, min_chars, near_duplicates, implausible_dates)
    acc = AccountingLog()
    found = expand(_paths(path), acc)
    yield Corpus(_empty_frame(), acc.frame())
    options = dict(
        columns=dict(text_col=text_col, title_col=title_col, date_col=date_col, id_col=id_col, meta_cols=meta_cols),
        granularity=granularity,
        min_chars=min_chars,
        sheet=sheet,
        dedupe=dedupe,
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
        implausible_dates=implausible_dates,
    )
    items = [
        (Path(os.path.abspath(f)), Path(os.path.abspath(root)), in_folder, options) for f, root, in_folder in found
    ]
    yield from (mapper or itertools.starmap)(file_corpus, items)


def file_corpus(f: Path, root: Path, in_folder: bool, options: dict) -> Corpus:
    """The Corpus of one file found under ``root`` (see :func:`iter_corpora`; runs on Dask workers too)."""
    acc = AccountingLog()
    records = _records(
        f, root, in_folder, acc, options["granularity"], options["min_chars"], options["columns"], options["sheet"]
    )
    try:
        frame = finish(
            records,
            acc,
            dedupe=options["dedupe"],
            what=str(f),
            near_duplicates=options["near_duplicates"],
            near_threshold=options["near_threshold"],
            implausible_dates=options["implausible_dates"],
        )
    except EmptyCorpusError:
        frame = _empty_frame()
    return Corpus(frame, acc.frame())


def _paths(path) -> list:
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    if not paths:
        raise InputError("load_corpus: no paths given; pass a folder or file path.")
    return paths


def _records(f: Path, root: Path, in_folder: bool, acc, granularity, min_chars, columns, sheet) -> list[dict]:
    source = f.relative_to(root).as_posix() if f != root else f.name
    return file_records(
        f, source, acc, granularity=granularity, min_chars=min_chars, columns=columns, sheet=sheet, in_folder=in_folder
    )


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "date" else object) for c in FRAME_COLUMNS})
