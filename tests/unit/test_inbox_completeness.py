"""The inbox is the transition tables seen from one user: walk every table, put a record in every state, and check
that it waits in exactly the inboxes of the users the workflow offers a button to (plus the unit's fixers of a
returned record) — and in no other."""
import pytest

from thidua import inbox, roles, workflow
from thidua.inbox_waiting import FIXERS, NOT_WAITING, WAITING
from thidua.models import CouncilSession, Decision, Nomination, Report
from tests.campaign_factories import make_campaign, make_registration
from tests.council_factories import Meeting, verified
from tests.decision_factories import SignOff
from tests.factories import make_unit, make_user



@pytest.fixture(autouse=True)
def context(app):
    with app.test_request_context():
        yield


class World:
    def __init__(self):
        self.office_unit = make_unit("Văn phòng Ban", code="VPX", kind="department")
        self.unit = make_unit("Phòng Dân tộc huyện Tân Phú X", code="TPX")
        self.other = make_unit("Phòng Dân tộc huyện Định Quán X", code="DQX")
        self.users = {}
        for role in roles.ALL:
            for where, unit in (("own", self.unit), ("other", self.other), ("office", self.office_unit)):
                self.users[(role, where)] = make_user(role, unit=unit)
        self.meeting = Meeting(members=2, dossiers=1)
        self.sign_off = SignOff(dossiers=1)
        self._bloc = None

    @property
    def bloc(self):
        """A bloc whose seats are held by its own people: none of the users above acts on its records."""
        if self._bloc is None:
            from tests.bloc_factories import FULL, BlocWorld
            self._bloc = BlocWorld().in_force()
            self._bloc.open_round("year_end")
            for index in range(3):
                self._bloc.finish(index, FULL)
            self._bloc.close_round()
            self._bloc.vote()
        return self._bloc


def _record(world: World, object_type: str, state: str):
    office = world.users[(roles.OFFICE, "office")]
    if object_type == "campaign":
        return make_campaign(office, units=[world.unit], status=state)
    campaign = make_campaign(office, units=[world.unit])
    if object_type == "registration":
        return make_registration(campaign, world.unit, office, status=state)
    if object_type == "report":
        return Report.create(campaign=campaign, unit=world.unit, kind="annual", status=state, created_by=office)
    if object_type == "nomination":
        n = verified(campaign, world.unit, office)
        Nomination.update(status=state).where(Nomination.id == n.id).execute()
        return Nomination.get_by_id(n.id)
    if object_type == "council_session":
        s = world.meeting.session
        CouncilSession.update(status=state).where(CouncilSession.id == s.id).execute()
        return CouncilSession.get_by_id(s.id)
    if object_type == "decision":
        d = world.sign_off.decision
        extra = {"number": 99, "year": 2021} if state == "signed" else {"number": None}
        Decision.update(status=state, **extra).where(Decision.id == d.id).execute()
        return Decision.get_by_id(d.id)
    if object_type in ("compact", "bloc_round", "scorecard", "bloc_vote"):
        b = world.bloc
        record = {"compact": b.compact, "bloc_round": b.round, "scorecard": b.card(0),
                  "bloc_vote": b.bloc_vote}[object_type]
        model = type(record)
        model.update(status=state).where(model.id == record.id).execute()
        return model.get_by_id(record.id)
    raise AssertionError(f"no factory for {object_type}")


def _urls(user) -> set[str]:
    return {item.url for items in inbox.items_for(user).values() for item in items}


def _expected(w, record, user) -> bool:
    state = getattr(record, w.machine.state_field)
    if (w.machine.object_type, state) in NOT_WAITING:
        return False
    if workflow.available(record, user):
        return True
    return (w.fixable and state == "returned" and user.has_role(*FIXERS)
            and getattr(record, "unit_id", None) == user.unit_id)


@pytest.mark.parametrize("spec", WAITING, ids=lambda w: w.machine.object_type)
def test_every_state_of_every_table_waits_in_exactly_the_right_inboxes(app, spec):
    world = World()
    for state in spec.machine.states:
        record = _record(world, spec.machine.object_type, state)
        url = spec.url(record)
        for (role, where), user in world.users.items():
            assert (url in _urls(user)) == _expected(spec, record, user), (
                f"{spec.machine.object_type} in state {state!r}: inbox of {role} ({where}) is wrong")


def test_every_waiting_state_has_an_inbox_heading():
    """A state someone has a button in is either listed with a heading, or deliberately not waiting."""
    for w in WAITING:
        for t in w.machine.transitions:
            if not t.manual:
                continue
            for state in t.sources:
                assert state in w.labels or (w.machine.object_type, state) in NOT_WAITING, (
                    f"{w.machine.object_type}: state {state!r} offers “{t.label}” but has no inbox heading")


def test_every_table_is_walked():
    assert {w.machine.object_type for w in WAITING} == {m.object_type for m in workflow.MACHINES.values()}
