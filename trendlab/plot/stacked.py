"""Stacked area of theme counts per period (a stream of the corpus over time)."""

from __future__ import annotations

import numpy as np

from ._style import labels_for, new_axes, per_group, period_totals, style, theme_color

__all__ = ["theme_stack"]


def theme_stack(
    trends, *, ax=None, themes=None, include_other: bool = True, normalize: bool = False, title: str | None = None
):
    """Stacked area of article counts (or shares with ``normalize=True``) per theme and period.

    Empty periods stay on the axis at zero height, labelled N=0.

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = labels_for(trends, themes)
    periods, groups = per_group(trends, "theme", include_other)
    names = [n for n, _ in groups]
    ys, cols, labs = [], [], []
    for i, (name, g) in enumerate(groups):
        v = g["share"].fillna(0).to_numpy(float) if normalize else g["n_docs"].to_numpy(float)
        ys.append(v)
        cols.append(theme_color(i, name))
        labs.append(labels.get(name, name))
    x = np.arange(len(periods))
    totals = period_totals(trends, periods)
    with style():
        fig, ax = new_axes(ax)
        ax.stackplot(x, *ys, labels=labs, colors=cols, alpha=0.85)
        ax.set_xticks(x, [f"{p}\nN={int(n)}" for p, n in zip(periods, totals)])
        ax.set_ylabel("비율 (share)" if normalize else "기사 수 (articles)")
        ax.set_title(title or "테마별 기사 수 추이 (stacked)")
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(4, max(1, len(names))), fontsize=8, frameon=False
        )
    return fig
