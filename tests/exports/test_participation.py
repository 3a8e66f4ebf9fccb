"""Participation per postcode area never singles out a small area, whatever the numbers."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkbudget.exports import participation
from wijkbudget.extensions import db
from wijkbudget.voting.models import Channel, EligibleAddress, RollEntry
from wijkbudget.voting.services import SMALL_AREA
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl

AREAS = ["9741", "9742", "9743", "9744", "9745"]
# Per area: (voters, residents who did not vote); then stemcodes without an address.
areas = st.lists(st.tuples(st.integers(0, 25), st.integers(0, 5)), min_size=1, max_size=5)


def _fill(round_: Round, counts: list[tuple[int, int]], loose: tuple[int, int]) -> None:
    db.session.execute(sa.delete(RollEntry).where(RollEntry.round_id == round_.id))
    db.session.execute(sa.delete(EligibleAddress).where(EligibleAddress.round_id == round_.id))
    today = today_in_nl()
    for pc4, (voters, others) in zip(AREAS, counts, strict=False):
        address = EligibleAddress(
            round_id=round_.id, postcode=f"{pc4}AA", house_number=1, residents=voters + others
        )
        db.session.add(address)
        for number in range(voters + others):
            db.session.add(_entry(round_, address, number, voted=number < voters, today=today))
    for number in range(sum(loose)):
        db.session.add(_entry(round_, None, number, voted=number < loose[0], today=today))
    db.session.commit()


def _entry(
    round_: Round, address: EligibleAddress | None, number: int, *, voted: bool, today: object
) -> RollEntry:
    return RollEntry(
        round_id=round_.id,
        address=address,
        letter_number=number + 1,
        code_hash=uuid.uuid4().hex,
        voted=voted,
        channel=Channel.ONLINE if voted else None,
        voted_on=today if voted else None,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(counts=areas, loose=st.tuples(st.integers(0, 4), st.integers(0, 2)))
def test_no_area_row_has_between_one_and_nine_voters(
    app: Flask,
    make_wijk: Callable[..., Wijk],
    make_round: Callable[..., Round],
    counts: list[tuple[int, int]],
    loose: tuple[int, int],
) -> None:
    wijk = db.session.scalar(sa.select(Wijk).where(Wijk.slug == "propwijk"))
    wijk = wijk or make_wijk("Propwijk", postcodes=AREAS)
    round_ = db.session.scalar(sa.select(Round).where(Round.wijk_id == wijk.id))
    round_ = round_ or make_round(Phase.COUNTING, wijk=wijk)
    _fill(round_, counts, loose)
    with app.test_request_context(), force_locale("en"):
        rows = participation.round_rows(round_)
    total = rows[0]
    assert total.voted == sum(v for v, _ in counts) + loose[0]
    in_areas = [r for r in rows if r.breakdown == "Postcode area"]
    for row in in_areas:
        small = 0 < row.voted < SMALL_AREA
        # A small number only where it is the whole round, the same as the total row.
        assert not small or (row.voted == total.voted and row.group.startswith("All areas")), rows
    # Nothing is lost and nothing counted twice: the rows add up to the total.
    rest = [r for r in rows if r.breakdown == "Without an address"]
    assert sum(r.voted for r in in_areas + rest) == total.voted
    assert sum(r.codes or 0 for r in in_areas + rest) == total.codes
    shown = {r.group for r in in_areas if r.group.isdigit()}
    assert all(dict(zip(AREAS, counts, strict=False))[pc4][0] >= SMALL_AREA for pc4 in shown)
