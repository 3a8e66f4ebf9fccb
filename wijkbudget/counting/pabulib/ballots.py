"""The VOTES section: the hot part of the reader (130,000 ballots in the largest real file).

It is read one of two ways. Quickly, the default: one short pass over the rows collects the
columns, then each distinct vote text is parsed once and the ballots are checked and made in bulk,
by checks that cannot tell *which* line is wrong. Carefully: row by row, naming the line of the
first problem. When the quick way finds anything
amiss it raises :class:`ReadCarefully` and the whole text is read again carefully, so a valid
file gives the same election either way and an invalid one the careful error.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import compress, repeat
from operator import itemgetter, lt, ne, or_
from typing import Any

from wijkbudget.counting.election import Ballot, VoteType
from wijkbudget.counting.pabulib.numbers import parse_amount
from wijkbudget.counting.pabulib.rows import Rows, columns_error, read_header, section_name

# Ballot is a frozen dataclass whose generated __init__ sets each slot through
# object.__setattr__; filling the slots through their descriptors builds the same object in a
# fraction of the time, which matters at 130,000 ballots. Ballot has no __post_init__ or
# validation to skip.
_BALLOT_SLOTS = vars(Ballot)
_set_voter_id = _BALLOT_SLOTS["voter_id"].__set__
_set_projects = _BALLOT_SLOTS["projects"].__set__
_set_points = _BALLOT_SLOTS["points"].__set__
_set_fields = _BALLOT_SLOTS["fields"].__set__
_NO_FIELDS: Mapping[str, str] = {}


class ReadCarefully(Exception):
    """The quick reading found something to report: read the text again row by row."""


class _Ids(dict[str, str]):
    """Project ids by their text, remembering texts that are not an id (instead of a
    ``KeyError`` that would stop a bulk ``map`` halfway)."""

    def __init__(self, ids: dict[str, str]) -> None:
        super().__init__(ids)
        self.missed = False

    def __missing__(self, key: str) -> str:
        self.missed = True
        return ""  # never a project id (those are not empty)


def read_votes(
    rows: Rows,
    iterator: Iterator[list[str]],
    vote_type: VoteType,
    project_ids: dict[str, str],
    carefully: bool,
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
    layout = _Layout(
        width=len(columns),
        voter_index=columns.index("voter_id"),
        vote_index=columns.index("vote"),
        points_index=columns.index("points") if cumulative else None,
        extra=[(index, column) for index, column in enumerate(columns) if column not in special],
    )
    if carefully:
        return columns, _read_ballot_rows(rows, iterator, layout, vote_type, project_ids)
    return columns, _read_ballot_table(rows, layout, vote_type, project_ids)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the columns of the VOTES section are."""

    width: int
    voter_index: int
    vote_index: int
    points_index: int | None
    extra: list[tuple[int, str]]  # the other columns: (index, name)

    def fields(self) -> _Fields:
        return _Fields([column for _, column in self.extra])

    def leading(self) -> tuple[str, ...]:
        """The voter_id, vote and points columns in file order when they come first, else ()."""
        special = {self.voter_index: "voter_id", self.vote_index: "vote"}
        if self.points_index is not None:
            special[self.points_index] = "points"
        if sorted(special) != list(range(len(special))):
            return ()
        return tuple(special[index] for index in range(len(special)))

    def extra_values(self) -> Any:
        """A function from a row to its extra-column values (a tuple, or one text)."""
        return itemgetter(*[index for index, _ in self.extra]) if self.extra else None


class _Fields:
    """Ballots with the same extra-column values share one (read-only) fields mapping: the
    131,778 ballots of Wrocław 2015 have 5,400 distinct (age, sex, voting_method, district)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.shared: dict[Any, Mapping[str, str]] = {}

    def of_text(self, text: str) -> Mapping[str, str]:
        """The fields of a row whose extra columns are ``text`` (the values joined by ';')."""
        if text.count(";") != len(self.names) - 1:
            raise ReadCarefully
        shared = self.shared[text] = _RowFields(self.names, text)
        return shared

    def of(self, key: Any) -> Mapping[str, str]:
        """The fields of a row whose extra-column values are ``key``."""
        shared = self.shared.get(key)
        if shared is None:
            values = (key,) if len(self.names) == 1 else key
            shared = self.shared[key] = dict(zip(self.names, values, strict=True))
        return shared


class _RowFields(Mapping[str, str]):
    """The other columns of a row, split from their text when first read: Wrocław 2017 has
    21,000 distinct (age, sex, voting_method, district) texts, and the rules never read them."""

    __slots__ = ("_names", "_text", "_values")

    def __init__(self, names: list[str], text: str) -> None:
        self._names = names
        self._text = text
        self._values: dict[str, str] | None = None

    def _dict(self) -> dict[str, str]:
        if self._values is None:
            self._values = dict(zip(self._names, self._text.split(";"), strict=True))
        return self._values

    def __getitem__(self, name: str) -> str:
        return self._dict()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return repr(self._dict())


# --------------------------------------------------------------------------------------------
# Quickly: the section as columns, checked in bulk


def _read_ballot_table(
    rows: Rows, layout: _Layout, vote_type: VoteType, project_ids: dict[str, str]
) -> list[Ballot]:
    """One short pass over the lines collects the columns (the rows stream through the cache
    once); the checks and the parsing of the votes then run on the columns, mostly in C."""
    leading = layout.leading()
    if not leading:
        raise ReadCarefully
    lines = _plain_lines(rows.rest())
    splits = len(leading)
    expected = splits + 1 if layout.extra else splits
    voter_index, vote_index, points_index = (
        leading.index("voter_id"),
        leading.index("vote"),
        leading.index("points") if layout.points_index is not None else None,
    )
    voter_ids: list[str] = []
    vote_texts: list[str] = []
    points_texts: list[str] = []
    fields: list[Mapping[str, str]] = []
    add_voter, add_vote, add_points, add_fields = (
        voter_ids.append,
        vote_texts.append,
        points_texts.append,
        fields.append,
    )
    shared_fields = layout.fields()
    of_text, shared = shared_fields.of_text, shared_fields.shared
    # The other columns stay one text: it recurs, so it is split once per distinct text.
    for parts in map(str.split, lines, repeat(";"), repeat(splits)):
        if len(parts) != expected:
            if len(parts) == 1 and not parts[0].strip():
                continue  # a blank line (a row has at least two columns)
            raise ReadCarefully
        add_voter(parts[voter_index])
        add_vote(parts[vote_index])
        if points_index is not None:
            add_points(parts[points_index])
        if expected > splits:
            row_fields = shared.get(parts[splits])
            add_fields(of_text(parts[splits]) if row_fields is None else row_fields)

    distinct_voters = set(voter_ids)
    if len(distinct_voters) != len(voter_ids) or "" in distinct_voters:
        raise ReadCarefully
    votes = _parse_votes(dict.fromkeys(vote_texts), vote_type, project_ids)
    projects = list(map(votes.__getitem__, vote_texts))
    points: Iterable[tuple[Fraction, ...] | None] = repeat(None)
    if points_index is not None:
        points = _points_column(points_texts, projects)
    return _ballots(voter_ids, projects, points, fields if layout.extra else repeat(_NO_FIELDS))


def _plain_lines(text: str) -> list[str]:
    """The lines of ``text``, when splitting them at ';' reads them as the csv module would: no
    quotes, no line ends but LF and CRLF, no field over csv's size limit. Else
    :class:`ReadCarefully`. (Since Python 3.11 csv reads a NUL as any other character, as
    str.split does.) Most files have no CR at all: one look for it spares them the rest."""
    if '"' in text:
        raise ReadCarefully
    if "\r" not in text:
        lines = text.split("\n")
    elif text.count("\r\n") == text.count("\r") == text.count("\n"):
        lines = text.split("\r\n")  # every line ends in CRLF: no copy of the text without CRs
    else:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            raise ReadCarefully
        lines = text.split("\n")
    if len(text) > csv.field_size_limit() and max(map(len, lines)) > csv.field_size_limit():
        raise ReadCarefully
    return lines


def _parse_votes(
    texts: Iterable[str], vote_type: VoteType, project_ids: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """Each distinct vote text as project ids; all the plain ones (ids split by ',', each named
    once) in one go, the rest (spaces, empty ballots, problems) one by one."""
    texts = list(texts)
    ids = _Ids(project_ids)
    parsed = list(map(tuple, map(map, repeat(ids.__getitem__), map(str.split, texts, repeat(",")))))
    lengths = list(map(len, parsed))
    odd = map(ne, map(len, map(set, parsed)), lengths)  # a project named twice
    if ids.missed:  # not a project id: spaces, an empty ballot, or a mistake
        odd = map(or_, odd, map(tuple.__contains__, parsed, repeat("")))
    if vote_type is VoteType.CHOOSE_1:
        odd = map(or_, odd, map(lt, repeat(1), lengths))
    votes = dict(zip(texts, parsed, strict=True))
    for text in compress(texts, list(odd)):
        vote = _parse_vote(text, vote_type, project_ids)
        if isinstance(vote, str):
            raise ReadCarefully
        votes[text] = vote
    return votes


def _points_column(texts: list[str], projects: list[tuple[str, ...]]) -> list[tuple[Fraction, ...]]:
    """The points of every row, each distinct text parsed once, checked to name as many points
    as the row votes for projects."""
    amounts: dict[str, Fraction | str] = {}
    points: dict[str, tuple[Fraction, ...]] = {}
    for text in dict.fromkeys(texts):
        parsed = _parse_points(text, amounts)
        if isinstance(parsed, str):
            raise ReadCarefully
        points[text] = parsed
    column = list(map(points.__getitem__, texts))
    if any(map(ne, map(len, column), map(len, projects))):
        raise ReadCarefully
    return column


def _ballots(
    voter_ids: list[str],
    projects: list[tuple[str, ...]],
    points: Iterable[tuple[Fraction, ...] | None],
    fields: Iterable[Mapping[str, str]],
) -> list[Ballot]:
    """Ballot objects, made and filled a slot at a time for all of them at once, in C."""
    ballots = list(map(object.__new__, repeat(Ballot, len(voter_ids))))
    for setter, values in (
        (_set_voter_id, voter_ids),
        (_set_projects, projects),
        (_set_points, points),
        (_set_fields, fields),
    ):
        deque(map(setter, ballots, values), 0)
    return ballots


# --------------------------------------------------------------------------------------------
# Carefully: row by row, naming the line of the first problem


def _read_ballot_rows(
    rows: Rows,
    iterator: Iterator[list[str]],
    layout: _Layout,
    vote_type: VoteType,
    project_ids: dict[str, str],
) -> list[Ballot]:
    ballots: list[Ballot] = []
    seen_voters: dict[str, int] = {}
    amounts: dict[str, Fraction | str] = {}
    fields = layout.fields()
    extra_values = layout.extra_values()
    width, voter_index, vote_index = layout.width, layout.voter_index, layout.vote_index
    for row in iterator:
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if section_name(row) is not None:
                raise rows.error(f"unexpected {row[0].strip()} section after VOTES")
            raise columns_error(rows, row, "VOTES", width)

        voter_id = row[voter_index]
        if not voter_id:
            raise rows.error("empty voter_id")
        if voter_id in seen_voters:
            raise rows.error(
                f"voter_id {voter_id!r} appears twice (first on line {seen_voters[voter_id]})"
            )
        seen_voters[voter_id] = rows.start

        projects = _parse_vote(row[vote_index], vote_type, project_ids)
        if isinstance(projects, str):
            raise rows.error(projects)

        points: tuple[Fraction, ...] | None = None
        if layout.points_index is not None:
            parsed = _parse_points(row[layout.points_index], amounts)
            if isinstance(parsed, str):
                raise rows.error(parsed)
            points = parsed
            if len(points) != len(projects):
                raise rows.error(
                    f"{len(points)} points for {len(projects)} voted project"
                    f"{'s' if len(projects) != 1 else ''}: points and vote must have the same "
                    "length"
                )
        ballot_fields = _NO_FIELDS if extra_values is None else fields.of(extra_values(row))
        ballots.append(Ballot(voter_id, projects, points, ballot_fields))
    return ballots


def _parse_vote(
    text: str, vote_type: VoteType, project_ids: dict[str, str]
) -> tuple[str, ...] | str:
    """The project ids of one vote text, or why it is not a vote."""
    if not text.strip():
        return ()  # an empty ballot: still a voter
    projects: list[str] = []
    for raw in text.split(","):
        project_id = project_ids.get(raw) or project_ids.get(raw.strip())
        if project_id is None:
            if not raw.strip():
                return f"empty project id in vote {text!r}"
            return f"vote for unknown project {raw.strip()!r}"
        projects.append(project_id)
    if len(set(projects)) != len(projects):
        if not vote_type.is_approval_like:
            duplicate = next(p for p in projects if projects.count(p) > 1)
            return f"project {duplicate!r} appears twice on one {vote_type.value} ballot"
        projects = list(dict.fromkeys(projects))
    if vote_type is VoteType.CHOOSE_1 and len(projects) > 1:
        return f"a choose-1 ballot with {len(projects)} projects"
    return tuple(projects)


def _parse_points(text: str, amounts: dict[str, Fraction | str]) -> tuple[Fraction, ...] | str:
    """The points of one points text, or why they are not points."""
    if not text.strip():
        return ()
    points: list[Fraction] = []
    for raw in text.split(","):
        amount = amounts.get(raw)
        if amount is None:
            amount = amounts[raw] = parse_amount(raw)
        if isinstance(amount, str):
            return f"points: {amount}"
        points.append(amount)
    return tuple(points)
