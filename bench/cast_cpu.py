"""CPU per request, serially: what a cast costs the worker, PostgreSQL and the client, and what
a request to ``/healthz`` costs them, measured side by side.

One gunicorn worker (as production configures it, but never recycled mid-run), one client, the
cluster of its own that ``bench/load.py`` uses. After every voter has opened their ballot, casts
and requests to ``/healthz`` alternate in blocks of ``--block``, and the CPU time of the worker,
of every PostgreSQL process and of this process is read from ``/proc`` before and after each
block. Alternating blocks matter: this kind of machine changes speed by a factor 2 within
minutes, and two phases measured one after the other can fall on different speeds.

The ratio in CPU (``/healthz`` over a cast, all three together) is what the throughput ratio of
``bench/load.py`` approaches when the machine is CPU-bound.

    .venv/bin/python bench/cast_cpu.py                 # 1,000 casts, blocks of 25
    .venv/bin/python bench/cast_cpu.py --codes 400 --repeat 3
    .venv/bin/python bench/cast_cpu.py --database-url sqlite:////tmp/cpu.sqlite   # no PG column
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadlib.phases import Ballot, make_voters
from loadlib.postgres import OwnPostgres, scratch
from loadlib.proc import children, cpu_seconds
from loadlib.server import Gunicorn, app_environment, gunicorn_config, prepare
from loadlib.voter import Browser, Voter

WARM = 20  # whole flows before the clock: templates, catalogs, prepared statements


def cluster_pids(data: Path) -> list[int]:
    """The postmaster (first line of ``postmaster.pid``) and its children."""
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    return [postmaster, *children(postmaster)]


def own_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


class Meter:
    """CPU seconds spent by the worker, the cluster and this process, per kind of request."""

    def __init__(self, worker: int, cluster: list[int]) -> None:
        self.worker, self.cluster = worker, cluster
        self.spent: dict[str, list[float]] = {}
        self.count: dict[str, int] = {}

    def _now(self) -> tuple[float, float, float]:
        return cpu_seconds(self.worker), sum(map(cpu_seconds, self.cluster)), own_cpu()

    def measure(self, kind: str, requests: int, run: Callable[[], object]) -> None:
        before = self._now()
        run()
        after = self._now()
        spent = self.spent.setdefault(kind, [0.0, 0.0, 0.0])
        for i in range(3):
            spent[i] += after[i] - before[i]
        self.count[kind] = self.count.get(kind, 0) + requests

    def per_request_ms(self, kind: str) -> list[float]:
        return [1000 * s / self.count[kind] for s in self.spent[kind]]


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", type=int, default=1000, help="casts per repeat")
    parser.add_argument("--block", type=int, default=25, help="casts, then as many /healthz")
    parser.add_argument("--repeat", type=int, default=1, help="runs, each with a fresh server")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url", default="", help="use this database (its CPU is not measured)"
    )
    return parser.parse_args(argv)


def one_run(postgres: OwnPostgres | None, folder: Path, args: argparse.Namespace) -> str:
    url = postgres.url if postgres is not None else args.database_url
    env = app_environment(url, "http://127.0.0.1", folder / "instance")
    data = prepare(env, folder, args.codes + WARM)
    ballot = Ballot({i["id"]: i["amount_cents"] for i in data["initiatives"]}, data["budget_cents"])
    # One worker, never recycled: max_requests would replace it in the middle of the clock.
    server = Gunicorn(env, folder, 1, gunicorn_config("auto"), options=("--max-requests", "0"))
    server.start()
    try:
        voters = make_voters(server.port, data["codes"], ballot, random.Random(args.seed), 0, 1)
        for voter in voters[:WARM]:
            voter.open_ballot()
            voter.cast(read_receipt=True)
            Browser(server.port).request("GET", "/healthz")
        timed = voters[WARM:]
        for voter in timed:
            voter.open_ballot()
        [worker] = server.worker_pids()
        meter = Meter(worker, cluster_pids(postgres.data) if postgres is not None else [])
        for start in range(0, len(timed), args.block):
            block = timed[start : start + args.block]
            meter.measure("cast", len(block), partial(cast_all, block))
            meter.measure("/healthz", len(block), partial(trivial, server.port, len(block)))
        failed = sum(1 for v in timed for o in v.outcomes if not o.success) + sum(
            v.errors for v in timed
        )
        if failed:
            raise RuntimeError(f"{failed} casts or pages failed: the figures would be wrong")
    finally:
        server.stop()
    cast, healthz = meter.per_request_ms("cast"), meter.per_request_ms("/healthz")
    database = "{:.2f}" if postgres is not None else "–"
    return (
        f"| {len(timed)} | {cast[0]:.2f} | {database.format(cast[1])} | {cast[2]:.2f} "
        f"| {sum(cast):.2f} | {healthz[0]:.2f} | {database.format(healthz[1])} "
        f"| {healthz[2]:.2f} | {sum(healthz):.2f} | {sum(healthz) / sum(cast):.2f} |"
    )


def cast_all(voters: Sequence[Voter]) -> None:
    for voter in voters:
        voter.cast(read_receipt=False)


def trivial(port: int, count: int) -> None:
    for _ in range(count):
        Browser(port).request("GET", "/healthz")


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    print(
        f"CPU ms per request, serially: 1 gunicorn worker, 1 client, {os.cpu_count()} cores; "
        f"casts and /healthz alternating in blocks of {args.block}"
    )
    print(
        "| casts | cast: worker | PostgreSQL | client | total "
        "| /healthz: worker | PostgreSQL | client | total | ratio in CPU |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for _ in range(args.repeat):
        with scratch(args.database_url, "wijkbudget-cpu-") as (postgres, folder):
            print(one_run(postgres, folder, args), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        print(f"the measurement could not run: {error}", file=sys.stderr)
        sys.exit(2)
