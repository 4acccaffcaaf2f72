"""Factories for council sessions: a roster, verified dossiers, and a session brought to a given state."""
from __future__ import annotations

import datetime

from thidua import roles
from thidua.council import sessions
from thidua.models import CouncilMember, Nomination, SessionAttendance, User, VoteRule
from tests.campaign_factories import award, make_campaign, person_in
from tests.factories import make_unit, make_user

MEETING = datetime.datetime(2021, 12, 20, 8, 0)
SERVED_FROM = datetime.date(2021, 1, 1)


def make_roster(size: int, unit=None) -> list[User]:
    """size council members serving in 2021; the first is the chair (and holds the council_chair role)."""
    members = []
    for n in range(size):
        role = roles.COUNCIL_CHAIR if n == 0 else roles.COUNCIL_MEMBER
        user = make_user(role, unit=unit, full_name=f"Thành Viên Hội Đồng {n + 1}")
        CouncilMember.create(user=user, role="chair" if n == 0 else "member", served_from=SERVED_FROM)
        members.append(user)
    return members


def verified(campaign, unit, office, code: str = "LDTT", person=None, collective: bool = False) -> Nomination:
    """A dossier the office has verified (made directly: the nomination flow has its own tests)."""
    kind = award(code, campaign)
    if collective:
        person = None
    elif person is None:
        person = person_in(unit)
    return Nomination.create(campaign=campaign, unit=unit, subject="collective" if collective else "individual",
                             person=person, subject_key=person.id if person else 0, award_kind=kind,
                             basis="cong_trang", status="verified", created_by=office)


def set_rule(campaign, code: str, **fields) -> VoteRule:
    """Give the campaign's regime a rule for code (created from the "*" rule if it has none)."""
    rule = VoteRule.get_or_none(VoteRule.regime == campaign.regime_id, VoteRule.award_code == code)
    if rule is None:
        base = VoteRule.get(VoteRule.regime == campaign.regime_id, VoteRule.award_code == "*")
        rule = VoteRule.create(regime=campaign.regime_id, award_code=code, threshold_percent=base.threshold_percent,
                               denominator=base.denominator, method="secret")
    for key, value in fields.items():
        setattr(rule, key, value)
    rule.save()
    return rule


class Meeting:
    """A campaign, an office user, a roster and a session with its agenda, ready to be moved along."""

    def __init__(self, members: int = 5, dossiers: int = 2, code: str = "LDTT"):
        self.office = make_user(roles.OFFICE)
        self.unit = make_unit()
        self.campaign = make_campaign(self.office, units=[self.unit])
        self.members = make_roster(members)
        self.chair = self.members[0]
        self.nominations = [verified(self.campaign, self.unit, self.office, code) for _ in range(dossiers)]
        self.session = sessions.create(self.campaign, {"title": "Xét khen thưởng năm 2021", "meets_at": MEETING,
                                                       "place": "Phòng họp Ban Dân tộc"}, self.office)

    def attend(self, present: int | None = None) -> None:
        """Open attendance and mark the first `present` members present (all by default)."""
        sessions.act(self.session, "open_attendance", self.chair)
        rows = sessions.attendance_of(self.session)
        by_user = {r.seat.user_id: r for r in rows}
        for user in self.members[:len(self.members) if present is None else present]:
            sessions.set_attendance(self.session, by_user[user.id].id, True, self.office)

    def vote(self, present: int | None = None) -> None:
        self.attend(present)
        sessions.act(self.session, "open_voting", self.chair)

    def row_of(self, user) -> SessionAttendance:
        return sessions.seat_of(self.session, user)

    def items(self):
        return sessions.items_of(self.session)

    def ballot(self, user, *choices: bool) -> None:
        """user votes choices[i] on the i-th line of the current round."""
        lines = sessions.items_of(self.session, self.session.round)
        sessions.cast_ballot(self.session, user, {i.id: c for i, c in zip(lines, choices)}, self.session.round)

    def close(self) -> None:
        sessions.act(self.session, "close", self.chair)
