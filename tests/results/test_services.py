"""Counting and publishing: when it may happen, what is stored, and that publishing is final."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st

from tests.results.conftest import BALLOTS, Closed, now
from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import Role, User
from wijkbudget.counting import __version__
from wijkbudget.extensions import db
from wijkbudget.paper import services as paper
from wijkbudget.paper.models import SheetState
from wijkbudget.paper.serials import format_serial
from wijkbudget.results import engine, services
from wijkbudget.results.models import Outcome
from wijkbudget.voting import services as voting
from wijkbudget.voting.models import Ballot, Channel


def _actions() -> list[str]:
    query = sa.select(AuditEntry.action).where(AuditEntry.action.like("results.%"))
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def test_count_is_refused_while_voting_runs(make_closed: Callable[..., Closed]) -> None:
    running = make_closed(close=False)
    with pytest.raises(services.ResultsError, match="voting_not_closed"):
        services.count_round(None, running.round, now())
    assert services.outcome_of(running.round) is None


def test_count_is_refused_while_paper_is_not_reconciled(
    make_closed: Callable[..., Closed], make_user: Callable[..., User]
) -> None:
    """A paper ballot entered by one person only: the count waits for the second entry."""
    voting_still = make_closed(close=False)
    round_ = voting_still.round
    volunteer = make_user(Role.STEMBUREAU, round_.wijk)
    [sheet] = paper.print_sheets(volunteer, round_, 1)
    serial = format_serial(sheet.serial)
    [code] = voting.issue_loose_codes(None, round_, 1)
    paper.issue_committed(volunteer, round_, code, serial, now())
    paper.enter(volunteer, round_, serial, paper.Reading(SheetState.BLANK))
    db.session.commit()
    voting_still.close()
    with pytest.raises(services.ResultsError, match="paper_not_reconciled"):
        services.count_round(None, round_, now())
    assert services.outcome_of(round_) is None


def test_count_stores_the_outcome_with_rule_engine_and_hash(closed: Closed) -> None:
    outcome = services.count_round(None, closed.round, now())
    db.session.commit()
    assert outcome.rule == "greedy"
    assert outcome.engine_version == __version__
    assert (outcome.ballots_online, outcome.ballots_paper) == (9, 2)
    assert (outcome.budget_cents, outcome.total_cents) == (2_500_000, 2_100_000)
    funded = [item["title"] for item in outcome.per_initiative if item["funded"]]
    assert funded == [closed.title(2), closed.title(3), closed.title(0)]
    by_title = {item["title"]: item for item in outcome.per_initiative}
    assert by_title[closed.title(1)]["reason"] == "does_not_fit"
    third = by_title[closed.title(3)]
    assert (third["votes_online"], third["votes_paper"]) == (4, 2)
    # The hash is of the ballots themselves, whatever order they were read in.
    ids = [str(i.id) for i in closed.initiatives]
    expected = [
        ("paper" if channel is Channel.PAPER else "internet", {ids[i]: w for i, w in picks.items()})
        for count, channel, picks in BALLOTS
        for _ in range(count)
    ]
    assert outcome.ballots_sha256 == engine.ballots_digest(expected)
    assert outcome.published_at is None
    assert _actions() == ["results.count"]


def test_ballots_are_copied_in_a_random_order(closed: Closed) -> None:
    orders = {tuple(map(str, engine.read_ballots(closed.round))) for _ in range(8)}
    assert len(orders) > 1


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["internet", "paper"]),
            st.dictionaries(st.sampled_from("123456"), st.integers(1, 9)),
        ),
        max_size=12,
    ),
    st.randoms(),
)
def test_the_ballots_hash_does_not_depend_on_their_order(ballots, rng) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    assert engine.ballots_digest(ballots) == engine.ballots_digest(shuffled)


def test_the_ballots_hash_changes_with_any_ballot() -> None:
    base = [("internet", {"1": 1, "2": 1}), ("paper", {"3": 1})]
    assert engine.ballots_digest(base) != engine.ballots_digest(base[:1])
    assert engine.ballots_digest(base) != engine.ballots_digest([base[0], ("internet", {"3": 1})])


def test_counting_again_replaces_the_unpublished_outcome(closed: Closed) -> None:
    first = services.count_round(None, closed.round, now())
    db.session.commit()
    second = services.count_round(None, closed.round, now())
    db.session.commit()
    assert second.id == first.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 1
    assert _actions() == ["results.count", "results.count"]


def test_a_published_outcome_never_changes(closed: Closed) -> None:
    outcome = services.count_round(None, closed.round, now())
    services.publish(None, closed.round, now())
    db.session.commit()
    before = (outcome.per_initiative, outcome.ballots_sha256, outcome.counted_at)
    with pytest.raises(services.ResultsError, match="already_published"):
        services.count_round(None, closed.round, now())
    with pytest.raises(services.ResultsError, match="already_published"):
        services.publish(None, closed.round, now())
    db.session.rollback()
    assert (outcome.per_initiative, outcome.ballots_sha256, outcome.counted_at) == before
    assert _actions() == ["results.count", "results.publish"]


def test_publishing_needs_a_count(closed: Closed) -> None:
    with pytest.raises(services.ResultsError, match="not_counted"):
        services.publish(None, closed.round, now())


def test_published_outcome_is_none_until_published(closed: Closed) -> None:
    services.count_round(None, closed.round, now())
    assert services.outcome_of(closed.round) is not None
    assert services.published_outcome(closed.round) is None
    services.publish(None, closed.round, now())
    assert services.published_outcome(closed.round) is services.outcome_of(closed.round)


def test_initiative_results_give_votes_per_channel_and_a_reason(closed: Closed) -> None:
    outcome = services.count_round(None, closed.round, now())
    with force_locale("en"):
        results = services.initiative_results(outcome)
    assert [r.initiative_id for r in results][:3] == [
        closed.initiatives[2].id,
        closed.initiatives[3].id,
        closed.initiatives[0].id,
    ]
    last = results[-1]
    assert (last.title, last.votes_online, last.votes_paper, last.votes, last.funded) == (
        closed.title(1),
        2,
        2,
        4,
        False,
    )
    assert "did not fit" in last.explanation


def test_a_round_nobody_voted_in_is_not_counted(make_closed: Callable[..., Closed]) -> None:
    empty = make_closed((), rule="equalshares")
    with pytest.raises(services.ResultsError, match="no_ballots"):
        services.count_round(None, empty.round, now())


def test_the_count_in_the_audit_log_tells_no_outcome(closed: Closed) -> None:
    """The gemeente reads the log (also through the API) before the results are published."""

    services.count_round(None, closed.round, now())
    details = db.session.scalars(
        sa.select(AuditEntry.details).where(AuditEntry.action == "results.count")
    ).one()
    assert not {"funded", "total_cents", "selected"} & set(details)
    assert details["ballots_sha256"] and details["rule"] == "greedy"


def test_the_count_rewrites_the_ballots_so_nothing_ties_them_to_the_roll(closed: Closed) -> None:
    """Same ballots after the count (every code still finds its own), but on PostgreSQL no
    ballot row still carries the transaction id of the cast that wrote it and its roll row."""
    table = Ballot.__table__
    before = sorted(map(tuple, db.session.execute(sa.select(table)).all()))
    services.count_round(None, closed.round, now())
    db.session.commit()
    assert sorted(map(tuple, db.session.execute(sa.select(table)).all())) == before
    if db.engine.dialect.name == "postgresql":
        ballot_xmins = set(db.session.scalars(sa.text("SELECT xmin::text FROM voting_ballots")))
        roll_xmins = set(db.session.scalars(sa.text("SELECT xmin::text FROM voting_roll")))
        assert len(ballot_xmins) == 1
        assert not ballot_xmins & roll_xmins
