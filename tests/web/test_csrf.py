"""CSRF (issue 8, point 2): every non-GET route refuses a request without a token and accepts the X-CSRFToken
header htmx sends; a token that fails while a long form is open gives the form back with what was typed."""
import re

import pytest

from thidua import roles
from thidua.models import AchievementReport, Campaign
from thidua.security import CSRF_REFRESHED
from tests.web.test_access import _routes, _url_for_rule
from tests.web.test_achievement_report import INDIVIDUAL, as_user, propose, world  # noqa: F401  (fixture)

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _token(client) -> str:
    page = client.get("/login" if client.get_cookie("thidua") is None else "/inbox").get_data(as_text=True)
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def _unsafe_routes(app):
    routes = [(rule, method) for rule, method in _routes(app) if method in UNSAFE]
    # Sign-out last: it ends the session that the token belongs to.
    return sorted(routes, key=lambda rm: rm[0].endpoint == "auth.logout")


def test_the_walk_covers_every_non_get_route(app):
    methods = {method for _, method in _routes(app)} - {"GET"}
    assert methods <= UNSAFE  # a new verb would need its own thought
    assert len(_unsafe_routes(app)) > 50


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_every_non_get_route_refuses_a_request_without_a_token(app, client, make_user, sign_in, who):
    if who == "signed_in":
        sign_in(make_user(*roles.ALL))  # CSRF still off in the fixture: sign in first
    app.config["WTF_CSRF_ENABLED"] = True
    accepted = []
    for rule, method in _unsafe_routes(app):
        for headers in ({}, {"HX-Request": "true"}, {"X-CSRFToken": "forged"}):
            response = client.open(_url_for_rule(rule), method=method, headers=headers)
            if response.status_code != 400:
                accepted.append((rule.rule, method, headers, response.status_code))
    assert accepted == []


def test_every_non_get_route_accepts_the_x_csrftoken_header(app, client, make_user, sign_in):
    make_unit_first = make_user()  # so that no id 1 in the walk is the walker's own account
    assert make_unit_first.id == 1
    sign_in(make_user(*roles.ALL))
    app.config["WTF_CSRF_ENABLED"] = True
    token = _token(client)
    refused = []
    for rule, method in _unsafe_routes(app):
        response = client.open(_url_for_rule(rule), method=method, headers={"X-CSRFToken": token})
        if response.status_code == 400 and "biểu mẫu" in response.get_data(as_text=True):
            refused.append((rule.rule, method))
        assert response.status_code != 400 or "biểu mẫu" not in response.get_data(as_text=True), rule.rule
    assert refused == []


def test_the_hidden_form_field_is_accepted_too(app, make_user):
    make_user(username="canbo")
    app.config["WTF_CSRF_ENABLED"] = True
    the_client = app.test_client()
    page = the_client.get("/login").get_data(as_text=True)
    field = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'type="hidden" name="csrf_token" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    from tests.factories import DEFAULT_PASSWORD
    response = the_client.post("/login", data={"username": "canbo", "password": DEFAULT_PASSWORD,
                                               "csrf_token": field.group(1)})
    assert response.status_code == 303


def test_the_token_lives_as_long_as_the_longest_session(app):
    # So a token cannot expire while its session is still alive, however long a dossier stays open.
    assert app.config["WTF_CSRF_TIME_LIMIT"] >= app.config["SESSION_ABSOLUTE_HOURS"] * 3600


def test_an_expired_token_gives_the_achievement_report_back_with_what_was_typed(app, sign_in, world):  # noqa: F811
    staff = as_user(app, sign_in, world["staff"])
    nomination = propose(staff, world)
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    staff.get(f"/nominations/{nomination.id}/achievement")
    typed = {**INDIVIDUAL, "achievements": "Đã gõ suốt hai giờ: <b>1.250 hộ</b> đồng bào Chơ Ro, S’tiêng.",
             "csrf_token": "hết-hạn-hoặc-sai"}
    response = staff.post(f"/nominations/{nomination.id}/achievement", data=typed,
                          headers={"HX-Request": "true", "HX-Boosted": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and response.headers["X-Form-Kept"] == "1"
    assert CSRF_REFRESHED in page
    assert "Đã gõ suốt hai giờ: &lt;b&gt;1.250 hộ&lt;/b&gt; đồng bào Chơ Ro, S’tiêng." in page  # kept, escaped
    assert INDIVIDUAL["hometown"] in page and INDIVIDUAL["duties"] in page
    assert AchievementReport.select().count() == 0  # nothing saved without a valid token
    # The page carries a fresh token: posting again (as the user's "Lưu" would) now saves.
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    fresh = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    again = staff.post(f"/nominations/{nomination.id}/achievement", data={**typed, "csrf_token": fresh})
    assert again.status_code == 303, again.get_data(as_text=True)
    assert AchievementReport.get().achievements.startswith("Đã gõ suốt hai giờ")


def test_a_stale_token_on_the_campaign_form_keeps_the_draft(app, client, make_user, sign_in):
    sign_in(make_user(roles.OFFICE))
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/campaigns/new", data={"title": "Phát động phong trào thi đua năm 2026 của Ban",
                                                   "purpose": "Mục đích đã soạn rất dài", "csrf_token": "cũ"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert CSRF_REFRESHED in page and "Phát động phong trào thi đua năm 2026 của Ban" in page
    assert "Mục đích đã soạn rất dài" in page
    assert Campaign.select().count() == 0


def test_the_kept_form_still_passes_the_sign_in_and_role_gates(app, client, make_user, sign_in):
    sign_in(make_user(roles.UNIT_STAFF))  # not the office: campaigns.new is not theirs
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/campaigns/new", data={"title": "Kế hoạch bí mật", "csrf_token": "cũ"})
    assert response.status_code == 400 and "Kế hoạch bí mật" not in response.get_data(as_text=True)
    anonymous = app.test_client()
    response = anonymous.post("/campaigns/new", data={"title": "Kế hoạch bí mật", "csrf_token": "cũ"})
    assert response.status_code == 400 and "Kế hoạch bí mật" not in response.get_data(as_text=True)
    assert CSRF_REFRESHED not in client.get("/inbox").get_data(as_text=True)


def test_a_stale_token_on_an_action_button_is_still_a_plain_400(app, client, make_user, sign_in):
    sign_in(make_user(roles.OFFICE))
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/notifications/read-all", data={"csrf_token": "cũ"})
    assert response.status_code == 400
