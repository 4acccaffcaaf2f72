"""`flask --app app deploy-check` (issue 8, point 3): unsafe production settings are listed in Vietnamese and
fail the command; a safe configuration passes."""
import pytest

from tests.conftest import TEST_CONFIG
from thidua import create_app
from thidua.signing.certificates import make_demo_certificate

STRONG_KEY = "9f2c" * 16


@pytest.fixture
def safe_config(database_url, tmp_path):
    """Everything a production deployment sets (no signing certificate: only a warning)."""
    return {**TEST_CONFIG, "DATABASE_URL": "postgresql://thidua:x@db-host:5432/thidua", "TESTING": False,
            "WTF_CSRF_ENABLED": True, "SECRET_KEY": STRONG_KEY, "SESSION_COOKIE_SECURE": True,
            "SESSION_COOKIE_NAME": "__Host-thidua", "TRUSTED_HOSTS": ["thidua.bdt.dongnai.gov.vn"],
            "MAX_CONTENT_LENGTH": 25 * 1024 * 1024, "LOAD_DEMO_DATA": False, "ADMIN_TOTP_REQUIRED": True,
            "SIGNING_KEY": str(tmp_path / "none.pem"), "SIGNING_CERT": str(tmp_path / "none-cert.pem")}


def _run(config):
    return create_app(config).test_cli_runner().invoke(args=["deploy-check"])


def _output(result) -> str:
    return result.output  # click 8.2+: standard output and standard error together


def test_a_safe_configuration_passes(safe_config):
    result = _run(safe_config)
    assert result.exit_code == 0, _output(result)
    assert "Thiết lập đủ an toàn để vận hành" in _output(result)
    assert "LỖI" not in _output(result)


def test_the_development_defaults_fail_and_every_problem_is_listed(database_url, monkeypatch):
    for name in ("SECRET_KEY", "HTTPS", "TRUSTED_HOSTS", "LOAD_DEMO_DATA"):
        monkeypatch.delenv(name, raising=False)
    # The app as `./bin/run` starts it: generated key, no HTTPS, any host, demo data, SQLite.
    monkeypatch.setenv("FLASK_DEBUG", "1")  # the CLI sets app.debug from it
    app = create_app({"DATABASE_URL": database_url})
    result = app.test_cli_runner().invoke(args=["deploy-check"])
    text = _output(result)
    assert result.exit_code != 0
    for setting in ("DEBUG", "SECRET_KEY", "HTTPS", "TRUSTED_HOSTS", "LOAD_DEMO_DATA"):
        assert f"LỖI [{setting}]" in text, setting
    assert "khóa tự sinh" in text
    if database_url.startswith("sqlite"):  # the PostgreSQL run of this test has no SQLite to warn about
        assert "CẢNH BÁO [DATABASE_URL]" in text and "SQLite" in text


@pytest.mark.parametrize("change, setting, words", [
    ({"SECRET_KEY": "test-secret-key"}, "SECRET_KEY", "mặc định"),
    ({"SECRET_KEY": "ngan-qua-1234"}, "SECRET_KEY", "quá ngắn"),
    ({"SECRET_KEY": ""}, "SECRET_KEY", "chưa được đặt"),
    ({"SESSION_COOKIE_SECURE": False}, "HTTPS", "HTTPS=1"),
    ({"MAX_CONTENT_LENGTH": None}, "MAX_UPLOAD_MB", "dung lượng tải lên"),
    ({"TRUSTED_HOSTS": None}, "TRUSTED_HOSTS", "tên máy chủ"),
    ({"TRUSTED_HOSTS": []}, "TRUSTED_HOSTS", "tên máy chủ"),
    ({"LOAD_DEMO_DATA": True}, "LOAD_DEMO_DATA", "dữ liệu mẫu"),
    ({"WTF_CSRF_ENABLED": False}, "WTF_CSRF_ENABLED", "CSRF"),
    ({"TESTING": True}, "TESTING", "kiểm thử"),
    ({"ADMIN_TOTP_REQUIRED": False}, "ADMIN_TOTP_REQUIRED", "hai lớp"),
])
def test_each_unsafe_setting_alone_fails(safe_config, change, setting, words):
    result = _run({**safe_config, **change})
    text = _output(result)
    assert result.exit_code != 0
    assert f"LỖI [{setting}]" in text and words in text
    assert text.count("LỖI [") == 1  # only that one


def test_debug_alone_fails(safe_config, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    result = _run(safe_config)
    assert result.exit_code != 0
    assert "LỖI [DEBUG]" in _output(result) and "gỡ lỗi" in _output(result)
    assert _output(result).count("LỖI [") == 1


def test_sqlite_in_production_is_a_warning_only(safe_config, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("about SQLite only")
    result = _run({**safe_config, "DATABASE_URL": database_url})
    assert result.exit_code == 0
    assert "CẢNH BÁO [DATABASE_URL]" in _output(result)


def test_a_missing_or_self_signed_certificate_is_a_warning(safe_config, tmp_path):
    missing = _run(safe_config)
    assert missing.exit_code == 0 and "Chưa có khóa ký hoặc chứng thư số" in _output(missing)
    key, cert = make_demo_certificate(tmp_path, "Thử nghiệm", "Ban Dân tộc", None)
    demo = _run({**safe_config, "SIGNING_KEY": str(key), "SIGNING_CERT": str(cert)})
    assert demo.exit_code == 0
    assert "tự ký" in _output(demo)
