"""Reading amounts of money the way residents and admins type them. Money is kept in cents."""

from __future__ import annotations

import re
from decimal import Decimal

# 25000 | 25.000 | 25.000,50 | 1250,5 | 1250.50 — and nothing else (no exponents, no 1/3).
_DUTCH = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$")
_PLAIN = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
# More than any wijk budget will ever be; larger numbers are typing mistakes, and they must not
# overflow the database's 64-bit integers.
MAX_CENTS = 100_000_000_00


def parse_euros(text: str) -> int | None:
    """Cents for "25000", "25.000", "25.000,50", "€ 1.250", "1250.5"; ``None`` if unreadable.

    Dutch writes a dot between thousands and a comma before cents; a lone dot followed by
    exactly three digits is read the Dutch way ("25.000" is twenty-five thousand).
    """
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if _DUTCH.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _PLAIN.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    else:
        return None
    cents = int(Decimal(cleaned) * 100)
    return cents if cents <= MAX_CENTS else None


def euros_for_input(cents: int) -> str:
    """Cents as an admin would type them back: 2500000 → "25.000", 1250050 → "12.500,50"."""
    whole, rest = divmod(cents, 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{rest:02d}" if rest else text
