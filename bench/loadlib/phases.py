"""The phases of a run: prepare ballots, cast, read receipts, hit the trivial endpoint; and the
fault run, in which each voter goes through the whole flow while a worker and PostgreSQL fall."""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .stats import Figures
from .voter import Browser, PageFailed, Voter


@dataclass(frozen=True)
class Ballot:
    """What the round offers: initiative ids with their costs, and the budget."""

    costs: dict[int, int]
    budget_cents: int

    def random_choice(self, rng: random.Random) -> list[int]:
        """Some initiatives that fit the budget, at least one."""
        chosen: list[int] = []
        for item in rng.sample(sorted(self.costs), len(self.costs)):
            if sum(self.costs[i] for i in chosen) + self.costs[item] <= self.budget_cents:
                chosen.append(item)
            if len(chosen) >= rng.randint(1, len(self.costs)):
                break
        return sorted(chosen)


def make_voters(
    port: int,
    codes: Sequence[dict[str, str]],
    ballot: Ballot,
    rng: random.Random,
    shared_share: float,
    clients_per_shared: int,
) -> list[Voter]:
    """One voter per code; for ``shared_share`` of the codes, ``clients_per_shared`` clients
    with different choices that press "Cast my vote" at the same moment (a barrier)."""
    voters: list[Voter] = []
    shared = set(rng.sample(range(len(codes)), round(len(codes) * shared_share)))
    for index, code in enumerate(codes):
        clients = clients_per_shared if index in shared else 1
        together = threading.Barrier(clients) if clients > 1 else None
        picks: list[list[int]] = []
        for _ in range(clients):
            choice = ballot.random_choice(rng)
            for _retry in range(10):  # different choices where the ballot allows it
                if choice not in picks:
                    break
                choice = ballot.random_choice(rng)
            picks.append(choice)
            voters.append(Voter(port, code["code"], code["hash"], choice, together))
    return voters  # the clients of a shared code stay next to each other: they start together


def _each(voters: Sequence[Voter], concurrency: int, step: Callable[[Voter], Any]) -> float:
    def guarded(voter: Voter) -> None:
        try:
            step(voter)
        except PageFailed:
            voter.errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(guarded, voters))
    return time.perf_counter() - started


def warm_up(voters: Sequence[Voter], concurrency: int) -> None:
    """Whole flows, untimed; their casts count in the check like any other."""

    def whole_flow(voter: Voter) -> None:
        voter.open_ballot()
        voter.cast(read_receipt=True)

    _each(voters, concurrency, whole_flow)


@dataclass(frozen=True)
class LevelResult:
    concurrency: int
    codes: int
    clients: int
    cast: Figures
    pages: Figures
    trivial: Figures
    trivial_path: str

    @property
    def ratio(self) -> float:
        return self.cast.per_second / self.trivial.per_second


TURNS = 4
"""Casts and requests to the trivial endpoint alternate in this many turns, so that a machine
whose speed drifts during a run (a shared virtual machine does, by a factor 2 within minutes)
weighs on both figures alike: the ratio compares them."""


def run_level(
    voters: Sequence[Voter],
    concurrency: int,
    port: int,
    trivial_path: str,
    log: Callable[[str], None],
) -> LevelResult:
    """Open every ballot; then, in :data:`TURNS` turns, cast a part of them at ``concurrency``
    and send as many requests to the trivial endpoint at the same concurrency; then read the
    receipts."""
    log(f"  {concurrency} voters: opening {len(voters)} ballots")
    page_time = _each(voters, concurrency, Voter.open_ballot)
    ready = [v for v in voters if v.csrf]
    log(f"  {concurrency} voters: casting, and as many requests to {trivial_path}, in turns")
    cast_time = 0.0
    trivial = _Hammered()
    for part in _turns(ready, TURNS):
        cast_time += _each(part, concurrency, lambda v: v.cast(read_receipt=False))
        _hammer(port, trivial_path, len(part), concurrency, trivial)
    _each([v for v in ready if v.awaiting_receipt], concurrency, Voter.read_receipt)
    return LevelResult(
        concurrency=concurrency,
        codes=len({v.code for v in voters}),
        clients=len(voters),
        cast=Figures.of(
            [s for v in ready for s in v.cast_seconds],
            sum(1 for v in ready for o in v.outcomes if not o.success),
            cast_time,
        ),
        pages=Figures.of(
            [s for v in voters for s in v.page_seconds], sum(v.errors for v in voters), page_time
        ),
        trivial=Figures.of(trivial.latencies, trivial.errors, trivial.seconds),
        trivial_path=trivial_path,
    )


def _turns(voters: Sequence[Voter], count: int) -> list[list[Voter]]:
    """``voters`` in about ``count`` consecutive parts, never parting the clients of one code
    (they wait for each other at a barrier)."""
    size = math.ceil(len(voters) / count)
    parts: list[list[Voter]] = [[]]
    for voter in voters:
        last = parts[-1]
        full = len(last) >= size  # then last is not empty
        if full and (voter.together is None or voter.together is not last[-1].together):
            parts.append([])
        parts[-1].append(voter)
    return [part for part in parts if part]


@dataclass
class _Hammered:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0


def _hammer(port: int, path: str, count: int, concurrency: int, into: _Hammered) -> None:
    lock = threading.Lock()

    def one(_: int) -> None:
        try:
            reply = Browser(port).request("GET", path)
        except PageFailed:
            reply = None
        with lock:
            if reply is not None and reply.status == 200:
                into.latencies.append(reply.seconds)
            else:
                into.errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(count)))
    into.seconds += time.perf_counter() - started


@dataclass(frozen=True)
class Fault:
    name: str
    at_share: float  # of the voters done
    action: Callable[[], object]


def run_with_faults(
    voters: Sequence[Voter], concurrency: int, faults: Sequence[Fault], log: Callable[[str], None]
) -> tuple[Figures, list[str]]:
    """Each voter: open the ballot, cast, read the receipt — while ``faults`` strike."""
    done = [0]
    lock = threading.Lock()
    struck: list[str] = []
    finished = threading.Event()

    def whole_flow(voter: Voter) -> None:
        try:
            voter.open_ballot()
            voter.cast(read_receipt=True)
        finally:
            with lock:
                done[0] += 1

    def striker() -> None:
        for fault in faults:
            while done[0] < fault.at_share * len(voters) and not finished.is_set():
                time.sleep(0.01)
            if finished.is_set():
                log(f"  fault {fault.name}: the run ended before it could strike")
                return
            started = time.perf_counter()
            detail = fault.action()
            took = time.perf_counter() - started
            struck.append(f"{fault.name} after {done[0]} of {len(voters)} voters ({took:.1f} s)")
            log(f"  fault: {fault.name} {detail or ''} after {done[0]} of {len(voters)} voters")

    thread = threading.Thread(target=striker, daemon=True)
    thread.start()
    elapsed = _each(voters, concurrency, whole_flow)
    finished.set()
    thread.join()
    figures = Figures.of(
        [s for v in voters for s in v.cast_seconds],
        sum(v.errors for v in voters),
        elapsed,
    )
    return figures, struck
