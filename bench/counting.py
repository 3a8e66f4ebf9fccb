"""Benchmark wijkbudget's counting against pabutools 1.2.3 on the same files, in one run.

    make bench                       # creates bench/.venv-pabutools with pabutools, runs this
    python bench/counting.py --quick --no-pabutools

Every measurement (one tool, one file, one rule: read the file, then count) runs in a fresh
child process, so that peak memory (``ru_maxrss``) belongs to that measurement alone and one
run's garbage does not slow the next. pabutools gets a time limit per run (``--timeout``, 120 s
by default) and is reported as "timeout" when it does not finish.

pabutools is GPL-3 and is never a dependency of wijkbudget: it is only imported here, in a child
process, from the separate virtual environment ``make bench`` creates.

Satisfaction measures given to pabutools, to match what wijkbudget's rules count: cost
satisfaction for approval and choose-1 ballots (approvals), additive cardinal satisfaction for
cumulative ballots (points) and Borda satisfaction for ordinal ballots. pabutools' greedy ranks
by satisfaction per unit of cost, so for points and Borda its *greedy* order differs from
wijkbudget's "most votes first": the times still compare like with like, the outcomes are not
compared there ("n/a").
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PABULIB_DIR = ROOT.parent / "shared" / "pabulib"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere: import wijkbudget from here

# wijkbudget rule → pabutools call (see _pabutools_child); the others run in wijkbudget only.
PABUTOOLS_RULES = ("greedy", "mes", "mes-add1")
DEFAULT_PABUTOOLS_RULES = ("greedy", "mes")
TARGET_RATIO = 50  # wijkbudget at least 50x faster than pabutools (read + count)
TARGET_SLOW_RULES = ("mes-add1", "equalshares")
TARGET_SLOW_FILES = ("Poland_Warszawa_2026.pb", "Poland_Wroclaw_2015_150_-_500.pb")
TARGET_SLOW_SECONDS = 10.0
TARGET_WIJK_SECONDS = 0.5
TARGET_COUNT_VS_READ = 2.0
TARGET_PEAK_MB = 300.0
SYNTHETIC = "synthetic_wijk_5000.pb"


# --------------------------------------------------------------------------------------------
# Child processes: one measurement each, one JSON line on stdout


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _best_of(function: Callable[[], Any], budget_seconds: float = 1.0) -> tuple[Any, float]:
    """Result and the fastest of a few runs (one run when it is slow), to tame timer noise."""
    started = time.perf_counter()
    value = function()
    best = time.perf_counter() - started
    spent = best
    for _ in range(4):
        if spent + best > budget_seconds:
            break
        started = time.perf_counter()
        value = function()
        elapsed = time.perf_counter() - started
        spent += elapsed
        best = min(best, elapsed)
    return value, best


def _wijkbudget_child(path: str, rule: str) -> dict[str, Any]:
    from wijkbudget.counting.pabulib import read_election
    from wijkbudget.counting.rules import count

    baseline = _peak_mb()
    election, read_seconds = _best_of(lambda: read_election(path))
    result, count_seconds = _best_of(lambda: count(election, rule))
    return {
        "read": read_seconds,
        "count": count_seconds,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
        "selected": list(result.selected),
        "total_cost": str(result.total_cost),
    }


def _pabutools_child(path: str, rule: str) -> dict[str, Any]:
    from pabutools.election import (
        Additive_Borda_Sat,
        Additive_Cardinal_Sat,
        Cost_Sat,
        parse_pabulib,
    )
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    baseline = _peak_mb()
    started = time.perf_counter()
    instance, profile = parse_pabulib(path)
    read_seconds = time.perf_counter() - started
    vote_type = instance.meta.get("vote_type", "approval")
    sat_class: Any = {"cumulative": Additive_Cardinal_Sat, "ordinal": Additive_Borda_Sat}.get(
        vote_type, Cost_Sat
    )
    started = time.perf_counter()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat_class)
    elif rule == "mes":
        outcome = method_of_equal_shares(
            instance, profile, sat_class=sat_class, voter_budget_increment=None
        )
    elif rule == "mes-add1":
        outcome = method_of_equal_shares(
            instance, profile, sat_class=sat_class, voter_budget_increment=1
        )
    else:
        raise SystemExit(f"no pabutools equivalent for {rule}")
    count_seconds = time.perf_counter() - started
    return {
        "read": read_seconds,
        "count": count_seconds,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
        "selected": [project.name for project in outcome],
        "total_cost": str(sum((Fraction(project.cost) for project in outcome), Fraction(0))),
        "vote_type": vote_type,
    }


def _child(tool: str, path: str, rule: str) -> int:
    run = _wijkbudget_child if tool == "wijkbudget" else _pabutools_child
    try:
        data = run(path, rule)
    except ValueError as error:
        # A rule that does not take this vote type (phragmen on cumulative ballots, say).
        data = {"status": f"n/a: {error}"}
    print(json.dumps(data))
    return 0


# --------------------------------------------------------------------------------------------
# The parent: plan, run, print


@dataclass
class Measurement:
    tool: str
    file: str
    rule: str
    status: str  # "ok", "timeout", "error: …"
    read: float = 0.0
    count: float = 0.0
    peak_mb: float = 0.0
    selected: tuple[str, ...] = ()
    vote_type: str = ""

    @property
    def total(self) -> float:
        return self.read + self.count


def measure(tool: str, path: Path, rule: str, timeout: float | None) -> Measurement:
    """Run one measurement in a child process of this same interpreter."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", tool, str(path), rule]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return Measurement(tool, path.name, rule, "timeout")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["exit code " + str(done.returncode)])[-1]
        return Measurement(tool, path.name, rule, f"error: {last}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    if "status" in data:
        return Measurement(tool, path.name, rule, data["status"])
    return Measurement(
        tool,
        path.name,
        rule,
        "ok",
        read=data["read"],
        count=data["count"],
        peak_mb=data["peak_mb"],
        selected=tuple(data["selected"]),
        vote_type=data.get("vote_type", ""),
    )


def synthetic_election(seed: int = 2026) -> Any:
    """A wijk-sized approval election: 5,000 voters, 40 projects, a EUR 25,000 budget.

    Costs from EUR 250 to 6,000 in whole euros; some projects much more popular than others;
    each voter approves 1 to 8 projects. Seeded, so every run counts the same election.
    """
    from wijkbudget.counting.election import Ballot, Election, Project, VoteType

    rng = random.Random(seed)
    projects = tuple(
        Project(str(number), Fraction(rng.randrange(250, 6001, 50)), f"Project {number}")
        for number in range(1, 41)
    )
    weights = [rng.paretovariate(1.5) for _ in projects]
    ballots = []
    for voter in range(1, 5001):
        chosen: dict[str, None] = {}
        for _ in range(rng.randint(1, 8)):
            chosen[rng.choices(projects, weights)[0].id] = None
        ballots.append(Ballot(str(voter), tuple(chosen)))
    return Election(
        budget=Fraction(25_000),
        vote_type=VoteType.APPROVAL,
        projects=projects,
        ballots=tuple(ballots),
        meta={"description": f"Synthetic wijk election (seed {seed})", "currency": "EUR"},
    )


def _seconds(value: float) -> str:
    return f"{value:8.3f}" if value >= 0.001 else f"{value * 1000:6.3f}ms"


def _row(wijk: Measurement, pabu: Measurement | None) -> str:
    cells = [f"{wijk.file[:40]:<40}", f"{wijk.rule:<15}"]
    if wijk.status != "ok":
        return "  ".join([*cells, wijk.status])
    cells += [_seconds(wijk.read), _seconds(wijk.count), f"{wijk.peak_mb:6.0f}"]
    if pabu is None:
        return "  ".join(cells)
    if pabu.status != "ok":
        return "  ".join([*cells, f"{'pabutools ' + pabu.status:>30}"])
    ratio_total = pabu.total / wijk.total if wijk.total else float("inf")
    ratio_count = pabu.count / wijk.count if wijk.count else float("inf")
    same = _agreement(wijk, pabu)
    cells += [
        _seconds(pabu.read),
        _seconds(pabu.count),
        f"{pabu.peak_mb:6.0f}",
        f"{ratio_total:7.0f}x",
        f"{ratio_count:7.0f}x",
        same,
    ]
    return "  ".join(cells)


def _agreement(wijk: Measurement, pabu: Measurement) -> str:
    if wijk.rule == "greedy" and pabu.vote_type in ("cumulative", "ordinal"):
        return "n/a"  # pabutools' greedy divides points by cost; see the module docstring
    return "same" if sorted(wijk.selected) == sorted(pabu.selected) else "DIFFERS"


HEADER = (
    f"{'file':<40}  {'rule':<15}  {'wb read':>8}  {'wb count':>8}  {'wb MB':>6}  "
    f"{'pt read':>8}  {'pt count':>8}  {'pt MB':>6}  {'total':>8}  {'count':>8}  outcome"
)


def _targets(results: list[tuple[Measurement, Measurement | None]], largest: str) -> list[str]:
    lines = []

    def verdict(name: str, met: bool | None, detail: str) -> None:
        mark = "n/a    " if met is None else ("met    " if met else "NOT MET")
        lines.append(f"  [{mark}] {name}: {detail}")

    real = [(w, p) for w, p in results if w.file != SYNTHETIC]
    for rule in ("greedy", "mes"):
        pairs = [(w, p) for w, p in real if w.rule == rule and w.status == "ok" and p]
        ratios = [(p.total / w.total if p.status == "ok" else None, w.file) for w, p in pairs if p]
        measured = [(r, f) for r, f in ratios if r is not None]
        timeouts = [f for r, f in ratios if r is None]
        if not ratios:
            verdict(f">= {TARGET_RATIO}x faster than pabutools, {rule}", None, "not measured")
            continue
        worst = min(measured) if measured else None
        detail = (
            f"slowest ratio {worst[0]:.0f}x ({worst[1]})" if worst else "pabutools never finished"
        )
        if timeouts:
            detail += f"; pabutools timed out on {len(timeouts)} file(s) (counted as met)"
        verdict(
            f">= {TARGET_RATIO}x faster than pabutools (read + count), {rule}",
            all(r >= TARGET_RATIO for r, _ in measured),
            detail,
        )
    for rule in TARGET_SLOW_RULES:
        for file in TARGET_SLOW_FILES:
            found = [w for w, _ in real if w.rule == rule and w.file == file]
            if not found:
                verdict(f"{rule} on {file} < {TARGET_SLOW_SECONDS:.0f} s", None, "not measured")
            elif found[0].status != "ok":
                verdict(f"{rule} on {file} < {TARGET_SLOW_SECONDS:.0f} s", False, found[0].status)
            else:
                seconds = found[0].total
                verdict(
                    f"{rule} on {file} < {TARGET_SLOW_SECONDS:.0f} s (read + count)",
                    seconds < TARGET_SLOW_SECONDS,
                    f"{seconds:.2f} s",
                )
    by_rule: dict[str, list[Measurement]] = {}
    for wijk, _ in real:
        if wijk.status == "ok":
            by_rule.setdefault(wijk.rule, []).append(wijk)
    for rule, measurements in by_rule.items():
        worst_m = max(measurements, key=lambda m: m.count / m.read if m.read else 0)
        factor = worst_m.count / worst_m.read if worst_m.read else float("inf")
        verdict(
            f"counting <= {TARGET_COUNT_VS_READ:.0f}x read time, {rule}",
            factor <= TARGET_COUNT_VS_READ,
            f"worst {factor:.2f}x ({worst_m.file})",
        )
    wijk_runs = [w for w, _ in results if w.file == SYNTHETIC and not w.status.startswith("n/a")]
    if wijk_runs:
        slow = [
            w
            for w in wijk_runs
            if not w.status.startswith("n/a")
            and (w.status != "ok" or w.total >= TARGET_WIJK_SECONDS)
        ]
        slowest = max(wijk_runs, key=lambda w: w.total if w.status == "ok" else float("inf"))
        verdict(
            f"synthetic wijk (5,000 voters, 40 projects), every rule < {TARGET_WIJK_SECONDS} s",
            not slow,
            f"slowest {slowest.rule} {slowest.total:.3f} s (read + count)",
        )
    peaks = [w for w, _ in real if w.file == largest and w.status == "ok"]
    if peaks:
        top = max(peaks, key=lambda w: w.peak_mb)
        verdict(
            f"peak memory < {TARGET_PEAK_MB:.0f} MB on the largest file ({largest})",
            top.peak_mb < TARGET_PEAK_MB,
            f"{top.peak_mb:.0f} MB ({top.rule}, whole process)",
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with --child, one measurement)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the 3 largest files, not 10")
    parser.add_argument("--no-pabutools", action="store_true", help="time wijkbudget only")
    parser.add_argument(
        "--files",
        help="how many of the largest files (default 10), or comma-separated file names",
    )
    parser.add_argument("--rules", help="comma-separated wijkbudget rules (default: all)")
    parser.add_argument(
        "--pabutools-rules",
        default=",".join(DEFAULT_PABUTOOLS_RULES),
        help=f"rules also run in pabutools, of {', '.join(PABUTOOLS_RULES)} (default: %(default)s)",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per pabutools run")
    parser.add_argument(
        "--wijkbudget-timeout", type=float, default=300.0, help="seconds per wijkbudget run"
    )
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    parser.add_argument(
        "--child", nargs=3, metavar=("TOOL", "FILE", "RULE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        return _child(*args.child)

    from wijkbudget.counting.pabulib import write_file
    from wijkbudget.counting.rules import RULE_NAMES

    rules = tuple(args.rules.split(",")) if args.rules else RULE_NAMES
    pabutools_rules = set(args.pabutools_rules.split(",")) & set(PABUTOOLS_RULES)
    use_pabutools = not args.no_pabutools
    if use_pabutools and importlib.util.find_spec("pabutools") is None:
        print(
            "pabutools is not installed in this Python; run `make bench` or pass --no-pabutools",
            file=sys.stderr,
        )
        return 2
    files = sorted(PABULIB_DIR.glob("*.pb"), key=lambda p: p.stat().st_size, reverse=True)
    if not files:
        print(f"no .pb files in {PABULIB_DIR}", file=sys.stderr)
        return 2
    if args.files and not args.files.isdigit():
        wanted = [name if name.endswith(".pb") else name + ".pb" for name in args.files.split(",")]
        missing = [name for name in wanted if not (PABULIB_DIR / name).is_file()]
        if missing:
            print(f"not in {PABULIB_DIR}: {', '.join(missing)}", file=sys.stderr)
            return 2
        files = [PABULIB_DIR / name for name in wanted]
    else:
        files = files[: int(args.files or 0) or (3 if args.quick else 10)]
    largest = files[0].name

    results: list[tuple[Measurement, Measurement | None]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        synthetic = Path(scratch) / SYNTHETIC
        write_file(synthetic_election(), synthetic)
        print(f"wijkbudget vs pabutools 1.2.3, {len(files)} largest Pabulib files + {SYNTHETIC}")
        print("times in seconds (fastest of up to 5 runs for wijkbudget, one for pabutools);")
        print("MB = peak resident memory of the whole measuring process; ratios pabutools/ours")
        print()
        print(HEADER)
        for path in [*files, synthetic]:
            for rule in rules:
                wijk = measure("wijkbudget", path, rule, timeout=args.wijkbudget_timeout)
                pabu = None
                if use_pabutools and rule in pabutools_rules:
                    pabu = measure("pabutools", path, rule, timeout=args.timeout)
                results.append((wijk, pabu))
                print(_row(wijk, pabu), flush=True)
    print()
    print(f"Targets (whole run {time.perf_counter() - started:.0f} s):")
    for line in _targets(results, largest):
        print(line)
    if args.json:
        records = [
            {**vars(m), "selected": list(m.selected)}
            for pair in results
            for m in pair
            if m is not None
        ]
        args.json.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
