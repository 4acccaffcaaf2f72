"""Changes to a report outside its state: creating it, writing it, attaching files."""
from __future__ import annotations

from peewee import IntegrityError

from .. import audit, roles, workflow
from ..attachments import service as attachments
from ..db import db
from ..flows import EDITABLE_REPORT_STATES
from ..models import Report
from ..models.report import REPORT_KINDS
from ..registrations.rules import is_addressed
from ..workflow import WorkflowError

LOCKED = "Báo cáo đã gửi, không sửa được nữa. Nếu cần sửa, đề nghị Văn phòng Ban trả lại."


def can_edit(report: Report, user) -> bool:
    return (report.status in EDITABLE_REPORT_STATES and report.campaign.status == "published"
            and user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD) and user.unit_id == report.unit_id)


def _require_editable(report: Report, user) -> None:
    if report.campaign.status != "published":
        raise WorkflowError(409, "Kế hoạch thi đua đã kết thúc, không nhận báo cáo nữa.")
    if report.status not in EDITABLE_REPORT_STATES:
        raise WorkflowError(409, LOCKED)
    if not can_edit(report, user):
        raise WorkflowError(403, "Bạn không có quyền sửa báo cáo này.")


def start(campaign, kind: str, user) -> Report:
    """Open the unit's report of a kind for a campaign, creating the draft the first time."""
    if not user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        raise WorkflowError(403, "Chỉ cán bộ của đơn vị mới lập báo cáo.")
    if kind not in REPORT_KINDS:
        raise WorkflowError(422, "Loại báo cáo không hợp lệ.")
    if not is_addressed(campaign, user.unit_id):
        raise WorkflowError(409, "Kế hoạch này không gửi tới đơn vị của bạn.")
    if campaign.status != "published":
        raise WorkflowError(409, "Kế hoạch thi đua không còn nhận báo cáo.")
    existing = Report.get_or_none(Report.campaign == campaign, Report.unit == user.unit_id, Report.kind == kind)
    if existing is not None:
        return existing
    try:
        with db.atomic():
            report = Report.create(campaign=campaign, unit=user.unit_id, kind=kind, created_by=user,
                                   period=f"{REPORT_KINDS[kind]} năm {campaign.year}")
            audit.record("create", "report", report.id, after={"kind": kind}, actor=user)
    except IntegrityError:
        return Report.get(Report.campaign == campaign, Report.unit == user.unit_id, Report.kind == kind)
    return report


def save_text(report: Report, period: str, body: str, user, expected_version: int | None = None) -> None:
    _require_editable(report, user)
    with db.atomic():
        workflow.lock_for_change(report, EDITABLE_REPORT_STATES, LOCKED, expected_version)
        before = {"period": report.period, "body": report.body}
        Report.update(period=period, body=body).where(Report.id == report.id).execute()
        report.period, report.body = period, body
        old, new = audit.changes(before, {"period": period, "body": body})
        if new:
            audit.record("update", "report", report.id, before=old, after=new, actor=user)


def attach(report: Report, file_storage, user):
    _require_editable(report, user)
    with db.atomic():
        workflow.lock_for_change(report, EDITABLE_REPORT_STATES, LOCKED)
        return attachments.save_upload(file_storage, "report", report.id, user)
