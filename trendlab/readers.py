"""Read files into text or tables: encoding detection, binary detection, table formats.

Encodings are detected with ``charset-normalizer``: UTF-8 (with or without
BOM), UTF-16 (with BOM, or detected), CP949 / EUC-KR and the other encodings
it knows. A file that is empty, binary or undecodable raises a specific
:class:`~trendlab.errors.InputError` subclass naming the file and saying what
to do; the corpus loader turns these into accounting entries.
"""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pandas as pd

from .errors import DecodeError, InputError

__all__ = [
    "TEXT_SUFFIXES",
    "TABLE_SUFFIXES",
    "EmptyFileError",
    "BinaryFileError",
    "read_text",
    "read_table",
]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".pq"}

_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\xd0\xcf\x11\xe0")


class EmptyFileError(InputError):
    """The file has no bytes, or only white space."""


class BinaryFileError(DecodeError):
    """The file holds binary data, not text."""


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


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV, TSV, JSONL or Parquet file into a DataFrame of strings where possible.

    CSV and TSV files are decoded with the same encoding detection as text files.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several unrelated types
            raise InputError(f"{path}: not a readable Parquet file ({exc}).") from exc
    text, _ = read_text(path)
    try:
        if suffix in (".jsonl", ".ndjson"):
            rows = []
            for i, line in enumerate(text.split("\n"), start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"{path}: line {i} is not valid JSON ({exc.msg}); fix or remove that line."
                    ) from exc
                if not isinstance(obj, dict):
                    raise InputError(
                        f'{path}: line {i} is not a JSON object; each line must be one object such as {{"text": ...}}.'
                    )
                rows.append(obj)
            return pd.DataFrame(rows)
        sep = "\t" if suffix == ".tsv" else ","
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise InputError(f"{path}: cannot be parsed as {suffix[1:].upper()} ({exc}).") from exc
