"""The check after a run: what clients were told against what the database holds.

Ballots cannot be linked to codes (by design), so the check works per code on the roll and
per receipt on the ballots:

- the round has as many ballots as roll entries that voted;
- a code whose voter was told "counted" has voted, its ``casts`` is at least the number of
  told-successes, and exactly one of the receipts shown for it is among the ballots — a later
  cast with the same code replaces the earlier ballot, so only one can be there;
- ``casts`` is never more than the number of times the code was tried;
- a code nobody tried has not voted.

A cast whose answer was lost (a worker killed after the commit) may have landed although the
voter was told it failed: the voter tries again, which replaces that ballot. Such a landing is
allowed and reported, never counted as lost or doubled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outcome:
    """One press on "Cast my vote", as the voter saw it."""

    success: bool
    receipt: str | None = None


@dataclass(frozen=True)
class RollRow:
    voted: bool
    casts: int


@dataclass
class Findings:
    lost: int = 0
    doubled: int = 0
    codes_told_counted: int = 0
    landed_though_told_failed: int = 0  # allowed: the voter was told it failed
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.doubled == 0

    def _lost(self, why: str) -> None:
        self.lost += 1
        self.problems.append(f"lost: {why}")

    def _doubled(self, why: str, count: int = 1) -> None:
        self.doubled += count
        self.problems.append(f"doubled: {why}")


def verify(
    tried: Mapping[str, Sequence[Outcome]],
    roll: Mapping[str, RollRow],
    receipts: Collection[str],
) -> Findings:
    """``tried``: every code's presses (keyed by code hash, from all its clients together);
    ``roll``: every roll entry of the round by code hash; ``receipts``: every ballot's receipt."""
    found = Findings()
    present = Counter(receipts)
    voted = sum(row.voted for row in roll.values())
    if len(receipts) > voted:
        found._doubled(f"{len(receipts)} ballots but {voted} codes voted", len(receipts) - voted)
    elif len(receipts) < voted:
        for _ in range(voted - len(receipts)):
            found._lost(f"{voted} codes voted but only {len(receipts)} ballots")
    for receipt, times in present.items():
        if times > 1:
            found._doubled(f"receipt {receipt} on {times} ballots", times - 1)
    for key in tried.keys() - roll.keys():
        found.problems.append(f"unknown code {key[:8]}… was tried")
    for key, row in roll.items():
        presses = tried.get(key, ())
        told = [press for press in presses if press.success]
        name = key[:8] + "…"
        if row.casts > len(presses):
            found._doubled(f"code {name} cast {row.casts}× but tried {len(presses)}×")
            continue
        if not told:
            if row.voted:
                found.landed_though_told_failed += 1
            continue
        found.codes_told_counted += 1
        if not row.voted or row.casts < len(told):
            found._lost(f"code {name} told counted {len(told)}×, roll has {row.casts} casts")
            continue
        shown = sum(1 for press in told if press.receipt in present)
        if shown > 1:
            found._doubled(f"code {name}: {shown} of its receipts are on ballots")
        elif shown == 0 and row.casts == len(told):
            found._lost(f"code {name}: none of its {len(told)} receipts is on a ballot")
        elif shown == 0:
            found.landed_though_told_failed += 1  # a later unanswered press replaced it
    return found
