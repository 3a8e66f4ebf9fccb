"""``flask --app wijkbudget export …`` writes the same files as the pages."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.exports.conftest import CRITERIA_REASON, Scenario
from tests.exports.helpers import by_header, csv_rows, xlsx_rows


def _run(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_initiatives_and_participation_of_a_round(
    app: Flask, tmp_path: Path, closed: Scenario
) -> None:
    out = tmp_path / "ideeen.xlsx"
    assert "5 row(s) written" in _run(app, "initiatives", str(closed.round.id), "-o", str(out))
    rows = by_header(xlsx_rows(out.read_bytes()))
    assert next(r for r in rows if r["Titel"] == "Nieuwe sporthal")["Status"] == "Niet toegelaten"
    csv_out = tmp_path / "opkomst.csv"
    _run(app, "participation", str(closed.round.id), "--format", "csv", "-o", str(csv_out))
    assert ["Postcodegebied", "9731", "11", "12", "91,7"] in csv_rows(csv_out.read_bytes())


def test_results_only_once_published(app: Flask, tmp_path: Path, closed: Scenario) -> None:
    out = tmp_path / "uitslag.xlsx"
    refused = app.test_cli_runner().invoke(
        args=["export", "results", str(closed.round.id), "-o", str(out)]
    )
    assert refused.exit_code != 0 and "not published" in refused.output
    assert not out.exists()


def test_results_in_english_and_across_wijken(
    app: Flask, tmp_path: Path, published: Scenario
) -> None:
    out = tmp_path / "results.csv"
    _run(app, "results", str(published.round.id), "--format", "csv", "--lang", "en", "-o", str(out))
    rows = by_header(csv_rows(out.read_bytes()))
    assert next(r for r in rows if r["Title"] == "Speeltuin Beijum")["Votes in total"] == "24"
    every = tmp_path / "alle.xlsx"
    _run(app, "all", "results", "--year", str(published.round.year), "-o", str(every))
    assert {r["Wijk"] for r in by_header(xlsx_rows(every.read_bytes()))} == {"Beijum"}
    none = tmp_path / "geen.xlsx"
    assert "0 row(s)" in _run(app, "all", "initiatives", "--year", "1999", "-o", str(none))


def test_audit_extract_and_report(app: Flask, tmp_path: Path, published: Scenario) -> None:
    out = tmp_path / "logboek.csv"
    _run(
        app, "audit", "--wijk", "beijum", "--since", "2000-01-01", "--format", "csv", "-o", str(out)
    )
    reasons = [r["Waarom"] for r in by_header(csv_rows(out.read_bytes()))]
    assert CRITERIA_REASON in reasons
    pdf = tmp_path / "rapport.pdf"
    assert "Report written" in _run(app, "report", str(published.round.id), "-o", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    missing = app.test_cli_runner().invoke(args=["export", "report", "999", "-o", str(pdf)])
    assert missing.exit_code != 0 and "There is no round 999" in missing.output
