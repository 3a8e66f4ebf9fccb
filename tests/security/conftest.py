"""A populated wijk world for the security tests: the demo, plus what it lacks, and one login
per role.

The demo gives a round in every phase, ideas in every state, projects, sign-ups, paper ballots
and a published outcome. The per-wijk people of the demo (wijkondersteuner, werkgroep,
stembureau) hold their role in Beijum only; here they get it in every wijk with a round, so each
role can be tried in the phase where it may act. ``outsider`` holds per-wijk roles in a wijk
without rounds: for every other wijk they are an ordinary resident.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from tests.conftest import PASSWORD
from tests.helpers import login
from wijkbudget import demo
from wijkbudget.api import tokens as api_tokens
from wijkbudget.auth import services as auth_services
from wijkbudget.auth import tokens as auth_tokens
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.initiatives import services as initiative_services
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.paper import services as paper_services
from wijkbudget.projects import services as project_services
from wijkbudget.projects.models import Project, Signup
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl

# The people whose access is checked; ``anonymous`` is nobody logged in.
PERSONAS = (
    "anonymous",
    "resident",
    "outsider",
    "werkgroep",
    "wijkondersteuner",
    "stembureau",
    "coordinator",
    "gemeente",
    "admin",
)
DEMO_LOCAL = {
    "resident": "bewoner",
    "werkgroep": "werkgroep",
    "wijkondersteuner": "wijkondersteuner",
    "stembureau": "stembureau",
    "coordinator": "coordinator",
    "gemeente": "gemeente",
    "admin": "admin",
}


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


@dataclass
class World:
    """The ids of real objects to fill every URL with, and the people to log in as."""

    app: Flask
    emails: dict[str, str]
    passwords: dict[str, str]
    rounds: dict[Phase, int]  # one round per phase
    beijum_voting: int
    wijk_slug: str
    wijk_id: int
    initiatives: dict[str, int]  # by state: admitted, hidden, draft, submitted, in_review
    photo_id: int
    project_id: int
    project_slug: str
    signup_id: int
    signup_token: str
    paper_serial: int
    api_token_id: int
    api_secrets: dict[str, str]  # scope -> secret of a token with only that scope
    user_id: int
    confirm_token: str
    reset_token: str
    clients: dict[str, FlaskClient] = field(default_factory=dict)

    def client(self, persona: str) -> FlaskClient:
        """A client logged in as ``persona`` (kept, so each persona logs in once)."""
        if persona not in self.clients:
            client = self.app.test_client()
            if persona != "anonymous":
                login(client, self.emails[persona], self.passwords[persona])
            self.clients[persona] = client
        return self.clients[persona]


def _by_email(email: str) -> User:
    user = auth_services.find_user(email)
    assert user is not None, email
    return user


def _idea(round_: Round, title: str) -> initiative_services.InitiativeData:
    return initiative_services.InitiativeData(
        title=title,
        summary="Een idee om de toegang te testen.",
        description="Met **buren** samen.",
        initiator_name="Bea",
        initiator_contact="bea@example.org",
        theme_id=initiative_services.themes_for(round_)[0].id,
        cost_lines=[("Spullen", 150_000)],
        consent_to_publish=True,
    )


def build_world(app: Flask) -> World:
    today = today_in_nl()
    logins = demo.load(today)
    db.session.commit()
    wijken = {w.slug: w for w in db.session.scalars(sa.select(Wijk))}
    rounds: dict[Phase, Round] = {}
    for round_ in db.session.scalars(sa.select(Round).order_by(Round.id)):
        rounds.setdefault(round_.phase_on(today), round_)
    assert set(rounds) == set(Phase), "the demo no longer has a round in every phase"

    emails = {p: f"{local}@{demo.DEMO_DOMAIN}" for p, local in DEMO_LOCAL.items()}
    passwords = {p: logins[emails[p]] for p in DEMO_LOCAL}
    for persona, role in (
        ("werkgroep", Role.WERKGROEP),
        ("wijkondersteuner", Role.WIJKONDERSTEUNER),
        ("stembureau", Role.STEMBUREAU),
    ):
        user = _by_email(emails[persona])
        for round_ in rounds.values():
            if not user.has_role(role, round_.wijk_id):
                auth_services.assign_role(None, user, role, round_.wijk, "security test")
    outsider = auth_services.create_user(
        "outsider@example.org", "Otto Outsider", PASSWORD, confirmed_at=utcnow()
    )
    for role in (Role.WERKGROEP, Role.STEMBUREAU):
        auth_services.assign_role(None, outsider, role, wijken["de-hoogte"], "security test")
    emails["outsider"], passwords["outsider"] = outsider.email, PASSWORD

    # Ideas of the resident in the rounds where they can be edited, moderated and reviewed.
    resident = _by_email(emails["resident"])
    moderator = _by_email(emails["wijkondersteuner"])
    submission, review_round = rounds[Phase.SUBMISSION], rounds[Phase.REVIEW]
    draft = initiative_services.save_draft(
        resident, submission, _idea(submission, "Concept"), today
    )
    sent_in = initiative_services.save_draft(
        resident, submission, _idea(submission, "Ingestuurd"), today
    )
    initiative_services.submit(resident, sent_in, _idea(submission, "Ingestuurd"), today)
    day = review_round.submission_start + timedelta(days=1)
    in_review = initiative_services.save_draft(
        resident, review_round, _idea(review_round, "Ter beoordeling"), day
    )
    initiative_services.submit(resident, in_review, _idea(review_round, "Ter beoordeling"), day)
    initiative_services.publish(moderator, in_review, day)

    beijum = rounds[Phase.VOTING]
    ideas = list(db.session.scalars(sa.select(Initiative).where(Initiative.round_id == beijum.id)))
    admitted = next(i for i in ideas if i.status is Status.ADMITTED)
    hidden = next(i for i in ideas if i.status is Status.HIDDEN)
    photo = initiative_services.attach_photo(admitted, png_bytes(), "Een foto")

    project = db.session.scalar(sa.select(Project).where(Project.slug == "beijum-beweegt"))
    assert project is not None
    project_services.set_photo(None, project, png_bytes(), "Foto", "Photo")
    signup = db.session.scalar(sa.select(Signup).where(Signup.project_id == project.id))
    assert signup is not None
    mismatch = paper_services.mismatches(beijum)[0]

    issued = {
        scope: api_tokens.issue(None, f"token {scope}", [scope], utcnow())
        for scope in api_tokens.SCOPES
    }
    db.session.commit()
    return World(
        app=app,
        emails=emails,
        passwords=passwords,
        rounds={phase: r.id for phase, r in rounds.items()},
        beijum_voting=beijum.id,
        wijk_slug="beijum",
        wijk_id=beijum.wijk_id,
        initiatives={
            "admitted": admitted.id,
            "hidden": hidden.id,
            "draft": draft.id,
            "submitted": sent_in.id,
            "in_review": in_review.id,
        },
        photo_id=photo.id,
        project_id=project.id,
        project_slug=project.slug,
        signup_id=signup.id,
        signup_token=signup.token,
        paper_serial=mismatch.serial,
        api_token_id=issued["audit:read"].token.id,
        api_secrets={scope: made.secret for scope, made in issued.items()},
        user_id=outsider.id,
        confirm_token=auth_tokens.make_token(outsider, auth_tokens.CONFIRM),
        reset_token=auth_tokens.make_token(outsider, auth_tokens.RESET),
    )


@pytest.fixture
def world(app: Flask) -> World:
    return build_world(app)


def row_counts() -> dict[str, int]:
    """Rows in every table: a refused request must leave all of them as they were."""
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
    db.session.rollback()
    return counts
