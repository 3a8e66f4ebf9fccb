"""Serial numbers on paper ballots, with a Luhn check digit so a typing slip is caught.

Printed as ``0123-7``: the number, then the check digit. Typing it back, any spaces, dashes or
leading zeros are fine; a wrong check digit means a slip, never another sheet.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{2,10}")


def check_digit(number: int) -> int:
    """The Luhn check digit of ``number`` (catches every single-digit error and most swaps)."""
    total = 0
    for position, char in enumerate(reversed(str(number))):
        digit = int(char)
        if position % 2 == 0:  # the digit next to the check digit is doubled
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def format_serial(number: int) -> str:
    return f"{number:04d}-{check_digit(number)}"


def parse_serial(typed: str) -> int | None:
    """The number of a typed serial, or None when it is not one (or its check digit is wrong)."""
    digits = re.sub(r"[\s-]", "", typed)
    if not _DIGITS.fullmatch(digits):
        return None
    number, check = int(digits[:-1]), int(digits[-1])
    if number < 1 or check_digit(number) != check:
        return None
    return number
