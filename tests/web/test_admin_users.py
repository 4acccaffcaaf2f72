"""Administration of users: create with roles, edit inline, deactivate, reset password."""
import pytest

from thidua import roles
from thidua.models import AuditLog, User, UserRole

HTMX = {"HX-Request": "true"}
NEW_USER = {"username": "TanPhu.CV2", "full_name": "K’ Thị Hồng", "email": "hong@example.vn",
            "new_password": "TamThoi-2026", "confirm": "TamThoi-2026"}


@pytest.fixture
def admin(make_user, sign_in):
    user = make_user(roles.ADMIN)
    sign_in(user)
    return user


def _roles_of(user_id):
    return sorted(r.role for r in UserRole.select().where(UserRole.user == user_id))


def test_create_user_with_roles(client, admin, make_unit):
    unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    response = client.post("/admin/users/new", data={**NEW_USER, "unit_id": str(unit.id),
                                                     "roles": [roles.UNIT_STAFF, roles.UNIT_HEAD]})
    assert response.status_code == 303
    user = User.get(User.username == "tanphu.cv2")
    assert user.unit_id == unit.id and user.must_change_password
    assert _roles_of(user.id) == [roles.UNIT_HEAD, roles.UNIT_STAFF]
    assert user.password_hash.startswith("$argon2id$")
    assert AuditLog.get(AuditLog.object_type == "user", AuditLog.object_id == user.id).actor_id == admin.id


def test_user_list_shows_unit_and_roles(client, admin, make_user, make_unit):
    make_user(roles.UNIT_HEAD, unit=make_unit(name="Phòng Dân tộc huyện Xuân Lộc"), full_name="Nguyễn Đức Lợi")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Nguyễn Đức Lợi" in page and "Phòng Dân tộc huyện Xuân Lộc" in page and "Trưởng đơn vị" in page


def test_user_search_by_name_answers_htmx_with_the_list(client, admin, make_user):
    make_user(full_name="Điểu Thị Mai")
    make_user(full_name="Trần Văn Bảo")
    body = client.get("/admin/users?q=điểu", headers=HTMX).get_data(as_text=True)
    assert body.startswith('<div id="user-list">')
    assert "Điểu Thị Mai" in body and "Trần Văn Bảo" not in body


def test_duplicate_username_is_a_field_error(client, admin, make_user, make_unit):
    make_user(username="tanphu.cv2")
    response = client.post("/admin/users/new", data={**NEW_USER, "unit_id": str(make_unit().id)})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tên đăng nhập “tanphu.cv2” đã có người dùng." in body
    assert 'value="K’ Thị Hồng"' in body
    assert User.select().where(User.username == "tanphu.cv2").count() == 1


def test_user_needs_a_unit(client, admin):
    response = client.post("/admin/users/new", data={**NEW_USER, "unit_id": ""})
    assert response.status_code == 422
    assert "Vui lòng chọn đơn vị." in response.get_data(as_text=True)


def test_bad_email_is_refused(client, admin, make_unit):
    response = client.post("/admin/users/new", data={**NEW_USER, "email": "khong-phai-email",
                                                     "unit_id": str(make_unit().id)})
    assert response.status_code == 422
    assert "Địa chỉ thư điện tử không hợp lệ." in response.get_data(as_text=True)


def test_inline_edit_changes_roles_and_unit_and_signs_the_user_out(app, client, admin, make_user, make_unit,
                                                                    sign_in):
    user = make_user(roles.UNIT_STAFF)
    theirs = app.test_client()
    sign_in(user, the_client=theirs)
    other_unit = make_unit()
    response = client.post(f"/admin/users/{user.id}/edit", headers=HTMX,
                           data={"full_name": user.full_name, "email": "", "unit_id": str(other_unit.id),
                                 "roles": [roles.UNIT_HEAD]})
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith(f'<tr id="user-{user.id}">')
    assert _roles_of(user.id) == [roles.UNIT_HEAD]
    assert User.get_by_id(user.id).unit_id == other_unit.id
    assert theirs.get("/inbox").status_code == 302


def test_admin_cannot_remove_their_own_admin_role(client, admin):
    response = client.post(f"/admin/users/{admin.id}/edit",
                           data={"full_name": admin.full_name, "email": "", "unit_id": str(admin.unit_id),
                                 "roles": [roles.OFFICE]})
    assert response.status_code == 422
    assert "tự bỏ vai trò quản trị" in response.get_data(as_text=True)
    assert _roles_of(admin.id) == [roles.ADMIN]


def test_deactivated_user_is_signed_out_and_cannot_sign_in(app, client, admin, make_user, sign_in):
    user = make_user(roles.UNIT_STAFF)
    theirs = app.test_client()
    sign_in(user, the_client=theirs)
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    assert theirs.get("/inbox").status_code == 302
    assert sign_in(user, the_client=app.test_client()).status_code == 422
    assert User.get_by_id(user.id) is not None  # kept, never deleted


def test_admin_cannot_deactivate_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.id}/active", data={"active": "0"}, headers=HTMX)
    assert response.status_code == 409
    assert "tự khóa" in response.get_data(as_text=True)
    assert User.get_by_id(admin.id).active


def test_there_is_no_way_to_delete_a_user(app):
    rules = [r for r in app.url_map.iter_rules()
             if r.endpoint.startswith("admin.user") and ("DELETE" in r.methods or "delete" in r.endpoint)]
    assert rules == []


def test_reset_password_forces_a_change_and_ends_sessions(app, client, admin, make_user, sign_in):
    user = make_user(roles.UNIT_STAFF)
    theirs = app.test_client()
    sign_in(user, the_client=theirs)
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"new_password": "TamThoi-2027", "confirm": "TamThoi-2027"})
    assert response.status_code == 303
    assert theirs.get("/inbox").status_code == 302
    fresh = app.test_client()
    assert sign_in(user, password="TamThoi-2027", the_client=fresh).status_code == 303
    assert fresh.get("/inbox").headers["Location"] == "/password"
    assert AuditLog.get(AuditLog.action == "reset_password").object_id == user.id


def test_reset_password_mismatch_is_refused(client, admin, make_user):
    user = make_user()
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"new_password": "TamThoi-2027", "confirm": "TamThoi-2028"})
    assert response.status_code == 422
    assert "không khớp" in response.get_data(as_text=True)


def test_audit_log_page_lists_entries_with_vietnamese_labels(client, admin, make_user):
    user = make_user()
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Ngừng hoạt động / khóa" in page and "Người dùng" in page and "127.0.0.1" in page


def test_edit_form_shows_the_users_current_roles_ticked(client, admin, make_user):
    user = make_user(roles.UNIT_HEAD)
    body = client.get(f"/admin/users/{user.id}/edit", headers=HTMX).get_data(as_text=True)
    assert 'checked id="user-%d-roles-1" name="roles" type="checkbox" value="unit_head"' % user.id in body


def test_saving_the_edit_form_unchanged_keeps_the_roles(client, admin, make_user):
    user = make_user(roles.UNIT_HEAD, roles.COUNCIL_MEMBER)
    page = client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert page.count("checked") == 2
    client.post(f"/admin/users/{user.id}/edit", data={"full_name": user.full_name, "email": "",
                                                      "unit_id": str(user.unit_id),
                                                      "roles": [roles.UNIT_HEAD, roles.COUNCIL_MEMBER]})
    assert _roles_of(user.id) == [roles.COUNCIL_MEMBER, roles.UNIT_HEAD]


def test_users_are_listed_by_given_name_the_vietnamese_way(client, admin, make_user):
    for name in ("Nguyễn Văn Đức", "Trần Thị An", "Lê Văn Dũng", "Phạm Thị Yến"):
        make_user(full_name=name)
    page = client.get("/admin/users").get_data(as_text=True)
    positions = [page.index(n) for n in ("Trần Thị An", "Lê Văn Dũng", "Nguyễn Văn Đức", "Phạm Thị Yến")]
    assert positions == sorted(positions)


def test_the_system_log_hides_personal_data_from_the_admin(client, admin, make_user):
    from thidua import audit
    from thidua.models import AuditLog
    AuditLog.create(action="add_discipline", object_type="person", object_id=1,
                    state_after='{"level": "khien_trach", "reason": "Vi phạm quy chế"}', comment="Vi phạm quy chế")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Vi phạm quy chế" not in page and "khien_trach" not in page
    assert audit.HIDDEN in page
