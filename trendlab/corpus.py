"""The Corpus: one row per article, and an accounting of every input.

``load_corpus`` reads folders, text files and tables; ``Corpus.from_frame``
takes a DataFrame. Both return a :class:`Corpus` whose ``frame`` has one row
per article and whose ``accounting`` records what happened to every file,
row, document and segment: loaded, kept, merged, excluded (with the reason),
and the warnings (undated, unparseable date).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .dates import DateHit, extract_date, parse_date
from .errors import ConfigError, EmptyCorpusError, InputError
from .readers import TABLE_SUFFIXES, TEXT_SUFFIXES, read_table, read_text
from .segment import GRANULARITIES, segment_document

__all__ = ["Corpus", "load_corpus", "FRAME_COLUMNS", "ACCOUNTING_COLUMNS"]

log = logging.getLogger(__name__)

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


@dataclass
class _Acc:
    rows: list[dict] = field(default_factory=list)

    def add(self, input, unit, action, reason="", doc_id="", title="", detail=""):
        self.rows.append(
            dict(input=str(input), unit=unit, action=action, reason=reason, doc_id=doc_id, title=title, detail=detail)
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=ACCOUNTING_COLUMNS)


def _slug(s: str) -> str:
    s = re.sub(r"[^\w가-힣]+", "-", s).strip("-").lower()
    return s[:32] or "doc"


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()


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
        acc = _Acc()
        records = _rows_to_records(
            df, source=source, text_col=text_col, title_col=title_col, date_col=date_col, id_col=id_col, acc=acc
        )
        return _finish(records, acc, dedupe=dedupe, what=f"DataFrame {source!r}", near_duplicates=near_duplicates)


def _rows_to_records(df, *, source, text_col, title_col, date_col, id_col, acc) -> list[dict]:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{source}: expected a pandas DataFrame, got {type(df).__name__}.")
    if text_col not in df.columns:
        raise InputError(
            f"{source}: no text column {text_col!r}; the columns are {list(df.columns)}. "
            "Pass text_col= with the name of the column that holds article text."
        )
    for opt, name in (("title_col", title_col), ("date_col", date_col), ("id_col", id_col)):
        if opt == "id_col" and name is not None and name not in df.columns:
            raise InputError(f"{source}: no id column {name!r}; the columns are {list(df.columns)}.")
    if id_col is not None:
        dup = df[id_col].astype(str).duplicated(keep=False)
        if dup.any():
            rows = (df.index[dup][:5] + 1).tolist()
            raise InputError(
                f"{source}: id column {id_col!r} repeats values (rows {rows}); ids must "
                "be unique, or pass id_col=None to generate them."
            )
    known = {text_col, title_col, date_col, id_col}
    extra = [c for c in df.columns if c not in known and c not in FRAME_COLUMNS]
    out = []
    for pos, (_, row) in enumerate(df.iterrows()):
        where = f"{source} row {pos + 1}"
        text = row[text_col]
        text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text).strip()
        if not text:
            acc.add(where, "row", "excluded", "empty text", detail=f"column {text_col!r} is empty")
            continue
        title = ""
        if title_col and title_col in df.columns and isinstance(row[title_col], str):
            title = row[title_col].strip()
        rec = dict(
            source=source,
            title=title or text.split("\n", 1)[0][:80],
            text=text,
            article=title,
            _where=where,
            _order=pos,
        )
        rec["doc_id"] = str(row[id_col]) if id_col else f"{_slug(source)}-r{pos:06d}"
        rec.update({c: row[c] for c in extra})
        if date_col and date_col in df.columns:
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
        if "date" not in rec:
            _apply_hit(rec, extract_date(text), "article")
        out.append(rec)
    return out


def _apply_hit(rec: dict, hit: DateHit | None, scope: str) -> None:
    if hit is None:
        rec.update(date=pd.NaT, date_precision=None, date_source="", date_scope="")
    else:
        rec.update(date=hit.date, date_precision=hit.precision, date_source=hit.source, date_scope=scope)


_STRONG = {"approval", "dateline", "byline"}


def _document_records(text: str, source: str, *, granularity: str, min_chars: int, acc: _Acc):
    doc_hit = extract_date(text)
    segs = segment_document(text, granularity=granularity, min_chars=min_chars)
    out = []
    slug = _slug(Path(source).stem)
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
        doc_id = f"{slug}-{n:03d}-{_digest(source, seg.title, seg.text)[:6]}"
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


def _near_duplicates(texts: list[str], threshold: float) -> dict[int, tuple[int, float]]:
    """{later index: (earlier index, similarity)} for texts whose character 5-gram
    profiles have cosine similarity >= threshold (computed blockwise on sparse vectors)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    if len(texts) < 2:
        return {}
    hv = HashingVectorizer(
        analyzer="char", ngram_range=(5, 5), n_features=2**20, binary=True, norm="l2", alternate_sign=False
    )
    X = hv.transform([re.sub(r"\s+", " ", t) for t in texts]).tocsr()
    found: dict[int, tuple[int, float]] = {}
    block = 2000
    for start in range(0, X.shape[0], block):
        S = (X[start : start + block] @ X[: start + block].T).tocoo()
        for i, j, v in zip(S.row, S.col, S.data):
            gi = start + int(i)
            if int(j) < gi and v >= threshold and gi not in found:
                found[gi] = (int(j), float(v))
    return dict(sorted(found.items()))


def _finish(
    records: list[dict],
    acc: _Acc,
    *,
    dedupe: bool,
    what: str,
    near_duplicates: str | None = "flag",
    near_threshold: float = 0.8,
) -> Corpus:
    if near_duplicates not in (None, "flag", "exclude"):
        raise ConfigError(f"near_duplicates must be 'flag', 'exclude' or None, got {near_duplicates!r}.")
    seen: dict[str, str] = {}
    kept = []
    for rec in records:
        key = _digest(re.sub(r"\s+", " ", rec["text"]).strip())
        if dedupe and key in seen:
            acc.add(
                rec["_where"],
                "article",
                "excluded",
                f"duplicate of {seen[key]}",
                rec["doc_id"],
                rec["title"],
                "identical text after white-space normalisation",
            )
            continue
        seen.setdefault(key, rec["doc_id"])
        rec["near_duplicate_of"] = ""
        kept.append(rec)
    if near_duplicates:
        near = _near_duplicates([r["text"] for r in kept], near_threshold)
        for i, (j, sim) in near.items():
            rec, first = kept[i], kept[j]
            if near_duplicates == "exclude":
                acc.add(
                    rec["_where"],
                    "article",
                    "excluded",
                    f"near-duplicate of {first['doc_id']}",
                    rec["doc_id"],
                    rec["title"],
                    f"character 5-gram cosine {sim:.2f} >= {near_threshold}",
                )
            else:
                rec["near_duplicate_of"] = first["doc_id"]
                acc.add(
                    rec["_where"],
                    "article",
                    "warning",
                    f"near-duplicate of {first['doc_id']}",
                    rec["doc_id"],
                    rec["title"],
                    f"character 5-gram cosine {sim:.2f}; kept (near_duplicates='flag')",
                )
        if near_duplicates == "exclude":
            kept = [r for k, r in enumerate(kept) if k not in near]
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
    if not kept:
        reasons = pd.Series([r["reason"] for r in acc.rows if r["action"] == "excluded"]).value_counts()
        detail = ", ".join(f"{n} {r}" for r, n in reasons.items()) or "no input at all"
        raise EmptyCorpusError(
            f"{what}: no usable articles ({detail}). Check the path and formats "
            "(.txt, .md, .csv, .tsv, .jsonl, .parquet) and the text column."
        )
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
    frame = frame[FRAME_COLUMNS + extra]
    for r in acc.rows:
        if r["action"] == "excluded":
            # unusable files and rows are warnings; page furniture cut from a document is routine
            level = logging.INFO if r["unit"] == "segment" else logging.WARNING
            log.log(level, "excluded %s (%s): %s", r["input"], r["unit"], r["reason"])
    return Corpus(frame.reset_index(drop=True), acc.frame())


def _expand(paths: Iterable[str | Path], acc: _Acc) -> list[tuple[Path, Path]]:
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
    if granularity not in GRANULARITIES:
        raise ConfigError(f"granularity must be one of {GRANULARITIES}, got {granularity!r}.")
    if isinstance(min_chars, bool) or not isinstance(min_chars, int) or min_chars < 0:
        raise ConfigError(f"min_chars must be a non-negative integer, got {min_chars!r}.")
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    if not paths:
        raise InputError("load_corpus: no paths given; pass a folder or file path.")
    acc = _Acc()
    records: list[dict] = []
    from .errors import DecodeError
    from .readers import BinaryFileError, EmptyFileError

    for f, root in _expand(paths, acc):
        source = f.relative_to(root).as_posix() if f != root else f.name
        suffix = f.suffix.lower()
        try:
            if suffix in TEXT_SUFFIXES:
                text, enc = read_text(f)
                recs = _document_records(text, source, granularity=granularity, min_chars=min_chars, acc=acc)
                acc.add(f, "file", "loaded", "", detail=f"encoding {enc}; {len(recs)} articles")
            elif suffix in TABLE_SUFFIXES:
                df = read_table(f)
                recs = _rows_to_records(
                    df, source=source, text_col=text_col, title_col=title_col, date_col=date_col, id_col=id_col, acc=acc
                )
                acc.add(f, "file", "loaded", "", detail=f"{len(df)} rows; {len(recs)} articles")
            else:
                acc.add(
                    f,
                    "file",
                    "excluded",
                    f"unsupported file type {suffix or '(none)'}",
                    detail="use .txt, .md, .csv, .tsv, .jsonl or .parquet",
                )
                continue
        except EmptyFileError:
            acc.add(f, "file", "excluded", "empty file")
            continue
        except BinaryFileError as exc:
            acc.add(f, "file", "excluded", "binary file", detail=str(exc))
            continue
        except DecodeError as exc:
            acc.add(f, "file", "excluded", "undecodable", detail=str(exc))
            continue
        records.extend(recs)
    if dates is not None:
        _apply_sidecar(records, Path(dates), acc)
    return _finish(
        records,
        acc,
        dedupe=dedupe,
        what=", ".join(map(str, paths)),
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
    )


def _apply_sidecar(records: list[dict], path: Path, acc: _Acc) -> None:
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
