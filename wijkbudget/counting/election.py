"""The data of one participatory-budgeting election, independent of any file format.

Frozen dataclasses in, results out: the rules in :mod:`wijkbudget.counting.rules` read an
:class:`Election` and never change it. Money is an exact :class:`~fractions.Fraction` so a
result can be recomputed to the cent by anyone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction


class VoteType(StrEnum):
    """How a voter fills in the ballot (Pabulib's ``vote_type``)."""

    APPROVAL = "approval"
    CHOOSE_1 = "choose-1"
    CUMULATIVE = "cumulative"
    ORDINAL = "ordinal"

    @property
    def is_approval_like(self) -> bool:
        """``choose-1`` ballots are approval ballots that name exactly one project."""
        return self in (VoteType.APPROVAL, VoteType.CHOOSE_1)


@dataclass(frozen=True, slots=True)
class Project:
    """One project on the ballot. ``fields`` keeps every other column as text, in file order."""

    id: str
    cost: Fraction
    name: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's ballot.

    ``projects`` are the project ids in the order the voter gave them (for ordinal ballots the
    most preferred first). ``points`` is only set for cumulative ballots and has the same length
    as ``projects``. An empty ballot still counts as a voter. ``fields`` keeps the other columns
    (age, sex, voting_method, …) as text.
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Election:
    """Projects, ballots, budget and metadata of one election.

    ``meta`` keeps every META key in file order; ``project_columns`` and ``vote_columns`` keep the
    column order of the PROJECTS and VOTES sections so that writing a file gives back the same
    election.
    """

    budget: Fraction
    vote_type: VoteType
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    meta: Mapping[str, str] = field(default_factory=dict)
    project_columns: tuple[str, ...] = ("project_id", "cost", "name")
    vote_columns: tuple[str, ...] = ("voter_id", "vote")

    @property
    def num_voters(self) -> int:
        """Every ballot is a voter, an empty one included."""
        return len(self.ballots)

    def project(self, project_id: str) -> Project:
        """The project with this id (``KeyError`` when there is none)."""
        for candidate in self.projects:
            if candidate.id == project_id:
                return candidate
        raise KeyError(project_id)
