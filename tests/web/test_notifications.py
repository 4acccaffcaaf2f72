"""The bell, the notification list, mark as read (one, all) with and without htmx, the e-mail setting, and the
administrator's outbox, including what a user sees when e-mail cannot go."""
import datetime

import pytest

from thidua import clock, create_app, roles
from thidua.db import db
from thidua.models import EmailLog, Notification, Registration, User
from tests.campaign_factories import make_campaign, make_registration, person_in
from tests.notification_support import free_port, mail_config, mailbox, smtp_server  # noqa: F401

HTMX = {"HX-Request": "true"}


@pytest.fixture
def app(database_url, smtp_server):
    app = create_app({**mail_config(smtp_server.port), "DATABASE_URL": database_url})
    yield app
    if not db.is_closed():
        db.close()


def as_user(app, sign_in, user):
    the_client = app.test_client()
    sign_in(user, the_client=the_client)
    return the_client


def note(user, title="Bản đăng ký thi đua của Phòng Dân tộc huyện Tân Phú: đã nộp, chờ duyệt", **fields):
    fields.setdefault("url", "/inbox")
    return Notification.create(user=user, title=title, body="Việc này đang chờ bạn xử lý.", **fields)


@pytest.fixture
def office(make_user):
    return make_user(roles.OFFICE, full_name="Trần Thị Thu Hà")


def test_the_bell_in_the_navigation_shows_the_unread_count(app, sign_in, office):
    note(office)
    note(office)
    note(office, read_at=datetime.datetime(2021, 2, 1, 8, 0))
    html = as_user(app, sign_in, office).get("/inbox").get_data(as_text=True)
    assert 'class="bell" href="/notifications"' in html
    assert '<span class="badge" title="Số thông báo chưa đọc">2</span>' in html
    assert 'hx-get="/notifications/bell" hx-trigger="every 60s"' in html


def test_the_bell_is_polled_without_keeping_the_session_alive(app, sign_in, office):
    note(office)
    client = as_user(app, sign_in, office)
    assert "Set-Cookie" in client.get("/inbox").headers  # an ordinary page renews the idle timeout
    response = client.get("/notifications/bell", headers=HTMX)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert '<span class="badge" title="Số thông báo chưa đọc">1</span>' in response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]


def test_the_list_shows_only_my_notifications_newest_first(app, sign_in, office, make_user):
    note(office, title="Cũ hơn", created_at=datetime.datetime(2021, 2, 1, 8, 0))
    note(office, title="Mới hơn", created_at=datetime.datetime(2021, 2, 2, 8, 0))
    note(make_user(roles.OFFICE), title="Của người khác")
    html = as_user(app, sign_in, office).get("/notifications").get_data(as_text=True)
    assert html.index("Mới hơn") < html.index("Cũ hơn") and "Của người khác" not in html


def test_the_list_is_paginated(app, sign_in, office):
    app.config["PAGE_SIZE"] = 2
    for n in range(3):
        note(office, title=f"Thông báo số {n}", created_at=datetime.datetime(2021, 2, 1 + n, 8, 0))
    client = as_user(app, sign_in, office)
    first = client.get("/notifications").get_data(as_text=True)
    assert "Trang 1/2" in first and "Thông báo số 0" not in first
    assert "Thông báo số 0" in client.get("/notifications?page=2").get_data(as_text=True)


def test_the_unread_filter_hides_what_was_read(app, sign_in, office):
    note(office, title="Chưa xem")
    note(office, title="Đã xem", read_at=datetime.datetime(2021, 2, 1, 8, 0))
    html = as_user(app, sign_in, office).get("/notifications?unread=1").get_data(as_text=True)
    assert "Chưa xem" in html and "Đã xem" not in html


def test_the_comment_of_a_returned_record_is_shown(app, sign_in, office):
    note(office, comment="Thiếu biên bản họp xét.")
    html = as_user(app, sign_in, office).get("/notifications").get_data(as_text=True)
    assert "<strong>Ý kiến:</strong>" in html and "Thiếu biên bản họp xét." in html


def test_marking_one_read_with_htmx_swaps_the_item_and_the_count(app, sign_in, office):
    first, _ = note(office), note(office)
    response = as_user(app, sign_in, office).post(f"/notifications/{first.id}/read", headers=HTMX)
    html = response.get_data(as_text=True).lstrip()
    assert response.status_code == 200 and html.startswith(f'<li id="notification-{first.id}" class="notification">')
    assert "Đánh dấu đã đọc" not in html.split("</li>")[0]
    assert 'id="notification-count"' in html and 'hx-swap-oob="true"' in html and ">1</span>" in html
    assert '<span id="notification-unread-tab" hx-swap-oob="true">1</span>' in html  # "Chưa đọc (1)" on the tab
    assert Notification.get_by_id(first.id).read_at is not None


def test_marking_one_read_without_javascript_redirects_to_the_list(app, sign_in, office):
    n = note(office)
    response = as_user(app, sign_in, office).post(f"/notifications/{n.id}/read")
    assert response.status_code == 303 and response.headers["Location"].endswith("/notifications")
    assert Notification.get_by_id(n.id).read_at is not None


def test_someone_elses_notification_is_not_found(app, sign_in, office, make_user):
    theirs = note(make_user(roles.OFFICE))
    client = as_user(app, sign_in, office)
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert client.get(f"/notifications/{theirs.id}/open").status_code == 404
    assert Notification.get_by_id(theirs.id).read_at is None


def test_marking_all_read(app, sign_in, office, make_user):
    mine = [note(office), note(office)]
    theirs = note(make_user(roles.OFFICE))
    response = as_user(app, sign_in, office).post("/notifications/read-all", headers=HTMX)
    html = response.get_data(as_text=True).lstrip()
    assert html.startswith('<div id="notification-list">') and "Đánh dấu đã đọc" not in html
    assert all(Notification.get_by_id(n.id).read_at for n in mine)
    assert Notification.get_by_id(theirs.id).read_at is None


def test_marking_all_read_without_javascript(app, sign_in, office):
    note(office)
    response = as_user(app, sign_in, office).post("/notifications/read-all")
    assert response.status_code == 303 and Notification.get().read_at is not None


def test_opening_a_notification_marks_it_read_and_goes_to_the_record(app, sign_in, office):
    n = note(office, url="/registrations/7")
    response = as_user(app, sign_in, office).get(f"/notifications/{n.id}/open")
    assert response.status_code == 303 and response.headers["Location"] == "/registrations/7"
    assert Notification.get_by_id(n.id).read_at is not None


def test_a_stored_link_never_leads_off_the_site(app, sign_in, office):
    n = note(office, url="//evil.example/x")
    response = as_user(app, sign_in, office).get(f"/notifications/{n.id}/open")
    assert response.headers["Location"] == "/notifications"


def test_a_user_turns_email_off_and_on(app, sign_in, office):
    client = as_user(app, sign_in, office)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "Cài đặt thông báo" in page and office.email in page and "checked" in page
    assert client.post("/notifications/settings", data={}).status_code == 303
    assert User.get_by_id(office.id).email_notifications is False
    client.post("/notifications/settings", data={"email_notifications": "y"})
    assert User.get_by_id(office.id).email_notifications is True


def test_a_user_without_an_address_is_told_so_on_the_settings_page(app, sign_in, office):
    User.update(email="").where(User.id == office.id).execute()
    html = as_user(app, sign_in, office).get("/notifications/settings").get_data(as_text=True)
    assert "chưa có địa chỉ thư điện tử" in html


def test_an_unreachable_mail_server_shows_the_user_no_error_and_the_admin_the_failure(app, sign_in, office,
                                                                                       make_user, make_unit,
                                                                                       monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    app.config.update(MAIL_PORT=free_port())
    unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    head = make_user(roles.UNIT_HEAD, unit=unit)
    campaign = make_campaign(office, units=[unit])
    registration = make_registration(campaign, unit, head, lines=[("individual", person_in(unit), "LDTT")])
    client = as_user(app, sign_in, head)
    response = client.post(f"/registrations/{registration.id}/actions/submit")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "đã nộp, chờ duyệt" in page and "máy chủ thư" not in page.lower()
    assert Registration.get_by_id(registration.id).status == "submitted"
    admin = as_user(app, sign_in, make_user(roles.ADMIN))
    outbox = admin.get("/admin/emails?status=failed").get_data(as_text=True)
    assert office.email in outbox and "Gửi không được" in outbox and "Không kết nối được máy chủ thư" in outbox


def test_only_the_administrator_sees_the_outbox(app, sign_in, office):
    assert as_user(app, sign_in, office).get("/admin/emails").status_code == 403


def test_the_admin_navigation_links_the_outbox(app, sign_in, make_user):
    html = as_user(app, sign_in, make_user(roles.ADMIN)).get("/admin/emails").get_data(as_text=True)
    assert '<a href="/admin/emails" aria-current="page">Thư thông báo</a>' in html


def test_the_admin_sends_a_failed_email_again(app, sign_in, office, make_user, mailbox):
    row = EmailLog.create(user=office, to_address=office.email, subject="[Thi đua – Khen thưởng] Thử gửi lại",
                          body="Nội dung", status="failed", attempts=4, last_error="Không kết nối được máy chủ thư")
    admin = as_user(app, sign_in, make_user(roles.ADMIN))
    response = admin.post(f"/admin/emails/{row.id}/retry", headers=HTMX)
    assert response.status_code == 200 and "Đã gửi" in response.get_data(as_text=True)
    row = EmailLog.get_by_id(row.id)
    assert (row.status, row.attempts) == ("sent", 1) and len(mailbox.to(office.email)) == 1


def test_sending_again_to_a_user_still_without_an_address_does_not_queue(app, sign_in, office, make_user, mailbox):
    User.update(email="").where(User.id == office.id).execute()
    row = EmailLog.create(user=office, to_address="", subject="Thử", body="Nội dung", status="skipped")
    as_user(app, sign_in, make_user(roles.ADMIN)).post(f"/admin/emails/{row.id}/retry")
    assert EmailLog.get_by_id(row.id).status == "skipped" and mailbox.messages == []


def test_a_poll_after_the_session_ended_sends_the_page_to_sign_in_and_back(app, client):
    response = client.get("/notifications/bell", headers={**HTMX, "HX-Current-URL": "http://localhost/campaigns?page=2"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/campaigns?page%3D2"


def test_a_poll_does_not_take_the_messages_meant_for_the_next_page(app, sign_in, office):
    client = as_user(app, sign_in, office)
    client.post("/notifications/read-all")  # flashes a message for the page it redirects to
    assert "flashes" not in client.get("/notifications/bell", headers=HTMX).get_data(as_text=True)
    assert "Không có thông báo chưa đọc." in client.get("/notifications").get_data(as_text=True)
