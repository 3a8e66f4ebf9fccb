"""Reading the exported files the way a spreadsheet does."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook
from werkzeug.test import TestResponse


def xlsx_rows(body: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode()), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def by_header(rows: list[list[Any]]) -> list[dict[str, Any]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def download(response: TestResponse, kind: str) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert kind in response.headers["Content-Type"]
    return response.get_data()
