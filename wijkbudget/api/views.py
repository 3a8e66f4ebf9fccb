"""The API blueprint: the JSON API (``v1.py``) and the admin pages that issue and revoke tokens."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from wijkbudget.api import permissions, tokens
from wijkbudget.api.errors import ApiError, error_response
from wijkbudget.api.forms import IssueTokenForm, RevokeTokenForm
from wijkbudget.api.labels import ERROR_MESSAGES, SCOPE_LABELS
from wijkbudget.api.models import ApiToken
from wijkbudget.api.v1 import v1
from wijkbudget.auth.decorators import require
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.formhelpers import show_error

bp = Blueprint("api", __name__)
bp.register_blueprint(v1)

manage_required = require(permissions.can_manage_tokens)


@bp.after_app_request
def _json_errors_under_api(response: Response) -> Response:
    """Errors raised before a view runs (no such path, wrong method, a server error in the
    app's own handlers) are answered by the site's HTML error pages; under /api/ a program is
    asking, so it gets the JSON error instead."""
    if request.path.startswith("/api/") and response.status_code >= 400 and not response.is_json:
        return error_response(ApiError(response.status_code))
    return response


# --- Admin pages ------------------------------------------------------------------------------


def _page(form: IssueTokenForm, issued: tokens.Issued | None = None) -> Response:
    response = make_response(
        render_template(
            "api/tokens.html",
            form=form,
            issued=issued,
            tokens=tokens.all_tokens(),
            now=utcnow(),
            scope_labels=SCOPE_LABELS,
        )
    )
    # The page can show a new token's secret: never kept by the browser or a cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/beheer/api-tokens", methods=["GET", "POST"])
@manage_required
def token_list() -> Response:
    form = IssueTokenForm()
    if not form.validate_on_submit():
        return _page(form)
    expires_on = form.expires_on.data
    try:
        issued = tokens.issue(
            current_user,
            form.name.data or "",
            form.scopes.data or [],
            utcnow(),
            expires_at=tokens.expiry_after(expires_on) if expires_on else None,
        )
    except tokens.TokenError as error:
        db.session.rollback()
        show_error(form, error, ERROR_MESSAGES, "name")
        return _page(form)
    db.session.commit()
    # Shown on this answer only (not after a redirect): the secret never enters the session.
    return _page(IssueTokenForm(formdata=None), issued)


@bp.route("/beheer/api-tokens/<int:token_id>/intrekken", methods=["GET", "POST"])
@manage_required
def revoke(token_id: int) -> str | WerkzeugResponse:
    token = db.get_or_404(ApiToken, token_id)
    form = RevokeTokenForm()
    if token.revoked_at is None and form.validate_on_submit():
        tokens.revoke(current_user, token, utcnow(), form.reason.data or "")
        db.session.commit()
        flash(_("Token %(name)s is revoked. It no longer works.", name=token.name), "success")
        return redirect(url_for("api.token_list"))
    return render_template("api/revoke.html", form=form, token=token)
