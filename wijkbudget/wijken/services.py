"""Creating and changing wijken and rounds. Every change by an admin is audited.

Services flush but do not commit; the request or CLI command commits once.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.wijken.models import Round, Wijk, WijkPostcode
from wijkbudget.wijken.phases import Phase, PhaseDates

_PC4 = re.compile(r"^[1-9][0-9]{3}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class WijkError(FieldError):
    """Input that would make a wijk or round wrong."""


@dataclass(frozen=True)
class RoundData:
    """What an admin fills in for a round."""

    year: int
    title: str
    budget_cents: int
    dates: PhaseDates
    max_per_initiative_cents: int = 0  # 0: up to the whole budget
    reviews_needed: int = 2


def parse_postcodes(text: str) -> list[str]:
    """Four-digit postcodes from free text ("9733, 9734 9735"); raises on anything else."""
    codes = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    bad = [code for code in codes if not _PC4.match(code)]
    if bad:
        raise WijkError("postcodes", "bad_postcode", codes=", ".join(bad))
    return sorted(set(codes))


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug


def _check_wijk(wijk: Wijk | None, name: str, slug: str, postcodes: list[str]) -> None:
    if not _SLUG.match(slug):
        raise WijkError("slug", "bad_slug")
    others = sa.select(Wijk).where(sa.or_(Wijk.name == name, Wijk.slug == slug))
    if wijk is not None:
        others = others.where(Wijk.id != wijk.id)
    clash = db.session.scalar(others)
    if clash is not None:
        raise WijkError("name" if clash.name == name else "slug", "wijk_exists")
    if postcodes:
        taken = sa.select(WijkPostcode).where(WijkPostcode.postcode.in_(postcodes))
        if wijk is not None:
            taken = taken.where(WijkPostcode.wijk_id != wijk.id)
        owner = db.session.scalar(taken)
        if owner is not None:
            raise WijkError(
                "postcodes", "postcode_taken", code=owner.postcode, wijk=owner.wijk.name
            )


def create_wijk(
    actor: User | None, *, name: str, slug: str, postcodes: list[str], description: str = ""
) -> Wijk:
    """A new wijk with its postcode areas."""
    name, slug = name.strip(), slug.strip().lower()
    _check_wijk(None, name, slug, postcodes)
    wijk = Wijk(name=name, slug=slug, description=description.strip())
    wijk.postcodes = [WijkPostcode(postcode=code) for code in postcodes]
    db.session.add(wijk)
    db.session.flush()
    record(actor, "wijk.create", wijk, wijk_id=wijk.id, name=name, postcodes=postcodes)
    return wijk


def update_wijk(
    actor: User | None,
    wijk: Wijk,
    *,
    name: str,
    slug: str,
    postcodes: list[str],
    description: str,
    reason: str = "",
) -> None:
    """Change a wijk's name, address or postcode areas."""
    name, slug = name.strip(), slug.strip().lower()
    _check_wijk(wijk, name, slug, postcodes)
    before = {
        "name": wijk.name,
        "slug": wijk.slug,
        "postcodes": [p.postcode for p in wijk.postcodes],
    }
    wijk.name, wijk.slug, wijk.description = name, slug, description.strip()
    current = {p.postcode: p for p in wijk.postcodes}
    wijk.postcodes = [current.get(code) or WijkPostcode(postcode=code) for code in postcodes]
    db.session.flush()
    after = {"name": name, "slug": slug, "postcodes": postcodes}
    record(actor, "wijk.update", wijk, reason=reason, wijk_id=wijk.id, before=before, after=after)


def _check_round(wijk: Wijk, data: RoundData, existing: Round | None) -> None:
    if data.budget_cents <= 0:
        raise WijkError("budget", "budget_not_positive")
    if not 0 <= data.max_per_initiative_cents <= data.budget_cents:
        raise WijkError("initiative_maximum", "maximum_over_budget")
    if not 1 <= data.reviews_needed <= 20:
        raise WijkError("reviews_needed", "reviews_needed_range")
    problems = data.dates.problems()
    if problems:
        raise WijkError(problems[0], "dates_out_of_order")
    clash = sa.select(Round).where(Round.wijk_id == wijk.id, Round.year == data.year)
    if existing is not None:
        clash = clash.where(Round.id != existing.id)
    if db.session.scalar(clash) is not None:
        raise WijkError("year", "round_exists", year=data.year)


def _round_snapshot(round_: Round) -> dict[str, object]:
    return {
        "year": round_.year,
        "title": round_.title,
        "budget_cents": round_.budget_cents,
        "max_per_initiative_cents": round_.max_per_initiative_cents,
        "reviews_needed": round_.reviews_needed,
        **{key: value.isoformat() for key, value in asdict(round_.dates).items()},
    }


def create_round(actor: User | None, wijk: Wijk, data: RoundData) -> Round:
    """A new round for ``wijk``: one per year, dates in order, a positive budget."""
    _check_round(wijk, data, None)
    round_ = Round(
        wijk=wijk,
        year=data.year,
        title=data.title.strip(),
        budget_cents=data.budget_cents,
        max_per_initiative_cents=data.max_per_initiative_cents,
        reviews_needed=data.reviews_needed,
        **asdict(data.dates),
    )
    db.session.add(round_)
    db.session.flush()
    record(actor, "round.create", round_, wijk_id=wijk.id, after=_round_snapshot(round_))
    return round_


def _check_frozen_round(round_: Round, data: RoundData, today: date) -> None:
    """Once voting opened, the budget and the vote's dates are fixed.

    Only the last voting day may move later, and only while voting still runs: closing early
    would reveal the count, and reopening a closed vote would let people vote again.
    """
    if data.budget_cents != round_.budget_cents:
        raise WijkError("budget", "voting_frozen")
    dates = data.dates
    if dates.voting_start != round_.voting_start or dates.review_start != round_.review_start:
        raise WijkError("voting_start", "voting_frozen")
    if dates.submission_start != round_.submission_start:
        raise WijkError("submission_start", "voting_frozen")
    if dates.voting_end != round_.voting_end and (
        dates.voting_end < round_.voting_end or today > round_.voting_end
    ):
        raise WijkError("voting_end", "voting_frozen_end")


def update_round(
    actor: User | None, round_: Round, data: RoundData, *, today: date, reason: str
) -> None:
    """Change a round. Once it has started, a change needs a reason: residents rely on it."""
    if round_.phase_on(today) is not Phase.PREPARATION and not reason.strip():
        raise WijkError("reason", "reason_required_running")
    _check_round(round_.wijk, data, round_)
    from wijkbudget.voting.services import is_frozen  # voting imports this module

    if is_frozen(round_):
        _check_frozen_round(round_, data, today)
    before = _round_snapshot(round_)
    round_.year, round_.title, round_.budget_cents = (
        data.year,
        data.title.strip(),
        data.budget_cents,
    )
    round_.max_per_initiative_cents = data.max_per_initiative_cents
    round_.reviews_needed = data.reviews_needed
    for key, value in asdict(data.dates).items():
        setattr(round_, key, value)
    db.session.flush()
    record(
        actor,
        "round.update",
        round_,
        reason=reason,
        wijk_id=round_.wijk_id,
        phase=round_.phase_on(today).value,
        before=before,
        after=_round_snapshot(round_),
    )


def current_round(wijk: Wijk, today: date) -> Round | None:
    """The round residents should see now: the running one, else the next, else the latest."""
    rounds = sorted(wijk.rounds, key=lambda r: r.submission_start)
    running = [r for r in rounds if r.phase_on(today) not in (Phase.PREPARATION, Phase.RESULTS)]
    if running:
        return running[-1]
    upcoming = [r for r in rounds if r.phase_on(today) is Phase.PREPARATION]
    if upcoming:
        return upcoming[0]
    return rounds[-1] if rounds else None


def wijken_overview() -> list[Wijk]:
    """All wijken by name, with their rounds loaded in one extra query."""
    query = sa.select(Wijk).options(selectinload(Wijk.rounds)).order_by(Wijk.name)
    return list(db.session.scalars(query))


def wijk_by_slug(slug: str) -> Wijk | None:
    return db.session.scalar(sa.select(Wijk).where(Wijk.slug == slug))


def lock_round(round_: Round) -> None:
    """Hold the round until this transaction ends, so that what changes its count — a paper
    entry, the count itself — happens one after the other, never interleaved.

    A write that changes nothing: on PostgreSQL it locks the round's row, on SQLite it takes
    the database's write lock; either way the next one waits until this transaction ends.
    """
    db.session.execute(
        sa.update(Round).where(Round.id == round_.id).values(id=Round.id),
        execution_options={"synchronize_session": False},
    )
