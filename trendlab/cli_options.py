"""The command line's shared options, and how they become load and assignment options.

:mod:`trendlab.cli` builds its sub-commands from these; kept apart so that each module stays one
concept: here what a flag means, there what a command does.
"""

from __future__ import annotations

from .columns import AUTO
from .errors import TrendlabError
from .intake import IMPLAUSIBLE_DATE_MODES
from .models import BACKENDS
from .segment import GRANULARITIES
from .themes import METHODS
from .trends import FREQS
from .validate import read_labels

NO_MODEL = "none"


def add_input(p, path_help="folder, text file or table (CSV, TSV, JSONL, Parquet, Excel)"):
    p.add_argument("path", nargs="?", help=path_help)
    auto = "default: found from the headers (BigKinds, crawler and English names)"
    p.add_argument("--text-col", help=f"text column of tables ({auto})")
    p.add_argument("--title-col", help=f"title column of tables ({auto}; '' for none)")
    p.add_argument("--date-col", help=f"date column of tables ({auto}; '' for none)")
    p.add_argument("--id-col", help=f"id column of tables ({auto}; '' to generate ids)")
    p.add_argument(
        "--meta-cols", "--meta-col", help="comma-separated columns to carry along as metadata (default: all others)"
    )
    p.add_argument("--sheet", help="Excel sheet, by name or 0-based number (default: the first)")
    p.add_argument(
        "--implausible-dates",
        choices=list(IMPLAUSIBLE_DATE_MODES),
        default="flag",
        help="dates after today or before 1990: flag them in the accounting (default), exclude or keep them",
    )
    p.add_argument("--dates", help="sidecar CSV with columns source,date that overrides dates")
    p.add_argument("--granularity", choices=sorted(GRANULARITIES), default="article")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bars, only errors on stderr")


def add_model(p, *, allow_none: bool = False):
    choices = sorted(BACKENDS) + ([NO_MODEL] if allow_none else [])
    what = "topic model backend" + (f"; '{NO_MODEL}' assigns themes without one" if allow_none else "")
    p.add_argument("--backend", choices=choices, default="bertopic", help=what)
    p.add_argument("--themes", help="themes file (YAML or TOML); default: the shipped themes")
    p.add_argument(
        "--theme-method",
        choices=list(METHODS),
        default="definition",
        help="themes by the definitions alone (default), with the learned step, or a trained model",
    )
    p.add_argument("--theme-model", help="for --theme-method model: a ThemeModel.save file (default: shipped)")
    p.add_argument(
        "--labels",
        help="a labelled sample CSV (trendlab validate sample) to train the learned step; validate with another",
    )
    p.add_argument("--random-state", type=int, default=0)


def freq(p):
    p.add_argument("--freq", choices=sorted(FREQS), default="year")
    p.add_argument("--by", help="also give shares per group of this metadata column (for example outlet)")


def column(value):
    """A column flag: not given means found from the headers; '' means none."""
    if value is None:
        return AUTO
    return value or None


def load_options(args) -> dict:
    return dict(
        text_col=args.text_col or None,
        title_col=column(args.title_col),
        date_col=column(args.date_col),
        id_col=column(args.id_col),
        meta_cols=[c.strip() for c in args.meta_cols.split(",") if c.strip()] if args.meta_cols else None,
        sheet=args.sheet,
        implausible_dates=args.implausible_dates,
        dates=args.dates,
        granularity=args.granularity,
    )


def theme_options(args) -> dict:
    """Labels train the learned step (giving them selects it unless another method is named)."""
    labels = read_labels(args.labels) if args.labels else None
    method = "learned" if labels and args.theme_method == "definition" else args.theme_method
    return dict(theme_method=method, labels=labels, theme_model=args.theme_model)


def store_themes(args) -> None:
    if args.theme_method != "definition" or args.theme_model or args.labels:
        raise TrendlabError(
            "a store assigns themes by their definitions: drop --theme-method, --theme-model, --labels."
        )
