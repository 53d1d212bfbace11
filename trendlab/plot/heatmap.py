"""Theme × period heatmap of shares, with counts written in each cell."""

from __future__ import annotations

import numpy as np

from ._style import labels_for, new_axes, per_group, style

__all__ = ["theme_heatmap"]


def theme_heatmap(trends, *, ax=None, themes=None, include_other: bool = False, title: str | None = None):
    """Heatmap of each theme's share per period; cells show ``k/N``; empty periods hatched.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Rectangle

    labels = labels_for(trends, themes)
    periods, groups = per_group(trends, "theme", include_other)
    names = [n for n, _ in groups]
    M = np.full((len(names), len(periods)), np.nan)
    txt = [["" for _ in periods] for _ in names]
    for i, (_name, g) in enumerate(groups):
        M[i] = g["share"].to_numpy(float)
        txt[i] = [f"{int(k)}/{int(n)}" if n else "–" for k, n in zip(g["n_docs"], g["n_total"])]
    with style():
        fig, ax = new_axes(ax, figsize=(max(5, 1.1 * len(periods) + 3), 0.7 * len(names) + 1.8))
        ax.grid(False)
        im = ax.imshow(
            np.ma.masked_invalid(M),
            cmap="Blues",
            vmin=0,
            vmax=max(0.01, np.nanmax(M) if np.isfinite(M).any() else 1),
            aspect="auto",
        )
        for j in range(len(periods)):
            if np.isnan(M[:, j]).all():
                ax.add_patch(
                    Rectangle((j - 0.5, -0.5), 1, len(names), fill=False, hatch="//", edgecolor="#999999", linewidth=0)
                )
        for i in range(len(names)):
            for j in range(len(periods)):
                v = M[i, j]
                ax.text(
                    j,
                    i,
                    txt[i][j],
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if np.isfinite(v) and v > 0.6 * np.nanmax(M) else "black",
                )
        ax.set_xticks(range(len(periods)), periods)
        ax.set_yticks(range(len(names)), [labels.get(n, n) for n in names])
        fig.colorbar(im, ax=ax, label="비율 (share)")
        ax.set_title(title or "테마 × 기간 (k/N: 테마 기사/전체 기사)")
    return fig
