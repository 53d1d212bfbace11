"""Shared style for trendlab's plots: a real Hangul font, a palette, figure helpers.

The Hangul font is NanumGothic as shipped inside the ``koreanize-matplotlib``
package (its font files only: importing that package would change matplotlib's
global settings). It is registered with matplotlib's font manager once, and each
plot draws inside ``style()``, a temporary rc context, so a user's own settings are
left alone. If the package is missing, a system font with Hangul glyphs (Debian's
fonts-nanum, Noto CJK) is used when one is found.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
from pathlib import Path

from ..labels import OTHER, OTHER_LABEL

__all__ = ["korean_font", "korean_font_path", "style", "PALETTE", "theme_color", "new_axes"]

PALETTE = ["#2E6FBA", "#D9822B", "#3A9E5C", "#B8455B", "#7A5BA6", "#8C6D46", "#C266A8", "#6B7B8C"]
OTHER_COLOR = "#A0A0A0"


@functools.lru_cache(maxsize=1)
def korean_font_path() -> str | None:
    """Path of a TrueType font with Hangul glyphs, or None when none is installed."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec and spec.submodule_search_locations:
        p = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
        if p.is_file():
            return str(p)
    for cand in (
        "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ):
        if Path(cand).is_file():
            return cand
    return None


@functools.lru_cache(maxsize=1)
def korean_font() -> str:
    """Register the Hangul font with matplotlib and return its family name."""
    from matplotlib import font_manager

    path = korean_font_path()
    if path is None:
        import warnings

        warnings.warn(
            "no font with Hangul glyphs found: Korean text will show as boxes. "
            "pip install koreanize-matplotlib, or apt-get install fonts-nanum.",
            stacklevel=2,
        )
        return "DejaVu Sans"
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


@contextlib.contextmanager
def style():
    """rc context used by every trendlab plot: Hangul font, no unicode minus, light grid."""
    import matplotlib as mpl

    with mpl.rc_context(
        {
            "font.family": [korean_font(), "DejaVu Sans"],
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "svg.fonttype": "path",
        }
    ):
        yield


def theme_color(i: int, name: str = "") -> str:
    return OTHER_COLOR if name == OTHER else PALETTE[i % len(PALETTE)]


def _figure_class():
    from matplotlib.figure import Figure

    class TrendFigure(Figure):
        """A plain matplotlib Figure that also shows itself in Jupyter without pyplot."""

        def _repr_png_(self):
            import io

            buf = io.BytesIO()
            self.savefig(buf, format="png", bbox_inches="tight")
            return buf.getvalue()

    return TrendFigure


def new_figure(**kw):
    """A new Figure (not registered with pyplot, so never shown by it)."""
    global _FIG
    if _FIG is None:
        _FIG = _figure_class()
    return _FIG(**kw)


_FIG = None


def new_axes(ax=None, figsize=(8, 4.5)):
    """(fig, ax): the given axes and its figure, or a new figure (not shown)."""
    if ax is not None:
        return ax.figure, ax
    fig = new_figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def per_group(trends, by: str = "theme", include_other: bool = False):
    """(periods, [(name, rows of that group indexed by every period)]) for plotting a trends table."""
    periods = list(dict.fromkeys(trends["period"]))
    names = [n for n in dict.fromkeys(trends[by]) if include_other or n != OTHER]
    groups = [(n, trends[trends[by] == n].set_index("period").reindex(periods)) for n in names]
    return periods, groups


def period_totals(trends, periods):
    """Dated articles of each period (0 for an empty one), in ``periods`` order."""
    return trends.drop_duplicates("period").set_index("period")["n_total"].reindex(periods)


def labels_for(data, themes=None) -> dict:
    """Display labels of theme names, from a ThemeSet or the data's attrs."""
    if themes is not None and hasattr(themes, "labels"):
        return themes.labels()
    t = getattr(data, "attrs", {}).get("themes")
    if t:
        return {k: v.get("label", k) for k, v in t["themes"].items()} | {OTHER: OTHER_LABEL}
    return {}
