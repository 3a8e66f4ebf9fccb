"""The VOTES section: the hot loop of the reader (130,000 ballots in the largest real file)."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from fractions import Fraction
from operator import itemgetter
from typing import Any

from wijkbudget.counting.election import Ballot, VoteType
from wijkbudget.counting.pabulib.numbers import parse_amount
from wijkbudget.counting.pabulib.rows import Rows, columns_error, read_header, section_name

# Ballot is a frozen dataclass whose generated __init__ sets each slot through
# object.__setattr__; filling the slots through their descriptors builds the same object in half
# the time, which matters at 130,000 ballots. Ballot has no __post_init__ or validation to skip.
_new_ballot = object.__new__
_BALLOT_SLOTS = vars(Ballot)
_set_voter_id = _BALLOT_SLOTS["voter_id"].__set__
_set_projects = _BALLOT_SLOTS["projects"].__set__
_set_points = _BALLOT_SLOTS["points"].__set__
_set_fields = _BALLOT_SLOTS["fields"].__set__
_NO_FIELDS: Mapping[str, str] = {}


def read_votes(
    rows: Rows,
    iterator: Iterator[list[str]],
    vote_type: VoteType,
    project_ids: dict[str, str],
) -> tuple[list[str], list[Ballot]]:
    header: list[str] | None = None
    for row in iterator:
        if section_name(row) is not None:
            raise rows.error(f"unexpected {row[0].strip()} section after VOTES")
        if row and (len(row) > 1 or row[0].strip()):
            header = row
            break
    if header is None:
        raise rows.error("the VOTES section has no header row", max(rows.end, 1))
    columns = read_header(rows, header, "VOTES", ("voter_id", "vote"))
    cumulative = vote_type is VoteType.CUMULATIVE
    if cumulative and "points" not in columns:
        raise rows.error("cumulative ballots need a 'points' column in the VOTES header")
    if "points" in columns and vote_type.is_approval_like:
        raise rows.error(
            f"a 'points' column on {vote_type.value} ballots; only cumulative ballots have points"
        )
    # Ordinal files (Kraków) may carry a points column that restates the ranking (3,2,1); the
    # ranking is the order in 'vote', so those points stay as text among the other fields.
    special = ("voter_id", "vote", "points") if cumulative else ("voter_id", "vote")
    extra = [(index, column) for index, column in enumerate(columns) if column not in special]
    ballots = _read_ballot_rows(
        rows,
        iterator,
        width=len(columns),
        voter_index=columns.index("voter_id"),
        vote_index=columns.index("vote"),
        points_index=columns.index("points") if cumulative else None,
        extra=extra,
        vote_type=vote_type,
        project_ids=project_ids,
    )
    return columns, ballots


def _read_ballot_rows(
    rows: Rows,
    iterator: Iterator[list[str]],
    *,
    width: int,
    voter_index: int,
    vote_index: int,
    points_index: int | None,
    extra: list[tuple[int, str]],
    vote_type: VoteType,
    project_ids: dict[str, str],
) -> list[Ballot]:
    """The hot loop: one VOTES row at a time, every repeated text parsed only once."""
    ballots: list[Ballot] = []
    append = ballots.append
    seen_voters: dict[str, int] = {}
    votes_cache: dict[str, tuple[str, ...]] = {}
    points_cache: dict[str, tuple[Fraction, ...]] = {}
    amounts: dict[str, Fraction | str] = {}
    # Ballots with the same extra-column values share one (read-only) fields mapping: 130,000
    # ballots have only a few hundred distinct (age, sex, district) combinations.
    fields_cache: dict[Any, Mapping[str, str]] = {}
    extra_names = [column for _, column in extra]
    extra_values: Any = itemgetter(*[index for index, _ in extra]) if extra else None
    single_extra = len(extra) == 1

    # The csv reader itself rather than the Rows generator: a generator step per row costs a
    # tenth of the parse time. rows.start is kept up to date for the error messages.
    reader = rows.reader
    end = rows.end
    try:
        for row in reader:
            rows.start = end + 1
            end = reader.line_num
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if section_name(row) is not None:
                    raise rows.error(f"unexpected {row[0].strip()} section after VOTES")
                raise columns_error(rows, row, "VOTES", width)

            voter_id = row[voter_index]
            if voter_id in seen_voters or not voter_id:
                if not voter_id:
                    raise rows.error("empty voter_id")
                raise rows.error(
                    f"voter_id {voter_id!r} appears twice (first on line {seen_voters[voter_id]})"
                )
            seen_voters[voter_id] = rows.start

            vote_text = row[vote_index]
            projects = votes_cache.get(vote_text)
            if projects is None:
                projects = _parse_vote(rows, vote_text, vote_type, project_ids)
                votes_cache[vote_text] = projects

            points: tuple[Fraction, ...] | None = None
            if points_index is not None:
                points_text = row[points_index]
                points = points_cache.get(points_text)
                if points is None:
                    points = _parse_points(rows, points_text, amounts)
                    points_cache[points_text] = points
                if len(points) != len(projects):
                    raise rows.error(
                        f"{len(points)} points for {len(projects)} voted project"
                        f"{'s' if len(projects) != 1 else ''}: points and vote must have the same "
                        "length"
                    )

            if extra_values is None:
                fields = _NO_FIELDS
            else:
                key = extra_values(row)
                shared = fields_cache.get(key)
                if shared is None:
                    values = (key,) if single_extra else key
                    shared = fields_cache[key] = dict(zip(extra_names, values, strict=True))
                fields = shared

            ballot = _new_ballot(Ballot)
            _set_voter_id(ballot, voter_id)
            _set_projects(ballot, projects)
            _set_points(ballot, points)
            _set_fields(ballot, fields)
            append(ballot)
    except csv.Error as error:
        raise rows.error(f"not valid CSV: {error}", end + 1) from None
    return ballots


def _parse_vote(
    rows: Rows, text: str, vote_type: VoteType, project_ids: dict[str, str]
) -> tuple[str, ...]:
    if not text.strip():
        return ()  # an empty ballot: still a voter
    projects: list[str] = []
    for raw in text.split(","):
        project_id = project_ids.get(raw) or project_ids.get(raw.strip())
        if project_id is None:
            if not raw.strip():
                raise rows.error(f"empty project id in vote {text!r}")
            raise rows.error(f"vote for unknown project {raw.strip()!r}")
        projects.append(project_id)
    if len(set(projects)) != len(projects):
        if not vote_type.is_approval_like:
            duplicate = next(p for p in projects if projects.count(p) > 1)
            raise rows.error(f"project {duplicate!r} appears twice on one {vote_type.value} ballot")
        projects = list(dict.fromkeys(projects))
    if vote_type is VoteType.CHOOSE_1 and len(projects) > 1:
        raise rows.error(f"a choose-1 ballot with {len(projects)} projects")
    return tuple(projects)


def _parse_points(
    rows: Rows, text: str, amounts: dict[str, Fraction | str]
) -> tuple[Fraction, ...]:
    if not text.strip():
        return ()
    points: list[Fraction] = []
    for raw in text.split(","):
        amount = amounts.get(raw)
        if amount is None:
            amount = amounts[raw] = parse_amount(raw)
        if isinstance(amount, str):
            raise rows.error(f"points: {amount}")
        points.append(amount)
    return tuple(points)
