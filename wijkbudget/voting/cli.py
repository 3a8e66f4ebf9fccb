"""``flask --app wijkbudget demo codes`` and ``flask --app wijkbudget voting letters``."""

from __future__ import annotations

from pathlib import Path

import click

from wijkbudget.extensions import db
from wijkbudget.voting import demo, letters, services
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl

voting_cli = click.Group("voting", help="Voting: stemcodes and letters.")


@click.command("codes")
@click.option("--wijk", "wijk_slug", default="beijum", show_default=True)
@click.option("--count", type=click.IntRange(1, 1000), default=5, show_default=True)
def demo_codes(wijk_slug: str, count: int) -> None:
    """Print COUNT fresh stemcodes for the demo's voting round, one per line (demo only)."""
    from wijkbudget.demo import demo_users

    if not demo_users():
        raise click.ClickException("This is not a demo database: no stemcodes are printed.")
    try:
        made = demo.fresh_codes(wijk_slug, count, today_in_nl())
    except services.VotingError as error:
        raise click.ClickException(f"No open voting round for wijk {wijk_slug!r}.") from error
    db.session.commit()
    for code in made:
        click.echo(code)


@voting_cli.command("letters")
@click.option("--round", "round_id", type=int, required=True, help="The id of the round.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--csv", "as_csv", is_flag=True, help="A CSV for a printing house instead of a PDF.")
def make_letters(round_id: int, out: Path, as_csv: bool) -> None:
    """Make a stemcode for every resident without one, and write the letters to OUT."""
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise click.ClickException(f"There is no round {round_id}.")
    if out.exists():
        raise click.ClickException(f"{out} exists already; the codes would be lost. Pick another.")
    total = len(services.addresses_of(round_))
    with click.progressbar(length=total, label="Stemcodes") as bar:
        made = services.issue_codes(None, round_, progress=bar.update)
    if not made:
        click.echo("Every resident on the list has a letter already.")
        return
    if as_csv:
        out.write_text(letters.letters_csv(made), encoding="utf-8")
    else:
        with click.progressbar(length=len(made), label="Letters") as bar:
            out.write_bytes(letters.letters_pdf(round_, made, progress=bar.update))
    out.chmod(0o600)
    db.session.commit()  # only once the letters are safely written
    click.echo(f"{len(made)} letter(s) written to {out}.")


def init_app(app: object, demo_cli: click.Group) -> None:
    demo_cli.add_command(demo_codes)
    app.cli.add_command(voting_cli)  # type: ignore[attr-defined]
