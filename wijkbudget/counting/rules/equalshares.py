"""The Method of Equal Shares as equalshares.net and Pabulib count it for real elections.

MES with equalshares.net's add-one completion and tie-breaking (lowest cost, then most votes,
then smallest id), optionally followed by its comparison step: if more voters would see more of
their projects funded by plain greedy than by the MES outcome, greedy's outcome is used instead
(Wieliczka 2023).
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkbudget.counting.result import Comparison, Step
from wijkbudget.counting.rules.completions import add1_equalshares
from wijkbudget.counting.rules.greedy import greedy
from wijkbudget.counting.rules.mes import MesRun
from wijkbudget.counting.rules.profile import Profile


@dataclass(frozen=True, slots=True)
class SharesOutcome:
    """What equalshares funded, why, and the comparison if it ran."""

    selected: tuple[int, ...]
    steps: tuple[Step, ...]
    run: MesRun
    comparison: Comparison | None


def _compare(profile: Profile, mes: tuple[int, ...], other: tuple[int, ...]) -> tuple[int, int]:
    """How many voters have more of their projects funded by ``mes``, and by ``other``."""
    in_mes, in_other = set(mes), set(other)
    prefer_mes = prefer_other = 0
    for size, ballot in zip(profile.sizes, profile.ballots, strict=True):
        ours = sum(1 for project, _ in ballot if project in in_mes)
        theirs = sum(1 for project, _ in ballot if project in in_other)
        if ours > theirs:
            prefer_mes += size
        elif theirs > ours:
            prefer_other += size
    return prefer_mes, prefer_other


def equalshares(profile: Profile, *, comparison: bool = False) -> SharesOutcome:
    """Count by MES with equalshares.net's completion, and its comparison step if asked."""
    run = add1_equalshares(profile)
    if not comparison:
        return SharesOutcome(run.selected, run.steps, run, None)
    plain = greedy(profile)
    prefer_mes, prefer_greedy = _compare(profile, run.selected, plain.selected)
    chose_greedy = prefer_greedy > prefer_mes
    verdict = Comparison(prefer_mes, prefer_greedy, chose_greedy)
    if chose_greedy:
        return SharesOutcome(plain.selected, run.steps + plain.steps, run, verdict)
    return SharesOutcome(run.selected, run.steps, run, verdict)
