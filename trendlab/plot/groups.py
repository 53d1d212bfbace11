"""One theme's share per period in each group (outlet, section...): a line per group with its Wilson band."""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ._style import PALETTE, labels_for, new_axes, style

__all__ = ["group_shares"]

_NONE = "(none)"  # trendlab.trends.NONE_GROUP: articles without a value
_NONE_COLOR = "#A0A0A0"
_STANDARD = {"period", "theme", "topic", "n_docs", "n_total", "share", "ci_low", "ci_high", "empty"}


def _group_column(trends, by: str | None) -> str:
    by = by or trends.attrs.get("by")
    if by is None:
        extra = [c for c in trends.columns if c not in _STANDARD and not str(c).startswith(("share_", "corrected_"))]
        if len(extra) != 1:
            raise InputError("pass the output of theme_trends(..., by=COLUMN), or name the column with by=.")
        by = extra[0]
    if by not in trends.columns:
        raise InputError(f"no column {by!r} in the trends; they have: {', '.join(map(str, trends.columns))}.")
    return by


def _largest(rows, by: str, max_groups: int) -> tuple[list, list]:
    """(groups drawn, groups left out): the groups with the most dated articles first."""
    sizes = rows.groupby(by, sort=False)["n_total"].sum()
    order = sorted(sizes.index, key=lambda g: (-sizes[g], g == _NONE, str(g)))
    return order[:max_groups], order[max_groups:]


def _title(label: str, by: str, conf: float, left_out: list) -> str:
    title = f"{label}: {by}별 기사 비율과 {conf:.0%} 신뢰구간 (Wilson)"
    if left_out:
        names = ", ".join(map(str, left_out[:5])) + (" …" if len(left_out) > 5 else "")
        title += f"\n{len(left_out)}개 그룹 생략 (not shown, fewer articles): {names}"
    return title


def _draw(ax, x, g, color: str, label: str, offset: float, alpha: float) -> None:
    y = g["share"].to_numpy(float)
    lo, hi = g["ci_low"].to_numpy(float), g["ci_high"].to_numpy(float)
    ax.plot(x, y, marker="o", color=color, label=label)
    ax.fill_between(x, lo, hi, color=color, alpha=alpha, linewidth=0)
    # error bars too: a period between two empty ones has no band to show
    yerr = [np.nan_to_num(y - lo), np.nan_to_num(hi - y)]
    ax.errorbar(x + offset, y, yerr=yerr, fmt="none", ecolor=color, elinewidth=1, capsize=3, alpha=0.7)


def group_shares(
    trends,
    theme: str,
    *,
    by: str | None = None,
    ax=None,
    themes=None,
    max_groups: int = 8,
    title: str | None = None,
):
    """Plot one theme's share per period in each group, with its Wilson interval.

    Parameters
    ----------
    trends : DataFrame
        Output of ``theme_trends(assignments, by=COLUMN)``.
    theme : str
        The theme to compare across groups.
    by : str, optional
        The group column (default: the one ``theme_trends`` recorded).
    ax : matplotlib Axes, optional
        Draw here; otherwise a new Figure is made (never shown).
    themes : ThemeSet, optional
        For the theme's display label.
    max_groups : int, default 8
        Draw the groups with the most dated articles; the title names those left out.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> tb = tl.theme_trends(assigned, by="outlet")              # doctest: +SKIP
    >>> fig = tl.plot.group_shares(tb, theme="sovereign_ai")     # doctest: +SKIP
    """
    by = _group_column(trends, by)
    rows = trends[trends["theme"] == theme]
    if rows.empty:
        raise InputError(f"no theme {theme!r} in the trends; they have: {', '.join(dict.fromkeys(trends['theme']))}.")
    periods = list(dict.fromkeys(rows["period"]))
    drawn, left_out = _largest(rows, by, max_groups)
    label = labels_for(trends, themes).get(theme, theme)
    x = np.arange(len(periods))
    with style():
        fig, ax = new_axes(ax)
        for i, name in enumerate(drawn):
            g = rows[rows[by] == name].set_index("period").reindex(periods)
            color = _NONE_COLOR if name == _NONE else PALETTE[i % len(PALETTE)]
            n = f"{int(g['n_docs'].sum())}/{int(g['n_total'].sum())}"
            offset = (i - (len(drawn) - 1) / 2) * 0.03
            _draw(ax, x, g, color, f"{name} (n={n})", offset, 0.12 if len(drawn) <= 3 else 0.06)
        step = max(1, int(np.ceil(len(periods) / 16)))
        ax.set_xticks(x[::step], periods[::step])
        ax.set_ylim(0, 1)
        ax.set_ylabel("기사 비율 (share of the group's dated articles)")
        ax.set_title(title or _title(label, by, trends.attrs.get("confidence", 0.95), left_out))
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(4, max(1, len(drawn))), fontsize=8, frameon=False
        )
    return fig
