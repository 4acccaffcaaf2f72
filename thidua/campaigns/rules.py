"""Checks on a campaign's dates and readiness, each with a message that names the dates involved."""
from __future__ import annotations

import datetime

from ..web import format_date as d


def deadline_errors(issued_on: datetime.date | None, registration: datetime.date | None,
                    nomination: datetime.date | None) -> list[tuple[str, str]]:
    """Return (field, message) for each deadline that cannot be right."""
    errors = []
    if issued_on and registration and registration < issued_on:
        # Plan 15/KH-BDT dated 18/01/2021 asked for registrations "trước ngày 15/02/2020".
        errors.append(("registration_deadline",
                       f"Hạn đăng ký thi đua ({d(registration)}) trước ngày ban hành kế hoạch ({d(issued_on)}). "
                       "Vui lòng kiểm tra lại ngày, nhất là năm."))
    if issued_on and nomination and nomination < issued_on:
        errors.append(("nomination_deadline",
                       f"Hạn gửi hồ sơ đề nghị khen thưởng ({d(nomination)}) trước ngày ban hành kế hoạch "
                       f"({d(issued_on)})."))
    elif registration and nomination and nomination < registration:
        errors.append(("nomination_deadline",
                       f"Hạn gửi hồ sơ đề nghị khen thưởng ({d(nomination)}) trước hạn đăng ký thi đua "
                       f"({d(registration)})."))
    return errors


def deadline_warnings(issued_on: datetime.date | None, registration: datetime.date | None,
                      nomination: datetime.date | None) -> list[tuple[str, str]]:
    """Return (field, message) for deadlines outside the plan's year and the next: possible, but unusual."""
    if issued_on is None:
        return []
    warnings = []
    allowed = (issued_on.year, issued_on.year + 1)
    for field, label, day in (("registration_deadline", "Hạn đăng ký thi đua", registration),
                              ("nomination_deadline", "Hạn gửi hồ sơ đề nghị khen thưởng", nomination)):
        if day and day.year not in allowed:
            warnings.append((field, f"{label} ({d(day)}) không thuộc năm {issued_on.year} của kế hoạch hay năm "
                                    f"sau. Nếu đúng là như vậy, hãy đánh dấu xác nhận."))
    return warnings


def not_ready_reason(campaign) -> str | None:
    """Say why a draft campaign cannot be published yet, or None."""
    from ..models import CampaignItem, CampaignUnit
    if not campaign.signer_name.strip():
        return "Kế hoạch chưa có người ký."
    if campaign.registration_deadline is None:
        return "Kế hoạch chưa có hạn đăng ký thi đua."
    errors = deadline_errors(campaign.issued_on, campaign.registration_deadline, campaign.nomination_deadline)
    if errors:
        return errors[0][1]
    if not CampaignItem.select().where(CampaignItem.campaign == campaign).exists():
        return "Kế hoạch chưa có nội dung thi đua nào."
    if not CampaignUnit.select().where(CampaignUnit.campaign == campaign).exists():
        return "Kế hoạch chưa gửi tới đơn vị nào (nơi nhận)."
    return None
