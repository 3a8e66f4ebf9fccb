"""Demo voting: Beijum's round has voting open, with addresses, letters sent and some votes."""

from __future__ import annotations

import random
from datetime import date, datetime, time

import sqlalchemy as sa

from wijkbudget.extensions import db
from wijkbudget.voting import casting, importer, services
from wijkbudget.voting.models import BallotType, Channel
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import DUTCH_TIME, Phase


def voting_round(wijk: Wijk, today: date) -> Round | None:
    return next((r for r in wijk.rounds if r.phase_on(today) is Phase.VOTING), None)


def load_demo(wijken: dict[str, Wijk], today: date) -> None:
    """Open voting in Beijum: knapsack ballot, counted greedily; 60 addresses, 30 votes cast."""
    round_ = voting_round(wijken["beijum"], today)
    if round_ is None:
        return
    db.session.flush()
    db.session.refresh(wijken["beijum"])
    services.save_setup(None, round_, services.SetupData(ballot_type=BallotType.KNAPSACK))
    rng = random.Random(2026)  # the same demo every time
    lines = ["postcode;huisnummer;toevoeging;stemgerechtigden"]
    for number in range(1, 61):
        area = ("9733", "9734", "9735", "9736")[number % 4]
        lines.append(f"{area}AB;{number};;{rng.choice((1, 1, 2, 2, 3))}")
    importer.import_addresses(None, round_, "\n".join(lines))
    now = datetime.combine(today, time(12), DUTCH_TIME)
    services.open_voting(None, round_, now)
    letters = services.issue_codes(None, round_)
    rules = services.rules_of(services.setup_of(round_))  # type: ignore[arg-type]
    items = sorted(rules.costs)
    for letter in letters[:30]:
        chosen: dict[int, int] = {}
        for item in rng.sample(items, len(items)):
            if sum(rules.costs[i] for i in chosen) + rules.costs[item] <= rules.budget_cents:
                chosen[item] = 1
            if len(chosen) >= 3:
                break
        casting.cast(letter.code, chosen, Channel.ONLINE, now)


def fresh_codes(wijk_slug: str, count: int, today: date) -> list[str]:
    """``count`` new stemcodes for the demo wijk's voting round, not tied to an address."""
    wijk = db.session.scalar(sa.select(Wijk).where(Wijk.slug == wijk_slug))
    if wijk is None:
        raise services.VotingError("no_such_wijk")
    round_ = voting_round(wijk, today)
    if round_ is None or not services.accepting_votes(round_, today):
        raise services.VotingError("voting_closed")
    return services.issue_loose_codes(None, round_, count)
