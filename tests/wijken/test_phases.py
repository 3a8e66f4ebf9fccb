from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from wijkbudget.wijken.phases import PHASE_ORDER, Phase, PhaseDates, today_in_nl

gaps = st.integers(min_value=1, max_value=120)


@st.composite
def phase_dates(draw: st.DrawFn) -> PhaseDates:
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)))
    review = start + timedelta(days=draw(gaps))
    voting = review + timedelta(days=draw(gaps))
    voting_end = voting + timedelta(days=draw(gaps) - 1)
    results = voting_end + timedelta(days=draw(gaps))
    return PhaseDates(start, review, voting, voting_end, results)


@given(phase_dates(), st.integers(min_value=-400, max_value=800))
def test_phases_only_move_forward_one_step_at_a_time(dates: PhaseDates, offset: int) -> None:
    day = dates.submission_start + timedelta(days=offset)
    today = PHASE_ORDER.index(dates.phase_on(day))
    tomorrow = PHASE_ORDER.index(dates.phase_on(day + timedelta(days=1)))
    assert tomorrow in (today, today + 1)


@given(phase_dates())
def test_each_phase_period_holds_exactly_that_phase(dates: PhaseDates) -> None:
    assert dates.problems() == []
    for phase in Phase:
        period = dates.phase_period(phase)
        if period is None:  # a phase without days is never current
            assert phase is Phase.COUNTING and dates.results_date == dates.voting_end + timedelta(1)
            continue
        first, last = period
        if first is not None:
            assert dates.phase_on(first) is phase
            assert dates.phase_on(first - timedelta(days=1)) is not phase
        if last is not None:
            assert dates.phase_on(last) is phase
            assert dates.phase_on(last + timedelta(days=1)) is not phase


def test_voting_includes_its_last_day() -> None:
    dates = PhaseDates(
        date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 14), date(2026, 4, 1)
    )
    assert dates.phase_on(date(2026, 3, 14)) is Phase.VOTING
    assert dates.phase_on(date(2026, 3, 15)) is Phase.COUNTING


def test_dates_out_of_order_are_named() -> None:
    dates = PhaseDates(
        date(2026, 2, 1), date(2026, 1, 1), date(2026, 3, 1), date(2026, 2, 20), date(2026, 2, 20)
    )
    assert dates.problems() == ["review_start", "voting_end", "results_date"]


def test_the_day_changes_at_dutch_midnight() -> None:
    late_utc = datetime(2026, 6, 30, 22, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 in Amsterdam
    assert today_in_nl(late_utc) == date(2026, 7, 1)
