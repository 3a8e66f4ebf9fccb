"""The knobs of :func:`wijkbudget.counting.rules.count` and its error for an unknown rule."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class RuleOptions:
    """``threshold``: greedy funds only projects with at least this many votes. ``skip=False``:
    greedy stops at the first project that does not fit. ``comparison``: equalshares ends with
    equalshares.net's comparison against greedy. ``cheaper_first``: greedy breaks a tie in votes
    for the cheaper project (then the smallest id), as cities do; ``as-held`` sets it."""

    threshold: Fraction | None = None
    skip: bool = True
    comparison: bool = False
    cheaper_first: bool = False


class UnknownRule(ValueError):
    """The rule name is not one of ``RULE_NAMES``, or a file's rule cannot be counted as held."""
