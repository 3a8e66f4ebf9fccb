"""Why each initiative was, or was not, funded: the engine's trace in plain words (B1).

Everything here reads the stored trace (``CountResult.to_json()``: exact fractions as text), so
an outcome counted years ago is explained the same way today. Texts are in the current locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from flask_babel import format_number, ngettext
from flask_babel import gettext as _

from wijkbudget.results.models import Outcome
from wijkbudget.templating import euro

Step = Mapping[str, Any]


def money(value: str | Fraction) -> str:
    """Euros (a fraction string from the trace) as residents read them, to the cent."""
    return euro(round(Fraction(value) * 100))


def whole(value: str | Fraction) -> str:
    """A number of votes or points: whole as it always is, with a thousands separator."""
    number = Fraction(value)
    shown = int(number) if number.denominator == 1 else float(number)
    return str(format_number(shown))


def points_ballot(outcome: Outcome) -> bool:
    return outcome.parameters.get("vote_type") == "cumulative"


def steps(outcome: Outcome) -> list[Step]:
    trace: list[Step] = outcome.trace.get("trace", [])
    return trace


def last_step(outcome: Outcome, project: str) -> Step | None:
    """The step with the final decision about ``project`` (a rule may look at it twice)."""
    found = [step for step in steps(outcome) if step["project"] == project]
    return found[-1] if found else None


def _got(votes: str, points: bool) -> str:
    number = Fraction(votes)
    count = int(number)
    if points:
        return str(ngettext("This idea got %(num)s point.", "This idea got %(num)s points.", count))
    return str(ngettext("This idea got %(num)s vote.", "This idea got %(num)s votes.", count))


def _payments(step: Step) -> str:
    parts = []
    for payment in step.get("payments", []):
        if payment["each"] is None:
            parts.append(
                ngettext(
                    "%(num)s person paid all they had left, %(total)s",
                    "%(num)s people paid all they had left, %(total)s together",
                    payment["payers"],
                    total=money(payment["total"]),
                )
            )
        else:
            parts.append(
                ngettext(
                    "%(num)s person paid %(each)s",
                    "%(num)s people paid %(each)s each",
                    payment["payers"],
                    each=money(payment["each"]),
                )
            )
    return "; ".join(parts)


def explain_step(step: Step, *, points: bool = False, threshold: str | None = None) -> str:
    """One decision of the count as one or two plain sentences."""
    reason, phase = step["reason"], step["phase"]
    cost, left = Fraction(step["cost"]), Fraction(step["budget_left"])
    got = _got(step["votes"], points)
    if reason == "no_supporters":
        return str(_("Nobody voted for this idea, so nobody could pay for it."))
    if phase == "mes" and reason == "funded":
        paid = _payments(step)
        text = _(
            "The people who voted for it still had %(money)s together, and the idea costs "
            "%(cost)s. So they paid for it together: %(payments)s.",
            money=money(step["supporters_money"]),
            cost=money(cost),
            payments=paid,
        )
        return f"{got} {text}"
    if reason == "not_affordable":
        text = _(
            "The people who voted for it had only %(money)s left together, and the idea costs "
            "%(cost)s: they could not pay for it.",
            money=money(step.get("supporters_money") or "0"),
            cost=money(cost),
        )
        return f"{got} {text}"
    if reason == "funded" and phase in ("greedy", "completion"):
        text = _(
            "There was %(left)s left, and the idea costs %(cost)s: it fit, so it gets the money.",
            left=money(left + cost),
            cost=money(cost),
        )
        return f"{got} {text}"
    if reason == "does_not_fit":
        text = _(
            "There was %(left)s left, and the idea costs %(cost)s: it did not fit any more.",
            left=money(left),
            cost=money(cost),
        )
        return f"{got} {text}"
    if reason == "below_threshold":
        text = _(
            "An idea needed at least %(threshold)s votes to get money, so this idea did not.",
            threshold=whole(threshold or "0"),
        )
        return f"{got} {text}"
    if reason == "no_skip_stop":
        text = _(
            "The count stopped at the first idea that did not fit, so this idea did not get money."
        )
        return f"{got} {text}"
    if reason == "funded":
        return f"{got} {_('It gets the money.')}"
    return f"{got} {_('It did not get money.')}"


def explain(outcome: Outcome, item: Mapping[str, Any]) -> str:
    """Why this initiative of the outcome was, or was not, funded."""
    step = last_step(outcome, item.get("project", str(item.get("id"))))
    if step is None:
        return str(_("This idea was not counted."))
    return explain_step(
        step, points=points_ballot(outcome), threshold=outcome.parameters.get("threshold")
    )


def voters(outcome: Outcome) -> int:
    return outcome.ballots_online + outcome.ballots_paper


def explain_rule(outcome: Outcome) -> list[str]:
    """How the rule works, with this round's numbers, as short paragraphs (equalshares.net)."""
    engine_rule = outcome.parameters.get("engine_rule", outcome.rule)
    phases = {step["phase"] for step in steps(outcome)}
    if "mes" not in phases:
        return [
            _(
                "The idea with the most votes gets money first, then the next one, as long as "
                "there is money left. An idea that costs more than what is left is skipped."
            )
        ]
    budget = money(outcome.trace.get("budget", "0"))
    count = voters(outcome)
    paragraphs = [
        ngettext(
            "The budget of %(budget)s was divided equally over the %(num)s voter.",
            "The budget of %(budget)s was divided equally over the %(num)s voters.",
            count,
            budget=budget,
        )
    ]
    share = outcome.trace.get("per_voter_budget")
    if share is not None and count and Fraction(share) > Fraction(outcome.trace["budget"]) / count:
        paragraphs.append(
            _(
                "To use as much of the budget as possible, everyone's share was made larger, "
                "step by step, as long as the chosen ideas still fitted in the budget. In the "
                "end every voter had %(share)s to spend.",
                share=money(share),
            )
        )
    elif share is not None:
        paragraphs.append(_("Every voter had %(share)s to spend.", share=money(share)))
    paragraphs.append(
        _(
            "A voter's money only goes to ideas they voted for. Step by step, the idea that "
            "costs its voters the least each is chosen: its voters pay for it together, each "
            "the same amount. Someone who has less left pays everything they have. An idea "
            "whose voters together do not have enough left is not chosen."
        )
    )
    if "completion" in phases or engine_rule.endswith("-greedy"):
        paragraphs.append(
            _("The money that was left after that went to the ideas with the most votes.")
        )
    return paragraphs
