"""TOTP two-factor sign-in: enrolment with a QR code, the code step after the password, replay refused, wrong
codes counting toward the lock, required for admins (ADMIN_TOTP_REQUIRED), reset by an admin."""
import re
import time

import pyotp
import pytest

from thidua import roles
from thidua.auth import totp
from thidua.models import AuditLog, LoginAttempt, User

HTMX = {"HX-Request": "true"}


def _enrol(app, user) -> str:
    """Give user a TOTP secret directly; return it."""
    secret = pyotp.random_base32()
    with app.app_context():
        User.update(totp_secret=totp.encrypt(secret)).where(User.id == user.id).execute()
    return secret


def _code(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def _secret_on_page(page: str) -> str:
    found = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert found, page
    return found.group(1).replace(" ", "")


# Enrolment ----------------------------------------------------------------------------------------------------

def test_enrolment_shows_a_qr_code_and_the_secret_and_needs_a_code(app, client, make_user, sign_in):
    user = make_user()
    sign_in(user)
    page = client.get("/account/totp").get_data(as_text=True)
    assert "<svg" in page and "Khóa bí mật" in page
    secret = _secret_on_page(page)
    # Reloading keeps the same secret until it is confirmed.
    assert _secret_on_page(client.get("/account/totp").get_data(as_text=True)) == secret
    wrong = client.post("/account/totp", data={"code": "000000" if _code(secret) != "000000" else "111111"})
    assert wrong.status_code == 422 and "Mã xác thực không đúng" in wrong.get_data(as_text=True)
    assert client.post("/account/totp", data={"code": _code(secret)}).status_code == 303
    stored = User.get_by_id(user.id)
    assert stored.totp_secret and secret not in stored.totp_secret  # encrypted at rest
    with app.app_context():
        assert totp.decrypt(stored.totp_secret) == secret
    entry = AuditLog.get(AuditLog.action == "enable_totp")
    assert entry.object_id == user.id and secret not in (entry.state_after or "") + (entry.state_before or "")
    assert client.get("/inbox").status_code == 200  # this session lives on


def test_the_enrolment_code_cannot_be_used_again_to_sign_in(app, client, make_user, sign_in):
    user = make_user()
    sign_in(user)
    secret = _secret_on_page(client.get("/account/totp").get_data(as_text=True))
    code = _code(secret)
    client.post("/account/totp", data={"code": code})
    client.post("/logout")
    sign_in(user)
    assert client.post("/login/code", data={"code": code}).status_code == 422


def test_enrolling_ends_sessions_opened_without_the_code(app, client, make_user, sign_in):
    user = make_user()
    elsewhere = app.test_client()
    sign_in(user, the_client=elsewhere)
    sign_in(user)
    secret = _secret_on_page(client.get("/account/totp").get_data(as_text=True))
    client.post("/account/totp", data={"code": _code(secret)})
    assert elsewhere.get("/inbox").status_code == 302


# Signing in with the code -------------------------------------------------------------------------------------

def test_sign_in_asks_for_the_code_and_only_then_opens_the_session(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    response = sign_in(user)
    assert response.status_code == 303 and response.headers["Location"] == "/login/code"
    assert client.get("/inbox").status_code == 302  # not signed in yet
    assert not AuditLog.select().where(AuditLog.action == "login").exists()
    page = client.get("/login/code").get_data(as_text=True)
    assert "Xác thực hai bước" in page and 'autocomplete="one-time-code"' in page
    response = client.post("/login/code", data={"code": _code(secret)})
    assert response.status_code == 303
    assert client.get("/inbox").status_code == 200
    assert AuditLog.get(AuditLog.action == "login").actor_id == user.id
    assert User.get_by_id(user.id).last_login_at is not None


def test_the_code_step_keeps_the_page_asked_for(app, client, make_user):
    user = make_user(username="canbo")
    secret = _enrol(app, user)
    from tests.factories import DEFAULT_PASSWORD
    client.post("/login?next=/units/mine", data={"username": "canbo", "password": DEFAULT_PASSWORD})
    assert client.post("/login/code", data={"code": _code(secret)}).headers["Location"] == "/units/mine"


def test_a_code_of_the_previous_step_is_accepted_for_clock_drift(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    sign_in(user)
    assert client.post("/login/code", data={"code": _code(secret, -1)}).status_code == 303


def test_a_replayed_code_is_refused(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    code = _code(secret)
    sign_in(user)
    assert client.post("/login/code", data={"code": code}).status_code == 303
    client.post("/logout")
    sign_in(user)
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 422
    assert "đã được dùng" in response.get_data(as_text=True)
    assert client.get("/inbox").status_code == 302
    # An older step than the last accepted one is a replay as well.
    assert client.post("/login/code", data={"code": _code(secret, -1)}).status_code == 422


def test_the_same_code_is_accepted_once_even_by_two_requests(app, make_user):
    user = make_user()
    secret = _enrol(app, user)
    code = _code(secret)
    with app.test_request_context():
        first = User.get_by_id(user.id)
        second = User.get_by_id(user.id)  # a second worker that read the row before the first wrote
        assert totp.accept(first, code) is True
        assert totp.accept(second, code) is False


def test_wrong_codes_count_toward_the_lock(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    wrong = "000000" if _code(secret) != "000000" else "111111"
    sign_in(user)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_USER"]):
        assert client.post("/login/code", data={"code": wrong}).status_code == 422
    assert LoginAttempt.select().where(LoginAttempt.username == user.username,
                                       LoginAttempt.success == False).count() == 5  # noqa: E712
    response = client.post("/login/code", data={"code": _code(secret)})  # the right code, too late
    assert response.status_code == 429 and "tạm bị khóa" in response.get_data(as_text=True)
    assert client.get("/inbox").status_code == 302
    # The password step is locked too now.
    assert sign_in(user, the_client=app.test_client()).status_code == 429


def test_a_right_password_does_not_wipe_the_count_of_wrong_codes(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    wrong = "000000" if _code(secret) != "000000" else "111111"
    sign_in(user)
    for _ in range(4):
        client.post("/login/code", data={"code": wrong})
    assert sign_in(user).status_code == 303  # the password again: still no success recorded
    client.post("/login/code", data={"code": wrong})
    response = client.post("/login/code", data={"code": _code(secret)})
    assert response.status_code == 429 and "tạm bị khóa" in response.get_data(as_text=True)


def test_the_code_step_expires(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    sign_in(user)
    with client.session_transaction() as s:
        s["pending_second_factor"] = {**s["pending_second_factor"], "at": int(time.time()) - 3600}
    response = client.post("/login/code", data={"code": _code(secret)})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert client.get("/inbox").status_code == 302


def test_the_code_step_without_a_password_goes_to_sign_in(client):
    response = client.get("/login/code")
    assert response.status_code == 303 and response.headers["Location"] == "/login"


# Optional for others, required for admins ---------------------------------------------------------------------

def test_users_without_totp_sign_in_with_the_password_alone(app, client, make_user, sign_in):
    app.config["ADMIN_TOTP_REQUIRED"] = True
    sign_in(make_user(roles.UNIT_STAFF))
    assert client.get("/inbox").status_code == 200


def test_an_admin_without_totp_must_enrol_before_anything_else(app, client, make_user, sign_in):
    app.config["ADMIN_TOTP_REQUIRED"] = True
    admin = make_user(roles.ADMIN)
    sign_in(admin)
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"] == "/account/totp"
    fragment = client.get("/admin/users?q=x", headers=HTMX)
    assert fragment.status_code == 403 and fragment.headers["HX-Redirect"] == "/account/totp"
    page = client.get("/account/totp").get_data(as_text=True)
    assert "phải bật xác thực hai bước" in page
    secret = _secret_on_page(page)
    client.post("/account/totp", data={"code": _code(secret)})
    assert client.get("/admin/users").status_code == 200


def test_a_reset_password_comes_before_enrolment(app, client, make_user, sign_in):
    app.config["ADMIN_TOTP_REQUIRED"] = True
    sign_in(make_user(roles.ADMIN, must_change_password=True))
    assert client.get("/inbox").headers["Location"] == "/password"
    assert client.get("/password").status_code == 200


def test_an_admin_cannot_turn_totp_off_while_required(app, client, make_user, sign_in):
    app.config["ADMIN_TOTP_REQUIRED"] = True
    admin = make_user(roles.ADMIN)
    secret = _enrol(app, admin)
    sign_in(admin)
    client.post("/login/code", data={"code": _code(secret)})
    client.post("/account/totp/disable", data={"code": _code(secret, 1)})
    assert User.get_by_id(admin.id).has_totp


def test_a_user_may_turn_totp_off_with_a_code(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    sign_in(user)
    client.post("/login/code", data={"code": _code(secret)})
    assert "đang bật" in client.get("/account/totp").get_data(as_text=True)
    assert client.post("/account/totp/disable", data={"code": _code(secret, 1)}).status_code == 303
    assert not User.get_by_id(user.id).has_totp
    assert AuditLog.get(AuditLog.action == "disable_totp").object_id == user.id


# Admin reset --------------------------------------------------------------------------------------------------

def test_admin_resets_a_users_totp_audited_and_sessions_end(app, client, make_user, sign_in):
    user = make_user()
    secret = _enrol(app, user)
    theirs = app.test_client()
    sign_in(user, the_client=theirs)
    theirs.post("/login/code", data={"code": _code(secret)})
    assert theirs.get("/inbox").status_code == 200
    admin = make_user(roles.ADMIN)
    sign_in(admin)
    row = client.get("/admin/users").get_data(as_text=True)
    assert "Có xác thực hai bước" in row and "Gỡ xác thực hai bước" in row
    response = client.post(f"/admin/users/{user.id}/totp", headers=HTMX)
    assert response.status_code == 200
    fresh = User.get_by_id(user.id)
    assert fresh.totp_secret is None and fresh.totp_last_step is None
    entry = AuditLog.get(AuditLog.action == "reset_totp")
    assert entry.object_id == user.id and entry.actor_id == admin.id
    assert theirs.get("/inbox").status_code == 302
    assert sign_in(user, the_client=app.test_client()).status_code == 303  # the password alone again


def test_only_admins_may_reset_totp(client, make_user, sign_in):
    user = make_user()
    sign_in(make_user(roles.OFFICE))
    assert client.post(f"/admin/users/{user.id}/totp").status_code == 403


@pytest.mark.parametrize("key", ["", "another-key-for-totp-secrets"])
def test_secrets_survive_a_round_trip_under_either_key(app, key):
    app.config["TOTP_ENCRYPTION_KEY"] = key
    with app.app_context():
        stored = totp.encrypt("JBSWY3DPEHPK3PXP")
        assert "JBSWY3DPEHPK3PXP" not in stored
        assert totp.decrypt(stored) == "JBSWY3DPEHPK3PXP"
        app.config["TOTP_ENCRYPTION_KEY"] = "a-different-key"
        assert totp.decrypt(stored) is None
