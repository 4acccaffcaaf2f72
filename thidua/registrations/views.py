"""Registrations: unit staff draft the lines, the unit head submits, the office accepts or returns."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from peewee import JOIN

from .. import roles, workflow
from ..admin.forms import choices
from ..authz import gate_blueprint
from ..forms_support import CommentForm
from ..campaigns.views import get_campaign_or_404
from ..flows import REGISTRATION
from ..models import AuditLog, AwardKind, Campaign, Person, Registration, RegistrationLine, User
from ..web import render, render_fragment, wants_fragment
from . import rules, services
from .forms import LineForm

bp = Blueprint("registrations", __name__, url_prefix="/registrations")
gate_blueprint(bp, roles.UNIT_STAFF, roles.UNIT_HEAD, roles.OFFICE, roles.LEADER, roles.COUNCIL_CHAIR,
               roles.COUNCIL_MEMBER)


def get_registration_or_404(registration_id: int) -> Registration:
    """The registration, if the user may see it: Committee-wide roles all, unit users their own unit's."""
    registration = (Registration.select(Registration, Campaign).join(Campaign)
                    .where(Registration.id == registration_id).first())
    if registration is None or not current_user.can_see_unit(registration.unit_id):
        abort(404)
    return registration


def _line_choices(registration: Registration, form: LineForm) -> None:
    """Offer the unit's active people and the catalogue entries valid for the chosen subject."""
    subject = form.subject.data or "individual"
    people = (Person.select(Person.id, Person.full_name, Person.position)
              .where(Person.unit == registration.unit_id, Person.active == True)  # noqa: E712
              .order_by(Person.sort_key))
    form.person_id.choices = choices([("", "— Chọn cá nhân —")] + [
        (p.id, f"{p.full_name} — {p.position}" if p.position else p.full_name) for p in people])
    kinds = (AwardKind.select().where(AwardKind.regime == registration.campaign.regime_id,
                                      AwardKind.active == True,  # noqa: E712
                                      AwardKind.subject.in_([subject, "both"]))
             .order_by(AwardKind.category.desc(), AwardKind.sort_order))
    form.award_kind_id.choices = choices([("", "— Chọn danh hiệu, hình thức —")] + [
        (k.id, f"{k.name} ({k.category_label.lower()})") for k in kinds])


def _lines(registration: Registration) -> list[RegistrationLine]:
    return list(RegistrationLine.select(RegistrationLine, AwardKind, Person)
                .join(AwardKind).switch(RegistrationLine).join(Person, JOIN.LEFT_OUTER)
                .where(RegistrationLine.registration == registration)
                .order_by(RegistrationLine.subject, AwardKind.sort_order, Person.sort_key))


def _history(registration: Registration):
    return (AuditLog.select(AuditLog, User).join(User, JOIN.LEFT_OUTER)
            .where(AuditLog.object_type == "registration", AuditLog.object_id == registration.id,
                   AuditLog.action.in_(["create", "submit", "accept", "return"]))
            .order_by(AuditLog.at, AuditLog.id))


def _context(registration: Registration, form: LineForm | None = None, message: str | None = None) -> dict:
    editable = services.can_edit(registration, current_user)
    if form is None:
        form = LineForm(formdata=None)
    _line_choices(registration, form)
    return {
        "registration": registration,
        "campaign": registration.campaign,
        "lines": _lines(registration),
        "editable": editable,
        "form": form,
        "message": message,
        "actions": workflow.available(registration, current_user),
        "states": REGISTRATION.states,
        "deadline": rules.effective_deadline(registration),
        "transition_form": CommentForm(formdata=None),
        "history": list(_history(registration)),
    }


@bp.route("/start/<int:campaign_id>", methods=["POST"])
def start(campaign_id: int):
    """Open (or create) the user's unit's registration for a campaign."""
    campaign = get_campaign_or_404(campaign_id)
    registration = services.start(campaign, current_user._get_current_object())
    return redirect(url_for("registrations.detail", registration_id=registration.id), 303)


@bp.route("/<int:registration_id>")
def detail(registration_id: int):
    """Show a registration: its lines, the form to add one, its actions and history."""
    registration = get_registration_or_404(registration_id)
    return render("registrations/detail.html", **_context(registration))


def _section(registration: Registration, form=None, message=None, status: int = 200):
    """Answer a change of lines: the lines section for htmx, the page otherwise."""
    if wants_fragment():
        return render_fragment("registrations/_lines_section.html", status, **_context(registration, form, message))
    if message:
        flash(message, "error")
    return redirect(url_for("registrations.detail", registration_id=registration.id), 303)


@bp.route("/<int:registration_id>/lines", methods=["POST"])
def line_add(registration_id: int):
    """Add one line: the unit as a collective, or a person, with a title or award form."""
    registration = get_registration_or_404(registration_id)
    form = LineForm()
    _line_choices(registration, form)
    if not form.validate_on_submit():
        return _section(registration, form, "Vui lòng kiểm tra lại các ô đã chọn.", 422)
    try:
        services.add_line(registration, form.subject.data, form.person_id.data, form.award_kind_id.data,
                          current_user._get_current_object())
    except services.LineError as error:
        return _section(registration, form, error.message, 422)
    return _section(registration)


@bp.route("/<int:registration_id>/lines/check", methods=["POST"])
def line_check(registration_id: int):
    """Validate the line being typed and refresh its choices, without saving anything."""
    registration = get_registration_or_404(registration_id)
    if not services.can_edit(registration, current_user):
        abort(403)
    form = LineForm()
    _line_choices(registration, form)
    message = None
    subject = form.subject.data
    person = (Person.get_or_none(Person.id == form.person_id.data, Person.unit == registration.unit_id)
              if form.person_id.data else None)
    kind = AwardKind.get_or_none(AwardKind.id == form.award_kind_id.data) if form.award_kind_id.data else None
    if kind is not None and (subject == "collective" or person is not None):
        message = rules.line_error(registration, subject, person if subject == "individual" else None, kind)
    return render_fragment("registrations/_line_form.html", registration=registration, form=form,
                           message=message, checked=kind is not None and message is None)


@bp.route("/<int:registration_id>/lines/<int:line_id>/delete", methods=["POST"])
def line_delete(registration_id: int, line_id: int):
    """Remove one line."""
    registration = get_registration_or_404(registration_id)
    line = RegistrationLine.get_or_none(RegistrationLine.id == line_id, RegistrationLine.registration == registration)
    if line is None:
        abort(404)
    services.remove_line(registration, line, current_user._get_current_object())
    return _section(registration)


@bp.route("/<int:registration_id>/actions/<action>", methods=["POST"])
def act(registration_id: int, action: str):
    """Submit, accept or return the registration through the workflow."""
    registration = get_registration_or_404(registration_id)
    form = CommentForm()
    workflow.apply(registration, action, current_user._get_current_object(), form.comment.data or "",
                   expected_version=request.form.get("version", type=int))
    flash(f"Bản đăng ký của {registration.unit.name}: {REGISTRATION.label(registration.status).lower()}.",
          "success")
    return redirect(url_for("registrations.detail", registration_id=registration.id), 303)
