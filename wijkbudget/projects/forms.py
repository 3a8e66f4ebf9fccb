from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from wijkbudget.forms import AppForm
from wijkbudget.projects.labels import (
    AUDIENCE_LABELS,
    LINE_LABELS,
    STATUS_LABELS,
    WAY_LABELS,
)
from wijkbudget.projects.models import Audience, JoinWay, ProgrammeLine, SignupStatus

_required = DataRequired(message=_l("Please fill this in."))
_phone = Regexp(
    r"^\+?[0-9 ()-]{8,20}$",
    message=_l("Fill in a phone number, for example 06 12345678."),
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SignupForm(AppForm):
    name = StringField(_l("Your name"), validators=[_required, Length(max=120)])
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            Email(message=_l("Fill in an e-mail address, for example naam@voorbeeld.nl.")),
            Length(max=254),
        ],
        description=_l("We send you a confirmation. Or fill in your phone number below."),
    )
    phone = StringField(
        _l("Phone number"),
        validators=[Optional(), _phone],
        description=_l("Only if you have no e-mail address, or if you want to be called."),
    )
    way = RadioField(_l("How do you want to join?"), validators=[_required], choices=[])
    message = TextAreaField(
        _l("Message (you may leave this empty)"),
        validators=[Optional(), Length(max=2000)],
        description=_l("For example: a question, or when you can be reached."),
    )
    guardian_name = StringField(
        _l("Name of the parent or guardian"), validators=[Optional(), Length(max=120)]
    )
    child_age = IntegerField(
        _l("Age of the child"),
        validators=[
            Optional(),
            NumberRange(min=0, max=120, message=_l("Fill in an age in years.")),
        ],
    )
    guardian_consent = BooleanField(
        _l("I am the parent or guardian and I give permission for my child to join.")
    )
    submit = SubmitField(_l("Sign up"))

    def set_ways(self, ways: list[JoinWay]) -> None:
        self.way.choices = [SelectChoice(w.value, str(WAY_LABELS[w])) for w in ways]
        if len(ways) == 1 and not self.way.data:
            self.way.data = ways[0].value

    def validate_email(self, field: EmailField) -> None:
        if not (field.data or "").strip() and not (self.phone.data or "").strip():
            raise ValidationError(_l("Fill in your e-mail address or your phone number."))


class CancelForm(AppForm):
    submit = SubmitField(_l("Cancel my sign-up"))


class ForgetForm(AppForm):
    forget = SubmitField(_l("Cancel and delete my details"))


class ProjectForm(AppForm):
    title_nl = StringField(_l("Name in Dutch"), validators=[_required, Length(max=160)])
    title_en = StringField(_l("Name in English"), validators=[_required, Length(max=160)])
    slug = StringField(
        _l("Web address"),
        validators=[_required, Length(max=80)],
        description=_l("Small letters, digits and dashes, for example beijum-beweegt."),
    )
    wijken = MultiCheckboxField(_l("Wijken"), coerce=int, choices=[])
    programme_line = SelectField(
        _l("Programme line"),
        choices=[SelectChoice(line.value, LINE_LABELS[line]) for line in ProgrammeLine],
        validators=[_required],
    )
    summary_nl = TextAreaField(
        _l("Short description in Dutch"),
        validators=[_required, Length(max=400)],
        description=_l("One or two short sentences. Use easy words (B1)."),
    )
    summary_en = TextAreaField(
        _l("Short description in English"), validators=[_required, Length(max=400)]
    )
    description_nl = TextAreaField(
        _l("Description in Dutch"),
        validators=[_required, Length(max=6000)],
        description=_l(
            "What happens, and why. Short sentences. An empty line starts a new paragraph."
        ),
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[_required, Length(max=6000)]
    )
    organisation = StringField(_l("Who runs it"), validators=[_required, Length(max=200)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)])
    contact_email = EmailField(
        _l("E-mail address of the contact person"),
        validators=[
            Optional(),
            Email(message=_l("Fill in an e-mail address, for example naam@voorbeeld.nl.")),
            Length(max=254),
        ],
    )
    contact_phone = StringField(
        _l("Phone number of the contact person"), validators=[Optional(), _phone]
    )
    location = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    schedule_nl = StringField(
        _l("When, in Dutch"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: Elke dinsdag van 10.00 tot 11.00 uur."),
    )
    schedule_en = StringField(_l("When, in English"), validators=[Optional(), Length(max=300)])
    audiences = MultiCheckboxField(
        _l("For whom"), choices=[SelectChoice(a.value, AUDIENCE_LABELS[a]) for a in Audience]
    )
    min_age = IntegerField(_l("Lowest age"), validators=[Optional(), NumberRange(min=0, max=120)])
    max_age = IntegerField(_l("Highest age"), validators=[Optional(), NumberRange(min=0, max=120)])
    join_ways = MultiCheckboxField(
        _l("Ways to join"), choices=[SelectChoice(w.value, WAY_LABELS[w]) for w in JoinWay]
    )
    capacity = IntegerField(
        _l("Number of places"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100_000, message=_l("Fill in a number of 1 or more.")),
        ],
        description=_l(
            "Leave empty when there is no limit. When it is full, people go on a waiting list."
        ),
    )
    signup_open = BooleanField(_l("Open for sign-up"))
    needs_guardian = BooleanField(
        _l("For children: a parent or guardian signs up and gives permission")
    )
    ends_on = DateField(
        _l("The project ends on"),
        validators=[Optional()],
        description=_l(
            "Sign-ups are deleted some time after this date. Leave empty when it keeps running."
        ),
    )
    privacy_nl = TextAreaField(
        _l("Privacy statement in Dutch"),
        validators=[_required, Length(max=4000)],
        description=_l(
            "Why you need the details of the people who sign up, and what you do with them."
        ),
    )
    privacy_en = TextAreaField(
        _l("Privacy statement in English"), validators=[_required, Length(max=4000)]
    )
    photo = FileField(
        _l("Photo (you may leave this empty)"),
        description=_l("A JPEG or PNG file of at most 5 MB."),
    )
    photo_alt_nl = StringField(
        _l("What is on the photo, in Dutch"), validators=[Optional(), Length(max=300)]
    )
    photo_alt_en = StringField(
        _l("What is on the photo, in English"), validators=[Optional(), Length(max=300)]
    )
    remove_photo = BooleanField(_l("Remove the photo"))
    reason = TextAreaField(
        _l("Reason for the change (you may leave this empty)"),
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField(_l("Save"))


class ActivityForm(AppForm):
    title_nl = StringField(_l("Activity in Dutch"), validators=[_required, Length(max=160)])
    title_en = StringField(_l("Activity in English"), validators=[_required, Length(max=160)])
    starts_at = DateTimeLocalField(
        _l("Starts at"),
        validators=[DataRequired(message=_l("Fill in a date and time."))],
        format="%Y-%m-%dT%H:%M",
    )
    ends_at = DateTimeLocalField(
        _l("Ends at"),
        validators=[DataRequired(message=_l("Fill in a date and time."))],
        format="%Y-%m-%dT%H:%M",
    )
    location = StringField(
        _l("Where (if not the usual place)"), validators=[Optional(), Length(max=200)]
    )
    submit = SubmitField(_l("Add activity"))


class RemoveForm(AppForm):
    item_id = HiddenField()
    submit = SubmitField(_l("Remove"))


class CoordinatorForm(AppForm):
    email = EmailField(
        _l("E-mail address of their account"),
        validators=[
            _required,
            Email(message=_l("Fill in an e-mail address, for example naam@voorbeeld.nl.")),
        ],
        description=_l("The coordinator must have a wijkbudget account already."),
    )
    submit = SubmitField(_l("Add coordinator"))


class SignupStatusForm(AppForm):
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(s.value, STATUS_LABELS[s]) for s in SignupStatus],
        description=_l("The waiting list is kept by wijkbudget: people move up by themselves."),
    )
    note = TextAreaField(
        _l("Notes"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Only for the people who run the project. Write only what is needed."),
    )
    submit = SubmitField(_l("Save"))


class MailForm(AppForm):
    recipients = MultiCheckboxField(
        _l("Send to"),
        choices=[
            SelectChoice(s.value, STATUS_LABELS[s])
            for s in SignupStatus
            if s is not SignupStatus.CANCELLED
        ],
        default=[SignupStatus.NEW.value, SignupStatus.CONTACTED.value, SignupStatus.JOINED.value],
    )
    subject = StringField(_l("Subject"), validators=[_required, Length(max=150)])
    body = TextAreaField(
        _l("Message"),
        validators=[_required, Length(max=5000)],
        description=_l("Write short sentences. A link to cancel is added under your message."),
    )
    submit = SubmitField(_l("Send e-mail"))
