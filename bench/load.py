"""Load and faults: real voters through the real forms against gunicorn and PostgreSQL.

Starts a PostgreSQL cluster of its own (or uses ``--database-url``/``DATABASE_URL``), migrates
it, opens a voting round with fresh stemcodes, serves the app with gunicorn on 127.0.0.1 as
production does, and drives the ballot flow — the form, its CSRF token, "Check my choice",
"Cast my vote", the receipt — with 50 and 200 concurrent voters; one code in ten is cast by
three clients at the same moment. Then the same with a gunicorn worker killed (SIGKILL) and
PostgreSQL restarted mid-run. After each part the database is checked against what every
client was told: no ballot lost, none doubled. Exits 1 if one was, 2 if the run could not start.

    .venv/bin/python bench/load.py                      # 50 and 200 voters, 1000 codes each
    .venv/bin/python bench/load.py --quick              # 300 codes per part
    .venv/bin/python bench/load.py --voters 50 --codes 2000 --no-faults
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadlib.phases import (
    Ballot,
    Fault,
    LevelResult,
    make_voters,
    run_level,
    run_with_faults,
    warm_up,
)
from loadlib.postgres import OwnPostgres
from loadlib.server import Gunicorn, app_environment, gunicorn_config, prepare
from loadlib.stats import Figures
from loadlib.verify import Findings, Outcome, RollRow, verify
from loadlib.voter import Browser, PageFailed, Voter

TARGET_RATIO = 0.5
TARGET_P95_MS = 150.0
TARGET_VOTERS = 50


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", default="50,200", help="concurrent voters per part")
    parser.add_argument("--codes", type=int, help="stemcodes per part (default 1000)")
    parser.add_argument("--quick", action="store_true", help="300 codes per part")
    parser.add_argument(
        "--shared", type=float, default=0.1, help="share of codes cast by several clients at once"
    )
    parser.add_argument("--clients-per-code", type=int, default=3, help="clients of a shared code")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--gunicorn-config", default="auto", help="auto, none or a path")
    parser.add_argument("--trivial", default="auto", help="the trivial endpoint (auto: /healthz)")
    parser.add_argument("--faults", default="kill,restart", help="kill, restart, both or none")
    parser.add_argument("--no-faults", dest="faults", action="store_const", const="none")
    parser.add_argument(
        "--warmup", type=int, default=4, help="untimed whole flows per worker before the clock"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temp folders (logs)")
    args = parser.parse_args(argv)
    args.levels = [int(v) for v in args.voters.split(",") if v.strip()]
    args.codes = args.codes or (300 if args.quick else 1000)
    args.fault_names = [] if args.faults == "none" else [f for f in args.faults.split(",") if f]
    if min(args.levels) < args.clients_per_code:
        parser.error("--voters must be at least --clients-per-code")
    return args


def sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def check(url: str, round_id: int, voters: Sequence[Voter]) -> Findings:
    """Compare what every client was told with the round's roll and ballots."""
    tried: dict[str, list[Outcome]] = defaultdict(list)
    for voter in voters:
        tried[voter.code_hash].extend(voter.outcomes)
    engine = sa.create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT code_hash, voted, casts FROM voting_roll WHERE round_id = :r"),
                {"r": round_id},
            )
            roll = {h: RollRow(bool(voted), int(casts)) for h, voted, casts in rows}
            receipts = list(
                connection.scalars(
                    sa.text("SELECT receipt FROM voting_ballots WHERE round_id = :r"),
                    {"r": round_id},
                )
            )
    finally:
        engine.dispose()
    return verify(tried, roll, receipts)


def trivial_path(choice: str, port: int) -> str:
    if choice != "auto":
        return choice
    try:
        if Browser(port).request("GET", "/healthz").status == 200:
            return "/healthz"
    except PageFailed:
        pass
    return "/static/css/wijkbudget.css"


def ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f}"


def table(results: Sequence[LevelResult]) -> str:
    lines = [
        "| voters | clients | casts | casts/s | cast p50 ms | cast p95 ms | cast p99 ms "
        "| trivial/s | trivial p95 ms | ratio | page p95 ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.concurrency} | {r.clients} | {r.cast.count} | {r.cast.per_second:.0f} "
            f"| {ms(r.cast.p50_ms)} | {ms(r.cast.p95_ms)} | {ms(r.cast.p99_ms)} "
            f"| {r.trivial.per_second:.0f} | {ms(r.trivial.p95_ms)} | {r.ratio:.2f} "
            f"| {ms(r.pages.p95_ms)} | {r.cast.errors + r.pages.errors + r.trivial.errors} |"
        )
    return "\n".join(lines)


def targets(results: Sequence[LevelResult]) -> list[str]:
    at = next((r for r in results if r.concurrency == TARGET_VOTERS), results[0])
    met = {True: "met", False: "NOT met"}
    return [
        f"target at {at.concurrency} voters: cast/trivial throughput {at.ratio:.2f} ≥ "
        f"{TARGET_RATIO}: {met[at.ratio >= TARGET_RATIO]}",
        f"target at {at.concurrency} voters: cast p95 {ms(at.cast.p95_ms)} ms < "
        f"{TARGET_P95_MS:.0f} ms: {met[at.cast.p95_ms < TARGET_P95_MS]}",
    ]


def findings_line(when: str, found: Findings) -> str:
    return (
        f"{when}: lost: {found.lost}, doubled: {found.doubled} "
        f"({found.codes_told_counted} codes told counted; "
        f"{found.landed_though_told_failed} casts landed though the voter was told they failed)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="wijkbudget-load-"))
    postgres: OwnPostgres | None = None
    server: Gunicorn | None = None
    report: dict[str, object] = {}
    try:
        if args.database_url:
            url, where = args.database_url, "DATABASE_URL"
        else:
            log("starting an own PostgreSQL cluster")
            postgres = OwnPostgres()
            postgres.start()
            url, where = postgres.url, f"own PostgreSQL on 127.0.0.1:{postgres.port}"
        env = app_environment(url, "http://127.0.0.1", folder / "instance")
        parts = len(args.levels) + (1 if args.fault_names else 0)
        warmup = args.workers * args.warmup
        log(f"migrating, opening a round with {args.codes * parts + warmup} stemcodes")
        data = prepare(env, folder, args.codes * parts + warmup)
        ballot = Ballot(
            {i["id"]: i["amount_cents"] for i in data["initiatives"]}, data["budget_cents"]
        )
        chunks = [data["codes"][n * args.codes : (n + 1) * args.codes] for n in range(parts)]
        warm = data["codes"][parts * args.codes :]
        config = gunicorn_config(args.gunicorn_config)
        server = Gunicorn(env, folder, args.workers, config)
        server.start()
        trivial = trivial_path(args.trivial, server.port)
        print(
            f"wijkbudget load test: gunicorn {args.workers} sync workers "
            f"(config: {config or 'none'}) on {os.cpu_count()} cores, {where}; "
            f"{args.codes} codes per part, {args.shared:.0%} of them by "
            f"{args.clients_per_code} clients at once; trivial endpoint {trivial}"
        )
        # Every worker renders each page once before the clock runs (templates, catalogs).
        everyone = make_voters(server.port, warm, ballot, rng, 0, 1)
        warm_up(everyone, args.workers)
        results = []
        for level, chunk in zip(args.levels, chunks, strict=False):
            voters = make_voters(
                server.port, chunk, ballot, rng, args.shared, args.clients_per_code
            )
            everyone += voters
            results.append(run_level(voters, level, server.port, trivial, log))
        print(table(results))
        for line in targets(results):
            print(line)
        before = check(url, data["round_id"], everyone)
        print(findings_line("before the faults", before))
        report["levels"] = [asdict(r) | {"ratio": r.ratio} for r in results]
        report["before"] = asdict(before)
        after = before
        if args.fault_names:
            faults = []
            if "kill" in args.fault_names:
                faults.append(Fault("SIGKILL a gunicorn worker", 0.25, server.kill_worker))
            if "restart" in args.fault_names:
                if postgres is None:
                    print("PostgreSQL restart skipped: not our own cluster")
                else:
                    faults.append(Fault("pg_ctl restart -m fast", 0.55, postgres.restart))
            voters = make_voters(
                server.port, chunks[-1], ballot, rng, args.shared, args.clients_per_code
            )
            everyone += voters
            figures, struck = run_with_faults(voters, args.levels[0], faults, log)
            print(fault_line(args.levels[0], len(voters), figures, struck))
            after = check(url, data["round_id"], everyone)
            print(findings_line("after the faults", after))
            report.update(faults=asdict(figures) | {"struck": struck}, after=asdict(after))
        print(load_generator_line())
        for problem in (before.problems + after.problems)[:20]:
            print("  " + problem)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        return 0 if before.ok and after.ok else 1
    finally:
        if server is not None:
            server.stop()
        if postgres is not None:
            postgres.stop(keep=args.keep)
        if args.keep:
            log(f"kept {folder}" + (f" and {postgres.root}" if postgres else ""))
        else:
            shutil.rmtree(folder, ignore_errors=True)


def load_generator_line() -> str:
    """The benchmark's own CPU: on a small machine its clients compete with the server."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return (
        f"load generator (this process) used {used.ru_utime + used.ru_stime:.0f} CPU seconds; "
        f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


def fault_line(concurrency: int, clients: int, figures: Figures, struck: Sequence[str]) -> str:
    return (
        f"with faults ({'; '.join(struck) or 'none struck'}): {concurrency} voters, "
        f"{clients} clients, {figures.count} casts answered, {figures.per_second:.0f} casts/s "
        f"(whole flow), cast p95 {ms(figures.p95_ms)} ms, {figures.errors} failed pages or casts"
    )


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or ""
        print(f"the load test could not run: {error}\n{detail}", file=sys.stderr)
        sys.exit(2)  # not 1: that means a ballot was lost or doubled
