"""Reports: unit staff write them, the unit head sends them, the office accepts or returns them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from .. import audit, roles, workflow
from ..attachments import service as attachments
from ..authz import gate_blueprint
from ..campaigns.views import get_campaign_or_404
from ..flows import EDITABLE_REPORT_STATES, REPORT
from ..forms_support import CommentForm
from ..models import Campaign, CampaignUnit, Report, Unit
from ..models.report import REPORT_KINDS
from ..web import fail, render
from . import services
from .forms import ReportTextForm, StartReportForm, UploadForm

bp = Blueprint("reports", __name__, url_prefix="/reports")
gate_blueprint(bp, roles.UNIT_STAFF, roles.UNIT_HEAD, roles.OFFICE, roles.LEADER, roles.COUNCIL_CHAIR,
               roles.COUNCIL_MEMBER)


def _visible(report_id: int) -> Report | None:
    report = Report.select(Report, Campaign).join(Campaign).where(Report.id == report_id).first()
    if report is None or not current_user.can_see_unit(report.unit_id):
        return None
    return report


def get_report_or_404(report_id: int) -> Report:
    report = _visible(report_id)
    if report is None:
        abort(404)
    return report


def _require_own_unit_writer(report: Report) -> None:
    """403 before any form is read for whoever may only read the report (the office, the council, the leader)."""
    if not (current_user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD) and current_user.unit_id == report.unit_id):
        abort(403)


def _can_view_files(report_id: int, user) -> bool:
    # As the report itself: the Committee-wide roles, and the unit's own people (not the IT admin).
    report = Report.get_or_none(Report.id == report_id)
    return report is not None and (user.is_committee_wide or (
        user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD) and user.unit_id == report.unit_id))


def _can_change_files(report_id: int, user) -> bool:
    report = Report.select(Report, Campaign).join(Campaign).where(Report.id == report_id).first()
    return report is not None and services.can_edit(report, user)


def _lock(report_id: int) -> None:
    workflow.lock_for_change(Report.get_by_id(report_id), EDITABLE_REPORT_STATES, services.LOCKED)


attachments.register_owner("report", can_view=_can_view_files, can_change=_can_change_files, lock=_lock)


def _history(report: Report):
    return audit.history_of("report", report.id)


def _page(report: Report, text_form=None, upload_form=None, status: int = 200):
    editable = services.can_edit(report, current_user)
    if text_form is None:
        text_form = ReportTextForm(formdata=None, obj=report)
    return render("reports/detail.html", status=status, report=report, campaign=report.campaign,
                  editable=editable, text_form=text_form, upload_form=upload_form or UploadForm(formdata=None),
                  files=attachments.list_for("report", report.id), actions=workflow.available(report, current_user),
                  states=REPORT.states, transition_form=CommentForm(formdata=None), history=_history(report))


@bp.route("/start/<int:campaign_id>", methods=["POST"])
def start(campaign_id: int):
    """Open (or create) the unit's report of the chosen kind for a campaign."""
    campaign = get_campaign_or_404(campaign_id)
    if not current_user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        abort(403)  # before the form: only a unit's own people open its reports
    form = StartReportForm()
    if not form.validate_on_submit():
        fail(422, "Loại báo cáo không hợp lệ.")
    report = services.start(campaign, form.kind.data, current_user._get_current_object())
    return redirect(url_for("reports.detail", report_id=report.id), 303)


@bp.route("/<int:report_id>")
def detail(report_id: int):
    """Show a report, its files, its actions and history."""
    return _page(get_report_or_404(report_id))


@bp.route("/<int:report_id>", methods=["POST"])
def save(report_id: int):
    """Save the report's period and text."""
    report = get_report_or_404(report_id)
    _require_own_unit_writer(report)
    form = ReportTextForm()
    if not form.validate_on_submit():
        return _page(report, text_form=form, status=422)
    services.save_text(report, form.period.data.strip(), (form.body.data or "").strip(),
                       current_user._get_current_object(), expected_version=request.form.get("version", type=int))
    flash("Đã lưu báo cáo.", "success")
    return redirect(url_for("reports.detail", report_id=report.id), 303)


@bp.route("/<int:report_id>/files", methods=["POST"])
def upload(report_id: int):
    """Attach a file to the report."""
    report = get_report_or_404(report_id)
    _require_own_unit_writer(report)
    form = UploadForm()
    if not form.validate_on_submit() or not form.file.data:
        form.file.errors = list(form.file.errors) + ["Vui lòng chọn tệp để tải lên."]
        return _page(report, upload_form=form, status=422)
    try:
        attached = services.attach(report, form.file.data, current_user._get_current_object())
    except attachments.AttachmentError as error:
        form.file.errors = list(form.file.errors) + [error.message]
        return _page(report, upload_form=form, status=422)
    flash(f"Đã đính kèm “{attached.original_name}”.", "success")
    return redirect(url_for("reports.detail", report_id=report.id), 303)


@bp.route("/<int:report_id>/actions/<action>", methods=["POST"])
def act(report_id: int, action: str):
    """Send, accept or return the report through the workflow."""
    report = get_report_or_404(report_id)
    form = CommentForm()
    workflow.apply(report, action, current_user._get_current_object(), form.comment.data or "",
                   expected_version=request.form.get("version", type=int))
    flash(f"Báo cáo của {report.unit.name}: {REPORT.label(report.status).lower()}.", "success")
    return redirect(url_for("reports.detail", report_id=report.id), 303)


@bp.route("/campaign/<int:campaign_id>")
def by_campaign(campaign_id: int):
    """The office's view: which addressed units have reported, of each kind, with dates."""
    if not current_user.is_committee_wide:
        abort(403)
    campaign = get_campaign_or_404(campaign_id)
    units = list(Unit.select().join(CampaignUnit).where(CampaignUnit.campaign == campaign)
                 .order_by(Unit.kind, Unit.sort_key))
    reports = {(r.unit_id, r.kind): r for r in Report.select().where(Report.campaign == campaign)}
    return render("reports/by_campaign.html", campaign=campaign, units=units, reports=reports, kinds=REPORT_KINDS,
                  states=REPORT.states)
