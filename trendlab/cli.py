"""The ``trendlab`` command line.

Exit codes: 0 on success, 2 on bad input (a one-line reason on stderr, never a
traceback for a user's mistake).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from pathlib import Path

import pandas as pd

from .cli_options import NO_MODEL, add_input, add_model, freq, load_options, store_themes, theme_options
from .corpus import load_corpus
from .datasets import load_sample
from .errors import TrendlabError
from .pipeline import analyze, assign
from .report import write_report
from .store import Store
from .themes import as_theme_set
from .trends import TREND_COLUMNS, theme_trends
from .validate import sample, score

__all__ = ["main", "ASSIGN_KEYS"]

#: Keys of ``trendlab assign --format jsonl``: a contract other tools rely on.
ASSIGN_KEYS = ["doc_id", "source", "title", "date", "date_source", "theme", "theme_score", "topic"]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: exit 2 with one line
        print(f"trendlab: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _corpus(args):
    return load_sample() if args.path is None else load_corpus(args.path, **load_options(args))


def _assign(args):
    """The stages up to the themes, the topic model only when a backend is named."""
    return assign(
        _corpus(args),
        backend=None if args.backend == NO_MODEL else args.backend,
        themes=as_theme_set(args.themes),
        random_state=args.random_state,
        progress=not args.quiet,
        **theme_options(args),
    )


def _cmd_ingest(args) -> int:
    if args.out:
        _writable_folder(args.out)
    corpus = _corpus(args)
    s = corpus.summary()
    print(
        f"{s['articles']} articles ({s['dated']} dated, {s['undated']} undated) from "
        f"{s['files']} files; {s['files_excluded']} files excluded; {s['excluded']} parts excluded"
    )
    for reason, n in sorted(s["excluded_by_reason"].items()):
        print(f"  excluded: {n} x {reason}")
    cols = ["doc_id", "date", "date_source", "title"]
    print(corpus.frame[cols].to_string(index=False, max_colwidth=60))
    if args.out:
        out = _writable_folder(args.out)
        corpus.frame.to_csv(out / "articles.csv", index=False)
        corpus.accounting.to_csv(out / "accounting.csv", index=False)
        print(f"wrote {out / 'articles.csv'} and {out / 'accounting.csv'}")
    return 0


def _writable_folder(path: str, flag: str = "--out") -> Path:
    """Check an output folder before any work: create it, and prove it takes a file."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise TrendlabError(f"{flag} {out} is a file; give a folder (it will be created if missing).")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".trendlab-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise TrendlabError(f"{flag} {out} is not writable ({exc.strerror}); choose another folder.") from None
    return out


def _cmd_report(args) -> int:
    out = _writable_folder(args.out)
    if args.store:
        store_themes(args)
        res = Store(args.store).analyze(freq=args.freq, by=args.by, validation=args.validation)
        index = write_report(res, out, title=args.title or f"trendlab report: store {args.store}")
        print(f"wrote {index} ({len(res.corpus)} stored articles, {args.freq})")
        return 0
    res = analyze(
        _corpus(args),
        backend=args.backend,
        themes=as_theme_set(args.themes),
        freq=args.freq,
        random_state=args.random_state,
        progress=not args.quiet,
        validation=args.validation,
        by=args.by,
        **theme_options(args),
    )
    where = "the bundled sample corpus" if args.path is None else args.path
    index = write_report(res, out, title=args.title or f"trendlab report: {where}")
    s = res.corpus.summary()
    print(f"wrote {index} ({s['articles']} articles, backend {args.backend}, {args.freq})")
    return 0


def _cmd_assign(args) -> int:
    a = _assign(args).assignments
    if args.format == "csv":
        a[ASSIGN_KEYS].to_csv(sys.stdout, index=False)
        return 0
    for row in a[ASSIGN_KEYS].itertuples(index=False):
        rec = dict(zip(ASSIGN_KEYS, row))
        rec["date"] = None if pd.isna(rec["date"]) else pd.Timestamp(rec["date"]).date().isoformat()
        rec["theme_score"] = float(rec["theme_score"])
        rec["topic"] = int(rec["topic"])
        print(json.dumps(rec, ensure_ascii=False))
    return 0


def _cmd_trends(args) -> int:
    if args.store:
        store_themes(args)
        st = Store(args.store)
        tr = theme_trends(st.assignments(), freq=args.freq, themes=st.themes(), by=args.by)
    else:
        a = _assign(args)
        tr = theme_trends(a.assignments, freq=args.freq, themes=a.themes, by=args.by)
    cols = TREND_COLUMNS if args.by is None else [TREND_COLUMNS[0], args.by, *TREND_COLUMNS[1:]]
    out = tr[cols]
    if args.format == "csv":
        out.to_csv(sys.stdout, index=False)
    else:
        print(out.to_json(orient="records", force_ascii=False, lines=True))
    if tr.attrs.get("undated"):
        logging.getLogger("trendlab").warning("%d undated article(s) are not in any share", tr.attrs["undated"])
    return 0


def _dask_client(args):
    """A dask.distributed Client for --workers N (a LocalCluster) or --scheduler ADDRESS, else None."""
    if not args.workers and not args.scheduler:
        return None
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TrendlabError("--workers and --scheduler need Dask: pip install 'trendlab[dask]'.") from None
    if args.scheduler:
        return Client(args.scheduler)
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
    return Client(cluster)


def _cmd_add(args) -> int:
    st = Store(args.store)
    store_themes(args)
    if args.path is None and not args.refit:
        raise TrendlabError("trendlab add: give the articles to add (PATH), or --refit to refit the stored model.")
    client = _dask_client(args)
    try:
        _add_and_refit(st, args, client)
    finally:
        if client is not None:
            cluster = client.cluster if args.workers else None
            client.close()
            cluster is not None and cluster.close()
    return 0


def _add_and_refit(st, args, client) -> None:
    if args.path is not None:
        r = st.add(
            args.path,  # read one file at a time
            load_options=load_options(args),
            themes=as_theme_set(args.themes) if args.themes and not args.refit else None,  # --refit applies them
            backend=args.backend or "bertopic",
            random_state=0 if args.random_state is None else args.random_state,
            progress=not args.quiet,
            client=client,
        )
        how = "fitted on them" if r.fitted else "no refit"
        print(f"{args.store}: {r.read} read, {r.added} added, {r.already_stored} already stored, ", end="")
        print(f"{r.repeated} repeated in another file; model v{r.model_version} ({how})")
    if args.refit:
        themes = as_theme_set(args.themes) if args.themes else None
        r = st.refit(themes=themes, backend=args.backend, random_state=args.random_state, client=client)
        print(
            f"{args.store}: refitted, model v{r.model_version}; {r.changed_theme} of {r.articles} articles "
            f"changed theme, {r.changed_topic} changed topic"
        )


def _cmd_validate_sample(args) -> int:
    out = Path(args.out)
    if out.is_dir():
        raise TrendlabError(f"--out {out} is a folder; give a CSV file name such as sample.csv.")
    if not out.parent.exists():
        raise TrendlabError(f"--out {out}: folder {out.parent} does not exist; create it first.")
    a = _assign(args)
    s = sample(a.assignments, a.corpus, n=args.n, random_state=args.random_state)
    s.to_csv(out, index=False)
    strata = ", ".join(f"{k}: {v}" for k, v in s["assigned"].value_counts().sort_index().items())
    print(f"wrote {out}: {len(s)} of {len(a.assignments)} articles to label ({strata}); fill the 'label' column")
    return 0


def _cmd_validate_score(args) -> int:
    v = score(args.sample, themes=as_theme_set(args.themes) if args.themes else None, random_state=args.random_state)
    cols = ["theme", "n_assigned", "n_labelled", "precision", "precision_low", "precision_high"]
    cols += ["recall", "recall_low", "recall_high", "share_assigned", "share_estimated", "share_low", "share_high"]
    if args.format == "csv":
        v.table[cols].to_csv(sys.stdout, index=False)
        return 0
    pct = int(round(v.confidence * 100))
    print(f"{v.n_labelled} labelled articles ({v.n_unlabelled} left blank, not scored); {pct}% intervals")
    print(v.table[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("\nconfusion (assigned rows, label columns):")
    print(v.confusion.to_string())
    return 0


def _validate_parsers(sub) -> None:
    p = sub.add_parser("validate", help="check theme assignments against a hand-labelled sample")
    vsub = p.add_subparsers(dest="validate_command", required=True, parser_class=_Parser)
    q = vsub.add_parser("sample", help="draw a sample stratified by assigned theme, to label by hand")
    add_input(q)
    add_model(q, allow_none=True)
    q.add_argument("--n", type=int, default=150, help="sample size (default 150)")
    q.add_argument("--out", required=True, help="CSV to write (label its 'label' column)")
    q.set_defaults(func=_cmd_validate_sample)
    q = vsub.add_parser("score", help="precision, recall and true shares from a labelled sample")
    q.add_argument("sample", help="the labelled CSV written by 'trendlab validate sample'")
    q.add_argument("--themes", help="themes file: labels must be its theme names or 'other'")
    q.add_argument("--random-state", type=int, default=0)
    q.add_argument("--format", choices=["text", "csv"], default="text")
    q.add_argument("--quiet", "-q", action="store_true")
    q.set_defaults(func=_cmd_validate_score)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trendlab", description="Topic and theme trends in Korean news.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("report", help="write a self-contained HTML report (the main job)")
    add_input(p, "articles to analyse; default: the bundled sample corpus")
    add_model(p)
    freq(p)
    p.add_argument("--out", required=True, help="output folder (index.html, figures/, tables/)")
    p.add_argument("--title", help="report title")
    p.add_argument("--validation", help="a labelled sample CSV (trendlab validate sample) to report and correct shares")
    p.add_argument("--store", help="report the articles of this store (trendlab add) instead of PATH")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("assign", help="print each article's theme and topic")
    add_input(p)
    add_model(p, allow_none=True)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.set_defaults(func=_cmd_assign)

    p = sub.add_parser("trends", help="print theme shares per period")
    add_input(p)
    add_model(p, allow_none=True)
    freq(p)
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    p.add_argument("--store", help="the trends of this store's articles (trendlab add) instead of PATH")
    p.set_defaults(func=_cmd_trends)

    p = sub.add_parser("add", help="add new articles to a store (Parquet by month), assigned by the stored model")
    add_input(p, "articles to add (files or folders)")
    add_model(p)
    p.add_argument("--store", required=True, help="the store's folder (created by the first add)")
    p.add_argument("--refit", action="store_true", help="then refit the model on every stored article and reassign")
    p.add_argument("--workers", type=int, help="run the per-month stages on a local Dask cluster of N workers")
    p.add_argument("--scheduler", help="run them on the Dask cluster at this address (tcp://host:8786)")
    p.set_defaults(backend=None, random_state=None)  # refit: the stored model's unless given
    p.set_defaults(func=_cmd_add)

    _validate_parsers(sub)

    p = sub.add_parser("ingest", help="load a corpus and print its accounting")
    add_input(p)
    p.add_argument("--out", help="also write articles.csv and accounting.csv here")
    p.set_defaults(func=_cmd_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.WARNING, format="trendlab: %(levelname)s: %(message)s"
    )
    if args.quiet:
        warnings.simplefilter("ignore")
    try:
        return args.func(args)
    except TrendlabError as exc:
        msg = str(exc).replace("\n", " ")
        print(f"trendlab: error: {msg}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and closed early
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: one line, the conventional 128 + SIGINT
        print("trendlab: interrupted; tokens computed so far are in the cache", file=sys.stderr)
        return 130
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        print(f"trendlab: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
