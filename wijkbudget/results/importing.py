"""Loading a past round from a Pabulib ``.pb`` file (an earlier Stem van Groningen vote, say).

The file becomes a round of the wijk, marked imported, with its outcome counted by the rule the
file says the city used (``as-held``), or by another rule when asked. It is published at once:
the file is public already, and the point is to show it next to new rounds.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.counting.election import Election
from wijkbudget.counting.pabulib import PabulibError, parse_election
from wijkbudget.counting.result import CountResult
from wijkbudget.counting.rules import RULE_NAMES, RuleOptions, UnknownRule, count
from wijkbudget.counting.rules.as_held import held_rule
from wijkbudget.extensions import db
from wijkbudget.results import engine
from wijkbudget.results.models import Outcome
from wijkbudget.results.services import ResultsError
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import PhaseDates
from wijkbudget.wijken.services import RoundData, WijkError, create_round

_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YEAR = re.compile(r"(\d{4})")


class PbImportError(ResultsError):
    """A file that cannot become a round; ``detail`` says what is wrong with it."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.detail = detail


def _day(text: str) -> date | None:
    found = _DAY.match(text.strip())
    if not found:
        return None
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None


def _dates(election: Election, year: int) -> PhaseDates:
    """The vote's days from META when they are real dates in that year, else a plain spring."""
    begin = _day(election.meta.get("date_begin", ""))
    end = _day(election.meta.get("date_end", ""))
    if not (begin and end and begin.year == year and begin <= end):
        begin, end = date(year, 3, 1), date(year, 3, 31)
    return PhaseDates(
        submission_start=begin - timedelta(days=60),
        review_start=begin - timedelta(days=30),
        voting_start=begin,
        voting_end=end,
        results_date=end + timedelta(days=1),
    )


def year_of(election: Election) -> int | None:
    for key in ("date_end", "date_begin", "instance"):
        found = _YEAR.search(election.meta.get(key, ""))
        if found and 1990 <= int(found[1]) <= 2100:
            return int(found[1])
    return None


def _count(election: Election, rule: str) -> tuple[str, RuleOptions, CountResult]:
    """Count by ``rule``; ``as-held`` falls back to greedy when the file's rule is unknown."""
    if rule == "as-held":
        try:
            _held, options = held_rule(election)  # the threshold and tie-break it applies
            return rule, options, count(election, rule)
        except UnknownRule:
            rule = "greedy"
    try:
        return rule, RuleOptions(), count(election, rule)
    except UnknownRule as error:  # e.g. a rule that does not fit this file's ballots
        raise PbImportError("unknown_rule", rule) from error


def import_pb(
    actor: User | None,
    wijk: Wijk,
    text: str,
    now: datetime,
    *,
    source: str = "upload.pb",
    rule: str = "as-held",
    year: int | None = None,
) -> Outcome:
    """Make ``text`` (a .pb file) a published, imported round of ``wijk`` with its outcome."""
    if rule not in RULE_NAMES:
        raise PbImportError("unknown_rule", rule)
    try:
        election = parse_election(text, source)
    except PabulibError as error:
        raise PbImportError("bad_file", str(error)) from None
    if election.meta.get("currency", "EUR").strip().upper() not in ("EUR", ""):
        raise PbImportError("not_euro", election.meta["currency"])
    if any((project.cost * 100).denominator != 1 for project in election.projects):
        raise PbImportError("bad_file", "a cost is not a whole number of cents")
    year = year or year_of(election)
    if year is None:
        raise PbImportError("no_year")
    if not election.ballots or (election.budget * 100).denominator != 1 or election.budget <= 0:
        raise PbImportError("bad_file", "no ballots, or a budget that is not whole cents")
    title = election.meta.get("description", "").strip()[:200] or f"{wijk.name} {year}"
    data = RoundData(
        year=year,
        title=title,
        budget_cents=engine.cents(election.budget),
        dates=_dates(election, year),
    )
    try:
        round_ = create_round(actor, wijk, data)
    except WijkError as error:
        raise PbImportError(error.code, str(year)) from None
    used, options, result = _count(election, rule)
    extra = {"source": source, "meta_rule": election.meta.get("rule", "")}
    counted = engine.summarise(election, result, used, options, {}, extra)
    outcome = Outcome(round=round_, imported=True, counted_at=now)
    db.session.add(outcome)
    engine.store(outcome, counted)
    outcome.published_at = now
    outcome.counted_by_id = outcome.published_by_id = actor.id if actor else None
    db.session.flush()
    record(
        actor,
        "results.import",
        outcome,
        wijk_id=wijk.id,
        round_id=round_.id,
        source=source,
        rule=used,
        ballots=outcome.ballots,
        ballots_sha256=outcome.ballots_sha256,
    )
    return outcome
