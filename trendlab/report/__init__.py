"""A self-contained HTML report, with its figures (PNG, SVG) and tables (CSV).

``write_report`` writes::

    DIR/index.html          one file, images embedded as data URIs, no scripts, no network
    DIR/figures/*.png|svg   every figure
    DIR/tables/*.csv        articles, assignments, trends, statistics, topics, terms, accounting
                            (and trends_by_<column> when analyze was given ``by``)

The report renders what :func:`trendlab.analyze` gathered and computes nothing itself:
:mod:`.figures` draws, :mod:`.sections` writes one HTML fragment per section, :mod:`.html` escapes
every value (a title holding ``<script>`` shows as text) and embeds a Hangul font subset.
"""

from __future__ import annotations

from pathlib import Path

from . import sections
from .figures import draw_figures
from .html import page

__all__ = ["write_report"]


def _write_tables(analysis, tables: Path) -> list[str]:
    frames = {
        "articles": analysis.corpus.frame,
        "assignments": analysis.assignments,
        "trends": analysis.trends,
        "trend_stats": analysis.stats,
        "topics": analysis.model.topics_,
        "dynamic_terms": analysis.dynamic,
        "topic_trends": analysis.topic_trends,
        "accounting": analysis.corpus.accounting,
    }
    if getattr(analysis, "group_trends", None) is not None:
        frames[sections.group_table_name(analysis.group_trends.attrs.get("by", analysis.by))] = analysis.group_trends
    for name, df in frames.items():
        df.to_csv(tables / f"{name}.csv", index=False)
    return sorted(p.name for p in tables.glob("*.csv"))


def write_report(analysis, out_dir, *, title: str = "trendlab report") -> Path:
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
    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    table_files = _write_tables(analysis, out / "tables")
    imgs, notes = draw_figures(analysis, out)
    body = [
        sections.header(analysis, title),
        sections.summary(analysis),
        sections.warnings(list(analysis.warnings) + notes),
        sections.trends(analysis, imgs),
        sections.group_trends(analysis, imgs),
        sections.validation(analysis),
        sections.themes(analysis),
        sections.topics(analysis, imgs),
        sections.methods(analysis),
        sections.accounting(analysis),
        sections.articles(analysis, table_files),
    ]
    index = out / "index.html"
    index.write_text(page(title, body), encoding="utf-8")
    return index
