from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from wijkbudget.auth import notify, services, tokens
from wijkbudget.auth.forms import (
    AccountForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    RegisterForm,
    ResetPasswordForm,
)
from wijkbudget.auth.models import User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db, login_manager

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Sessions hold "id:token"; a new password changes the token and ends old sessions."""
    raw_id, _sep, token = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    user = db.session.get(User, int(raw_id))
    return user if user is not None and user.session_token == token else None


login_manager.login_view = "auth.login"
login_manager.login_message = None


def safe_next(target: str | None, fallback: str) -> str:
    """Only redirect to a path on this site, never to another host.

    Browsers read "//host", "////host" and "/\\host" as another host and drop tabs and
    newlines before they do, so all of those are refused (a newline would also break the
    Location header).
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(ch) < 32 or ord(ch) == 127 for ch in target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return fallback


def _may_mail(email: str) -> bool:
    config = current_app.config
    return services.may_send_mail(
        email,
        address=request.remote_addr or "unknown",
        now=utcnow(),
        per_email=config["MAIL_REQUESTS_PER_EMAIL"],
        per_address=config["MAIL_REQUESTS_PER_ADDRESS"],
        window=timedelta(hours=1),
    )


def _locale() -> str:
    return str(get_locale() or "nl")


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = services.authenticate(
                form.email.data or "",
                form.password.data or "",
                address=request.remote_addr or "unknown",
                now=utcnow(),
                max_per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
                max_per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
                window=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
            )
        except services.LoginThrottled:
            db.session.commit()
            minutes = config["LOGIN_FAILURE_WINDOW_MINUTES"]
            flash(_("Too many attempts. Try again in %(m)s minutes.", m=minutes), "error")
            return render_template("auth/login.html", form=form), 429
        except services.NotConfirmed:
            db.session.commit()
            flash(_("First confirm your account with the link in the e-mail we sent you."), "error")
        except services.InvalidLogin:
            db.session.commit()
            flash(_("E-mail address or password is not right."), "error")
        else:
            db.session.commit()
            login_user(user)
            if user.locale:
                session["locale"] = user.locale
            flash(_("You are logged in."), "success")
            return redirect(safe_next(form.next.data, url_for("pages.home")))
    return render_template("auth/login.html", form=form)


@bp.post("/uitloggen")
def logout() -> Response:
    form = LogoutForm()
    if form.validate_on_submit():
        locale = session.get("locale")
        logout_user()
        session.clear()
        if locale:
            session["locale"] = locale
        flash(_("You are logged out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/registreren", methods=["GET", "POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        user = services.register(email, form.name.data or "", form.password.data or "", _locale())
        may_mail = _may_mail(email)
        db.session.commit()
        if user is None:
            existing = services.find_user(email)
            if existing is not None and may_mail:
                notify.send_already_registered(existing, _locale())
        elif may_mail:
            notify.send_confirmation(user, _locale())
        return render_template("auth/check_mail.html", email=email)
    return render_template("auth/register.html", form=form)


@bp.get("/bevestigen/<token>")
def confirm(token: str) -> str | Response:
    max_age = current_app.config["ACCOUNT_CONFIRM_MAX_AGE_SECONDS"]
    user = tokens.user_for_token(token, tokens.CONFIRM, max_age)
    if user is None:
        return render_template("auth/link_invalid.html"), 400  # type: ignore[return-value]
    services.confirm(user, utcnow())
    db.session.commit()
    flash(_("Your account is confirmed. You can log in now."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password() -> str:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data or "")
        may_mail = _may_mail(form.email.data or "")
        db.session.commit()
        if user is not None and may_mail:
            notify.send_password_reset(user, _locale())
        return render_template("auth/check_mail.html", email=form.email.data, reset=True)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"]
    user = tokens.user_for_token(token, tokens.RESET, max_age)
    if user is None:
        return render_template("auth/link_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data or "")
        # Following the link proves the address, so an unconfirmed account is confirmed too.
        services.confirm(user, utcnow())
        db.session.commit()
        logout_user()
        flash(_("Your new password is saved. You can log in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> str | Response:
    form = AccountForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.submit.data and form.validate_on_submit():
        current_user.name = (form.name.data or "").strip()
        current_user.locale = form.locale.data
        session["locale"] = form.locale.data
        db.session.commit()
        flash(_("Your details are saved."), "success")
        return redirect(url_for("auth.account"))
    if password_form.submit.data and password_form.validate_on_submit():
        if not services.check_password(current_user, password_form.current_password.data or ""):
            password_form.current_password.errors.append(_("This is not your current password."))
        else:
            user: User = current_user._get_current_object()
            services.set_password(user, password_form.password.data or "")
            db.session.commit()
            login_user(user)  # keep this session: the new token ended all the others
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, password_form=password_form)


@bp.post("/taal")
def set_language() -> Response:
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    locale = request.form.get("locale", "")
    if locale not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = locale
    if current_user.is_authenticated:
        current_user.locale = locale
        db.session.commit()
    return redirect(safe_next(form.next.data, url_for("pages.home")))
