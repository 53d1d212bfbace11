"""Plots in matplotlib: every function takes ``ax=None``, returns the Figure, never shows it.

Korean text renders with NanumGothic (shipped by koreanize-matplotlib), applied in a
temporary style context so your own matplotlib settings are untouched.
"""

from ._style import korean_font, korean_font_path, style
from .evolution import term_evolution
from .groups import group_shares
from .heatmap import theme_heatmap
from .shares import theme_shares
from .stacked import theme_stack
from .terms import theme_terms
from .topic_map import topic_map

__all__ = [
    "theme_shares",
    "group_shares",
    "theme_stack",
    "theme_heatmap",
    "theme_terms",
    "term_evolution",
    "topic_map",
    "korean_font",
    "korean_font_path",
    "style",
]
