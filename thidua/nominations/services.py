"""Changes to a dossier outside its state: proposing, describing, attaching, returning with comments."""
from __future__ import annotations

from peewee import IntegrityError

from .. import audit, roles, workflow
from ..attachments import service as attachments
from ..db import db
from ..flows import EDITABLE_NOMINATION_STATES
from ..models import (AwardKind, ComponentComment, Nomination, Person, Registration, RegistrationLine)
from ..models.nomination import BASES, COMPONENTS
from ..registrations.rules import is_addressed
from ..workflow import WorkflowError

LOCKED = "Hồ sơ đã nộp, không sửa được nữa. Nếu cần sửa, đề nghị Văn phòng Ban trả lại."


class NominationError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def can_edit(nomination: Nomination, user) -> bool:
    return (nomination.status in EDITABLE_NOMINATION_STATES and nomination.campaign.status == "published"
            and user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD) and user.unit_id == nomination.unit_id)


def require_editable(nomination: Nomination, user) -> None:
    if nomination.campaign.status != "published":
        raise WorkflowError(409, "Kế hoạch thi đua đã kết thúc, không nhận thay đổi hồ sơ nữa.")
    if nomination.status not in EDITABLE_NOMINATION_STATES:
        raise WorkflowError(409, LOCKED)
    if not can_edit(nomination, user):
        raise WorkflowError(403, "Bạn không có quyền sửa hồ sơ này.")


def _registration_line(campaign, unit_id, subject, person, kind):
    query = (RegistrationLine.select().join(Registration)
             .where(Registration.campaign == campaign, Registration.unit == unit_id,
                    RegistrationLine.subject == subject, RegistrationLine.award_kind == kind))
    query = query.where(RegistrationLine.person == person) if person else query.where(
        RegistrationLine.person.is_null())
    return query.first()


def propose(campaign, subject: str, person_id: int | None, award_kind_id: int | None, basis: str, summary: str,
            user) -> Nomination:
    """Open a dossier proposing an award for a person of the user's unit, or for the unit itself."""
    if not user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        raise WorkflowError(403, "Chỉ cán bộ của đơn vị mới lập hồ sơ đề nghị.")
    if not is_addressed(campaign, user.unit_id):
        raise WorkflowError(409, "Kế hoạch này không gửi tới đơn vị của bạn.")
    if campaign.status != "published":
        raise NominationError("award_kind_id", "Kế hoạch thi đua đã kết thúc hoặc chưa ban hành, không nhận hồ sơ.")
    if basis not in BASES:
        raise NominationError("basis", "Vui lòng chọn loại hình khen thưởng.")
    person = None
    if subject == "individual":
        # Only the unit's own people: another unit's staff stay unknown to it.
        person = Person.get_or_none(Person.id == person_id, Person.unit == user.unit_id) if person_id else None
        if person is None:
            raise NominationError("person_id", "Vui lòng chọn một cán bộ của đơn vị.")
        if not person.active:
            raise NominationError("person_id", f"{person.full_name} đã ngừng theo dõi trong danh sách cán bộ.")
    kind = AwardKind.get_or_none(AwardKind.id == award_kind_id) if award_kind_id else None
    if kind is None:
        raise NominationError("award_kind_id", "Vui lòng chọn danh hiệu hoặc hình thức khen thưởng.")
    if kind.regime_id != campaign.regime_id or not kind.active:
        raise NominationError("award_kind_id", f"“{kind.name}” không áp dụng cho kế hoạch năm {campaign.year}.")
    if not kind.fits(subject):
        who = "tập thể" if kind.subject == "collective" else "cá nhân"
        raise NominationError("award_kind_id", f"“{kind.name}” chỉ dành cho {who}.")
    line = _registration_line(campaign, user.unit_id, subject, person, kind)
    if campaign.registration_required and line is None:
        raise NominationError("award_kind_id", "Kế hoạch này chỉ xét cho đối tượng đã đăng ký thi đua; "
                                               "không tìm thấy dòng đăng ký tương ứng.")
    try:
        with db.atomic():
            nomination = Nomination.create(
                campaign=campaign, unit=user.unit_id, subject=subject, person=person,
                subject_key=person.id if person else 0, award_kind=kind, basis=basis, registration_line=line,
                summary=summary.strip(), created_by=user)
            audit.record("create", "nomination", nomination.id, actor=user, after={
                "subject": subject, "person": person.full_name if person else None, "award": kind.name,
                "basis": basis})
    except IntegrityError:
        who = person.full_name if person else "Tập thể đơn vị"
        raise NominationError("award_kind_id", f"{who} đã có hồ sơ đề nghị “{kind.name}” trong kế hoạch này.") from None
    return nomination


def save_details(nomination: Nomination, basis: str, summary: str, user, expected_version: int | None = None) -> None:
    require_editable(nomination, user)
    if basis not in BASES:
        raise NominationError("basis", "Vui lòng chọn loại hình khen thưởng.")
    with db.atomic():
        workflow.lock_for_change(nomination, EDITABLE_NOMINATION_STATES, LOCKED, expected_version)
        before = {"basis": nomination.basis, "summary": nomination.summary}
        Nomination.update(basis=basis, summary=summary.strip()).where(Nomination.id == nomination.id).execute()
        nomination.basis, nomination.summary = basis, summary.strip()
        old, new = audit.changes(before, {"basis": basis, "summary": nomination.summary})
        if new:
            audit.record("update", "nomination", nomination.id, before=old, after=new, actor=user)


def attach(nomination: Nomination, component: str, file_storage, user):
    """Satisfy a component with an uploaded file; the office's open comments on it are then resolved."""
    from .requirements import checklist
    require_editable(nomination, user)
    if component not in {item.component for item in checklist(nomination)}:
        # A file on a component the award does not ask for would be stored where nobody sees it.
        raise NominationError("component", "Hồ sơ của danh hiệu, hình thức này không có thành phần đó.")
    with db.atomic():
        workflow.lock_for_change(nomination, EDITABLE_NOMINATION_STATES, LOCKED)
        attached = attachments.save_upload(file_storage, "nomination", nomination.id, user, component=component)
        ComponentComment.update(resolved=True).where(ComponentComment.nomination == nomination,
                                                     ComponentComment.component == component).execute()
    return attached


def record_initiative(nomination: Nomination, values: dict, user):
    """Record the nominee's recognised initiative in the award history, while checking a submitted dossier.

    Goes through the history area's own checks (dates, duplicates) and claims the dossier, so a page opened
    before the entry is stale and the rule results the office acts on are the ones it saw.
    """
    from ..forms_support import FieldError
    from ..history import services as history
    if nomination.person_id is None:
        raise NominationError("title", "Sáng kiến chỉ ghi cho hồ sơ cá nhân.")
    if nomination.status != "submitted":
        raise WorkflowError(409, "Chỉ ghi nhận sáng kiến khi hồ sơ đang chờ thẩm định.")
    if nomination.unit_id == user.unit_id:
        raise WorkflowError(403, "Không thẩm định hồ sơ của chính đơn vị mình.")
    try:
        with db.atomic():
            workflow.lock_for_change(nomination, ("submitted",), "Hồ sơ vừa được người khác xử lý.")
            return history.add_initiative(nomination.person, history.InitiativeData(**values), user)
    except FieldError as error:
        raise NominationError(error.field, error.message) from error


def return_with_comments(nomination: Nomination, comment: str, per_component: dict[str, str], user,
                         expected_version: int | None = None) -> None:
    """Return the dossier to its unit with a general comment and a comment on each component concerned."""
    per_component = {k: v.strip() for k, v in per_component.items() if k in COMPONENTS and v.strip()}
    summary = comment.strip() or "; ".join(f"{COMPONENTS[k]}: {v}" for k, v in per_component.items())
    with db.atomic():
        workflow.apply(nomination, "return", user, summary, expected_version=expected_version)
        for component, text in per_component.items():
            ComponentComment.create(nomination=nomination, component=component, comment=text, author=user)
