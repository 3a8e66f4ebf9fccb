"""Ballot serials: what is printed reads back, and a slip of one digit is always caught."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wijkbudget.paper.serials import format_serial, parse_serial

numbers = st.integers(min_value=1, max_value=10**8)


@given(numbers)
def test_a_printed_serial_reads_back(number: int) -> None:
    printed = format_serial(number)
    assert parse_serial(printed) == number
    assert parse_serial(printed.replace("-", " ")) == number
    assert parse_serial(printed.lstrip("0")) == number


@given(numbers, st.data())
def test_one_wrong_digit_is_never_another_sheet(number: int, data: st.DataObject) -> None:
    digits = format_serial(number).replace("-", "")
    position = data.draw(st.integers(0, len(digits) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[position]]))
    typed = digits[:position] + wrong + digits[position + 1 :]
    assert parse_serial(typed) is None


@given(numbers, st.data())
def test_swapping_two_different_neighbours_is_caught(number: int, data: st.DataObject) -> None:
    digits = format_serial(number).replace("-", "")
    pairs = [
        i
        for i in range(len(digits) - 1)
        if digits[i] != digits[i + 1] and {digits[i], digits[i + 1]} != {"0", "9"}
    ]
    if not pairs:
        return
    i = data.draw(st.sampled_from(pairs))
    typed = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    assert parse_serial(typed) is None


def test_text_that_is_not_a_serial() -> None:
    assert parse_serial("") is None
    assert parse_serial("abc-1") is None
    assert parse_serial("0000-0") is None  # there is no sheet 0
