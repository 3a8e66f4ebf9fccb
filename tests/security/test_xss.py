"""Script, HTML, Markdown and template payloads in every text a resident or staff member can
send, then every page of the app is read back: nothing in them may run.

The pages are not hand-picked: every GET route of the role matrix is opened by everyone who may
open it, plus the pages of the objects made here, each with the payloads in its query string
too (reflected input). Each payload carries a marker; the test checks the marker did reach the
pages, so it cannot pass by showing nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import submit, text
from tests.projects.conftest import project_data
from tests.security.conftest import PERSONAS, World
from tests.security.html_checks import executable_markup
from tests.security.routes import GET_MATRIX, rules, urls
from wijkbudget.auth import services as auth_services
from wijkbudget.auth.models import User
from wijkbudget.extensions import db
from wijkbudget.initiatives import services as initiative_services
from wijkbudget.initiatives.markdown import render_markdown
from wijkbudget.initiatives.models import Initiative
from wijkbudget.paper import services as paper_services
from wijkbudget.paper.models import SheetState
from wijkbudget.projects import services as project_services
from wijkbudget.projects.models import Project
from wijkbudget.review import services as review_services
from wijkbudget.review.models import Outcome, Strength, Verdict
from wijkbudget.wijken import services as wijk_services
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl

PAYLOADS = (
    '<script>alert("xss1")</script>',
    "\"><img src=x onerror=alert('xss2')>",
    "[xss3](javascript:alert(1))",
    "<svg onload=alert(1)>xss4</svg>",
    "tpl{{7*7}}xss5 ${7*7} {% print 7*7 %}",
    '\'><a href="javascript:alert(1)">xss6</a>',
    '<iframe src="javascript:alert(1)">xss7</iframe>',
    "[xss8](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert('xss8')>",
    '<a href=" jav&#x09;ascript:alert(1)">xss9</a> [a](JaVaScRiPt:alert(1))',
)
MARKERS = [re.search(r"xss\d", p).group(0) for p in PAYLOADS]  # type: ignore[union-attr]
TEMPLATE_RAN = re.compile(r"tpl49xss5|\b49 49\b")
QUERY = urlencode(
    {
        name: " ".join(PAYLOADS)
        for name in (
            "q",
            "code",
            "who",
            "next",
            "manier",
            "jaar",
            "wijk",
            "action",
            "since",
            "status",
            "theme",
            "lijn",
            "voor",
            "page",
        )
    }
)


def _idea(round_: Round, payload: str) -> dict[str, str]:
    return {
        "title": payload,
        "summary": payload,
        "description": f"{payload}\n\n* {payload}\n\n> {payload}",
        "theme": str(initiative_services.themes_for(round_)[0].id),
        "location": payload,
        "initiator_name": payload,
        "initiator_contact": payload,
        "group_name": payload,
        "cost_lines-0-item": payload,
        "cost_lines-0-amount": "150",
        "photo_alt": payload,
        "consent_to_publish": "y",
        "submit": "1",
    }


def _created_id(response: object) -> int:
    assert response.status_code == 302, text(response)  # type: ignore[arg-type]
    location = response.headers["Location"]  # type: ignore[attr-defined]
    return int(re.search(r"/initiatief/(\d+)", location).group(1))  # type: ignore[union-attr]


def _pb_file(payloads: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = [
        ("description", payloads[0]),
        ("country", "Netherlands"),
        ("unit", payloads[1]),
        ("instance", "1"),
        ("num_projects", str(len(payloads))),
        ("num_votes", "2"),
        ("budget", "10000"),
        ("vote_type", "approval"),
        ("rule", "greedy"),
        ("date_begin", "2020"),
        ("currency", "EUR"),
    ]
    out.write("META\n")
    writer.writerows([("key", "value"), *meta])
    out.write("PROJECTS\n")
    writer.writerow(("project_id", "cost", "votes", "name"))
    writer.writerows((str(n), "1000", "2", p) for n, p in enumerate(payloads, start=1))
    out.write("VOTES\n")
    writer.writerow(("voter_id", "vote"))
    everyone = ",".join(str(n) for n in range(1, len(payloads) + 1))
    writer.writerows([("1", everyone), ("2", "1,2")])
    return out.getvalue().encode()


def seed_payloads(app: Flask, world: World) -> list[tuple[str, str]]:
    """Send every payload through the forms; returns the pages of what was made (and who
    opens them)."""
    pages: list[tuple[str, str]] = []
    submission = db.session.get(Round, world.rounds[Phase.SUBMISSION])
    review_round = db.session.get(Round, world.rounds[Phase.REVIEW])
    assert submission is not None and review_round is not None
    resident, moderator = world.client("resident"), world.client("wijkondersteuner")
    new_page = f"/ronde/{submission.id}/initiatief/nieuw"
    assisted_page = f"/ronde/{submission.id}/namens-bewoner"
    project = db.session.scalar(sa.select(Project).where(Project.slug == world.project_slug))
    assert project is not None
    way = project.join_ways[0].value
    for number, payload in enumerate(PAYLOADS):
        # A resident's idea, published; another sent back with a reason; one entered for a
        # resident by the wijkondersteuner; one in the werkgroep's check.
        published = _created_id(submit(resident, new_page, _idea(submission, payload)))
        response = submit(moderator, f"/initiatief/{published}/moderatie", {"publish": "1"})
        assert response.status_code == 302
        returned = _created_id(submit(resident, new_page, _idea(submission, payload)))
        response = submit(
            moderator,
            f"/initiatief/{returned}/moderatie",
            {"request_changes": "1", "reason": payload},
        )
        assert response.status_code == 302
        assisted = _created_id(
            submit(
                moderator, assisted_page, {**_idea(submission, payload), "consent_recorded": "y"}
            )
        )
        in_review = _in_review(world, review_round, payload)
        for initiative_id in (published, returned, assisted, in_review):
            show = f"/initiatief/{initiative_id}"
            pages += [("anonymous", show), ("resident", show), ("admin", show)]
        pages += [
            ("wijkondersteuner", f"/initiatief/{published}/moderatie"),
            ("wijkondersteuner", f"/initiatief/{published}/corrigeren"),
            ("resident", f"/initiatief/{returned}/bewerken"),
            ("werkgroep", f"/initiatief/{in_review}/beoordelen"),
        ]
        # An account and a sign-up under the payload's name.
        anonymous = app.test_client()
        email = f"xss{number}@example.org"
        response = submit(
            anonymous,
            "/registreren",
            {
                "name": payload,
                "email": email,
                "password": "lang genoeg wachtwoord",
                "password_again": "lang genoeg wachtwoord",
            },
        )
        assert response.status_code == 200
        response = submit(
            anonymous,
            f"/meedoen/{world.project_slug}/aanmelden",
            {"name": payload, "email": email, "way": way, "message": payload},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        signed_up = response.headers["Location"]
        pages += [
            ("anonymous", signed_up),
            ("anonymous", "/meedoen/afmelden/" + signed_up.rsplit("/", 1)[1]),
        ]
    _staff_texts(world, review_round, submission)
    for user in db.session.scalars(sa.select(User).where(User.email.like("xss%"))):
        pages.append(("admin", f"/beheer/gebruikers/{user.id}"))
    pages += [("coordinator", f"/meedoen/beheer/aanmelding/{s.id}") for s in project.signups]
    # A past vote imported from a Pabulib file: its project names become chart labels.
    admin = world.client("admin")
    response = submit(
        admin,
        "/beheer/uitslag/importeren",
        {
            "wijk": str(world.wijk_id),
            "file": (io.BytesIO(_pb_file(PAYLOADS)), "xss.pb"),
            "year": "",
            "rule": "as-held",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    pages += [("anonymous", response.headers["Location"]), ("admin", "/meedoen/xss-project")]
    return pages


def _in_review(world: World, round_: Round, payload: str) -> int:
    """An idea sent in and published before the werkgroep's check began."""
    day = round_.submission_start + timedelta(days=1)
    resident, moderator = (
        db.session.scalar(sa.select(User).where(User.email == world.emails[p]))
        for p in ("resident", "wijkondersteuner")
    )
    data = initiative_services.InitiativeData(
        title=payload,
        summary=payload,
        description=payload,
        initiator_name=payload,
        initiator_contact=payload,
        group_name=payload,
        location=payload,
        theme_id=initiative_services.themes_for(round_)[0].id,
        cost_lines=[(payload, 15_000)],
        consent_to_publish=True,
    )
    initiative = initiative_services.save_draft(resident, round_, data, day)
    initiative_services.submit(resident, initiative, data, day)
    initiative_services.publish(moderator, initiative, day)
    db.session.commit()
    return initiative.id


def _staff_texts(world: World, review_round: Round, submission: Round) -> None:
    """What staff write through their own services: criteria, verdicts, decisions, reasons,
    a wijk's description and a project."""
    today = today_in_nl()
    joined = " ".join(PAYLOADS)
    users = {
        p: db.session.scalar(sa.select(User).where(User.email == world.emails[p]))
        for p in ("werkgroep", "wijkondersteuner", "admin")
    }
    review_services.set_criteria(
        None,
        submission,
        [review_services.CriterionData(p, p, Strength.MUST) for p in PAYLOADS],
        today,
    )
    review_round.reviews_needed = 1
    criteria = review_services.current_criteria(review_round)
    for initiative in db.session.scalars(
        sa.select(Initiative).where(
            Initiative.round_id == review_round.id, Initiative.title.in_(PAYLOADS)
        )
    ):
        verdicts = {
            c.id: review_services.VerdictData(Verdict.DOES_NOT_MEET, initiative.title)
            for c in criteria
        }
        review_services.submit_review(users["werkgroep"], initiative, verdicts, today)
        review_services.decide(
            users["werkgroep"],
            initiative,
            Outcome.NOT_ADMITTED,
            verdicts,
            today,
            explanation=initiative.title,
        )
    beijum = db.session.get(Round, world.beijum_voting)
    assert beijum is not None
    sheet = paper_services.mismatches(beijum)[0]
    entered = {entry.entered_by_id for entry in sheet.entries}
    resolver = next(
        u
        for local in ("wijkondersteuner", "stembureau", "stembureau2")
        if (u := auth_services.find_user(f"{local}@demo.wijkbudget.nl")).id not in entered  # type: ignore[union-attr]
    )
    paper_services.resolve(
        resolver, beijum, sheet, paper_services.Reading(SheetState.BLANK), joined
    )
    wijk = db.session.get(Wijk, world.wijk_id)
    assert wijk is not None
    wijk_services.update_wijk(
        users["admin"],
        wijk,
        name=wijk.name,
        slug=wijk.slug,
        postcodes=[p.postcode for p in wijk.postcodes],
        description=joined,
        reason=joined,
    )
    project_services.create_project(
        users["admin"],
        project_data(
            [wijk],
            slug="xss-project",
            title_nl=PAYLOADS[1],
            summary_nl=PAYLOADS[0],
            description_nl=joined,
            organisation=PAYLOADS[5],
            location=PAYLOADS[6],
        ),
    )
    db.session.commit()


# Who reads each route's pages: up to three of the allowed, the public first, then staff.
READERS = ("anonymous", "admin", "wijkondersteuner", "resident", "werkgroep", "gemeente")


def crawl(app: Flask, world: World, extra: list[tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    """(persona, url, html) of every HTML page: each route of the matrix (also with the payloads
    in its query string), and the pages of the objects made."""
    targets: list[tuple[str, str]] = []
    for rule in rules(app, "GET"):
        for case in GET_MATRIX[rule.endpoint]:
            readers = [p for p in (*READERS, *PERSONAS) if p in case.allowed][:3] or ["admin"]
            for url in urls(app, world, rule, case.values):
                targets += [(persona, url) for persona in dict.fromkeys(readers)]
                targets.append((readers[0], f"{url}?{QUERY}"))
    for persona, url in dict.fromkeys([*targets, *extra]):
        response = world.client(persona).get(url)
        kind = response.headers.get("Content-Type", "")
        body = response.get_data(as_text=True) if kind.startswith("text/html") else ""
        response.close()
        assert response.status_code < 500, (persona, url)
        if body:
            yield persona, url, body


def test_no_payload_runs_on_any_page(app: Flask, world: World) -> None:
    extra = seed_payloads(app, world)
    problems: list[str] = []
    reached = dict.fromkeys(MARKERS, 0)
    pages = 0
    for persona, url, html in crawl(app, world, extra):
        pages += 1
        problems += [f"{persona} {url[:80]}: {p}" for p in executable_markup(html)]
        if TEMPLATE_RAN.search(html):
            problems.append(f"{persona} {url[:80]}: a template expression was evaluated")
        for marker in MARKERS:
            reached[marker] += marker in html
    assert not problems, "\n".join(problems[:40])
    assert pages > 250
    # Every payload was shown (escaped) on many pages: the test looked where the text is.
    assert all(count >= 10 for count in reached.values()), reached


# --- The Markdown renderer, the only place where resident text becomes HTML ---------------------

FRAGMENTS = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "[x](",
    "javascript:",
    "JAVASCRIPT:",
    "java\tscript:",
    "&#106;avascript:",
    "&#x6A;avascript:",
    "vbscript:",
    "data:text/html,",
    ")",
    "<",
    ">",
    '"',
    "'",
    "`",
    "<svg/onload=alert(1)>",
    "![i](",
    "<a href=",
    "\n\n",
    "    ",
    "*",
    "{{7*7}}",
    "[r]: javascript:alert(1)\n\n[r]",
    "<https://example.org>",
    "<javascript:alert(1)>",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=14).map("".join))
def test_markdown_never_produces_executable_markup(source: str) -> None:
    html = str(render_markdown(source))
    assert executable_markup(html) == [], html
    assert "<img" not in html  # images go through the photo upload only


def test_the_finder_finds_what_it_should() -> None:
    """The checker itself: a checker that finds nothing proves nothing."""
    bad = [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<iframe src="/x"></iframe>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<form action="javascript:alert(1)"></form>',
    ]
    for html in bad:
        assert executable_markup(html), html
    good = (
        '<script src="/static/js/ballot.js" defer></script><a href="/ronde/1">x</a>'
        '<img src="data:image/png;base64,AAAA" alt=""><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
        "<p>javascript:alert(1) as text</p>"
    )
    assert executable_markup(good) == []


def test_templates_escape_by_default(app: Flask) -> None:
    """Autoescaping is on for every HTML template: the crawl above relies on it, not on luck."""
    assert app.jinja_env.autoescape("page.html") is True  # type: ignore[operator]
