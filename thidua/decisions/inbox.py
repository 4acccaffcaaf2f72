"""Inbox items of the sign-off that are not a transition: dossiers to draft, proposals awaiting the outside body's
answer (drafts to sign or returned come from the transition table, thidua/inbox_waiting.py)."""
from __future__ import annotations

from flask import url_for
from peewee import fn

from .. import roles
from ..inbox import InboxItem, provider
from ..models import Campaign, Decision, DecisionLine, Nomination

TO_DRAFT = "Hồ sơ Hội đồng đã thông qua, chờ soạn văn bản"
AWAITING = "Tờ trình chờ kết quả của cấp trên"


@provider
def decisions_for_office(user) -> list[InboxItem]:
    if not user.has_role(roles.OFFICE):
        return []
    items = []
    taken = DecisionLine.select(DecisionLine.nomination).join(Decision).where(Decision.status != "signed")
    for c in (Campaign.select(Campaign, fn.COUNT(Nomination.id).alias("waiting"))
              .join(Nomination, on=(Nomination.campaign == Campaign.id))
              .where(Nomination.status == "passed", Nomination.id.not_in(taken)).group_by(Campaign.id)):
        items.append(InboxItem(TO_DRAFT, f"{c.number_symbol}: {c.waiting} hồ sơ", url_for("decisions.new")))
    # From the few signed proposals to their open lines, not from every decision line ever written to the few.
    for d in (Decision.select(Decision, fn.COUNT(DecisionLine.id).alias("waiting")).join(DecisionLine)
              .where(Decision.kind == "proposal", Decision.status == "signed", DecisionLine.outcome.is_null())
              .group_by(Decision.id).objects()):
        items.append(InboxItem(AWAITING, f"{d.number_symbol}: {d.waiting} người, tập thể chưa có kết quả",
                               url_for("decisions.detail", decision_id=d.id) + "#ket-qua-cap-tren", d.signed_at))
    return items
