"""CSV and TSV read record by record, so that a broken record is reported instead of swallowing the next.

A quote that opens a field and never closes makes a CSV parser read on into the
following lines: two or more records become one row, and nothing says so. Here
every record is first read with Python's :mod:`csv` module in strict mode, line
by line. A record that breaks the format (a quote that does not close its field,
more or fewer fields than the header) is a :class:`Malformed` record: it is read
again from its own line alone, without quoting, and kept when that gives the
header's number of fields; otherwise it is left out. Reading then goes on at the
next line, so the records after it are not lost.

A file without malformed records is parsed by pandas exactly as before.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

__all__ = ["Malformed", "read_delimited", "scan_records"]

#: csv's default field limit (128 KiB) is smaller than some articles.
_FIELD_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class Malformed:
    """A CSV/TSV record that breaks the format.

    Attributes
    ----------
    line : int
        The 1-based line where the record starts.
    why : str
        What is wrong with it.
    kept : bool
        True when it was read from its own line alone (and kept), False when left out.
    excerpt : str
        The start of that line.
    """

    line: int
    why: str
    kept: bool
    excerpt: str


class _Broken(Exception):
    def __init__(self, first: int, why: str):
        super().__init__(why)
        self.first, self.why = first, why


def _strict(lines: list[str], sep: str, start: int) -> Iterator[tuple[int, list[str]]]:
    """``(0-based first line, fields)`` of the records from ``lines[start]``; :class:`_Broken` at a bad one."""
    reader = csv.reader((lines[i] for i in range(start, len(lines))), delimiter=sep, strict=True)
    while True:
        first = start + reader.line_num
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _Broken(first, str(exc)) from None
        yield first, fields


def _alone(line: str, sep: str) -> list[str]:
    """The fields of one line read without quoting; a field wholly in quotes loses them."""
    fields = next(csv.reader([line.rstrip("\n")], delimiter=sep, quoting=csv.QUOTE_NONE), [])
    return [f[1:-1].replace('""', '"') if len(f) >= 2 and f[0] == f[-1] == '"' else f for f in fields]


def _blank(fields: list[str]) -> bool:
    return len(fields) <= 1 and not "".join(fields).strip()


def scan_records(text: str, sep: str) -> tuple[list[str] | None, list[list[str]], list[Malformed]]:
    """The header, the records that fit it, and the malformed records of a delimited text.

    Parameters
    ----------
    text : str
        The decoded file, with ``\\n`` line ends.
    sep : str
        The delimiter.

    Returns
    -------
    header : list of str or None
        None when the text holds no record.
    rows : list of list of str
        The records with the header's number of fields (repaired ones included), in file order.
    malformed : list of Malformed
    """
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)  # on \n only: U+2028 and the like are text
    header: list[str] | None = None
    rows: list[list[str]] = []
    bad: list[Malformed] = []
    pos = 0
    while pos is not None:
        records = _strict(lines, sep, pos)
        pos = None
        try:
            for first, fields in records:
                if _blank(fields):
                    continue
                if header is None:
                    header = fields
                elif len(fields) == len(header):
                    rows.append(fields)
                elif len(fields) < len(header):  # as pandas does: missing trailing cells are empty
                    rows.append(fields + [""] * (len(header) - len(fields)))
                    why = f"{len(fields)} fields where the header has {len(header)}; the missing cells left empty"
                    bad.append(Malformed(first + 1, why, True, lines[first].strip()[:80]))
                else:
                    why = f"{len(fields)} fields where the header has {len(header)}"
                    bad.append(Malformed(first + 1, why, False, lines[first].strip()[:80]))
        except _Broken as exc:
            fields = _alone(lines[exc.first], sep)
            kept = header is None or len(fields) == len(header)
            if header is None:
                header = fields
            elif kept:
                rows.append(fields)
            why = f"{exc.why}: a quote does not close its field" + ("; read from its line alone" if kept else "")
            bad.append(Malformed(exc.first + 1, why, kept, lines[exc.first].strip()[:80]))
            pos = exc.first + 1
    return header, rows, bad


def read_delimited(text: str, sep: str) -> tuple[pd.DataFrame, list[Malformed]]:
    """A CSV/TSV text as a DataFrame of strings, and its malformed records.

    Without malformed records the text is parsed by :func:`pandas.read_csv`
    (``dtype=str``, empty cells as ``""``). With them, the frame holds the records
    that fit the header, in file order, under the column names pandas gives the header.

    Raises
    ------
    pandas.errors.ParserError
        pandas cannot parse a text the record scan found well-formed.
    """
    header, rows, bad = scan_records(text, sep)
    if not bad or header is None:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False), bad
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep).writerow(header)
    columns = pd.read_csv(io.StringIO(buf.getvalue()), sep=sep, dtype=str, nrows=0).columns
    return pd.DataFrame(rows, columns=columns, dtype=str), bad
