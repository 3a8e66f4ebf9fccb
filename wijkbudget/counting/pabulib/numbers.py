"""Exact numbers as Pabulib writes them: plain decimals, read into and written from Fraction."""

from __future__ import annotations

from fractions import Fraction


def parse_amount(text: str) -> Fraction | str:
    """``"400000"``, ``"400000.0"`` or ``"1234,5"`` as an exact Fraction, else why not.

    Returns the reason as a string instead of raising so that each caller can say *what*
    (cost, budget, points) is wrong. Only plain decimals are accepted: no exponent, no
    thousands separator, no ``1/3``: a number Pabulib would not write is more likely a mistake
    than a value.
    """
    stripped = text.strip()
    negative = stripped.startswith("-")
    if negative:
        stripped = stripped[1:]
    if "," in stripped:
        if "." in stripped:
            return f"{text!r} is not a number (both '.' and ',' in it)"
        stripped = stripped.replace(",", ".")
    whole, _, decimals = stripped.partition(".")
    # isascii() because str.isdigit() also accepts "²" and other non-ASCII digits.
    if (
        not (whole or decimals)
        or not stripped.isascii()
        or (whole and not whole.isdigit())
        or (decimals and not decimals.isdigit())
    ):
        return f"{text!r} is not a number"
    if negative:
        return f"{text!r} is negative"
    return Fraction(int(whole + decimals), 10 ** len(decimals))


def format_decimal(value: Fraction) -> str:
    """An exact decimal text for ``value`` (``"400000"``, ``"1234.5"``), else ``"p/q"``.

    A fraction has a finite decimal expansion exactly when its denominator has no prime factor
    other than 2 and 5; then it is written out in full, never rounded.
    """
    numerator, denominator = value.numerator, value.denominator
    if denominator == 1:
        return str(numerator)
    twos = fives = 0
    rest = denominator
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return f"{numerator}/{denominator}"
    places = max(twos, fives)
    scaled = abs(numerator) * (10**places // denominator)
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if numerator < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"
