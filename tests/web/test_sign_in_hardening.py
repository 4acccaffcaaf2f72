"""Sign-in hardening: per-IP throttling (flask-limiter), the password policy on every form that sets one,
accounts disabled after INACTIVE_DAYS without a sign-in, and an admin ending a sign-in lock early."""
import datetime


from thidua import config, roles
from thidua.auth.views import BAD_CREDENTIALS
from thidua.models import AuditLog, LoginAttempt, User
from thidua.password_policy import TOO_COMMON, TOO_PERSONAL
from tests.factories import DEFAULT_PASSWORD


def _wrong(client, ip="127.0.0.1", username="khong-co-ai"):
    return client.post("/login", data={"username": username, "password": "sai-mat-khau-1"},
                       environ_base={"REMOTE_ADDR": ip})


# Per-IP throttling -------------------------------------------------------------------------------------------

def test_rate_limit_defaults_and_storage_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("LOGIN_RATE_LIMIT", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    cfg = config.load(str(tmp_path))
    assert cfg["LOGIN_RATE_LIMIT"] == "20 per minute; 200 per hour"
    assert cfg["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://redis.internal:6379/1")
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "5 per minute")
    cfg = config.load(str(tmp_path))
    assert cfg["RATELIMIT_STORAGE_URI"] == "redis://redis.internal:6379/1"
    assert cfg["LOGIN_RATE_LIMIT"] == "5 per minute"


def test_a_redis_url_makes_the_limiter_count_in_redis(database_url):
    from limits.storage import RedisStorage

    from tests.conftest import TEST_CONFIG
    from thidua import create_app
    from thidua.auth.ratelimit import limiter
    create_app({**TEST_CONFIG, "DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6399/0"})
    try:
        assert isinstance(limiter.storage, RedisStorage)  # built lazily: no connection is made here
    finally:
        create_app({**TEST_CONFIG, "DATABASE_URL": database_url})  # back to memory:// for later tests


def test_too_many_sign_in_posts_from_one_ip_get_a_vietnamese_429(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert _wrong(client).status_code == 422
    response = _wrong(client)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Quá nhiều yêu cầu" in page and "Vui lòng chờ" in page
    assert "Retry-After" in response.headers
    # Reading the form is never limited; another address is counted on its own.
    assert client.get("/login").status_code == 200
    assert _wrong(client, ip="10.0.0.9").status_code == 422


def test_the_limit_counts_successful_sign_ins_too(app, client, make_user, sign_in):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    user = make_user()
    assert sign_in(user).status_code == 303
    client.post("/logout")
    assert sign_in(user).status_code == 303
    client.post("/logout")
    assert sign_in(user).status_code == 429


def test_the_code_step_shares_the_sign_in_limit(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    _wrong(client)
    client.post("/login/code", data={"code": "123456"})
    assert _wrong(client).status_code == 429


def test_htmx_caller_gets_the_429_page_as_a_fragment_too(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "1 per minute"
    _wrong(client)
    response = client.post("/login", data={"username": "a", "password": "b"}, headers={"HX-Request": "true"})
    assert response.status_code == 429 and "Quá nhiều yêu cầu" in response.get_data(as_text=True)


# Password policy on every form that sets a password ------------------------------------------------------------

def _change(client, new):
    return client.post("/password", data={"current_password": DEFAULT_PASSWORD, "new_password": new,
                                          "confirm": new})


def test_change_password_refuses_a_common_password(client, make_user, sign_in):
    sign_in(make_user())
    response = _change(client, "matkhau@123456")
    assert response.status_code == 422 and TOO_COMMON in response.get_data(as_text=True)


def test_change_password_refuses_the_login_or_own_name(client, make_user, sign_in):
    sign_in(make_user(username="tanphu.cv", full_name="Lê Minh Tuấn"))
    for new in ("tanphu.cv-2026", "LeMinhTuan@2026"):
        response = _change(client, new)
        assert response.status_code == 422 and TOO_PERSONAL in response.get_data(as_text=True), new


def test_change_password_has_no_composition_rule(client, make_user, sign_in):
    user = make_user()
    sign_in(user)
    assert _change(client, "cây lúa xanh trên đồi").status_code == 303


def test_admin_cannot_create_a_user_with_a_common_password(client, make_user, sign_in, make_unit):
    sign_in(make_user(roles.ADMIN))
    unit = make_unit()
    response = client.post("/admin/users/new", data={
        "username": "moi.cv", "full_name": "Phạm Thị Lan", "unit_id": str(unit.id), "roles": [roles.UNIT_STAFF],
        "new_password": "password12345", "confirm": "password12345"})
    assert response.status_code == 422 and TOO_COMMON in response.get_data(as_text=True)
    assert User.by_username("moi.cv") is None


def test_admin_cannot_create_a_user_whose_password_is_their_name(client, make_user, sign_in, make_unit):
    sign_in(make_user(roles.ADMIN))
    response = client.post("/admin/users/new", data={
        "username": "moi.cv", "full_name": "Phạm Thị Lan", "unit_id": str(make_unit().id),
        "roles": [roles.UNIT_STAFF], "new_password": "PhamThiLan2026", "confirm": "PhamThiLan2026"})
    assert response.status_code == 422 and TOO_PERSONAL in response.get_data(as_text=True)


def test_admin_reset_checks_the_password_against_the_user_reset(client, make_user, sign_in):
    sign_in(make_user(roles.ADMIN))
    user = make_user(username="dieu.mai", full_name="Điểu Thị Mai")
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"new_password": "dieu.mai@2026", "confirm": "dieu.mai@2026"})
    assert response.status_code == 422 and TOO_PERSONAL in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"new_password": "qwerty123456", "confirm": "qwerty123456"})
    assert response.status_code == 422 and TOO_COMMON in response.get_data(as_text=True)


# Accounts unused for INACTIVE_DAYS ----------------------------------------------------------------------------

def _age(user, days, field="last_login_at"):
    when = datetime.datetime.now() - datetime.timedelta(days=days)
    User.update({getattr(User, field): when, User.created_at: when}).where(User.id == user.id).execute()


def test_inactive_days_defaults_to_90(tmp_path, monkeypatch):
    monkeypatch.delenv("INACTIVE_DAYS", raising=False)
    assert config.load(str(tmp_path))["INACTIVE_DAYS"] == 90


def test_sign_in_refuses_an_account_unused_too_long_and_disables_it(app, client, make_user, sign_in):
    user = make_user()
    _age(user, 91)
    response = sign_in(user)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "không được sử dụng quá 90 ngày" in page and "liên hệ cán bộ quản trị" in page
    fresh = User.get_by_id(user.id)
    assert not fresh.active and fresh.disabled_reason == "inactive"
    entry = AuditLog.get(AuditLog.action == "deactivate", AuditLog.object_id == user.id)
    assert "90 ngày" in entry.comment
    # Asked again it says the same, and the session never opened.
    assert sign_in(user).status_code == 403
    assert client.get("/inbox").status_code == 302


def test_a_wrong_password_on_an_unused_account_reveals_nothing(client, make_user, sign_in):
    user = make_user()
    _age(user, 200)
    response = sign_in(user, password="sai-mat-khau-1")
    assert response.status_code == 422 and BAD_CREDENTIALS in response.get_data(as_text=True)
    assert User.get_by_id(user.id).active


def test_recent_accounts_and_a_configured_period(app, make_user, sign_in):
    user = make_user()
    _age(user, 89)
    assert sign_in(user).status_code == 303
    app.config["INACTIVE_DAYS"] = 10
    other = make_user()
    _age(other, 11)
    assert sign_in(other, the_client=app.test_client()).status_code == 403


def test_disable_inactive_command_is_idempotent_and_audited(app, make_user):
    stale, never_used, recent = make_user(), make_user(), make_user()
    _age(stale, 120)
    User.update(created_at=datetime.datetime.now() - datetime.timedelta(days=100), last_login_at=None) \
        .where(User.id == never_used.id).execute()
    _age(recent, 5)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["disable-inactive"])
    assert first.exit_code == 0, first.output
    assert stale.username in first.output and never_used.username in first.output
    assert recent.username not in first.output
    assert [u.active for u in User.select().where(User.id.in_([stale.id, never_used.id, recent.id]))
            .order_by(User.id)] == [False, False, True]
    second = runner.invoke(args=["disable-inactive"])
    assert "Đã khóa 0 tài khoản" in second.output
    assert AuditLog.select().where(AuditLog.action == "deactivate").count() == 2


def test_admin_re_enabling_restarts_the_clock(client, make_user, sign_in):
    user = make_user()
    _age(user, 120)
    app_client = client.application.test_client()
    assert sign_in(user, the_client=app_client).status_code == 403
    sign_in(make_user(roles.ADMIN))
    assert client.post(f"/admin/users/{user.id}/active", data={"active": "1"}).status_code == 303
    fresh = User.get_by_id(user.id)
    assert fresh.active and fresh.disabled_reason == "" and fresh.active_since is not None
    assert sign_in(user, the_client=client.application.test_client()).status_code == 303


def test_enable_user_command_reopens_an_account(app, make_user):
    user = make_user()
    _age(user, 120)
    runner = app.test_cli_runner()
    runner.invoke(args=["disable-inactive"])
    result = runner.invoke(args=["enable-user", user.username])
    assert result.exit_code == 0, result.output
    assert User.get_by_id(user.id).active


# Admin ends a sign-in lock early -------------------------------------------------------------------------------

def test_admin_unlock_ends_the_lock_and_is_audited(app, client, make_user, sign_in):
    user = make_user()
    other = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_USER"]):
        sign_in(user, password="sai-mat-khau-1", the_client=other)
    assert sign_in(user, the_client=other).status_code == 429
    admin = make_user(roles.ADMIN)
    sign_in(admin)
    response = client.post(f"/admin/users/{user.id}/unlock", headers={"HX-Request": "true"})
    assert response.status_code == 200 and f'id="user-{user.id}"' in response.get_data(as_text=True)
    entry = AuditLog.get(AuditLog.action == "unlock_sign_in")
    assert entry.object_id == user.id and entry.actor_id == admin.id
    assert sign_in(user, the_client=app.test_client()).status_code == 303
    # The failures stay on record.
    assert LoginAttempt.select().where(LoginAttempt.username == user.username,
                                       LoginAttempt.success == False).count() == 5  # noqa: E712


def test_only_admins_may_unlock(client, make_user, sign_in):
    user = make_user()
    sign_in(make_user(roles.OFFICE))
    assert client.post(f"/admin/users/{user.id}/unlock").status_code == 403
