"""Demo figures: the indicator tables of the programme documents, through the real importer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from wijkbudget.profiles import importer
from wijkbudget.wijken.models import Wijk

DEMO_FILE = Path(__file__).with_name("indicators_2025.csv")


def load_demo(wijken: dict[str, Wijk], today: date) -> None:
    """Import the figures of all seven wijken of the tables (they must exist already)."""
    missing = {
        "vinkhuizen",
        "selwerd",
        "de-hoogte",
        "indische-buurt",
        "beijum",
        "lewenborg",
        "de-wijert",
    } - set(wijken)
    if missing:
        raise ValueError(f"the demo needs these wijken first: {', '.join(sorted(missing))}")
    importer.import_indicators(None, DEMO_FILE.read_text(encoding="utf-8"))
