"""Export every table of an analysis to CSV and Parquet, for use in other tools.

Run: python examples/export_tables.py [--out DIR]
"""

import argparse
import warnings
from pathlib import Path

import trendlab as tl


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="export-out")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    res = tl.analyze(tl.datasets.load_sample(), backend="nmf")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "articles": res.corpus.frame,
        "accounting": res.corpus.accounting,
        "assignments": res.assignments,
        "trends": res.trends,
        "trend_stats": res.stats,
        "dynamic_terms": res.dynamic,
        "topics": res.model.topics_.assign(
            terms=res.model.topics_["terms"].map(", ".join), weights=res.model.topics_["weights"].map(str)
        ),
    }
    for name, df in tables.items():
        df = df.copy()
        df.attrs = {}
        df.to_csv(out / f"{name}.csv", index=False)
        df.to_parquet(out / f"{name}.parquet", index=False)
        print(f"{name}: {len(df)} rows -> {name}.csv, {name}.parquet")


if __name__ == "__main__":
    main()
