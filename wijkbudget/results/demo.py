"""Demo content of the results feature."""

from __future__ import annotations

from datetime import date

from wijkbudget.wijken.models import Wijk


def load_demo(wijken: dict[str, Wijk], today: date) -> None:
    """Add this feature's demo content to the demo wijken (called after voting's demo)."""
