"""What every topic-model backend returns from ``fit``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["FitResult"]


@dataclass
class FitResult:
    """Per-article topics and probabilities, and per-topic top terms, of one fit."""

    topics: np.ndarray  # int per document, -1 = outlier
    probs: np.ndarray  # float per document
    terms: dict[int, tuple[list[str], list[float]]]  # topic -> (terms, weights)
