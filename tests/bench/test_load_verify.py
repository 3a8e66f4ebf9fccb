"""The load benchmark's check: it passes every correct history and catches a lost or doubled
ballot. A correct server is modelled as a serial order of presses (any concurrent run of a
correct server equals some serial order), each press's answer possibly lost before or after
the commit — as when a worker is killed or PostgreSQL restarts."""

from __future__ import annotations

import itertools
from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from bench.loadlib.stats import percentile
from bench.loadlib.verify import Outcome, RollRow, verify

CODES = [f"hash{n}" for n in range(6)]
OK, CUT_BEFORE, CUT_AFTER = "ok", "cut before commit", "cut after commit"
presses = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from([OK, OK, OK, CUT_BEFORE, CUT_AFTER])),
    max_size=30,
)


class Round:
    """The server's side: a roll row per code, ballots by receipt; a cast replaces the earlier."""

    def __init__(self, keeps_old_ballot: bool = False) -> None:
        self.voted = dict.fromkeys(CODES, False)
        self.casts = dict.fromkeys(CODES, 0)
        self.pointer: dict[str, str] = {}
        self.ballots: set[str] = set()
        self.keeps_old_ballot = keeps_old_ballot  # the bug a doubled ballot comes from
        self.receipts = (f"R{n:04d}" for n in itertools.count())

    def cast(self, code: str) -> str:
        receipt = next(self.receipts)
        if code in self.pointer and not self.keeps_old_ballot:
            self.ballots.discard(self.pointer[code])
        self.ballots.add(receipt)
        self.pointer[code] = receipt
        self.voted[code] = True
        self.casts[code] += 1
        return receipt

    def roll(self) -> dict[str, RollRow]:
        return {code: RollRow(self.voted[code], self.casts[code]) for code in CODES}


def run(history: list[tuple[str, str]], round_: Round) -> dict[str, list[Outcome]]:
    told: dict[str, list[Outcome]] = defaultdict(list)
    for code, fate in history:
        if fate == CUT_BEFORE:
            told[code].append(Outcome(success=False))
            continue
        receipt = round_.cast(code)
        told[code].append(Outcome(True, receipt) if fate == OK else Outcome(success=False))
    return told


@given(presses)
def test_a_correct_round_passes_whatever_answers_were_lost(history: list[tuple[str, str]]) -> None:
    round_ = Round()
    told = run(history, round_)
    found = verify(told, round_.roll(), sorted(round_.ballots))
    assert found.ok, found.problems
    assert found.codes_told_counted == len({c for c, fate in history if fate == OK})


@given(presses, st.data())
def test_a_ballot_that_disappears_is_lost(
    history: list[tuple[str, str]], data: st.DataObject
) -> None:
    round_ = Round()
    told = run([*history, (CODES[0], OK)], round_)
    gone = data.draw(st.sampled_from(sorted(round_.ballots)))
    found = verify(told, round_.roll(), sorted(round_.ballots - {gone}))
    assert found.lost >= 1
    assert any(problem.startswith("lost") for problem in found.problems)


@given(presses)
def test_an_earlier_ballot_left_in_place_is_doubled(history: list[tuple[str, str]]) -> None:
    round_ = Round(keeps_old_ballot=True)
    told = run([*history, (CODES[0], OK), (CODES[0], OK)], round_)
    found = verify(told, round_.roll(), sorted(round_.ballots))
    assert found.doubled >= 1


def test_a_code_told_counted_that_never_voted_is_lost() -> None:
    roll = {"a": RollRow(voted=False, casts=0), "b": RollRow(voted=True, casts=1)}
    told = {"a": [Outcome(True, "R1")], "b": [Outcome(True, "R2")]}
    found = verify(told, roll, ["R2"])
    assert (found.lost, found.doubled) == (1, 0)


def test_more_casts_than_presses_is_doubled() -> None:
    roll = {"a": RollRow(voted=True, casts=2)}
    found = verify({"a": [Outcome(True, "R1")]}, roll, ["R1"])
    assert found.doubled == 1


def test_a_ballot_nobody_cast_is_doubled() -> None:
    roll = {"a": RollRow(voted=True, casts=1), "b": RollRow(voted=False, casts=0)}
    found = verify({"a": [Outcome(True, "R1")]}, roll, ["R1", "R9"])
    assert found.doubled == 1


def test_a_cast_that_landed_though_its_answer_was_lost_is_allowed_and_reported() -> None:
    roll = {"a": RollRow(voted=True, casts=2)}
    told = {"a": [Outcome(True, "R1"), Outcome(success=False)]}  # the second press replaced R1
    found = verify(told, roll, ["R2"])
    assert found.ok
    assert found.landed_though_told_failed == 1


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert percentile([0.2], 99) == 0.2
