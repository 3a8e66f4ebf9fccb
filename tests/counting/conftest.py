"""Shared fixtures for the counting tests: the Pabulib files live in ../shared/pabulib/.

They are read where they lie, never copied into the project. A missing folder is a failure,
not a skip: CI always has it beside the clone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

PABULIB_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "pabulib"


@pytest.fixture(scope="session")
def pabulib_dir() -> Path:
    if not PABULIB_DIR.is_dir():
        pytest.fail(f"Pabulib data not found at {PABULIB_DIR}: put ../shared beside the clone")
    return PABULIB_DIR


def pabulib_files() -> list[Path]:
    """All .pb files, for parametrising tests at collection time (fails when absent)."""
    files = sorted(PABULIB_DIR.glob("*.pb"))
    if not files:
        raise RuntimeError(f"No Pabulib files in {PABULIB_DIR}: put ../shared beside the clone")
    return files


def reference(name: str) -> dict[str, Any]:
    """One of the reference outcome files in ../shared/pabulib/reference/."""
    with open(PABULIB_DIR / "reference" / name, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data
