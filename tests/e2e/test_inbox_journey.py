"""The inbox in Chromium: a district head signs in and finds exactly one thing to do, does it, and the office's
count of waiting work rises (issue 7)."""
from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from thidua import clock, demo
from thidua.models import AwardKind, Campaign, Person, Registration, RegistrationLine, Unit, User

from .conftest import ACTION_TIMEOUT_MS, check_accessibility
from .test_journeys import flash, sign_in

pytestmark = pytest.mark.e2e


def _count(page: Page):
    """The number beside "Việc cần xử lý", as htmx fetches it after the page loads (0 when nothing waits)."""
    with page.expect_response(lambda r: "/inbox/count" in r.url):
        page.reload()
    badge = page.locator("#inbox-count")
    page.wait_for_function("() => !document.querySelector('#inbox-count').classList.contains('htmx-request')")
    text = badge.locator(".badge").all_inner_texts()
    return int(text[0]) if text else 0


def test_a_district_head_acts_on_the_one_waiting_item_and_the_office_count_rises(
        page: Page, browser: Browser, live_server: str, app, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    with app.app_context():
        Campaign.update(status="published", published_at=datetime.datetime(2021, 1, 18, 9, 0)).where(
            Campaign.number == 15, Campaign.year == 2021).execute()
        campaign = Campaign.get(Campaign.number == 15, Campaign.year == 2021)
        unit = Unit.get(Unit.code == "PDT-TP")
        head = User.get(User.username == "tanphu.tp")
        registration = Registration.create(campaign=campaign, unit=unit, created_by=head)
        person = Person.select().where(Person.unit == unit).order_by(Person.id).first()
        RegistrationLine.create(registration=registration, subject="individual", person=person,
                                award_kind=AwardKind.get(AwardKind.code == "LDTT",
                                                         AwardKind.regime == campaign.regime_id))

    office_context = browser.new_context(locale="vi-VN", bypass_csp=True)
    office_context.set_default_timeout(ACTION_TIMEOUT_MS)
    office = office_context.new_page()
    sign_in(office, live_server, "vanphong", demo.DEMO_PASSWORD)
    expect(office.get_by_role("heading", level=1)).to_have_text("Việc cần xử lý")
    before = _count(office)

    # The head of Tân Phú sees exactly one item: the registration to submit.
    sign_in(page, live_server, "tanphu.tp", demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần xử lý")
    items = page.locator(".inbox-list li")
    expect(items).to_have_count(1)
    expect(page.get_by_role("heading", name="Bản đăng ký thi đua chờ trình")).to_be_visible()
    assert _count(page) == 1
    check_accessibility(page, "việc cần xử lý của trưởng đơn vị")
    items.first.get_by_role("link").click()
    page.get_by_role("button", name="Nộp bản đăng ký").click()
    expect(flash(page)).to_contain_text("chờ duyệt")
    page.get_by_role("link", name="Việc cần xử lý").click()
    expect(page.locator(".inbox-list li")).to_have_count(0)

    # The office's count rises by that one registration, now waiting for it.
    assert _count(office) == before + 1
    expect(office.get_by_role("heading", name="Bản đăng ký thi đua chờ duyệt")).to_be_visible()
    expect(office.locator(".inbox-list li", has_text="Phòng Dân tộc huyện Tân Phú")).to_have_count(1)
    office_context.close()
