"""Named themes: their definitions, and the assignment of every article to one of them or "other".

* :mod:`.definitions`: :class:`Theme` and :class:`ThemeSet` (what a theme is about and what it is
  not), the versioned theme-file format, and ``ThemeSet.expand`` (related terms, for review);
* :mod:`.matching`: counting a theme's evidence in an article, by position;
* :mod:`.learned`: the cross-fitted classifier trained on the definitions and on given labels;
* :mod:`.model`: :class:`ThemeModel`, a classifier trained on hand-labelled articles and saved
  as plain weights (trendlab ships one for its default themes);
* :mod:`.decide`: the definitions' verdict, and one theme per article from it and a classifier;
* :mod:`.assign`: :func:`assign_themes`, which runs them and explains every decision.
"""

from .assign import ASSIGNMENT_COLUMNS, METHODS, assign_themes
from .definitions import CORE_WEIGHT, FORMAT_VERSION, OTHER, Theme, ThemeSet, as_theme_set
from .matching import Positions
from .model import ThemeModel

__all__ = [
    "Theme",
    "ThemeSet",
    "as_theme_set",
    "assign_themes",
    "Positions",
    "ThemeModel",
    "OTHER",
    "ASSIGNMENT_COLUMNS",
    "METHODS",
    "CORE_WEIGHT",
    "FORMAT_VERSION",
]
