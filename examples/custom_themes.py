"""Define your own themes in a YAML file and assign articles to them.

Run: python examples/custom_themes.py [--themes FILE]
Without --themes it writes an example file (EV batteries and displays) next to the output.
"""

import argparse
import tempfile
import warnings
from pathlib import Path

import trendlab as tl

EXAMPLE = """\
themes:
  ev_battery:
    label: 전기차 배터리
    description: Batteries for electric vehicles, their materials, plants and recycling.
    core: [전기차 배터리, 양극재, 전고체 배터리]
    seeds: [배터리, 전기차, 리튬, 니켈, 충전, 재활용]
    requires: []
  display:
    label: 디스플레이
    description: OLED, micro LED and other display panels.
    core: [OLED, 마이크로 LED, 디스플레이]
    seeds: [패널, 폴더블, 투명, 화면, 퀀텀닷]
    requires: []
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--themes")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    path = Path(args.themes) if args.themes else Path(tempfile.mkdtemp()) / "my_themes.yaml"
    if not args.themes:
        path.write_text(EXAMPLE, encoding="utf-8")
    themes = tl.ThemeSet.from_file(path)
    print("themes:", themes.names)

    corpus = tl.datasets.load_sample()
    assigned = tl.assign_themes(corpus, themes)
    for name in themes.names:
        sub = assigned[assigned["theme"] == name].sort_values("theme_score", ascending=False)
        print(f"\n{name}: {len(sub)} articles")
        print(sub[["title", "theme_score", "evidence"]].head(5).to_string(index=False, max_colwidth=60))
    print(tl.theme_trends(assigned, themes=themes)[["period", "theme", "n_docs", "share"]].to_string(index=False))


if __name__ == "__main__":
    main()
