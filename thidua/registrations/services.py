"""Changes to a registration's lines; its state changes go through workflow.apply()."""
from __future__ import annotations

from peewee import IntegrityError

from .. import audit, roles, workflow
from ..db import db
from ..flows import EDITABLE_REGISTRATION_STATES
from ..models import AwardKind, Campaign, Person, Registration, RegistrationLine
from ..workflow import WorkflowError
from . import rules


LOCKED = "Bản đăng ký đã nộp, không sửa được nữa. Nếu cần sửa, đề nghị Văn phòng Ban trả lại."
CLOSED = "Kế hoạch thi đua đã kết thúc, không nhận thay đổi bản đăng ký nữa."


class LineError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def can_edit(registration: Registration, user) -> bool:
    return (registration.status in EDITABLE_REGISTRATION_STATES
            and registration.campaign.status == "published"
            and user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD)
            and user.unit_id == registration.unit_id)


def _require_editable(registration: Registration, user) -> None:
    if registration.campaign.status != "published":
        raise WorkflowError(409, CLOSED)
    if registration.status not in EDITABLE_REGISTRATION_STATES:
        raise WorkflowError(409, LOCKED)
    if not can_edit(registration, user):
        raise WorkflowError(403, "Bạn không có quyền sửa bản đăng ký này.")


def start(campaign: Campaign, user) -> Registration:
    """Open the user's unit's registration for a campaign, creating the draft the first time."""
    if not user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        raise WorkflowError(403, "Chỉ cán bộ của đơn vị mới lập bản đăng ký.")
    if not rules.is_addressed(campaign, user.unit_id):
        raise WorkflowError(409, "Kế hoạch này không gửi tới đơn vị của bạn.")
    if campaign.status != "published":
        raise WorkflowError(409, "Kế hoạch thi đua không còn nhận đăng ký.")
    existing = Registration.get_or_none(Registration.campaign == campaign, Registration.unit == user.unit_id)
    if existing is not None:
        return existing
    try:
        with db.atomic():
            registration = Registration.create(campaign=campaign, unit=user.unit_id, created_by=user)
            audit.record("create", "registration", registration.id, after="draft", actor=user)
    except IntegrityError:  # someone of the same unit started it a moment ago
        return Registration.get(Registration.campaign == campaign, Registration.unit == user.unit_id)
    return registration


def add_line(registration: Registration, subject: str, person_id: int | None, award_kind_id: int | None,
             user) -> RegistrationLine:
    _require_editable(registration, user)
    person = None
    if subject == "individual" and person_id:
        # Only the registering unit's people: a unit must not learn who works elsewhere.
        person = Person.get_or_none(Person.id == person_id, Person.unit == registration.unit_id)
        if person is None:
            raise LineError("Không tìm thấy cá nhân này trong danh sách cán bộ của đơn vị.")
    kind = AwardKind.get_or_none(AwardKind.id == award_kind_id) if award_kind_id else None
    with db.atomic():
        workflow.lock_for_change(registration, EDITABLE_REGISTRATION_STATES, LOCKED)
        error = rules.line_error(registration, subject, person, kind)
        if error:
            raise LineError(error)
        line = RegistrationLine.create(registration=registration, subject=subject, person=person, award_kind=kind)
        audit.record("add_line", "registration", registration.id,
                     after={"subject": subject, "person": person.full_name if person else None, "award": kind.name},
                     actor=user)
    return line


def remove_line(registration: Registration, line: RegistrationLine, user) -> None:
    _require_editable(registration, user)
    with db.atomic():
        workflow.lock_for_change(registration, EDITABLE_REGISTRATION_STATES, LOCKED)
        RegistrationLine.delete().where(RegistrationLine.id == line.id).execute()
        audit.record("remove_line", "registration", registration.id,
                     before={"subject": line.subject, "person": line.person.full_name if line.person else None,
                             "award": line.award_kind.name}, actor=user)
