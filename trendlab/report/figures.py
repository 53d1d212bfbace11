"""The report's figures: drawn from the analysis, written as PNG and SVG, embedded as data URIs."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

from .. import plot

__all__ = ["draw_figures"]

log = logging.getLogger(__name__)


def _save(fig, out: Path, name: str) -> str:
    """Write PNG and SVG; return the PNG as a data URI for embedding."""
    fig.savefig(out / "figures" / f"{name}.png")
    fig.savefig(out / "figures" / f"{name}.svg")
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
    notes = []
    if analysis.model.backend == "bertopic":
        try:
            figs.append(("topic_map", "토픽 지도 (topic map)", plot.topic_map(analysis.model, analysis.tokens)))
        except Exception as exc:  # noqa: BLE001 - a missing map must not sink the report
            log.warning("topic map not drawn: %s", exc)
            notes.append(f"topic map not drawn: {exc}")
    return [(name, cap, _save(fig, out, name)) for name, cap, fig in figs], notes
