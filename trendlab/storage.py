"""The files of a :class:`trendlab.store.Store`: its manifest, and Parquet tables partitioned by month.

Data files are written first under new names; the store changes only when ``manifest.json`` is
replaced (an atomic rename), and readers read only the files the manifest lists. So a crash while
writing leaves the store as it was, and the next write removes the files no manifest lists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from pathlib import Path

import pandas as pd

from .errors import InputError
from .records import digest

__all__ = ["FORMAT_VERSION", "TABLES", "StoreFiles", "month_of", "plain", "text_hash"]

FORMAT_VERSION = 1
TABLES = ("articles", "tokens", "assignments", "accounting")


def text_hash(text: str) -> str:
    """The key that finds a stored article again: SHA-1 of the white-space-normalised text."""
    return digest(re.sub(r"\s+", " ", text).strip())


def month_of(dates: pd.Series) -> pd.Series:
    d = pd.to_datetime(dates, errors="coerce")
    return d.dt.strftime("%Y-%m").fillna("undated")


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

    def commit(self, manifest: dict) -> None:
        """Replace the manifest atomically, then remove files no manifest lists."""
        delay = float(os.environ.get("TRENDLAB_STORE_COMMIT_DELAY", "0") or 0)  # crash tests only
        if delay:
            time.sleep(delay)
        manifest["generation"] = int(manifest.get("generation", 0)) + 1
        tmp = self.path / f".manifest-{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, self.path / "manifest.json")
        self.sweep(manifest)

    def sweep(self, manifest: dict) -> None:
        listed = {self.path / p for t in TABLES for p in manifest["files"][t]}
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

    def read(self, table: str, columns=None) -> pd.DataFrame:
        import pyarrow.parquet as pq

        files = [self.path / p for p in self.manifest["files"][table]]
        if not files:
            return pd.DataFrame()
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
        return out


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns Parquet can hold as they are: objects that are not text become JSON text."""
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object:
            vals = out[c].dropna()
            if len(vals) and not all(isinstance(v, str) for v in vals):
                out[c] = out[c].map(lambda v: v if v is None or isinstance(v, str) else json.dumps(v, default=str))
    return out
