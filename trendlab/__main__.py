"""``python -m trendlab``: the command line (same as the ``trendlab`` command)."""

from .cli import main

raise SystemExit(main())
