"""Registrations: staff draft lines with htmx, the head submits, the office returns or accepts; deadlines."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from thidua import clock, roles
from thidua.models import AuditLog, AwardKind, LegalRegime, Registration, RegistrationLine
from tests.campaign_factories import award, make_campaign, make_registration, person_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def world(app, make_unit, make_user, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 1))
    agency = make_unit(name="Ban Dân tộc tỉnh Đồng Nai", kind="agency")
    tp = make_unit(name="Phòng Dân tộc huyện Tân Phú", parent=agency)
    dq = make_unit(name="Phòng Dân tộc huyện Định Quán", parent=agency)
    vp = make_unit(name="Văn phòng Ban", kind="department", parent=agency)
    office = make_user(roles.OFFICE, unit=vp)
    campaign = make_campaign(office, units=[tp, dq])
    return {
        "campaign": campaign, "tp": tp, "dq": dq, "office": office,
        "staff": make_user(roles.UNIT_STAFF, unit=tp), "head": make_user(roles.UNIT_HEAD, unit=tp),
        "people": [person_in(tp, n) for n in ("Nguyễn Văn Bình", "Điểu Thị Ánh", "K’ Thị Hồng")],
        "stranger": person_in(dq, "Trần Văn Lạ"),
    }


def as_user(app, sign_in, user):
    the_client = app.test_client()
    sign_in(user, the_client=the_client)
    return the_client


def _line(kind_id, person=None, subject="individual"):
    return {"subject": subject, "person_id": str(person.id) if person else "", "award_kind_id": str(kind_id)}


def test_staff_start_the_registration_from_the_plan(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    page = staff.get(f"/campaigns/{world['campaign'].id}").get_data(as_text=True)
    assert "Đơn vị chưa đăng ký" in page
    response = staff.post(f"/registrations/start/{world['campaign'].id}")
    registration = Registration.get()
    assert response.headers["Location"] == f"/registrations/{registration.id}"
    assert (registration.unit_id, registration.status) == (world["tp"].id, "draft")
    again = staff.post(f"/registrations/start/{world['campaign'].id}")
    assert again.headers["Location"] == f"/registrations/{registration.id}" and Registration.select().count() == 1


def test_a_unit_not_addressed_cannot_register(app, sign_in, world, make_unit, make_user):
    outsider = as_user(app, sign_in, make_user(roles.UNIT_STAFF, unit=make_unit()))
    response = outsider.post(f"/registrations/start/{world['campaign'].id}")
    assert response.status_code in (404, 409)
    assert Registration.select().count() == 0


def test_staff_add_the_unit_and_people_with_htmx(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    registration = make_registration(world["campaign"], world["tp"], world["staff"])
    c = world["campaign"]
    staff.post(f"/registrations/{registration.id}/lines", headers=HTMX,
               data=_line(award("TTLDTT", c).id, subject="collective"))
    response = staff.post(f"/registrations/{registration.id}/lines", headers=HTMX,
                          data=_line(award("CSTDCS", c).id, world["people"][0]))
    body = response.get_data(as_text=True)
    assert body.startswith('<section class="card" id="registration-lines">')
    assert "Tập thể Phòng Dân tộc huyện Tân Phú" in body and "Nguyễn Văn Bình" in body
    assert RegistrationLine.select().count() == 2


@pytest.mark.parametrize("code,subject,person_key,message", [
    ("TTLDTT", "individual", 0, "chỉ dành cho tập thể"),
    ("LDTT", "collective", None, "chỉ dành cho cá nhân"),
    ("LDTT", "individual", "stranger", "Không tìm thấy cá nhân này trong danh sách cán bộ của đơn vị."),
])
def test_lines_that_break_the_rules_are_refused_in_vietnamese(app, sign_in, world, code, subject, person_key,
                                                              message):
    staff = as_user(app, sign_in, world["staff"])
    registration = make_registration(world["campaign"], world["tp"], world["staff"])
    person = world["stranger"] if person_key == "stranger" else (
        world["people"][person_key] if person_key is not None else None)
    response = staff.post(f"/registrations/{registration.id}/lines", headers=HTMX,
                          data=_line(award(code, world["campaign"]).id, person, subject))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert RegistrationLine.select().count() == 0


def test_people_of_other_units_stay_unknown_to_a_unit(app, sign_in, world):
    """Trying ids of other units' people must not reveal their names, saving or checking as you type."""
    staff = as_user(app, sign_in, world["staff"])
    registration = make_registration(world["campaign"], world["tp"], world["staff"])
    data = _line(award("CSTDCS", world["campaign"]).id, world["stranger"])
    for url in (f"/registrations/{registration.id}/lines/check", f"/registrations/{registration.id}/lines"):
        assert "Trần Văn Lạ" not in staff.post(url, headers=HTMX, data=data).get_data(as_text=True)


def test_a_title_of_another_legal_regime_is_refused(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    registration = make_registration(world["campaign"], world["tp"], world["staff"])
    newer = AwardKind.get(AwardKind.code == "LDTT", AwardKind.regime == LegalRegime.get(code="LAW2022_ND98"))
    response = staff.post(f"/registrations/{registration.id}/lines", headers=HTMX,
                          data=_line(newer.id, world["people"][0]))
    assert response.status_code == 422
    assert "không áp dụng cho kế hoạch năm 2021" in response.get_data(as_text=True)


def test_two_titles_of_the_same_level_for_one_person_are_refused(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    c = world["campaign"]
    person = world["people"][0]
    registration = make_registration(c, world["tp"], world["staff"], lines=[("individual", person, "LDTT")])
    response = staff.post(f"/registrations/{registration.id}/lines", headers=HTMX,
                          data=_line(award("CSTDCS", c).id, person))
    assert response.status_code == 422
    assert "cùng cấp cơ sở" in response.get_data(as_text=True)
    ok = staff.post(f"/registrations/{registration.id}/lines", headers=HTMX, data=_line(award("GK", c).id, person))
    assert ok.status_code == 200


def test_the_line_is_checked_as_it_is_typed_without_saving(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    registration = make_registration(world["campaign"], world["tp"], world["staff"])
    response = staff.post(f"/registrations/{registration.id}/lines/check", headers=HTMX,
                          data=_line(award("TTLDTT", world["campaign"]).id, world["people"][0]))
    body = response.get_data(as_text=True)
    assert body.startswith('<form id="line-form"') and "chỉ dành cho tập thể" in body
    assert RegistrationLine.select().count() == 0


def test_choosing_collective_hides_the_person_and_offers_collective_entries(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    registration = make_registration(world["campaign"], world["tp"], world["staff"])
    body = staff.post(f"/registrations/{registration.id}/lines/check", headers=HTMX,
                      data={"subject": "collective"}).get_data(as_text=True)
    assert "Tập thể lao động tiên tiến" in body and "Lao động tiên tiến (" not in body
    assert 'name="person_id"' not in body


def test_staff_cannot_submit_the_head_can(app, sign_in, world):
    registration = make_registration(world["campaign"], world["tp"], world["staff"],
                                     lines=[("individual", world["people"][0], "LDTT")])
    staff = as_user(app, sign_in, world["staff"])
    assert "Nộp bản đăng ký" not in staff.get(f"/registrations/{registration.id}").get_data(as_text=True)
    assert staff.post(f"/registrations/{registration.id}/actions/submit").status_code == 403
    head = as_user(app, sign_in, world["head"])
    assert "Nộp bản đăng ký" in head.get(f"/registrations/{registration.id}").get_data(as_text=True)
    assert head.post(f"/registrations/{registration.id}/actions/submit").status_code == 303
    assert Registration.get_by_id(registration.id).status == "submitted"


def test_a_submitted_registration_cannot_be_edited(app, sign_in, world):
    c = world["campaign"]
    registration = make_registration(c, world["tp"], world["staff"], status="submitted",
                                     lines=[("individual", world["people"][0], "LDTT")])
    staff = as_user(app, sign_in, world["staff"])
    response = staff.post(f"/registrations/{registration.id}/lines", data=_line(award("GK", c).id, world["people"][1]))
    assert response.status_code == 409
    assert "đã nộp, không sửa được nữa" in response.get_data(as_text=True)
    line = RegistrationLine.get()
    assert staff.post(f"/registrations/{registration.id}/lines/{line.id}/delete").status_code == 409
    assert RegistrationLine.select().count() == 1


def test_return_fix_resubmit_accept(app, sign_in, world):
    c = world["campaign"]
    registration = make_registration(c, world["tp"], world["staff"], lines=[("individual", world["people"][0], "LDTT")])
    head, office = as_user(app, sign_in, world["head"]), as_user(app, sign_in, world["office"])
    staff = as_user(app, sign_in, world["staff"])
    head.post(f"/registrations/{registration.id}/actions/submit")
    assert office.post(f"/registrations/{registration.id}/actions/return", data={"comment": ""}).status_code == 422
    office.post(f"/registrations/{registration.id}/actions/return", data={"comment": "Bổ sung tập thể đơn vị."})
    page = staff.get(f"/registrations/{registration.id}").get_data(as_text=True)
    assert "Bổ sung tập thể đơn vị." in page and "Bị trả lại" in page
    staff.post(f"/registrations/{registration.id}/lines", data=_line(award("TTLDTT", c).id, subject="collective"))
    head.post(f"/registrations/{registration.id}/actions/submit")
    office.post(f"/registrations/{registration.id}/actions/accept")
    assert Registration.get_by_id(registration.id).status == "accepted"
    steps = [(e.action, e.state_before, e.state_after) for e in AuditLog.select().where(
        AuditLog.object_type == "registration",
        AuditLog.action.in_(["submit", "return", "accept"])).order_by(AuditLog.id)]
    assert steps == [("submit", "draft", "submitted"), ("return", "submitted", "returned"),
                     ("submit", "returned", "submitted"), ("accept", "submitted", "accepted")]


def test_another_units_registration_is_not_found(app, sign_in, world, make_user):
    registration = make_registration(world["campaign"], world["dq"], world["office"])
    staff = as_user(app, sign_in, world["staff"])
    assert staff.get(f"/registrations/{registration.id}").status_code == 404
    assert staff.post(f"/registrations/{registration.id}/lines", data={}).status_code == 404


def test_submitting_after_the_deadline_is_refused_until_an_extension(app, sign_in, world, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 20))
    registration = make_registration(world["campaign"], world["tp"], world["staff"],
                                     lines=[("individual", world["people"][0], "LDTT")])
    head = as_user(app, sign_in, world["head"])
    response = head.post(f"/registrations/{registration.id}/actions/submit")
    assert response.status_code == 409
    assert "Đã quá hạn đăng ký thi đua (15/02/2021)" in response.get_data(as_text=True)
    office = as_user(app, sign_in, world["office"])
    office.post(f"/campaigns/{world['campaign'].id}/extensions",
                data={"unit_id": str(world["tp"].id), "until": "2021-02-25", "reason": "Bão lũ"})
    assert head.post(f"/registrations/{registration.id}/actions/submit").status_code == 303


def test_submitting_on_the_deadline_day_is_allowed(app, sign_in, world, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 15))
    registration = make_registration(world["campaign"], world["tp"], world["staff"],
                                     lines=[("individual", world["people"][0], "LDTT")])
    head = as_user(app, sign_in, world["head"])
    assert head.post(f"/registrations/{registration.id}/actions/submit").status_code == 303


def test_compile_shows_missing_units_and_the_list(app, sign_in, world):
    c = world["campaign"]
    make_registration(c, world["tp"], world["staff"], status="accepted",
                      lines=[("collective", None, "TTLDTT"), ("individual", world["people"][0], "LDTT")])
    office = as_user(app, sign_in, world["office"])
    page = office.get(f"/campaigns/{c.id}/compile").get_data(as_text=True)
    assert "1/2 đơn vị đã nộp" in page and "Chưa đăng ký" in page
    assert "Tập thể Phòng Dân tộc huyện Tân Phú" in page and "Nguyễn Văn Bình" in page


def test_unit_users_cannot_open_the_compilation(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    assert staff.get(f"/campaigns/{world['campaign'].id}/compile").status_code == 403
    assert staff.get(f"/campaigns/{world['campaign'].id}/compile.xlsx").status_code == 403


def test_compiled_xlsx_has_heading_frozen_header_and_vietnamese_order(app, sign_in, world):
    c = world["campaign"]
    people = world["people"]  # Bình, Ánh, Hồng -> Ánh, Bình, Hồng by given name
    make_registration(c, world["tp"], world["staff"], status="submitted",
                      lines=[("individual", p, "LDTT") for p in people] + [("collective", None, "TTLDTT")])
    make_registration(c, world["dq"], world["office"], status="draft",
                      lines=[("individual", world["stranger"], "LDTT")])
    office = as_user(app, sign_in, world["office"])
    response = office.get(f"/campaigns/{c.id}/compile.xlsx")
    ws = load_workbook(io.BytesIO(response.data)).active
    assert ws["A1"].value == "UBND TỈNH ĐỒNG NAI" and ws["A2"].value == "BAN DÂN TỘC"
    assert ws["A3"].value == "BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM 2021"
    assert ws["A6"].value == "STT" and ws.freeze_panes == "A7"
    rows = [r for r in ws.iter_rows(min_row=7, values_only=True) if isinstance(r[0], int)]
    assert [r[2] for r in rows] == ["Điểu Thị Ánh", "Nguyễn Văn Bình", "K’ Thị Hồng",
                                    "Tập thể Phòng Dân tộc huyện Tân Phú"]
    assert "Trần Văn Lạ" not in [r[2] for r in rows]  # a draft is not compiled
    totals = {r[4]: (r[5], r[6]) for r in ws.iter_rows(min_row=7, values_only=True) if r[1] is None and r[4]}
    assert totals["Lao động tiên tiến"] == (3, 0) and totals["Tập thể lao động tiên tiến"] == (0, 1)


def test_inboxes_show_what_waits_for_each_role(app, sign_in, world):
    c = world["campaign"]
    staff = as_user(app, sign_in, world["staff"])
    assert "Kế hoạch thi đua cần đăng ký" in staff.get("/inbox").get_data(as_text=True)
    registration = make_registration(c, world["tp"], world["staff"], lines=[("individual", world["people"][0], "LDTT")])
    head = as_user(app, sign_in, world["head"])
    assert "Bản đăng ký thi đua chờ trình" in head.get("/inbox").get_data(as_text=True)
    head.post(f"/registrations/{registration.id}/actions/submit")
    office = as_user(app, sign_in, world["office"])
    assert "Bản đăng ký thi đua chờ duyệt" in office.get("/inbox").get_data(as_text=True)
    office.post(f"/registrations/{registration.id}/actions/return", data={"comment": "Sửa lại"})
    assert "Bản đăng ký bị trả lại cần sửa" in staff.get("/inbox").get_data(as_text=True)
    assert "Bản đăng ký thi đua chờ duyệt" not in office.get("/inbox").get_data(as_text=True)


def test_a_unit_with_an_extension_still_sees_the_plan_to_register_after_the_general_deadline(
        app, sign_in, world, monkeypatch):
    from thidua.models import DeadlineExtension
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 2, 20))
    staff = as_user(app, sign_in, world["staff"])
    assert "Kế hoạch thi đua cần đăng ký" not in staff.get("/inbox").get_data(as_text=True)
    DeadlineExtension.create(campaign=world["campaign"], unit=world["tp"], until=datetime.date(2021, 2, 25),
                             reason="Bão lũ", granted_by=world["office"])
    page = staff.get("/inbox").get_data(as_text=True)
    assert "Kế hoạch thi đua cần đăng ký" in page and "hạn 25/02/2021" in page


def test_text_typed_by_units_never_becomes_a_formula_in_the_export(app, sign_in, world):
    c = world["campaign"]
    trap = person_in(world["tp"], '=HYPERLINK("http://example.invalid","Bấm")')
    make_registration(c, world["tp"], world["staff"], status="submitted", lines=[("individual", trap, "LDTT")])
    office = as_user(app, sign_in, world["office"])
    ws = load_workbook(io.BytesIO(office.get(f"/campaigns/{c.id}/compile.xlsx").data)).active
    cell = next(row[2] for row in ws.iter_rows(min_row=7) if row[2].value and "HYPERLINK" in str(row[2].value))
    assert cell.data_type == "s"


def test_an_extended_unit_sees_its_own_deadline_and_the_office_too(app, sign_in, world, monkeypatch):
    from thidua.models import DeadlineExtension
    c = world["campaign"]
    DeadlineExtension.create(campaign=c, unit=world["tp"], until=datetime.date(2021, 2, 25), reason="Bão lũ",
                             granted_by=world["office"])
    staff = as_user(app, sign_in, world["staff"])
    assert "Hạn đăng ký: 25/02/2021 (đã được gia hạn)" in staff.get(f"/campaigns/{c.id}").get_data(as_text=True)
    make_registration(c, world["tp"], world["staff"], status="submitted",
                      lines=[("individual", world["people"][0], "LDTT")])
    office = as_user(app, sign_in, world["office"])
    assert "hạn 25/02/2021" in office.get("/inbox").get_data(as_text=True)


def test_a_button_on_a_page_drawn_before_a_change_is_refused(app, sign_in, world):
    registration = make_registration(world["campaign"], world["tp"], world["staff"],
                                     lines=[("individual", world["people"][0], "LDTT")])
    head = as_user(app, sign_in, world["head"])
    page = head.get(f"/registrations/{registration.id}").get_data(as_text=True)
    version = int(page.split('name="version" value="')[1].split('"')[0])
    staff = as_user(app, sign_in, world["staff"])
    staff.post(f"/registrations/{registration.id}/lines", data=_line(award("GK", world["campaign"]).id,
                                                                     world["people"][1]))
    response = head.post(f"/registrations/{registration.id}/actions/submit", data={"version": str(version)})
    assert response.status_code == 409 and "vừa được người khác thay đổi" in response.get_data(as_text=True)
    assert Registration.get_by_id(registration.id).status == "draft"
