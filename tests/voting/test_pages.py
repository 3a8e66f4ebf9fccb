"""The ballot and the pages that run the vote, through real forms with CSRF, in English."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask, current_app
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from tests.voting.conftest import Vote
from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Status
from wijkbudget.voting import services
from wijkbudget.voting.models import Ballot, BallotType, EligibleAddress, RollEntry
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase

RECEIPT = re.compile(r'class="receipt-code">([A-Z0-9-]+)<')


@pytest.fixture
def english(client: FlaskClient) -> FlaskClient:
    submit(client, "/", {"locale": "en", "next": "/"}, action="/taal")
    return client


def _open_ballot(client: FlaskClient, code: str) -> str:
    page = client.get(f"/stem?code={code}")
    assert page.status_code == 200 and code in page.get_data(as_text=True)
    response = submit(client, f"/stem?code={code}", {"code": code}, action="/stem")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _ballot(client: FlaskClient, code: str, choices: list[int], action: str) -> str:
    data = {"code": code, "choice": [str(c) for c in choices], "action": action}
    return submit(client, "/stem", data, action="/stem/stembiljet").get_data(as_text=True)


def _cast(client: FlaskClient, code: str, choices: list[int]) -> str:
    data = {"code": code, "choice": [str(c) for c in choices]}
    response = submit(client, "/stem", data, action="/stem/uitbrengen")
    assert response.status_code == 302, response.get_data(as_text=True)
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    found = RECEIPT.search(done)
    assert found, done
    return found.group(1)


def test_choose_total_review_cast_and_change(english: FlaskClient, vote: Vote) -> None:
    client = english
    code = vote.codes(1)[0]
    page = _open_ballot(client, code)
    for initiative in vote.initiatives:
        assert initiative.title in page and initiative.summary in page
    total = _ballot(client, code, vote.ids[:2], "total")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", total))
    assert "€20,000 together" in words and "€5,000 of the budget is left" in words
    assert "<span data-when-over hidden>" in total  # not over budget: that sentence is hidden
    assert total.count("checked") == 2  # the choices stay on screen
    review = _ballot(client, code, vote.ids[1:3], "review")
    assert "Check your choice" in review and "Cast my vote" in review
    first = _cast(client, code, vote.ids[1:3])

    again = _open_ballot(client, code)
    assert "You have voted already" in again
    assert again.count("checked") == 2
    second = _cast(client, code, [vote.ids[0]])
    assert first != second
    db.session.expire_all()
    assert services.receipts(vote.round) == [second]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


def test_over_budget_keeps_the_choices_and_says_so(english: FlaskClient, vote: Vote) -> None:
    code = vote.codes(1)[0]
    page = _ballot(english, code, vote.ids[:3], "review")
    assert "That is more than the budget of €25,000" in text_of(page)
    assert page.count("checked") == 3
    assert 'role="alert"' in page


@pytest.mark.parametrize("ballot_type", [BallotType.APPROVAL])
def test_too_many_choices(english: FlaskClient, vote: Vote) -> None:
    code = vote.codes(1)[0]
    page = _ballot(english, code, vote.ids, "review")
    assert "You chose 4 ideas. You may choose at most 5." not in page
    assert "Check your choice" in page  # 4 of at most 5: fine
    setup = services.setup_of(vote.round)
    assert setup is not None
    setup.max_choices = 2  # the test reaches behind the freeze to try the limit,
    db.session.commit()
    current_app.extensions.pop("wijkbudget.frozen_rules")  # and past the app's copy of it
    page = _ballot(english, code, vote.ids, "review")
    assert "You chose 4 ideas. You may choose at most 2." in page


@pytest.mark.parametrize("ballot_type", [BallotType.POINTS])
def test_points_ballot(english: FlaskClient, vote: Vote) -> None:
    code = vote.codes(1)[0]
    assert 'name="points-' in _open_ballot(english, code)
    data = {"code": code, "action": "review", f"points-{vote.ids[0]}": "7"}
    data[f"points-{vote.ids[1]}"] = "5"
    page = submit(english, "/stem", data, action="/stem/stembiljet").get_data(as_text=True)
    assert "You gave 12 points. You may give at most 10." in page
    data[f"points-{vote.ids[1]}"] = "3"
    page = submit(english, "/stem", data, action="/stem/uitbrengen")
    assert page.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(sa.select(Ballot.choices)).one() == {
        str(vote.ids[0]): 7,
        str(vote.ids[1]): 3,
    }


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_wrong_code_is_refused_plainly(english: FlaskClient, vote: Vote) -> None:
    response = submit(english, "/stem", {"code": "2345-6789-ABCD"})
    assert response.status_code == 422
    assert "We do not know this stemcode" in text(response)
    response = submit(english, "/stem", {"code": "nonsense"})
    assert response.status_code == 422


def test_voting_closed(english: FlaskClient, vote: Vote) -> None:
    code = vote.codes(1)[0]
    vote.round.voting_start -= timedelta(days=30)
    vote.round.voting_end = vote.round.voting_start + timedelta(days=1)
    db.session.commit()
    response = submit(english, "/stem", {"code": code})
    assert "Voting is closed" in text(response)


def test_guessing_codes_is_rate_limited(app: Flask, english: FlaskClient, vote: Vote) -> None:
    app.config["STEMCODE_LIMIT_PER_CLIENT"] = "3/minute"
    code = vote.codes(1)[0]
    for _ in range(5):  # right codes do not count against the limit
        assert submit(english, "/stem", {"code": code}).status_code == 200
    for _ in range(3):
        assert submit(english, "/stem", {"code": "2345-6789-ABCD"}).status_code == 422
    assert submit(english, "/stem", {"code": code}).status_code == 429


# --- Running the vote ---------------------------------------------------------------------------


@pytest.fixture
def gemeente(english: FlaskClient, make_user: Callable[..., User]) -> FlaskClient:
    user = make_user(Role.GEMEENTE)
    login(english, user.email, PASSWORD)
    return english


def test_the_gemeente_sets_up_and_opens_voting_then_it_is_locked(
    gemeente: FlaskClient, make_round: Callable[..., Round]
) -> None:
    from tests.voting.conftest import add_initiatives

    round_ = make_round(Phase.VOTING)
    add_initiatives(round_)
    page = f"/ronde/{round_.id}/stemmen/instellen"
    data = {
        "ballot_type": "approval",
        "max_choices": "3",
        "min_share_percent": "0",
        "points": "10",
        "counting_rule": "equalshares",
        "minimum_age": "16",
        "submit": "1",
    }
    assert submit(gemeente, page, data).status_code == 302
    assert submit(gemeente, page, {"open-submit": "1"}).status_code == 302
    locked = gemeente.get(page).get_data(as_text=True)
    assert "Locked" in locked and "open-submit" not in locked
    assert 'name="ballot_type"' not in locked
    db.session.expire_all()
    setup = services.setup_of(round_)
    assert setup is not None and setup.is_open and setup.counting_rule == "equalshares"
    round_page = gemeente.get(f"/ronde/{round_.id}").get_data(as_text=True)
    assert "Vote with your stemcode" in round_page and "Equal shares" in round_page


def test_residents_cannot_run_the_vote(
    english: FlaskClient, make_user: Callable[..., User], vote: Vote
) -> None:
    resident = make_user()
    login(english, resident.email, PASSWORD)
    for page in ("instellen", "adressen", "opkomst", "nieuwe-brief"):
        assert english.get(f"/ronde/{vote.round.id}/stemmen/{page}").status_code == 403


@pytest.fixture
def review_round(make_round: Callable[..., Round], make_wijk: Callable[..., Wijk]) -> Round:
    return make_round(Phase.REVIEW, wijk=make_wijk("Brievenwijk", ["9733"]))


def _upload(client: FlaskClient, round_: Round, content: str) -> tuple[int, str]:
    import io

    page = f"/ronde/{round_.id}/stemmen/adressen"
    data = {"import-file": (io.BytesIO(content.encode()), "adressen.csv"), "import-submit": "1"}
    response = submit(client, page, data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def test_import_addresses_and_make_letters(gemeente: FlaskClient, review_round: Round) -> None:
    status, page = _upload(gemeente, review_round, "postcode;huisnummer\n9733AB;1\n")
    assert status == 422 and "Nothing was imported" in page
    status, page = _upload(
        gemeente, review_round, "postcode;huisnummer;stemgerechtigden\n9733AB;1;2\n1111AA;2;1\n"
    )
    assert status == 422 and "Line 3:" in text_of(page)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EligibleAddress)) == 0
    status, _page = _upload(
        gemeente, review_round, "postcode;huisnummer;stemgerechtigden\n9733AB;1;2\n9733AC;2;1\n"
    )
    assert status == 302
    page = f"/ronde/{review_round.id}/stemmen/adressen"
    pdf = submit(gemeente, page, {"letters-kind": "pdf", "letters-submit": "1"})
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry)) == 3
    again = submit(gemeente, page, {"letters-kind": "csv", "letters-submit": "1"})
    assert again.status_code == 302  # everyone has a letter: no new codes


def test_letters_as_csv_for_a_printing_house(gemeente: FlaskClient, review_round: Round) -> None:
    _upload(
        gemeente, review_round, "postcode,huisnummer,toevoeging,stemgerechtigden\n9733AB,1,A,1\n"
    )
    page = f"/ronde/{review_round.id}/stemmen/adressen"
    csv = submit(gemeente, page, {"letters-kind": "csv", "letters-submit": "1"})
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].startswith("postcode;huisnummer;toevoeging;brief;stemcode")
    code = lines[1].split(";")[4]
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    db.session.expire_all()
    assert db.session.scalar(sa.select(RollEntry.code_hash)) != code


def test_turnout_shows_no_vote_counts_and_receipts_come_after_closing(
    english: FlaskClient, make_user: Callable[..., User], vote: Vote
) -> None:
    code = vote.codes(1)[0]
    receipt = _cast(english, code, [vote.ids[0]])
    helper = make_user(Role.WIJKONDERSTEUNER, vote.round.wijk)
    login(english, helper.email, PASSWORD)
    turnout = english.get(f"/ronde/{vote.round.id}/stemmen/opkomst").get_data(as_text=True)
    assert "Turnout" in turnout
    for initiative in vote.initiatives:
        assert initiative.title not in turnout
    receipts_page = f"/ronde/{vote.round.id}/stemmen/bonnetjes"
    assert receipt not in english.get(receipts_page).get_data(as_text=True)
    vote.round.voting_start -= timedelta(days=30)
    vote.round.voting_end = vote.round.voting_start + timedelta(days=1)
    db.session.commit()
    assert receipt in english.get(receipts_page).get_data(as_text=True)


def test_a_lost_letter_gets_a_new_code(
    english: FlaskClient, make_user: Callable[..., User], vote: Vote
) -> None:
    db.session.add(
        EligibleAddress(round_id=vote.round.id, postcode="9701AB", house_number=4, residents=1)
    )
    db.session.flush()
    old = services.issue_codes(None, vote.round)[0].code
    db.session.commit()
    helper = make_user(Role.WIJKONDERSTEUNER, vote.round.wijk)
    login(english, helper.email, PASSWORD)
    page = f"/ronde/{vote.round.id}/stemmen/nieuwe-brief"
    data = {"postcode": "9701 ab", "house_number": "4", "letter_number": "1", "reason": "kwijt"}
    response = submit(english, page, data)
    new = RECEIPT.search(response.get_data(as_text=True))
    assert new and new.group(1) != old
    assert submit(english, "/stem", {"code": old}).status_code == 422
    assert submit(english, "/stem", {"code": new.group(1)}).status_code == 200


def test_the_ballot_is_never_cached_and_never_leaks_its_code(
    client: FlaskClient, vote: Vote
) -> None:
    code = vote.codes(1)[0]
    for response in (
        client.get(f"/stem?code={code}"),
        submit(client, f"/stem?code={code}", {"code": code}, action="/stem"),
    ):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_an_idea_hidden_during_voting_keeps_only_its_title_on_the_ballot(
    client: FlaskClient, vote: Vote
) -> None:
    hidden = vote.initiatives[0]
    hidden.status = Status.HIDDEN
    hidden.summary = "Het adres van mijn buurman"
    db.session.commit()
    page = _open_ballot(client, vote.codes(1)[0])
    assert hidden.title in page and "Het adres van mijn buurman" not in page
    assert vote.initiatives[1].summary in page
