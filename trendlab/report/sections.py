"""The report's sections, each rendered from the :class:`~trendlab.pipeline.Analysis` alone.

Each function returns an HTML fragment. Nothing here computes a result: the numbers, the terms
and the parameters come from the analysis, so the Methods section states the parameters that
were actually used.
"""

from __future__ import annotations

import platform
import re
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from ..themes import OTHER
from .figures import GROUP_FIGURE, MAX_GROUPS, file_name, group_label
from .html import esc, fmt, table

__all__ = [
    "header",
    "summary",
    "warnings",
    "trends",
    "group_trends",
    "group_table_name",
    "validation",
    "themes",
    "topics",
    "methods",
    "accounting",
    "articles",
]

_STATS_COLUMNS = [
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
]


def header(analysis, title: str) -> str:
    model = analysis.model
    return (
        f"<h1>{esc(title)}</h1><p class='muted'>trendlab · backend {esc(model.backend)} · {esc(analysis.freq)} · "
        f"random_state {esc(model.random_state)} · generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC</p>"
    )


def _versions() -> dict:
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


def summary_sentences(analysis) -> list[str]:
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


def validation(analysis) -> str:
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
        + table(v.table, cols)
        + "<h3>보정된 비율 (Corrected against raw shares)</h3>"
        + "<p class='muted'>Corrected share: each period's assigned counts times the error rates measured in the "
        "sample; the interval includes the sample's own uncertainty.</p>" + table(corr)
    )


def summary(analysis) -> str:
    return "<h2>요약 (Summary)</h2><ul>" + "".join(f"<li>{esc(x)}</li>" for x in summary_sentences(analysis)) + "</ul>"


def warnings(notes: list[str]) -> str:
    if not notes:
        return ""
    return "<div class='warn'><b>주의 (Warnings)</b><ul>" + "".join(f"<li>{esc(w)}</li>" for w in notes) + "</ul></div>"


def _figure(name: str, cap: str, uri: str, *, files: bool = True) -> str:
    where = f" — figures/{esc(file_name(name))}.png, .svg" if files else ""
    caption = f"<figcaption class='muted'>{esc(cap)}{where}</figcaption>"
    return f"<figure><img src='{uri}' alt='{esc(cap)}'>{caption}</figure>"


def trends(analysis, imgs) -> str:
    p = analysis.stats.attrs["params"]
    out = ["<h2>추세 (Trends)</h2>"]
    out += [_figure(n, cap, uri) for n, cap, uri in imgs if n != "topic_map" and not n.startswith(GROUP_FIGURE)]
    out.append("<h3>추세 통계 (Trend statistics)</h3>")
    out.append(table(analysis.stats, _STATS_COLUMNS))
    out.append(
        f"<p class='muted'>Direction is claimed only with at least {p['min_periods_for_test']} non-empty periods "
        f"and p &lt; {p['alpha']:g} (binomial regression of the share on time, likelihood-ratio test). Every share "
        "is out of the period's dated articles; intervals are 95% Wilson.</p>"
    )
    out.append(
        "<h3>기간별 수치 (Shares per period)</h3>"
        + table(analysis.trends, ["period", "theme", "n_docs", "n_total", "share", "ci_low", "ci_high"])
    )
    return "\n".join(out)


_GROUP_TABLE_ROWS = 600
_GROUP_COLUMNS = ["theme", "n_docs", "n_total", "share", "ci_low", "ci_high", "empty"]


def group_table_name(by: str) -> str:
    """File name of the by-group table: ``trends_by_<by>`` (characters unsafe in a file name as ``_``)."""
    return "trends_by_" + re.sub(r"[^\w.-]+", "_", str(by)).strip("._")


def group_trends(analysis, imgs) -> str:
    """Theme trends per group (outlet, section...), only when the analysis was run with ``by``."""
    gt = getattr(analysis, "group_trends", None)
    if gt is None:
        return ""
    by = gt.attrs.get("by", analysis.by)
    sizes, dated = gt.attrs["group_articles"], gt.attrs["group_dated"]
    name = group_table_name(by)
    out = [
        f"<h2>{esc(group_label(by))}별 추세 (Trends by {esc(by)})</h2>",
        f"<p>Each theme's share within each {esc(by)}: the group's articles of the theme out of the group's "
        f"dated articles of the period, with 95% Wilson intervals. {len(sizes)} group(s); articles with no "
        f"{esc(by)} form the group '(none)'. Each figure draws at most {MAX_GROUPS} groups, those with the most "
        "dated articles, and names the others in its title.</p>",
        table(_sizes_frame(sizes, dated, by), max_rows=_GROUP_TABLE_ROWS),
    ]
    out += [_figure(n, cap, uri) for n, cap, uri in imgs if n.startswith(GROUP_FIGURE)]
    rows = f" (first {_GROUP_TABLE_ROWS} of {len(gt)} rows)" if len(gt) > _GROUP_TABLE_ROWS else ""
    out.append(
        f"<h3>{esc(by)}·기간별 수치 (Shares per {esc(by)} and period)</h3>"
        f"<p class='muted'>Full table: tables/{esc(name)}.csv{rows}.</p>"
        + table(gt, ["period", by, *_GROUP_COLUMNS], max_rows=_GROUP_TABLE_ROWS)
    )
    return "\n".join(out)


def _sizes_frame(sizes: dict, dated: dict, by: str) -> pd.DataFrame:
    return pd.DataFrame({by: list(sizes), "articles": list(sizes.values()), "dated": [dated[g] for g in sizes]})


def _theme_block(t, sub) -> str:
    head = (
        f"<h3>{esc(t.label)} <span class='muted'>({esc(t.name)}, {len(sub)} articles)</span></h3>"
        f"<p class='muted'>{esc(t.description)}</p>"
    )
    if sub.empty:
        return head + "<p>No article was assigned to this theme.</p>"
    rows = "".join(
        f"<tr><td>{esc(r.title)}</td><td>{esc(fmt(r.date))}</td><td>{r.theme_score:.2f}</td>"
        f"<td>{esc(r.decided_by)}</td><td class='ev'>{esc(r.evidence)}</td></tr>"
        for r in sub.head(8).itertuples()
    )
    return (
        head + "<table><thead><tr><th>title</th><th>date</th><th>score</th><th>decided by</th>"
        f"<th>evidence</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def themes(analysis) -> str:
    a = analysis.assignments
    out = ["<h2>테마와 기사 (Themes and their articles)</h2>"]
    for t in analysis.themes:
        out.append(_theme_block(t, a[a["theme"] == t.name].sort_values("theme_score", ascending=False)))
    out.append(
        f"<p>기타 (other): {int((a['theme'] == OTHER).sum())} articles fit no theme. The full list is in "
        "tables/assignments.csv and below.</p>"
    )
    return "\n".join(out)


def topics(analysis, imgs) -> str:
    tp = analysis.model.topics_
    tp = tp.assign(terms=tp["terms"].map(lambda t: ", ".join(t[:10])))
    out = ["<h2>발견된 토픽 (Discovered topics)</h2>", table(tp, ["topic", "size", "terms"])]
    out += [_figure(name, cap, uri, files=False) for name, cap, uri in imgs if name == "topic_map"]
    return "\n".join(out)


def methods(analysis) -> str:
    a, info, p = analysis.assignments, analysis.model.info(), analysis.stats.attrs["params"]
    ver = _versions()
    return (
        "<h2>방법 (Methods)</h2><ul>"
        f"<li>Tokenizer: <code>{esc(info['tokenizer'])}</code>, fingerprint {esc(info['tokenizer_fingerprint'])}; "
        "Kiwi morphological analysis, nouns and foreign words, domain dictionary, synonym map, "
        "OCR repair of 'AI' read as '시'.</li>"
        f"<li>Topic model: {esc(analysis.model.backend)}, n_topics={esc(info['n_topics'])}, "
        f"random_state={esc(info['random_state'])}; "
        f"choices made: {esc(info['selection'])}; options: {esc(info['backend_options'])}.</li>"
        f"<li>Themes: concept definitions (terms weighted by position, required contexts, near misses), "
        f"method {esc(a.attrs.get('method'))}; parameters {esc(a.attrs.get('parameters'))}; "
        + (
            f"trained theme model: {esc(a.attrs['theme_model'].get('description') or a.attrs['theme_model'])}.</li>"
            if a.attrs.get("theme_model")
            else f"learned step {esc(a.attrs.get('learned'))}.</li>"
        )
        + f"<li>Trends: calendar {esc(analysis.freq)}s; share = theme articles / dated articles of the period; "
        f"95% Wilson intervals; binomial regression (direction claimed with {p['min_periods_for_test']}+ periods "
        f"and p &lt; {p['alpha']:g}) and Mann-Kendall; ruptures change points with "
        f"{p['min_periods_for_changepoints']}+ periods; dynamic terms by c-TF-IDF per theme and period.</li>"
        f"<li>Versions: {esc(', '.join(f'{k} {v}' for k, v in ver.items()))}.</li></ul>"
    )


def accounting(analysis) -> str:
    corpus, a = analysis.corpus, analysis.assignments
    s, acc = corpus.summary(), corpus.accounting
    n_other = int((a["theme"] == OTHER).sum())
    out = [
        "<h2>데이터 집계 (Data accounting)</h2>"
        f"<p>Files read: {s['files']} (excluded {s['files_excluded']}); articles: {s['articles']} "
        f"(dated {s['dated']}, undated {s['undated']}); assigned to a theme: {len(a) - n_other}; "
        f"other: {n_other}; parts excluded: {s['excluded']}; duplicates: {s['duplicates']}; "
        f"merged fragments: {s['merged']}.</p>"
    ]
    if s["excluded_by_reason"]:
        out.append("<ul>" + "".join(f"<li>{esc(r)}: {n}</li>" for r, n in s["excluded_by_reason"].items()) + "</ul>")
    out.append(table(acc[acc["action"] != "kept"], ["input", "unit", "action", "reason", "title", "detail"]))
    return "\n".join(out)


def articles(analysis, table_files: list[str]) -> str:
    return (
        "<h2>전체 기사 (All articles)</h2>"
        + table(analysis.assignments, ["title", "date", "date_source", "theme", "theme_score", "topic", "source"])
        + "\n<p class='muted'>Tables: "
        + ", ".join(f"tables/{f}" for f in table_files)
        + "</p>"
    )
