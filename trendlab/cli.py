"""The ``trendlab`` command line.

Exit codes: 0 on success, 2 on bad input (a one-line reason on stderr, never a
traceback for a user's mistake).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import TrendlabError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: exit 2 with one line
        print(f"trendlab: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _add_input(p):
    p.add_argument("path", nargs="?", help="folder, text file or table (CSV, TSV, JSONL, Parquet)")
    p.add_argument("--text-col", default="text")
    p.add_argument("--date-col", default="date")
    p.add_argument("--granularity", choices=["article", "section"], default="article")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bars or log messages")


def _load(args):
    from .corpus import load_corpus

    if args.path is None:
        raise TrendlabError("no PATH given; pass a folder or file of articles")
    return load_corpus(args.path, text_col=args.text_col, date_col=args.date_col,
                       granularity=args.granularity)  # fmt: skip


def _cmd_ingest(args) -> int:
    corpus = _load(args)
    s = corpus.summary()
    print(f"{s['articles']} articles ({s['dated']} dated, {s['undated']} undated) from "
          f"{s['files']} files; {s['files_excluded']} files excluded; {s['excluded']} parts excluded")
    for reason, n in sorted(s["excluded_by_reason"].items()):
        print(f"  excluded: {n} x {reason}")
    cols = ["doc_id", "date", "date_source", "title"]
    print(corpus.frame[cols].to_string(index=False, max_colwidth=60))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        corpus.frame.to_csv(out / "articles.csv", index=False)
        corpus.accounting.to_csv(out / "accounting.csv", index=False)
        print(f"wrote {out / 'articles.csv'} and {out / 'accounting.csv'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trendlab", description="Topic and theme trends in Korean news.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("ingest", help="load a corpus and print its accounting")
    _add_input(p)
    p.add_argument("--out", help="also write articles.csv and accounting.csv here")
    p.set_defaults(func=_cmd_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="trendlab: %(levelname)s: %(message)s")  # fmt: skip
    try:
        return args.func(args)
    except TrendlabError as exc:
        msg = str(exc).replace("\n", " ")
        print(f"trendlab: error: {msg}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and closed early
        sys.stderr.close()
        return 0
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        print(f"trendlab: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
