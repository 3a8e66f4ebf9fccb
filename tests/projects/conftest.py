from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from wijkbudget.extensions import db
from wijkbudget.projects import services
from wijkbudget.projects.models import Audience, JoinWay, ProgrammeLine, Project
from wijkbudget.wijken.models import Wijk


def project_data(wijken: list[Wijk], **overrides: Any) -> services.ProjectData:
    values: dict[str, Any] = {
        "slug": "beijum-beweegt",
        "programme_line": ProgrammeLine.MEEDOEN,
        "title_nl": "Beijum Beweegt",
        "title_en": "Beijum Moves",
        "summary_nl": "Samen bewegen.",
        "summary_en": "Exercise together.",
        "description_nl": "Bewoners maken beweeggroepen.\n\nIedereen kan meedoen.",
        "description_en": "Residents set up exercise groups.\n\nEveryone can join.",
        "organisation": "Bewonersinitiatief Beijum Beweegt",
        "privacy_nl": "We gebruiken je gegevens alleen om je uit te nodigen.",
        "privacy_en": "We only use your details to invite you.",
        "wijken": wijken,
        "audiences": [Audience.EVERYONE, Audience.OLDER],
        "join_ways": [JoinWay.TAKE_PART, JoinWay.VOLUNTEER],
        "location": "Trefpunt, Beijum",
    }
    values.update(overrides)
    return services.ProjectData(**values)


@pytest.fixture
def make_project(app: Flask, make_wijk: Callable[..., Wijk]) -> Callable[..., Project]:
    counter = iter(range(1, 10_000))

    def make(wijk: Wijk | None = None, **overrides: Any) -> Project:
        number = next(counter)
        overrides.setdefault("slug", f"project-{number}")
        project = services.create_project(None, project_data([wijk or make_wijk()], **overrides))
        db.session.commit()
        return project

    return make
