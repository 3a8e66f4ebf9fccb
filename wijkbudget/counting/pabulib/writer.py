"""Writing an Election back to ``.pb`` text; reading it again gives the same election."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from wijkbudget.counting.election import Election, VoteType
from wijkbudget.counting.pabulib.numbers import format_decimal, parse_amount


def _exact(value: Fraction, what: str) -> str:
    text = format_decimal(value)
    if "/" in text:
        raise ValueError(f"{what} {value} has no exact decimal form, which a .pb file needs")
    return text


def _columns(declared: Iterable[str], required: Iterable[str], fields: Iterable[str]) -> list[str]:
    """The declared columns, plus any required or field column missing from them."""
    columns = list(dict.fromkeys(declared))
    for column in (*required, *fields):
        if column not in columns:
            columns.append(column)
    return columns


def write_election(election: Election) -> str:
    """The text of a ``.pb`` file for ``election`` (CRLF line ends, no byte-order mark).

    ``parse_election(write_election(e)) == e`` for every election read from a file. META keys
    keep their order; ``budget`` and ``vote_type`` are written from the election (keeping the
    META text when it means the same number) and added at the end when META lacks them. Raises
    ``ValueError`` for an election no ``.pb`` file can hold: a cost, budget or points without an
    exact decimal form, points on a ballot that is not cumulative, a vote for a project that is
    not in the election.
    """
    out = io.StringIO()
    # CRLF as in most Pabulib files; with "\n" alone csv would not quote a field holding a
    # lone "\r", which the reader would then take for a line end.
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\r\n")
    budget_text = _exact(election.budget, "budget")
    if "budget" in election.meta and parse_amount(election.meta["budget"]) == election.budget:
        budget_text = election.meta["budget"]
    vote_type_text: str = election.vote_type.value
    if election.meta.get("vote_type", "").strip() == vote_type_text:
        vote_type_text = election.meta["vote_type"]
    meta = dict(election.meta)
    meta["budget"] = budget_text
    meta["vote_type"] = vote_type_text

    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())

    project_fields: dict[str, None] = {}
    for project in election.projects:
        project_fields.update(dict.fromkeys(project.fields))
        if project.name:
            project_fields["name"] = None
    project_columns = _columns(election.project_columns, ("project_id", "cost"), project_fields)
    writer.writerow(["PROJECTS"])
    writer.writerow(project_columns)
    for project in election.projects:
        values = {"project_id": project.id, "name": project.name}
        values["cost"] = _exact(project.cost, f"cost of project {project.id!r}")
        writer.writerow(
            [values[c] if c in values else project.fields.get(c, "") for c in project_columns]
        )

    writer.writerow(["VOTES"])
    _write_votes(writer, election)
    return out.getvalue()


def _write_votes(writer: Any, election: Election) -> None:
    cumulative = election.vote_type is VoteType.CUMULATIVE
    known = {project.id for project in election.projects}
    ballot_fields: dict[str, None] = {}
    seen_fields: set[int] = set()
    for ballot in election.ballots:
        # Ballots read from a file share their fields mappings; look at each one once.
        if id(ballot.fields) not in seen_fields:
            seen_fields.add(id(ballot.fields))
            ballot_fields.update(dict.fromkeys(ballot.fields))
    required = ("voter_id", "vote", "points") if cumulative else ("voter_id", "vote")
    columns = _columns(
        (c for c in election.vote_columns if cumulative or c != "points" or c in ballot_fields),
        required,
        ballot_fields,
    )
    writer.writerow(columns)
    vote_texts: dict[tuple[str, ...], str] = {}
    points_texts: dict[tuple[Fraction, ...], str] = {}
    for ballot in election.ballots:
        vote_text = vote_texts.get(ballot.projects)
        if vote_text is None:
            unknown = [p for p in ballot.projects if p not in known]
            if unknown:
                raise ValueError(
                    f"voter {ballot.voter_id!r} votes for unknown project {unknown[0]!r}"
                )
            vote_text = vote_texts[ballot.projects] = ",".join(ballot.projects)
        values = {"voter_id": ballot.voter_id, "vote": vote_text}
        if cumulative:
            if ballot.points is None or len(ballot.points) != len(ballot.projects):
                raise ValueError(
                    f"voter {ballot.voter_id!r}: cumulative ballots need one point per project"
                )
            points_text = points_texts.get(ballot.points)
            if points_text is None:
                points_text = ",".join(_exact(p, "points") for p in ballot.points)
                points_texts[ballot.points] = points_text
            values["points"] = points_text
        elif ballot.points is not None:
            raise ValueError(
                f"voter {ballot.voter_id!r} has points, but only cumulative ballots have "
                f"points (vote_type is {election.vote_type.value})"
            )
        fields = ballot.fields
        writer.writerow([values[c] if c in values else fields.get(c, "") for c in columns])


def write_file(election: Election, path: str | os.PathLike[str]) -> None:
    """Write ``election`` as a ``.pb`` file at ``path`` (UTF-8, CRLF line ends)."""
    text = write_election(election)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
