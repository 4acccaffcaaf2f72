"""The plan (kế hoạch) of a campaign as an administrative document."""
from __future__ import annotations

from flask import current_app

from ..documents.model import AdminDocument, Section
from ..models import Campaign, CampaignMilestone
from ..web import format_date
from .services import items_of


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def plan_document(campaign: Campaign) -> AdminDocument:
    """Build the KẾ HOẠCH document from the campaign's fields, contents, milestones and deadlines."""
    cfg = current_app.config
    sections = []
    purpose_parts = []
    if campaign.purpose.strip():
        purpose_parts.append(("1. Mục đích", _paragraphs(campaign.purpose)))
    if campaign.requirements.strip():
        purpose_parts.append((f"{len(purpose_parts) + 1}. Yêu cầu", _paragraphs(campaign.requirements)))
    if purpose_parts:
        sections.append(Section("I. MỤC ĐÍCH, YÊU CẦU", purpose_parts))
    contents = []
    for item in items_of(campaign):
        lines = _paragraphs(item.text)
        contents.append((None, [f"{item.position}. {lines[0]}"] + lines[1:]))
    sections.append(Section(f"{'II' if purpose_parts else 'I'}. NỘI DUNG THI ĐUA", contents))
    timeline = []
    milestones = CampaignMilestone.select().where(CampaignMilestone.campaign == campaign).order_by(
        CampaignMilestone.day)
    for milestone in milestones:
        timeline.append(f"- {format_date(milestone.day)}: {milestone.title}.")
    if campaign.registration_deadline:
        timeline.append(f"- Thời hạn gửi đăng ký thi đua về Văn phòng Ban: trước ngày "
                        f"{format_date(campaign.registration_deadline)}.")
    if campaign.nomination_deadline:
        timeline.append(f"- Thời hạn gửi hồ sơ đề nghị khen thưởng: trước ngày "
                        f"{format_date(campaign.nomination_deadline)}.")
    implementation = []
    if timeline:
        implementation.append(("Các mốc thời gian", timeline))
    if campaign.implementation.strip():
        implementation.append((None, _paragraphs(campaign.implementation)))
    roman = ["I", "II", "III", "IV"][len(sections)]
    sections.append(Section(f"{roman}. TỔ CHỨC THỰC HIỆN", implementation))
    return AdminDocument(
        parent_agency=cfg["AGENCY_PARENT"],
        agency=cfg["AGENCY_SHORT"],
        number_symbol=campaign.number_symbol,
        place=campaign.place,
        issued_on=campaign.issued_on,
        kind_title="KẾ HOẠCH",
        summary=campaign.title,
        preamble=_paragraphs(campaign.preamble),
        sections=sections,
        signer_title=campaign.signer_title,
        signer_name=campaign.signer_name,
        recipients=_paragraphs(campaign.recipients),
    )
