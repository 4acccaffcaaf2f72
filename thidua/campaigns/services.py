"""Changes to campaigns outside their state: drafting, contents, milestones, addressees, extensions.

State changes (publish, close) go through workflow.apply(); everything here refuses a
campaign that is no longer a draft, except deadline extensions, which only make sense later.
"""
from __future__ import annotations

import datetime

from peewee import IntegrityError, fn

from .. import audit, workflow
from ..db import db
from ..models import (Campaign, CampaignItem, CampaignMilestone, CampaignUnit, DeadlineExtension, LegalRegime,
                      Unit)
from ..workflow import WorkflowError
from . import rules

ADDRESS_MODES = {
    "departments": "Tất cả các phòng, đơn vị thuộc Ban",
    "districts": "Tất cả Phòng Dân tộc cấp huyện",
    "all": "Tất cả các đơn vị",
    "custom": "Chọn từng đơn vị",
}

CAMPAIGN_FIELDS = ("number", "symbol", "issued_on", "place", "title", "kind", "preamble", "purpose",
                   "requirements", "implementation", "registration_deadline", "nomination_deadline",
                   "signer_title", "signer_name", "recipients", "registration_required")


class CampaignInputError(Exception):
    """Input the campaign cannot take: a list of (field, message).

    needs_confirmation: only warnings were raised; the same input passes once the office confirms.
    """

    def __init__(self, errors: list[tuple[str, str]], needs_confirmation: bool = False):
        super().__init__("; ".join(m for _, m in errors))
        self.errors = errors
        self.needs_confirmation = needs_confirmation


def _state(campaign: Campaign) -> dict:
    return {f: getattr(campaign, f) for f in CAMPAIGN_FIELDS}


NOT_DRAFT = "Kế hoạch đã ban hành, không sửa được nữa."


def _require_draft(campaign: Campaign) -> None:
    if campaign.status != "draft":
        raise WorkflowError(409, NOT_DRAFT)


def _claim_draft(campaign: Campaign) -> None:
    """First statement of a transaction that changes a draft's contents: see workflow.lock_for_change."""
    workflow.lock_for_change(campaign, ("draft",), NOT_DRAFT)


def _check(values: dict, campaign_id: int | None, dates_confirmed: bool) -> LegalRegime:
    errors = rules.deadline_errors(values["issued_on"], values["registration_deadline"],
                                   values["nomination_deadline"])
    year = values["issued_on"].year
    taken = Campaign.select().where(Campaign.year == year, Campaign.number == values["number"],
                                    fn.UPPER(Campaign.symbol) == values["symbol"].upper())
    if campaign_id is not None:
        taken = taken.where(Campaign.id != campaign_id)
    if taken.exists():
        errors.append(("number", f"Số {values['number']:02d}/{values['symbol']} đã dùng cho một kế hoạch khác "
                                 f"năm {year}."))
    regime = LegalRegime.for_year(year)
    if regime is None:
        errors.append(("issued_on", f"Chưa có chế độ pháp lý nào áp dụng cho năm {year}."))
    if errors:
        raise CampaignInputError(errors)
    if not dates_confirmed:
        warnings = rules.deadline_warnings(values["issued_on"], values["registration_deadline"],
                                           values["nomination_deadline"])
        if warnings:
            raise CampaignInputError(warnings, needs_confirmation=True)
    return regime


def _units_for(mode: str, unit_ids) -> list[int]:
    active = Unit.select(Unit.id).where(Unit.active == True)  # noqa: E712
    if mode == "departments":
        return [u.id for u in active.where(Unit.kind == "department")]
    if mode == "districts":
        return [u.id for u in active.where(Unit.kind == "district")]
    if mode == "all":
        return [u.id for u in active.where(Unit.kind.in_(["department", "district", "other"]))]
    return sorted({int(u) for u in unit_ids or []})


def _write_addressees(campaign: Campaign, unit_ids: list[int]) -> None:
    CampaignUnit.delete().where(CampaignUnit.campaign == campaign).execute()
    if unit_ids:
        CampaignUnit.insert_many([{"campaign": campaign.id, "unit": u} for u in unit_ids]).execute()


def create_campaign(values: dict, address_mode: str, unit_ids, actor, dates_confirmed: bool = False) -> Campaign:
    regime = _check(values, None, dates_confirmed)
    try:
        with db.atomic():
            campaign = Campaign.create(**values, year=values["issued_on"].year, regime=regime, created_by=actor)
            units = _units_for(address_mode, unit_ids)
            _write_addressees(campaign, units)
            audit.record("create", "campaign", campaign.id, after={**_state(campaign), "units": units},
                         actor=actor)
    except IntegrityError:
        raise CampaignInputError([("number", "Số kế hoạch này đã được dùng trong năm.")]) from None
    return campaign


def _addressee_ids(campaign: Campaign) -> list[int]:
    return sorted(cu.unit_id for cu in CampaignUnit.select(CampaignUnit.unit).where(CampaignUnit.campaign == campaign))


def update_campaign(campaign: Campaign, values: dict, address_mode: str, unit_ids, actor,
                    dates_confirmed: bool = False, expected_version: int | None = None) -> Campaign:
    _require_draft(campaign)
    if expected_version is not None and expected_version != campaign.version:
        raise WorkflowError(409, workflow.STALE)
    regime = _check(values, campaign.id, dates_confirmed)
    before = {**_state(campaign), "units": _addressee_ids(campaign)}
    for key, value in values.items():
        setattr(campaign, key, value)
    campaign.year = campaign.issued_on.year
    campaign.regime = regime
    try:
        with db.atomic():
            rows = (Campaign.update({**{getattr(Campaign, k): v for k, v in values.items()},
                                     Campaign.year: campaign.year, Campaign.regime: regime,
                                     Campaign.version: Campaign.version + 1})
                    .where(Campaign.id == campaign.id, Campaign.status == "draft",
                           Campaign.version == campaign.version).execute())
            if rows != 1:
                raise WorkflowError(409, workflow.STALE)
            campaign.version += 1
            units = _units_for(address_mode, unit_ids)
            _write_addressees(campaign, units)
            old, new = audit.changes(before, {**_state(campaign), "units": units})
            if new:
                audit.record("update", "campaign", campaign.id, before=old, after=new, actor=actor)
    except IntegrityError:
        raise CampaignInputError([("number", "Số kế hoạch này đã được dùng trong năm.")]) from None
    return campaign


# Contents (II. Nội dung thi đua) --------------------------------------------

def items_of(campaign: Campaign) -> list[CampaignItem]:
    return list(CampaignItem.select().where(CampaignItem.campaign == campaign).order_by(CampaignItem.position))


def _renumber(campaign: Campaign, ordered: list[CampaignItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            CampaignItem.update(position=position).where(CampaignItem.id == item.id).execute()
            item.position = position


def add_item(campaign: Campaign, text: str, actor) -> CampaignItem:
    _require_draft(campaign)
    text = text.strip()
    if not text:
        raise CampaignInputError([("text", "Nội dung thi đua không được để trống.")])
    with db.atomic():
        _claim_draft(campaign)
        position = (CampaignItem.select(fn.MAX(CampaignItem.position))
                    .where(CampaignItem.campaign == campaign).scalar() or 0) + 1
        item = CampaignItem.create(campaign=campaign, position=position, text=text)
        audit.record("add_item", "campaign", campaign.id, after={"position": position, "text": text}, actor=actor)
    return item


def edit_item(campaign: Campaign, item: CampaignItem, text: str, actor) -> None:
    _require_draft(campaign)
    text = text.strip()
    if not text:
        raise CampaignInputError([("text", "Nội dung thi đua không được để trống.")])
    with db.atomic():
        _claim_draft(campaign)
        before = item.text
        CampaignItem.update(text=text).where(CampaignItem.id == item.id).execute()
        item.text = text
        audit.record("edit_item", "campaign", campaign.id, before={"position": item.position, "text": before},
                     after={"position": item.position, "text": text}, actor=actor)


def remove_item(campaign: Campaign, item: CampaignItem, actor) -> None:
    _require_draft(campaign)
    with db.atomic():
        _claim_draft(campaign)
        CampaignItem.delete().where(CampaignItem.id == item.id).execute()
        _renumber(campaign, items_of(campaign))
        audit.record("remove_item", "campaign", campaign.id, before={"position": item.position, "text": item.text},
                     actor=actor)


def move_item(campaign: Campaign, item: CampaignItem, offset: int, actor) -> None:
    """Move an item up (-1) or down (+1) among the contents."""
    _require_draft(campaign)
    with db.atomic():
        _claim_draft(campaign)
        ordered = items_of(campaign)
        index = next((i for i, it in enumerate(ordered) if it.id == item.id), None)
        if index is None:
            raise WorkflowError(409, "Nội dung này vừa bị người khác xóa. Vui lòng tải lại trang.")
        target = index + offset
        if not 0 <= target < len(ordered):
            return
        ordered[index], ordered[target] = ordered[target], ordered[index]
        _renumber(campaign, ordered)
        audit.record("move_item", "campaign", campaign.id, before={"position": index + 1},
                     after={"position": target + 1, "text": item.text[:80]}, actor=actor)


# Milestones -----------------------------------------------------------------

def add_milestone(campaign: Campaign, day: datetime.date, title: str, actor) -> CampaignMilestone:
    _require_draft(campaign)
    with db.atomic():
        _claim_draft(campaign)
        milestone = CampaignMilestone.create(campaign=campaign, day=day, title=title.strip())
        audit.record("add_milestone", "campaign", campaign.id, after={"day": day, "title": title}, actor=actor)
    return milestone


def remove_milestone(campaign: Campaign, milestone: CampaignMilestone, actor) -> None:
    _require_draft(campaign)
    with db.atomic():
        _claim_draft(campaign)
        CampaignMilestone.delete().where(CampaignMilestone.id == milestone.id).execute()
        audit.record("remove_milestone", "campaign", campaign.id,
                     before={"day": milestone.day, "title": milestone.title}, actor=actor)


# Deadline extensions ---------------------------------------------------------

def grant_extension(campaign: Campaign, unit_id: int, until: datetime.date, reason: str, actor) -> DeadlineExtension:
    """Give one addressed unit a later registration deadline (replacing an earlier grant)."""
    if campaign.status != "published":
        raise WorkflowError(409, "Chỉ gia hạn được khi kế hoạch đang được thực hiện.")
    if not CampaignUnit.select().where(CampaignUnit.campaign == campaign, CampaignUnit.unit == unit_id).exists():
        raise CampaignInputError([("unit_id", "Đơn vị này không thuộc nơi nhận của kế hoạch.")])
    reason = reason.strip()
    if not reason:
        raise CampaignInputError([("reason", "Vui lòng ghi lý do gia hạn.")])
    if campaign.registration_deadline and until <= campaign.registration_deadline:
        raise CampaignInputError([("until", "Ngày gia hạn phải sau hạn đăng ký chung của kế hoạch.")])
    with db.atomic():
        # Claiming the campaign first queues two grants for the same unit instead of racing them.
        workflow.lock_for_change(campaign, ("published",), "Chỉ gia hạn được khi kế hoạch đang được thực hiện.")
        existing = DeadlineExtension.get_or_none(DeadlineExtension.campaign == campaign,
                                                 DeadlineExtension.unit == unit_id)
        before = {"until": existing.until, "reason": existing.reason} if existing else None
        if existing:
            existing.delete_instance()
        extension = DeadlineExtension.create(campaign=campaign, unit=unit_id, until=until, reason=reason,
                                             granted_by=actor)
        audit.record("grant_extension", "campaign", campaign.id, before=before,
                     after={"unit_id": unit_id, "until": until, "reason": reason}, actor=actor)
    return extension
