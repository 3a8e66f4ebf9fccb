"""A table to export: typed columns and rows, written out by :mod:`wijkbudget.exports.writers`.

Headers are already in the reader's language when a table is built; the writers only decide
how each kind of value looks in a CSV or a spreadsheet cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"  # a whole number
    MONEY = "money"  # integer cents, shown as euros with two decimals
    PERCENT = "percent"  # a fraction (0.25), shown as 25.0 %
    DATE = "date"
    DATETIME = "datetime"  # an aware datetime, shown in Dutch time


Cell = str | int | float | date | datetime | None

# A spreadsheet runs a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows as text and never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int = 14  # a hint for the spreadsheet, in characters


@dataclass
class Table:
    """One sheet: a name (at most 31 characters in a spreadsheet), columns and rows."""

    name: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]
