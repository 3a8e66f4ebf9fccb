from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from wijkbudget.auth.models import ASSIGNABLE_ROLES
from wijkbudget.forms import AppForm
from wijkbudget.money import parse_euros

_required = DataRequired(message=_l("Please fill this in."))
_date_required = DataRequired(message=_l("Fill in a date, for example 2026-03-01."))


class WijkForm(AppForm):
    name = StringField(_l("Name"), validators=[_required, Length(max=120)])
    slug = StringField(
        _l("Web address"),
        validators=[_required, Length(max=80)],
        description=_l("Small letters, digits and dashes, for example de-wijert."),
    )
    postcodes = StringField(
        _l("Postcodes"),
        validators=[Optional()],
        description=_l(
            "The four digits of every postcode area in this wijk, for example 9735 9736."
        ),
    )
    description = TextAreaField(_l("Short description"), validators=[Optional(), Length(max=2000)])
    themes = TextAreaField(
        _l("Themes"),
        validators=[Optional(), Length(max=2000)],
        description=_l("One theme per line. Residents choose one for their idea."),
    )
    reason = TextAreaField(_l("Reason for the change"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))


class RoundForm(AppForm):
    year = IntegerField(
        _l("Year"),
        validators=[_required, NumberRange(min=2000, max=2100, message=_l("Fill in a year."))],
    )
    title = StringField(_l("Title"), validators=[_required, Length(max=200)])
    budget = StringField(
        _l("Budget in euros"),
        validators=[_required],
        default="25.000",
        description=_l("For example 25.000 or 25.000,00."),
    )
    initiative_maximum = StringField(
        _l("At most per idea, in euros (optional)"),
        validators=[Optional()],
        description=_l("Leave empty: an idea may ask for the whole budget."),
    )
    reviews_needed = IntegerField(
        _l("Reviews needed per idea"),
        default=2,
        validators=[_required, NumberRange(min=1, max=20, message=_l("Choose between 1 and 20."))],
    )
    submission_start = DateField(_l("Submitting ideas starts on"), validators=[_date_required])
    review_start = DateField(_l("Check by the werkgroep starts on"), validators=[_date_required])
    voting_start = DateField(_l("Voting starts on"), validators=[_date_required])
    voting_end = DateField(_l("Last day of voting"), validators=[_date_required])
    results_date = DateField(_l("Results are published on"), validators=[_date_required])
    reason = TextAreaField(
        _l("Reason for the change"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Needed when the round has started: residents can read why it changed."),
    )
    submit = SubmitField(_l("Save"))

    def validate_budget(self, field: StringField) -> None:
        cents = parse_euros(field.data or "")
        if cents is None or cents <= 0:
            raise ValidationError(_l("Fill in an amount in euros, for example 25.000."))

    def validate_initiative_maximum(self, field: StringField) -> None:
        if field.data and (parse_euros(field.data) or 0) <= 0:
            raise ValidationError(_l("Fill in an amount in euros, for example 5.000."))

    def max_per_initiative_cents(self) -> int:
        return parse_euros(self.initiative_maximum.data or "") or 0

    def budget_cents(self) -> int:
        cents = parse_euros(self.budget.data or "")
        assert cents is not None  # validate_budget ran
        return cents

    def dates(self) -> dict[str, date]:
        return {
            name: getattr(self, name).data
            for name in (
                "submission_start",
                "review_start",
                "voting_start",
                "voting_end",
                "results_date",
            )
        }


class UserSearchForm(AppForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search by name or e-mail"), validators=[Optional(), Length(max=254)])


class AssignRoleForm(AppForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value) for r in ASSIGNABLE_ROLES])
    wijk = SelectField(_l("Wijk"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Why"), validators=[_required, Length(max=2000)])
    submit = SubmitField(_l("Give role"))


class RevokeRoleForm(AppForm):
    assignment_id = HiddenField(validators=[_required])
    reason = StringField(_l("Why"), validators=[_required, Length(max=2000)])
    submit = SubmitField(_l("Take back role"))


class AuditFilterForm(AppForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    wijk = SelectField(_l("Wijk"), choices=[], validate_choice=False)
    action = SelectField(_l("What"), choices=[], validate_choice=False)
    who = StringField(_l("Who (name or e-mail)"), validators=[Optional(), Length(max=254)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
