"""Issue 8, point 7: a hypothesis state machine drives random action sequences through every transition table.

For each table of thidua/flows.py (campaign, registration, report, nomination, council session, decision), a few
records are made once per test; each hypothesis example puts them back into random states of their machine, then
takes random steps: any action of the table (or one it does not have), by a user of any role of the record's own
unit or another (and, where the table asks for it, the person whose seat or office lets them act), with a random
comment and with no version, the current one or a stale one. The model predicts the outcome from the table itself
(wrong state or stale page: 409; role or actor check fails: 403; comment missing: 422; otherwise the change, or a
409 from the table's guard) and after every step these hold for every record:

- its state is one of its machine's states;
- the last transition written to the audit log since the example began names its current state as state_after
  (and a record not moved in this example has no such row);
- its version went up by exactly one per successful transition, and the audit log has one row per success;
- a refused transition changed nothing: not the row (state, version nor any other column), not the audit log.
"""
from __future__ import annotations

import datetime
import itertools
import os

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from thidua import clock, flows, roles, workflow
from thidua.models import AuditLog, Report
from thidua.council import sessions
from thidua.workflow import WorkflowError
from tests.campaign_factories import make_campaign, make_registration, person_in
from tests.council_factories import MEETING, Meeting, verified
from tests.decision_factories import SignOff
from tests.factories import make_unit, make_user

# A few seconds per table; THIDUA_PROPERTY_EXAMPLES=500 for a long run.
SETTINGS = settings(max_examples=int(os.environ.get("THIDUA_PROPERTY_EXAMPLES", 25)), stateful_step_count=20,
                    deadline=None, database=None,
                    # No "explain" phase: re-running each step to explain a failure takes minutes here.
                    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
                    suppress_health_check=[HealthCheck.too_slow])

COMMENTS = st.one_of(
    st.just(""), st.just("   "),
    # Any printable text (Vietnamese included); control characters have no place in a comment (and PostgreSQL
    # refuses NUL in text).
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
    st.just("Hồ sơ có điểm cần lưu ý nhưng vẫn đủ điều kiện theo ý kiến của Văn phòng."),
)
_numbers = itertools.count(1)


class World:
    """The records of one table and the people who may (or may not) act on them."""

    def __init__(self, machine: workflow.Machine, records: list, actors: list[tuple[object, frozenset[str]]],
                 columns_for=lambda state: {}):
        self.machine = machine
        self.records = records
        self.actors = actors  # (user, the role codes given to them)
        # The other columns a record must hold in a state (the tables' CHECK constraints), set with it on reset.
        self.columns_for = columns_for


def _actors(own_unit, *special) -> list:
    """A user of every role in the records' own unit and in another unit, and the special people given."""
    other = make_unit()
    people = [(make_user(role, unit=unit), frozenset({role})) for role in roles.ALL for unit in (own_unit, other)]
    people.append((make_user(unit=own_unit), frozenset()))  # no role at all
    return people + [(user, frozenset(user.role_codes)) for user in special]


def _campaign_world(office, unit):
    ready = make_campaign(office, units=[unit], status="draft")
    empty = make_campaign(office, units=[], status="draft", items=())  # its guard refuses publishing
    return World(flows.CAMPAIGN, [ready, empty], _actors(unit))


def _registration_world(office, unit):
    full = make_registration(make_campaign(office, units=[unit]), unit, office,
                             lines=[("individual", person_in(unit), "LDTT")])
    empty = make_registration(make_campaign(office, units=[unit]), unit, office)  # its guard refuses submitting
    return World(flows.REGISTRATION, [full, empty], _actors(unit))


def _report_world(office, unit):
    campaign = make_campaign(office, units=[unit])
    written = Report.create(campaign=campaign, unit=unit, kind="annual", body="Báo cáo năm 2021.", created_by=office)
    blank = Report.create(campaign=campaign, unit=unit, kind="six_month", created_by=office)
    return World(flows.REPORT, [written, blank], _actors(unit))


def _nomination_world(office, unit):
    campaign = make_campaign(office, units=[unit])
    return World(flows.NOMINATION, [verified(campaign, unit, office), verified(campaign, unit, office,
                                                                                collective=True)],
                 _actors(unit))


def _session_world(office, unit):
    meeting = Meeting(members=3, dossiers=1)
    verified(meeting.campaign, meeting.unit, meeting.office)
    second = sessions.create(meeting.campaign, {"title": "Phiên họp thứ hai", "meets_at": MEETING,
                                                "place": "Phòng họp Ban Dân tộc"}, meeting.office)
    return World(flows.COUNCIL_SESSION, [meeting.session, second], _actors(meeting.unit, meeting.chair))


def _signed_columns(state: str) -> dict:
    """A signed decision has its number (and only a signed one: CHECK (status = 'signed') = (number IS NOT NULL))."""
    if state == "signed":
        return {"number": next(_numbers), "year": 2021, "signed_on": datetime.date(2021, 12, 25)}
    return {"number": None, "year": None, "signed_on": None}


def _decision_world(office, unit):
    sign_off = SignOff(dossiers=1)
    return World(flows.DECISION, [sign_off.decision], _actors(sign_off.unit, sign_off.leader, sign_off.office),
                 _signed_columns)


def _bloc(unit, votes: bool = False):
    """A bloc of three units whose leader, heads and officers act; a year-end round (closed, with its vote)."""
    from tests.bloc_factories import FULL, BlocWorld
    w = BlocWorld().in_force()
    w.open_round("year_end")
    if votes:
        for index in range(3):
            w.finish(index, FULL)
        w.close_round()
        w.vote()
    people = _actors(unit, *w.heads, *w.officers)
    return w, people


def _compact_world(office, unit):
    w, people = _bloc(unit)
    return World(flows.COMPACT, [w.compact], people)


def _bloc_round_world(office, unit):
    w, people = _bloc(unit)
    w.finish(0, {"1.1": "40", "1.2": "30", "2": "30"})
    return World(flows.BLOC_ROUND, [w.round], people)


def _scorecard_world(office, unit):
    w, people = _bloc(unit)
    w.self_score(0, {"1.1": "40", "1.2": "30", "2": "30"})
    w.self_score(1, {"1.1": "40", "1.2": "30", "2": "30"})
    w.agree(1, {"1.1": ("35", "Chỉ tiêu đạt 87%")})
    return World(flows.SCORECARD, [w.card(0), w.card(1), w.card(2)], people)


def _bloc_vote_world(office, unit):
    w, people = _bloc(unit, votes=True)
    return World(flows.BLOC_VOTE, [w.bloc_vote], people)


WORLDS = {"compact": _compact_world, "bloc_round": _bloc_round_world, "scorecard": _scorecard_world,
          "bloc_vote": _bloc_vote_world,
          "campaign": _campaign_world, "registration": _registration_world, "report": _report_world,
          "nomination": _nomination_world, "council_session": _session_world, "decision": _decision_world}


class Workflow(RuleBasedStateMachine):
    world: World  # set by each test on its subclass

    def _row(self, record) -> dict:
        model = self.world.machine.model
        return model.select().where(model.id == record.id).dicts().get()

    def _transitions(self, record_id: int):
        machine = self.world.machine
        actions = [t.action for t in machine.transitions]
        return (AuditLog.select().where(AuditLog.object_type == machine.object_type, AuditLog.object_id == record_id,
                                        AuditLog.action.in_(actions), AuditLog.id > self.baseline)
                .order_by(AuditLog.id))

    @initialize(data=st.data())
    def reset(self, data):
        """Put every record into a random state of its machine; what happened before this example is history."""
        machine = self.world.machine
        model, state_field = machine.model, machine.state_field
        self.start_version, self.moves = {}, {}
        for record in self.world.records:
            state = data.draw(st.sampled_from(sorted(machine.states)), label=f"start state of #{record.id}")
            columns = {getattr(model, k): v for k, v in self.world.columns_for(state).items()}
            model.update({getattr(model, state_field): state, **columns}).where(model.id == record.id).execute()
            self.start_version[record.id] = self._row(record)["version"]
            self.moves[record.id] = 0
        self.baseline = AuditLog.select(AuditLog.id).order_by(AuditLog.id.desc()).scalar() or 0

    @rule(data=st.data())
    def act(self, data):
        machine = self.world.machine
        record = data.draw(st.sampled_from(self.world.records), label="record")
        obj = machine.model.get_by_id(record.id)
        before_row = self._row(record)
        state, version = before_row[machine.state_field], before_row["version"]
        # Half the time an action the state allows, by someone holding a role it names, from an up-to-date page:
        # otherwise nearly every step would be a refusal.
        everything = [t.action for t in machine.transitions] + ["bogus"]
        open_now = [t.action for t in machine.transitions if state in t.sources]
        likely = data.draw(st.booleans(), label="likely")
        action = data.draw(st.sampled_from(open_now if likely and open_now else everything), label="action")
        t = machine.transition(action)
        entitled = [a for a in self.world.actors if t is not None and a[1] & t.roles]
        actor, actor_roles = data.draw(st.sampled_from(entitled if likely and entitled else self.world.actors),
                                       label="actor")
        comment = data.draw(COMMENTS, label="comment")
        seen = data.draw(st.sampled_from([None, version, version, version - 1, version + 1]), label="version")
        audit_rows = AuditLog.select().count()
        if action == "sign":
            # What the signing service (decisions.services.sign) hands the transition's effect.
            obj.signing = {"number": next(_numbers), "year": 2021, "signed_on": datetime.date(2021, 12, 25),
                           "signed_by": actor.id, "on_behalf_of": None, "signer_title": "TRƯỞNG BAN",
                           "signer_authority": ""}

        # What the table says must happen (guards aside: those are the tables' own business, tested elsewhere).
        # A role that may not act and a wrong state both refuse; which one is named first is the engine's choice.
        stale = seen is not None and seen != version
        if t is None or stale:
            expected = {409}
        else:
            forbidden = not (actor_roles & t.roles) or (t.actor_check is not None and not t.actor_check(obj, actor))
            expected = ({403} if forbidden else set()) | ({409} if state not in t.sources else set())
            if not expected and t.needs_comment and not comment.strip():
                expected = {422}

        try:
            moved = workflow.apply(obj, action, actor, comment, expected_version=seen)
        except WorkflowError as error:
            assert error.code in (expected or {409}), (action, state, error.code, error.message)
            assert expected or t.guard is not None, f"{action} from {state} refused without a guard"
            if t is not None and stale:
                assert error.message == workflow.STALE
            assert self._row(record) == before_row, f"a refused {action} changed the row"
            assert AuditLog.select().count() == audit_rows, f"a refused {action} wrote to the audit log"
            return

        assert not expected, f"{action} from {state} by {set(actor_roles)} should have been refused ({expected})"
        after = self._row(record)
        assert after[machine.state_field] == t.target == getattr(moved, machine.state_field)
        assert after["version"] == version + 1 == moved.version
        self.moves[record.id] += 1
        entry = self._transitions(record.id).order_by(AuditLog.id.desc()).first()
        assert (entry.action, entry.state_before, entry.state_after, entry.actor_id) == (action, state, t.target,
                                                                                        actor.id)
        assert entry.comment == comment.strip()

    @invariant()
    def state_and_audit_agree(self):
        machine = self.world.machine
        model = machine.model
        for record in self.world.records:
            state, version = (model.select(getattr(model, machine.state_field), model.version)
                              .where(model.id == record.id).tuples().get())
            assert state in machine.states, f"#{record.id} is in {state!r}, not a state of {machine.object_type}"
            entries = list(self._transitions(record.id))
            assert len(entries) == self.moves[record.id]
            assert version == self.start_version[record.id] + self.moves[record.id]
            if entries:
                assert entries[-1].state_after == state, (entries[-1].action, entries[-1].state_after, state)
                # The chain of this example's moves is unbroken: each starts where the one before ended.
                for earlier, later in zip(entries, entries[1:]):
                    assert later.state_before == earlier.state_after


@pytest.mark.parametrize("table", list(WORLDS))
def test_random_actions_keep_state_and_audit_in_agreement(app, monkeypatch, table):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    with app.app_context():
        office = make_user(roles.OFFICE)
        unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
        world = WORLDS[table](office, unit)
        machine = type(f"Workflow_{table}", (Workflow,), {"world": world})
        run_state_machine_as_test(machine, settings=SETTINGS)


def test_every_table_is_driven():
    """A table added to thidua/flows.py without a world here would escape the property test."""
    assert {m.object_type for m in workflow.MACHINES.values()} == set(WORLDS)
