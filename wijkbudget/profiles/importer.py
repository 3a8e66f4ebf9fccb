"""Importing indicator figures from a CSV, so the gemeente can update them itself.

The file looks like the tables in the programme documents: one row per indicator, one column
per wijk, and a column for the rest of Groningen. Commas, semicolons (Dutch Excel) or tabs;
values like ``24%``, ``24``, ``5,1`` or ``5.1``. Either everything imports or nothing does:
every bad row is reported with its line number, so one fix-and-retry is enough.

Example::

    indicator;indicator_en;thema;eenheid;jaar;bron;Beijum;De Wijert;Overig Groningen
    Werkloosheid;Unemployment;werken;%;2024;Gemeente Groningen;15%;12%;7%
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import DomainError
from wijkbudget.extensions import db
from wijkbudget.profiles.models import Indicator, IndicatorValue, Unit
from wijkbudget.projects.models import ProgrammeLine
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.services import slugify

COLUMNS = {
    "indicator": "name_nl",
    "indicator_nl": "name_nl",
    "naam": "name_nl",
    "name": "name_nl",
    "indicator_en": "name_en",
    "name_en": "name_en",
    "thema": "theme",
    "theme": "theme",
    "eenheid": "unit",
    "unit": "unit",
    "jaar": "year",
    "year": "year",
    "bron": "source",
    "source": "source",
    "uitleg": "explanation_nl",
    "explanation_nl": "explanation_nl",
    "uitleg_en": "explanation_en",
    "explanation_en": "explanation_en",
}
REST_OF_GRONINGEN = {"overig groningen", "rest of groningen", "groningen", "gemeente groningen"}
THEMES = {
    "wonen": ProgrammeLine.WONEN,
    "housing": ProgrammeLine.WONEN,
    "werken": ProgrammeLine.WERKEN,
    "work": ProgrammeLine.WERKEN,
    "leren": ProgrammeLine.LEREN,
    "learning": ProgrammeLine.LEREN,
    "veilig": ProgrammeLine.VEILIG,
    "veilig zijn": ProgrammeLine.VEILIG,
    "safety": ProgrammeLine.VEILIG,
    "meedoen": ProgrammeLine.MEEDOEN,
    "taking part": ProgrammeLine.MEEDOEN,
}
UNITS = {
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "procent": Unit.PERCENT,
    "score": Unit.SCORE,
    "cijfer": Unit.SCORE,
}
_SUFFIX = re.compile(r"\s*\((%|score)\)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?[0-9]+(?:[.,][0-9]+)?$")


@dataclass(frozen=True)
class Problem:
    """What is wrong on one line of the file (line 1 is the header)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportFailed(DomainError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Row:
    line: int
    key: str
    name_nl: str
    name_en: str
    theme: ProgrammeLine
    unit: Unit
    year: int
    source: str
    explanation_nl: str
    explanation_en: str
    groningen: Decimal | None
    values: dict[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    indicators: int
    values: int
    wijken: list[str]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as older Excel versions save it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _delimiter(header: str) -> str:
    return max(("\t", ";", ","), key=header.count)


def parse_value(text: str) -> Decimal | None:
    """``24%`` → 24, ``5,1`` → 5.1, empty → None; raises ValueError on anything else."""
    cleaned = text.strip().replace("%", "").replace(" ", "")
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern already checked
        raise ValueError(text) from error


def _areas(
    header: list[str], problems: list[Problem]
) -> tuple[dict[str, int], dict[int, Wijk], int | None]:
    known: dict[str, int] = {}
    areas: dict[int, Wijk] = {}
    groningen: int | None = None
    wijken = list(db.session.scalars(sa.select(Wijk)))
    by_name = {w.name.lower(): w for w in wijken} | {w.slug: w for w in wijken}
    for index, raw in enumerate(header):
        name = raw.strip()
        lowered = name.lower()
        if index == 0 and not name:
            known["name_nl"] = 0  # the programme tables leave the first header cell empty
        elif lowered in COLUMNS:
            known[COLUMNS[lowered]] = index
        elif lowered in REST_OF_GRONINGEN:
            groningen = index
        elif lowered in by_name:
            areas[index] = by_name[lowered]
        elif name:
            problems.append(Problem(1, f"column '{name}' is not a wijk in wijkbudget"))
    if "name_nl" not in known:
        problems.append(Problem(1, "there is no column 'indicator'"))
    if not areas:
        problems.append(Problem(1, "there is no column with the name of a wijk"))
    return known, areas, groningen


def parse(text: str) -> list[Row]:
    """Check the whole file; raises :class:`ImportFailed` listing every problem."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportFailed([Problem(1, "the file is empty")])
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    table = list(reader)
    problems: list[Problem] = []
    columns, areas, groningen = _areas(table[0], problems)
    if problems:
        raise ImportFailed(problems)

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        found: list[str] = []
        raw_name = cell(cells, "name_nl")
        suffix = _SUFFIX.search(raw_name)
        name = _SUFFIX.sub("", raw_name)
        if not name:
            found.append("the indicator has no name")
        key = slugify(name)
        if key in seen:
            found.append(f"'{name}' is also on line {seen[key]}")
        seen.setdefault(key, number)
        theme = THEMES.get(cell(cells, "theme").lower())
        if theme is None:
            found.append(
                f"theme '{cell(cells, 'theme')}' is unknown; use wonen, werken, leren, "
                "veilig zijn or meedoen"
            )
        unit_text = cell(cells, "unit").lower() or (suffix.group(1).lower() if suffix else "")
        unit = UNITS.get(unit_text)
        if unit is None:
            found.append(f"unit '{cell(cells, 'unit')}' is unknown; use % or score")
        year_text = cell(cells, "year")
        year = int(year_text) if year_text.isdigit() else 0
        if not 1990 <= year <= 2100:
            found.append(f"year '{year_text}' is not a year")
        source = cell(cells, "source")
        if not source:
            found.append("the source is missing")
        values: dict[int, Decimal] = {}
        for index, wijk in areas.items():
            text_value = cells[index] if index < len(cells) else ""
            try:
                value = parse_value(text_value)
            except ValueError:
                found.append(f"the value for {wijk.name}, '{text_value.strip()}', is not a number")
                continue
            if value is not None:
                values[wijk.id] = value
        groningen_value: Decimal | None = None
        if groningen is not None:
            text_value = cells[groningen] if groningen < len(cells) else ""
            try:
                groningen_value = parse_value(text_value)
            except ValueError:
                found.append(
                    f"the value for the rest of Groningen, '{text_value.strip()}', is not a number"
                )
        for value in [*values.values(), groningen_value]:
            if unit is Unit.PERCENT and value is not None and not 0 <= value <= 100:
                found.append(f"{value}% is not between 0% and 100%")
        if found:
            problems.extend(Problem(number, message) for message in found)
            continue
        assert theme is not None and unit is not None
        rows.append(
            Row(
                line=number,
                key=key,
                name_nl=name,
                name_en=_SUFFIX.sub("", cell(cells, "name_en")) or name,
                theme=theme,
                unit=unit,
                year=year,
                source=source,
                explanation_nl=cell(cells, "explanation_nl"),
                explanation_en=cell(cells, "explanation_en"),
                groningen=groningen_value,
                values=values,
            )
        )
    if problems:
        raise ImportFailed(problems)
    if not rows:
        raise ImportFailed([Problem(2, "the file has no figures")])
    return rows


def import_indicators(actor: User | None, text: str) -> Summary:
    """Add or update the indicators in ``text``; audited per indicator. All or nothing."""
    rows = parse(text)
    wijk_ids: set[int] = set()
    count = 0
    for position, row in enumerate(rows):
        indicator = db.session.scalar(sa.select(Indicator).where(Indicator.key == row.key))
        if indicator is None:
            indicator = Indicator(key=row.key)
            db.session.add(indicator)
        before = {v.wijk_id: str(v.value) for v in indicator.values}
        indicator.name_nl, indicator.name_en = row.name_nl, row.name_en
        indicator.theme, indicator.unit = row.theme, row.unit
        indicator.year, indicator.source = row.year, row.source
        indicator.explanation_nl = row.explanation_nl or indicator.explanation_nl or ""
        indicator.explanation_en = row.explanation_en or indicator.explanation_en or ""
        indicator.groningen_value = row.groningen
        indicator.position = position
        current = {v.wijk_id: v for v in indicator.values}
        for wijk_id, value in row.values.items():
            if wijk_id in current:
                current[wijk_id].value = value
            else:
                indicator.values.append(IndicatorValue(wijk_id=wijk_id, value=value))
        db.session.flush()
        record(
            actor,
            "indicator.import",
            indicator,
            year=row.year,
            source=row.source,
            before=before,
            after={wijk_id: str(value) for wijk_id, value in row.values.items()},
            groningen=None if row.groningen is None else str(row.groningen),
        )
        wijk_ids |= set(row.values)
        count += len(row.values)
    names = sorted(w.name for w in db.session.scalars(sa.select(Wijk).where(Wijk.id.in_(wijk_ids))))
    return Summary(indicators=len(rows), values=count, wijken=names)
