"""``flask --app wijkbudget export …``: the same files as the export pages, written to disk.

The command line is for the people who run the server, so it asks no login; the rules that
protect residents still hold: results only once published, no personal data, small areas merged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import force_locale

from wijkbudget.exports import auditlog, initiatives, participation, report, results, rounds
from wijkbudget.exports.tables import Table
from wijkbudget.exports.writers import to_csv, to_xlsx
from wijkbudget.extensions import db
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import today_in_nl

export_cli = click.Group("export", help="Exports for the gemeente: CSV, XLSX and the PDF report.")
all_cli = click.Group("all", help="One file across all wijken (rounds whose voting has closed).")
export_cli.add_command(all_cli)

fmt_option = click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True
)
out_option = click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True
)
lang_option = click.option(
    "--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True
)
day = click.DateTime(formats=["%Y-%m-%d"])


def _round(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise click.ClickException(f"There is no round {round_id}.")
    return round_


def _write(build: Callable[[], Table], fmt: str, out: Path, lang: str) -> None:
    with current_app.test_request_context(), force_locale(lang):
        table = build()
        out.write_bytes(to_csv(table) if fmt == "csv" else to_xlsx(table))
    click.echo(f"{len(table.rows)} row(s) written to {out}.")


def _round_command(name: str, build: Callable[[Round], Table], help_text: str) -> None:
    @export_cli.command(name, help=help_text)
    @click.argument("round_id", type=int)
    @fmt_option
    @out_option
    @lang_option
    def command(round_id: int, fmt: str, out: Path, lang: str) -> None:
        round_ = _round(round_id)
        try:
            _write(lambda: build(round_), fmt, out, lang)
        except results.NotPublished as error:
            raise click.ClickException("The results of this round are not published.") from error


_round_command("initiatives", initiatives.round_table, "The ideas of ROUND_ID with decisions.")
_round_command("results", results.round_table, "Votes per idea of ROUND_ID, once published.")
_round_command(
    "participation", participation.round_table, "Turnout of ROUND_ID, small areas merged."
)


@export_cli.command("audit")
@click.argument("round_id", type=int, required=False)
@click.option("--wijk", "wijk_slug", help="All of one wijk instead of one round.")
@click.option("--since", type=day)
@click.option("--until", type=day)
@fmt_option
@out_option
@lang_option
def audit(
    round_id: int | None,
    wijk_slug: str | None,
    since: date | None,
    until: date | None,
    fmt: str,
    out: Path,
    lang: str,
) -> None:
    """The audit log of ROUND_ID (or of --wijk, or of everything), between two dates."""
    first = since.date() if since else None  # type: ignore[attr-defined]
    last = until.date() if until else None  # type: ignore[attr-defined]
    if round_id is not None:
        round_ = _round(round_id)
        _write(lambda: auditlog.table(auditlog.round_entries(round_, first, last)), fmt, out, lang)
        return
    wijk_id = None
    if wijk_slug:
        wijk = db.session.scalar(db.select(Wijk).where(Wijk.slug == wijk_slug))
        if wijk is None:
            raise click.ClickException(f"There is no wijk {wijk_slug!r}.")
        wijk_id = wijk.id
    _write(lambda: auditlog.table(auditlog.entries(wijk_id, first, last)), fmt, out, lang)


@export_cli.command("report")
@click.argument("round_id", type=int)
@out_option
@lang_option
def make_report(round_id: int, out: Path, lang: str) -> None:
    """The PDF report of ROUND_ID (without counts until the results are published)."""
    round_ = _round(round_id)
    with current_app.test_request_context(), force_locale(lang):
        out.write_bytes(report.pdf(round_))
    click.echo(f"Report written to {out}.")


def _all_command(name: str, build: Callable[[list[Round]], Table]) -> None:
    @all_cli.command(name, help=f"The {name} of every wijk (of --year, or all years).")
    @click.option("--year", type=int)
    @fmt_option
    @out_option
    @lang_option
    def command(year: int | None, fmt: str, out: Path, lang: str) -> None:
        _write(lambda: build(rounds.closed_rounds(today_in_nl(), year)), fmt, out, lang)


_all_command("initiatives", initiatives.across_table)
_all_command("results", results.across_table)


def init_app(app: Flask) -> None:
    """Register this feature's commands on app.cli."""
    app.cli.add_command(export_cli)
