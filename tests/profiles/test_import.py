"""Importing indicator figures from CSV: the real tables, and clear errors per bad row."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from wijkbudget.audit.models import AuditEntry
from wijkbudget.extensions import db
from wijkbudget.profiles import importer
from wijkbudget.profiles.demo import DEMO_FILE
from wijkbudget.profiles.models import Indicator, IndicatorValue, Unit
from wijkbudget.projects.models import ProgrammeLine
from wijkbudget.wijken.models import Wijk

SEVEN = ["Vinkhuizen", "Selwerd", "De Hoogte", "Indische Buurt", "Beijum", "Lewenborg", "De Wijert"]
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_8a3c2cbf7f5fec66.txt"


@pytest.fixture
def seven(make_wijk: Callable[..., Wijk]) -> dict[str, Wijk]:
    return {name: make_wijk(name) for name in SEVEN}


def value(indicator_key: str, wijk: Wijk) -> Decimal:
    found = db.session.scalar(
        sa.select(IndicatorValue.value)
        .join(Indicator)
        .where(Indicator.key == indicator_key, IndicatorValue.wijk_id == wijk.id)
    )
    assert found is not None
    return found


def test_the_demo_file_holds_every_figure_of_the_programme_document(seven: dict[str, Wijk]) -> None:
    summary = importer.import_indicators(None, DEMO_FILE.read_text(encoding="utf-8"))
    assert summary.indicators == 15 and summary.values == 15 * 7
    # Compare with the tables as extracted from the published PDF.
    seed_rows = [line.split("\t") for line in SEED.read_text(encoding="utf-8").splitlines()]
    checked = 0
    for cells in seed_rows:
        if len(cells) == 9 and cells[0].endswith(("(%)", "(score)")):
            name = cells[0].rsplit(" (", 1)[0].replace("Fenzaamheid", "Eenzaamheid")
            key = importer.slugify(name)
            for wijk_name, text in zip(SEVEN, cells[1:8], strict=True):
                assert value(key, seven[wijk_name]) == importer.parse_value(text)
            indicator = db.session.scalar(sa.select(Indicator).where(Indicator.key == key))
            assert indicator is not None
            assert indicator.groningen_value == importer.parse_value(cells[8])
            checked += 1
    assert checked == 15
    minima = db.session.scalar(sa.select(Indicator).where(Indicator.key == "minimahuishoudens"))
    assert minima is not None and (minima.theme, minima.unit) == (
        ProgrammeLine.WERKEN,
        Unit.PERCENT,
    )
    assert value("verloedering", seven["Beijum"]) == Decimal("5.3")


def test_the_raw_table_from_the_document_imports_with_theme_columns_added(
    seven: dict[str, Wijk],
) -> None:
    text = (
        "\tthema\tjaar\tbron\tVinkhuizen\tBeijum\tOverig Groningen\n"
        "Werkloosheid (%)\twerken\t2024\tBasismonitor\t13%\t15%\t7%\n"
        "Overlast (score)\tveilig zijn\t2024\tBasismonitor\t5,2\t4,4\t3,7\n"
    )
    importer.import_indicators(None, text)
    assert value("werkloosheid", seven["Beijum"]) == Decimal(15)
    overlast = db.session.scalar(sa.select(Indicator).where(Indicator.key == "overlast"))
    assert overlast is not None and overlast.unit is Unit.SCORE and overlast.name_en == "Overlast"


def test_a_second_import_updates_and_is_audited(seven: dict[str, Wijk]) -> None:
    header = "indicator;thema;eenheid;jaar;bron;Beijum\n"
    importer.import_indicators(None, header + "Werkloosheid;werken;%;2024;Basismonitor;15%\n")
    importer.import_indicators(None, header + "Werkloosheid;werken;%;2026;Basismonitor;11,5%\n")
    assert value("werkloosheid", seven["Beijum"]) == Decimal("11.5")
    query = sa.select(AuditEntry).where(AuditEntry.action == "indicator.import")
    entries = list(db.session.scalars(query.order_by(AuditEntry.id)))
    assert len(entries) == 2 and entries[-1].details["year"] == 2026


def test_every_bad_row_is_reported_and_nothing_is_imported(seven: dict[str, Wijk]) -> None:
    text = (
        "indicator;thema;eenheid;jaar;bron;Beijum;De Wijert;Overig Groningen\n"
        "Werkloosheid;werken;%;2024;Basismonitor;15%;12%;7%\n"
        "Armoede;geld;%;2024;Basismonitor;veel;12%;7%\n"
        ";werken;%;twintig;;1;2;3\n"
        "Werkloosheid;werken;%;2024;Basismonitor;150%;12%;7%\n"
        "Overlast;veilig zijn;punten;2024;Basismonitor;4,4;3,9;x\n"
    )
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_indicators(None, text)
    messages = [str(p) for p in failed.value.problems]
    assert (
        "line 3: theme 'geld' is unknown; use wonen, werken, leren, veilig zijn or meedoen"
        in messages
    )
    assert "line 3: the value for Beijum, 'veel', is not a number" in messages
    assert "line 4: the indicator has no name" in messages
    assert "line 4: year 'twintig' is not a year" in messages
    assert "line 4: the source is missing" in messages
    assert "line 5: 'Werkloosheid' is also on line 2" in messages
    assert "line 5: 150% is not between 0% and 100%" in messages
    assert "line 6: unit 'punten' is unknown; use % or score" in messages
    assert "line 6: the value for the rest of Groningen, 'x', is not a number" in messages
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Indicator)) == 0


def test_unknown_wijk_columns_and_empty_files(seven: dict[str, Wijk]) -> None:
    with pytest.raises(importer.ImportFailed, match="column 'Paddepoel' is not a wijk"):
        importer.parse("indicator,thema,eenheid,jaar,bron,Paddepoel\nA,wonen,%,2024,B,1\n")
    with pytest.raises(importer.ImportFailed, match="the file is empty"):
        importer.parse("")
    with pytest.raises(importer.ImportFailed, match="no figures"):
        importer.parse("indicator,thema,eenheid,jaar,bron,Beijum\n")


def test_excel_csv_in_windows_1252_is_read() -> None:
    data = "indicator;bron\nVeiligheidsgevoel;Enquête\n".encode("cp1252")
    assert "Enquête" in importer.decode(data)
    assert importer.decode("\ufeffa;b".encode()) == "a;b"


def test_cli_imports_and_reports_errors(app: Flask, seven: dict[str, Wijk], tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    good = tmp_path / "good.csv"
    good.write_bytes(DEMO_FILE.read_bytes())
    result = runner.invoke(args=["wijk", "import-indicators", str(good)])
    assert result.exit_code == 0, result.output
    assert "Imported 15 indicator(s) with 105 figure(s)" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator;thema;eenheid;jaar;bron;Beijum\nX;wonen;%;2024;B;abc\n", encoding="utf-8"
    )
    result = runner.invoke(args=["wijk", "import-indicators", str(bad)])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert "line 2: the value for Beijum, 'abc', is not a number" in result.output
