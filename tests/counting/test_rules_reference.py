"""Every rule against the reference outcomes, on every Pabulib file that has one.

``pabutools-1.2.3.json`` gives pabutools' outcomes; ``equalshares.json`` equalshares.net's; the
``real_selected`` lists what cities funded. Outcomes are compared in the order chosen, except
for Phragmén: pabutools sorts its Phragmén outcome before returning it, so only the set is
meaningful there. Ordinal ``greedy`` counts Pabulib's score (as Kraków did) rather than
pabutools' Borda score, so it is checked against the cities' winners, not ``greedy_borda``.
``greedy_card``, ``mes_card`` and ``max_welfare_cost`` are not among our rules.

Where pabutools did not finish (``status: timeout``) there is nothing to compare, so those cases
only check that the outcome fits the budget. The add-one completions of four of those files
still take from 20 seconds to minutes (``TOO_SLOW_UNCHECKED``); they are left out here, as such a
case would check nothing but feasibility, and the benchmark (``make bench``) times them.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from tests.counting.conftest import pabulib_files, reference
from wijkbudget.counting.election import Election
from wijkbudget.counting.pabulib import read_election
from wijkbudget.counting.rules import RuleOptions, count

PABUTOOLS: dict[str, Any] = reference("pabutools-1.2.3.json")["files"]
EQUALSHARES: dict[str, Any] = reference("equalshares.json")["files"]
APPROVAL = ("approval", "choose-1")
# our rule -> vote type -> pabutools' name for it
PABUTOOLS_NAMES = {
    "greedy": {**dict.fromkeys(APPROVAL, "greedy_cost"), "cumulative": "greedy_points"},
    "mes": {
        **dict.fromkeys(APPROVAL, "mes_cost"),
        "cumulative": "mes_points",
        "ordinal": "mes_borda",
    },
    "mes-greedy": dict.fromkeys(APPROVAL, "mes_cost_greedy"),
    "mes-add1": {**dict.fromkeys(APPROVAL, "mes_cost_add1"), "cumulative": "mes_points_add1"},
    "mes-add1-greedy": dict.fromkeys(APPROVAL, "mes_cost_add1_greedy"),
    "phragmen": dict.fromkeys(APPROVAL, "phragmen"),
}
BIG = 900_000  # bytes: files this large are marked slow
TOO_SLOW_UNCHECKED = {
    "France_Toulouse_2022.pb",
    "Hungary_Budapest_2024.pb",
    "Poland_Lodz_2022.pb",
    "Poland_Warszawa_2026.pb",
}


@lru_cache(maxsize=2)  # the cases of one file run one after another
def election(path: Path) -> Election:
    return read_election(path)


def _case(path: Path, rule: str, expected: dict[str, Any], slow: bool) -> Any:
    marks = [pytest.mark.slow] if slow or path.stat().st_size > BIG else []
    return pytest.param(path, rule, expected, marks=marks, id=f"{rule}-{path.stem}")


def pabutools_cases() -> list[Any]:
    cases = []
    for path in pabulib_files():
        entry = PABUTOOLS[path.name]
        for rule, names in PABUTOOLS_NAMES.items():
            name = names.get(entry["vote_type"])
            if name is not None:
                expected = entry["rules"][name]
                timeout = expected.get("status") == "timeout"
                if timeout and path.name in TOO_SLOW_UNCHECKED:
                    continue
                cases.append(_case(path, rule, expected, timeout or rule.startswith("mes-add1")))
    return cases


def equalshares_cases() -> list[Any]:
    return [
        _case(path, "equalshares", EQUALSHARES[path.name], False)
        for path in pabulib_files()
        if path.name in EQUALSHARES
    ]


def real_cases() -> list[Any]:
    cases = []
    for path in pabulib_files():
        entry = PABUTOOLS[path.name]
        held = entry["pabulib_rule"]
        if entry["real_selected"] is None or held in ("unknown", "greedy-custom"):
            continue
        cases.append(_case(path, "as-held", {"selected_sorted": entry["real_selected"]}, False))
    return cases


def _check(path: Path, rule: str, expected: dict[str, Any], options: RuleOptions) -> None:
    result = count(election(path), rule, options)
    assert result.total_cost <= result.budget
    assert len(set(result.selected)) == len(result.selected)
    if expected.get("status") == "timeout":
        return  # the reference did not finish: feasibility is all we can check
    if "selected_in_order" in expected and rule != "phragmen":
        assert list(result.selected) == expected["selected_in_order"]
    assert sorted(result.selected) == expected["selected_sorted"]
    if "total_cost" in expected:
        assert result.total_cost == Fraction(expected["total_cost"])


@pytest.mark.parametrize(("path", "rule", "expected"), pabutools_cases())
def test_pabutools_reference(path: Path, rule: str, expected: dict[str, Any]) -> None:
    _check(path, rule, expected, RuleOptions())


@pytest.mark.parametrize(("path", "rule", "expected"), equalshares_cases())
def test_equalshares_reference(path: Path, rule: str, expected: dict[str, Any]) -> None:
    _check(path, rule, expected, RuleOptions())
    result = count(election(path), rule)
    assert result.per_voter_budget == Fraction(expected["final_per_voter_budget"])


@pytest.mark.parametrize(("path", "rule", "expected"), real_cases())
def test_real_winners(path: Path, rule: str, expected: dict[str, Any]) -> None:
    _check(path, rule, expected, RuleOptions())


@pytest.mark.parametrize(
    "name",
    ["Netherlands_Assen_2024.pb", "Netherlands_Assen_2025.pb", "Poland_Swiecie_2023.pb"],
)
def test_equalshares_finds_the_real_winners(name: str, pabulib_dir: Path) -> None:
    result = count(election(pabulib_dir / name), "equalshares")
    assert sorted(result.selected) == PABUTOOLS[name]["real_selected"]


def test_wieliczka_with_comparison(pabulib_dir: Path) -> None:
    name = "Poland_Wieliczka_2023_Green_Budget.pb"
    result = count(election(pabulib_dir / name), "equalshares", RuleOptions(comparison=True))
    assert result.comparison is not None and not result.comparison.chose_greedy
    assert sorted(result.selected) == PABUTOOLS[name]["real_selected"]
