"""Names shared by every stage of the data model.

:data:`OTHER` is the class of the articles that fit no theme. It is defined once, here, at the
bottom of the package, so the themes, the trends, the plots and the validation all use the same
value.
"""

from __future__ import annotations

__all__ = ["OTHER", "OTHER_LABEL"]

#: The class of articles that fit no theme.
OTHER = "other"
#: Its display label.
OTHER_LABEL = "기타 (other)"
