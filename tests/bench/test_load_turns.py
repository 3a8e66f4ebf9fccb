"""The load test alternates casts and trivial requests in turns without parting a shared code."""

from __future__ import annotations

import random
import threading

from hypothesis import given
from hypothesis import strategies as st

from bench.loadlib.phases import _turns
from bench.loadlib.voter import Voter


def _voters(clients_per_code: list[int]) -> list[Voter]:
    voters = []
    for number, clients in enumerate(clients_per_code):
        together = threading.Barrier(clients) if clients > 1 else None
        voters += [Voter(1, f"code-{number}", "hash", [], together) for _ in range(clients)]
    return voters


@given(st.lists(st.integers(1, 3), min_size=1, max_size=60), st.integers(1, 6))
def test_turns_keep_every_voter_in_order_and_each_code_in_one_turn(
    clients_per_code: list[int], count: int
) -> None:
    voters = _voters(clients_per_code)
    turns = _turns(voters, count)
    assert [v for turn in turns for v in turn] == voters
    assert all(turns)
    turn_of = {}
    for number, turn in enumerate(turns):
        for voter in turn:
            assert turn_of.setdefault(voter.code, number) == number


def test_a_long_run_is_cut_in_about_equal_turns() -> None:
    clients = [random.Random(n).choice([1, 1, 1, 3]) for n in range(400)]
    turns = _turns(_voters(clients), 4)
    assert len(turns) == 4
    assert max(map(len, turns)) - min(map(len, turns)) <= 6
