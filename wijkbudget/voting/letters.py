"""Letters with stemcodes: one PDF (weasyprint) with a QR code each, or a CSV for a printer.

The codes exist only in what these functions return; nothing is written to disk here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

import segno
from flask import current_app, render_template
from flask_babel import force_locale

from wijkbudget.voting.services import Letter
from wijkbudget.wijken.models import Round

Progress = Callable[[int], None]


def ballot_url(code: str) -> str:
    return f"{current_app.config['PUBLIC_URL']}/stem?code={code}"


def qr_data_uri(code: str) -> str:
    return str(segno.make(ballot_url(code), error="m").svg_data_uri(scale=4))


def letters_pdf(
    round_: Round, letters: Sequence[Letter], progress: Progress | None = None
) -> bytes:
    """All letters in one PDF, one page each, in Dutch with a line in English."""
    from weasyprint import HTML

    pages = []
    for letter in letters:
        pages.append(
            {"letter": letter, "qr": qr_data_uri(letter.code), "url": ballot_url(letter.code)}
        )
        if progress is not None:
            progress(1)
    count = {x.address.id: x.address.residents for x in letters if x.address}
    with force_locale("nl"):
        html = render_template(
            "voting/letters_pdf.html",
            round=round_,
            pages=pages,
            residents=count,
            public_url=current_app.config["PUBLIC_URL"],
        )
    return bytes(HTML(string=html).write_pdf())


def letters_csv(letters: Sequence[Letter]) -> str:
    """One line per letter for a printing house; the code and the link for the QR code."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["postcode", "huisnummer", "toevoeging", "brief", "stemcode", "link"])
    for letter in letters:
        address = letter.address
        writer.writerow(
            [
                address.postcode if address else "",
                address.house_number if address else "",
                address.addition if address else "",
                letter.letter_number,
                letter.code,
                ballot_url(letter.code),
            ]
        )
    return out.getvalue()
