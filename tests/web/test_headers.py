"""Security headers (issue 8, point 5): CSP without unsafe-*, no framing, nosniff, a strict Referrer-Policy,
no-store on everything a signed-in user sees but not on static files, trusted hosts, upload limit, htmx config."""
import json
import re

import pytest

from thidua import roles
from thidua.security import CONTENT_SECURITY_POLICY

STRICT_REFERRER = {"same-origin", "no-referrer", "strict-origin"}


@pytest.fixture
def signed_in(client, make_user, sign_in):
    sign_in(make_user(roles.ADMIN))
    return client


def _assert_common(response):
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in STRICT_REFERRER


def test_the_policy_itself_has_no_unsafe_source():
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert "*" not in CONTENT_SECURITY_POLICY


def test_a_signed_in_page_has_every_header_and_no_store(signed_in):
    response = signed_in.get("/inbox")
    assert response.status_code == 200
    _assert_common(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_a_signed_in_htmx_fragment_has_every_header_and_no_store(signed_in):
    response = signed_in.get("/admin/units?q=x", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.get_data(as_text=True)  # really a fragment
    _assert_common(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_a_signed_in_error_page_is_not_stored_either(signed_in):
    response = signed_in.get("/units/999999")
    assert response.status_code == 404
    _assert_common(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_the_public_page_has_the_headers(client):
    response = client.get("/cong-khai")
    assert response.status_code == 200
    _assert_common(response)


def test_the_login_page_has_the_headers(client):
    response = client.get("/login")
    _assert_common(response)


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_a_static_file_has_nosniff_and_may_be_cached(request, client, who):
    the_client = request.getfixturevalue("signed_in") if who == "signed_in" else client
    response = the_client.get("/static/js/app.js")
    assert response.status_code == 200
    _assert_common(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_upload_limit_is_set(app):
    assert app.config["MAX_CONTENT_LENGTH"] and app.config["MAX_CONTENT_LENGTH"] <= 100 * 1024 * 1024


def test_a_body_over_the_upload_limit_is_refused(app, signed_in):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = signed_in.post("/admin/units/new", data={"name": "x" * 4096})
    assert response.status_code == 413


def test_trusted_hosts_setting_is_read_from_the_environment(monkeypatch, database_url):
    from tests.conftest import TEST_CONFIG
    from thidua import create_app
    monkeypatch.setenv("TRUSTED_HOSTS", "thidua.bdt.dongnai.gov.vn, .noibo.vn")
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url})
    assert app.config["TRUSTED_HOSTS"] == ["thidua.bdt.dongnai.gov.vn", ".noibo.vn"]
    monkeypatch.setenv("TRUSTED_HOSTS", "")
    assert create_app({**TEST_CONFIG, "DATABASE_URL": database_url}).config["TRUSTED_HOSTS"] is None


def test_a_request_for_an_untrusted_host_is_refused(app, client):
    app.config["TRUSTED_HOSTS"] = ["thidua.bdt.dongnai.gov.vn", ".noibo.vn"]
    assert client.get("/health", headers={"Host": "thidua.bdt.dongnai.gov.vn"}).status_code == 200
    assert client.get("/health", headers={"Host": "may1.noibo.vn"}).status_code == 200
    refused = client.get("/login", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "evil.example" not in refused.get_data(as_text=True)


def test_htmx_is_configured_without_eval_indicator_styles_or_history_cache(client):
    page = client.get("/login").get_data(as_text=True)
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert meta, "the htmx-config meta tag is missing"
    config = json.loads(meta.group(1))
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["historyCacheSize"] == 0
    # No inline script anywhere: the CSP would block it, and the config must not need one.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
