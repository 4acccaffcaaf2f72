"""The layout, the inbox, error pages and demo data."""
from thidua import demo, roles
from thidua.models import Unit, User


def test_inbox_is_real_and_says_when_it_is_empty(client, make_user, sign_in):
    sign_in(make_user(roles.UNIT_STAFF))
    page = client.get("/inbox").get_data(as_text=True)
    assert "Hiện không có việc nào chờ bạn xử lý." in page


def test_inbox_lists_what_a_provider_reports(client, make_user, sign_in, monkeypatch):
    from thidua import inbox
    monkeypatch.setattr(inbox, "PROVIDERS", [lambda user: [inbox.InboxItem("Đăng ký chờ duyệt", "Tân Phú", "/x")]])
    sign_in(make_user(roles.OFFICE))
    page = client.get("/inbox").get_data(as_text=True)
    assert "Đăng ký chờ duyệt" in page and 'href="/x"' in page


def test_pages_are_vietnamese_with_the_htmx_csrf_header(client, make_user, sign_in):
    sign_in(make_user())
    page = client.get("/inbox").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in page
    assert "<script>" not in page  # no inline JavaScript


def test_security_headers_are_sent(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_vietnamese_404(client, make_user, sign_in):
    sign_in(make_user())
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_error_pages_are_vietnamese(app, client, make_user, sign_in):
    from thidua.web import fail

    @app.route("/_test/conflict")
    def _conflict():
        fail(409, "Hồ sơ đã được người khác xử lý.")

    @app.route("/_test/boom")
    def _boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    sign_in(make_user())
    conflict = client.get("/_test/conflict")
    assert conflict.status_code == 409 and "Hồ sơ đã được người khác xử lý." in conflict.get_data(as_text=True)
    boom = client.get("/_test/boom")
    assert boom.status_code == 500 and "Lỗi hệ thống" in boom.get_data(as_text=True)


def test_demo_data_builds_the_committee_and_is_idempotent(app):
    with app.app_context():
        first = demo.load()
        second = demo.load()
    assert first > 0 and second == 0
    districts = Unit.select().where(Unit.kind == "district")
    assert districts.count() == 11
    assert {"Phòng Dân tộc huyện Tân Phú", "Phòng Dân tộc thành phố Biên Hòa"} <= {u.name for u in districts}
    assert Unit.get(Unit.code == "VP").name == "Văn phòng Ban"
    for username, *_ in demo.USERS:
        assert User.get(User.username == username).active
    held = {r for u in User.select() for r in u.role_codes}
    assert held == set(roles.ALL)


def test_demo_accounts_sign_in_with_the_documented_password(app, client):
    with app.app_context():
        demo.load()
    response = client.post("/login", data={"username": "truongban", "password": demo.DEMO_PASSWORD})
    assert response.status_code == 303


def test_demo_plan_15_kh_bdt_is_a_draft_the_office_can_publish(app, client):
    from thidua.models import Campaign, CampaignItem
    with app.app_context():
        demo.load()
    campaign = Campaign.get(Campaign.number == 15, Campaign.year == 2021)
    assert campaign.status == "draft" and campaign.registration_deadline.isoformat() == "2021-02-15"
    assert CampaignItem.select().where(CampaignItem.campaign == campaign).count() == 5
    client.post("/login", data={"username": "vanphong", "password": demo.DEMO_PASSWORD})
    assert client.post(f"/campaigns/{campaign.id}/actions/publish").status_code == 303
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Đã ban hành" in page and "Tiếp tục quán triệt tư tưởng của Chủ tịch Hồ Chí Minh" in page


def test_the_navigation_count_of_waiting_items_comes_by_htmx(client, make_user, sign_in, monkeypatch):
    from thidua import inbox
    monkeypatch.setattr(inbox, "PROVIDERS", [lambda user: [inbox.InboxItem("Đăng ký chờ duyệt", "A", "/a"),
                                                           inbox.InboxItem("Báo cáo chờ tiếp nhận", "B", "/b")]])
    sign_in(make_user())
    page = client.get("/inbox").get_data(as_text=True)
    assert 'hx-get="/inbox/count"' in page
    fragment = client.get("/inbox/count", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<span class="badge"' in fragment and ">2<" in fragment


def test_background_polls_do_not_reload_the_forced_password_page(client, make_user, sign_in):
    sign_in(make_user(must_change_password=True))
    response = client.get("/inbox/count", headers={"HX-Request": "true"})
    assert response.status_code == 204 and "HX-Redirect" not in response.headers
