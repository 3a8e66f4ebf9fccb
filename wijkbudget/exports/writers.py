"""Writing a :class:`Table` as a CSV for Dutch Excel, or as an XLSX workbook (openpyxl).

CSV: UTF-8 with a byte order mark and ``;`` between fields, so Excel in Dutch opens it with the
right characters and columns; amounts with the decimal sign of the reader's language.
XLSX: a bold, frozen header row, numbers as numbers, money as euros with two decimals.
In both, text that starts like a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_decimal
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from wijkbudget.exports.tables import Cell, Column, Kind, Table, neutralise
from wijkbudget.wijken.phases import DUTCH_TIME

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML refuses these
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
FORMATS = {
    Kind.MONEY: '"€" #,##0.00',
    Kind.PERCENT: "0.0%",
    Kind.DATE: "dd-mm-yyyy",
    Kind.DATETIME: "dd-mm-yyyy hh:mm",
    Kind.NUMBER: "0",
}


def _local(moment: datetime) -> datetime:
    """Dutch wall-clock time without a zone: spreadsheets know no time zones."""
    return moment.astimezone(DUTCH_TIME).replace(tzinfo=None)


def _csv_cell(column: Column, value: Cell) -> str:
    if value is None:
        return ""
    if column.kind is Kind.MONEY and isinstance(value, int):
        return str(format_decimal(Decimal(value) / 100, format="0.00"))
    if column.kind is Kind.PERCENT and isinstance(value, int | float):
        return str(format_decimal(Decimal(str(round(value * 100, 1))), format="0.0"))
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralise(_CONTROL.sub("", value))


def to_csv(table: Table) -> bytes:
    """The table as CSV bytes: BOM, ``;``, CRLF line ends, quotes where needed."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in table.headers])
    for row in table.rows:
        cells = zip(table.columns, row, strict=True)
        writer.writerow([_csv_cell(column, value) for column, value in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_value(column: Column, value: Cell) -> Cell:
    if value is None:
        return None
    if column.kind is Kind.MONEY and isinstance(value, int):
        return Decimal(value) / 100  # type: ignore[return-value]
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, str):
        return neutralise(_CONTROL.sub("", value))
    return value


def sheet_name(name: str) -> str:
    return _SHEET_NAME.sub(" ", name)[:31] or "Sheet"


def to_xlsx(*tables: Table) -> bytes:
    """A workbook with one sheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.name))
        sheet.append([neutralise(header) for header in table.headers])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([_xlsx_value(c, v) for c, v in zip(table.columns, row, strict=True)])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(column.width, len(column.header) + 2)
            number_format = FORMATS.get(column.kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
