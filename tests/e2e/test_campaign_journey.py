"""The registration round of plan 15/KH-BDT in Chromium: publish, register, submit, return, fix, accept, export."""
from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from thidua import clock, demo
from thidua.models import Campaign

from .conftest import check_accessibility
from .test_journeys import flash, sign_in

pytestmark = pytest.mark.e2e


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")


def swapped(page: Page, selector: str, act) -> None:
    """Do act and wait until htmx has replaced the element at selector with a fresh one."""
    page.locator(selector).evaluate("el => { el.dataset.e2eStale = '1'; }")
    act()
    # htmx marks new content .htmx-added until it has settled and wired its triggers.
    expect(page.locator(f"{selector}:not([data-e2e-stale]):not(.htmx-added):not(.htmx-settling)")).to_have_count(1)


def choose(page: Page, label: str, option: str, exact: bool = False) -> None:
    """Pick an option in the add-line form; htmx checks the line and redraws the form."""
    swapped(page, "#line-form",
            lambda: page.locator("#line-form").get_by_label(label, exact=exact).select_option(label=option))


def add_line(page: Page, award: str, person: str | None = None) -> None:
    """Fill the add-line form the way a user does, letting each htmx check finish."""
    wanted = "individual" if person else "collective"
    if page.locator("#line-form").get_by_label("Đối tượng").input_value() != wanted:
        choose(page, "Đối tượng", "Cá nhân" if person else "Tập thể")
    if person:
        choose(page, "Cá nhân", person, exact=True)
    choose(page, "Danh hiệu, hình thức khen thưởng", award)
    expect(page.locator("#line-check")).to_have_text("Hợp lệ, có thể thêm.")
    swapped(page, "#registration-lines",
            lambda: page.locator("#line-form").get_by_role("button", name="Thêm dòng").click())


def test_the_2021_registration_round(page: Page, live_server: str, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    campaign_id = Campaign.get(Campaign.number == 15, Campaign.year == 2021).id

    # The office publishes plan 15/KH-BDT.
    sign_in(page, live_server, "vanphong", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Kế hoạch thi đua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch thi đua")
    check_accessibility(page, "danh sách kế hoạch")
    page.get_by_role("link", name="Phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kế hoạch 15/KH-BDT")
    check_accessibility(page, "kế hoạch dự thảo")
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đã ban hành")
    check_accessibility(page, "kế hoạch đã ban hành")
    sign_out(page)

    # Tân Phú's specialist registers the office itself and three people.
    sign_in(page, live_server, "tanphu.cv", demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Kế hoạch thi đua cần đăng ký")).to_be_visible()
    check_accessibility(page, "việc cần xử lý của chuyên viên")
    page.get_by_role("link", name="15/KH-BDT").click()
    expect(page.get_by_role("button", name="Đăng ký thi đua")).to_be_visible()
    check_accessibility(page, "kế hoạch, phía đơn vị")
    page.get_by_role("button", name="Đăng ký thi đua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký thi đua của Phòng Dân tộc huyện Tân Phú")
    check_accessibility(page, "bản đăng ký trống")
    add_line(page, "Tập thể lao động tiên tiến (danh hiệu thi đua)")
    add_line(page, "Chiến sĩ thi đua cơ sở (danh hiệu thi đua)", "Điểu Văn Sang — Phó Trưởng phòng")
    add_line(page, "Lao động tiên tiến (danh hiệu thi đua)", "K’ Thị Hồng — Chuyên viên")
    add_line(page, "Lao động tiên tiến (danh hiệu thi đua)", "Lâm Thị Mỹ Linh — Chuyên viên")
    lines = page.locator("#registration-lines tbody tr")
    expect(lines).to_have_count(4)
    # A second title of the same level for one person is caught as it is chosen.
    choose(page, "Cá nhân", "Điểu Văn Sang — Phó Trưởng phòng", exact=True)
    choose(page, "Danh hiệu, hình thức khen thưởng", "Lao động tiên tiến (danh hiệu thi đua)")
    expect(page.locator("#line-check")).to_contain_text("cùng cấp cơ sở")
    check_accessibility(page, "bản đăng ký có 4 dòng")
    expect(page.get_by_role("button", name="Nộp bản đăng ký")).to_have_count(0)  # staff draft, the head submits
    sign_out(page)

    # The head submits.
    sign_in(page, live_server, "tanphu.tp", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="15/KH-BDT").click()
    page.get_by_role("button", name="Nộp bản đăng ký").click()
    expect(flash(page)).to_contain_text("đã nộp, chờ duyệt")
    check_accessibility(page, "bản đăng ký đã nộp")
    sign_out(page)

    # The office returns it with a comment.
    sign_in(page, live_server, "vanphong", demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Bản đăng ký thi đua chờ duyệt")).to_be_visible()
    page.get_by_role("link", name="Phòng Dân tộc huyện Tân Phú — 15/KH-BDT").click()
    expect(page.get_by_role("button", name="Chấp nhận")).to_be_visible()
    check_accessibility(page, "bản đăng ký chờ duyệt")
    page.get_by_label("Trả lại để sửa: lý do (bắt buộc)").fill("Bà Lâm Thị Mỹ Linh mới chuyển công tác về, đề nghị bỏ.")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(flash(page)).to_contain_text("bị trả lại")
    check_accessibility(page, "bản đăng ký bị trả lại")
    sign_out(page)

    # The specialist fixes it; the head resubmits.
    sign_in(page, live_server, "tanphu.cv", demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Bản đăng ký bị trả lại cần sửa")).to_be_visible()
    page.get_by_role("link", name="15/KH-BDT").click()
    expect(page.get_by_role("note")).to_contain_text("đề nghị bỏ")
    swapped(page, "#registration-lines",
            lambda: page.get_by_role("button", name="Bỏ dòng Lâm Thị Mỹ Linh — Lao động tiên tiến").click())
    expect(page.locator("#registration-lines tbody tr")).to_have_count(3)
    add_line(page, "Lao động tiên tiến (danh hiệu thi đua)", "Nguyễn Đức Lợi — Trưởng phòng")
    expect(page.locator("#registration-lines tbody tr")).to_have_count(4)
    sign_out(page)
    sign_in(page, live_server, "tanphu.tp", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="15/KH-BDT").click()
    page.get_by_role("button", name="Nộp bản đăng ký").click()
    expect(flash(page)).to_contain_text("đã nộp, chờ duyệt")
    sign_out(page)

    # The office accepts and downloads the compiled list.
    sign_in(page, live_server, "vanphong", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Phòng Dân tộc huyện Tân Phú — 15/KH-BDT").click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(flash(page)).to_contain_text("đã được chấp nhận")
    page.goto(f"{live_server}/campaigns/{campaign_id}/compile")
    expect(page.get_by_text("1/15 đơn vị đã nộp.")).to_be_visible()
    check_accessibility(page, "tổng hợp đăng ký")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải bảng tổng hợp (.xlsx)").click()
    ws = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read())).active
    rows = [r for r in ws.iter_rows(min_row=7, values_only=True) if isinstance(r[0], int)]
    assert [(r[2], r[4]) for r in rows] == [
        ("K’ Thị Hồng", "Lao động tiên tiến"),      # by given name: Hồng before Lợi
        ("Nguyễn Đức Lợi", "Lao động tiên tiến"),
        ("Điểu Văn Sang", "Chiến sĩ thi đua cơ sở"),
        ("Tập thể Phòng Dân tộc huyện Tân Phú", "Tập thể lao động tiên tiến"),
    ]
