"""Build trendlab/data/sample/ from the article texts in sample_*.py (run from the repo root).

The articles were written for trendlab; none is copied from the seed documents or from
any publication. Each gets a dateline in one of several real-world formats, so that the
sample also exercises date extraction; the true dates and intended themes go to a
separate metadata file that only tests and docs read.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import sample_a2021
import sample_a2022
import sample_a2023
import sample_a2024
import sample_extra

OUT = Path(__file__).resolve().parents[2] / "trendlab" / "data" / "sample"
REPORTERS = ["김하늘", "이서준", "박지민", "최유나", "정민호", "강수빈", "윤태경", "한예린"]
WEEKDAYS = "월화수목금토일"


def dateline(date: str, k: int) -> tuple[str, str]:
    """(header, footer) for an article dated YYYY-MM-DD, in format k % 4."""
    import datetime as dt

    d = dt.date.fromisoformat(date)
    name = REPORTERS[k % len(REPORTERS)]
    email = f"reporter{k % len(REPORTERS) + 1}@sample-news.example"
    fmt = k % 4
    if fmt == 0:
        return f"입력 {d:%Y.%m.%d} {9 + k % 9:02d}:{(k * 7) % 60:02d}", f"{name} 기자 {email}"
    if fmt == 1:
        return f"{d.isoformat()} ({WEEKDAYS[d.weekday()]})", f"{name} 기자"
    if fmt == 2:
        return f"{d.year}년 {d.month:02d}월 {d.day:02d}일 ({WEEKDAYS[d.weekday()]}) {name} 기자 {email}", ""
    return f"승인 {d:%Y.%m.%d} {10 + k % 8:02d}:{(k * 11) % 60:02d}", f"{name} 기자 {email}\n무단전재 및 재배포 금지"


def main() -> None:
    rows, meta = [], []
    items = []
    for mod in (sample_a2021, sample_a2022, sample_a2023, sample_a2024, sample_extra):
        items += [(d, th, ti, bo, "") for d, th, ti, bo in mod.ARTICLES]
    items += [(d, th, ti, bo, trap) for d, th, ti, bo, trap in sample_extra.TRAPS]
    items.sort(key=lambda r: (r[0] or "9999", r[2]))
    for k, (date, theme, title, body, trap) in enumerate(items):
        aid = f"s{k + 1:03d}"
        if date is None:
            text = body
        elif title.isascii():
            text = f"Published {date} 09:00\n{body}"
        else:
            head, foot = dateline(date, k)
            text = f"{head}\n{body}" + (f"\n\n{foot}" if foot else "")
        rows.append({"id": aid, "title": title, "text": text})
        meta.append({"id": aid, "date": date or "", "theme": theme, "trap": trap})
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "articles.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(OUT / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "date", "theme", "trap"])
        w.writeheader()
        w.writerows(meta)
    print(f"wrote {len(rows)} articles to {OUT}")


if __name__ == "__main__":
    main()
