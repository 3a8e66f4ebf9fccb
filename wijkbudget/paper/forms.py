"""Forms of paper voting. The choices of a sheet are read from the checkboxes by the view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from wijkbudget.forms import AppForm
from wijkbudget.paper.labels import ASSIST_LABELS, INVALID_LABELS, STATE_LABELS
from wijkbudget.paper.services import MAX_PRINT

_required = DataRequired(message=_l("Please fill this in."))


class PrintForm(AppForm):
    count = IntegerField(
        _l("How many ballots"),
        validators=[
            InputRequired(message=_l("Fill in a number.")),
            NumberRange(1, MAX_PRINT, message=_l("Print between 1 and %(max)d at a time.")),
        ],
        default=50,
        description=_l("Each ballot gets its own number. Numbers follow on from earlier prints."),
    )
    submit = SubmitField(_l("Make the ballots (PDF)"))


def _serial_field(label: LazyString) -> StringField:
    return StringField(
        label,
        validators=[_required, Length(max=20)],
        description=_l("At the top of the ballot, for example 0012-5."),
    )


class IssueForm(AppForm):
    code = StringField(
        _l("Stemcode on the letter"),
        validators=[_required, Length(max=40)],
        description=_l("Type the code, or scan the QR code on the letter."),
    )
    serial = _serial_field(_l("Number of the ballot you hand out"))
    submit = SubmitField(_l("Hand out this ballot"))


class EntryForm(AppForm):
    serial = _serial_field(_l("Number of the ballot"))
    state = RadioField(
        _l("What is on the ballot?"),
        choices=[SelectChoice(state.value, label) for state, label in STATE_LABELS.items()],
        validators=[_required],
        default="valid",
    )
    invalid_reason = SelectField(
        _l("Why is it invalid?"),
        choices=[SelectChoice("", _l("(only for an invalid ballot)"))]
        + [SelectChoice(reason.value, label) for reason, label in INVALID_LABELS.items()],
        default="",
    )
    submit = SubmitField(_l("Save this entry"))


class ResolveForm(EntryForm):
    reason = TextAreaField(
        _l("Why is this what the ballot says?"),
        validators=[_required, Length(max=2000)],
        description=_l("Look at the paper ballot itself. Others can read your reason later."),
    )
    submit = SubmitField(_l("Decide"))


class OverrideForm(AppForm):
    reason = TextAreaField(
        _l("Why may the count start anyway?"),
        validators=[_required, Length(max=2000)],
    )
    submit = SubmitField(_l("Allow the count"))


class AssistForm(AppForm):
    kind = RadioField(
        _l("Who is voting?"),
        choices=[SelectChoice(kind.value, label) for kind, label in ASSIST_LABELS.items()],
        validators=[_required],
        default="present",
    )
    consent = BooleanField(
        _l("I have seen the letter and the resident's signed consent (only for a proxy)")
    )
    submit = SubmitField(_l("Go to the ballot"))
