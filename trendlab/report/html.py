"""HTML building blocks of the report: escaping, tables, the page style and the embedded font.

Every value that reaches the page passes through :func:`esc` (``html.escape``), so an article
title holding ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import logging
import re

import pandas as pd

from ..plot import korean_font_path

__all__ = ["esc", "table", "fmt", "CSS", "font_face", "page"]

CSS = """
body{font-family:'trendlab-hangul','NanumGothic','Noto Sans KR','Malgun Gothic',sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.55}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #2E6FBA;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:.88em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f6fa}
img{max-width:100%;height:auto;border:1px solid #eee;margin:.5em 0}.muted{color:#666;font-size:.9em}
.warn{background:#fff6e0;border-left:4px solid #d9822b;padding:.5em 1em}.ev{font-size:.85em;color:#444}
code{background:#f4f4f4;padding:0 3px}
"""


def esc(x) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return ""
    return html.escape(str(x), quote=True)


def table(df: pd.DataFrame, cols=None, max_rows: int | None = None) -> str:
    df = df if cols is None else df[cols]
    if max_rows is not None:
        df = df.head(max_rows)
    head = "".join(f"<th>{esc(c)}</th>" for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(fmt(v))}</td>" for v in row) + "</tr>" for row in df.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def fmt(v):
    if isinstance(v, float):
        return "" if pd.isna(v) else f"{v:.3g}"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return v


def font_face(text: str) -> str:
    """An @font-face rule embedding NanumGothic, subset to the characters of the page.

    The page then shows Hangul on any machine, with or without Korean fonts, at the cost
    of a few hundred kilobytes (the full font is 4.7 MB).
    """
    from fontTools import subset

    path = korean_font_path()
    if path is None or not path.endswith(".ttf"):
        return ""
    opts = subset.Options()
    opts.flavor = None
    opts.layout_features = ["*"]
    buf = io.BytesIO()
    with _quiet("fontTools"):  # "TSI1 NOT subset; ... dropped" and the like concern nobody
        font = subset.load_font(path, opts)
        sub = subset.Subsetter(opts)
        sub.populate(text="".join(sorted(set(text))))
        sub.subset(font)
        subset.save_font(font, buf, opts)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return "@font-face{font-family:'trendlab-hangul';src:url(data:font/ttf;base64," + data + ") format('truetype');}"


@contextlib.contextmanager
def _quiet(prefix: str):
    """Raise the loggers of a third-party library to ERROR for the ``with`` block, then restore them."""
    names = [prefix] + [n for n in logging.root.manager.loggerDict if n.startswith(prefix + ".")]
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(max(lg.level, logging.ERROR))
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def page(title: str, body: list[str]) -> str:
    """The whole page: head, style with the font subset of the page's visible text, body."""
    head = f"<!doctype html><html lang='ko'><head><meta charset='utf-8'><title>{esc(title)}</title><style>"
    text = "\n".join(body)
    visible = html.unescape(re.sub(r"<[^>]+>|data:[^'\"]+", " ", text))
    return head + font_face(visible) + CSS + "</style></head><body>\n" + text + "\n</body></html>"
