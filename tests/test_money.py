from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkbudget.money import MAX_CENTS, euros_for_input, parse_euros


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("25000", 2_500_000),
        ("25.000", 2_500_000),
        ("€ 25.000,50", 2_500_050),
        ("1250,5", 125_050),
        ("1250.50", 125_050),
        ("1.5", 150),
        ("1.250.000", 125_000_000),
        ("\u00a03.300 ", 330_000),
    ],
)
def test_amounts_as_people_type_them(typed: str, cents: int) -> None:
    assert parse_euros(typed) == cents


@pytest.mark.parametrize(
    "typed", ["", "veel", "1e3", "12,345", "1.2.3", "-5", "25.00.0", "99999999999999999999", "½"]
)
def test_what_is_not_an_amount_is_refused(typed: str) -> None:
    assert parse_euros(typed) is None


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_what_we_show_reads_back_as_the_same_amount(cents: int) -> None:
    assert parse_euros(euros_for_input(cents)) == cents
