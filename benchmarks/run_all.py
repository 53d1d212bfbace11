"""Run every benchmark and write docs/benchmarks.md with the figures it printed (`make bench`)."""

from __future__ import annotations

import contextlib
import io
import sys
import time
from datetime import UTC, datetime

from benchmarks._common import ROOT, machine


def _capture(fn, argv):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn(argv)
    out = buf.getvalue()
    sys.stdout.write(out)
    return out


def main() -> None:
    from benchmarks import end_to_end, scaling
    from benchmarks import tokenize as tok_bench

    t0 = time.time()
    parts = [
        f"# Benchmarks\n\nEvery figure on this page was printed by `make bench` (`python -m benchmarks.run_all`) "
        f"on {datetime.now(UTC):%Y-%m-%d}, on this machine:\n\n- {machine()}\n\n"
        "Re-run `make bench` to replace them; nothing here is typed by hand.\n"
    ]
    parts.append(
        "## Tokenization\n\n`KiwiTokenizer.tokenize_many` against raw `Kiwi().tokenize` with the same "
        "dictionary and the same number of worker threads, and a warm cache hit, in one process on "
        "the same texts (the 861 real articles of the development stream, `../shared/data/semis_dev`).\n\n```\n"
        + _capture(tok_bench.main, [])
        + "```\n"
    )
    parts.append(
        "## End to end, against the naive BERTopic + Kiwi pipeline\n\n"
        + end_to_end.__doc__.split("\n\n", 1)[1]
        + "\n"
        + _capture(end_to_end.main, [])
        + "\n"
    )
    parts.append(
        "## Scaling to 100,000 real-length articles\n\n"
        + scaling.__doc__.split("\n\n", 1)[1]
        + "\n"
        + _capture(scaling.main, [])
        + "\n"
    )
    parts.append(f"Total time of `make bench`: {(time.time() - t0) / 60:.1f} minutes.\n")
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {ROOT / 'docs' / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
