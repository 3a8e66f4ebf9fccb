"""The export pages: one round (/ronde/<id>/exporteren) and across wijken (/exporteren)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, make_response, render_template, request
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from wijkbudget.auth.decorators import require
from wijkbudget.auth.permissions import can_export
from wijkbudget.exports import auditlog, initiatives, participation, report, results, rounds
from wijkbudget.exports.forms import AcrossAuditForm, AuditForm, YearForm
from wijkbudget.exports.permissions import can_export_across_wijken
from wijkbudget.exports.tables import Table
from wijkbudget.exports.writers import CSV_TYPE, XLSX_TYPE, to_csv, to_xlsx
from wijkbudget.extensions import db
from wijkbudget.results.services import published_outcome
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import today_in_nl

bp = Blueprint("exports", __name__)


@bp.record_once
def _globals(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals.update(
        {"can_export_across_wijken": can_export_across_wijken, "can_export_round": can_export}
    )


FORMATS = "any(csv, xlsx)"
ROUND_KINDS = "any(initiatieven, uitslag, opkomst)"
ROUND_TABLES: dict[str, Callable[[Round], Table]] = {
    "initiatieven": initiatives.round_table,
    "uitslag": results.round_table,
    "opkomst": participation.round_table,
}
ACROSS_TABLES: dict[str, Callable[[list[Round]], Table]] = {
    "initiatieven": initiatives.across_table,
    "uitslagen": results.across_table,
}


def _download(body: bytes, kind: str, name: str) -> Response:
    response = make_response(body)
    response.headers["Content-Type"] = kind
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _file(table: Table, fmt: str, name: str) -> Response:
    if fmt == "csv":
        return _download(to_csv(table), CSV_TYPE, f"{name}.csv")
    return _download(to_xlsx(table), XLSX_TYPE, f"{name}.xlsx")


def _round(round_id: int) -> Round:
    round_ = db.get_or_404(Round, round_id)
    if not can_export(current_user, round_, today_in_nl()):
        abort(403)
    return round_


def _round_page(round_: Round, audit_form: AuditForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "exports/round.html",
        round=round_,
        published=published_outcome(round_) is not None,
        audit_form=audit_form,
    ), status


@bp.get("/ronde/<int:round_id>/exporteren")
@login_required
def round_page(round_id: int) -> tuple[str, int]:
    return _round_page(_round(round_id), AuditForm(formdata=None))


@bp.get(f"/ronde/<int:round_id>/exporteren/<{ROUND_KINDS}:kind>.<{FORMATS}:fmt>")
@login_required
def round_download(round_id: int, kind: str, fmt: str) -> Response:
    round_ = _round(round_id)
    try:
        table = ROUND_TABLES[kind](round_)
    except results.NotPublished:
        abort(404)  # before publication nobody sees counts, not even that there are any
    return _file(table, fmt, f"{kind}-{round_.wijk.slug}-{round_.year}")


@bp.get("/ronde/<int:round_id>/exporteren/logboek")
@login_required
def round_audit(round_id: int) -> Response | tuple[str, int]:
    round_ = _round(round_id)
    form = AuditForm(request.args)
    if not form.validate():
        return _round_page(round_, form, 400)
    found = auditlog.round_entries(round_, form.since.data, form.until.data)
    name = f"logboek-{round_.wijk.slug}-{round_.year}"
    return _file(auditlog.table(found), form.fmt.data or "xlsx", name)


@bp.get("/ronde/<int:round_id>/exporteren/rapport.pdf")
@login_required
def round_report(round_id: int) -> Response:
    round_ = _round(round_id)
    name = f"rapport-{round_.wijk.slug}-{round_.year}.pdf"
    return _download(report.pdf(round_), "application/pdf", name)


# --- Across wijken ----------------------------------------------------------------------------

across_required = require(can_export_across_wijken)


def _year() -> int | None:
    raw = request.args.get("jaar", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def _across_page(audit_form: AcrossAuditForm, status: int = 200) -> tuple[str, int]:
    year = _year()
    year_form = YearForm(request.args)
    year_form.jaar.choices = [SelectChoice("", _("All years"))] + [
        SelectChoice(str(y), str(y)) for y in rounds.years()
    ]
    audit_form.wijk.choices = [SelectChoice("", _("All wijken"))] + [
        SelectChoice(str(w.id), w.name)
        for w in db.session.scalars(db.select(Wijk).order_by(Wijk.name))
    ]
    found = rounds.exportable_rounds(current_user, today_in_nl(), year)
    return render_template(
        "exports/across.html",
        year=year,
        year_form=year_form,
        audit_form=audit_form,
        rounds=found,
        published={r.id for r in found if published_outcome(r) is not None},
    ), status


@bp.get("/exporteren")
@across_required
def across_page() -> tuple[str, int]:
    return _across_page(AcrossAuditForm(formdata=None))


@bp.get(f"/exporteren/<any(initiatieven, uitslagen):kind>.<{FORMATS}:fmt>")
@across_required
def across_download(kind: str, fmt: str) -> Response:
    year = _year()
    found = rounds.exportable_rounds(current_user, today_in_nl(), year)
    table = ACROSS_TABLES[kind](found)
    return _file(table, fmt, f"{kind}-{year or 'alle-jaren'}")


@bp.get("/exporteren/logboek")
@across_required
def across_audit() -> Response | tuple[str, int]:
    form = AcrossAuditForm(request.args)
    if not form.validate():
        return _across_page(form, 400)
    raw = str(form.wijk.data or "")
    wijk_id = int(raw) if raw.isdigit() else None
    found = auditlog.entries(wijk_id, form.since.data, form.until.data)
    stamp = today_in_nl().isoformat()
    return _file(auditlog.table(found), form.fmt.data or "xlsx", f"logboek-{stamp}")
