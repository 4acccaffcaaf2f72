"""Every route is public by name or protected; role gates and unit scope hold on the server."""
import re

import pytest

from thidua import roles
from thidua.authz import AREA_ROLES, PUBLIC_ENDPOINTS


def _url_for_rule(rule) -> str:
    return re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)


def _routes(app):
    for rule in app.url_map.iter_rules():
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for method in methods:
            yield rule, method


def test_every_route_is_public_by_name_or_requires_sign_in(app, client):
    unprotected = []
    for rule, method in _routes(app):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(_url_for_rule(rule), method=method)
        if not (response.status_code == 302 and "/login" in response.headers.get("Location", "")):
            unprotected.append((rule.rule, method, response.status_code))
    assert unprotected == []


def test_every_route_answers_htmx_without_session_with_hx_redirect(app, client):
    for rule, method in _routes(app):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(_url_for_rule(rule), method=method, headers={"HX-Request": "true"})
        assert response.status_code == 401 and "HX-Redirect" in response.headers, rule.rule


def test_public_routes_open_without_sign_in(client):
    assert client.get("/login").status_code == 200
    assert client.get("/health").status_code == 200


def test_every_admin_route_is_refused_to_every_other_role(app, client, make_user, sign_in):
    assert AREA_ROLES["admin"] == {roles.ADMIN}
    for role in set(roles.ALL) - {roles.ADMIN}:
        the_client = app.test_client()
        sign_in(make_user(role), the_client=the_client)
        for rule, method in _routes(app):
            if rule.endpoint.split(".")[0] != "admin":
                continue
            response = the_client.open(_url_for_rule(rule), method=method)
            assert response.status_code == 403, (role, rule.rule, method)
            assert "Không có quyền truy cập" in response.get_data(as_text=True)


def test_signed_in_user_with_no_role_reaches_only_common_pages(app, client, make_user, sign_in):
    sign_in(make_user())
    assert client.get("/inbox").status_code == 200
    assert client.get("/admin/units").status_code == 403


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD])
def test_unit_user_sees_own_unit_and_not_another(client, make_user, make_unit, sign_in, role):
    mine, other = make_unit(name="Phòng Dân tộc huyện Tân Phú"), make_unit(name="Phòng Dân tộc huyện Định Quán")
    sign_in(make_user(role, unit=mine))
    assert "Tân Phú" in client.get(f"/units/{mine.id}").get_data(as_text=True)
    assert client.get(f"/units/{other.id}").status_code == 404
    assert client.get("/units/mine").headers["Location"] == f"/units/{mine.id}"


def test_unit_user_is_sent_from_the_unit_list_to_their_own_unit(client, make_user, sign_in):
    sign_in(make_user(roles.UNIT_STAFF))
    assert client.get("/units").headers["Location"] == "/units/mine"


@pytest.mark.parametrize("role", sorted(roles.COMMITTEE_WIDE))
def test_committee_wide_roles_see_every_unit(client, make_user, make_unit, sign_in, role):
    other = make_unit(name="Phòng Dân tộc huyện Định Quán")
    sign_in(make_user(role))
    assert client.get(f"/units/{other.id}").status_code == 200
    assert "Định Quán" in client.get("/units").get_data(as_text=True)


def test_navigation_shows_admin_links_only_to_admins(client, make_user, sign_in, app):
    sign_in(make_user(roles.UNIT_STAFF))
    assert "Quản trị người dùng" not in client.get("/inbox").get_data(as_text=True)
    admin_client = app.test_client()
    sign_in(make_user(roles.ADMIN), the_client=admin_client)
    assert "Quản trị người dùng" in admin_client.get("/inbox").get_data(as_text=True)


def test_with_csrf_on_every_post_is_refused_without_a_token(app, make_user, sign_in):
    app.config["WTF_CSRF_ENABLED"] = True
    the_client = app.test_client()
    for rule, method in _routes(app):
        if method != "POST":
            continue
        response = the_client.open(_url_for_rule(rule), method=method)
        assert response.status_code in (400, 302), rule.rule
        if rule.endpoint in PUBLIC_ENDPOINTS:
            assert response.status_code == 400, rule.rule


def test_with_csrf_on_the_x_csrftoken_header_is_accepted(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    make_user(username="canbo")
    the_client = app.test_client()
    page = the_client.get("/login").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    from tests.factories import DEFAULT_PASSWORD
    response = the_client.post("/login", data={"username": "canbo", "password": DEFAULT_PASSWORD},
                               headers={"X-CSRFToken": token})
    assert response.status_code == 303
