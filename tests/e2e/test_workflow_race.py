"""Issue 8, point 7: sixteen people pressing the same button at the same moment against the live server.

Sixteen office users, each signed in through /login (CSRF on) in their own cookie jar, open the same submitted
record, then a barrier releases their POSTs together. Exactly one gets the 303 and the success flash; the fifteen
others get a real 409 (not a redirect to a page showing an error) with the "changed by someone else" message, and
the audit log holds exactly one row for the transition. The winner is whoever's compare-and-set on
(id, state, version) commits first (thidua/workflow.py): on PostgreSQL the others' UPDATEs wait on the row lock and,
under READ COMMITTED, re-read the committed row and match nothing; on SQLite they queue on the write lock.
"""
from __future__ import annotations

import pytest

from thidua import roles, workflow
from thidua.models import AuditLog, Registration, Report, Unit, User
from tests.campaign_factories import make_campaign, make_registration, person_in
from tests.e2e.test_council_concurrency import in_threads, signed_in
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.e2e

RACERS = 16


def _submitted_registration(office, unit):
    campaign = make_campaign(office, units=[unit])
    return make_registration(campaign, unit, office, status="submitted",
                             lines=[("individual", person_in(unit), "LDTT")])


def _submitted_report(office, unit):
    campaign = make_campaign(office, units=[unit])
    return Report.create(campaign=campaign, unit=unit, kind="annual", status="submitted",
                         body="Báo cáo tổng kết phong trào thi đua năm 2021.", created_by=office)


CASES = {
    # object_type: (make the record, its page, its button, the success flash once accepted)
    "registration": (_submitted_registration, "/registrations/{id}", "Chấp nhận",
                     "Bản đăng ký của {unit}: đã được chấp nhận."),
    "report": (_submitted_report, "/reports/{id}", "Tiếp nhận", "Báo cáo của {unit}: đã tiếp nhận."),
}
# What a loser may read: the page it acted from was out of date (it posted the version it saw), or the record
# had already moved when its request read it (a client that posts no version).
WRONG_STATE = "Hồ sơ đang ở trạng thái “Đã"


@pytest.mark.parametrize("object_type", list(CASES))
def test_sixteen_simultaneous_accepts_give_one_success_and_fifteen_conflicts(app, live_server, object_type):
    make, page, button, flash = CASES[object_type]
    model = Registration if object_type == "registration" else Report
    with app.app_context():
        unit = Unit.get(Unit.code == "PDT-TP")
        record = make(User.get(User.username == "vanphong"), unit)
        # Sixteen office users, each of a unit of their own (nobody judges their own unit's record).
        racers = [make_user(roles.OFFICE, full_name=f"Lê Văn Văn Phòng {n + 1}").username for n in range(RACERS)]
    path = page.format(id=record.id)

    browsers = [signed_in(live_server, name, DEFAULT_PASSWORD) for name in racers]
    for browser in browsers:
        # The page as each person sees it: its CSRF token and the version its button carries.
        shown = browser.get(path)
        assert shown.status == 200 and button in shown.text, shown.text[:300]

    # Half of them post the version their page was drawn at, as the button does; half post none, so that only
    # the compare-and-set stands between them and a second acceptance.
    def press(n, browser):
        fields = {"version": str(record.version)} if n % 2 == 0 else {}
        return browser.post(f"{path}/actions/accept", comment="", **fields)

    answers = in_threads(*(lambda n=n, b=b: press(n, b) for n, b in enumerate(browsers)))

    outcomes = sorted((a.status, tuple(a.redirects)) for a in answers)
    print(f"\n{RACERS} simultaneous accepts of one {object_type}: {outcomes}")
    won = [a for a in answers if a.redirects == [303]]
    lost = [a for a in answers if a not in won]
    assert len(won) == 1, outcomes
    assert won[0].status == 200 and flash.format(unit=unit.name) in won[0].text, won[0].text[:400]
    assert len(lost) == RACERS - 1
    for answer in lost:
        # A real 409, answered directly: no redirect to a page that merely shows an error.
        assert answer.status == 409 and answer.redirects == [], (answer.status, answer.redirects)
        assert workflow.STALE in answer.text or WRONG_STATE in answer.text, answer.text[:400]

    fresh = model.get_by_id(record.id)
    assert fresh.status == "accepted" and fresh.version == record.version + 1
    rows = list(AuditLog.select().where(AuditLog.object_type == object_type, AuditLog.object_id == record.id,
                                        AuditLog.action == "accept"))
    assert len(rows) == 1
    assert (rows[0].state_before, rows[0].state_after) == ("submitted", "accepted")
    assert rows[0].actor.username in racers
