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
                   .where(Registration.status == "submitted", Registration.unit != user.unit_id)
                   .order_by(Registration.submitted_at).limit(200))
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


REPORTS_TO_SEND = "Báo cáo chờ gửi"
REPORTS_TO_FIX = "Báo cáo bị trả lại cần bổ sung"
REPORTS_TO_RECEIVE = "Báo cáo chờ tiếp nhận"
DOSSIERS_TO_SUBMIT = "Hồ sơ đề nghị khen thưởng chờ nộp"
DOSSIERS_TO_FIX = "Hồ sơ bị trả lại cần bổ sung"
DOSSIERS_TO_CHECK = "Hồ sơ đề nghị khen thưởng chờ thẩm định"


@provider
def reports_and_dossiers(user) -> list[InboxItem]:
    """Reports and dossiers: the unit's drafts (head) and returned ones; the office's queue."""
    from .models import AwardKind, Nomination, Person, Report
    items: list[InboxItem] = []
    if user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        states = ["returned"] + (["draft"] if user.has_role(roles.UNIT_HEAD) else [])
        for r in (Report.select(Report, Campaign).join(Campaign)
                  .where(Report.unit == user.unit_id, Report.status.in_(states), Campaign.status == "published")):
            items.append(InboxItem(REPORTS_TO_FIX if r.status == "returned" else REPORTS_TO_SEND,
                                   f"{r.kind_label} — {r.campaign.number_symbol}",
                                   url_for("reports.detail", report_id=r.id), r.decided_at or r.created_at))
        for n in (Nomination.select(Nomination, Campaign, AwardKind, Person).join(Campaign)
                  .switch(Nomination).join(AwardKind).switch(Nomination).join(Person, JOIN.LEFT_OUTER)
                  .where(Nomination.unit == user.unit_id, Nomination.status.in_(states),
                         Campaign.status == "published")):
            who = n.person.full_name if n.person else "Tập thể đơn vị"
            items.append(InboxItem(DOSSIERS_TO_FIX if n.status == "returned" else DOSSIERS_TO_SUBMIT,
                                   f"{who}: {n.award_kind.name}", url_for("nominations.detail", nomination_id=n.id),
                                   n.decided_at or n.created_at, n.campaign.nomination_deadline))
    if user.has_role(roles.OFFICE):
        for r in (Report.select(Report, Campaign, Unit).join(Campaign).switch(Report).join(Unit)
                  .where(Report.status == "submitted", Report.unit != user.unit_id)
                  .order_by(Report.submitted_at).limit(200)):
            items.append(InboxItem(REPORTS_TO_RECEIVE, f"{r.unit.name}: {r.kind_label} — {r.campaign.number_symbol}",
                                   url_for("reports.detail", report_id=r.id), r.submitted_at))
        for n in (Nomination.select(Nomination, Unit, AwardKind, Person).join(Unit)
                  .switch(Nomination).join(AwardKind).switch(Nomination).join(Person, JOIN.LEFT_OUTER)
                  .where(Nomination.status == "submitted", Nomination.unit != user.unit_id)
                  .order_by(Nomination.submitted_at).limit(200)):
            who = n.person.full_name if n.person else f"Tập thể {n.unit.name}"
            items.append(InboxItem(DOSSIERS_TO_CHECK, f"{who}: {n.award_kind.name} ({n.unit.name})",
                                   url_for("nominations.detail", nomination_id=n.id), n.submitted_at))
    return items
