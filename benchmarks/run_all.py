"""Run the benchmarks and write docs/benchmarks.md with the figures they printed (`make bench`).

``python -m benchmarks.run_all`` runs every section; ``--sections end_to_end tokenize`` runs only
those and replaces them in the existing page, keeping the others. Each section says when and at
which commit it was printed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import time
from datetime import UTC, datetime

from benchmarks._common import ROOT, machine

PAGE = ROOT / "docs" / "benchmarks.md"


def _capture(fn, argv):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn(argv)
    out = buf.getvalue()
    sys.stdout.write(out)
    return out


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "trendlab", "benchmarks"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        return out.stdout.strip() + (" with uncommitted changes" if dirty else "")
    except OSError:
        return "unknown"


def _sections():
    from benchmarks import end_to_end, scaling, store_scale
    from benchmarks import tokenize as tok_bench

    return {
        "tokenize": (
            "Tokenization",
            "`KiwiTokenizer.tokenize_many` against raw `Kiwi().tokenize` with the same dictionary and the same "
            "number of worker threads, and a warm cache hit, in one process on the same texts (the 861 real "
            "articles of the development stream, `../shared/data/semis_dev`).",
            lambda: "```\n" + _capture(tok_bench.main, []) + "```",
        ),
        "end_to_end": (
            "End to end, against the naive BERTopic + Kiwi pipeline",
            end_to_end.__doc__.split("\n\n", 1)[1].strip(),
            lambda: _capture(end_to_end.main, []),
        ),
        "scaling": (
            "Scaling to 100,000 real-length articles",
            scaling.__doc__.split("\n\n", 1)[1].strip(),
            lambda: _capture(scaling.main, []),
        ),
        "store": (
            "The article store at 100,000 articles, in one process and on Dask",
            store_scale.__doc__.split("\n\n", 1)[1].strip(),
            lambda: _capture(store_scale.main, []),
        ),
    }


def _split(page: str) -> tuple[str, dict[str, str]]:
    head, *rest = page.split("\n## ")
    return head, {part.split("\n", 1)[0].strip(): "## " + part.rstrip() + "\n" for part in rest}


def main(argv=None) -> None:
    sections = _sections()
    ap = argparse.ArgumentParser()
    ap.add_argument("--sections", nargs="+", choices=list(sections), default=list(sections))
    args = ap.parse_args(argv)
    t0 = time.time()
    head = (
        "# Benchmarks\n\nEvery figure on this page was printed by `make bench` (`python -m benchmarks.run_all`) "
        f"on this machine:\n\n- {machine()}\n\nRe-run `make bench` to replace them; nothing here is typed by hand. "
        "Each section says when, and at which commit, it was printed.\n"
    )
    old = _split(PAGE.read_text("utf-8"))[1] if PAGE.is_file() and set(args.sections) != set(sections) else {}
    done = {}
    for key in args.sections:
        title, intro, run = sections[key]
        t = time.time()
        body = run()
        took = (time.time() - t) / 60
        stamp = f"Printed on {datetime.now(UTC):%Y-%m-%d} at commit {_commit()}; this section took {took:.1f} minutes."
        done[title] = f"## {title}\n\n{intro}\n\n{body.rstrip()}\n\n{stamp}\n"
    parts = [head]
    for key in sections:
        title = sections[key][0]
        if title in done or title in old:
            parts.append(done.get(title) or old[title])
    PAGE.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {PAGE} ({(time.time() - t0) / 60:.1f} minutes)")


if __name__ == "__main__":
    main()
