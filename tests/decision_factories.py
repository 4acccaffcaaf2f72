"""Factories for the leader's sign-off: dossiers the council passed, a leader, a draft decision."""
from __future__ import annotations

from thidua import roles
from thidua.decisions import services
from thidua.models import Nomination
from tests.campaign_factories import make_campaign
from tests.council_factories import verified
from tests.factories import make_unit, make_user

PASSWORD = "MatKhau-2026"  # the factories' users' password


def passed(campaign, unit, office, code: str = "LDTT", **kwargs) -> Nomination:
    """A dossier the council has voted through (made directly: the council has its own tests)."""
    n = verified(campaign, unit, office, code, **kwargs)
    Nomination.update(status="passed").where(Nomination.id == n.id).execute()
    return Nomination.get_by_id(n.id)


class SignOff:
    """A campaign with passed dossiers, the office, a leader (head) and a draft decision ready to submit."""

    def __init__(self, dossiers: int = 2, code: str = "LDTT", kind: str = "decision"):
        import datetime

        from thidua.models import AgencyHead
        self.office = make_user(roles.OFFICE)
        head = AgencyHead.select().first()
        if head is None:  # the agency's head signs without a delegation; one head for every SignOff of a test
            leader = make_user(roles.LEADER, full_name="Nguyễn Văn Khang")
            head = AgencyHead.create(user=leader, valid_from=datetime.date(2000, 1, 1), created_by=self.office)
        self.leader = head.user
        self.unit = make_unit()
        self.campaign = make_campaign(self.office, units=[self.unit])
        self.nominations = [passed(self.campaign, self.unit, self.office, code) for _ in range(dossiers)]
        self.decision = services.create_draft(self.campaign, kind, None, self.office) if dossiers else None

    def submit(self, decision=None):
        from thidua import workflow
        return workflow.apply(decision or self.decision, "submit", self.office)

    def sign(self, decision=None, user=None, password: str = PASSWORD):
        return services.sign(decision or self.decision, user or self.leader, password)
