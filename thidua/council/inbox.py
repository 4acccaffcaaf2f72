"""Inbox items of the council that are not a transition: ballots to cast, verified dossiers to put on an agenda
(sessions to run come from the transition table, thidua/inbox_waiting.py)."""
from __future__ import annotations

from flask import url_for
from peewee import JOIN, fn

from .. import roles
from ..inbox import InboxItem, provider
from ..models import (AgendaItem, BallotReceipt, Campaign, CouncilMember, CouncilSession, Nomination,
                      SessionAttendance)

BALLOTS = "Phiếu bầu Hội đồng chờ gửi"
TO_SCHEDULE = "Hồ sơ đã thẩm định chờ đưa ra Hội đồng"


@provider
def ballots_to_cast(user) -> list[InboxItem]:
    """A present member of a session that is voting, who has not voted in its current round."""
    if not user.has_role(roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR):
        return []
    query = (CouncilSession.select(CouncilSession)
             .join(SessionAttendance, on=(SessionAttendance.session == CouncilSession.id))
             .join(CouncilMember, on=(SessionAttendance.seat == CouncilMember.id))
             .join(BallotReceipt, JOIN.LEFT_OUTER, on=((BallotReceipt.session == CouncilSession.id)
                                                      & (BallotReceipt.round == CouncilSession.round)
                                                      & (BallotReceipt.seat == CouncilMember.id)))
             .where(CouncilSession.status == "voting", CouncilMember.user == user.id,
                    SessionAttendance.present == True, BallotReceipt.id.is_null()))  # noqa: E712
    return [InboxItem(BALLOTS, f"{s.title} — vòng {s.round}", url_for("sessions.ballot", session_id=s.id),
                      s.voting_opened_at) for s in query]


@provider
def dossiers_to_schedule(user) -> list[InboxItem]:
    """The office: per campaign, how many verified dossiers are on no open session's agenda."""
    if not user.has_role(roles.OFFICE):
        return []
    taken = (AgendaItem.select(AgendaItem.nomination).join(CouncilSession)
             .where(CouncilSession.status != "closed"))
    query = (Campaign.select(Campaign, fn.COUNT(Nomination.id).alias("waiting"))
             .join(Nomination, on=(Nomination.campaign == Campaign.id))
             .where(Nomination.status == "verified", Nomination.id.not_in(taken))
             .group_by(Campaign.id))
    return [InboxItem(TO_SCHEDULE, f"{c.number_symbol}: {c.waiting} hồ sơ", url_for("sessions.new"))
            for c in query]
