"""Real user journeys in Chromium against the live server, with the demo data of thidua.demo.

Each journey checks accessibility (axe, serious and critical issues) on every page it visits.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from thidua import demo
from thidua.models import Unit

from .conftest import ACTION_TIMEOUT_MS, check_accessibility

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}

NEW_UNIT_NAME = "Phòng Dân tộc huyện Thử Nghiệm"
RENAMED_UNIT_NAME = "Phòng Dân tộc và Tôn giáo huyện Thử Nghiệm"
NEW_UNIT_CODE = "PDT-THU"
NEW_USERNAME = "thunghiem.cv"
NEW_FULL_NAME = "Hoàng Thị Thử Nghiệm"
INITIAL_PASSWORD = "BanDau-2026!"
OWN_PASSWORD = "CuaToi-2026!"

ADMIN_LINKS = ("Quản trị đơn vị", "Quản trị người dùng", "Nhật ký hệ thống")


# Helpers ---------------------------------------------------------------------

def nav(page: Page):
    return page.get_by_role("navigation", name="Điều hướng chính")


def flash(page: Page):
    return page.locator("#flashes")


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    check_accessibility(page, "trang đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def mark_document(page: Page) -> None:
    """Tag the current document; the tag survives htmx swaps but not a page load."""
    page.evaluate("() => { window.__e2eSameDocument = true; }")


def expect_same_document(page: Page) -> None:
    assert page.evaluate("() => window.__e2eSameDocument === true"), "the page was reloaded"


def assert_no_horizontal_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px wide in a {width}px screen"


def shoot(page: Page, folder: Path, name: str) -> None:
    """A full-page screenshot at the desktop width and at 375 px, checking nothing scrolls sideways on a phone."""
    folder.mkdir(exist_ok=True)
    desktop = page.viewport_size
    page.screenshot(path=str(folder / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    try:
        page.screenshot(path=str(folder / f"{name}-375.png"), full_page=True)
        assert_no_horizontal_scroll(page, PHONE["width"])
    finally:
        page.set_viewport_size(desktop)


def unit_id(code: str) -> int:
    return Unit.get(Unit.code == code).id


# Journeys ----------------------------------------------------------------------

def test_admin_sets_up_a_unit_and_its_first_user_who_then_signs_in(page: Page, live_server: str):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # a. The administrator signs in and lands on the inbox.
    sign_in(page, live_server, "quantri", demo.DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server}/inbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần xử lý")
    check_accessibility(page, "hộp việc của quản trị")

    # Units administration, with the live search swapping only the list.
    nav(page).get_by_role("link", name="Quản trị đơn vị").click()
    expect(page).to_have_url(f"{live_server}/admin/units")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị")
    check_accessibility(page, "quản trị đơn vị")
    rows = page.locator("#unit-list tbody tr")
    expect(rows.filter(has_text="Biên Hòa")).to_have_count(1)

    mark_document(page)
    page.get_by_label("Tìm theo tên hoặc mã đơn vị").fill("Tân")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Phòng Dân tộc huyện Tân Phú")
    expect(page).to_have_url(re.compile(r"/admin/units\?q=T"))
    expect_same_document(page)
    check_accessibility(page, "quản trị đơn vị, sau khi tìm")

    # A new unit through its form.
    page.get_by_role("link", name="Thêm đơn vị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm đơn vị")
    check_accessibility(page, "thêm đơn vị")
    page.get_by_label("Tên đơn vị").fill(NEW_UNIT_NAME)
    page.get_by_label("Mã đơn vị").fill(NEW_UNIT_CODE)
    page.get_by_label("Loại đơn vị").select_option("district")
    page.get_by_label("Đơn vị cấp trên").select_option(label="Ban Dân tộc tỉnh Đồng Nai")
    page.get_by_role("button", name="Tạo đơn vị").click()
    expect(page).to_have_url(f"{live_server}/admin/units")
    expect(flash(page)).to_contain_text(f"Đã tạo đơn vị “{NEW_UNIT_NAME}”.")
    new_unit_id = unit_id(NEW_UNIT_CODE)
    row = page.locator(f"#unit-{new_unit_id}")
    expect(row).to_contain_text(NEW_UNIT_NAME)
    expect(row).to_contain_text("Phòng Dân tộc cấp huyện")
    check_accessibility(page, "quản trị đơn vị, sau khi tạo")

    # Inline edit: the row turns into a form and back, in place.
    mark_document(page)
    row.get_by_role("link", name=re.compile(r"^Sửa")).click()
    expect(row).to_have_class(re.compile(r"\bediting\b"))
    name_box = row.get_by_label("Tên đơn vị")
    expect(name_box).to_have_value(NEW_UNIT_NAME)
    # The focus follows into the form, not back to the top of the page (keyboard users).
    expect(name_box).to_be_focused()
    check_accessibility(page, "quản trị đơn vị, đang sửa một dòng")
    name_box.fill(RENAMED_UNIT_NAME)
    row.get_by_role("button", name="Lưu").click()
    expect(row).not_to_have_class(re.compile(r"\bediting\b"))
    expect(row.locator("td").nth(1)).to_have_text(RENAMED_UNIT_NAME)
    expect(flash(page)).to_contain_text(f"Đã lưu đơn vị “{RENAMED_UNIT_NAME}”.")
    expect(row.get_by_role("link", name=re.compile(r"^Sửa"))).to_be_focused()
    expect_same_document(page)
    assert Unit.get_by_id(new_unit_id).name == RENAMED_UNIT_NAME
    check_accessibility(page, "quản trị đơn vị, sau khi sửa")

    # A user for the new unit.
    nav(page).get_by_role("link", name="Quản trị người dùng").click()
    expect(page).to_have_url(f"{live_server}/admin/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Người dùng")
    check_accessibility(page, "quản trị người dùng")
    page.get_by_role("link", name="Thêm người dùng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm người dùng")
    check_accessibility(page, "thêm người dùng")
    page.get_by_label("Tên đăng nhập").fill(NEW_USERNAME)
    page.get_by_label("Họ và tên").fill(NEW_FULL_NAME)
    page.get_by_label("Thư điện tử").fill("thunghiem@example.invalid")
    page.get_by_label("Đơn vị", exact=True).select_option(label=RENAMED_UNIT_NAME)
    page.get_by_role("checkbox", name="Chuyên viên đơn vị").check()
    page.get_by_label("Mật khẩu ban đầu", exact=True).fill(INITIAL_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu ban đầu", exact=True).fill(INITIAL_PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page).to_have_url(f"{live_server}/admin/users")
    expect(flash(page)).to_contain_text(f"Đã tạo tài khoản “{NEW_USERNAME}”.")
    user_row = page.locator("#user-list tbody tr", has_text=NEW_USERNAME)
    expect(user_row).to_contain_text(NEW_FULL_NAME)
    expect(user_row).to_contain_text(RENAMED_UNIT_NAME)
    expect(user_row).to_contain_text("Chuyên viên đơn vị")
    check_accessibility(page, "quản trị người dùng, sau khi tạo")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(flash(page)).to_contain_text("Bạn đã đăng xuất.")
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)

    # b. The new user signs in and must first choose their own password.
    sign_in(page, live_server, NEW_USERNAME, INITIAL_PASSWORD)
    expect(page).to_have_url(f"{live_server}/password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đổi mật khẩu")
    expect(flash(page)).to_contain_text("Vui lòng đổi mật khẩu trước khi tiếp tục.")
    expect(page.locator(".notice")).to_contain_text("Mật khẩu của bạn do quản trị viên đặt")
    check_accessibility(page, "đổi mật khẩu bắt buộc")
    page.get_by_label("Mật khẩu hiện tại").fill(INITIAL_PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill(OWN_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới", exact=True).fill(OWN_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(f"{live_server}/inbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần xử lý")
    expect(flash(page)).to_contain_text("Đã đổi mật khẩu.")
    check_accessibility(page, "hộp việc của chuyên viên")

    # A unit user sees their own unit and no administration.
    for label in ADMIN_LINKS:
        expect(nav(page).get_by_role("link", name=label)).to_have_count(0)
    nav(page).get_by_role("link", name="Đơn vị của tôi").click()
    expect(page).to_have_url(f"{live_server}/units/{new_unit_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(RENAMED_UNIT_NAME)
    expect(page.get_by_role("table")).to_contain_text(NEW_FULL_NAME)
    check_accessibility(page, "đơn vị của tôi")

    # ...and nothing of another unit: the not-found page, not a "forbidden" that confirms it exists.
    response = page.goto(f"{live_server}/units/{unit_id('PDT-TP')}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    expect(page.get_by_text("Lỗi 404")).to_be_visible()
    expect(page.get_by_text("Phòng Dân tộc huyện Tân Phú")).to_have_count(0)
    check_accessibility(page, "trang lỗi 404")

    assert errors == [], f"JavaScript errors: {errors}"


def test_district_head_on_a_phone(new_context, live_server: str):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server}/login")
    assert_no_horizontal_scroll(page, PHONE["width"])
    sign_in(page, live_server, "tanphu.tp", demo.DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server}/inbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần xử lý")
    expect(page.get_by_text("Hiện không có việc nào chờ bạn xử lý.")).to_be_visible()
    assert_no_horizontal_scroll(page, PHONE["width"])
    check_accessibility(page, "hộp việc trên điện thoại")

    nav(page).get_by_role("link", name="Đơn vị của tôi").click()
    expect(page).to_have_url(f"{live_server}/units/{unit_id('PDT-TP')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phòng Dân tộc huyện Tân Phú")
    members = page.get_by_role("table")
    expect(members).to_contain_text("Nguyễn Đức Lợi")
    expect(members).to_contain_text("K’ Thị Hồng")
    # The table is stacked as cards: each cell carries its column name.
    expect(page.locator("thead")).not_to_be_in_viewport()
    assert_no_horizontal_scroll(page, PHONE["width"])
    check_accessibility(page, "đơn vị của tôi trên điện thoại")

    assert errors == [], f"JavaScript errors: {errors}"


def test_expired_session_during_live_search_goes_to_sign_in(page: Page, live_server: str):
    sign_in(page, live_server, "quantri", demo.DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server}/inbox")
    # The waiting-work count is fetched just after the page loads: let it arrive first, or it (not the search)
    # would be the request that finds the session gone.
    with page.expect_response(lambda r: "/inbox/count" in r.url):
        page.goto(f"{live_server}/admin/units")
    expect(page.locator("#unit-list")).to_be_visible()

    page.context.clear_cookies()
    page.get_by_label("Tìm theo tên hoặc mã đơn vị").fill("Tân")

    # The whole page goes to sign-in (HX-Redirect), with the search kept as the next page...
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)admin(/|%2F)units"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    # ...rather than the sign-in form swapped into the unit list.
    expect(page.locator("#unit-list")).to_have_count(0)
    expect(page.locator("form input[name=password]")).to_have_count(1)
    check_accessibility(page, "đăng nhập sau khi hết phiên")

    # Signing in again returns to the search.
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu", exact=True).fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/units\?q=T"))
    expect(page.locator("#unit-list tbody tr")).to_have_count(1)
