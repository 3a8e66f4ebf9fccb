"""One stemcode, online and on paper at the same moment: exactly one of them wins."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask

from tests.paper.conftest import Buurthuis, now
from wijkbudget.auth.models import User
from wijkbudget.extensions import db
from wijkbudget.paper import assist, services
from wijkbudget.paper.models import AssistedVote, AssistKind, PaperSheet
from wijkbudget.voting import casting
from wijkbudget.voting import services as voting
from wijkbudget.voting.models import Ballot, Channel, RollEntry
from wijkbudget.wijken.models import Round

PAIRS = 12  # codes, each tried online and on paper at once, several times over
TRIES = 4
Job = TypeVar("Job")


def _at_once(
    app: Flask,
    jobs: Sequence[Job],
    attempt: Callable[[Job, Callable[[], object]], str],
    refusals: tuple[type[Exception], ...],
) -> list[str]:
    """``attempt(job, go)`` for every job, each in its own thread and app context, all let go at
    the same moment (each calls ``go()`` when it is ready); what each said, ``refused:<why>``
    for a refusal. Anything else raised fails the test."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def run(job: Job) -> None:
        with app.app_context():
            try:
                result = attempt(job, barrier.wait)
            except refusals as refused:
                result = f"refused:{refused}"
            except BaseException as error:  # reported below
                with lock:
                    unexpected.append(error)
                return
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not unexpected, unexpected[:3]
    assert len(outcomes) == len(jobs)
    return outcomes


def test_a_code_is_used_online_or_on_paper_never_both(app: Flask, buurthuis: Buurthuis) -> None:
    round_id = buurthuis.vote.round.id
    helper_id = buurthuis.people[0].id
    choice = {buurthuis.vote.ids[3]: 1}
    services.print_sheets(buurthuis.people[0], buurthuis.vote.round, PAIRS * TRIES)
    db.session.commit()
    codes = buurthuis.vote.codes(PAIRS)
    serials = buurthuis.free_serials(PAIRS * TRIES)
    jobs: list[tuple[str, str | None]] = []
    for n, code in enumerate(codes):
        for t in range(TRIES):
            jobs += [(code, None), (code, serials[n * TRIES + t])]

    def use(job: tuple[str, str | None], go: Callable[[], object]) -> str:
        code, serial = job
        go()
        if serial is None:
            casting.cast_committed(code, choice, Channel.ONLINE, now())
            return "online"
        round_ = db.session.get(Round, round_id)
        helper = db.session.get(User, helper_id)
        assert round_ is not None
        services.issue_committed(helper, round_, code, serial, now())
        return "paper"

    outcomes = _at_once(app, jobs, use, (voting.VotingError, services.EntryError))

    db.session.expire_all()
    issued = db.session.scalar(
        sa.select(sa.func.count()).select_from(PaperSheet).where(PaperSheet.issued.is_(True))
    )
    online_codes = db.session.scalar(
        sa.select(sa.func.count()).select_from(RollEntry).where(RollEntry.channel == Channel.ONLINE)
    )
    paper_codes = db.session.scalar(
        sa.select(sa.func.count()).select_from(RollEntry).where(RollEntry.channel == Channel.PAPER)
    )
    ballots = db.session.scalar(sa.select(sa.func.count()).select_from(Ballot))
    assert online_codes + paper_codes == PAIRS  # every code used exactly one way
    assert issued == paper_codes  # one sheet per code used on paper, never two
    assert ballots == online_codes  # online ballots only from codes not used on paper
    assert outcomes.count("paper") == paper_codes


def test_one_helper_cannot_exceed_the_proxy_limit_by_voting_at_once(
    app: Flask, buurthuis: Buurthuis
) -> None:
    """The proxy limit holds even when one helper's proxy votes arrive at the same moment."""
    round_id = buurthuis.vote.round.id
    helper_id = buurthuis.people[0].id
    limit = app.config["PROXY_VOTES_PER_HELPER"]
    choice = {buurthuis.vote.ids[3]: 1}
    codes = buurthuis.vote.codes(limit + 4)

    def vote_by_proxy(code: str, go: Callable[[], object]) -> str:
        round_ = db.session.get(Round, round_id)
        helper = db.session.get(User, helper_id)
        assert round_ is not None and helper is not None
        db.session.commit()  # nothing held while waiting for the others
        go()
        casting.cast_committed(
            code,
            choice,
            Channel.ONLINE,
            now(),
            also=lambda: assist.record_assisted_vote(helper, round_, AssistKind.PROXY, True, now()),
        )
        return "cast"

    outcomes = _at_once(app, codes, vote_by_proxy, (services.PaperError,))
    assert sorted(outcomes) == ["cast"] * limit + ["refused:proxy_limit"] * (len(codes) - limit)
    db.session.expire_all()
    recorded = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AssistedVote)
        .where(AssistedVote.round_id == round_id)
    )
    cast = db.session.scalar(
        sa.select(sa.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)
    )
    assert recorded == cast == limit  # a refused proxy vote left no ballot behind
