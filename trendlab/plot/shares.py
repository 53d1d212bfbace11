"""Theme share per period as lines with confidence bands; empty periods marked."""

from __future__ import annotations

import numpy as np

from ._style import labels_for, new_axes, per_group, period_totals, style, theme_color

__all__ = ["theme_shares"]


def theme_shares(
    trends, *, ax=None, themes=None, include_other: bool = False, by: str | None = None, title: str | None = None
):
    """Plot each theme's share of the period's dated articles, with its Wilson interval.

    Parameters
    ----------
    trends : DataFrame
        Output of :func:`trendlab.theme_trends` (or ``topic_trends``).
    ax : matplotlib Axes, optional
        Draw here; otherwise a new Figure is made (never shown).
    themes : ThemeSet, optional
        For display labels.
    include_other : bool, default False
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = theme_shares(trends)      # doctest: +SKIP
    >>> fig.savefig("shares.png")       # doctest: +SKIP
    """
    by = by or ("theme" if "theme" in trends.columns else "topic")
    labels = labels_for(trends, themes)
    periods, groups = per_group(trends, by, include_other)
    names = [n for n, _ in groups]
    x = np.arange(len(periods))
    with style():
        fig, ax = new_axes(ax)
        for i, (name, g) in enumerate(groups):
            c = theme_color(i, name)
            y = g["share"].to_numpy(float)
            ax.plot(x, y, marker="o", color=c, label=f"{labels.get(name, name)} (n={int(g['n_docs'].sum())})")
            lo, hi = g["ci_low"].to_numpy(float), g["ci_high"].to_numpy(float)
            ax.fill_between(x, lo, hi, color=c, alpha=0.12, linewidth=0)
            # error bars too: a period between two empty ones has no band to show
            off = (i - (len(names) - 1) / 2) * 0.04
            ax.errorbar(
                x + off,
                y,
                yerr=[np.nan_to_num(y - lo), np.nan_to_num(hi - y)],
                fmt="none",
                ecolor=c,
                elinewidth=1,
                capsize=3,
                alpha=0.8,
            )
        totals = period_totals(trends, periods)
        for xi, n in zip(x, totals):
            if n == 0:
                ax.axvspan(xi - 0.4, xi + 0.4, color="#000000", alpha=0.06, linewidth=0)
                ax.text(
                    xi,
                    0.5,
                    "기사 없음\n(no articles)",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#555555",
                    transform=ax.get_xaxis_transform(),
                )
        ax.set_xticks(x, [f"{p}\nN={int(n)}" for p, n in zip(periods, totals)])
        ax.set_ylim(0, 1)
        ax.set_ylabel("기사 비율 (share of dated articles)")
        conf = trends.attrs.get("confidence", 0.95)
        ax.set_title(title or f"테마별 기사 비율과 {conf:.0%} 신뢰구간 (Wilson)")
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(4, max(1, len(names))), fontsize=8, frameon=False
        )
    return fig
