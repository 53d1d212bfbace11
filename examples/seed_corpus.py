"""Run trendlab on a folder of real documents (for example ../shared/seeds) and print what it found.

Run: python examples/seed_corpus.py [PATH] [--backend nmf|lda|bertopic] [--report DIR]
"""

import argparse
import warnings
from pathlib import Path

import trendlab as tl


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "seeds"))
    ap.add_argument("--backend", default="nmf", choices=["bertopic", "nmf", "lda"])
    ap.add_argument("--report", help="also write an HTML report here")
    args = ap.parse_args()
    warnings.simplefilter("ignore")

    res = tl.analyze(args.path, backend=args.backend)
    s = res.corpus.summary()
    print(f"{s['articles']} articles from {s['files']} files; excluded: {s['excluded_by_reason']}")
    cols = ["title", "date", "theme", "theme_score", "decided_by"]
    print(res.assignments[cols].to_string(index=False, max_colwidth=50))
    print(res.trends[["period", "theme", "n_docs", "n_total", "share"]].to_string(index=False))
    if args.report:
        print("wrote", tl.write_report(res, args.report))


if __name__ == "__main__":
    main()
