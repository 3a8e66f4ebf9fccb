from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from wijkbudget.forms import AppForm
from wijkbudget.voting.labels import BALLOT_TYPE_LABELS, RULE_LABELS
from wijkbudget.voting.models import BallotType

_required = DataRequired(message=_l("Please fill this in."))
_number = InputRequired(message=_l("Fill in a number."))


class CodeForm(AppForm):
    code = StringField(
        _l("Your stemcode"),
        validators=[_required, Length(max=40)],
        description=_l("The code is on your letter, for example K7PM-X3QD-9HTW."),
    )
    submit = SubmitField(_l("Next"))


class BallotForm(AppForm):
    """Only the stemcode and CSRF: the choices are read from the checkboxes by the view."""

    code = HiddenField()


class SetupForm(AppForm):
    ballot_type = RadioField(
        _l("How residents vote"),
        choices=[SelectChoice(t.value, label) for t, label in BALLOT_TYPE_LABELS.items()],
        validators=[_required],
    )
    max_choices = IntegerField(
        _l("At most this many ideas"),
        validators=[_number, NumberRange(1, 100)],
        description=_l("Only for “choose up to a number of ideas”."),
        default=5,
    )
    min_share_percent = IntegerField(
        _l("Spend at least this part of the budget (percent)"),
        validators=[_number, NumberRange(0, 100)],
        description=_l("Only for “fit the budget”. 0: no minimum."),
        default=0,
    )
    points = IntegerField(
        _l("Points per voter"),
        validators=[_number, NumberRange(1, 1000)],
        description=_l("Only for “spread points”."),
        default=10,
    )
    counting_rule = RadioField(
        _l("How the votes are counted"),
        choices=[SelectChoice(rule, label) for rule, label in RULE_LABELS.items()],
        validators=[_required],
        default="greedy",
    )
    minimum_age = IntegerField(
        _l("Minimum age to vote"), validators=[_number, NumberRange(0, 120)], default=16
    )
    submit = SubmitField(_l("Save the set-up"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.ballot_type.data:
            self.ballot_type.data = BallotType.KNAPSACK.value


class OpenForm(AppForm):
    submit = SubmitField(_l("Open voting now"))


class ImportForm(AppForm):
    file = FileField(
        _l("File with addresses (CSV)"),
        description=_l(
            "Columns: postcode, huisnummer, toevoeging, stemgerechtigden. "
            "One line per address. Nothing is imported if a line is wrong."
        ),
    )
    submit = SubmitField(_l("Import the addresses"))


class LettersForm(AppForm):
    kind = RadioField(
        _l("What to make"),
        choices=[
            SelectChoice("pdf", _l("Letters to print (PDF)")),
            SelectChoice("csv", _l("A list for a printing house (CSV)")),
        ],
        default="pdf",
        validators=[_required],
    )
    submit = SubmitField(_l("Make stemcodes and letters"))


class ReplaceForm(AppForm):
    postcode = StringField(_l("Postcode"), validators=[_required, Length(max=7)])
    house_number = IntegerField(_l("House number"), validators=[_number, NumberRange(1, 99_999)])
    addition = StringField(_l("Addition"), validators=[Optional(), Length(max=10)])
    letter_number = IntegerField(
        _l("Number of the letter"),
        validators=[_number, NumberRange(1, 50)],
        description=_l("On the letter: “letter 2 of 3” means number 2."),
        default=1,
    )
    reason = TextAreaField(_l("Reason"), validators=[_required, Length(max=500)])
    submit = SubmitField(_l("Make a new letter"))
