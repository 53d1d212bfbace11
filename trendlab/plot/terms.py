"""Top terms of each theme as horizontal bars."""

from __future__ import annotations

from collections import Counter

from ..labels import OTHER
from ._style import labels_for, new_figure, style, theme_color

__all__ = ["theme_terms"]


def theme_terms(assignments, tokens, *, themes=None, top_n: int = 10, fig=None, exclude=()):
    """One bar panel per theme: its most frequent terms in the articles assigned to it.

    Parameters
    ----------
    assignments : DataFrame
        Output of :func:`trendlab.assign_themes`.
    tokens : list of list of str
        Tokens aligned with ``assignments`` (from :func:`trendlab.tokenize_corpus`).
    fig : matplotlib Figure, optional
        Draw into this figure (its axes are replaced); a new Figure otherwise.
    exclude : iterable of str
        Terms to leave out (such as "AI", present everywhere).

    Returns
    -------
    matplotlib.figure.Figure
    """

    labels = labels_for(assignments, themes)
    names = [n for n in dict.fromkeys(assignments["theme"]) if n != OTHER]
    order = list(labels) if labels else names
    names = [n for n in order if n in names] + [n for n in names if n not in order]
    drop = set(exclude)
    with style():
        fig = fig or new_figure(figsize=(4 * max(1, len(names)), 4), layout="constrained")
        fig.clear()
        axes = fig.subplots(1, max(1, len(names)), squeeze=False)[0]
        for i, (ax, name) in enumerate(zip(axes, names)):
            cnt = Counter(w for t, th in zip(tokens, assignments["theme"]) if th == name for w in t if w not in drop)
            top = cnt.most_common(top_n)[::-1]
            ax.barh([w for w, _ in top], [c for _, c in top], color=theme_color(i, name))
            n = int((assignments["theme"] == name).sum())
            ax.set_title(f"{labels.get(name, name)} (n={n})", fontsize=10)
            ax.grid(axis="y", visible=False)
            ax.set_xlabel("빈도 (count)")
        if not names:
            axes[0].text(0.5, 0.5, "테마에 배정된 기사가 없습니다 (no themed articles)", ha="center", va="center")
    return fig
