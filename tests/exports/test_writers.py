"""The file writers: any text comes back as the same text, never as a formula."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st

from tests.exports.helpers import csv_rows, xlsx_rows
from wijkbudget.exports.tables import FORMULA_STARTS, Column, Kind, Table, neutralise
from wijkbudget.exports.writers import to_csv, to_xlsx

# Text as people type it (XML cannot hold most control characters; the writer drops them).
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\r\n"))


def _lines(text: str) -> str:
    """Line ends as a spreadsheet keeps them (XML turns a lone CR into LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@given(texts)
def test_text_survives_both_formats_and_never_runs(value: str) -> None:
    table = Table("Blad", [Column("Tekst")], [[value]])
    expected = neutralise(value)
    assert not expected.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert _lines(csv_rows(to_csv(table))[1][0]) == _lines(expected)
    assert _lines(xlsx_rows(to_xlsx(table))[1][0] or "") == _lines(expected)


def test_every_dangerous_start_gets_an_apostrophe() -> None:
    for start in FORMULA_STARTS:
        assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise("Speeltuin - groot") == "Speeltuin - groot"


def test_kinds_as_numbers_and_dates(app: Flask) -> None:
    table = Table(
        "Blad",
        [
            Column("Bedrag", Kind.MONEY),
            Column("Aantal", Kind.NUMBER),
            Column("Deel", Kind.PERCENT),
            Column("Dag", Kind.DATE),
            Column("Moment", Kind.DATETIME),
        ],
        [[123456, 7, 0.25, date(2026, 3, 1), datetime(2026, 3, 1, 11, 30, tzinfo=UTC)]],
    )
    with app.test_request_context(), force_locale("nl"):
        assert csv_rows(to_csv(table))[1] == [
            "1234,56",
            "7",
            "25,0",
            "2026-03-01",
            "2026-03-01 12:30",
        ]
    with app.test_request_context(), force_locale("en"):
        assert csv_rows(to_csv(table))[1][0] == "1234.56"
    row = xlsx_rows(to_xlsx(table))[1]
    assert [float(row[0]), row[1], row[2]] == [1234.56, 7, 0.25]
    assert row[4] == datetime(2026, 3, 1, 12, 30)  # Dutch time: spreadsheets know no zones
