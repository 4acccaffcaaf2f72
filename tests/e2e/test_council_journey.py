"""The council meets on plan 15/KH-BDT in Chromium: the office prepares the session, the chair opens it and takes
the attendance, three members vote from their own browsers at once, the chair watches the count come in, votes,
closes and finds one nominee under the 90% threshold; the minutes say so, and so does the unit's dossier."""
from __future__ import annotations

import datetime
import re
import subprocess
import time
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from thidua.council import sessions
from thidua.models import Campaign, LineResult, Nomination, Person, Unit, User
from tests.council_factories import set_rule, verified

from .conftest import ACTION_TIMEOUT_MS, check_accessibility
from .test_campaign_journey import sign_out
from .test_dossier_journey import signed_in
from . import test_journeys as journeys
from .test_journeys import expect_same_document, flash, mark_document, nav

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/council_shots")
TITLE = "Xét, đề nghị khen thưởng năm 2021"
PASSES = "Lâm Thị Mỹ Linh"     # every vote: 4/4
FAILS = "Điểu Văn Sang"        # one member says no: 3/4 = 75%, under 90% of all members
MEMBERS = {"hoidong": "Điểu Thị Mai", "hoidong2": "Trần Quốc Bảo", "hoidong3": "Lâm Thị Ngọc Hân"}
CHAIR = "Nguyễn Văn Khang"
SUBMIT = "Gửi phiếu (chỉ gửi một lần)"
POLL_MS = 11_000  # the progress box polls every 5 s: up to two polls


def shoot(page: Page, name: str) -> None:
    journeys.shoot(page, SHOTS, name)


def hidden_name(visible: str, hidden: str) -> re.Pattern:
    """A button's name whose second part is visually hidden (Chromium may put a space before the colon)."""
    return re.compile(rf"^{re.escape(visible)}\s*:\s*{re.escape(hidden)}$")


def choose(page: Page, nominee: str, option: str) -> None:
    page.get_by_role("group", name=re.compile(re.escape(nominee))).get_by_label(option, exact=True).check()


def fill_ballot(page: Page, fails_choice: str) -> None:
    choose(page, PASSES, "Đồng ý")
    choose(page, FAILS, fails_choice)
    # The summary is redrawn by htmx from what is on the sheet; nothing is stored before "Gửi phiếu".
    expect(page.locator("#tom-tat")).to_contain_text("Đã chọn đủ")
    yes = 2 if fails_choice == "Đồng ý" else 1
    expect(page.locator("#tom-tat")).to_contain_text(f"Đã chọn 2/2 dòng: {yes} đồng ý, {2 - yes} không đồng ý")


def pdf_text(path: str) -> str:
    """The PDF's words in reading order, on one line (a narrow table cell wraps "Không đạt")."""
    out = subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(unicodedata.normalize("NFC", out).split())


def test_the_council_meets_votes_at_once_and_one_nominee_falls_under_the_threshold(page: Page, new_context,
                                                                                   live_server: str, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # The plan is published and two of Tân Phú's dossiers are verified; the rule for LĐTT is 90% of all members.
    campaign = Campaign.get(Campaign.number == 15, Campaign.year == 2021)
    Campaign.update(status="published").where(Campaign.id == campaign.id).execute()
    campaign = Campaign.get_by_id(campaign.id)
    tanphu = Unit.get(Unit.code == "PDT-TP")
    office = User.get(User.username == "vanphong")
    dossiers = {name: verified(campaign, tanphu, office, "LDTT", person=Person.get(Person.full_name == name))
                for name in (PASSES, FAILS)}
    set_rule(campaign, "LDTT", threshold_percent=Decimal("90"), denominator="all")

    # The office prepares the session; the agenda holds both verified dossiers.
    signed_in(page, live_server, "vanphong")
    nav(page).get_by_role("link", name="Phiên họp Hội đồng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiên họp Hội đồng Thi đua - Khen thưởng")
    check_accessibility(page, "danh sách phiên họp")
    page.get_by_role("link", name="Chuẩn bị phiên họp mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chuẩn bị phiên họp Hội đồng")
    page.get_by_label("Kế hoạch, phong trào thi đua").select_option(str(campaign.id))
    page.get_by_label("Nội dung phiên họp").fill(TITLE)
    page.get_by_label("Ngày họp").fill("2021-12-20")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Địa điểm").fill("Phòng họp Ban Dân tộc tỉnh Đồng Nai")
    page.get_by_label("Thư ký cuộc họp").select_option(label="Trần Thị Thu Hà")
    check_accessibility(page, "chuẩn bị phiên họp")
    page.get_by_role("button", name="Tạo phiên họp").click()
    expect(flash(page)).to_contain_text("Đã tạo phiên họp; chương trình có 2 hồ sơ đã thẩm định.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Phiên họp Hội đồng: {TITLE}")
    agenda = page.locator("#chuong-trinh")
    expect(agenda.get_by_role("heading", name="Lao động tiên tiến")).to_be_visible()
    expect(agenda.locator("tbody tr")).to_have_count(2)
    expect(agenda).to_contain_text(PASSES)
    expect(agenda).to_contain_text(FAILS)
    session_url = page.url
    check_accessibility(page, "phiên họp đang chuẩn bị")
    shoot(page, "1-session-draft")
    sign_out(page)

    # The chair opens the session and marks the four members present, each row redrawn in place by htmx.
    signed_in(page, live_server, "truongban")
    nav(page).get_by_role("link", name="Phiên họp Hội đồng").click()
    # The list first (a boosted navigation): the inbox also links the session, by a longer name.
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiên họp Hội đồng Thi đua - Khen thưởng")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(session_url)
    page.get_by_role("button", name="Khai mạc, điểm danh").click()
    expect(flash(page)).to_contain_text("Phiên họp: đang điểm danh.")
    progress = page.locator("#tien-do")
    expect(progress).to_contain_text("Có mặt: 0/4")
    expect(progress).to_contain_text("chưa đủ")
    mark_document(page)
    for n, name in enumerate([CHAIR, *MEMBERS.values()], start=1):
        page.get_by_role("button", name=hidden_name("Đánh dấu có mặt", name)).click()
        expect(page.get_by_role("button", name=hidden_name("Đánh dấu vắng mặt", name))).to_be_visible()
        expect(progress).to_contain_text(f"Có mặt: {n}/4")  # the count comes along out of band
    expect(progress).to_contain_text("đã đủ")
    expect_same_document(page)
    check_accessibility(page, "điểm danh")
    shoot(page, "2-session-attendance")

    page.get_by_role("button", name="Bắt đầu bỏ phiếu").click()
    expect(flash(page)).to_contain_text("Phiên họp: đang bỏ phiếu.")
    expect(progress).to_contain_text("Đã gửi phiếu: 0/4")
    expect(page.get_by_role("link", name="Mở phiếu bầu vòng 1")).to_be_visible()
    check_accessibility(page, "phiên họp đang bỏ phiếu")
    shoot(page, "3-session-voting")
    chair_page = page

    # Three members, each in their own browser, fill their ballots...
    ballots: dict[str, Page] = {}
    for username, _full_name in MEMBERS.items():
        context = new_context()
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        member = context.new_page()
        member.on("pageerror", lambda exc: errors.append(str(exc)))
        signed_in(member, live_server, username)
        member.goto(session_url)
        expect(member.get_by_role("heading", name="Phiếu bầu của bạn")).to_be_visible()
        member.get_by_role("link", name="Mở phiếu bầu vòng 1").click()
        expect(member.get_by_role("heading", level=1)).to_have_text(f"Phiếu bầu vòng 1: {TITLE}")
        expect(member.locator("#tom-tat")).to_contain_text("Đã chọn 0/2 dòng")
        fill_ballot(member, "Không đồng ý" if username == "hoidong3" else "Đồng ý")
        ballots[username] = member
    check_accessibility(ballots["hoidong"], "phiếu bầu")
    shoot(ballots["hoidong"], "4-ballot")

    # ...and send them at the same moment: three clicks, then wait for the three answers.
    mark_document(chair_page)
    for member in ballots.values():
        member.get_by_role("button", name=SUBMIT).click(no_wait_after=True)
    for member in ballots.values():
        expect(flash(member)).to_contain_text("Đã gửi phiếu bầu.")
        expect(member.locator(".ballot-call")).to_contain_text("Bạn đã gửi phiếu vòng 1.")
        check_accessibility(member, "phiếu đã gửi")

    # The chair's page counts them by itself (it polls), without a reload and without saying who chose what.
    expect(progress).to_contain_text("Đã gửi phiếu: 3/4", timeout=POLL_MS)
    expect(progress).to_contain_text("còn 1 thành viên chưa gửi")
    expect_same_document(chair_page)

    # The chair votes last.
    page.get_by_role("link", name="Mở phiếu bầu vòng 1").click()
    fill_ballot(page, "Đồng ý")
    page.get_by_role("button", name=SUBMIT).click()
    expect(flash(page)).to_contain_text("Đã gửi phiếu bầu.")
    expect(progress).to_contain_text("Đã gửi phiếu: 4/4")

    # Counting: Lâm Thị Mỹ Linh 4/4 passes; Điểu Văn Sang 3/4 = 75% is under 90%.
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Kết thúc bỏ phiếu, kiểm phiếu").click()
    expect(flash(page)).to_contain_text("Phiên họp: đã kết thúc bỏ phiếu.")
    assert questions and "Kết thúc bỏ phiếu và kiểm phiếu?" in questions[0]
    results = page.locator("#ket-qua")
    passed_row = results.locator("tbody tr", has_text=PASSES)
    failed_row = results.locator("tbody tr", has_text=FAILS)
    expect(passed_row.locator("td[data-label='Đồng ý']")).to_have_text("4/4")
    expect(passed_row.locator("td[data-label='Tỷ lệ']")).to_have_text("100%")
    expect(passed_row.locator(".state")).to_have_text("Đạt")
    expect(failed_row.locator("td[data-label='Đồng ý']")).to_have_text("3/4")
    expect(failed_row.locator("td[data-label='Tỷ lệ']")).to_have_text("75%")
    expect(failed_row.locator(".state")).to_have_text("Không đạt")
    expect(failed_row).to_contain_text("dưới ngưỡng 90%")
    check_accessibility(page, "kết quả kiểm phiếu")
    shoot(page, "5-session-closed")
    by_name = {r.item.nomination.person.full_name: r for r in LineResult.select()}
    assert (by_name[PASSES].yes, by_name[PASSES].no, by_name[PASSES].passed) == (4, 0, True)
    assert (by_name[FAILS].yes, by_name[FAILS].no, by_name[FAILS].passed) == (3, 1, False)

    # The minutes as PDF say the same. Fetched with the browser's session rather than clicked: the click is
    # swallowed by hx-boost (see test_the_download_links_of_a_session_download_in_the_browser below).
    link = results.get_by_role("link", name="tải PDF")
    response = page.request.get(live_server + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    pdf = tmp_path / "bien-ban.pdf"
    pdf.write_bytes(response.body())
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "bien-ban.pdf").write_bytes(response.body())
    text = pdf_text(str(pdf))
    for expected in (PASSES, FAILS, "Đạt", "Không đạt", "75%", "100%", "4/4", "3/4",
                     "Về việc xét, đề nghị khen thưởng năm 2021", "có 4/4 thành viên Hội đồng tham dự",
                     "từ 90% trở lên trên tổng số thành viên Hội đồng",
                     f"1 trường hợp không đạt số phiếu theo quy định: {FAILS}."):
        assert expected in text, f"the minutes lack “{expected}”:\n{text}"
    sign_out(page)
    for member in ballots.values():
        member.context.close()

    # The unit head of Tân Phú sees the outcome on each dossier.
    signed_in(page, live_server, "tanphu.tp")
    page.goto(f"{live_server}/nominations/{dossiers[FAILS].id}")
    expect(page.locator(".state-not_passed")).to_have_text("Không được Hội đồng thông qua")
    check_accessibility(page, "hồ sơ không được thông qua")
    page.goto(f"{live_server}/nominations/{dossiers[PASSES].id}")
    expect(page.locator(".state-passed")).to_have_text("Hội đồng đã thông qua, chờ lãnh đạo ký")
    assert {n.status for n in Nomination.select()} == {"passed", "not_passed"}

    assert errors == [], f"JavaScript errors: {errors}"


def clicked_into_a_download(page: Page, link) -> bool:
    """Click link; say whether the browser downloaded the file (rather than fetching it into the page)."""
    downloads: list = []

    def on_download(download):
        downloads.append(download)

    page.on("download", on_download)
    before = page.url
    link.click()
    deadline = time.monotonic() + ACTION_TIMEOUT_MS / 1000
    while not downloads and page.url == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.remove_listener("download", on_download)
    return bool(downloads)


def test_the_download_links_of_a_session_download_in_the_browser(page: Page, live_server: str, app):
    with app.app_context():
        campaign = Campaign.get(Campaign.number == 15, Campaign.year == 2021)
        Campaign.update(status="published").where(Campaign.id == campaign.id).execute()
        campaign = Campaign.get_by_id(campaign.id)
        office = User.get(User.username == "vanphong")
        chair = User.get(User.username == "truongban")
        verified(campaign, Unit.get(Unit.code == "PDT-TP"), office, "LDTT",
                 person=Person.get(Person.full_name == PASSES))
        session = sessions.create(campaign, {"title": TITLE, "meets_at": datetime.datetime(2021, 12, 20, 8, 0),
                                             "place": "Phòng họp Ban Dân tộc"}, office)
        sessions.act(session, "open_attendance", chair)
        for row in sessions.attendance_of(session):
            sessions.set_attendance(session, row.id, True, office)
        sessions.act(session, "open_voting", chair)

    signed_in(page, live_server, "vanphong")
    session_url = f"{live_server}/council/sessions/{session.id}"
    page.goto(session_url)
    paper = clicked_into_a_download(page, page.get_by_role("link", name="tải PDF để in"))

    with app.app_context():
        sessions.act(session, "close", chair)
    page.goto(session_url)
    minutes = clicked_into_a_download(page, page.locator("#ket-qua").get_by_role("link", name="tải PDF"))
    assert paper and minutes, f"downloaded: paper ballot {paper}, minutes {minutes}; the page is now {page.url}"
