"""Sign-in, sign-out, passwords, throttling and session lifetime."""
import datetime
import time

import pytest

from thidua import roles
from thidua.auth.views import BAD_CREDENTIALS
from thidua.models import AuditLog, LoginAttempt, User
from tests.factories import DEFAULT_PASSWORD


def test_sign_in_with_right_password_opens_the_inbox(client, make_user, sign_in):
    user = make_user(roles.UNIT_STAFF, full_name="Điểu Văn Bình")
    response = sign_in(user)
    assert response.status_code == 303
    page = client.get("/inbox", follow_redirects=True).get_data(as_text=True)
    assert "Việc cần xử lý" in page
    assert "Điểu Văn Bình" in page


def test_sign_in_is_audited_with_ip(client, make_user, sign_in):
    user = make_user()
    sign_in(user)
    entry = AuditLog.get(AuditLog.action == "login")
    assert entry.actor_id == user.id and entry.ip_address == "127.0.0.1"


def test_unknown_user_and_wrong_password_get_the_same_message(client, make_user, sign_in):
    user = make_user()
    wrong = sign_in(user, password="sai-mat-khau-1")
    unknown = client.post("/login", data={"username": "khong-co-ai", "password": "sai-mat-khau-1"})
    assert wrong.status_code == unknown.status_code == 422
    assert BAD_CREDENTIALS in wrong.get_data(as_text=True)
    assert BAD_CREDENTIALS in unknown.get_data(as_text=True)


def test_login_form_keeps_the_username_typed(client):
    response = client.post("/login", data={"username": "tanphu.cv", "password": "x"})
    assert 'value="tanphu.cv"' in response.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(make_user, sign_in):
    user = make_user(active=False)
    response = sign_in(user)
    assert response.status_code == 422
    assert BAD_CREDENTIALS in response.get_data(as_text=True)


def test_username_is_case_insensitive(client, make_user):
    make_user(username="tanphu.cv")
    response = client.post("/login", data={"username": "TanPhu.CV", "password": DEFAULT_PASSWORD})
    assert response.status_code == 303


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(app, client, make_user, sign_in):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_USER"]):
        sign_in(user, password="sai-mat-khau-1")
    response = sign_in(user)
    assert response.status_code == 429
    assert "tạm bị khóa" in response.get_data(as_text=True)


def test_unknown_username_is_locked_the_same_way(app, client):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_USER"]):
        client.post("/login", data={"username": "khong-co-ai", "password": "x"})
    response = client.post("/login", data={"username": "khong-co-ai", "password": "x"})
    assert response.status_code == 429


def test_lock_ends_after_the_lock_time(app, client, make_user, sign_in):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_USER"]):
        sign_in(user, password="sai-mat-khau-1")
    past = datetime.datetime.now() - datetime.timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1)
    LoginAttempt.update(at=past).execute()
    assert sign_in(user).status_code == 303


def test_an_ip_is_locked_after_many_failures_across_usernames(app, client, make_user, sign_in):
    app.config["LOGIN_MAX_FAILURES_PER_IP"] = 3
    for n in range(3):
        client.post("/login", data={"username": f"doan-{n}", "password": "x"})
    user = make_user()
    assert sign_in(user).status_code == 429


def test_success_does_not_clear_the_ip_count(app, client, make_user, sign_in):
    app.config["LOGIN_MAX_FAILURES_PER_IP"] = 3
    mine = make_user()
    for n in range(2):
        client.post("/login", data={"username": f"doan-{n}", "password": "x"})
    sign_in(mine)
    client.post("/logout")
    client.post("/login", data={"username": "doan-9", "password": "x"})
    assert sign_in(make_user()).status_code == 429


def test_logout_invalidates_a_copied_session_cookie(app, client, make_user, sign_in):
    user = make_user()
    sign_in(user)
    stolen = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert client.get("/inbox").status_code == 200
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen)
    response = thief.get("/inbox")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logout_needs_post(client, make_user, sign_in):
    sign_in(make_user())
    assert client.get("/logout").status_code == 405


def test_session_cookie_is_httponly_and_samesite_lax(app, client, make_user, sign_in):
    sign_in(make_user())
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure  # HTTPS is off in tests


def test_https_setting_makes_the_cookie_secure_with_host_prefix(monkeypatch, database_url):
    from tests.conftest import TEST_CONFIG
    from thidua import create_app
    monkeypatch.setenv("HTTPS", "1")
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_session_is_rotated_at_sign_in(app, client, make_user, sign_in):
    client.get("/login")
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    sign_in(make_user())
    with client.session_transaction() as s:
        assert "planted" not in s


def test_idle_session_expires(app, client, make_user, sign_in):
    app.config["PERMANENT_SESSION_LIFETIME"] = datetime.timedelta(seconds=1)
    sign_in(make_user())
    assert client.get("/inbox").status_code == 200
    time.sleep(2.1)
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_session_expires_after_the_absolute_limit_even_when_active(app, client, make_user, sign_in):
    sign_in(make_user())
    with client.session_transaction() as s:
        s["signed_in_at"] = int(time.time()) - 13 * 3600
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_htmx_request_on_expired_session_gets_hx_redirect(client):
    response = client.get("/admin/units?q=x", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_sign_in_goes_back_to_the_page_asked_for(client, make_user):
    make_user(username="canbo")
    response = client.post("/login?next=/units/mine", data={"username": "canbo", "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/units/mine"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_sign_in_never_redirects_off_site(client, make_user, target):
    make_user(username="canbo")
    response = client.post("/login", query_string={"next": target},
                           data={"username": "canbo", "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/"


def test_change_password_needs_the_current_one(client, make_user, sign_in):
    sign_in(make_user())
    response = client.post("/password", data={"current_password": "sai", "new_password": "MatKhauMoi-2026",
                                              "confirm": "MatKhauMoi-2026"})
    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)


def test_change_password_refuses_a_short_password(client, make_user, sign_in):
    sign_in(make_user())
    response = client.post("/password", data={"current_password": DEFAULT_PASSWORD, "new_password": "ngan1",
                                              "confirm": "ngan1"})
    assert response.status_code == 422
    assert "ít nhất 10 ký tự" in response.get_data(as_text=True)


def test_change_password_works_and_ends_other_sessions(app, client, make_user, sign_in):
    user = make_user()
    other = app.test_client()
    sign_in(user, the_client=other)
    sign_in(user)
    response = client.post("/password", data={"current_password": DEFAULT_PASSWORD,
                                              "new_password": "MatKhauMoi-2026", "confirm": "MatKhauMoi-2026"})
    assert response.status_code == 303
    assert client.get("/inbox").status_code == 200  # this session lives on
    assert other.get("/inbox").status_code == 302   # the other one is over
    client.post("/logout")
    assert sign_in(user, password="MatKhauMoi-2026").status_code == 303


def test_user_with_a_reset_password_must_change_it_first(client, make_user, sign_in):
    user = make_user(must_change_password=True)
    sign_in(user)
    response = client.get("/inbox")
    assert response.status_code == 302 and response.headers["Location"] == "/password"
    client.post("/password", data={"current_password": DEFAULT_PASSWORD,
                                   "new_password": "MatKhauMoi-2026", "confirm": "MatKhauMoi-2026"})
    assert client.get("/inbox").status_code == 200
    assert User.get_by_id(user.id).must_change_password is False


def test_failed_sign_ins_and_the_lockout_they_start_are_in_the_audit_log(client, make_user):
    from thidua.models import AuditLog
    user = make_user(username="nhapsai")
    for _ in range(5):
        client.post("/login", data={"username": "nhapsai", "password": "sai-mat-khau-ne"})
    failures = AuditLog.select().where(AuditLog.action == "login_failed", AuditLog.object_id == user.id)
    assert failures.count() == 5 and all("sai-mat-khau" not in (a.comment + a.state_after) for a in failures)
    assert AuditLog.select().where(AuditLog.action == "lockout", AuditLog.object_id == user.id).count() == 1


def test_there_is_no_remember_me_cookie(client, make_user, sign_in, app):
    response = sign_in(make_user())
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    assert "remember_token" not in cookies and app.config["REMEMBER_COOKIE_DURATION"].total_seconds() == 0
