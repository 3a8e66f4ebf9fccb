"""Filters for the exports: GET forms (they change nothing, so no CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, SelectField
from wtforms.validators import Optional

from wijkbudget.forms import AppForm

FORMAT_CHOICES = [
    SelectChoice("xlsx", _l("Spreadsheet (XLSX)")),
    SelectChoice("csv", _l("CSV (for Excel)")),
]


class AuditForm(AppForm):
    class Meta:
        csrf = False

    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
    fmt = RadioField(_l("File type"), choices=FORMAT_CHOICES, default="xlsx")


class AcrossAuditForm(AuditForm):
    wijk = SelectField(_l("Wijk"), choices=[], validate_choice=False)


class YearForm(AppForm):
    class Meta:
        csrf = False

    jaar = SelectField(_l("Year"), choices=[], validate_choice=False)
