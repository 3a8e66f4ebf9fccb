"""From ballots in the database to an engine count, and back to what an Outcome stores.

The ballots are copied in a random order (never the database's), given anonymous ids 1..n,
written as the Pabulib ``.pb`` text the results pack ships, and counted by
:func:`wijkbudget.counting.rules.count`. Money in the engine is in euros (Pabulib's unit), in
the database in cents.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from wijkbudget.counting import __version__ as ENGINE_VERSION
from wijkbudget.counting.election import Ballot as EngineBallot
from wijkbudget.counting.election import Election, Project, VoteType
from wijkbudget.counting.pabulib import parse_election, write_election
from wijkbudget.counting.result import CountResult
from wijkbudget.counting.rules import RuleOptions, UnknownRule, count
from wijkbudget.extensions import db
from wijkbudget.results.models import Outcome
from wijkbudget.voting.models import Ballot, BallotType, Channel, VotingSetup
from wijkbudget.wijken.models import Round

# Pabulib's voting_method column: how each ballot was cast.
METHOD = {Channel.ONLINE: "internet", Channel.PAPER: "paper"}
# The set-up's counting rule -> the Pabulib META rule that names the same count.
PABULIB_RULE = {"greedy": "greedy", "equalshares": "equalshares/add1"}
# What admins may compare the published outcome with.
OTHER_RULES = ("greedy", "equalshares", "mes-add1")

RawBallot = tuple[str, dict[str, int]]  # (voting method, {project id: weight})


@dataclass(frozen=True)
class Counted:
    """Everything an Outcome keeps of one count."""

    rule: str
    parameters: dict[str, Any]
    budget_cents: int
    total_cents: int
    ballots_online: int
    ballots_paper: int
    per_initiative: list[dict[str, Any]]
    trace: dict[str, Any]
    ballots_sha256: str
    ballots_pb: str


def cents(euros: Fraction) -> int:
    return round(euros * 100)


def ballot_count(round_: Round) -> int:
    query = sa.select(sa.func.count()).select_from(Ballot).where(Ballot.round_id == round_.id)
    return db.session.scalar(query) or 0


def read_ballots(round_: Round) -> list[RawBallot]:
    """The round's ballots as (method, choices), in a fresh random order."""
    rows = db.session.execute(
        sa.select(Ballot.channel, Ballot.choices).where(Ballot.round_id == round_.id)
    ).all()
    ballots = [
        (METHOD[Channel(channel)], {str(k): int(v) for k, v in choices.items() if int(v) > 0})
        for channel, choices in rows
    ]
    random.SystemRandom().shuffle(ballots)
    return ballots


def ballots_digest(ballots: Iterable[RawBallot]) -> str:
    """SHA-256 of the ballots in a canonical form that does not depend on their order.

    One line per ballot, ``method;project:weight,project:weight`` with the projects sorted as
    text, the lines sorted, each ended by a newline (the README of the pack says the same).
    """
    lines = sorted(
        f"{method};" + ",".join(f"{project}:{weight}" for project, weight in sorted(chosen.items()))
        for method, chosen in ballots
    )
    return hashlib.sha256("".join(line + "\n" for line in lines).encode()).hexdigest()


def raw_ballots(election: Election) -> list[RawBallot]:
    """The ballots of an election as (method, choices): the inverse of :func:`build_election`."""
    result: list[RawBallot] = []
    for ballot in election.ballots:
        weights = ballot.points or (Fraction(1),) * len(ballot.projects)
        chosen = {p: int(w) for p, w in zip(ballot.projects, weights, strict=True) if w > 0}
        result.append((ballot.fields.get("voting_method", ""), chosen))
    return result


def _dutch_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def build_election(setup: VotingSetup, ballots: list[RawBallot]) -> Election:
    """The engine's election: the frozen initiatives and budget, ballots with ids 1..n."""
    frozen = setup.frozen
    assert frozen is not None
    round_ = setup.round
    cumulative = setup.ballot_type is BallotType.POINTS
    projects = tuple(
        Project(id=str(item["id"]), cost=Fraction(item["amount_cents"], 100), name=item["title"])
        for item in frozen["initiatives"]
    )
    engine_ballots = tuple(
        EngineBallot(
            voter_id=str(number),
            projects=tuple(chosen),
            points=tuple(Fraction(w) for w in chosen.values()) if cumulative else None,
            fields={"voting_method": method},
        )
        for number, (method, chosen) in enumerate(ballots, start=1)
    )
    meta = {
        "description": f"wijkbudget {round_.wijk.name} {round_.year}",
        "country": "Netherlands",
        "unit": "Groningen",
        "subunit": round_.wijk.name,
        "instance": str(round_.year),
        "num_projects": str(len(projects)),
        "num_votes": str(len(engine_ballots)),
        "budget": "0",  # replaced by the writer with the exact budget
        "vote_type": "cumulative" if cumulative else "approval",
        "rule": PABULIB_RULE.get(setup.counting_rule, setup.counting_rule),
        "date_begin": _dutch_date(round_.voting_start),
        "date_end": _dutch_date(round_.voting_end),
        "language": "nl",
        "currency": "EUR",
    }
    if setup.ballot_type is BallotType.APPROVAL:
        meta["max_length"] = str(setup.max_choices)
    if cumulative:
        meta["max_sum_points"] = str(setup.points)
    return Election(
        budget=Fraction(frozen["budget_cents"], 100),
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
        projects=projects,
        ballots=engine_ballots,
        meta=meta,
        vote_columns=("voter_id", "vote", "points", "voting_method")
        if cumulative
        else ("voter_id", "vote", "voting_method"),
    )


def options_to_json(options: RuleOptions) -> dict[str, Any]:
    return {
        "threshold": None if options.threshold is None else str(options.threshold),
        "skip": options.skip,
        "comparison": options.comparison,
        "cheaper_first": options.cheaper_first,
    }


def options_from_json(data: Mapping[str, Any]) -> RuleOptions:
    threshold = data.get("threshold")
    return RuleOptions(
        threshold=None if threshold is None else Fraction(threshold),
        skip=bool(data.get("skip", True)),
        comparison=bool(data.get("comparison", False)),
        cheaper_first=bool(data.get("cheaper_first", False)),
    )


def summarise(
    election: Election,
    result: CountResult,
    rule: str,
    options: RuleOptions,
    ids: Mapping[str, int | None],
    extra: Mapping[str, Any] | None = None,
) -> Counted:
    """What an Outcome stores of ``result``, counted from ``election`` (with .pb text)."""
    raw = raw_ballots(election)
    online: dict[str, int] = {}
    paper: dict[str, int] = {}
    for method, chosen in raw:
        tally = paper if method == "paper" else online
        for project, weight in chosen.items():
            tally[project] = tally.get(project, 0) + weight
    last_reason = {step.project: step.reason.value for step in result.trace}
    order = {project: place for place, project in enumerate(result.selected)}
    items: list[dict[str, Any]] = [
        {
            "id": ids.get(project.id),
            "project": project.id,
            "title": project.name or project.id,
            "amount_cents": cents(project.cost),
            "votes_online": online.get(project.id, 0),
            "votes_paper": paper.get(project.id, 0),
            "funded": project.id in order,
            "reason": last_reason.get(project.id, "not_counted"),
        }
        for project in election.projects
    ]
    position = {project.id: place for place, project in enumerate(election.projects)}
    items.sort(
        key=lambda item: (
            order.get(item["project"], len(order)),
            -(item["votes_online"] + item["votes_paper"]),
            position[item["project"]],
        )
    )
    parameters = {
        "engine_rule": rule,
        "vote_type": election.vote_type.value,
        **options_to_json(options),
        **(extra or {}),
    }
    papers = sum(1 for method, _ in raw if method == "paper")
    return Counted(
        rule=rule,
        parameters=parameters,
        budget_cents=cents(election.budget),
        total_cents=cents(result.total_cost),
        ballots_online=len(raw) - papers,
        ballots_paper=papers,
        per_initiative=items,
        trace=result.to_json(),
        ballots_sha256=ballots_digest(raw),
        ballots_pb=write_election(election),
    )


def count_ballots(setup: VotingSetup, ballots: list[RawBallot]) -> Counted:
    """Count the round's ballots by the rule frozen at opening."""
    election = build_election(setup, ballots)
    rule, options = setup.counting_rule, RuleOptions()
    result = count(election, rule, options)
    ids = {str(item["id"]): item["id"] for item in (setup.frozen or {})["initiatives"]}
    extra = {"ballot_type": setup.ballot_type.value}
    return summarise(election, result, rule, options, ids, extra)


def store(outcome: Outcome, counted: Counted) -> None:
    """Copy a count onto an Outcome (a new one, or an unpublished one being replaced)."""
    assert not outcome.is_published, "a published outcome never changes"
    outcome.rule = counted.rule
    outcome.parameters = counted.parameters
    outcome.engine_version = ENGINE_VERSION
    outcome.ballots_sha256 = counted.ballots_sha256
    outcome.budget_cents = counted.budget_cents
    outcome.total_cents = counted.total_cents
    outcome.ballots_online = counted.ballots_online
    outcome.ballots_paper = counted.ballots_paper
    outcome.per_initiative = counted.per_initiative
    outcome.trace = counted.trace
    outcome.ballots_pb = counted.ballots_pb


def election_of(outcome: Outcome) -> Election:
    """The ballots exactly as counted, read back from the stored .pb text."""
    return parse_election(outcome.ballots_pb, f"round {outcome.round_id}")


def other_rules(outcome: Outcome) -> list[tuple[str, CountResult]]:
    """What each other rule would have funded with the same ballots (none without ballots)."""
    if outcome.ballots == 0:
        return []
    found = []
    for rule in OTHER_RULES:
        try:
            found.append((rule, recount(outcome, rule)))
        except UnknownRule:
            continue
    return found


def recount(outcome: Outcome, rule: str | None = None) -> CountResult:
    """Count the stored ballots again: by the outcome's own rule, or another one."""
    options = options_from_json(outcome.parameters) if rule is None else RuleOptions()
    return count(election_of(outcome), rule or outcome.rule, options)
