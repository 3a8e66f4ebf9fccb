"""``bench/cast_cpu.py`` end to end, tiny, on SQLite: every cast lands and the table is filled."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_tiny_run_prints_cpu_per_cast_and_per_health_check(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(ROOT / "bench" / "cast_cpu.py"),
        "--database-url", f"sqlite:///{tmp_path / 'cpu.sqlite'}",
        "--codes", "12",
        "--block", "5",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if re.match(r"\| \d", line)]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[0] == "12"  # every cast landed, or the run would have stopped with exit 2
    assert cells[2] == cells[6] == "–"  # a database given by URL: its CPU is not measured
    cast_total, healthz_total, ratio = float(cells[4]), float(cells[8]), float(cells[9])
    assert cast_total > 0 and healthz_total > 0
    assert abs(ratio - healthz_total / cast_total) < 0.02  # the cells are rounded to 0.01
