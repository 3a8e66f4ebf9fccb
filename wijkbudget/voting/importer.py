"""Importing the eligible addresses from a CSV file: every bad row named, nothing half-imported."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import DomainError
from wijkbudget.extensions import db
from wijkbudget.voting.models import EligibleAddress
from wijkbudget.voting.services import ensure_not_frozen
from wijkbudget.wijken.models import Round

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Z]{2})$")
_ADDITION = re.compile(r"^[A-Z0-9]{0,10}$")
HEADERS = {
    "postcode": "postcode",
    "huisnummer": "house_number",
    "house_number": "house_number",
    "toevoeging": "addition",
    "addition": "addition",
    "stemgerechtigden": "residents",
    "residents": "residents",
}
_DIGITS = re.compile(r"[0-9]{1,6}")  # ASCII only: "１２" or "1²" are not house numbers
MAX_RESIDENTS = 50


@dataclass(frozen=True)
class RowProblem:
    line: int  # as a spreadsheet numbers it: the header is line 1
    code: str  # message code
    value: str = ""


@dataclass
class ImportError_(DomainError):
    """The file has problems; nothing was imported."""

    problems: list[RowProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.problems)} problem(s)"


def _rows(text: str) -> tuple[list[dict[str, str]], list[RowProblem]]:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {name: HEADERS.get((name or "").strip().lower()) for name in reader.fieldnames or []}
    missing = {"postcode", "house_number", "residents"} - set(columns.values())
    if missing:
        return [], [RowProblem(1, "missing_columns", ", ".join(sorted(missing)))]
    rows = []
    for raw in reader:
        rows.append({str(columns[k]): (v or "").strip() for k, v in raw.items() if columns.get(k)})
    return rows, []


def import_addresses(actor: User | None, round_: Round, text: str) -> int:
    """Add the addresses in ``text`` (CSV: postcode, huisnummer, toevoeging, stemgerechtigden).

    Postcodes must lie in the wijk. Raises :class:`ImportError_` with every problem; then
    nothing is added. Returns the number of addresses added.
    """
    ensure_not_frozen(round_)
    rows, problems = _rows(text)
    wijk_areas = {p.postcode for p in round_.wijk.postcodes}
    existing = {
        (postcode, number, addition)
        for postcode, number, addition in db.session.execute(
            sa.select(
                EligibleAddress.postcode, EligibleAddress.house_number, EligibleAddress.addition
            ).where(EligibleAddress.round_id == round_.id)
        )
    }
    seen: set[tuple[str, int, str]] = set()
    new: list[EligibleAddress] = []
    for line, row in enumerate(rows, start=2):
        postcode = _POSTCODE.match(row.get("postcode", "").upper())
        if not postcode:
            problems.append(RowProblem(line, "bad_postcode", row.get("postcode", "")))
            continue
        if postcode.group(1) not in wijk_areas:
            problems.append(RowProblem(line, "outside_wijk", row.get("postcode", "")))
            continue
        number_text = row.get("house_number", "")
        if not _DIGITS.fullmatch(number_text) or not 0 < int(number_text) < 100_000:
            problems.append(RowProblem(line, "bad_number", number_text))
            continue
        addition = row.get("addition", "").upper().replace("-", "").replace(" ", "")
        if not _ADDITION.match(addition):
            problems.append(RowProblem(line, "bad_addition", row.get("addition", "")))
            continue
        residents_text = row.get("residents", "")
        if not _DIGITS.fullmatch(residents_text) or not 0 < int(residents_text) <= MAX_RESIDENTS:
            problems.append(RowProblem(line, "bad_residents", residents_text))
            continue
        key = (postcode.group(1) + postcode.group(2), int(number_text), addition)
        if key in seen or key in existing:
            problems.append(RowProblem(line, "duplicate_address", row.get("postcode", "")))
            continue
        seen.add(key)
        new.append(
            EligibleAddress(
                round_id=round_.id,
                postcode=key[0],
                house_number=key[1],
                addition=addition,
                residents=int(residents_text),
            )
        )
    if not rows and not problems:
        problems.append(RowProblem(1, "empty_file"))
    if problems:
        raise ImportError_(problems)
    db.session.add_all(new)
    db.session.flush()
    record(
        actor,
        "voting.addresses_imported",
        round_,
        wijk_id=round_.wijk_id,
        addresses=len(new),
        residents=sum(a.residents for a in new),
    )
    return len(new)
