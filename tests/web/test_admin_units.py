"""Administration of units: list, live search, create, inline edit, deactivate."""
import json

import pytest

from thidua import roles
from thidua.models import AuditLog, Unit

HTMX = {"HX-Request": "true"}


@pytest.fixture
def admin(make_user, sign_in):
    user = make_user(roles.ADMIN, full_name="Lê Minh Tuấn")
    sign_in(user)
    return user


def test_unit_list_shows_units_with_their_parent(client, admin, make_unit):
    agency = make_unit(name="Ban Dân tộc tỉnh Đồng Nai", code="BDT", kind="agency")
    make_unit(name="Phòng Dân tộc huyện Tân Phú", code="PDT-TP", parent=agency)
    page = client.get("/admin/units").get_data(as_text=True)
    assert "Phòng Dân tộc huyện Tân Phú" in page
    assert "PDT-TP" in page and "Ban Dân tộc tỉnh Đồng Nai" in page


def test_search_answers_htmx_with_the_list_fragment_only(client, admin, make_unit):
    make_unit(name="Phòng Dân tộc huyện Tân Phú")
    make_unit(name="Phòng Dân tộc huyện Định Quán")
    response = client.get("/admin/units?q=tân phú", headers=HTMX)
    body = response.get_data(as_text=True)
    assert body.startswith('<div id="unit-list">')
    assert "<html" not in body
    assert "Tân Phú" in body and "Định Quán" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_search_is_case_insensitive_for_vietnamese_letters(client, admin, make_unit):
    make_unit(name="Phòng Dân tộc huyện Định Quán")
    body = client.get("/admin/units?q=định quán", headers=HTMX).get_data(as_text=True)
    assert "Định Quán" in body


def test_search_without_htmx_returns_the_whole_page(client, admin, make_unit):
    make_unit(name="Phòng Dân tộc huyện Tân Phú")
    body = client.get("/admin/units?q=Tân").get_data(as_text=True)
    assert "<html" in body and "Tân Phú" in body


def test_boosted_navigation_gets_the_whole_page(client, admin):
    body = client.get("/admin/units", headers={**HTMX, "HX-Boosted": "true"}).get_data(as_text=True)
    assert "<html" in body


def test_unit_list_is_paginated(app, client, admin, make_unit):
    app.config["PAGE_SIZE"] = 5
    for n in range(12):
        make_unit(name=f"Đơn vị {n:02d}")
    first = client.get("/admin/units").get_data(as_text=True)
    assert "Trang 1/3" in first
    last = client.get("/admin/units?page=3").get_data(as_text=True)
    assert "Trang 3/3" in last
    assert client.get("/admin/units?page=99").status_code == 200


def test_create_unit(client, admin, make_unit):
    agency = make_unit(kind="agency")
    response = client.post("/admin/units/new", data={"name": "Phòng Dân tộc huyện Mới", "code": "pdt-moi",
                                                     "kind": "district", "parent_id": str(agency.id)})
    assert response.status_code == 303
    unit = Unit.get(Unit.code == "PDT-MOI")
    assert unit.parent_id == agency.id
    entry = AuditLog.get(AuditLog.object_type == "unit", AuditLog.object_id == unit.id)
    assert entry.action == "create" and entry.actor_id == admin.id
    assert json.loads(entry.state_after)["name"] == "Phòng Dân tộc huyện Mới"


def test_duplicate_unit_code_is_a_field_error_that_keeps_the_input(client, admin, make_unit):
    make_unit(code="PDT-TP")
    response = client.post("/admin/units/new", data={"name": "Tên đã gõ", "code": "pdt-tp",
                                                     "kind": "district", "parent_id": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mã đơn vị “PDT-TP” đã được dùng cho đơn vị khác." in body
    assert 'value="Tên đã gõ"' in body
    assert Unit.select().where(Unit.code == "PDT-TP").count() == 1


def test_missing_fields_are_reported_in_vietnamese(client, admin):
    response = client.post("/admin/units/new", data={"name": "", "code": "", "kind": "district"})
    assert response.status_code == 422
    assert "Trường này là bắt buộc." in response.get_data(as_text=True)


def test_inline_edit_returns_the_form_row_for_htmx(client, admin, make_unit):
    unit = make_unit(name="Phòng cũ")
    body = client.get(f"/admin/units/{unit.id}/edit", headers=HTMX).get_data(as_text=True)
    assert body.startswith(f'<tr id="unit-{unit.id}" class="editing">')
    assert 'value="Phòng cũ"' in body


def test_inline_edit_saves_and_returns_the_row(client, admin, make_unit):
    unit = make_unit(name="Phòng cũ", code="CU")
    response = client.post(f"/admin/units/{unit.id}/edit", headers=HTMX,
                           data={"name": "Phòng mới", "code": "CU", "kind": "district", "parent_id": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.startswith(f'<tr id="unit-{unit.id}">') and "Phòng mới" in body
    assert 'hx-swap-oob="true"' in body and "Đã lưu đơn vị" in body
    assert Unit.get_by_id(unit.id).name == "Phòng mới"
    entry = AuditLog.get(AuditLog.action == "update", AuditLog.object_id == unit.id)
    assert json.loads(entry.state_before) == {"name": "Phòng cũ"}
    assert json.loads(entry.state_after) == {"name": "Phòng mới"}


def test_inline_edit_error_keeps_the_form_row_with_422(client, admin, make_unit):
    make_unit(code="TAKEN")
    unit = make_unit(code="MINE")
    response = client.post(f"/admin/units/{unit.id}/edit", headers=HTMX,
                           data={"name": "Tên mới gõ", "code": "TAKEN", "kind": "district", "parent_id": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "editing" in body and 'value="Tên mới gõ"' in body and "đã được dùng" in body
    assert Unit.get_by_id(unit.id).code == "MINE"


def test_edit_without_htmx_redirects_to_the_list(client, admin, make_unit):
    unit = make_unit()
    response = client.post(f"/admin/units/{unit.id}/edit",
                           data={"name": "Tên", "code": unit.code, "kind": "district", "parent_id": ""})
    assert response.status_code == 303 and response.headers["Location"] == "/admin/units"


def test_a_unit_cannot_be_its_own_ancestor(client, admin, make_unit):
    top = make_unit()
    child = make_unit(parent=top)
    response = client.post(f"/admin/units/{top.id}/edit",
                           data={"name": top.name, "code": top.code, "kind": "district", "parent_id": str(child.id)})
    assert response.status_code == 422
    assert "cấp dưới" in response.get_data(as_text=True)
    assert Unit.get_by_id(top.id).parent_id is None


def test_deactivate_and_reactivate_a_unit(client, admin, make_unit):
    unit = make_unit()
    response = client.post(f"/admin/units/{unit.id}/active", data={"active": "0"}, headers=HTMX)
    assert "Ngừng hoạt động" in response.get_data(as_text=True)
    assert Unit.get_by_id(unit.id).active is False
    client.post(f"/admin/units/{unit.id}/active", data={"active": "1"})
    assert Unit.get_by_id(unit.id).active is True
    actions = [e.action for e in AuditLog.select().where(AuditLog.object_id == unit.id,
                                                         AuditLog.object_type == "unit").order_by(AuditLog.id)]
    assert actions == ["deactivate", "activate"]


def test_unknown_unit_is_a_vietnamese_404(client, admin):
    response = client.get("/admin/units/9999/edit")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_units_are_listed_in_vietnamese_alphabet_order(client, admin, make_unit):
    for name in ("Phòng Dân tộc huyện Xuân Lộc", "Phòng Dân tộc huyện Định Quán", "Phòng Dân tộc huyện Cẩm Mỹ",
                 "Phòng Dân tộc huyện Dầu Giây"):
        make_unit(name=name)
    page = client.get("/admin/units").get_data(as_text=True)
    positions = [page.index(n) for n in ("Cẩm Mỹ", "Dầu Giây", "Định Quán", "Xuân Lộc")]
    assert positions == sorted(positions)
