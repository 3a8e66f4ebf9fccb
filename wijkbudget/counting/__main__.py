"""``python -m wijkbudget.counting``: the same as ``wijkbudget-count``."""

from wijkbudget.counting.cli import main

raise SystemExit(main())
