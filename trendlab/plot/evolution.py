"""How the vocabulary of one theme changes over time (dynamic c-TF-IDF terms)."""

from __future__ import annotations

import numpy as np

from ._style import PALETTE, labels_for, new_axes, style

__all__ = ["term_evolution"]


def term_evolution(dynamic, theme: str, *, ax=None, top_n: int = 6, themes=None, title: str | None = None):
    """Plot the c-TF-IDF weight of a theme's leading terms in each period.

    Parameters
    ----------
    dynamic : DataFrame
        Output of :func:`trendlab.dynamic_terms`.
    theme : str
        The theme (or topic) to show.

    Returns
    -------
    matplotlib.figure.Figure
    """
    by = "theme" if "theme" in dynamic.columns else "topic"
    d = dynamic[dynamic[by].astype(str) == str(theme)]
    labels = labels_for(dynamic, themes)
    with style():
        fig, ax = new_axes(ax)
        if d.empty:
            ax.text(
                0.5,
                0.5,
                f"{labels.get(theme, theme)}: 기사가 없습니다 (no articles)",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
            ax.set_axis_off()
            return fig
        periods = sorted(d["period"].unique())
        lead = d.groupby("term")["weight"].max().sort_values(ascending=False).head(top_n).index
        x = np.arange(len(periods))
        for i, term in enumerate(lead):
            w = d[d["term"] == term].set_index("period")["weight"].reindex(periods).fillna(0)
            ax.plot(x, w.to_numpy(float), marker="o", label=term, color=PALETTE[i % len(PALETTE)])
        nd = d.drop_duplicates("period").set_index("period")["n_docs"].reindex(periods).fillna(0)
        ax.set_xticks(x, [f"{p}\nn={int(n)}" for p, n in zip(periods, nd)])
        ax.set_ylabel("c-TF-IDF")
        ax.set_title(title or f"{labels.get(theme, theme)}: 기간별 핵심어 변화 (term evolution)")
        ax.legend(fontsize=8, frameon=False, ncol=2)
    return fig
