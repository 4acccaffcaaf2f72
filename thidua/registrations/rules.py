"""What a registration may hold, and when it may be submitted."""
from __future__ import annotations

from peewee import JOIN

from .. import clock
from ..models import AwardKind, CampaignUnit, DeadlineExtension, Person, Registration, RegistrationLine
from ..models.catalogue import LEVELS
from ..web import format_date as d


def line_error(registration: Registration, subject: str, person: Person | None, kind: AwardKind | None) -> str | None:
    """Return why this line cannot be added to the registration, or None."""
    campaign = registration.campaign
    if kind is None:
        return "Vui lòng chọn danh hiệu hoặc hình thức khen thưởng."
    if subject == "individual" and person is None:
        return "Vui lòng chọn cá nhân đăng ký."
    if kind.regime_id != campaign.regime_id:
        return (f"“{kind.name}” thuộc chế độ pháp lý “{kind.regime.name}”, không áp dụng cho kế hoạch năm "
                f"{campaign.year}.")
    if not kind.active:
        return f"“{kind.name}” đã ngừng áp dụng."
    if not kind.fits(subject):
        who = "tập thể" if kind.subject == "collective" else "cá nhân"
        return f"“{kind.name}” chỉ dành cho {who}."
    if person is not None and person.unit_id != registration.unit_id:
        return f"Cá nhân này không thuộc đơn vị {registration.unit.name}."
    if person is not None and not person.active:
        return f"{person.full_name} đã ngừng theo dõi trong danh sách cán bộ."
    same_subject = RegistrationLine.select(RegistrationLine, AwardKind).join(AwardKind).where(
        RegistrationLine.registration == registration, RegistrationLine.subject == subject,
        (RegistrationLine.person == person) if person is not None else RegistrationLine.person.is_null())
    who = person.full_name if person is not None else "Tập thể đơn vị"
    for line in same_subject:
        if line.award_kind_id == kind.id:
            return f"{who} đã được đăng ký “{kind.name}”."
        if kind.category == "title" and line.award_kind.category == "title" and kind.level \
                and line.award_kind.level == kind.level:
            return (f"{who} đã được đăng ký danh hiệu “{line.award_kind.name}” cùng {LEVELS[kind.level].lower()}; "
                    "mỗi đối tượng chỉ đăng ký một danh hiệu thi đua mỗi cấp.")
    return None


def unit_deadline(campaign, unit_id: int):
    """A unit's registration deadline: the campaign's, or a later one granted to the unit."""
    deadline = campaign.registration_deadline
    extension = DeadlineExtension.get_or_none(DeadlineExtension.campaign == campaign.id,
                                              DeadlineExtension.unit == unit_id)
    if extension is not None and (deadline is None or extension.until > deadline):
        return extension.until
    return deadline


def effective_deadline(registration: Registration):
    return unit_deadline(registration.campaign, registration.unit_id)


def submit_blocker(registration: Registration, user) -> str | None:
    """Say why the registration cannot be submitted now, or None."""
    campaign = registration.campaign
    if campaign.status != "published":
        return "Kế hoạch thi đua không còn nhận đăng ký."
    lines = list(RegistrationLine.select(RegistrationLine, AwardKind, Person).join(AwardKind)
                 .switch(RegistrationLine).join(Person, JOIN.LEFT_OUTER)
                 .where(RegistrationLine.registration == registration))
    if not lines:
        return "Bản đăng ký chưa có dòng nào."
    for line in lines:
        # What was valid when the line was added may have changed since (a retired entry, a person moved).
        if not line.award_kind.active:
            return f"“{line.award_kind.name}” đã ngừng áp dụng; vui lòng bỏ dòng này."
        if line.person is not None and (not line.person.active or line.person.unit_id != registration.unit_id):
            return f"{line.person.full_name} không còn trong danh sách cán bộ của đơn vị; vui lòng bỏ dòng này."
    deadline = effective_deadline(registration)
    if deadline is not None and clock.today() > deadline:
        return (f"Đã quá hạn đăng ký thi đua ({d(deadline)}). Liên hệ Văn phòng Ban để được gia hạn, rồi nộp lại.")
    return None


def is_addressed(campaign, unit_id: int) -> bool:
    return CampaignUnit.select().where(CampaignUnit.campaign == campaign, CampaignUnit.unit == unit_id).exists()
