"""The catalogue of titles and award forms: per regime, editable, retired entries kept."""
import json
from decimal import Decimal

import pytest

from thidua import roles
from thidua.models import AuditLog, AwardKind, LegalRegime
from tests.campaign_factories import award, make_campaign, make_registration, person_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def admin(make_user, sign_in):
    user = make_user(roles.ADMIN)
    sign_in(user)
    return user


def _regime(code):
    return LegalRegime.get(LegalRegime.code == code)


def test_catalogue_lists_each_regimes_entries(client, admin):
    regime = _regime("LAW2003_ND91")
    page = client.get(f"/admin/catalogue?regime={regime.id}").get_data(as_text=True)
    assert "Chiến sĩ thi đua cơ sở" in page and "Kỷ niệm chương" in page
    assert "Luật Thi đua, khen thưởng 2003" in page


def test_newest_regime_is_shown_by_default(client, admin):
    page = client.get("/admin/catalogue").get_data(as_text=True)
    assert "Bằng khen của Bộ trưởng Bộ Dân tộc và Tôn giáo" in page


def test_editing_an_entry_is_audited(client, admin):
    kind = AwardKind.get(AwardKind.code == "GK", AwardKind.regime == _regime("LAW2022_ND152"))
    response = client.post(f"/admin/catalogue/{kind.id}/edit", data={
        "name": kind.name, "level": "", "decided_by": "committee", "authority": "Trưởng Ban Dân tộc",
        "legal_basis": "Điều 75 Luật Thi đua, khen thưởng 2022", "cash_coefficient": "0.3", "sort_order": "8"})
    assert response.status_code == 303
    assert AwardKind.get_by_id(kind.id).cash_coefficient == Decimal("0.3")
    entry = AuditLog.get(AuditLog.object_type == "award_kind", AuditLog.action == "update")
    assert Decimal(json.loads(entry.state_after)["cash_coefficient"]) == Decimal("0.3")


def test_bad_coefficient_is_refused(client, admin):
    kind = AwardKind.get(AwardKind.code == "GK", AwardKind.regime == _regime("LAW2022_ND152"))
    response = client.post(f"/admin/catalogue/{kind.id}/edit", data={
        "name": kind.name, "decided_by": "committee", "cash_coefficient": "-1"})
    assert response.status_code == 422 and "Hệ số từ 0 đến 100." in response.get_data(as_text=True)


def test_a_new_entry_needs_a_code_unique_in_its_regime(client, admin):
    regime = _regime("LAW2022_ND152")
    data = {"code": "LDTT", "category": "title", "subject": "individual", "name": "Trùng", "decided_by": "committee"}
    response = client.post(f"/admin/catalogue/new/{regime.id}", data=data)
    assert response.status_code == 422 and "đã có trong chế độ pháp lý này" in response.get_data(as_text=True)
    response = client.post(f"/admin/catalogue/new/{regime.id}", data={**data, "code": "TTD", "name": "Thôn văn hóa",
                                                                        "subject": "collective"})
    assert response.status_code == 303
    assert AwardKind.get(AwardKind.code == "TTD").regime_id == regime.id


def test_a_retired_entry_is_no_longer_offered_but_stays_in_old_registrations(app, client, admin, make_user,
                                                                              make_unit, sign_in):
    unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    staff = make_user(roles.UNIT_STAFF, unit=unit)
    campaign = make_campaign(admin, units=[unit])
    registration = make_registration(campaign, unit, staff, lines=[("individual", person_in(unit), "LDTT")])
    kind = award("LDTT", campaign)
    client.post(f"/admin/catalogue/{kind.id}/active", data={"active": "0"}, headers=HTMX)
    assert AwardKind.get_by_id(kind.id).active is False
    theirs = app.test_client()
    sign_in(staff, the_client=theirs)
    page = theirs.get(f"/registrations/{registration.id}").get_data(as_text=True)
    assert "<td data-label=\"Danh hiệu, hình thức\">Lao động tiên tiến</td>" in page
    assert ">Lao động tiên tiến (danh hiệu thi đua)</option>" not in page


def test_regime_dates_must_be_in_order(client, admin):
    regime = _regime("LAW2022_ND98")
    response = client.post(f"/admin/regimes/{regime.id}/edit", data={
        "name": regime.name, "basis": regime.basis, "valid_from": "2024-01-01", "valid_to": "2023-06-30"})
    assert response.status_code == 422
    assert "phải sau ngày bắt đầu" in response.get_data(as_text=True)
