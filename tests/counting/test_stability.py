"""Stability keeps its smallest reach as a pair of whole numbers, whatever it is given: the rise
must be what exact Fraction arithmetic gives for the same conditions, ints or Fractions."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from wijkbudget.counting.rules.stability import Stability

AMOUNTS = st.one_of(st.integers(-50, 50), st.fractions(-50, 50, max_denominator=12))
CONDITIONS = st.lists(st.tuples(AMOUNTS, AMOUNTS), max_size=8)


def expected_rise(conditions: list[tuple[int | Fraction, int | Fraction]]) -> Fraction | None:
    reaches = [Fraction(value) / -slope for value, slope in conditions if slope < 0]
    return min(reaches, default=None)


@given(CONDITIONS)
def test_the_rise_is_the_smallest_reach(
    conditions: list[tuple[int | Fraction, int | Fraction]],
) -> None:
    conditions = [(abs(value), slope) for value, slope in conditions]  # values are not negative
    stability = Stability()
    for value, slope in conditions:
        stability.keep_positive(value, slope)
    assert stability.rise == expected_rise(conditions)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(-50, 50)), max_size=8), CONDITIONS)
def test_in_bulk_as_one_by_one(
    pairs: list[tuple[int, int]], before: list[tuple[int | Fraction, int | Fraction]]
) -> None:
    one, bulk = Stability(), Stability()
    for value, slope in before:
        one.keep_positive(abs(value), slope)
        bulk.keep_positive(abs(value), slope)
    for value, slope in pairs:
        one.keep_positive(value, slope)
    bulk.keep_all_positive([value for value, _ in pairs], [slope for _, slope in pairs])
    assert bulk.rise == one.rise


@given(CONDITIONS, st.fractions(0, 10, max_denominator=6))
def test_settled_once_the_rise_is_short_enough(
    conditions: list[tuple[int | Fraction, int | Fraction]], enough: Fraction
) -> None:
    conditions = [(abs(value), slope) for value, slope in conditions]
    stability = Stability(enough)
    for value, slope in conditions:
        stability.keep_positive(value, slope)
    rise = expected_rise(conditions)
    assert stability.settled == (rise is not None and rise <= enough)
