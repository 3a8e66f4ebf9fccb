"""The counting library must not pull in Flask or SQLAlchemy (STYLE.md: counting is pure)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COUNTING = Path(__file__).resolve().parents[2] / "wijkbudget" / "counting"

# wijkbudget/__init__.py imports Flask, so a bare stand-in takes its place.
PROBE = f"""
import importlib, sys, types
parent = types.ModuleType("wijkbudget")
parent.__path__ = [{str(COUNTING.parent)!r}]
sys.modules["wijkbudget"] = parent
for name in ("wijkbudget.counting.rules", "wijkbudget.counting.result",
             "wijkbudget.counting.election", "wijkbudget.counting.pabulib"):
    importlib.import_module(name)
web = ("flask", "sqlalchemy", "flask_sqlalchemy")
bad = sorted(m for m in sys.modules if m.split(".")[0] in web)
print(",".join(bad))
"""


def test_importing_counting_loads_no_web_stack() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""


def test_no_web_imports_in_source() -> None:
    for path in COUNTING.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("import flask", "from flask", "import sqlalchemy", "from sqlalchemy"):
            assert word not in text, f"{path.name} has {word!r}"
