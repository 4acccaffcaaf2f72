"""Issue 8, point 7: saving from a stale form is a 409 and overwrites nothing.

Two people (two clients, each signed in) open the same edit form; the first saves, the second then saves from the
page they still have open. The second gets a 409 with the "changed by someone else" message, the record keeps the
first person's values, its version moved once, and the audit log holds one change, not two.
"""
from __future__ import annotations

import re

import pytest

from thidua import roles, workflow
from thidua.models import AuditLog, Campaign, Nomination, Report
from tests.campaign_factories import make_campaign
from tests.council_factories import verified
from tests.web.test_campaigns import plan_form


def _version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _two_people(app, sign_in, make_user, role, unit):
    """Two users of role and unit, each signed in on a client of their own."""
    clients = []
    for n in range(2):
        user = make_user(role, unit=unit, full_name=f"Người Sửa Thứ {n + 1}")
        c = app.test_client()
        assert sign_in(user, the_client=c).status_code in (302, 303)
        clients.append(c)
    return clients


def _updates(object_type: str, object_id: int) -> int:
    return (AuditLog.select().where(AuditLog.object_type == object_type, AuditLog.object_id == object_id,
                                    AuditLog.action == "update").count())


def _refused_as_stale(response) -> None:
    assert response.status_code == 409, response.status_code
    assert workflow.STALE in response.get_data(as_text=True)


@pytest.fixture
def world(make_user, make_unit):
    unit = make_unit(name="Phòng Dân tộc huyện Tân Phú", code="PDT-TP")
    office = make_user(roles.OFFICE)
    return {"unit": unit, "office": office, "campaign": make_campaign(office, units=[unit])}


def test_dossier_details_from_a_stale_page_are_refused(app, sign_in, make_user, world):
    nomination = verified(world["campaign"], world["unit"], world["office"])
    Nomination.update(status="draft", summary="Tóm tắt ban đầu").where(Nomination.id == nomination.id).execute()
    first, second = _two_people(app, sign_in, make_user, roles.UNIT_STAFF, world["unit"])
    page = f"/nominations/{nomination.id}"
    seen = [_version(c.get(page).get_data(as_text=True)) for c in (first, second)]
    assert seen[0] == seen[1]

    saved = first.post(page, data={"basis": "cong_trang", "summary": "Bản của người thứ nhất", "version": seen[0]})
    assert saved.status_code == 303
    _refused_as_stale(second.post(page, data={"basis": "dot_xuat", "summary": "Bản của người thứ hai",
                                              "version": seen[1]}))

    fresh = Nomination.get_by_id(nomination.id)
    assert (fresh.basis, fresh.summary) == ("cong_trang", "Bản của người thứ nhất")
    assert fresh.version == int(seen[0]) + 1
    assert _updates("nomination", nomination.id) == 1
    # Reloaded, the second person's form saves normally.
    again = _version(second.get(page).get_data(as_text=True))
    assert second.post(page, data={"basis": "dot_xuat", "summary": "Bản của người thứ hai",
                                   "version": again}).status_code == 303
    assert Nomination.get_by_id(nomination.id).summary == "Bản của người thứ hai"


def test_report_text_from_a_stale_page_is_refused(app, sign_in, make_user, world):
    report = Report.create(campaign=world["campaign"], unit=world["unit"], kind="annual", period="Năm 2021",
                           body="Nội dung ban đầu", created_by=world["office"])
    first, second = _two_people(app, sign_in, make_user, roles.UNIT_HEAD, world["unit"])
    page = f"/reports/{report.id}"
    seen = [_version(c.get(page).get_data(as_text=True)) for c in (first, second)]

    assert first.post(page, data={"period": "Năm 2021", "body": "Bản của người thứ nhất",
                                  "version": seen[0]}).status_code == 303
    _refused_as_stale(second.post(page, data={"period": "Cả năm 2021", "body": "Bản của người thứ hai",
                                              "version": seen[1]}))

    fresh = Report.get_by_id(report.id)
    assert (fresh.period, fresh.body, fresh.version) == ("Năm 2021", "Bản của người thứ nhất", int(seen[0]) + 1)
    assert _updates("report", report.id) == 1


def test_campaign_plan_from_a_stale_page_is_refused(app, sign_in, make_user, make_unit, world):
    campaign = make_campaign(world["office"], units=[world["unit"]], status="draft", number=15,
                             title="Tiêu đề ban đầu")
    first, second = _two_people(app, sign_in, make_user, roles.OFFICE, make_unit())
    page = f"/campaigns/{campaign.id}/edit"
    seen = [_version(c.get(page).get_data(as_text=True)) for c in (first, second)]

    assert first.post(page, data=plan_form(version=seen[0], title="Bản của người thứ nhất")).status_code == 303
    _refused_as_stale(second.post(page, data=plan_form(version=seen[1], title="Bản của người thứ hai",
                                                       signer_name="Người Khác")))

    fresh = Campaign.get_by_id(campaign.id)
    assert (fresh.title, fresh.signer_name) == ("Bản của người thứ nhất", "Nguyễn Văn Khang")
    assert fresh.version == int(seen[0]) + 1
    assert _updates("campaign", campaign.id) == 1
