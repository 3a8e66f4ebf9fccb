"""Factories for initiatives: a round in a phase with themes, criteria and the people around it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.initiatives import services
from wijkbudget.initiatives.models import Initiative
from wijkbudget.review import services as review
from wijkbudget.review.models import Strength
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase

CRITERIA = [
    review.CriterionData("Goed voor de wijk", "", Strength.MUST),
    review.CriterionData("Kan binnen een jaar", "", Strength.SHOULD),
]


@dataclass
class Setting:
    """A round with its people: resident, wijkondersteuner and two werkgroep members."""

    round: Round
    resident: User
    moderator: User
    reviewers: tuple[User, User]

    def day(self, phase: Phase) -> date:
        first, _last = self.round.dates.phase_period(phase) or (None, None)
        assert first is not None
        return first + timedelta(days=1)


@pytest.fixture
def round_phase() -> Phase:
    """The phase the round is in today; override with ``@pytest.mark.parametrize``."""
    return Phase.SUBMISSION


@pytest.fixture
def setting(
    round_phase: Phase,
    make_round: Callable[..., Round],
    make_wijk: Callable[..., Wijk],
    make_user: Callable[..., User],
) -> Setting:
    wijk = make_wijk("Beijum")
    services.set_themes(None, wijk.id, list(services.DEFAULT_THEMES))
    round_ = make_round(round_phase, wijk=wijk)
    round_.max_per_initiative_cents = 1_000_000
    review.set_criteria(None, round_, CRITERIA, round_.submission_start)
    db.session.commit()
    return Setting(
        round=round_,
        resident=make_user(),
        moderator=make_user(Role.WIJKONDERSTEUNER, wijk),
        reviewers=(make_user(Role.WERKGROEP, wijk), make_user(Role.WERKGROEP, wijk)),
    )


def idea(setting: Setting, **changes: object) -> services.InitiativeData:
    theme = services.themes_for(setting.round)[0]
    data = services.InitiativeData(
        title="Picknicktafels bij de vijver",
        summary="Drie tafels aan de vijver.",
        description="Buren eten **samen** buiten.",
        initiator_name="Bea",
        initiator_contact="bea@example.org",
        theme_id=theme.id,
        cost_lines=[("Tafels", 240_000), ("Plaatsen", 80_000)],
        consent_to_publish=True,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def submitted(setting: Setting) -> Initiative:
    """An initiative sent in by the resident during submission."""
    day = setting.day(Phase.SUBMISSION)
    initiative = services.save_draft(setting.resident, setting.round, idea(setting), day)
    services.submit(setting.resident, initiative, idea(setting), day)
    db.session.commit()
    return initiative


@pytest.fixture
def published(setting: Setting, submitted: Initiative) -> Initiative:
    services.publish(setting.moderator, submitted, setting.day(Phase.SUBMISSION))
    db.session.commit()
    return submitted
