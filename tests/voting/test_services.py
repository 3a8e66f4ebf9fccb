"""The vote's services without HTTP: set-up, opening and the freeze, addresses, codes, casting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from tests.voting.conftest import Vote, add_initiatives, now
from wijkbudget.audit.models import AuditEntry
from wijkbudget.errors import DomainError
from wijkbudget.extensions import db
from wijkbudget.initiatives import services as initiative_services
from wijkbudget.voting import casting, codes, importer, services
from wijkbudget.voting.ballot import BallotError
from wijkbudget.voting.models import Ballot, BallotType, Channel, RollEntry
from wijkbudget.wijken import services as wijk_services
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase


def _actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


# --- Set-up, opening, the freeze ------------------------------------------------------------


def test_opening_freezes_the_ballot_and_is_audited(vote: Vote) -> None:
    setup = services.setup_of(vote.round)
    assert setup is not None and setup.is_open
    assert setup.frozen == {
        "budget_cents": 2_500_000,
        "initiatives": [
            {"id": i.id, "title": i.title, "amount_cents": i.amount_cents}
            for i in sorted(vote.initiatives, key=lambda i: i.title)
        ],
    }
    assert "voting.open" in _actions()


def test_after_opening_the_rules_refuse_every_change(vote: Vote) -> None:
    with pytest.raises(services.VotingError, match="voting_frozen"):
        services.save_setup(None, vote.round, services.SetupData(ballot_type=BallotType.POINTS))
    with pytest.raises(services.VotingError, match="voting_frozen"):
        services.open_voting(None, vote.round, now())
    with pytest.raises(services.VotingError, match="voting_frozen"):
        importer.import_addresses(None, vote.round, "postcode,huisnummer,stemgerechtigden\n")


def test_after_opening_the_budget_cannot_change(vote: Vote) -> None:
    round_ = vote.round
    data = wijk_services.RoundData(
        year=round_.year, title="Nieuw", budget_cents=3_000_000, dates=round_.dates
    )
    with pytest.raises(wijk_services.WijkError) as caught:
        wijk_services.update_round(None, round_, data, today=now().date(), reason="meer geld")
    assert caught.value.code == "voting_frozen"
    db.session.rollback()
    same_budget = wijk_services.RoundData(
        year=round_.year, title="Nieuwe titel", budget_cents=round_.budget_cents, dates=round_.dates
    )
    wijk_services.update_round(None, round_, same_budget, today=now().date(), reason="typfout")
    assert round_.title == "Nieuwe titel"


def test_after_opening_initiatives_and_their_costs_cannot_change(
    vote: Vote, make_user: Callable[..., object]
) -> None:
    from wijkbudget.auth.models import Role

    moderator = make_user(Role.WIJKONDERSTEUNER, vote.round.wijk)
    extra = add_initiatives(vote.round, (100_000,))[0]
    extra.status = initiative_services.Status.PUBLISHED
    db.session.commit()
    data = initiative_services.InitiativeData(title="Anders", cost_lines=[("Alles", 50_000)])
    with pytest.raises(initiative_services.InitiativeError, match="voting_frozen"):
        initiative_services.correct(moderator, extra, data, now().date(), "duurder")  # type: ignore[arg-type]
    db.session.rollback()
    assert extra.amount_cents == 100_000


def test_the_ballot_keeps_the_costs_of_the_opening(vote: Vote) -> None:
    vote.initiatives[0].amount_cents = 1  # even a change behind the services' back
    db.session.commit()
    setup = services.setup_of(vote.round)
    assert setup is not None
    assert services.rules_of(setup).costs[vote.initiatives[0].id] == 1_200_000


def test_opening_needs_the_voting_phase_and_admitted_ideas(
    make_round: Callable[..., Round],
) -> None:
    review = make_round(Phase.REVIEW)
    add_initiatives(review)
    services.save_setup(None, review, services.SetupData(ballot_type=BallotType.APPROVAL))
    with pytest.raises(services.VotingError, match="not_voting_phase"):
        services.open_voting(None, review, now())
    empty = make_round(Phase.VOTING)
    with pytest.raises(services.VotingError, match="no_setup"):
        services.open_voting(None, empty, now())
    services.save_setup(None, empty, services.SetupData(ballot_type=BallotType.APPROVAL))
    with pytest.raises(services.VotingError, match="nothing_admitted"):
        services.open_voting(None, empty, now())


def test_set_up_values_are_checked(make_round: Callable[..., Round]) -> None:
    round_ = make_round(Phase.REVIEW)
    with pytest.raises(services.SetupError) as caught:
        services.save_setup(
            None, round_, services.SetupData(BallotType.KNAPSACK, counting_rule="mes")
        )
    assert caught.value.field == "counting_rule"
    with pytest.raises(services.SetupError):
        services.save_setup(None, round_, services.SetupData(BallotType.POINTS, points=0))


# --- Addresses and stemcodes ------------------------------------------------------------------


@pytest.fixture
def fresh(make_round: Callable[..., Round], make_wijk: Callable[..., object]) -> Round:
    wijk = make_wijk("Stemwijk", ["9733", "9734"])
    return make_round(Phase.REVIEW, wijk=wijk)


def test_addresses_import_with_every_problem_named_and_nothing_half(fresh: Round) -> None:
    text = (
        "postcode;huisnummer;toevoeging;stemgerechtigden\n"
        "9733 AB;12;a;2\n"
        "1234AB;1;;1\n"
        "9733AB;x;;1\n"
        "9733AB;12;A;1\n"
        "9734CD;3;;0\n"
        "97XX;3;;1\n"
    )
    with pytest.raises(importer.ImportError_) as caught:
        importer.import_addresses(None, fresh, text)
    assert [(p.line, p.code) for p in caught.value.problems] == [
        (3, "outside_wijk"),
        (4, "bad_number"),
        (5, "duplicate_address"),
        (6, "bad_residents"),
        (7, "bad_postcode"),
    ]
    db.session.rollback()
    assert services.addresses_of(fresh) == []


def test_missing_columns_are_named(fresh: Round) -> None:
    with pytest.raises(importer.ImportError_) as caught:
        importer.import_addresses(None, fresh, "postcode,huisnummer\n9733AB,1\n")
    assert caught.value.problems[0].code == "missing_columns"
    assert "residents" in caught.value.problems[0].value


def test_one_code_per_resident_stored_only_as_a_keyed_hash(fresh: Round) -> None:
    importer.import_addresses(
        None, fresh, "postcode,huisnummer,toevoeging,stemgerechtigden\n9733AB,1,,2\n9734CD,5,b,1\n"
    )
    letters = services.issue_codes(None, fresh)
    db.session.commit()
    assert len(letters) == 3
    assert [(x.address.short, x.letter_number) for x in letters if x.address] == [
        ("9733 AB 1", 1),
        ("9733 AB 1", 2),
        ("9734 CD 5-B", 1),
    ]
    stored = " ".join(
        str(value)
        for row in db.session.execute(sa.select(RollEntry.__table__)).all()
        for value in row
    )
    for letter in letters:
        assert letter.code not in stored
        assert letter.code.replace("-", "") not in stored
    assert services.issue_codes(None, fresh) == []  # everyone has one already


def test_a_replacement_code_revokes_the_old_one(vote: Vote) -> None:
    importer_round = vote.round
    # Addresses cannot be imported once open: put one in directly, as if imported before.
    from wijkbudget.voting.models import EligibleAddress

    address = EligibleAddress(
        round_id=importer_round.id, postcode="9701AB", house_number=1, residents=1
    )
    db.session.add(address)
    db.session.flush()
    old = services.issue_codes(None, importer_round)[0].code
    new = services.replace_code(None, importer_round, address, 1, "brief kwijt").code
    db.session.commit()
    with pytest.raises(services.VotingError, match="revoked_code"):
        casting.cast(old, {vote.ids[0]: 1}, Channel.ONLINE, now())
    assert casting.cast(new, {vote.ids[0]: 1}, Channel.ONLINE, now()).receipt
    assert "voting.code_replaced" in _actions()
    db.session.commit()
    with pytest.raises(services.SetupError, match="letter_used"):
        services.replace_code(None, importer_round, address, 1, "nog eens")


# --- Casting ------------------------------------------------------------------------------------


def test_a_vote_can_be_changed_and_only_the_last_counts(vote: Vote) -> None:
    code = vote.codes(1)[0]
    first = casting.cast(code, {vote.ids[0]: 1}, Channel.ONLINE, now())
    db.session.commit()
    second = casting.cast(code.lower().replace("-", " "), {vote.ids[1]: 1}, Channel.ONLINE, now())
    db.session.commit()
    assert not first.changed and second.changed
    assert services.receipts(vote.round) == [second.receipt]
    ballots = db.session.scalars(sa.select(Ballot)).all()
    assert [b.choices for b in ballots] == [{str(vote.ids[1]): 1}]
    entry = casting.find_entry(code)
    assert casting.current_choices(code, entry) == {vote.ids[1]: 1}


@pytest.mark.parametrize(
    ("typed", "problem"), [("nonsense", "wrong_code"), ("2345-6789-ABCD", "wrong_code")]
)
def test_a_wrong_code_is_refused(vote: Vote, typed: str, problem: str) -> None:
    with pytest.raises(services.VotingError, match=problem):
        casting.cast(typed, {vote.ids[0]: 1}, Channel.ONLINE, now())


def test_a_ballot_over_budget_is_refused_and_nothing_is_stored(vote: Vote) -> None:
    code = vote.codes(1)[0]
    with pytest.raises(BallotError):
        casting.cast(code, {i: 1 for i in vote.ids}, Channel.ONLINE, now())
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0
    assert not casting.find_entry(code).voted


def test_no_voting_after_the_last_day(vote: Vote) -> None:
    code = vote.codes(1)[0]
    after = now() + timedelta(days=(vote.round.voting_end - now().date()).days + 1)
    with pytest.raises(services.VotingError, match="voting_closed"):
        casting.cast(code, {vote.ids[0]: 1}, Channel.ONLINE, after)


def test_each_round_keeps_its_own_frozen_rules_and_closes_on_its_dates(
    make_vote: Callable[..., Vote],
) -> None:
    """The app parses a round's frozen rules once; that must never mix rounds up nor keep a
    round open past its last day."""
    generous = make_vote(BallotType.APPROVAL, max_choices=3)
    strict = make_vote(BallotType.APPROVAL, max_choices=1)
    two = {generous.ids[0]: 1, generous.ids[1]: 1}
    casting.cast(generous.codes(1)[0], two, Channel.ONLINE, now())
    db.session.commit()
    with pytest.raises(BallotError):
        casting.cast(
            strict.codes(1)[0], {strict.ids[0]: 1, strict.ids[1]: 1}, Channel.ONLINE, now()
        )
    db.session.rollback()
    after = now() + timedelta(days=(generous.round.voting_end - now().date()).days + 1)
    with pytest.raises(services.VotingError, match="voting_closed"):
        casting.cast(generous.codes(1)[0], two, Channel.ONLINE, after)


def test_the_ballots_share_nothing_with_the_roll(vote: Vote) -> None:
    """No column of the ballots refers to the roll, and no ballot has a time or a counter."""
    table = Ballot.__table__
    assert {c.name for c in table.columns} == {"id", "round_id", "choices", "channel", "receipt"}
    assert all(fk.column.table.name == "rounds" for fk in table.foreign_keys)
    code = vote.codes(1)[0]
    casting.cast(code, {vote.ids[0]: 1}, Channel.ONLINE, now())
    db.session.commit()
    entry = casting.find_entry(code)
    ballot = db.session.scalars(sa.select(Ballot)).one()
    assert ballot.id.encode() not in (entry.pointer or b"")
    assert ballot.id != entry.id and len(ballot.id) == 32


def test_turnout_counts_voters_never_choices(vote: Vote) -> None:
    from wijkbudget.voting.models import EligibleAddress

    for number in range(12):
        db.session.add(
            EligibleAddress(
                round_id=vote.round.id,
                postcode="9701AB" if number < 11 else "9702CD",
                house_number=number + 1,
                residents=1,
            )
        )
    db.session.flush()
    letters = services.issue_codes(None, vote.round)
    db.session.commit()
    for letter in letters:
        casting.cast(letter.code, {vote.ids[0]: 1}, Channel.ONLINE, now())
    db.session.commit()
    result = services.turnout(vote.round)
    assert (result.codes, result.voted) == (12, 12)
    assert result.per_day == [(now().date(), 12)]
    assert result.per_channel == [(Channel.ONLINE, 12)]
    # 11 voters in 9701 and 1 in 9702: showing 9701 would give away 9702 (12 - 11), so neither
    # is shown; the total is.
    assert result.per_area == []
    assert result.hidden_areas == 2


def test_codes_hash_with_the_app_secret(vote: Vote, app: object) -> None:
    code = vote.codes(1)[0]
    entry = casting.find_entry(code)
    assert entry.code_hash == codes.code_hash(str(app.config["SECRET_KEY"]), code)  # type: ignore[attr-defined]
    assert isinstance(services.VotingError("x"), DomainError)


def test_after_opening_the_vote_cannot_be_closed_early_or_reopened(vote: Vote) -> None:
    from dataclasses import replace

    round_ = vote.round
    today = now().date()

    def change(**dates: object) -> None:
        data = wijk_services.RoundData(
            year=round_.year,
            title=round_.title,
            budget_cents=round_.budget_cents,
            dates=replace(round_.dates, **dates),
        )
        wijk_services.update_round(None, round_, data, today=today, reason="test")

    # Closing early would reveal the count: refused. So is moving the start.
    for dates in (
        {"voting_end": today - timedelta(days=1), "results_date": today},
        {"voting_start": round_.voting_start - timedelta(days=1)},
    ):
        with pytest.raises(wijk_services.WijkError):
            change(**dates)
        db.session.rollback()
    # Giving residents more time while the vote runs is allowed…
    later = round_.voting_end + timedelta(days=3)
    change(voting_end=later, results_date=later + timedelta(days=7))
    db.session.commit()
    assert round_.voting_end == later
    # …but once the vote is closed, reopening it is not.
    with pytest.raises(wijk_services.WijkError) as caught:
        data = wijk_services.RoundData(
            year=round_.year,
            title=round_.title,
            budget_cents=round_.budget_cents,
            dates=replace(
                round_.dates,
                voting_end=later + timedelta(days=30),
                results_date=later + timedelta(days=40),
            ),
        )
        wijk_services.update_round(None, round_, data, today=later + timedelta(days=1), reason="x")
    assert caught.value.code == "voting_frozen_end"


def test_a_revoked_code_cannot_win_a_race_with_its_replacement(vote: Vote) -> None:
    """The cast's own UPDATE refuses a revoked code, even if it read the code before revocation."""
    from wijkbudget.voting.models import EligibleAddress

    address = EligibleAddress(
        round_id=vote.round.id, postcode="9701AB", house_number=2, residents=1
    )
    db.session.add(address)
    db.session.flush()
    old = services.issue_codes(None, vote.round)[0].code
    db.session.commit()
    entry = db.session.scalars(sa.select(RollEntry).where(RollEntry.address_id == address.id)).one()
    # Revoke behind the cast's back, as a concurrent replacement would.
    db.session.execute(sa.update(RollEntry).where(RollEntry.id == entry.id).values(revoked=True))
    db.session.commit()
    with pytest.raises(services.VotingError):
        casting.cast(old, {vote.ids[0]: 1}, Channel.ONLINE, now())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0


def test_opening_refuses_a_minimum_nobody_can_reach(make_round: Callable[..., Round]) -> None:
    round_ = make_round(Phase.VOTING)
    add_initiatives(round_, (300_000, 200_000))  # € 5.000 of € 25.000
    services.save_setup(
        None, round_, services.SetupData(ballot_type=BallotType.KNAPSACK, min_share_percent=80)
    )
    with pytest.raises(services.VotingError, match="minimum_unreachable"):
        services.open_voting(None, round_, now())


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_hidden_turnout_areas_cannot_be_found_by_subtraction(voted: list[int]) -> None:
    areas = [(f"97{index:02d}", count, count + 5) for index, count in enumerate(voted)]
    shown = services._areas_safe_to_show(areas)
    hidden_total = sum(voted) - sum(count for _area, count, _codes in shown)
    assert all(count >= services.SMALL_AREA for _area, count, _codes in shown)
    assert not shown or hidden_total == 0 or hidden_total >= services.SMALL_AREA


def test_a_letter_has_at_most_one_valid_code(vote: Vote) -> None:
    """Two "make the letters" at once cannot give a letter two valid codes: the database refuses."""
    from wijkbudget.voting.models import EligibleAddress

    address = EligibleAddress(
        round_id=vote.round.id, postcode="9701AB", house_number=3, residents=1
    )
    db.session.add(address)
    db.session.flush()
    services.issue_codes(None, vote.round)
    db.session.commit()
    db.session.add(
        RollEntry(
            round_id=vote.round.id, address_id=address.id, letter_number=1, code_hash="x" * 64
        )
    )
    with pytest.raises(sa.exc.IntegrityError, match=r"(?i)unique"):
        db.session.commit()
    db.session.rollback()
