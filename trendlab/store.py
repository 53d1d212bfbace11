"""An article store: Parquet files partitioned by month, added to month by month.

A store is a folder::

    manifest.json                       what the store holds (the only file readers trust)
    articles/month=2024-11/<id>.parquet articles as Corpus.frame rows, with text_hash
    tokens/month=2024-11/<id>.parquet   their text and title tokens
    assignments/gen=<g>/month=.../<id>.parquet  themes and topics, with the model version
    accounting/<id>.parquet             every input row and file: kept, merged, excluded
    models/v<k>/                        the topic model of version k (TopicModel.save, no pickle)

Data files are written first under new names; the store changes only when ``manifest.json`` is
replaced (an atomic rename), so a crash in the middle of :meth:`Store.add` leaves the store as it
was (the half-written files are not listed, and the next write removes them).

:meth:`Store.add` reads new input, drops articles whose text is already stored (by hash of the
white-space-normalised text), tokenizes only the new ones and assigns their themes with the
stored model, without refitting; the first add fits the model. :meth:`Store.refit` fits a new
model version on everything and reassigns every article. Articles are kept in one canonical
order (date, then doc_id), so a store built month by month and refitted gives the same model
and assignments as one built from all months at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corpus import Corpus
from .errors import ConfigError, InputError
from .ingest import assign_months, new_articles, units, write_unit
from .intake import raise_empty
from .models import TopicModel
from .partitions import fit_sample, fit_stored
from .pipeline import Analysis, summarize
from .records import ACCOUNTING_COLUMNS
from .storage import TABLES, StoreFiles, ordered, sync
from .themes import ThemeSet, as_theme_set
from .tokenize import KiwiTokenizer
from .tokens import Tokens

__all__ = ["Store", "AddResult", "RefitResult"]

log = logging.getLogger(__name__)


@dataclass
class AddResult:
    """What :meth:`Store.add` did: articles read, added, already stored (their text), repeated (the
    text of an earlier file of the same add); the model that assigned them."""

    read: int
    added: int
    already_stored: int
    model_version: int
    fitted: bool
    repeated: int = 0


@dataclass
class RefitResult:
    """What :meth:`Store.refit` did: the new model version and how many articles changed theme."""

    model_version: int
    articles: int
    changed_theme: int
    changed_topic: int


class Store:
    """A folder of Parquet files partitioned by month (see the module docstring).

    Parameters
    ----------
    path : str or Path
        The store's folder; created by the first :meth:`add`.

    Examples
    --------
    >>> store = Store("news-store")                          # doctest: +SKIP
    >>> store.add("exports/2024-11.xlsx")                    # doctest: +SKIP
    >>> store.sql("select month, count(*) from articles group by month")  # doctest: +SKIP
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.files = StoreFiles(self.path)

    @property
    def manifest(self) -> dict:
        """The store's manifest (an empty store's when nothing was added yet)."""
        return self.files.manifest

    def __len__(self) -> int:
        return int(self.manifest.get("articles", 0))

    # -- reading ---------------------------------------------------------------
    def corpus(self, manifest: dict | None = None) -> Corpus:
        """Every stored article as a :class:`~trendlab.Corpus`, with the accounting of every add.

        The readers take an optional ``manifest`` so that several tables are read from one
        generation of the store while a writer may be committing the next."""
        m = manifest if manifest is not None else self.manifest
        articles = self.files.read("articles", manifest=m)
        frame = ordered(articles).drop(columns=["text_hash", "month"], errors="ignore")
        acc = self.files.read("accounting", manifest=m)
        acc = acc[[c for c in ACCOUNTING_COLUMNS if c in acc.columns]] if not acc.empty else None
        return Corpus(frame.reset_index(drop=True), acc)

    def tokenizer(self, manifest: dict | None = None) -> KiwiTokenizer:
        params = (manifest if manifest is not None else self.manifest).get("tokenizer", {}).get("params")
        return KiwiTokenizer(**params) if params else KiwiTokenizer()

    def themes(self, manifest: dict | None = None) -> ThemeSet:
        stored = (manifest if manifest is not None else self.manifest).get("themes")
        return ThemeSet.from_dict(stored) if stored else as_theme_set(None)

    def tokens(self, corpus: Corpus | None = None, manifest: dict | None = None) -> Tokens:
        """The stored tokens, aligned with :meth:`corpus` (or the corpus given)."""
        m = manifest if manifest is not None else self.manifest
        corpus = corpus if corpus is not None else self.corpus(m)
        t = self.files.read("tokens", manifest=m).set_index("doc_id")
        ids = corpus.doc_ids
        return Tokens(
            tuple(ids), [list(x) for x in t.loc[ids, "text"]], [list(x) for x in t.loc[ids, "title"]], self.tokenizer(m)
        )

    def model(self, manifest: dict | None = None) -> TopicModel | None:
        """The current topic model (None in an empty store)."""
        version = (manifest if manifest is not None else self.manifest).get("model_version")
        return TopicModel.load(self.path / "models" / f"v{version}") if version else None

    def assignments(self, manifest: dict | None = None) -> pd.DataFrame:
        """Themes and topics of every stored article, in corpus order, with ``model_version``."""
        m = manifest if manifest is not None else self.manifest
        a = self.files.read("assignments", manifest=m)
        if a.empty:
            raise InputError(f"{self.path}: the store holds no article yet; add some with trendlab add / Store.add.")
        order = {d: i for i, d in enumerate(self.corpus(m).doc_ids)}
        a = a.assign(_o=a["doc_id"].map(order)).sort_values("_o").drop(columns=["_o", "month"], errors="ignore")
        return a.reset_index(drop=True)

    def sql(self, query: str) -> pd.DataFrame:
        """Run SQL (DuckDB) over the views ``articles``, ``tokens``, ``assignments`` and ``accounting``."""
        try:
            import duckdb
        except ImportError as exc:
            raise ConfigError("Store.sql needs DuckDB: pip install 'trendlab[store]' (or duckdb).") from exc
        m = self.manifest
        if not m["files"]["articles"]:
            raise InputError(f"{self.path}: the store holds no article yet; add some with trendlab add / Store.add.")
        con = duckdb.connect()
        for table in TABLES:
            files = ", ".join("'" + str(self.path / p).replace("'", "''") + "'" for p in m["files"][table])
            if files:
                con.execute(f"create view {table} as select * from read_parquet([{files}], union_by_name=true)")
        return con.execute(query).df()

    def analyze(self, *, freq: str = "year", by: str | None = None, validation=None) -> Analysis:
        """An :class:`~trendlab.pipeline.Analysis` of the stored articles, ready for the report."""
        m = self.manifest  # one generation for every table, whatever a writer does meanwhile
        corpus = self.corpus(m)
        assignments = self.assignments(m)
        versions = assignments["model_version"].value_counts().sort_index()
        note = (
            f"Read from the store {self.path} (generation {m['generation']}): themes and topics assigned by "
            + ", ".join(f"model v{v} ({n} articles)" for v, n in versions.items())
            + f"; the current model is v{m['model_version']}, fitted on {m['models'][-1]['fitted_on']} articles."
        )
        return summarize(
            corpus,
            self.tokens(corpus, m),
            self.model(m),
            self.themes(m),
            assignments,
            freq=freq,
            by=by,
            validation=validation,
            notes=[note],
        )

    # -- writing ---------------------------------------------------------------
    def _known(self) -> dict[str, str]:
        a = self.files.read("articles", columns=["text_hash", "doc_id"])
        return dict(zip(a["text_hash"], a["doc_id"])) if not a.empty else {}

    def add(
        self,
        source,
        *,
        themes=None,
        backend: str = "bertopic",
        random_state: int = 0,
        tokenizer: KiwiTokenizer | None = None,
        load_options: dict | None = None,
        cache=True,
        progress: bool = False,
        client=None,
    ) -> AddResult:
        """Add the articles of ``source`` (paths or a Corpus) that the store does not hold yet.

        They are tokenized and assigned themes with the stored model, which is not refitted
        (:meth:`refit` does that). The first add creates the store and fits the model on its
        articles (at most ``FIT_SAMPLE`` of them, see :func:`fit_sample`), with ``backend``,
        ``themes``, ``tokenizer`` and ``random_state``; later adds use the stored ones and refuse
        different ``themes`` or ``tokenizer``. With a ``dask.distributed.Client`` the per-month
        tokenization and assignment run as Dask tasks; the results are the same.
        """
        with self.files.lock():  # one writer at a time; the manifest is read under the lock
            return self._add(source, themes, backend, random_state, tokenizer, load_options, cache, progress, client)

    def _add(self, source, themes, backend, random_state, tokenizer, load_options, cache, progress, client):
        old = self.manifest
        m = dict(old)
        first = not m.get("model_version")
        self.files.sweep(m)  # files of an interrupted add
        tok, theme_set = self._configuration(m, first, tokenizer, themes)
        batch = f"a{int(m.get('generation', 0)) + 1}"
        stored, seen = self._known(), {}
        ids = set(stored.values())
        written, accs, read, added, dupes, repeated = {"articles": [], "tokens": []}, [], 0, 0, 0, 0
        for unit in units(source, load_options, client):  # one input file in memory at a time
            new, acc, n_stored, n_repeated = new_articles(unit, batch, stored, seen, ids)
            read, added, dupes, repeated = read + len(unit), added + len(new), dupes + n_stored, repeated + n_repeated
            accs.append(acc)
            if len(new):
                for table, paths in write_unit(self.files, new, _params(tok), cache=cache, client=client).items():
                    written[table] += paths
        acc = pd.concat(accs, ignore_index=True).assign(batch=batch)
        if not added:
            _no_article(source, acc, read)
            acc_files = m["files"]["accounting"] + self.files.write("accounting", acc)
            self.files.commit({**m, "files": {**m["files"], "accounting": acc_files}}, old)
            return AddResult(read, 0, dupes, int(m.get("model_version") or 0), False, repeated)
        version = 1 if first else int(m["model_version"])
        if first:
            self._fit(written, tok, theme_set, 1, backend, random_state, cache, progress)
            m["models"] = [self._model_entry(1, backend, random_state, added)]
        gen = int(m.get("assignment_gen", 0))
        assigned, _ = self._assign(written, tok, theme_set, version, gen, cache, client)
        m = {
            **m,
            "model_version": version,
            "tokenizer": {"params": _params(tok), "fingerprint": tok.fingerprint},
            "themes": theme_set.to_dict(),
            "articles": int(m.get("articles", 0)) + added,
            "files": {**m["files"], **{t: m["files"][t] + written[t] for t in written}},
        }
        m["files"]["assignments"] = m["files"]["assignments"] + assigned
        m["files"]["accounting"] = m["files"]["accounting"] + self.files.write("accounting", acc)
        self.files.commit(m, old)
        log.info("store %s: %d read, %d added, %d already stored, %d repeated", self.path, read, added, dupes, repeated)
        return AddResult(read, added, dupes, version, first, repeated)

    def _fit(self, files: dict, tok, theme_set, version, backend, random_state, cache, progress) -> None:
        model = fit_stored(
            str(self.path),
            files["articles"],
            files["tokens"],
            _params(tok),
            backend,
            random_state,
            cache=cache,
            progress=progress,
        )
        folder = model.save(self.path / "models" / f"v{version}", themes=theme_set)
        sync([f for f in Path(folder).rglob("*") if f.is_file()])

    @staticmethod
    def _model_entry(version: int, backend: str, random_state: int, n: int) -> dict:
        return {"version": version, "backend": backend, "random_state": random_state, "fitted_on": len(fit_sample(n))}

    def _assign(self, files: dict, tok, theme_set, version, gen, cache, client):
        """Assign the articles in ``files`` with the saved model ``version``, month by month."""
        model_dir = str((self.path / "models" / f"v{version}").resolve())  # workers may run elsewhere
        return assign_months(
            self.files, files, _params(tok), theme_set.to_dict(), model_dir, version, gen, cache=cache, client=client
        )

    def _configuration(self, m, first, tokenizer, themes) -> tuple[KiwiTokenizer, ThemeSet]:
        if first:
            return (tokenizer if tokenizer is not None else KiwiTokenizer()), as_theme_set(themes)
        tok, stored = self.tokenizer(), self.themes()
        if tokenizer is not None and tokenizer.fingerprint != tok.fingerprint:
            raise ConfigError(
                f"{self.path}: the store's articles were tokenized with another configuration; add with the "
                "store's tokenizer (leave tokenizer unset), or build a new store."
            )
        if themes is not None and as_theme_set(themes).to_dict() != stored.to_dict():
            raise ConfigError(
                f"{self.path}: these themes differ from the store's; use Store.refit(themes=...) "
                "(trendlab add --refit --themes FILE) to reassign every article with them."
            )
        return tok, stored

    def refit(
        self,
        *,
        backend: str | None = None,
        themes=None,
        random_state: int | None = None,
        cache=True,
        progress: bool = False,
        client=None,
    ) -> RefitResult:
        """Fit a new model version on the stored articles (at most ``FIT_SAMPLE``) and reassign all.

        ``backend`` and ``random_state`` default to the current model's; ``themes`` replace the
        store's. Returns how many articles changed theme and topic. ``client`` as in :meth:`add`.
        """
        with self.files.lock():
            return self._refit(backend, themes, random_state, cache, progress, client)

    def _refit(self, backend, themes, random_state, cache, progress, client) -> RefitResult:
        prev = m = self.manifest
        if not m.get("model_version"):
            raise InputError(f"{self.path}: the store is empty; add articles first.")
        last = m["models"][-1]
        backend = backend or last["backend"]
        random_state = last["random_state"] if random_state is None else random_state
        theme_set = as_theme_set(themes) if themes is not None else self.themes()
        tok = self.tokenizer(m)
        files = {t: m["files"][t] for t in ("articles", "tokens")}
        version, gen = int(m["model_version"]) + 1, int(m.get("assignment_gen", 0)) + 1
        self._fit(files, tok, theme_set, version, backend, random_state, cache, progress)
        assigned, now = self._assign(files, tok, theme_set, version, gen, cache, client)
        before = self.files.read("assignments", columns=["doc_id", "theme", "topic"], manifest=m).set_index("doc_id")
        old = before.loc[now["doc_id"]]
        m = {
            **m,
            "model_version": version,
            "assignment_gen": gen,
            "themes": theme_set.to_dict(),
            "models": m["models"] + [self._model_entry(version, backend, random_state, len(now))],
            "files": {**m["files"], "assignments": assigned},
        }
        self.files.commit(m, prev)
        return RefitResult(
            version,
            len(now),
            int((old["theme"].to_numpy() != now["theme"].to_numpy()).sum()),
            int((old["topic"].to_numpy() != now["topic"].to_numpy()).sum()),
        )


def _no_article(source, acc: pd.DataFrame, read: int) -> None:
    """Raise when the input held no usable article at all (as load_corpus does)."""
    if not read and not isinstance(source, Corpus):
        raise_empty(acc.to_dict("records"), str(source))


def _params(tok: KiwiTokenizer) -> dict:
    return tok.portable_params()
