from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from wijkbudget.api.labels import SCOPE_LABELS
from wijkbudget.api.tokens import SCOPES
from wijkbudget.forms import AppForm


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class IssueTokenForm(AppForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Please fill this in.")), Length(max=120)],
        description=_l("Who uses the token, for example: Gemeente Groningen, dashboard."),
    )
    scopes = MultiCheckboxField(
        _l("What the token may read"),
        choices=[SelectChoice(scope, SCOPE_LABELS[scope]) for scope in SCOPES],
        validators=[DataRequired(message=_l("Choose at least one thing this token may read."))],
        validate_choice=False,  # the service names a wrong choice
    )
    expires_on = DateField(
        _l("Valid until (optional)"),
        validators=[Optional()],
        description=_l("The token works until the end of this day. Empty: until you revoke it."),
    )
    submit = SubmitField(_l("Make the token"))


class RevokeTokenForm(AppForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Revoke the token"))
