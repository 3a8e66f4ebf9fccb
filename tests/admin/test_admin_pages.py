from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase

ROUND_FORM = {
    "year": "2027",
    "title": "Wijkbudget Beijum 2027",
    "budget": "25.000",
    "submission_start": "2027-01-10",
    "review_start": "2027-02-10",
    "voting_start": "2027-03-01",
    "voting_end": "2027-03-14",
    "results_date": "2027-03-28",
}


@pytest.mark.parametrize("role", [None, Role.GEMEENTE, Role.WERKGROEP])
def test_management_is_for_admins_only(
    client: FlaskClient,
    make_user: Callable[..., User],
    make_wijk: Callable[..., Wijk],
    role: Role | None,
) -> None:
    if role is None:
        assert client.get("/beheer/").status_code == 302  # to the login page
        return
    user = make_user(role, make_wijk() if role.per_wijk else None)
    login(client, user.email, PASSWORD)
    response = client.get("/beheer/wijken/nieuw")
    assert response.status_code == 403
    assert "U mag deze pagina niet zien" in text(response)


def test_admin_creates_a_wijk_and_a_round(admin_client: FlaskClient) -> None:
    response = submit(
        admin_client,
        "/beheer/wijken/nieuw",
        {"name": "Beijum", "slug": "beijum", "postcodes": "9735 9736", "description": ""},
    )
    assert response.status_code == 302
    wijk = db.session.scalar(sa.select(Wijk).where(Wijk.slug == "beijum"))
    assert wijk is not None
    response = submit(admin_client, f"/beheer/wijken/{wijk.id}/rondes/nieuw", ROUND_FORM)
    assert response.status_code == 302
    page = text(admin_client.get("/wijk/beijum"))
    assert "Wijkbudget Beijum 2027" in page and "€ 25.000" in page
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["wijk.create", "round.create"]


def test_bad_round_input_gets_clear_messages_and_keeps_the_input(
    admin_client: FlaskClient, make_wijk: Callable[..., Wijk]
) -> None:
    wijk = make_wijk()
    bad = {**ROUND_FORM, "budget": "veel geld", "voting_start": "2027-02-01"}
    response = submit(admin_client, f"/beheer/wijken/{wijk.id}/rondes/nieuw", bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul een bedrag in euro" in text(response)
    assert 'value="veel geld"' in html and 'value="2027-03-14"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0

    dates_wrong = {**ROUND_FORM, "voting_start": "2027-02-01"}
    response = submit(admin_client, f"/beheer/wijken/{wijk.id}/rondes/nieuw", dates_wrong)
    assert 'id="voting_start-error"' in response.get_data(as_text=True)


def test_english_admin_gets_english_messages(
    admin_client: FlaskClient, make_wijk: Callable[..., Wijk]
) -> None:
    wijk = make_wijk()
    submit(admin_client, "/", {"locale": "en", "next": "/"}, action="/taal")
    bad = {**ROUND_FORM, "budget": "-5"}
    response = submit(admin_client, f"/beheer/wijken/{wijk.id}/rondes/nieuw", bad)
    assert "Fill in an amount in euros" in text(response)


def test_editing_a_running_round_asks_why(
    admin_client: FlaskClient, make_round: Callable[..., Round]
) -> None:
    round_ = make_round(Phase.VOTING)
    form = {
        "year": str(round_.year),
        "title": round_.title,
        "budget": "30.000",
        **{
            k: getattr(round_, k).isoformat()
            for k in (
                "submission_start",
                "review_start",
                "voting_start",
                "voting_end",
                "results_date",
            )
        },
    }
    response = submit(admin_client, f"/beheer/rondes/{round_.id}", form)
    assert response.status_code == 200
    assert "Deze ronde is al begonnen" in text(response)
    response = submit(
        admin_client,
        f"/beheer/rondes/{round_.id}",
        {**form, "reason": "Extra geld van de gemeente"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_.id).budget_cents == 3_000_000  # type: ignore[union-attr]


def test_admin_gives_and_takes_back_a_role_with_a_reason(
    admin_client: FlaskClient, make_user: Callable[..., User], make_wijk: Callable[..., Wijk]
) -> None:
    wijk = make_wijk("Beijum")
    person = make_user()
    page = f"/beheer/gebruikers/{person.id}"
    data = {
        "assign-role": "werkgroep",
        "assign-wijk": str(wijk.id),
        "assign-reason": "Gekozen door bewoners",
        "assign-submit": "1",
    }
    assert submit(admin_client, page, data).status_code == 302
    db.session.expire_all()
    assert person.has_role(Role.WERKGROEP, wijk.id)
    assert "Lid van de werkgroep (Beijum)" in text(admin_client.get(page))

    # A per-wijk role needs a wijk.
    no_wijk = {**data, "assign-wijk": "", "assign-role": "wijkondersteuner"}
    assert "Kies de wijk" in text(submit(admin_client, page, no_wijk))

    [assignment] = person.roles
    revoke = {
        "revoke-assignment_id": str(assignment.id),
        "revoke-reason": "Verhuisd",
        "revoke-submit": "1",
    }
    assert submit(admin_client, page, revoke).status_code == 302
    db.session.expire_all()
    assert not person.has_role(Role.WERKGROEP, wijk.id)
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.object_id == person.id).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.reason) for e in entries[-2:]] == [
        ("role.assign", "Gekozen door bewoners"),
        ("role.revoke", "Verhuisd"),
    ]


def test_the_last_admin_cannot_be_removed(admin_client: FlaskClient) -> None:
    admin = db.session.scalar(sa.select(User))
    assert admin is not None
    [assignment] = admin.roles
    page = f"/beheer/gebruikers/{admin.id}"
    revoke = {
        "revoke-assignment_id": str(assignment.id),
        "revoke-reason": "test",
        "revoke-submit": "1",
    }
    submit(admin_client, page, revoke)
    assert "laatste beheerder" in text(admin_client.get(page)).lower()
    db.session.expire_all()
    assert admin.has_role(Role.ADMIN)


def test_audit_log_page_shows_who_what_and_why(
    admin_client: FlaskClient, make_round: Callable[..., Round]
) -> None:
    make_round(Phase.SUBMISSION)
    page = text(admin_client.get("/beheer/logboek"))
    assert "round.create" in page and "wijk.create" in page


def test_user_search_finds_by_name_or_email(
    admin_client: FlaskClient, make_user: Callable[..., User]
) -> None:
    person = make_user(email="zoek.mij@example.org")
    page = text(admin_client.get("/beheer/gebruikers?q=ZOEK"))
    assert person.email in page
    assert "zoek.mij" not in text(admin_client.get("/beheer/gebruikers?q=niemand"))


def _log_rows(client: FlaskClient, query: str) -> list[str]:
    """The audit log's table rows as text: (action code, object) per row."""
    html = client.get(f"/beheer/logboek?{query}").get_data(as_text=True)
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<code lang="en">([\w.]+)</code> (\w+ #\d+)', body)


def test_audit_log_filters_by_wijk_action_and_who(
    admin_client: FlaskClient, make_round: Callable[..., Round], make_wijk: Callable[..., Wijk]
) -> None:
    beijum = make_wijk("Beijum")
    make_round(Phase.SUBMISSION, wijk=beijum)
    selwerd = make_wijk("Selwerd")
    assert sorted(_log_rows(admin_client, f"wijk={beijum.id}")) == [
        ("round.create", "rounds #1"),
        ("wijk.create", f"wijken #{beijum.id}"),
    ]
    assert _log_rows(admin_client, "action=wijk.create") == [
        ("wijk.create", f"wijken #{selwerd.id}"),
        ("wijk.create", f"wijken #{beijum.id}"),
    ]
    assert _log_rows(admin_client, "who=niemand-hier") == []
    submit(admin_client, "/beheer/wijken/nieuw", {"name": "Lewenborg", "slug": "lewenborg"})
    by_admin = _log_rows(admin_client, "who=PERSON")  # the admin's name, any case
    assert [code for code, _object in by_admin] == ["wijk.create"]
    assert "(Wijk created" not in text(admin_client.get("/beheer/logboek?who=niemand"))


def test_the_gemeente_reads_the_audit_log_but_not_management(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    gemeente = make_user(Role.GEMEENTE)
    login(client, gemeente.email, PASSWORD)
    assert client.get("/beheer/logboek").status_code == 200
    assert client.get("/beheer/").status_code == 403


def test_editing_a_round_keeps_the_maximum_and_reviews_needed(
    admin_client: FlaskClient, make_round: Callable[..., Round]
) -> None:
    round_ = make_round(Phase.PREPARATION)
    form = {
        "year": str(round_.year),
        "title": round_.title,
        "budget": "25.000",
        "initiative_maximum": "5.000",
        "reviews_needed": "3",
        **{
            k: getattr(round_, k).isoformat()
            for k in (
                "submission_start",
                "review_start",
                "voting_start",
                "voting_end",
                "results_date",
            )
        },
    }
    assert submit(admin_client, f"/beheer/rondes/{round_.id}", form).status_code == 302
    db.session.expire_all()
    assert (round_.max_per_initiative_cents, round_.reviews_needed) == (500_000, 3)


def test_a_global_role_cannot_be_held_twice(app, make_user: Callable[..., User]) -> None:  # type: ignore[no-untyped-def]
    from wijkbudget.auth.models import RoleAssignment

    admin = make_user(Role.ADMIN)
    db.session.add(RoleAssignment(user_id=admin.id, role=Role.ADMIN, wijk_id=None))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_emptying_every_criterion_explains_instead_of_crashing(
    client: FlaskClient, make_round: Callable[..., Round], make_user: Callable[..., User]
) -> None:
    round_ = make_round(Phase.SUBMISSION)
    admin = make_user(Role.ADMIN)
    login(client, admin.email, PASSWORD)
    empty = {"rows-0-text": "", "rows-0-strength": "must", "submit": "1"}
    response = submit(client, f"/ronde/{round_.id}/criteria", empty)
    assert response.status_code == 200
    assert "Schrijf minstens één criterium op" in text(response)
    missing_choice = submit(
        client, f"/ronde/{round_.id}/criteria", {"rows-0-text": "x", "submit": "1"}
    )
    assert "Ongeldige keuze" in text(missing_choice)  # WTForms' own message, in Dutch too
