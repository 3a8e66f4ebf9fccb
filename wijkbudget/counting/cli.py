"""``wijkbudget-count``: count Pabulib files with one or more rules from the command line.

One JSON line per file and rule (or a readable table with ``--format text``), so that anyone can
recount a published election and compare. Bad input (a file that cannot be read, an invalid
``.pb`` file, an unknown rule) gives a one-line message on stderr and exit code 2, never a
traceback; the other files are still counted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from collections.abc import Sequence
from fractions import Fraction
from typing import TextIO

from wijkbudget.counting.election import Election
from wijkbudget.counting.pabulib import PabulibError, format_decimal, read_election
from wijkbudget.counting.result import CountResult
from wijkbudget.counting.rules import RULE_NAMES, RuleOptions, count

PROG = "wijkbudget-count"
EXIT_BAD_INPUT = 2

# Money and vote keys in a trace step's JSON (Step.to_json writes them as "p/q" fractions);
# the command line prints them as exact decimals like the totals.
_NUMBER_KEYS = frozenset(
    {"votes", "cost", "budget_left", "supporters_money", "price", "total", "each"}
)


class _BadInput(Exception):
    """A message for stderr, then exit code 2."""


def _fraction(text: str) -> Fraction:
    """argparse type for ``--threshold``: ``0.1``, ``12,5``, ``1/3`` or ``100``."""
    try:
        value = Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _rules(text: str) -> tuple[str, ...]:
    """argparse type for ``--rule``: comma-separated names, each one of RULE_NAMES."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names:
        raise argparse.ArgumentTypeError("no rule given")
    unknown = [name for name in names if name not in RULE_NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown rule {unknown[0]!r} (choose from: {', '.join(RULE_NAMES)})"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to print ``--help``)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Count participatory-budgeting elections in Pabulib .pb files.",
        epilog=(
            "Output: one JSON line per file and rule with file, rule, selected (in the order "
            "chosen), total_cost, budget (exact decimals) and seconds. Exit code 2 on bad input."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE.pb", help="Pabulib files to count")
    parser.add_argument(
        "--rule",
        required=True,
        type=_rules,
        metavar="RULE[,RULE...]",
        help=f"rules to count with: {', '.join(RULE_NAMES)}",
    )
    parser.add_argument(
        "--format", choices=("json", "text"), default="json", help="output format (json)"
    )
    parser.add_argument(
        "--trace", action="store_true", help="include every step of the count (why (not) funded)"
    )
    parser.add_argument(
        "--threshold",
        type=_fraction,
        metavar="T",
        help="projects with fewer votes than T are not funded",
    )
    parser.add_argument(
        "--no-skip",
        action="store_true",
        help="greedy stops at the first project that does not fit instead of skipping it",
    )
    parser.add_argument(
        "--comparison",
        action="store_true",
        help="equalshares.net's comparison step: keep greedy if more voters prefer it",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 fine, 2 bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse has printed the usage and its message; --help exits 0.
        return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT

    options = RuleOptions(
        threshold=args.threshold, skip=not args.no_skip, comparison=args.comparison
    )
    rules: tuple[str, ...] = args.rule
    files: list[str] = args.files
    out = sys.stdout
    progress = _Progress(sys.stderr, total=len(files) * len(rules))
    failed = False
    try:
        for path in files:
            try:
                election, read_seconds = _read(path)
            except _BadInput as error:
                progress.clear()
                print(f"{PROG}: {error}", file=sys.stderr)
                failed = True
                progress.skip(len(rules))
                continue
            for rule in rules:
                progress.show(os.path.basename(path), rule)
                try:
                    result, seconds = _count(election, rule, options)
                except _BadInput as error:
                    progress.clear()
                    print(f"{PROG}: {path}: {error}", file=sys.stderr)
                    failed = True
                    continue
                progress.clear()
                record = _record(path, result, seconds, read_seconds, trace=args.trace)
                if args.format == "json":
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    out.write(_text(record, election))
                out.flush()
    except BrokenPipeError:
        # `wijkbudget-count … | head`: the reader has gone. Point stdout at /dev/null so that
        # Python's own flush at exit does not fail again (as the signal docs advise).
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        progress.clear()
    return EXIT_BAD_INPUT if failed else 0


def _read(path: str) -> tuple[Election, float]:
    started = time.perf_counter()
    try:
        election = read_election(path)
    except PabulibError as error:
        raise _BadInput(str(error)) from None
    except OSError as error:
        raise _BadInput(f"cannot read {path}: {error.strerror or error}") from None
    return election, time.perf_counter() - started


def _count(election: Election, rule: str, options: RuleOptions) -> tuple[CountResult, float]:
    started = time.perf_counter()
    try:
        result = count(election, rule, options)
    except ValueError as error:
        # UnknownRule (a ValueError) also covers a rule that cannot count this election, such
        # as phragmen on cumulative ballots; other ValueErrors are a rule refusing its input.
        raise _BadInput(str(error)) from None
    return result, time.perf_counter() - started


def _decimals(value: object, key: str = "") -> object:
    """Step JSON with every money/vote fraction string as an exact decimal (where it has one)."""
    if isinstance(value, dict):
        return {k: _decimals(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(item, key) for item in value]
    if isinstance(value, str) and key in _NUMBER_KEYS:
        return format_decimal(Fraction(value))
    return value


def _record(
    path: str, result: CountResult, seconds: float, read_seconds: float, *, trace: bool
) -> dict[str, object]:
    record: dict[str, object] = {
        "file": os.path.basename(path),
        "rule": result.rule,
        "selected": list(result.selected),
        "total_cost": format_decimal(result.total_cost),
        "budget": format_decimal(result.budget),
        "seconds": round(seconds, 6),
        "read_seconds": round(read_seconds, 6),
    }
    if result.per_voter_budget is not None:
        record["per_voter_budget"] = format_decimal(result.per_voter_budget)
    if result.comparison is not None:
        record["comparison"] = {
            "prefer_mes": result.comparison.prefer_mes,
            "prefer_greedy": result.comparison.prefer_greedy,
            "chose_greedy": result.comparison.chose_greedy,
        }
    if trace:
        record["trace"] = [_decimals(step.to_json()) for step in result.trace]
    return record


def _text(record: dict[str, object], election: Election) -> str:
    """A readable block: the funded projects in order, then (with --trace) every step."""
    selected = record["selected"]
    assert isinstance(selected, list)
    names = {project.id: project.name for project in election.projects}
    costs = {project.id: project.cost for project in election.projects}
    lines = [
        f"{record['file']}  rule {record['rule']}  ({record['seconds']:.3f} s)",
        f"  funded {len(selected)} of {len(election.projects)} projects for "
        f"{record['total_cost']} of {record['budget']}"
        f"  ({election.num_voters} voters, {election.vote_type.value})",
    ]
    if selected:
        width = max(len("project"), *(len(str(project_id)) for project_id in selected))
        cost_width = max(len("cost"), *(len(format_decimal(costs[str(p)])) for p in selected))
        lines.append(f"  {'#':>3}  {'project':<{width}}  {'cost':>{cost_width}}  name")
        for number, project_id in enumerate(selected, start=1):
            cost = format_decimal(costs[str(project_id)])
            name = _shorten(names[str(project_id)], 60)
            lines.append(f"  {number:>3}  {project_id!s:<{width}}  {cost:>{cost_width}}  {name}")
    steps = record.get("trace")
    if isinstance(steps, list):
        lines.append("  trace:")
        lines.append(f"  {'step':>4}  {'project':<12} {'phase':<10} {'reason':<16} details")
        for number, step in enumerate(steps, start=1):
            assert isinstance(step, dict)
            details = "  ".join(
                f"{key} {value}"
                for key, value in step.items()
                if key not in ("project", "phase", "reason", "payments") and value is not None
            )
            lines.append(
                f"  {number:>4}  {step['project']!s:<12} {step['phase']!s:<10} "
                f"{step['reason']!s:<16} {details}"
            )
    return "\n".join(lines) + "\n\n"


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _Progress:
    """``[3/12] file.pb mes`` on one overwritten stderr line, only when a person is watching.

    Only when stderr is a terminal (never in a pipe or a log) and there is more than one count.
    """

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = total
        self.done = 0
        self.enabled = total > 1 and stream.isatty()
        self.shown = False

    def show(self, file: str, rule: str) -> None:
        self.done += 1
        if self.enabled:
            self.stream.write(f"\r\x1b[K[{self.done}/{self.total}] {file} {rule}")
            self.stream.flush()
            self.shown = True

    def skip(self, count: int) -> None:
        self.done += count

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
