"""Reading amounts of money the way residents and admins type them. Money is kept in cents."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_THOUSANDS_WITH_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_euros(text: str) -> int | None:
    """Cents for "25000", "25.000", "25.000,50", "€ 1.250", "1250.5"; ``None`` if unreadable.

    Dutch writes a dot between thousands and a comma before cents; a lone dot followed by
    exactly three digits is read the Dutch way ("25.000" is twenty-five thousand).
    """
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS_WITH_DOTS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        return None
    return int(amount * 100)


def euros_for_input(cents: int) -> str:
    """Cents as an admin would type them back: 2500000 → "25.000", 1250050 → "12.500,50"."""
    whole, rest = divmod(cents, 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{rest:02d}" if rest else text
