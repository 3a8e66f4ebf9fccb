"""``bench/load.py`` end to end, tiny: gunicorn on SQLite, a worker killed mid-run, and the
database checked against what every client was told."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_tiny_run_counts_every_vote_and_survives_a_killed_worker(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    command = [
        sys.executable,
        str(ROOT / "bench" / "load.py"),
        "--database-url", f"sqlite:///{tmp_path / 'load.sqlite'}",
        "--voters", "4",
        "--codes", "10",
        "--workers", "2",
        "--warmup", "1",
        "--faults", "kill",
        "--gunicorn-config", "none",
        "--json", str(figures),
    ]  # fmt: skip
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "before the faults: lost: 0, doubled: 0" in done.stdout
    assert "after the faults: lost: 0, doubled: 0" in done.stdout
    report = json.loads(figures.read_text())
    level = report["levels"][0]
    # 10 codes, one of them shared by 3 clients: 12 clients, each told its vote counted.
    assert level["clients"] == 12
    assert level["cast"]["count"] == 12
    assert report["before"]["codes_told_counted"] == 2 + 10  # one warm-up flow per worker
    assert report["faults"]["struck"][0].startswith("SIGKILL a gunicorn worker")
    assert report["after"]["codes_told_counted"] == 2 + 20
    assert "| 4 | 12 | 12 |" in done.stdout  # the table: voters, clients, casts
