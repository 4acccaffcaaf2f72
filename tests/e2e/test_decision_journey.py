"""The leader signs a decision in Chromium (issue 6): the office drafts a Quyết định khen thưởng for two of Tân
Phú's people whom the council passed as Chiến sĩ thi đua cơ sở and reads the whole document before submitting
it; the leader opens it from the waiting list, mistypes the password once (nothing signed, no number taken),
then signs; the signed PDF verifies on screen and with poppler's pdfsig; the public page lists both awardees
without the money, and the link printed under a certificate's QR code opens the public check of that award."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from thidua.models import AwardRecord, Campaign, Decision, Nomination, Person, Unit, User
from tests.decision_factories import passed

from .conftest import ACTION_TIMEOUT_MS, check_accessibility
from .test_campaign_journey import sign_out
from .test_dossier_journey import signed_in
from .test_journeys import PHONE, flash, nav

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/decision_shots")
AWARDEES = ("Lâm Thị Mỹ Linh", "K’ Thị Hồng")   # both of Phòng Dân tộc huyện Tân Phú
CERTIFIED = AWARDEES[0]
UNIT = "Phòng Dân tộc huyện Tân Phú"
AWARD = "Chiến sĩ thi đua cơ sở"
# Signed today (2026): the base salary in force is 2.340.000 đ (Nghị định 73/2024/NĐ-CP); CSTĐCS pays 1.0 × it.
EACH, TOTAL = "2.340.000", "4.680.000"
SUMMARY = "Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2021"
WRONG_PASSWORD = "KhongPhai-2021"


def shoot(page: Page, name: str) -> None:
    """A full-page screenshot at 1280 px and at 375 px; on the phone nothing may scroll sideways."""
    SHOTS.mkdir(exist_ok=True)
    desktop = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{name} ({page.url}) scrolls sideways at 375 px: {widths[0]} > {widths[1]}"
    finally:
        page.set_viewport_size(desktop)


def text_of(path: Path, *options: str) -> str:
    out = subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", out)


def download(page: Page, link, to: Path) -> Path:
    """Click a download link (hx-boost="false" download) and keep the file the browser saved."""
    with page.expect_download() as info:
        link.click()
    info.value.save_as(to)
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / to.name).write_bytes(to.read_bytes())  # kept beside the screenshots, to look at
    return to


def test_the_leader_signs_a_decision_for_two_the_public_page_lists_them_and_a_certificate_verifies(
        page: Page, new_context, live_server: str, app, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Plan 15/KH-BDT is published and the council passed two of Tân Phú's people as CSTĐCS.
    with app.app_context():
        campaign = Campaign.get(Campaign.number == 15, Campaign.year == 2021)
        Campaign.update(status="published").where(Campaign.id == campaign.id).execute()
        campaign = Campaign.get_by_id(campaign.id)
        tanphu = Unit.get(Unit.code == "PDT-TP")
        office = User.get(User.username == "vanphong")
        dossiers = [passed(campaign, tanphu, office, "CSTDCS", person=Person.get(Person.full_name == name))
                    for name in AWARDEES]

    # The office drafts the decision from every passed dossier and reads it as it will be printed.
    signed_in(page, live_server, "vanphong")
    nav(page).get_by_role("link", name="Quyết định khen thưởng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định, tờ trình khen thưởng")
    check_accessibility(page, "danh sách quyết định (văn phòng)")
    page.get_by_role("link", name="Soạn văn bản mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Soạn quyết định, tờ trình khen thưởng")
    page.get_by_label("Kế hoạch, phong trào thi đua").select_option(str(campaign.id))
    page.get_by_label("Loại văn bản").select_option(label="Quyết định khen thưởng")
    page.get_by_label("Danh hiệu, hình thức").select_option(label="Tất cả danh hiệu, hình thức của kế hoạch")
    check_accessibility(page, "soạn văn bản")
    page.get_by_role("button", name="Soạn dự thảo").click()
    expect(flash(page)).to_contain_text("Đã soạn dự thảo với 2 người, tập thể.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định khen thưởng …/QĐ-BDT")
    draft_url = page.url
    preview = page.locator(".decision-document")
    expect(preview.locator(".dec-draft-mark").first).to_have_text("DỰ THẢO")
    expect(preview.locator(".dec-title")).to_have_text("QUYẾT ĐỊNH")
    expect(preview.locator(".dec-summary")).to_have_text(SUMMARY)
    expect(preview.locator(".dec-decides")).to_have_text("QUYẾT ĐỊNH:")
    expect(preview).to_contain_text(f"tổng số tiền thưởng là {TOTAL} đồng")
    listing = preview.locator("table.dec-list")
    for name in AWARDEES:
        row = listing.locator("tbody tr", has_text=name)
        expect(row).to_contain_text(AWARD)
        expect(row).to_contain_text(UNIT)
        expect(row.locator("td.dec-c-amount")).to_have_text(EACH)
    expect(listing.locator("tr.dec-total td.dec-c-amount")).to_have_text(TOTAL)
    expect(preview.locator(".dec-signer-name")).to_have_text("(chưa ký)")
    check_accessibility(page, "dự thảo quyết định")
    shoot(page, "1-draft")
    page.get_by_role("button", name="Trình lãnh đạo ký").click()
    expect(flash(page)).to_contain_text("Quyết định khen thưởng: chờ lãnh đạo ký.")
    expect(page.locator(".facts .state")).to_have_text("Chờ lãnh đạo ký")
    sign_out(page)

    # The leader, in a browser of their own, finds the draft waiting and opens it.
    leader_context = new_context()
    leader_context.set_default_timeout(ACTION_TIMEOUT_MS)
    leader = leader_context.new_page()
    leader.on("pageerror", lambda exc: errors.append(str(exc)))
    signed_in(leader, live_server, "truongban")
    nav(leader).get_by_role("link", name="Quyết định khen thưởng").click()
    tabs = leader.get_by_role("navigation", name="Lọc theo trạng thái")
    expect(tabs.get_by_role("link", name="Chờ lãnh đạo ký")).to_have_attribute("aria-current", "page")
    waiting = leader.get_by_role("table").locator("tbody tr")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("…/QĐ-BDT")
    check_accessibility(leader, "danh sách chờ ký (lãnh đạo)")
    waiting.get_by_role("link", name=SUMMARY).click()
    expect(leader).to_have_url(draft_url)
    expect(leader.locator(".decision-document")).to_contain_text(TOTAL)

    # A mistyped password signs nothing and takes no number.
    leader.get_by_label("Mật khẩu của bạn (xác nhận ký)").fill(WRONG_PASSWORD)
    leader.get_by_role("button", name="Ký ban hành", exact=True).click()
    expect(leader.locator("#ky")).to_contain_text("Mật khẩu không đúng. Văn bản chưa được ký.")
    expect(leader.locator(".facts .state")).to_have_text("Chờ lãnh đạo ký")
    expect(leader.get_by_role("heading", level=1)).to_have_text("Quyết định khen thưởng …/QĐ-BDT")
    with app.app_context():
        decision = Decision.get(Decision.summary == SUMMARY)
        assert (decision.status, decision.number) == ("submitted", None)
        assert AwardRecord.select().count() == 0

    # The right one signs: the next number of the register, the amounts frozen, the PDF signed.
    leader.get_by_label("Mật khẩu của bạn (xác nhận ký)").fill("ThiDua@2021")
    leader.get_by_role("button", name="Ký ban hành", exact=True).click()
    expect(flash(leader)).to_contain_text(re.compile(r"Đã ký quyết định khen thưởng số \d{2}/QĐ-BDT\."))
    number = re.search(r"số (\d{2}/QĐ-BDT)\.", flash(leader).inner_text()).group(1)
    with app.app_context():
        assert Decision.get_by_id(decision.id).number_symbol == number
    expect(leader.get_by_role("heading", level=1)).to_have_text(f"Quyết định khen thưởng {number}")
    facts = leader.locator(".facts")
    expect(facts.locator(".state")).to_have_text("Đã ký")
    expect(facts).to_contain_text("Nguyễn Văn Khang")
    expect(facts).to_contain_text(f"{TOTAL} đồng (mức lương cơ sở {EACH} đồng)")
    expect(leader.locator(".decision-document .dec-draft-mark")).to_have_count(0)
    expect(leader.locator(".decision-document .dec-number")).to_have_text(f"Số: {number}")
    expect(leader.locator(".decision-document .dec-signer-name")).to_have_text("Nguyễn Văn Khang")
    expect(leader.locator("#ky")).to_have_count(0)  # nothing left to sign
    check_accessibility(leader, "quyết định đã ký")
    shoot(leader, "2-signed")

    # The signed PDF, as the browser downloads it, carries a valid signature (pdfsig does not trust the
    # self-signed test certificate, but the signature itself must hold).
    signed_pdf = download(leader, leader.get_by_role("link", name="Tải bản PDF đã ký số"), tmp_path / "signed.pdf")
    assert signed_pdf.read_bytes().startswith(b"%PDF")
    sig = subprocess.run(["pdfsig", str(signed_pdf)], capture_output=True, text=True)
    assert "Signature is Valid." in sig.stdout, sig.stdout + sig.stderr
    signed_text = " ".join(text_of(signed_pdf).split())
    for expected in (*AWARDEES, f"Số: {number}", TOTAL, "Nguyễn Văn Khang"):
        assert expected in signed_text, f"the signed PDF lacks “{expected}”"
    assert "DỰ THẢO" not in signed_text

    # The certificate of one awardee prints, under its QR code, the address of the public check of the award.
    leader.locator("details summary", has_text="In giấy chứng nhận (2)").click()
    certificate = download(leader, leader.get_by_role("link", name=CERTIFIED, exact=True), tmp_path / "cert.pdf")
    cert_text = text_of(certificate, "-raw")
    for expected in (f"Bà {CERTIFIED}", AWARD.upper(), f"Quyết định số {number} ngày ", "Số sổ vàng: ",
                     "Quét mã để kiểm tra khen thưởng trên trang công khai", "Nguyễn Văn Khang"):
        assert expected in cert_text, f"the certificate lacks “{expected}”:\n{cert_text}"
    found = re.search(r"(https?://\S+)/cong-khai/khen-thuong/(\S+)", cert_text)
    assert found, f"no verification link in the certificate:\n{cert_text}"
    award_link = f"{found.group(1)}/cong-khai/khen-thuong/{found.group(2)}"
    assert found.group(1) == live_server, f"the QR link points at {found.group(1)}, not at this server"

    # The verification page re-checks the stored file.
    leader.get_by_role("link", name="Kiểm tra chữ ký số").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text(
        f"Kiểm tra chữ ký số: Quyết định khen thưởng {number}")
    expect(leader.locator("#ket-qua")).to_have_text("Hợp lệ")
    expect(leader.locator(".facts")).to_contain_text("Không bị thay đổi sau khi ký")
    expect(leader.locator(".facts")).to_contain_text("Khớp chứng thư số của cơ quan")
    check_accessibility(leader, "kiểm tra chữ ký số")
    shoot(leader, "3-verify")
    leader_context.close()

    with app.app_context():
        assert {n.status for n in Nomination.select().where(Nomination.id.in_([d.id for d in dossiers]))} == {
            "awarded"}
        assert sorted(r.person.full_name for r in AwardRecord.select()) == sorted(AWARDEES)

    # Anyone, signed in or not, finds the decision on the public page: names, unit, award — no money.
    public_context = new_context()
    public_context.set_default_timeout(ACTION_TIMEOUT_MS)
    visitor = public_context.new_page()
    visitor.on("pageerror", lambda exc: errors.append(str(exc)))
    visitor.goto(f"{live_server}/cong-khai")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Công khai quyết định khen thưởng")
    published = visitor.get_by_role("table").locator("tbody tr", has_text=number)
    expect(published).to_contain_text(SUMMARY)
    expect(published.locator("td[data-label='Số người, tập thể']")).to_have_text("2")
    check_accessibility(visitor, "công khai: danh sách")
    published.get_by_role("link", name=number).click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(f"Quyết định số {number} ngày ")
    for name in AWARDEES:
        row = visitor.get_by_role("table").locator("tbody tr", has_text=name)
        expect(row.locator("td[data-label='Đơn vị']")).to_have_text(UNIT)
        expect(row.locator("td[data-label='Danh hiệu, hình thức']")).to_have_text(AWARD)
    body = visitor.locator("body").inner_text()
    assert EACH not in body and TOTAL not in body, "the public page shows the amounts"
    check_accessibility(visitor, "công khai: quyết định")
    shoot(visitor, "4-public-decision")

    # The link of the certificate's QR code.
    visitor.goto(award_link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Kiểm tra khen thưởng")
    expect(visitor.locator("#xac-minh")).to_have_text("Khen thưởng có trong hệ thống")
    check_facts = visitor.locator(".facts")
    expect(check_facts).to_contain_text(CERTIFIED)
    expect(check_facts).to_contain_text(UNIT)
    expect(check_facts).to_contain_text(AWARD)
    expect(check_facts.get_by_role("link", name=f"số {number} ngày ")).to_be_visible()
    check_accessibility(visitor, "công khai: kiểm tra khen thưởng")
    shoot(visitor, "5-public-award")

    # A forged or mistyped code checks nothing.
    response = visitor.goto(award_link[:-1] + ("A" if award_link[-1] != "A" else "B"))
    assert response.status == 404
    expect(visitor.locator("body")).to_contain_text("Mã kiểm tra không đúng")
    public_context.close()

    assert errors == [], f"JavaScript errors: {errors}"
