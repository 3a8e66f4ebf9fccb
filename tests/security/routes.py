"""The role matrix: for every GET route of the app, who may open it.

Every endpoint in ``app.url_map`` that answers GET must have an entry in :data:`GET_MATRIX`;
``test_role_matrix.py`` fails on a route without one. An entry is one or more cases: the URL
values (ids of real objects in the world of ``conftest.py``, for a round in the phase where
the role may act) and the personas who get the page. Everyone else must be refused: anonymous
visitors are sent to the login page (or get 401/403/404), logged-in people without the right
get 403 or 404 (``denied`` names other refusals, such as the login page sending a logged-in
person home).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter

from tests.security.conftest import PERSONAS, World
from wijkbudget.wijken.phases import Phase

ANON = "anonymous"
EVERYONE = frozenset(PERSONAS)
USERS = EVERYONE - {ANON}
NOBODY: frozenset[str] = frozenset()
ADMIN = frozenset({"admin"})
COUNTERS = frozenset({"admin", "gemeente"})  # count, publish, export, run the vote
BUURTHUIS = frozenset({"stembureau", "wijkondersteuner"})
PROJECT_MANAGERS = frozenset({"admin", "wijkondersteuner", "coordinator"})

Values = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    values: Values
    allowed: frozenset[str]
    ok: int = 200  # what the allowed get
    denied: tuple[int, ...] = (403, 404)  # what logged-in people without the right get


def none(_world: World) -> dict[str, Any]:
    return {}


def round_in(phase: Phase) -> Values:
    return lambda w: {"round_id": w.rounds[phase]}


def initiative(state: str) -> Values:
    return lambda w: {"initiative_id": w.initiatives[state]}


def project(w: World) -> dict[str, Any]:
    return {"project_id": w.project_id}


def slug(w: World) -> dict[str, Any]:
    return {"slug": w.project_slug}


VOTING, COUNTING, RESULTS = Phase.VOTING, Phase.COUNTING, Phase.RESULTS
SUBMISSION, REVIEW = Phase.SUBMISSION, Phase.REVIEW

GET_MATRIX: dict[str, tuple[Case, ...]] = {
    # --- Public pages
    "static": (Case(lambda w: {"filename": "css/wijkbudget.css"}, EVERYONE),),
    "pages.home": (Case(none, EVERYONE),),
    "pages.how_it_works": (Case(none, EVERYONE),),
    "ops.healthz": (Case(none, EVERYONE),),
    "wijken.wijk": (Case(lambda w: {"slug": w.wijk_slug}, EVERYONE),),
    "wijken.round": tuple(Case(round_in(phase), EVERYONE) for phase in Phase),
    "initiatives.index": (Case(round_in(VOTING), EVERYONE),),
    "initiatives.show": (
        Case(initiative("admitted"), EVERYONE),
        # Not public: the initiator, and the wijk's people who handle it.
        Case(
            initiative("hidden"), frozenset({"resident", "admin", "wijkondersteuner", "werkgroep"})
        ),
        Case(initiative("draft"), frozenset({"resident"})),  # only you see your draft
    ),
    "initiatives.photo": (Case(lambda w: {"photo_id": w.photo_id}, EVERYONE),),
    "results.page": tuple(Case(round_in(phase), EVERYONE) for phase in (COUNTING, RESULTS)),
    "results.results_pack": (Case(round_in(RESULTS), EVERYONE),),
    "voting.enter": (Case(none, EVERYONE),),
    "voting.done": (Case(none, EVERYONE, ok=302),),  # no receipt in the session: back to /stem
    "voting.receipts": (Case(round_in(RESULTS), EVERYONE),),
    "projects.index": (Case(none, EVERYONE),),
    "projects.project": (Case(slug, EVERYONE),),
    "projects.calendar": (Case(slug, EVERYONE),),
    "projects.privacy": (Case(slug, EVERYONE),),
    "projects.photo": (Case(slug, EVERYONE),),
    "projects.sign_up": (Case(slug, EVERYONE),),
    # The token in the link is the key: whoever has the mail manages the sign-up.
    "projects.signed_up": (
        Case(lambda w: {"slug": w.project_slug, "token": w.signup_token}, EVERYONE),
    ),
    "projects.my_signup": (Case(lambda w: {"token": w.signup_token}, EVERYONE),),
    # --- Accounts
    "auth.login": (Case(none, frozenset({ANON}), denied=(302,)),),  # logged in: sent home
    "auth.register": (Case(none, frozenset({ANON}), denied=(302,)),),
    "auth.forgot_password": (Case(none, EVERYONE),),
    "auth.confirm": (Case(lambda w: {"token": w.confirm_token}, EVERYONE, ok=302),),
    "auth.reset_password": (Case(lambda w: {"token": w.reset_token}, EVERYONE),),
    "auth.account": (Case(none, USERS),),
    # --- The JSON API: public parts, and parts that need a token (never a session)
    "api.v1.openapi": (Case(none, EVERYONE),),
    "api.v1.wijken": (Case(none, EVERYONE),),
    "api.v1.wijk": (Case(lambda w: {"slug": w.wijk_slug}, EVERYONE),),
    "api.v1.rounds": (Case(none, EVERYONE),),
    "api.v1.round_detail": (Case(round_in(VOTING), EVERYONE),),
    "api.v1.initiatives": (Case(round_in(VOTING), EVERYONE),),
    "api.v1.initiative": (Case(initiative("admitted"), EVERYONE),),
    "api.v1.results": (Case(round_in(RESULTS), EVERYONE),),
    "api.v1.review": (Case(round_in(REVIEW), NOBODY, denied=(401,)),),
    "api.v1.participation": (Case(round_in(VOTING), NOBODY, denied=(401,)),),
    "api.v1.audit": (Case(none, NOBODY, denied=(401,)),),
    # --- Residents
    "initiatives.new": (Case(round_in(SUBMISSION), USERS),),
    "initiatives.edit": (Case(initiative("draft"), frozenset({"resident"})),),
    "initiatives.mine": (Case(none, USERS),),
    # --- The wijkondersteuner
    "initiatives.queue": (Case(round_in(SUBMISSION), frozenset({"wijkondersteuner"})),),
    "initiatives.assisted": (Case(round_in(SUBMISSION), frozenset({"wijkondersteuner"})),),
    "initiatives.moderate": (Case(initiative("submitted"), frozenset({"wijkondersteuner"})),),
    "initiatives.correct": (Case(initiative("submitted"), frozenset({"wijkondersteuner"})),),
    # --- The werkgroep
    "review.criteria": (Case(round_in(REVIEW), frozenset({"admin", "werkgroep"})),),
    "review.overview": (Case(round_in(REVIEW), frozenset({"werkgroep"})),),
    "review.review": (Case(initiative("in_review"), frozenset({"werkgroep"})),),
    "review.decide": (Case(initiative("in_review"), frozenset({"werkgroep"})),),
    # --- The vote
    "voting.setup": (Case(round_in(VOTING), COUNTERS),),
    "voting.addresses": (Case(round_in(VOTING), COUNTERS),),
    "voting.replace": (Case(round_in(VOTING), COUNTERS | {"wijkondersteuner"}),),
    "voting.turnout": (Case(round_in(VOTING), COUNTERS | {"wijkondersteuner"}),),
    "paper.overview": (Case(round_in(VOTING), COUNTERS | BUURTHUIS),),
    "paper.issue": (Case(round_in(VOTING), BUURTHUIS),),
    "paper.enter": (Case(round_in(VOTING), BUURTHUIS),),
    "paper.differences": (Case(round_in(VOTING), BUURTHUIS),),
    "paper.resolve": (
        Case(lambda w: {"round_id": w.beijum_voting, "serial": w.paper_serial}, BUURTHUIS),
    ),
    "paper.assist_start": (Case(round_in(VOTING), BUURTHUIS),),
    # --- Counting and exports
    "results.manage": (Case(round_in(COUNTING), COUNTERS),),
    "results.import_round": (Case(none, ADMIN),),
    "exports.round_page": (Case(round_in(RESULTS), COUNTERS),),
    "exports.round_download": (Case(round_in(RESULTS), COUNTERS),),  # every kind and format
    "exports.round_audit": (Case(round_in(RESULTS), COUNTERS),),
    "exports.round_report": (Case(round_in(RESULTS), COUNTERS),),
    "exports.across_page": (Case(none, COUNTERS),),
    "exports.across_download": (Case(none, COUNTERS),),
    "exports.across_audit": (Case(none, COUNTERS),),
    # --- Management
    "admin.index": (Case(none, ADMIN),),
    "admin.new_wijk": (Case(none, ADMIN),),
    "admin.edit_wijk": (Case(lambda w: {"wijk_id": w.wijk_id}, ADMIN),),
    "admin.new_round": (Case(lambda w: {"wijk_id": w.wijk_id}, ADMIN),),
    "admin.edit_round": (Case(round_in(VOTING), ADMIN),),
    "admin.users": (Case(none, ADMIN),),
    "admin.user": (Case(lambda w: {"user_id": w.user_id}, ADMIN),),
    "admin.audit_log": (Case(none, COUNTERS),),
    "api.token_list": (Case(none, ADMIN),),
    "api.revoke": (Case(lambda w: {"token_id": w.api_token_id}, ADMIN),),
    "projects_manage.index": (Case(none, PROJECT_MANAGERS),),
    "projects_manage.new": (Case(none, frozenset({"admin", "wijkondersteuner"})),),
    "projects_manage.edit": (Case(project, PROJECT_MANAGERS),),
    "projects_manage.activities": (Case(project, PROJECT_MANAGERS),),
    "projects_manage.coordinators": (Case(project, frozenset({"admin", "wijkondersteuner"})),),
    "projects_manage.signup_list": (Case(project, PROJECT_MANAGERS),),
    "projects_manage.export_signups": (
        Case(lambda w: {"project_id": w.project_id, "kind": ("csv", "xlsx")}, PROJECT_MANAGERS),
    ),
    "projects_manage.signup_detail": (
        Case(lambda w: {"signup_id": w.signup_id}, PROJECT_MANAGERS),
    ),
    "projects_manage.mail": (Case(project, PROJECT_MANAGERS),),
}

# URL values for the routes that only answer POST (the CSRF test posts to every POST route).
POST_ONLY: dict[str, Values] = {
    "auth.logout": none,
    "auth.set_language": none,
    "voting.ballot": none,
    "voting.cast": none,
    "paper.assist_stop": none,
    "results.count": round_in(COUNTING),
    "results.publish": round_in(COUNTING),
}


def methods(rule: Rule) -> set[str]:
    return set(rule.methods or ()) - {"HEAD", "OPTIONS"}


def rules(app: Flask, method: str) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if method in methods(r)), key=lambda r: r.rule
    )


def expand(rule: Rule, values: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every combination of the values: a tuple means each of its items, and an ``any(…)``
    converter not given a value takes each of its choices (every export kind and format)."""
    choices: dict[str, tuple[Any, ...]] = {}
    for name, converter in rule._converters.items():
        if name not in values and isinstance(converter, AnyConverter):
            choices[name] = tuple(sorted(converter.items))
    for name, value in values.items():
        choices[name] = value if isinstance(value, tuple) else (value,)
    names = list(choices)
    for combination in itertools.product(*(choices[n] for n in names)):
        yield dict(zip(names, combination, strict=True))


def url_for_rule(app: Flask, rule: Rule, values: dict[str, Any]) -> str:
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, values, method=sorted(methods(rule))[0])


def urls(app: Flask, world: World, rule: Rule, case_values: Values) -> list[str]:
    return [url_for_rule(app, rule, v) for v in expand(rule, case_values(world))]
