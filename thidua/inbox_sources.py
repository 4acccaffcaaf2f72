"""Inbox items that are not a transition of an existing record: a plan a unit has yet to register for.
Everything that waits for a transition comes from the transition tables (thidua/inbox_waiting.py)."""
from __future__ import annotations

from flask import url_for
from peewee import JOIN

from . import clock, roles
from .inbox import InboxItem, provider
from .models import Campaign, CampaignUnit, DeadlineExtension, Registration

TO_REGISTER = "Kế hoạch thi đua cần đăng ký"


@provider
def registrations_for_units(user) -> list[InboxItem]:
    """Unit users: published plans addressed to their unit that it has not registered for yet."""
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
    return items
