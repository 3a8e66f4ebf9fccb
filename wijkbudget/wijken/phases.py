"""The yearly cycle of a round, and which phase a round is in on a given day.

The phase is never stored: it follows from the round's dates, so it cannot disagree with them.
A phase starts at the beginning of its date (Dutch time); voting ends at the end of
``voting_end``, the last day residents can vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


class Phase(StrEnum):
    PREPARATION = "preparation"
    SUBMISSION = "submission"
    REVIEW = "review"
    VOTING = "voting"
    COUNTING = "counting"
    RESULTS = "results"


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)


@dataclass(frozen=True)
class PhaseDates:
    """The dates that divide a round into phases."""

    submission_start: date
    review_start: date
    voting_start: date
    voting_end: date
    results_date: date

    def problems(self) -> list[str]:
        """Names of the date fields that come too early, in the order a form shows them.

        Each phase must start after the previous one: submission < review < voting start
        <= last voting day < results.
        """
        wrong = []
        if self.review_start <= self.submission_start:
            wrong.append("review_start")
        if self.voting_start <= self.review_start:
            wrong.append("voting_start")
        if self.voting_end < self.voting_start:
            wrong.append("voting_end")
        if self.results_date <= self.voting_end:
            wrong.append("results_date")
        return wrong

    def phase_on(self, day: date) -> Phase:
        """The phase of the round on ``day``."""
        if day < self.submission_start:
            return Phase.PREPARATION
        if day < self.review_start:
            return Phase.SUBMISSION
        if day < self.voting_start:
            return Phase.REVIEW
        if day <= self.voting_end:
            return Phase.VOTING
        if day < self.results_date:
            return Phase.COUNTING
        return Phase.RESULTS

    def phase_period(self, phase: Phase) -> tuple[date | None, date | None] | None:
        """First and last day of ``phase`` (``None`` where open-ended).

        Returns ``None`` for a phase with no days at all: counting is skipped when results are
        published the day after voting closes.
        """
        day = timedelta(days=1)
        periods: dict[Phase, tuple[date | None, date | None]] = {
            Phase.PREPARATION: (None, self.submission_start - day),
            Phase.SUBMISSION: (self.submission_start, self.review_start - day),
            Phase.REVIEW: (self.review_start, self.voting_start - day),
            Phase.VOTING: (self.voting_start, self.voting_end),
            Phase.COUNTING: (self.voting_end + day, self.results_date - day),
            Phase.RESULTS: (self.results_date, None),
        }
        first, last = periods[phase]
        if first is not None and last is not None and last < first:
            return None
        return first, last


def today_in_nl(now: datetime | None = None) -> date:
    """Today's date in the Netherlands: phases change at Dutch midnight, not UTC midnight."""
    moment = now or datetime.now(DUTCH_TIME)
    return moment.astimezone(DUTCH_TIME).date()
