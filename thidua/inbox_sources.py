"""Inbox providers for campaigns and registrations: what waits for each role now."""
from __future__ import annotations

from flask import url_for
from peewee import JOIN

from . import clock, roles
from .inbox import InboxItem, provider
from .models import Campaign, CampaignUnit, DeadlineExtension, Registration, Unit

TO_REGISTER = "Kế hoạch thi đua cần đăng ký"
TO_SUBMIT = "Bản đăng ký thi đua chờ trình"
TO_FIX = "Bản đăng ký bị trả lại cần sửa"
TO_REVIEW = "Bản đăng ký thi đua chờ duyệt"


@provider
def registrations_for_units(user) -> list[InboxItem]:
    """Unit users: plans to register for; drafts to submit (head); returned registrations to fix."""
    if not user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        return []
    items = []
    open_campaigns = (Campaign.select(Campaign, Registration.id.alias("reg_id"),
                                      Registration.status.alias("reg_status"),
                                      Registration.decided_at.alias("reg_decided"),
                                      DeadlineExtension.until.alias("extended_to"))
                      .join(CampaignUnit, on=(CampaignUnit.campaign == Campaign.id))
                      .switch(Campaign)
                      .join(Registration, JOIN.LEFT_OUTER,
                            on=((Registration.campaign == Campaign.id) & (Registration.unit == user.unit_id)))
                      .switch(Campaign)
                      .join(DeadlineExtension, JOIN.LEFT_OUTER,
                            on=((DeadlineExtension.campaign == Campaign.id) & (DeadlineExtension.unit == user.unit_id)))
                      .where(CampaignUnit.unit == user.unit_id, Campaign.status == "published")
                      .order_by(Campaign.registration_deadline)
                      .objects())
    for c in open_campaigns:
        # The unit's own deadline: the campaign's, or the later one the office granted.
        deadline = max((d for d in (c.registration_deadline, c.extended_to) if d), default=None)
        title = f"{c.number_symbol}: {c.title}"
        if c.reg_id is None:
            if deadline is None or deadline >= clock.today():
                items.append(InboxItem(TO_REGISTER, title, url_for("campaigns.detail", campaign_id=c.id),
                                       c.published_at, deadline))
        elif c.reg_status == "returned":
            items.append(InboxItem(TO_FIX, title, url_for("registrations.detail", registration_id=c.reg_id),
                                   c.reg_decided, deadline))
        elif c.reg_status == "draft" and user.has_role(roles.UNIT_HEAD):
            items.append(InboxItem(TO_SUBMIT, title, url_for("registrations.detail", registration_id=c.reg_id),
                                   None, deadline))
    return items


@provider
def registrations_for_office(user) -> list[InboxItem]:
    """The office: submitted registrations waiting to be accepted or returned."""
    if not user.has_role(roles.OFFICE):
        return []
    waiting = list(Registration.select(Registration, Campaign, Unit).join(Campaign).switch(Registration).join(Unit)
                   .where(Registration.status == "submitted").order_by(Registration.submitted_at).limit(200))
    # One more query for the deadlines granted to these units, instead of one per row.
    extended = {(e.campaign_id, e.unit_id): e.until for e in DeadlineExtension.select().where(
        DeadlineExtension.campaign.in_({r.campaign_id for r in waiting} or {0}))}
    items = []
    for r in waiting:
        granted = extended.get((r.campaign_id, r.unit_id))
        deadline = max((d for d in (r.campaign.registration_deadline, granted) if d), default=None)
        items.append(InboxItem(TO_REVIEW, f"{r.unit.name} — {r.campaign.number_symbol}",
                               url_for("registrations.detail", registration_id=r.id), r.submitted_at, deadline))
    return items
