"""Reading ``.pb`` text strictly and fast (see the package docstring for the format)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from fractions import Fraction

from wijkbudget.counting.election import Election, Project, VoteType
from wijkbudget.counting.pabulib.ballots import ReadCarefully, read_votes
from wijkbudget.counting.pabulib.errors import PabulibError
from wijkbudget.counting.pabulib.numbers import parse_amount
from wijkbudget.counting.pabulib.rows import (
    VOTE_TYPES,
    Rows,
    columns_error,
    read_header,
    section_name,
)


def parse_election(text: str, source: str = "<text>") -> Election:
    """Parse the text of a ``.pb`` file into an :class:`Election`.

    ``source`` names the text in error messages. Raises :class:`PabulibError` for anything that
    is not a valid Pabulib election: a missing section or column, a missing or bad budget or
    vote type, a bad cost, an unknown or duplicate project, a duplicate voter, points that do
    not match the votes, a row with the wrong number of columns, counts that disagree with
    META ``num_projects``/``num_votes``.
    """
    # A big file makes a few hundred thousand objects and no reference cycles; the cyclic
    # garbage collector would walk them again and again while they are made (10% of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            return _parse(text, source, carefully=False)
        except ReadCarefully:
            return _parse(text, source, carefully=True)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, source: str, carefully: bool) -> Election:
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = Rows(text, source)
    iterator = iter(rows)
    section_lines: dict[str, int] = {}

    # Before META: only blank lines.
    for row in iterator:
        name = section_name(row)
        if name == "META":
            section_lines["META"] = rows.start
            break
        if any(field.strip() for field in row):
            raise rows.error("expected the META section first (a line holding only 'META')")
    else:
        raise rows.error("empty file: no META section", max(rows.end, 1))

    meta, meta_lines, found_projects = _read_meta(rows, iterator)
    if not found_projects:
        raise rows.error("missing PROJECTS section after META", max(rows.end, 1))
    section_lines["PROJECTS"] = rows.start
    budget = _budget(rows, meta, meta_lines, section_lines["META"])
    vote_type = _vote_type(rows, meta, meta_lines, section_lines["META"])

    project_columns, projects, project_ids, section = _read_projects(rows, iterator)
    if section != "VOTES":
        raise rows.error("missing VOTES section after PROJECTS", max(rows.end, 1))
    section_lines["VOTES"] = rows.start
    vote_columns, ballots = read_votes(rows, iterator, vote_type, project_ids, carefully)

    _check_count(rows, meta, meta_lines, "num_projects", len(projects), "projects in PROJECTS")
    _check_count(rows, meta, meta_lines, "num_votes", len(ballots), "ballots in VOTES")
    return Election(
        budget=budget,
        vote_type=vote_type,
        projects=tuple(projects),
        ballots=tuple(ballots),
        meta=meta,
        project_columns=tuple(project_columns),
        vote_columns=tuple(vote_columns),
    )


def _read_meta(
    rows: Rows, iterator: Iterator[list[str]]
) -> tuple[dict[str, str], dict[str, int], bool]:
    """META rows up to the PROJECTS line: the keys, the line of each, whether PROJECTS came."""
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    header_seen = False
    for row in iterator:
        name = section_name(row)
        if name is not None:
            if name != "PROJECTS":
                raise rows.error(f"expected the PROJECTS section after META, found {name}")
            return meta, lines, True
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if not header_seen:
            header_seen = True
            if [field.strip() for field in row] == ["key", "value"]:
                continue
        if len(row) != 2:
            raise columns_error(rows, row, "META", 2)
        key = row[0].strip()
        if not key:
            raise rows.error("empty META key")
        if key in meta:
            raise rows.error(f"META key {key!r} appears twice (first on line {lines[key]})")
        meta[key] = row[1]
        lines[key] = rows.start
    return meta, lines, False


def _budget(rows: Rows, meta: dict[str, str], lines: dict[str, int], meta_line: int) -> Fraction:
    if "budget" not in meta:
        raise rows.error("the META section has no 'budget'", meta_line)
    budget = parse_amount(meta["budget"])
    if isinstance(budget, str):
        raise rows.error(f"META budget: {budget}", lines["budget"])
    return budget


def _vote_type(rows: Rows, meta: dict[str, str], lines: dict[str, int], meta_line: int) -> VoteType:
    if "vote_type" not in meta:
        raise rows.error("the META section has no 'vote_type'", meta_line)
    try:
        return VoteType(meta["vote_type"].strip())
    except ValueError:
        raise rows.error(
            f"unknown vote_type {meta['vote_type']!r} (expected one of: {VOTE_TYPES})",
            lines["vote_type"],
        ) from None


def _check_count(
    rows: Rows, meta: dict[str, str], lines: dict[str, int], key: str, actual: int, what: str
) -> None:
    # A count that disagrees is most likely a truncated or hand-edited file.
    if key not in meta:
        return
    text = meta[key].strip()
    if not (text.isascii() and text.isdigit()):
        raise rows.error(f"META {key} {meta[key]!r} is not a whole number", lines[key])
    if int(text) != actual:
        raise rows.error(f"META {key} says {int(text)} but there are {actual} {what}", lines[key])


def _read_projects(
    rows: Rows, iterator: Iterator[list[str]]
) -> tuple[list[str], list[Project], dict[str, str], str | None]:
    columns: list[str] | None = None
    projects: list[Project] = []
    # id text → the id str every ballot will share; also the duplicate check.
    ids: dict[str, str] = {}
    id_lines: dict[str, int] = {}
    id_index = cost_index = 0
    name_index: int | None = None
    extra: list[tuple[int, str]] = []
    for row in iterator:
        name = section_name(row)
        if name is not None:
            if name != "VOTES":
                raise rows.error(f"expected the VOTES section after PROJECTS, found {name}")
            if columns is None:
                raise rows.error("the PROJECTS section has no header row")
            return columns, projects, ids, name
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if columns is None:
            columns = read_header(rows, row, "PROJECTS", ("project_id", "cost"))
            id_index = columns.index("project_id")
            cost_index = columns.index("cost")
            name_index = columns.index("name") if "name" in columns else None
            extra = [
                (index, column)
                for index, column in enumerate(columns)
                if column not in ("project_id", "cost", "name")
            ]
            continue
        if len(row) != len(columns):
            raise columns_error(rows, row, "PROJECTS", len(columns))
        project_id = row[id_index].strip()
        if not project_id:
            raise rows.error("empty project_id")
        if "," in project_id:
            raise rows.error(f"project_id {project_id!r} contains ',', which separates votes")
        if project_id in ids:
            raise rows.error(
                f"project_id {project_id!r} appears twice (first on line {id_lines[project_id]})"
            )
        cost = parse_amount(row[cost_index])
        if isinstance(cost, str):
            raise rows.error(f"cost of project {project_id!r}: {cost}")
        ids[project_id] = project_id
        id_lines[project_id] = rows.start
        projects.append(
            Project(
                id=project_id,
                cost=cost,
                name=row[name_index] if name_index is not None else "",
                fields={column: row[index] for index, column in extra},
            )
        )
    if columns is None:
        raise rows.error("the PROJECTS section has no header row", max(rows.end, 1))
    return columns, projects, ids, None


def read_election(path: str | os.PathLike[str]) -> Election:
    """Read a ``.pb`` file. ``OSError`` if it cannot be read, :class:`PabulibError` if invalid."""
    source = os.fspath(path)
    with open(source, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PabulibError(
            f"not UTF-8 (byte {data[error.start]:#04x} at offset {error.start})", line, source
        ) from None
    return parse_election(text, source=source)
