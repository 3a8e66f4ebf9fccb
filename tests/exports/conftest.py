"""A round that went through every step: ideas, criteria, decisions, a vote online and on paper
in three postcode areas; then voting closes (and, for ``published``, the results are out).

``dutch_exports`` puts this feature's Dutch texts (``.i18n-exports.po``) beside the catalog,
so the Dutch headers can be checked before the fragment is merged into it (once it is merged
and the fragment removed, the fixture does nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask

from tests.voting.conftest import now
from wijkbudget.auth.models import Role, User
from wijkbudget.demo import dates_for
from wijkbudget.extensions import babel, db
from wijkbudget.initiatives import services as initiative_services
from wijkbudget.initiatives.models import CostLine, Initiative, Status
from wijkbudget.results import services as results_services
from wijkbudget.review import services as review_services
from wijkbudget.review.models import CriterionVerdict, Decision, Outcome, Strength, Verdict
from wijkbudget.voting import casting, importer
from wijkbudget.voting import services as voting_services
from wijkbudget.voting.models import BallotType, Channel
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl

FRAGMENT = Path(__file__).resolve().parents[2] / ".i18n-exports.po"
INJECTION = '=HYPERLINK("http://evil.example","klik")'
CRITERIA_REASON = "Criterium over veiligheid toegevoegd na overleg"
REFUSAL = "Het plan kost meer dan de helft van het budget"
PRIVATE = ("Jan Jansen", "jan@example.org", "Geheim concept", "Spam met adres")


@pytest.fixture(autouse=True)
def dutch_exports(app: Flask, tmp_path: Path) -> Iterator[None]:
    if not FRAGMENT.exists():  # merged into the catalog and removed: nothing to add
        yield
        return
    folder = tmp_path / "translations" / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with FRAGMENT.open("rb") as source:
        catalog = read_po(source, locale="nl")
    with (folder / "messages.mo").open("wb") as target:
        write_mo(target, catalog)
    directories = app.extensions["babel"].translation_directories
    directories.append(str(tmp_path / "translations"))
    babel.domain_instance.cache.clear()  # translations are cached across apps
    yield
    directories.remove(str(tmp_path / "translations"))
    babel.domain_instance.cache.clear()


@dataclass
class Scenario:
    round: Round
    wijk: Wijk
    playground: Initiative
    refused: Initiative
    werkgroep: User


def _initiative(round_: Round, title: str, status: Status, cents: int, theme: str) -> Initiative:
    themes = {t.name: t for t in initiative_services.themes_for(round_)}
    initiative = Initiative(
        round=round_,
        title=title,
        summary="…",
        status=status,
        amount_cents=cents,
        version=1,
        theme=themes[theme],
        initiator_name="Jan Jansen",
        initiator_contact="jan@example.org",
        submitted_at=datetime(2026, 2, 1, 10, tzinfo=UTC),
        cost_lines=[CostLine(position=0, item="Materiaal", amount_cents=cents)],
    )
    db.session.add(initiative)
    return initiative


def _decide(initiative: Initiative, who: User, verdicts: list[tuple[int, Verdict, str]]) -> None:
    outcome = {
        Status.ADMITTED: Outcome.ADMITTED,
        Status.NOT_ADMITTED: Outcome.NOT_ADMITTED,
    }[initiative.status]
    db.session.add(
        Decision(
            initiative=initiative,
            version=1,
            outcome=outcome,
            explanation=REFUSAL if outcome is Outcome.NOT_ADMITTED else "",
            decided_by_id=who.id,
            verdicts=[
                CriterionVerdict(criterion_id=c, verdict=v, reason=r) for c, v, r in verdicts
            ],
        )
    )


ADDRESSES = "postcode;huisnummer;stemgerechtigden\n" + "".join(
    f"{pc} AB;{n};1\n"
    for pc, count in (("9731", 12), ("9732", 15), ("9733", 4))
    for n in range(1, count + 1)
)
# Voters per area: 9731 has 11 (shown), 9732 has 10 and 9733 has 3: 9733 is too small, and
# 10 + 3 must then go together so the 3 cannot be worked out from the total.
VOTERS = {"9731": 11, "9732": 10, "9733": 3}


def build(make_wijk: Callable[..., Wijk], make_user: Callable[..., User]) -> Scenario:
    wijk = make_wijk("Beijum", postcodes=["9731", "9732", "9733"])
    today = today_in_nl()
    round_ = _make_round(wijk, today)
    werkgroep = make_user(Role.WERKGROEP, wijk)
    review_services.set_criteria(
        None,
        round_,
        [
            review_services.CriterionData("Het idee is goed voor de wijk"),
            review_services.CriterionData(INJECTION, strength=Strength.SHOULD),
        ],
        today,
        reason=CRITERIA_REASON,
    )
    good, tricky = [c.id for c in review_services.current_criteria(round_)]
    playground = _initiative(round_, "Speeltuin Beijum", Status.ADMITTED, 1_200_050, "Meedoen")
    benches = _initiative(round_, "Bankjes bij de vijver", Status.ADMITTED, 300_000, "Wonen")
    formula = _initiative(round_, "=cmd|' /C calc'!A0", Status.ADMITTED, 200_000, "Leren")
    refused = _initiative(round_, "Nieuwe sporthal", Status.NOT_ADMITTED, 2_000_000, "Meedoen")
    _initiative(round_, "Geheim concept", Status.DRAFT, 100_000, "Wonen")
    _initiative(round_, "Spam met adres", Status.HIDDEN, 100_000, "Wonen")
    db.session.flush()
    for initiative in (playground, benches, formula):
        _decide(initiative, werkgroep, [(good, Verdict.MEETS, ""), (tricky, Verdict.MEETS, "")])
    _decide(
        refused,
        werkgroep,
        [(good, Verdict.DOES_NOT_MEET, "Te duur voor één plan"), (tricky, Verdict.UNCLEAR, "?")],
    )
    voting_services.save_setup(
        None, round_, voting_services.SetupData(ballot_type=BallotType.APPROVAL, max_choices=3)
    )
    importer.import_addresses(None, round_, ADDRESSES)
    letters = voting_services.issue_codes(None, round_)
    voting_services.open_voting(None, round_, now())
    db.session.commit()
    for area, count in VOTERS.items():
        codes = [x.code for x in letters if x.address and x.address.postcode.startswith(area)]
        for number, code in enumerate(codes[:count]):
            paper = area == "9732" and number < 2
            choices = {playground.id: 1, benches.id: 1} if number % 2 else {playground.id: 1}
            channel = Channel.PAPER if paper else Channel.ONLINE
            casting.cast_committed(code, choices, channel, now())
    return Scenario(round_, wijk, playground, refused, werkgroep)


def _make_round(wijk: Wijk, today: object) -> Round:
    from wijkbudget.wijken import services as wijk_services

    round_ = wijk_services.create_round(
        None,
        wijk,
        wijk_services.RoundData(
            year=2026,
            title="Wijkbudget Beijum 2026",
            budget_cents=2_500_000,
            dates=dates_for(Phase.VOTING, today),  # type: ignore[arg-type]
        ),
    )
    initiative_services.set_themes(None, wijk.id, list(initiative_services.DEFAULT_THEMES))
    db.session.commit()
    return round_


def close_voting(round_: Round) -> None:
    """Move the round's dates so that voting closed two days ago (counting phase)."""
    for name, day in dates_for(Phase.COUNTING, today_in_nl()).__dict__.items():
        setattr(round_, name, day)
    db.session.commit()


def count_and_publish(round_: Round) -> None:
    moment = now() + timedelta(minutes=5)
    results_services.count_round(None, round_, moment)
    results_services.publish(None, round_, moment + timedelta(minutes=5))
    db.session.commit()


@pytest.fixture
def closed(make_wijk: Callable[..., Wijk], make_user: Callable[..., User]) -> Scenario:
    scenario = build(make_wijk, make_user)
    close_voting(scenario.round)
    return scenario


@pytest.fixture
def published(closed: Scenario) -> Scenario:
    count_and_publish(closed.round)
    return closed
