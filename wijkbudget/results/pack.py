"""The results pack: everything anyone needs to recount a published outcome, in one zip.

``ballots.pb`` (the ballots exactly as counted: Pabulib, anonymous ids 1..n in a random order),
``outcome.json``, ``rule.json``, ``README.txt`` (Dutch and English) and ``SHA256SUMS``. The
zip is built from stored data only, with fixed file times, so every download is the same file.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from fractions import Fraction
from typing import Any

from wijkbudget.counting.pabulib import format_decimal
from wijkbudget.results.models import Outcome
from wijkbudget.wijken.phases import DUTCH_TIME

FILES = ("README.txt", "ballots.pb", "outcome.json", "rule.json")


def recount_command(outcome: Outcome) -> str:
    """The ``wijkbudget-count`` line that recounts ``ballots.pb`` exactly as we did."""
    parts = ["wijkbudget-count", "ballots.pb", "--rule", outcome.rule]
    if outcome.rule != "as-held":
        parameters = outcome.parameters
        if parameters.get("threshold") is not None:
            parts += ["--threshold", str(parameters["threshold"])]
        if parameters.get("skip") is False:
            parts.append("--no-skip")
        if parameters.get("comparison"):
            parts.append("--comparison")
    return " ".join(parts)


def _euros(cents: int) -> str:
    return format_decimal(Fraction(cents, 100))


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """The outcome as published, in plain JSON (money in euros as exact decimals and in cents)."""
    round_ = outcome.round
    funded = [item for item in outcome.per_initiative if item["funded"]]
    return {
        "round": {
            "id": round_.id,
            "wijk": round_.wijk.name,
            "year": round_.year,
            "title": round_.title,
        },
        "imported": outcome.imported,
        "rule": outcome.rule,
        "parameters": outcome.parameters,
        "engine_version": outcome.engine_version,
        "ballots_sha256": outcome.ballots_sha256,
        "counted_at": outcome.counted_at.isoformat(),
        "published_at": outcome.published_at.isoformat() if outcome.published_at else None,
        "budget": _euros(outcome.budget_cents),
        "total_cost": _euros(outcome.total_cents),
        "left": _euros(outcome.left_cents),
        "ballots_online": outcome.ballots_online,
        "ballots_paper": outcome.ballots_paper,
        "selected": [item["project"] for item in funded],
        "initiatives": [
            {
                "project_id": item["project"],
                "initiative_id": item["id"],
                "title": item["title"],
                "cost": _euros(item["amount_cents"]),
                "votes_online": item["votes_online"],
                "votes_paper": item["votes_paper"],
                "funded": item["funded"],
                "reason": item["reason"],
            }
            for item in outcome.per_initiative
        ],
        "trace": outcome.trace,
    }


README = """\
Uitslag / Results — {title} ({wijk}, {year})
{underline}

NEDERLANDS

In dit pakket zit alles om de uitslag zelf na te tellen.

  ballots.pb     alle stembiljetten, zonder namen of stemcodes, in willekeurige volgorde
                 (Pabulib-formaat, zie https://pabulib.org/format). Kolom voting_method:
                 internet = online gestemd, paper = op papier.
  outcome.json   de gepubliceerde uitslag: welke ideeën geld krijgen, met de stappen van de telling
  rule.json      de telregel en de instellingen
  SHA256SUMS     een controlegetal (SHA-256) van elk bestand

1. Controleer de bestanden:      sha256sum -c SHA256SUMS
2. Installeer wijkbudget (Python 3.11 of nieuwer) en tel opnieuw:
       {command}
   De ideeën onder "selected" moeten dezelfde zijn als in outcome.json, in dezelfde volgorde.
3. Of tel met pabutools (pip install pabutools), zie de Python-regels hieronder. Bij een
   puntenstembiljet rangschikt pabutools' greedy op punten per euro: tel dan met wijkbudget-count.

Het controlegetal van de stemmen (ballots_sha256 in outcome.json) is de SHA-256 van één regel per
stembiljet: "voting_method;project:gewicht,project:gewicht" (projecten op tekst gesorteerd,
gewicht 1 of het aantal punten), de regels gesorteerd, elke regel met een regeleinde erachter.

ENGLISH

This pack holds everything needed to recount the outcome yourself.

  ballots.pb     every ballot, without names or voting codes, in a random order
                 (Pabulib format, see https://pabulib.org/format). Column voting_method:
                 internet = voted online, paper = on paper.
  outcome.json   the published outcome: which ideas are funded, with every step of the count
  rule.json      the counting rule and its settings
  SHA256SUMS     a SHA-256 checksum of every file

1. Check the files:              sha256sum -c SHA256SUMS
2. Install wijkbudget (Python 3.11 or newer) and count again:
       {command}
   The projects under "selected" must be those in outcome.json, in the same order.
3. Or count with pabutools (pip install pabutools):

       from pabutools.election import parse_pabulib, {sat}
       from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
       instance, profile = parse_pabulib("ballots.pb")
       # rule "greedy": most votes first, skip what no longer fits
       print(greedy_utilitarian_welfare(instance, profile, sat_class={sat}))
       # rule "equalshares" or "mes-add1": the Method of Equal Shares, shares raised by 1 euro
       print(method_of_equal_shares(instance, profile, sat_class={sat},
                                    voter_budget_increment=1))

   pabutools breaks ties and completes the Method of Equal Shares in its own way; in the rare
   case of a tie its outcome may differ from ours. wijkbudget-count follows equalshares.net.
   For a points ballot, pabutools' greedy ranks by points per euro, not by most points, so
   its greedy outcome differs there: use wijkbudget-count to check a points round.

The ballots checksum (ballots_sha256 in outcome.json) is the SHA-256 of one line per ballot:
"voting_method;project:weight,project:weight" (projects sorted as text, weight 1 or the
points), the lines sorted, each followed by a newline.

Rule / regel: {rule}   engine / rekenmachine: wijkbudget.counting {engine}
"""


def readme(outcome: Outcome) -> str:
    round_ = outcome.round
    heading = f"Uitslag / Results — {round_.title} ({round_.wijk.name}, {round_.year})"
    cumulative = outcome.parameters.get("vote_type") == "cumulative"
    return README.format(
        title=round_.title,
        wijk=round_.wijk.name,
        year=round_.year,
        underline="=" * len(heading),
        command=recount_command(outcome),
        sat="Additive_Cardinal_Sat" if cumulative else "Cost_Sat",
        rule=outcome.rule,
        engine=outcome.engine_version,
    )


def contents(outcome: Outcome) -> dict[str, bytes]:
    """Every file of the pack by name, SHA256SUMS last."""
    rule = {
        "rule": outcome.rule,
        "parameters": outcome.parameters,
        "engine_version": outcome.engine_version,
        "command": recount_command(outcome),
    }
    files = {
        "README.txt": readme(outcome).encode(),
        "ballots.pb": outcome.ballots_pb.encode(),
        "outcome.json": json.dumps(outcome_json(outcome), ensure_ascii=False, indent=2).encode(),
        "rule.json": json.dumps(rule, ensure_ascii=False, indent=2).encode(),
    }
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    files["SHA256SUMS"] = sums.encode()
    return files


def build(outcome: Outcome) -> bytes:
    """The zip, byte for byte the same at every download."""
    moment = (outcome.published_at or outcome.counted_at).astimezone(DUTCH_TIME)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents(outcome).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def filename(outcome: Outcome) -> str:
    round_ = outcome.round
    return f"uitslag-{round_.wijk.slug}-{round_.year}.zip"
