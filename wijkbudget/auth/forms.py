"""Forms for accounts. Labels are lazy so they follow the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length

from wijkbudget.auth.services import MIN_PASSWORD_LENGTH
from wijkbudget.forms import AppForm

_password_length = Length(
    min=MIN_PASSWORD_LENGTH,
    max=200,
    message=_l("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
)
_required = DataRequired(message=_l("Please fill this in."))
_email = Email(message=_l("This is not an e-mail address. Example: naam@voorbeeld.nl"))


def _new_password(label: LazyString, again: LazyString) -> tuple[PasswordField, PasswordField]:
    """A new password typed twice, with the same rules wherever a password is chosen."""
    return (
        PasswordField(
            label,
            validators=[_required, _password_length],
            description=_l("At least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
        ),
        PasswordField(
            again,
            validators=[_required, EqualTo("password", message=_l("The two passwords differ."))],
        ),
    )


class LoginForm(AppForm):
    email = EmailField(_l("E-mail address"), validators=[_required, _email])
    password = PasswordField(_l("Password"), validators=[_required])
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class RegisterForm(AppForm):
    name = StringField(
        _l("Your name"),
        validators=[_required, Length(max=120)],
        description=_l("Other people see this name with your initiatives."),
    )
    email = EmailField(_l("E-mail address"), validators=[_required, _email, Length(max=254)])
    password, password_again = _new_password(_l("Password"), _l("Password again"))
    submit = SubmitField(_l("Create account"))


class ForgotPasswordForm(AppForm):
    email = EmailField(_l("E-mail address"), validators=[_required, _email])
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(AppForm):
    password, password_again = _new_password(_l("New password"), _l("New password again"))
    submit = SubmitField(_l("Save new password"))


class AccountForm(AppForm):
    name = StringField(_l("Your name"), validators=[_required, Length(max=120)])
    locale = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("nl", "Nederlands"),
            SelectChoice("en", "English", render_kw={"lang": "en"}),
        ],
        default="nl",
    )
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(AppForm):
    current_password = PasswordField(_l("Current password"), validators=[_required])
    password, password_again = _new_password(_l("New password"), _l("New password again"))
    submit = SubmitField(_l("Change password"))


class LanguageForm(AppForm):
    locale = HiddenField()
    next = HiddenField()


class LogoutForm(AppForm):
    submit = SubmitField(_l("Log out"))
