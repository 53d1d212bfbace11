"""The report's figures: drawn from the analysis, written as PNG and SVG, embedded as data URIs."""

from __future__ import annotations

import base64
import io
import logging
import re
from pathlib import Path

from .. import plot

__all__ = ["draw_figures", "GROUP_FIGURE", "MAX_GROUPS", "group_label"]

GROUP_FIGURE = "group_shares_"  # prefix of the by-group figures, shown in their own section
MAX_GROUPS = 8  # groups drawn per by-group figure: those with the most dated articles
_GROUP_WORDS = {"outlet": "매체", "press": "매체", "publisher": "매체", "newspaper": "매체", "section": "지면"}


def group_label(by: str) -> str:
    """Korean word for a group column: ``"outlet"`` → ``"매체"``; other names are kept as they are."""
    return _GROUP_WORDS.get(str(by).lower(), str(by))


log = logging.getLogger(__name__)


def file_name(name: str) -> str:
    """A figure's file name: theme names come from users, so only word characters, dots and dashes."""
    return re.sub(r"[^\w.-]+", "_", str(name)).strip("._") or "figure"


def _save(fig, out: Path, name: str) -> str:
    """Write PNG and SVG; return the PNG as a data URI for embedding."""
    fig.savefig(out / "figures" / f"{file_name(name)}.png")
    fig.savefig(out / "figures" / f"{file_name(name)}.svg")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def draw_figures(analysis, out: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """``([(name, caption, data URI)], notes)``: every figure of the report, and what could not be drawn."""
    tr, themes = analysis.trends, analysis.themes
    labels = themes.labels()
    figs = [
        ("theme_shares", "테마별 비율 (theme shares with 95% Wilson intervals)", plot.theme_shares(tr, themes=themes)),
        ("theme_stack", "테마별 기사 수 (articles per theme)", plot.theme_stack(tr, themes=themes)),
        ("theme_heatmap", "테마 × 기간 (theme × period)", plot.theme_heatmap(tr, themes=themes)),
        (
            "theme_terms",
            "테마별 주요어 (top terms per theme)",
            plot.theme_terms(analysis.assignments, analysis.tokens, themes=themes, exclude=analysis.context_terms),
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
    figs += _group_figures(analysis)
    notes = []
    if analysis.model.backend == "bertopic":
        try:
            figs.append(("topic_map", "토픽 지도 (topic map)", plot.topic_map(analysis.model, analysis.tokens)))
        except Exception as exc:  # noqa: BLE001 - a missing map must not sink the report
            log.warning("topic map not drawn: %s", exc)
            notes.append(f"topic map not drawn: {exc}")
    return [(name, cap, _save(fig, out, name)) for name, cap, fig in figs], notes


def _group_figures(analysis) -> list[tuple]:
    """One group comparison per named theme, when the analysis was run with ``by``."""
    gt = getattr(analysis, "group_trends", None)
    if gt is None:
        return []
    by, themes = gt.attrs.get("by", analysis.by), analysis.themes
    labels, word = themes.labels(), group_label(by)
    return [
        (
            f"{GROUP_FIGURE}{name}",
            f"{labels[name]}: {word}별 비율 (share by {by}, 95% Wilson intervals)",
            plot.group_shares(gt, name, by=by, themes=themes, max_groups=MAX_GROUPS),
        )
        for name in themes.names
    ]
