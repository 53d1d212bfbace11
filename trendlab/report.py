"""A self-contained HTML report, with its figures (PNG, SVG) and tables (CSV).

``write_report`` writes::

    DIR/index.html          one file, images embedded as data URIs, no scripts, no network
    DIR/figures/*.png|svg   every figure
    DIR/tables/*.csv        articles, assignments, trends, statistics, topics, terms, accounting

All article titles, texts and evidence pass through :func:`html.escape`, so a title
holding ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import html
import io
import platform
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

__all__ = ["write_report"]

_CSS = """
body{font-family:'trendlab-hangul','NanumGothic','Noto Sans KR','Malgun Gothic',sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.55}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #2E6FBA;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:.88em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f6fa}
img{max-width:100%;height:auto;border:1px solid #eee;margin:.5em 0}.muted{color:#666;font-size:.9em}
.warn{background:#fff6e0;border-left:4px solid #d9822b;padding:.5em 1em}.ev{font-size:.85em;color:#444}
code{background:#f4f4f4;padding:0 3px}
"""


def _e(x) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return ""
    return html.escape(str(x), quote=True)


def _table(df: pd.DataFrame, cols=None, max_rows: int | None = None) -> str:
    df = df if cols is None else df[cols]
    if max_rows is not None:
        df = df.head(max_rows)
    head = "".join(f"<th>{_e(c)}</th>" for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(_fmt(v))}</td>" for v in row) + "</tr>" for row in df.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(v):
    if isinstance(v, float):
        return "" if pd.isna(v) else f"{v:.3g}"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return v


def _font_face(text: str) -> str:
    """An @font-face rule embedding NanumGothic, subset to the characters of the page.

    The page then shows Hangul on any machine, with or without Korean fonts, at the cost
    of a few hundred kilobytes (the full font is 4.7 MB).
    """
    from fontTools import subset

    from .plot import korean_font_path

    path = korean_font_path()
    if path is None or not path.endswith(".ttf"):
        return ""
    opts = subset.Options()
    opts.flavor = None
    opts.layout_features = ["*"]
    font = subset.load_font(path, opts)
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(set(text))))
    sub.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, opts)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return "@font-face{font-family:'trendlab-hangul';src:url(data:font/ttf;base64," + data + ") format('truetype');}"


def _save(fig, out: Path, name: str) -> str:
    """Write PNG and SVG; return the PNG as a data URI for embedding."""
    fig.savefig(out / "figures" / f"{name}.png")
    fig.savefig(out / "figures" / f"{name}.svg")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in (
        "trendlab",
        "kiwipiepy",
        "bertopic",
        "umap-learn",
        "hdbscan",
        "scikit-learn",
        "pandas",
        "numpy",
        "matplotlib",
    ):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _summary_sentences(analysis) -> list[str]:
    tr, st, themes = analysis.trends, analysis.stats, analysis.themes
    labels = themes.labels()
    s = analysis.corpus.summary()
    periods = list(dict.fromkeys(tr["period"]))
    out = [
        f"{s['articles']}건의 기사 중 {s['dated']}건에 발행일이 있습니다 ({s['undated']}건 날짜 없음). "
        f"Of {s['articles']} articles, {s['dated']} are dated; the range is {periods[0]}–{periods[-1]} "
        f"by {analysis.freq}."
    ]
    named = [n for n in themes.names]
    for p in periods:
        g = tr[(tr["period"] == p) & tr["theme"].isin(named)]
        n = int(g["n_total"].iloc[0]) if len(g) else 0
        if n == 0:
            out.append(f"{p}: no dated articles (an empty period, shown as such).")
            continue
        g = g.sort_values("share", ascending=False)
        top = g.iloc[0]
        if top["n_docs"] == 0:
            out.append(f"{p}: none of the {n} articles belongs to a named theme.")
            continue
        parts = ", ".join(
            f"{labels.get(r.theme, r.theme)} {r.n_docs}/{r.n_total} ({r.share:.0%}, CI {r.ci_low:.0%}–{r.ci_high:.0%})"
            for r in g.itertuples()
            if r.n_docs > 0
        )
        lead = "leads" if len(g) < 2 or top["n_docs"] > g.iloc[1]["n_docs"] else "ties for the lead"
        out.append(f"{p}: {labels.get(top['theme'], top['theme'])} {lead} among the named themes — {parts}.")
    for r in st[st["theme"].isin(named)].itertuples():
        out.append(r.summary)
    return out


def _validation_section(analysis) -> str:
    """The validation: sample size, precision and recall with intervals, corrected against raw shares."""
    v = getattr(analysis, "validation", None)
    head = "<h2>검증 (Validation)</h2>"
    if v is None:
        return head + (
            "<p class='warn'>No validation sample was given: the theme shares above are the assignment's own "
            "measurements, with unknown error. Draw a sample with <code>trendlab validate sample</code>, label it "
            "by reading, and pass it with <code>--validation</code> to measure precision and recall and to "
            "correct the shares.</p>"
        )
    pct = int(round(v.confidence * 100))
    cols = ["theme", "n_assigned", "n_labelled", "precision", "precision_low", "precision_high", "recall"]
    cols += ["recall_low", "recall_high", "share_assigned", "share_estimated", "share_low", "share_high"]
    tr = analysis.trends
    corr = tr[["period", "theme", "share", "share_corrected", "corrected_low", "corrected_high"]]
    return (
        head
        + f"<p>{v.n_labelled} articles labelled by hand ({v.n_unlabelled} left blank), drawn stratified by assigned "
        f"theme. Precision and recall are weighted by the strata; {pct}% intervals (Jeffreys posterior).</p>"
        + _table(v.table, cols)
        + "<h3>보정된 비율 (Corrected against raw shares)</h3>"
        + "<p class='muted'>Corrected share: each period's assigned counts times the error rates measured in the "
        "sample; the interval includes the sample's own uncertainty.</p>"
        + _table(corr)
    )


def write_report(analysis, out_dir, *, title: str = "trendlab report", backend_note: str = "") -> Path:
    """Write ``out_dir/index.html`` with figures and tables for an :class:`~trendlab.pipeline.Analysis`.

    Parameters
    ----------
    analysis : Analysis
        Output of :func:`trendlab.analyze`.
    out_dir : str or Path
        Created if needed; existing report files are overwritten.
    title : str

    Returns
    -------
    Path
        The path of ``index.html``.

    Examples
    --------
    >>> res = tl.analyze(tl.datasets.load_sample())     # doctest: +SKIP
    >>> tl.write_report(res, "report/")                  # doctest: +SKIP
    """
    from . import plot

    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    a, tr, st, themes, model, corpus = (
        analysis.assignments,
        analysis.trends,
        analysis.stats,
        analysis.themes,
        analysis.model,
        analysis.corpus,
    )
    labels = themes.labels()
    # tables
    corpus.frame.to_csv(out / "tables" / "articles.csv", index=False)
    a.to_csv(out / "tables" / "assignments.csv", index=False)
    tr.to_csv(out / "tables" / "trends.csv", index=False)
    st.to_csv(out / "tables" / "trend_stats.csv", index=False)
    model.topics_.to_csv(out / "tables" / "topics.csv", index=False)
    analysis.dynamic.to_csv(out / "tables" / "dynamic_terms.csv", index=False)
    analysis.topic_trends.to_csv(out / "tables" / "topic_trends.csv", index=False)
    corpus.accounting.to_csv(out / "tables" / "accounting.csv", index=False)
    # figures
    context = themes.context_terms(model.tokenizer_)
    figs = [
        ("theme_shares", "테마별 비율 (theme shares with 95% Wilson intervals)", plot.theme_shares(tr, themes=themes)),
        ("theme_stack", "테마별 기사 수 (articles per theme)", plot.theme_stack(tr, themes=themes)),
        ("theme_heatmap", "테마 × 기간 (theme × period)", plot.theme_heatmap(tr, themes=themes)),
        (
            "theme_terms",
            "테마별 주요어 (top terms per theme)",
            plot.theme_terms(a, model.tokens_, themes=themes, exclude=context),
        ),
    ]
    for name in themes.names:
        figs.append(
            (
                f"terms_over_time_{name}",
                f"{labels[name]}: 기간별 핵심어 (terms over time)",
                plot.term_evolution(analysis.dynamic, name, themes=themes),
            )
        )
    if model.backend == "bertopic":
        try:
            figs.append(("topic_map", "토픽 지도 (topic map)", plot.topic_map(model)))
        except Exception as exc:  # noqa: BLE001 - a missing map must not sink the report
            analysis.warnings.append(f"topic map not drawn: {exc}")
    imgs = [(name, cap, _save(fig, out, name)) for name, cap, fig in figs]
    # html
    s = corpus.summary()
    parts = [
        f"<!doctype html><html lang='ko'><head><meta charset='utf-8'><title>{_e(title)}</title>"
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1><p class='muted'>trendlab · backend {_e(model.backend)} · {_e(analysis.freq)} · "
        f"random_state {_e(model.random_state)} · generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC</p>",
    ]
    parts.append(
        "<h2>요약 (Summary)</h2><ul>" + "".join(f"<li>{_e(x)}</li>" for x in _summary_sentences(analysis)) + "</ul>"
    )
    if analysis.warnings:
        parts.append(
            "<div class='warn'><b>주의 (Warnings)</b><ul>"
            + "".join(f"<li>{_e(w)}</li>" for w in analysis.warnings)
            + "</ul></div>"
        )
    parts.append("<h2>추세 (Trends)</h2>")
    for name, cap, uri in imgs:
        if name == "topic_map":
            continue
        parts.append(
            f"<figure><img src='{uri}' alt='{_e(cap)}'><figcaption class='muted'>{_e(cap)} — "
            f"figures/{_e(name)}.png, .svg</figcaption></figure>"
        )
    parts.append("<h3>추세 통계 (Trend statistics)</h3>")
    parts.append(
        _table(
            st,
            [
                "theme",
                "n_docs",
                "n_total",
                "n_periods",
                "first_period",
                "last_period",
                "peak_period",
                "peak_share",
                "slope",
                "p_value",
                "mk_tau",
                "mk_p",
                "direction",
                "change_points",
                "note",
            ],
        )
    )
    parts.append(
        "<p class='muted'>Direction is claimed only with at least 5 non-empty periods and p &lt; 0.05 "
        "(binomial regression of the share on time, likelihood-ratio test). Every share is out of the "
        "period's dated articles; intervals are 95% Wilson.</p>"
    )
    parts.append(
        "<h3>기간별 수치 (Shares per period)</h3>"
        + _table(tr, ["period", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high"])
    )
    parts.append(_validation_section(analysis))
    # themes with examples
    parts.append("<h2>테마와 기사 (Themes and their articles)</h2>")
    for t in themes:
        sub = a[a["theme"] == t.name].sort_values("theme_score", ascending=False)
        parts.append(
            f"<h3>{_e(t.label)} <span class='muted'>({_e(t.name)}, {len(sub)} articles)</span></h3>"
            f"<p class='muted'>{_e(t.description)}</p>"
        )
        if sub.empty:
            parts.append("<p>No article was assigned to this theme.</p>")
            continue
        rows = "".join(
            f"<tr><td>{_e(r.title)}</td><td>{_e(_fmt(r.date))}</td><td>{r.theme_score:.2f}</td>"
            f"<td>{_e(r.decided_by)}</td><td class='ev'>{_e(r.evidence)}</td></tr>"
            for r in sub.head(8).itertuples()
        )
        parts.append(
            "<table><thead><tr><th>title</th><th>date</th><th>score</th><th>decided by</th>"
            f"<th>evidence</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    other = a[a["theme"] == "other"]
    parts.append(
        f"<p>기타 (other): {len(other)} articles fit no theme. The full list is in "
        "tables/assignments.csv and below.</p>"
    )
    # topics
    parts.append("<h2>발견된 토픽 (Discovered topics)</h2>")
    tp = model.topics_.assign(terms=model.topics_["terms"].map(lambda t: ", ".join(t[:10])))
    parts.append(_table(tp, ["topic", "size", "terms"]))
    for name, cap, uri in imgs:
        if name == "topic_map":
            parts.append(
                f"<figure><img src='{uri}' alt='{_e(cap)}'><figcaption class='muted'>{_e(cap)}</figcaption></figure>"
            )
    # methods
    info = model.info()
    ver = _versions()
    parts.append(
        "<h2>방법 (Methods)</h2><ul>"
        f"<li>Tokenizer: <code>{_e(info['tokenizer'])}</code>, fingerprint {_e(info['tokenizer_fingerprint'])}; "
        "Kiwi morphological analysis, nouns and foreign words, domain dictionary, synonym map, "
        "OCR repair of 'AI' read as '시'.</li>"
        f"<li>Topic model: {_e(model.backend)}, n_topics={_e(info['n_topics'])}, "
        f"random_state={_e(info['random_state'])}; "
        f"choices made: {_e(info['selection'])}; options: {_e(info['backend_options'])}.</li>"
        f"<li>Themes: concept definitions (terms weighted by position, required contexts, near misses), "
        f"method {_e(a.attrs.get('method'))}; parameters {_e(a.attrs.get('parameters'))}; learned step "
        f"{_e(a.attrs.get('learned'))}.</li>"
        f"<li>Trends: calendar {_e(analysis.freq)}s; share = theme articles / dated articles of the period; "
        "95% Wilson intervals; binomial regression and Mann-Kendall; ruptures change points "
        "with 8+ periods; dynamic terms by c-TF-IDF per theme and period.</li>"
        f"<li>Versions: {_e(', '.join(f'{k} {v}' for k, v in ver.items()))}.</li></ul>"
    )
    # accounting
    acc = corpus.accounting
    parts.append(
        "<h2>데이터 집계 (Data accounting)</h2>"
        f"<p>Files read: {s['files']} (excluded {s['files_excluded']}); articles: {s['articles']} "
        f"(dated {s['dated']}, undated {s['undated']}); assigned to a theme: {int((a['theme'] != 'other').sum())}; "
        f"other: {len(other)}; parts excluded: {s['excluded']}; duplicates: {s['duplicates']}; "
        f"merged fragments: {s['merged']}.</p>"
    )
    if s["excluded_by_reason"]:
        parts.append("<ul>" + "".join(f"<li>{_e(r)}: {n}</li>" for r, n in s["excluded_by_reason"].items()) + "</ul>")
    parts.append(_table(acc[acc["action"] != "kept"], ["input", "unit", "action", "reason", "title", "detail"]))
    parts.append("<h2>전체 기사 (All articles)</h2>")
    parts.append(_table(a, ["title", "date", "date_source", "theme", "theme_score", "topic", "source"]))
    parts.append(
        "<p class='muted'>Tables: "
        + ", ".join(f"tables/{p.name}" for p in sorted((out / "tables").glob("*.csv")))
        + "</p></body></html>"
    )
    page = "\n".join(parts)
    visible = html.unescape(__import__("re").sub(r"<[^>]+>|data:[^'\"]+", " ", page))
    page = page.replace("<style>", "<style>" + _font_face(visible), 1)
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
