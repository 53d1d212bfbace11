"""Read files into text or tables: encoding detection, binary detection, table formats.

Tables are CSV and TSV (checked record by record, see :mod:`trendlab.delimited`),
JSON lines, Parquet and Excel workbooks (``.xlsx``, ``.xlsm``, ``.xls``, read with
``python-calamine``; the first sheet unless one is named).

Encodings are detected with ``charset-normalizer``: UTF-8 (with or without
BOM), UTF-16 (with BOM, or detected), CP949 / EUC-KR and the other encodings
it knows. A file that is empty, binary or undecodable raises a specific
:class:`~trendlab.errors.InputError` subclass naming the file and saying what
to do; the corpus loader turns these into accounting entries.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .delimited import Malformed, read_delimited
from .errors import DecodeError, InputError

__all__ = [
    "TEXT_SUFFIXES",
    "TABLE_SUFFIXES",
    "EXCEL_SUFFIXES",
    "EmptyFileError",
    "BinaryFileError",
    "UnreadableTableError",
    "Table",
    "read_text",
    "read_table",
    "load_table",
]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".pq"} | EXCEL_SUFFIXES

_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\xd0\xcf\x11\xe0")


class EmptyFileError(InputError):
    """The file has no bytes, or only white space."""


class BinaryFileError(DecodeError):
    """The file holds binary data, not text."""


class UnreadableTableError(InputError):
    """A table file cannot be parsed in its format (a corrupt or protected workbook, bad JSON lines...)."""

    def __init__(self, message: str, reason: str = "unreadable table"):
        super().__init__(message)
        self.reason = reason


@dataclass
class Table:
    """A table read from a file.

    Attributes
    ----------
    frame : pandas.DataFrame
        The rows that could be read.
    malformed : list of Malformed
        The CSV/TSV records that broke the format: read from their line alone, or left out.
    """

    frame: pd.DataFrame
    malformed: list[Malformed] = field(default_factory=list)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"{path}: starts with a {enc} byte-order mark but is not valid {enc} "
                    f"({exc.reason} at byte {exc.start}); re-save it as UTF-8."
                ) from exc
    if data.startswith(_BINARY_MAGIC):
        raise BinaryFileError(
            f"{path}: is a binary file (PDF, archive, image or executable), not text; "
            "convert it to .txt or remove it from the input."
        )
    try:
        return _check_text(data.decode("utf-8"), "utf-8", path), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        if b"\x00" in data[:4096]:
            raise BinaryFileError(
                f"{path}: contains NUL bytes and no text encoding fits; it looks "
                "binary. Convert it to UTF-8 text or remove it from the input."
            )
        raise DecodeError(
            f"{path}: cannot be decoded as UTF-8, UTF-16, CP949/EUC-KR or another known encoding; re-save it as UTF-8."
        )
    return _check_text(str(best), best.encoding, path), best.encoding


def _check_text(text: str, encoding: str, path: Path) -> str:
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t\f"))
    if bad > max(2, 0.01 * len(text)):
        raise BinaryFileError(
            f"{path}: decodes as {encoding} only to control characters; it looks "
            "binary. Convert it to UTF-8 text or remove it from the input."
        )
    return text


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a text file, detecting its encoding.

    Returns
    -------
    text : str
        The decoded text, without a byte-order mark, with ``\\n`` line ends.
    encoding : str
        The encoding that decoded it.

    Raises
    ------
    EmptyFileError, BinaryFileError, DecodeError
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFileError(f"{path}: the file is empty; remove it or fill it with article text.")
    text, enc = _decode(data, path)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFileError(f"{path}: the file holds only white space; remove it or add article text.")
    return text, enc


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    """The first sheet (or ``sheet``, a name or 0-based index) of an Excel workbook, read with calamine."""
    try:
        book = pd.ExcelFile(path, engine="calamine")
    except Exception as exc:  # calamine raises its own types for corrupt, encrypted and foreign files
        raise UnreadableTableError(
            f"{path}: not a readable Excel workbook ({type(exc).__name__}: {exc}). If it is password-protected, "
            "save an unprotected copy; if it is damaged, open and re-save it, or export it as CSV."
        ) from exc
    with book:
        names = book.sheet_names
        target = 0 if sheet is None else sheet
        if isinstance(target, str) and target not in names and target.strip().isdigit():
            target = int(target)  # "--sheet 1" at the command line: a name first, else an index
        if (isinstance(target, int) and not 0 <= target < len(names)) or (
            isinstance(target, str) and target not in names
        ):
            raise UnreadableTableError(
                f"{path}: no sheet {target!r}; the sheets are {names}. Pass sheet= with a sheet name or "
                "0-based index (--sheet at the command line).",
                reason="no such sheet",
            )
        try:  # cells as stored: a text cell such as BigKinds' 뉴스 식별자 "01100101.2024..." stays text
            return pd.read_excel(book, sheet_name=target, dtype=object)
        except Exception as exc:
            raise UnreadableTableError(f"{path}: sheet {target!r} cannot be read ({exc}).") from exc


def load_table(path: str | Path, *, sheet: str | int | None = None) -> Table:
    """Read a table file, with the CSV/TSV records that had to be repaired or left out.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``, ``.parquet``/``.pq`` or ``.xlsx``/``.xlsm``/``.xls`` file.
    sheet : str or int, optional
        The sheet of an Excel workbook (a name, or a 0-based index; a string of digits that
        names no sheet is an index); by default the first. Other formats ignore it.

    Returns
    -------
    Table

    Raises
    ------
    EmptyFileError, BinaryFileError, DecodeError
        For CSV, TSV and JSONL, as :func:`read_text`.
    UnreadableTableError
        The file cannot be parsed in its format, or the sheet does not exist.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return Table(_read_excel(path, sheet))
    if suffix in (".parquet", ".pq"):
        try:
            return Table(pd.read_parquet(path))
        except Exception as exc:  # pyarrow raises several unrelated types
            raise UnreadableTableError(f"{path}: not a readable Parquet file ({exc}).") from exc
    text, _ = read_text(path)
    if suffix in (".jsonl", ".ndjson"):
        return Table(_read_jsonl(text, path))
    try:
        frame, malformed = read_delimited(text, "\t" if suffix == ".tsv" else ",")
    except pd.errors.ParserError as exc:
        raise UnreadableTableError(f"{path}: cannot be parsed as {suffix[1:].upper()} ({exc}).") from exc
    return Table(frame, malformed)


def _read_jsonl(text: str, path: Path) -> pd.DataFrame:
    rows = []
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UnreadableTableError(
                f"{path}: line {i} is not valid JSON ({exc.msg}); fix or remove that line."
            ) from exc
        if not isinstance(obj, dict):
            raise UnreadableTableError(
                f'{path}: line {i} is not a JSON object; each line must be one object such as {{"text": ...}}.'
            )
        rows.append(obj)
    return pd.DataFrame(rows)


def read_table(path: str | Path, *, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a CSV, TSV, JSONL, Parquet or Excel file into a DataFrame (CSV and TSV cells as strings).

    CSV and TSV files are decoded with the same encoding detection as text files; their
    malformed records are repaired or left out as :func:`load_table` says (use it to learn which).
    """
    return load_table(path, sheet=sheet).frame
