"""Quickstart: the bundled sample corpus from loading to trends, in a few lines.

Run: python examples/quickstart.py [--out DIR]
"""

import argparse
import warnings

import trendlab as tl


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="quickstart-out")
    args = ap.parse_args()
    warnings.simplefilter("ignore")

    corpus = tl.datasets.load_sample()
    print(corpus)

    model = tl.TopicModel("nmf", random_state=0).fit(corpus)
    print(model.topics_[["topic", "size", "label"]].to_string(index=False))

    assigned = tl.assign_themes(corpus, tl.ThemeSet.default(), model=model)
    print(assigned["theme"].value_counts().to_string())

    trends = tl.theme_trends(assigned, freq="year")
    print(trends[["period", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high"]].to_string(index=False))
    for sentence in tl.trend_stats(trends)["summary"]:
        print("-", sentence)

    fig = tl.plot.theme_shares(trends)
    from pathlib import Path

    Path(args.out).mkdir(exist_ok=True)
    fig.savefig(Path(args.out) / "theme_shares.png")
    print(f"saved {args.out}/theme_shares.png")


if __name__ == "__main__":
    main()
