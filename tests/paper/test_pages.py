"""The paper pages through real forms with CSRF, in English; who may open them; assisted votes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from tests.paper.conftest import Buurthuis
from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.paper.models import AssistedVote, AssistKind, PaperSheet
from wijkbudget.voting import casting
from wijkbudget.voting.models import Ballot, Channel


@pytest.fixture
def english(client: FlaskClient) -> FlaskClient:
    submit(client, "/", {"locale": "en", "next": "/"}, action="/taal")
    return client


@pytest.mark.parametrize(
    ("role", "same_wijk", "pages_open"),
    [
        (Role.RESIDENT, True, False),
        (Role.WERKGROEP, True, False),
        (Role.STEMBUREAU, False, False),
        (Role.STEMBUREAU, True, True),
        (Role.WIJKONDERSTEUNER, True, True),
    ],
)
def test_who_may_hand_out_and_enter(
    client: FlaskClient,
    buurthuis: Buurthuis,
    make_user: Callable[..., User],
    make_wijk: Callable[..., object],
    role: Role,
    same_wijk: bool,
    pages_open: bool,
) -> None:
    wijk = buurthuis.vote.round.wijk if same_wijk else make_wijk()
    login(client, make_user(role, wijk if role.per_wijk else None).email, PASSWORD)
    base = f"/ronde/{buurthuis.vote.round.id}/papier"
    for page in (f"{base}/uitgeven", f"{base}/invoeren", f"{base}/verschillen", base):
        assert client.get(page).status_code == (200 if pages_open else 403), page


def test_the_gemeente_sees_the_figures_but_does_not_enter(
    client: FlaskClient, buurthuis: Buurthuis, make_user: Callable[..., User]
) -> None:
    login(client, make_user(Role.GEMEENTE).email, PASSWORD)
    base = f"/ronde/{buurthuis.vote.round.id}/papier"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}/invoeren").status_code == 403


def test_hand_out_then_the_code_is_refused_online(
    english: FlaskClient, buurthuis: Buurthuis
) -> None:
    code = buurthuis.vote.codes(1)[0]
    login(english, buurthuis.people[0].email, PASSWORD)
    page = f"/ronde/{buurthuis.vote.round.id}/papier/uitgeven"
    done = submit(english, page, {"code": code.lower(), "serial": "0001-8"}, follow_redirects=True)
    assert "Hand out ballot 0001-8" in text(done)
    again = submit(english, page, {"code": code, "serial": "0002-6"})
    assert again.status_code == 422
    assert "A paper ballot was handed out for this stemcode already" in text(again)
    english.post("/uitloggen", data={})
    refused = submit(english, "/stem", {"code": code})
    assert "A paper ballot was handed out for this stemcode" in text(refused)


def test_entering_by_keyboard_form_and_a_rule_breaking_reading(
    english: FlaskClient, buurthuis: Buurthuis
) -> None:
    serial = buurthuis.issue()[0]
    ids = buurthuis.vote.ids
    login(english, buurthuis.people[1].email, PASSWORD)
    page = f"/ronde/{buurthuis.vote.round.id}/papier/invoeren"
    over = submit(
        english, page, {"serial": serial, "state": "valid", "choice": [str(i) for i in ids]}
    )
    assert over.status_code == 422
    assert "Enter the ballot as invalid, with the reason" in text(over)
    assert "checked" in over.get_data(as_text=True)  # what was typed is kept
    saved = submit(
        english,
        page,
        {"serial": serial, "state": "valid", "choice": [str(ids[0])]},
        follow_redirects=True,
    )
    assert f"Now someone else enters ballot {serial} too" in text(saved)


def test_printing_gives_a_pdf_with_numbered_sheets(
    client: FlaskClient, buurthuis: Buurthuis, make_user: Callable[..., User]
) -> None:
    login(client, make_user(Role.WIJKONDERSTEUNER, buurthuis.vote.round.wijk).email, PASSWORD)
    page = f"/ronde/{buurthuis.vote.round.id}/papier"
    response = submit(client, page, {"print-count": "3", "print-submit": "1"})
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].endswith('stembiljetten-0011-7.pdf"')
    assert db.session.scalar(sa.select(sa.func.max(PaperSheet.serial))) == 13


def test_an_assisted_vote_is_recorded_without_the_choice(
    english: FlaskClient, buurthuis: Buurthuis
) -> None:
    code = buurthuis.vote.codes(1)[0]
    helper = buurthuis.people[2]
    login(english, helper.email, PASSWORD)
    start = f"/ronde/{buurthuis.vote.round.id}/stemmen/helpen"
    no_consent = submit(english, start, {"kind": "proxy"})
    assert no_consent.status_code == 422 and "signed consent" in text(no_consent)
    assert submit(english, start, {"kind": "proxy", "consent": "y"}).status_code == 302
    ballot = submit(english, "/stem", {"code": code})
    assert "You are helping with this vote" in text(ballot)
    cast = submit(
        english,
        "/stem",
        {"code": code, "choice": str(buurthuis.vote.ids[3])},
        action="/stem/uitbrengen",
    )
    assert cast.status_code == 302
    assisted = db.session.scalars(sa.select(AssistedVote)).one()
    assert (assisted.helper_id, assisted.kind) == (helper.id, AssistKind.PROXY)
    logged = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "paper.assisted_vote")
    ).one()
    assert logged.details == {"kind": "proxy", "round_id": buurthuis.vote.round.id}  # never what
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


def test_the_proxy_limit_per_helper_holds(
    app: Flask, english: FlaskClient, buurthuis: Buurthuis
) -> None:
    app.config["PROXY_VOTES_PER_HELPER"] = 1
    first, second = buurthuis.vote.codes(2)
    login(english, buurthuis.people[2].email, PASSWORD)
    start = f"/ronde/{buurthuis.vote.round.id}/stemmen/helpen"
    choice = {"choice": str(buurthuis.vote.ids[3])}
    submit(english, start, {"kind": "proxy", "consent": "y"})
    submit(english, "/stem", {"code": first, **choice}, action="/stem/uitbrengen")
    refused = submit(english, start, {"kind": "proxy", "consent": "y"})
    assert refused.status_code == 422 and "(1)" in text(refused)
    # The resident being present themselves is not a proxy: still allowed.
    assert submit(english, start, {"kind": "present"}).status_code == 302
    submit(english, "/stem", {"code": second, **choice}, action="/stem/uitbrengen")
    kinds = db.session.scalars(sa.select(AssistedVote.kind)).all()
    assert sorted(kinds) == [AssistKind.PRESENT, AssistKind.PROXY]
    assert casting.find_entry(second).channel is Channel.ONLINE
