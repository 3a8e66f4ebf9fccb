"""``bench/cast_instructions.py``: its flow end to end without valgrind (tiny, on SQLite), and
how it reads callgrind's counts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.cast_instructions import counted_instructions

ROOT = Path(__file__).resolve().parents[2]

ANNOTATED = """\
--------------------------------------------------------------------------------
Ir                      file:function
--------------------------------------------------------------------------------
2,708,107,731 (421.2%)  ???:0x0000000004936718'2 [???]
  642,906,582 (100.0%)  ./csu/../csu/libc-start.c:__libc_start_main@@GLIBC_2.34 [/usr/lib/libc.so.6]
  427,757,505 (68.11%)  /tmp/Python-3.11.7/./Modules/_functoolsmodule.c:functools_reduce [/lib/libpython3.11.so]
  200,270,283 (31.89%)  /tmp/Python-3.11.7/Python/bltinmodule.c:map_next [/lib/libpython3.11.so]
  193,956,351 (30.17%)  /tmp/Python-3.11.7/./Include/internal/pycore_call.h:map_next
"""  # noqa: E501


def test_the_counts_are_the_inclusive_ones_of_the_two_counted_functions() -> None:
    assert counted_instructions(ANNOTATED) == {
        "functools_reduce": 427_757_505,
        "map_next": 200_270_283,  # the function's own line, not an inlined part of it below
    }


def test_a_python_without_symbols_gives_no_counts() -> None:
    assert counted_instructions(ANNOTATED.replace("functools_reduce", "0x0031a380")) == {
        "map_next": 200_270_283
    }


def test_a_tiny_run_without_valgrind_serves_every_cast_and_health_check(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(ROOT / "bench" / "cast_instructions.py"),
        "--database-url", f"sqlite:///{tmp_path / 'instructions.sqlite'}",
        "--codes", "6",
        "--no-valgrind",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if re.match(r"\| \d", line)]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[0] == "6"  # every counted request answered as it should, or exit code 2
    cast, healthz = (float(cell.removesuffix(" µs").replace(",", "")) for cell in cells[1:3])
    assert cast > 0 and healthz > 0
    assert abs(float(cells[3]) - healthz / cast) < 0.02
