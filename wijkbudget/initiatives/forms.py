"""Forms for initiatives. Cost lines are a fixed set of rows, so the form works without JS."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError

from wijkbudget.forms import AppForm, SubForm
from wijkbudget.initiatives.services import InitiativeData
from wijkbudget.money import parse_euros

COST_ROWS = 6


class CostLineForm(SubForm):
    item = StringField(_l("What"), validators=[Optional(), Length(max=200)])
    amount = StringField(_l("Amount in euros"), validators=[Optional(), Length(max=20)])

    def validate_amount(self, field: StringField) -> None:
        if field.data and (parse_euros(field.data) or 0) <= 0:
            raise ValidationError(_l("Fill in an amount in euros, for example 125,50."))
        if field.data and not (self.item.data or "").strip():
            raise ValidationError(_l("Write down what this amount is for."))


class InitiativeForm(AppForm):
    title = StringField(
        _l("Name of your idea"),
        validators=[Length(max=120)],
        description=_l("Short and clear, for example: Picnic tables at the Beijum pond."),
    )
    summary = TextAreaField(_l("Your idea in one or two sentences"), validators=[Length(max=300)])
    description = TextAreaField(
        _l("Tell more about your idea"),
        description=_l("What do you want to do, for whom, and when? You may use *bold* and lists."),
        validators=[Length(max=10_000)],
    )
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    location = StringField(
        _l("Place in the wijk (optional)"), validators=[Optional(), Length(max=200)]
    )
    initiator_name = StringField(_l("Who is behind this idea?"), validators=[Length(max=120)])
    initiator_contact = StringField(
        _l("How can we reach you?"),
        description=_l("E-mail address or phone number. This is not published."),
        validators=[Length(max=254)],
    )
    group_name = StringField(
        _l("Group or club (optional)"), validators=[Optional(), Length(max=120)]
    )
    cost_lines = FieldList(FormField(CostLineForm), min_entries=COST_ROWS, max_entries=20)
    photo = FileField(_l("Photo (optional)"), description=_l("JPEG or PNG, at most 8 MB."))
    photo_alt = StringField(
        _l("What is on the photo?"),
        description=_l("For people who cannot see the photo."),
        validators=[Optional(), Length(max=200)],
    )
    consent_to_publish = BooleanField(
        _l("I agree that my idea and my name are published on this website.")
    )
    save = SubmitField(_l("Save as draft"))
    submit = SubmitField(_l("Send in"))

    def theme_id(self) -> int | None:
        value = self.theme.data or ""
        return int(value) if str(value).isdigit() else None

    def to_data(self) -> InitiativeData:
        lines = []
        for row in self.cost_lines:
            item = (row.item.data or "").strip()
            amount = parse_euros(row.amount.data or "") if row.amount.data else None
            if item and amount:
                lines.append((item, amount))
        return InitiativeData(
            title=self.title.data or "",
            summary=self.summary.data or "",
            description=self.description.data or "",
            initiator_name=self.initiator_name.data or "",
            initiator_contact=self.initiator_contact.data or "",
            group_name=self.group_name.data or "",
            theme_id=self.theme_id(),
            location=self.location.data or "",
            cost_lines=lines,
            consent_to_publish=bool(self.consent_to_publish.data),
        )


class AssistedForm(InitiativeForm):
    consent_recorded = BooleanField(
        _l("The resident agreed that the idea and their name are published.")
    )


class CorrectionForm(InitiativeForm):
    reason = StringField(_l("What did you correct, and why?"), validators=[Length(max=500)])


class FilterForm(AppForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)


class ModerationForm(AppForm):
    reason = TextAreaField(
        _l("Reason"),
        description=_l(
            "The initiator reads this. Needed to hide, ask for changes or mark as duplicate."
        ),
        validators=[Optional(), Length(max=2000)],
    )
    duplicate_of = SelectField(_l("Duplicate of"), choices=[], validate_choice=False)
    publish = SubmitField(_l("Publish"))
    request_changes = SubmitField(_l("Ask for changes"))
    hide = SubmitField(_l("Hide"))
    duplicate = SubmitField(_l("Mark as duplicate"))
