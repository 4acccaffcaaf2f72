"""A district office reports and proposes an award; the office finds the law not met, returns the dossier,
the unit adds the proof of the initiative, and the office verifies it. In real Chromium."""
from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from thidua import clock, demo
from thidua.models import AwardRecord, Campaign, Person
from tests.attachment_samples import pdf_bytes

from .conftest import check_accessibility
from .test_campaign_journey import sign_out
from .test_journeys import flash, sign_in

pytestmark = pytest.mark.e2e


def signed_in(page: Page, base_url: str, username: str) -> None:
    sign_in(page, base_url, username, demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần xử lý")


def upload(page: Page, component_label: str, file_name: str) -> None:
    """Attach a PDF to one checklist item of the dossier."""
    page.get_by_label(f"Tải lên: {component_label}").set_input_files(
        files=[{"name": file_name, "mimeType": "application/pdf", "buffer": pdf_bytes()}])
    page.get_by_label(f"Tải lên: {component_label}").locator("xpath=ancestor::form").get_by_role(
        "button", name="Tải lên", exact=True).click()
    expect(flash(page)).to_contain_text(f"Đã đính kèm “{file_name}”")


def test_report_and_dossier_returned_for_the_missing_initiative_then_verified(page: Page, live_server: str,
                                                                               monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 10, 1))
    campaign = Campaign.get(Campaign.number == 15, Campaign.year == 2021)
    Campaign.update(status="published").where(Campaign.id == campaign.id).execute()
    sang = Person.get(Person.full_name == "Điểu Văn Sang")
    AwardRecord.create(subject="individual", person=sang, award_code="LDTT", award_name="Lao động tiên tiến",
                       year=2021, decision_number="30/QĐ-UBND", decided_by="UBND huyện Tân Phú", source="manual")

    # The specialist writes the six-month report and opens the dossier with its four files.
    signed_in(page, live_server, "tanphu.cv")
    page.goto(f"{live_server}/campaigns/{campaign.id}")
    page.get_by_label("Loại báo cáo").select_option(label="Sơ kết 6 tháng")
    page.get_by_role("button", name="Lập / mở báo cáo").click()
    expect(flash(page)).not_to_contain_text("Lỗi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sơ kết 6 tháng của Phòng Dân tộc huyện Tân Phú")
    page.get_by_label("Nội dung báo cáo").fill("Sáu tháng đầu năm, đơn vị hoàn thành các chỉ tiêu được giao.")
    page.get_by_role("button", name="Lưu nội dung").click()
    expect(flash(page)).to_contain_text("Đã lưu báo cáo.")
    check_accessibility(page, "báo cáo của đơn vị")

    page.goto(f"{live_server}/campaigns/{campaign.id}")
    page.get_by_role("link", name="Lập hồ sơ đề nghị khen thưởng").click()
    page.get_by_label("Cá nhân", exact=True).select_option(label="Điểu Văn Sang — Phó Trưởng phòng")
    page.get_by_label("Danh hiệu, hình thức đề nghị").select_option(label="Chiến sĩ thi đua cơ sở (danh hiệu thi đua)")
    check_accessibility(page, "lập hồ sơ")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chiến sĩ thi đua cơ sở")
    upload(page, "tờ trình (công văn) đề nghị khen thưởng", "To trinh Tan Phu.pdf")
    upload(page, "báo cáo thành tích", "Báo cáo thành tích Điểu Văn Sang.pdf")
    upload(page, "biên bản họp bình xét thi đua / xét khen thưởng của đơn vị", "Biên bản bình xét.pdf")
    upload(page, "giấy chứng nhận sáng kiến, đề tài nghiên cứu được công nhận", "Đơn đăng ký sáng kiến.pdf")
    check_accessibility(page, "hồ sơ đủ thành phần")
    sign_out(page)

    # The head sends the report and submits the dossier.
    signed_in(page, live_server, "tanphu.tp")
    page.get_by_role("link", name="Sơ kết 6 tháng — 15/KH-BDT").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(flash(page)).to_contain_text("đã gửi, chờ tiếp nhận")
    page.goto(f"{live_server}/inbox")
    page.get_by_role("link", name="Điểu Văn Sang: Chiến sĩ thi đua cơ sở").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(flash(page)).to_contain_text("đã nộp, chờ thẩm định")
    sign_out(page)

    # The office sees the rule fail, cannot verify, returns it with a comment on the initiative.
    signed_in(page, live_server, "vanphong")
    expect(page.get_by_role("heading", name="Hồ sơ đề nghị khen thưởng chờ thẩm định")).to_be_visible()
    page.get_by_role("link", name="Điểu Văn Sang: Chiến sĩ thi đua cơ sở (Phòng Dân tộc huyện Tân Phú)").click()
    results = page.locator("#tieu-chuan")
    expect(results).to_contain_text("Không đạt")
    check_accessibility(page, "thẩm định hồ sơ")
    page.get_by_role("button", name="Xác nhận đủ điều kiện").click()
    expect(flash(page)).to_contain_text("Không đạt tiêu chuẩn")  # refused; the page and its input stay
    page.get_by_label("Giấy chứng nhận sáng kiến, đề tài nghiên cứu được công nhận").fill(
        "Mới là đơn đăng ký; cần quyết định công nhận sáng kiến.")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(flash(page)).to_contain_text("Đã trả lại hồ sơ")
    sign_out(page)

    # The unit adds the recognition decision; the head resubmits.
    signed_in(page, live_server, "tanphu.cv")
    page.get_by_role("link", name="Điểu Văn Sang: Chiến sĩ thi đua cơ sở").click()
    expect(page.locator("#tp-sang_kien")).to_contain_text("cần quyết định công nhận sáng kiến")
    upload(page, "giấy chứng nhận sáng kiến, đề tài nghiên cứu được công nhận", "QĐ công nhận sáng kiến.pdf")
    sign_out(page)
    signed_in(page, live_server, "tanphu.tp")
    page.get_by_role("link", name="Điểu Văn Sang: Chiến sĩ thi đua cơ sở").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(flash(page)).to_contain_text("đã nộp, chờ thẩm định")
    sign_out(page)

    # The office records the initiative from the decision and verifies the dossier.
    signed_in(page, live_server, "vanphong")
    page.get_by_role("link", name="Điểu Văn Sang: Chiến sĩ thi đua cơ sở (Phòng Dân tộc huyện Tân Phú)").click()
    page.get_by_label("Tên sáng kiến, đề tài").fill("Số hóa hồ sơ chính sách dân tộc huyện Tân Phú")
    page.get_by_label("Cơ quan công nhận").fill("Hội đồng sáng kiến huyện Tân Phú")
    page.get_by_label("Ngày công nhận").fill("2021-09-15")
    page.get_by_label("Số quyết định công nhận").fill("88/QĐ-UBND")
    page.get_by_role("button", name="Ghi nhận sáng kiến").click()
    expect(flash(page)).to_contain_text("Đã ghi nhận sáng kiến")
    expect(page.locator("#tieu-chuan")).not_to_contain_text("Không đạt")
    page.get_by_role("button", name="Xác nhận đủ điều kiện").click()
    expect(flash(page)).to_contain_text("đã thẩm định, chờ hội đồng")
    check_accessibility(page, "hồ sơ đã thẩm định")
