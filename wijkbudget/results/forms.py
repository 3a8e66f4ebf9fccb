"""The forms of the results pages: each is only a button or two, with CSRF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional

from wijkbudget.forms import AppForm
from wijkbudget.results.labels import RULE_LABELS


class CountForm(AppForm):
    submit = SubmitField(_l("Count the votes"))


class PublishForm(AppForm):
    confirm = BooleanField(
        _l("I checked the outcome. Publish it for everyone; it cannot change after that."),
        validators=[DataRequired(message=_l("Tick the box to publish."))],
    )
    submit = SubmitField(_l("Publish the results"))


class ImportForm(AppForm):
    wijk = SelectField(_l("Wijk"), coerce=int)
    file = FileField(
        _l("Pabulib file (.pb)"),
        description=_l("A past vote, for example an earlier Stem van Groningen."),
    )
    year = IntegerField(
        _l("Year (optional)"),
        validators=[Optional(), NumberRange(min=1990, max=2100)],
        description=_l("Leave empty to take the year from the file."),
    )
    rule = SelectField(
        _l("Counting rule"),
        choices=[SelectChoice(name, label) for name, label in RULE_LABELS.items()],
        default="as-held",
    )
    submit = SubmitField(_l("Import the round"))
