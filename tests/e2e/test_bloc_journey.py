"""Khối Thi đua 3 scores its year in Chromium: three member units self-score, the leader's team adjusts one
criterion of one unit with a reason (and has no button on its own scorecard, which the deputy's team confirms), the
unit objects once, the leader settles; the round closes with the ranking
(a tie on the total broken by the compact's bonus rule), the bloc votes by secret ballot and the leader unit comes
out proposed for the province's flag, its dossier opened with the bloc's minutes attached."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from thidua import demo, roles, workflow
from thidua.blocs import services
from thidua.models import Attachment, Nomination, User
from tests.campaign_factories import make_campaign
from tests.factories import make_unit, make_user

from .conftest import check_accessibility
from .test_campaign_journey import sign_out
from . import test_journeys as journeys
from .test_journeys import flash, sign_in

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/bloc_shots")
NAMES = ["Ban Dân tộc tỉnh Đồng Nai (khối)", "Sở Lao động - Thương binh và Xã hội", "Sở Tư pháp"]
TABLE = [("1", "Hoàn thành chỉ tiêu kế hoạch năm", "score", "40"), ("2", "Cải cách hành chính, chuyển đổi số", "score",
                                                                     "30"),
         ("3", "Công tác thi đua, khen thưởng", "score", "30"), ("4", "Điểm thưởng: mô hình mới", "bonus", "5"),
         ("5", "Điểm trừ: chậm báo cáo", "penalty", "5")]


def shoot(page: Page, name: str) -> None:
    journeys.shoot(page, SHOTS, name)


def _bloc(app):
    """The bloc, its three units with a head and an officer each, the compact signed and in force, a year-end
    round open: what the emulation board and the leader set up before the scoring starts."""
    with app.app_context():
        board = User.get(User.username == "bantdkt")   # the demo's Ban Thi đua - Khen thưởng
        office = make_user(roles.OFFICE, unit=make_unit(kind="agency"), password=demo.DEMO_PASSWORD)
        bloc = services.create_bloc("khoi", "Khối Thi đua 3", "", board)
        units, heads, officers = [], [], []
        for i, name in enumerate(NAMES):
            unit = make_unit(name=name, kind="other")
            heads.append(make_user(roles.UNIT_HEAD, unit=unit, username=f"khoi.tt{i}", password=demo.DEMO_PASSWORD))
            officers.append(make_user(roles.UNIT_STAFF, unit=unit, username=f"khoi.cb{i}",
                                      password=demo.DEMO_PASSWORD))
            services.add_member(bloc, unit.id, 2021, board)
            services.add_user(bloc, heads[-1].id, "head", board)
            services.add_user(bloc, officers[-1].id, "officer", board)
            units.append(unit)
        campaign = make_campaign(office, units=units)
        compact = services.create_year(bloc, {"year": 2021, "leader_unit_id": units[0].id,
                                              "deputy_unit_id": units[1].id, "campaign_id": campaign.id}, board)
        leader = officers[0]
        services.save_terms(compact, {"targets": "Hoàn thành 100% chỉ tiêu được giao", "tie_break": "bonus,penalty",
                                      "vote_threshold": Decimal(50), "flag_quota": 1, "bk_quota": 1}, leader)
        for code, title, kind, maximum in TABLE:
            services.add_criterion(compact, {"code": code, "title": title, "kind": kind,
                                             "max_points": Decimal(maximum)}, leader)
        workflow.apply(compact, "open_signing", leader)
        for head in heads:
            services.sign(compact, head)
        workflow.apply(compact, "put_in_force", leader)
        round_ = services.open_round(compact, "year_end", leader)
        return {"round": round_.id, "compact": compact.id, "units": [u.id for u in units]}


def as_user(page: Page, base: str, username: str) -> None:
    sign_in(page, base, username, demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần xử lý")


def open_card(page: Page, base: str, round_id: int, unit: str) -> None:
    page.goto(f"{base}/blocs/rounds/{round_id}")
    page.get_by_role("link", name=unit, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bảng điểm: {unit}")


def self_score(page: Page, values: dict[str, str | tuple[str, str]]) -> None:
    for code, value in values.items():
        points, note = value if isinstance(value, tuple) else (value, "")
        page.get_by_label(f"Tự chấm tiêu chí {code}", exact=True).fill(points)
        if note:
            page.get_by_label(f"Giải trình tiêu chí {code}", exact=True).fill(note)
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(flash(page)).to_contain_text("Đã lưu điểm tự chấm")


def test_three_units_score_the_leader_adjusts_the_unit_objects_and_the_flag_goes_to_the_leader_unit(
        page: Page, live_server: str, app):
    base = live_server
    ids = _bloc(app)
    round_id = ids["round"]
    page.on("dialog", lambda dialog: dialog.accept())   # hx-confirm's questions

    # Each member unit's officer enters its self-scores; the first tries 45 on a criterion of 40 points.
    scores = {0: {"1": "40", "2": "28", "3": "30", "4": ("1", "Mô hình “Một cửa số”"),
                  "5": ("1", "Chậm báo cáo quý II")},             # 98, 1 bonus point
              1: {"1": "40", "2": "30", "3": "30"},                # 100 self; 98 once settled
              2: {"1": "35", "2": "30", "3": "30"}}                # 95
    for index in (1, 2, 0):
        as_user(page, base, f"khoi.cb{index}")
        open_card(page, base, round_id, NAMES[index])
        if index == 1:
            page.get_by_label("Tự chấm tiêu chí 1", exact=True).fill("45")
            page.get_by_role("button", name="Lưu điểm tự chấm").click()
            expect(page.get_by_role("alert")).to_contain_text("45 điểm vượt điểm tối đa 40")
        self_score(page, scores[index])
        if index == 0:
            shoot(page, "scorecard-self")
        page.get_by_role("button", name="Gửi điểm tự chấm").click()
        expect(page.locator(".state").first).to_have_text("Đã gửi, chờ thẩm định")
        sign_out(page)

    # The leader's team has no button on its own scorecard: the deputy unit's team checks it.
    as_user(page, base, "khoi.cb0")
    open_card(page, base, round_id, NAMES[0])
    expect(page.get_by_text(f"do Khối phó ({NAMES[1]}) thẩm định")).to_be_visible()
    expect(page.get_by_role("button", name="Thống nhất điểm (không có chênh lệch)")).to_have_count(0)
    # It confirms the third unit's scorecard and adjusts one criterion of the second unit, with its reason.
    open_card(page, base, round_id, NAMES[2])
    page.get_by_role("button", name="Thống nhất điểm (không có chênh lệch)").click()
    expect(page.locator(".state").first).to_have_text("Đã thống nhất điểm")
    open_card(page, base, round_id, NAMES[1])
    page.get_by_label("Điểm thống nhất tiêu chí 2", exact=True).fill("25")
    page.get_by_label("Lý do chênh lệch tiêu chí 2", exact=True).fill("Chưa có minh chứng số hóa hồ sơ")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    expect(flash(page)).to_contain_text("Đã lưu điểm thẩm định")
    page.get_by_role("button", name="Gửi điểm thẩm định (có chênh lệch) cho đơn vị").click()
    expect(page.locator(".state").first).to_have_text("Có điểm chênh lệch, chờ đơn vị xem")
    sign_out(page)

    # The deputy unit's officer confirms the leader unit's scorecard.
    as_user(page, base, "khoi.cb1")
    open_card(page, base, round_id, NAMES[0])
    page.get_by_role("button", name="Thống nhất điểm (không có chênh lệch)").click()
    expect(page.locator(".state").first).to_have_text("Đã thống nhất điểm")
    sign_out(page)

    # The unit's head sees the difference and objects, once, with a reason.
    as_user(page, base, "khoi.tt1")
    open_card(page, base, round_id, NAMES[1])
    expect(page.locator(".totals")).to_contain_text("Tự chấm: 100 — chênh lệch ở 1 tiêu chí")
    expect(page.locator("tr.differs")).to_contain_text("Chưa có minh chứng số hóa hồ sơ")
    shoot(page, "scorecard-difference")
    page.get_by_label("Có ý kiến về điểm thẩm định (một lần): lý do (bắt buộc)").fill(
        "Đơn vị đã số hóa 80% hồ sơ, minh chứng gửi kèm")
    page.get_by_role("button", name="Có ý kiến về điểm thẩm định (một lần)").click()
    expect(page.locator(".state").first).to_have_text("Đơn vị có ý kiến, chờ giải quyết")
    expect(page.get_by_role("button", name="Có ý kiến về điểm thẩm định (một lần)")).to_have_count(0)
    sign_out(page)

    # The leader settles at 28 points, ends self-scoring and closes the round.
    as_user(page, base, "khoi.cb0")
    open_card(page, base, round_id, NAMES[1])
    page.get_by_label("Điểm thống nhất tiêu chí 2", exact=True).fill("28")
    page.get_by_label("Lý do chênh lệch tiêu chí 2", exact=True).fill("Ghi nhận minh chứng bổ sung 80%")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    expect(flash(page)).to_contain_text("Đã lưu điểm thẩm định (1 tiêu chí thay đổi)")
    page.get_by_label("Giải quyết ý kiến, chốt điểm: lý do (bắt buộc)").fill("Chấp nhận một phần: 28 điểm")
    page.get_by_role("button", name="Giải quyết ý kiến, chốt điểm").click()
    expect(page.locator(".state").first).to_have_text("Đã thống nhất điểm")
    expect(page.locator(".totals")).to_contain_text("Tổng điểm thẩm định: 98")
    page.goto(f"{base}/blocs/rounds/{round_id}")
    page.get_by_role("button", name="Kết thúc tự chấm, chuyển sang thẩm định").click()
    expect(page.locator(".state").first).to_have_text("Khối trưởng đang thẩm định điểm")
    page.get_by_role("button", name="Kết thúc vòng chấm điểm, công bố xếp hạng").click()

    # The ranking: 98 and 98, the leader unit ahead on bonus points; then 95.
    rows = page.locator("table.ranking tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(f"1 {NAMES[0]} 98 1 −1 Xếp trên đơn vị sau nhờ tiêu chí phụ: nhiều điểm "
                                        "thưởng hơn")
    expect(rows.nth(1)).to_contain_text(f"2 {NAMES[1]} 98")
    expect(rows.nth(2)).to_contain_text(f"3 {NAMES[2]} 95")
    check_accessibility(page, "the round's ranking")
    shoot(page, "ranking")
    page.get_by_role("button", name="Chuẩn bị bỏ phiếu suy tôn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bỏ phiếu suy tôn năm 2021")
    page.get_by_role("button", name="Bắt đầu bỏ phiếu").click()
    expect(page.locator(".state").first).to_have_text("Đang bỏ phiếu")
    sign_out(page)

    # Each unit's head votes once, in secret: the flag for the leader unit, Bằng khen for the second.
    for index, bk in ((0, "Đồng ý"), (1, "Đồng ý"), (2, "Không đồng ý")):
        as_user(page, base, f"khoi.tt{index}")
        page.goto(f"{base}/blocs/rounds/{round_id}")
        page.get_by_role("link", name="Bỏ phiếu suy tôn").click()
        page.get_by_role("group", name=f"{NAMES[0]} — đề nghị").get_by_label("Đồng ý", exact=True).check()
        page.get_by_role("group", name=f"{NAMES[1]} — đề nghị").get_by_label(bk, exact=True).check()
        if index == 2:
            shoot(page, "ballot")
        page.get_by_role("button", name="Gửi phiếu (chỉ gửi một lần)").click()
        expect(page.get_by_text("Đơn vị của bạn đã bỏ phiếu.")).to_be_visible()
        sign_out(page)

    # The leader counts; the flag goes to the leader unit; the dossiers open with the minutes attached.
    as_user(page, base, "khoi.cb0")
    page.goto(f"{base}/blocs/rounds/{round_id}")
    page.get_by_role("link", name="Bỏ phiếu suy tôn").click()
    page.get_by_role("button", name="Kết thúc bỏ phiếu, kiểm phiếu").click()
    expect(flash(page)).to_contain_text("Đã kiểm phiếu.")
    lines = page.locator("table tbody tr")
    expect(lines.nth(0)).to_contain_text(f"{NAMES[0]} Cờ thi đua của Ủy ban nhân dân tỉnh 1 · 98 3/3 Đề nghị")
    expect(lines.nth(1)).to_contain_text(f"{NAMES[1]} Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh 2 · 98 2/3 Đề nghị")
    page.get_by_role("button", name="Lập hồ sơ đề nghị khen thưởng (kèm biên bản)").click()
    expect(flash(page)).to_contain_text("Đã lập 2 hồ sơ đề nghị khen thưởng, kèm biên bản của khối.")
    shoot(page, "vote-result")
    with app.app_context():
        flag = Nomination.get(Nomination.unit == ids["units"][0])
        assert (flag.award_kind.code, flag.status) == ("CO_TINH", "draft")
        assert Attachment.get(Attachment.owner_type == "nomination", Attachment.owner_id == flag.id).component == \
            "bien_ban"
