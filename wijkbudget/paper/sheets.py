"""The printable paper ballots: one A4 page per numbered sheet (weasyprint)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import render_template
from flask_babel import force_locale

from wijkbudget.paper.models import PaperSheet
from wijkbudget.paper.serials import format_serial
from wijkbudget.voting.models import VotingSetup


def sheets_pdf(setup: VotingSetup, sheets: Sequence[PaperSheet]) -> bytes:
    """Every sheet with its serial, the frozen ideas with their cost and a box, instructions in
    B1 Dutch with English beside them."""
    from weasyprint import HTML

    assert setup.frozen is not None
    items = sorted(setup.frozen["initiatives"], key=lambda item: item["title"].lower())
    with force_locale("nl"):
        html = render_template(
            "paper/sheets_pdf.html",
            round=setup.round,
            setup=setup,
            items=items,
            serials=[format_serial(sheet.serial) for sheet in sheets],
        )
    return bytes(HTML(string=html).write_pdf())
