"""The files of a :class:`trendlab.store.Store`: its manifest, and Parquet tables partitioned by month.

Data files are written first under new names; the store changes only when ``manifest.json`` is
replaced (an atomic rename), and readers read only the files the manifest lists. So a crash while
writing leaves the store as it was, and the next write removes the files no manifest lists.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from pathlib import Path

import pandas as pd

from .errors import InputError
from .records import text_hash

__all__ = ["FORMAT_VERSION", "TABLES", "StoreFiles", "by_month", "month_of", "ordered", "plain", "sync", "text_hash"]

FORMAT_VERSION = 1
TABLES = ("articles", "tokens", "assignments", "accounting")


def month_of(dates: pd.Series) -> pd.Series:
    d = pd.to_datetime(dates, errors="coerce")
    return d.dt.strftime("%Y-%m").fillna("undated")


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Articles in a store's canonical order: date (undated last), then doc_id."""
    if frame.empty:
        return frame
    key = frame.assign(_d=pd.to_datetime(frame["date"], errors="coerce"))
    return key.sort_values(["_d", "doc_id"], na_position="last", kind="stable").drop(columns="_d")


def by_month(paths: list[str]) -> dict[str, list[str]]:
    """Store file paths grouped by their ``month=`` folder, months in order."""
    out: dict[str, list[str]] = {}
    for p in paths:
        month = next((part[6:] for part in Path(p).parts if part.startswith("month=")), "undated")
        out.setdefault(month, []).append(p)
    return dict(sorted(out.items()))


class StoreFiles:
    """The manifest and the Parquet files of a store folder."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @property
    def manifest(self) -> dict:
        """The store's manifest (an empty store's when nothing was added yet)."""
        f = self.path / "manifest.json"
        if not f.is_file():
            return {"format_version": FORMAT_VERSION, "generation": 0, "files": {t: [] for t in TABLES}}
        try:
            m = json.loads(f.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{f}: the store's manifest cannot be read ({exc}).") from exc
        if m.get("format_version") != FORMAT_VERSION:
            raise InputError(f"{f}: store format {m.get('format_version')!r}; this trendlab reads {FORMAT_VERSION}.")
        return m

    @contextlib.contextmanager
    def lock(self):
        """Hold the store's write lock: one add or refit at a time, in any process on this machine
        (``<store>/.lock``, an advisory ``flock``)."""
        import fcntl

        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def commit(self, manifest: dict, previous: dict) -> None:
        """Replace the manifest atomically (written and synced to disk first), then remove the files
        that neither it nor the ``previous`` manifest lists: a reader still working from the
        previous generation finds its files."""
        delay = float(os.environ.get("TRENDLAB_STORE_COMMIT_DELAY", "0") or 0)  # crash tests only
        if delay:
            time.sleep(delay)
        manifest["generation"] = int(previous.get("generation", 0)) + 1
        manifest["previous_files"] = sorted({p for t in TABLES for p in previous["files"][t]})
        tmp = self.path / f".manifest-{uuid.uuid4().hex}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(manifest, ensure_ascii=False, indent=1))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / "manifest.json")
        _sync_dir(self.path)
        self.sweep(manifest)

    def sweep(self, manifest: dict) -> None:
        """Remove the files of interrupted writes and of generations before the previous one."""
        listed = {self.path / p for t in TABLES for p in manifest["files"][t]}
        listed |= {self.path / p for p in manifest.get("previous_files", [])}
        for table in TABLES:
            for f in (self.path / table).rglob("*.parquet") if (self.path / table).is_dir() else []:
                if f not in listed:
                    f.unlink(missing_ok=True)
        for f in self.path.glob(".manifest-*.tmp"):
            f.unlink(missing_ok=True)
        keep = {f"v{m['version']}" for m in manifest.get("models", [])}
        for d in (self.path / "models").glob("v*") if (self.path / "models").is_dir() else []:
            if d.name not in keep:
                shutil.rmtree(d, ignore_errors=True)

    def read(self, table: str, columns=None, manifest: dict | None = None) -> pd.DataFrame:
        """One table of the store, as listed by ``manifest`` (default: the current one)."""
        m = manifest if manifest is not None else self.manifest
        return self.read_files(m["files"][table], columns)

    def read_files(self, paths: list[str], columns=None) -> pd.DataFrame:
        """The rows of some of the store's files (paths relative to the store), in the order given."""
        import pyarrow.parquet as pq

        files = [self.path / p for p in paths]
        if not files:
            return pd.DataFrame()
        missing = [f for f in files if not f.is_file()]
        if missing:
            raise InputError(
                f"{self.path}: the manifest lists {missing[0]}, which is missing ({len(missing)} files in all); "
                "the store was changed by hand or copied in part. Restore the folder, or build the store again."
            )
        parts = [pq.read_table(f, columns=columns).to_pandas() for f in files]
        return pd.concat(parts, ignore_index=True)

    def write(self, table: str, frame: pd.DataFrame, prefix: str = "") -> list[str]:
        """Write ``frame`` as one new file per month; returns their paths, relative to the store."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = []
        name = uuid.uuid4().hex
        groups = frame.groupby("month", sort=True) if "month" in frame.columns else [(None, frame)]
        for month, part in groups:
            rel = Path(table) / prefix / (f"month={month}" if month is not None else "") / f"{name}.parquet"
            (self.path / rel).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pandas(part.reset_index(drop=True), preserve_index=False), self.path / rel)
            out.append(rel.as_posix())
        sync([self.path / p for p in out])
        return out


def sync(files: list[Path]) -> None:
    """Put ``files`` and their folders' entries on disk, before a manifest can list them."""
    for f in files:
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    for d in {f.parent for f in files} | {f.parent.parent for f in files}:
        _sync_dir(d)


def _sync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (where the platform allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns Parquet can hold as they are: objects that are not text become JSON text."""
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object:
            vals = out[c].dropna()
            if len(vals) and not all(isinstance(v, str) for v in vals):
                out[c] = out[c].map(lambda v: v if v is None or isinstance(v, str) else json.dumps(v, default=str))
    return out
