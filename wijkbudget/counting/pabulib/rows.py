"""The CSV rows of a ``.pb`` text with their line numbers, and the checks shared by sections."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from wijkbudget.counting.election import VoteType
from wijkbudget.counting.pabulib.errors import PabulibError

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = ", ".join(vote_type.value for vote_type in VoteType)
# A line and its end: \r\n, \r or \n, as io.StringIO(newline="") splits a text for csv.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class Rows:
    """The CSV rows of a text with the line each row starts on.

    ``csv.reader.line_num`` is the line a row *ends* on (a quoted field may span lines), so the
    start is one past the previous row's end. ``csv.Error`` becomes a :class:`PabulibError`.
    """

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.text = text
        self.offset = 0  # where the lines not yet given to the csv reader begin
        self.reader = csv.reader(self._lines(), delimiter=";", quotechar='"')
        self.end = 0  # line the last row read ended on
        self.start = 1  # line the last row read started on

    def _lines(self) -> Iterator[str]:
        """The lines of the text with their line ends, as csv wants them (a quoted field may
        contain line breaks), one at a time so that :meth:`rest` knows where the next begins."""
        for line in _LINE.finditer(self.text):
            self.offset = line.end()
            yield line.group()

    def __iter__(self) -> Iterator[list[str]]:
        reader = self.reader
        while True:
            self.start = self.end + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise self.error(f"not valid CSV: {error}") from None
            self.end = reader.line_num
            yield row

    def rest(self) -> str:
        """The text after the last row read (the csv reader asks for one line at a time)."""
        return self.text[self.offset :]

    def error(self, reason: str, line: int | None = None) -> PabulibError:
        return PabulibError(reason, self.start if line is None else line, self.source)


def section_name(row: list[str]) -> str | None:
    if len(row) == 1:
        name = row[0].strip()
        if name in SECTIONS:
            return name
    return None


def read_header(rows: Rows, row: list[str], section: str, required: Iterable[str]) -> list[str]:
    columns = [column.strip() for column in row]
    seen: set[str] = set()
    for column in columns:
        if not column:
            raise rows.error(f"empty column name in the {section} header")
        if column in seen:
            raise rows.error(f"column {column!r} appears twice in the {section} header")
        seen.add(column)
    for column in required:
        if column not in seen:
            raise rows.error(
                f"the {section} header has no {column!r} column (found: {';'.join(columns)})"
            )
    return columns


def columns_error(rows: Rows, row: list[str], section: str, expected: int) -> PabulibError:
    found = len(row)
    # A '"' that is never closed swallows the line ends after it into one field.
    hint = " (a double quote that is not closed?)" if any("\n" in f for f in row) else ""
    return rows.error(
        f"{found} column{'s' if found != 1 else ''} in this {section} row, "
        f"but the header has {expected}{hint}"
    )
