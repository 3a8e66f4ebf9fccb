"""The wijk page shows the profile: goals per theme, figures as SVG chart and table, source."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from xml.etree import ElementTree

import pytest
from flask.testing import FlaskClient

from tests.helpers import text
from wijkbudget.extensions import db
from wijkbudget.profiles import charts
from wijkbudget.profiles.demo import load_demo
from wijkbudget.profiles.models import Unit
from wijkbudget.wijken.models import Wijk

SEVEN = {
    "vinkhuizen": "Vinkhuizen",
    "selwerd": "Selwerd",
    "de-hoogte": "De Hoogte",
    "indische-buurt": "Indische Buurt",
    "beijum": "Beijum",
    "lewenborg": "Lewenborg",
    "de-wijert": "De Wijert",
}


@pytest.fixture
def seven(make_wijk: Callable[..., Wijk]) -> dict[str, Wijk]:
    wijken = {slug: make_wijk(name) for slug, name in SEVEN.items()}
    load_demo(wijken, date(2026, 1, 1))
    db.session.commit()
    return wijken


@pytest.mark.parametrize(
    ("slug", "figures"),
    [
        ("beijum", ["21%", "15%", "5,3", "26%", "27%"]),
        ("de-wijert", ["19%", "12%", "22%", "17%", "4,3"]),
        ("de-hoogte", ["31%", "19%", "40%", "38%"]),
        ("vinkhuizen", ["24%", "34%", "5,2"]),
    ],
)
def test_each_wijk_shows_its_figures_next_to_the_rest_of_groningen(
    client: FlaskClient, seven: dict[str, Wijk], slug: str, figures: list[str]
) -> None:
    html = client.get(f"/wijk/{slug}").get_data(as_text=True)
    page = text(client.get(f"/wijk/{slug}"))
    assert "Minimahuishoudens" in page and "Uitvoeringsprogramma 2025-2026" in page
    assert "(2025)" in page
    for figure in figures:
        assert figure in page
    assert "12%" in page  # minimahuishoudens in the rest of Groningen
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == 5
    for svg in svgs:
        root = ElementTree.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-labelledby")
    assert html.count('<table class="figures-table">') == 5


def test_de_wijert_shows_its_own_targets(client: FlaskClient, seven: dict[str, Wijk]) -> None:
    assert "hoogstens 10%" in text(client.get("/wijk/de-wijert"))
    assert "hoogstens 10%" not in text(client.get("/wijk/beijum"))


def test_english_readers_get_english_names(client: FlaskClient, seven: dict[str, Wijk]) -> None:
    page = text(client.get("/wijk/beijum", headers={"Accept-Language": "en"}))
    assert "Low-income households" in page and "More people have a paid job." in page
    assert "5.3" in page


def test_a_wijk_without_figures_shows_no_profile(
    client: FlaskClient, make_wijk: Callable[..., Wijk]
) -> None:
    make_wijk("Paddepoel")
    assert "figures-table" not in client.get("/wijk/paddepoel").get_data(as_text=True)


def test_bars_use_a_fixed_honest_scale_and_escape_text() -> None:
    svg = charts.bar_chart(
        [
            charts.Group("A <b>", Unit.PERCENT, [charts.Bar("X & Y", charts.Decimal(50), "50%")]),
            charts.Group("S", Unit.SCORE, [charts.Bar("Z", charts.Decimal(20), "20", True)]),
        ],
        title="T",
        chart_id="c",
    )
    root = ElementTree.fromstring(str(svg))
    widths = [r.get("width") for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths == [
        str(charts.TRACK_WIDTH),
        str(charts.TRACK_WIDTH / 2),
        str(charts.TRACK_WIDTH),
        str(float(charts.TRACK_WIDTH)),
    ]
    assert "A &lt;b&gt;" in str(svg) and "X &amp; Y" in str(svg)
