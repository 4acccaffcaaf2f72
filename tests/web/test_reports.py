"""Reports: staff write, the head sends, the office accepts or returns; files; the office's overview."""
import datetime
import io

import pytest

from thidua import clock, roles
from thidua.models import AuditLog, Report
from tests.attachment_samples import pdf_bytes
from tests.campaign_factories import make_campaign


@pytest.fixture
def world(app, make_unit, make_user, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 6, 20))
    tp = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    dq = make_unit(name="Phòng Dân tộc huyện Định Quán")
    vp = make_unit(name="Văn phòng Ban", kind="department")
    office = make_user(roles.OFFICE, unit=vp)
    return {"campaign": make_campaign(office, units=[tp, dq]), "tp": tp, "dq": dq, "office": office,
            "staff": make_user(roles.UNIT_STAFF, unit=tp), "head": make_user(roles.UNIT_HEAD, unit=tp),
            "other_staff": make_user(roles.UNIT_STAFF, unit=dq)}


def as_user(app, sign_in, user):
    the_client = app.test_client()
    sign_in(user, the_client=the_client)
    return the_client


def _start(client, campaign, kind="six_month"):
    response = client.post(f"/reports/start/{campaign.id}", data={"kind": kind})
    return Report.get_by_id(int(response.headers["Location"].rsplit("/", 1)[1]))


def test_staff_write_a_report_and_attach_the_signed_copy(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    report = _start(staff, world["campaign"])
    assert (report.unit_id, report.kind, report.status) == (world["tp"].id, "six_month", "draft")
    staff.post(f"/reports/{report.id}", data={"period": "6 tháng đầu năm 2021", "body": "Kết quả sơ kết."})
    response = staff.post(f"/reports/{report.id}/files", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(pdf_bytes()), "Báo cáo sơ kết Tân Phú.pdf")})
    assert response.status_code == 303
    page = staff.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Báo cáo sơ kết Tân Phú.pdf" in page and "Kết quả sơ kết." in page


def test_a_file_that_is_not_what_it_claims_is_refused(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    report = _start(staff, world["campaign"])
    response = staff.post(f"/reports/{report.id}/files", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b"MZ not a pdf"), "bao-cao.pdf")})
    assert response.status_code == 422
    assert not AuditLog.select().where(AuditLog.action == "attach").exists()


def test_an_empty_report_cannot_be_sent(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    report = _start(staff, world["campaign"])
    head = as_user(app, sign_in, world["head"])
    response = head.post(f"/reports/{report.id}/actions/submit")
    assert response.status_code == 409 and "chưa có nội dung" in response.get_data(as_text=True)


def test_send_return_fix_accept(app, sign_in, world):
    staff, head = as_user(app, sign_in, world["staff"]), as_user(app, sign_in, world["head"])
    office = as_user(app, sign_in, world["office"])
    report = _start(staff, world["campaign"])
    staff.post(f"/reports/{report.id}", data={"period": "6 tháng", "body": "Nội dung."})
    assert staff.post(f"/reports/{report.id}/actions/submit").status_code == 403  # staff draft, the head sends
    assert head.post(f"/reports/{report.id}/actions/submit").status_code == 303
    assert staff.post(f"/reports/{report.id}", data={"period": "x", "body": "y"}).status_code == 409
    office.post(f"/reports/{report.id}/actions/return", data={"comment": "Bổ sung số liệu."})
    assert "Bổ sung số liệu." in staff.get(f"/reports/{report.id}").get_data(as_text=True)
    staff.post(f"/reports/{report.id}", data={"period": "6 tháng", "body": "Nội dung, có số liệu."})
    head.post(f"/reports/{report.id}/actions/submit")
    office.post(f"/reports/{report.id}/actions/accept")
    assert Report.get_by_id(report.id).status == "accepted"


def test_another_unit_cannot_open_a_report_or_its_files(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    report = _start(staff, world["campaign"])
    staff.post(f"/reports/{report.id}/files", content_type="multipart/form-data",
               data={"file": (io.BytesIO(pdf_bytes()), "bao-cao.pdf")})
    from thidua.models import Attachment
    attachment = Attachment.get()
    other = as_user(app, sign_in, world["other_staff"])
    assert other.get(f"/reports/{report.id}").status_code == 404
    assert other.get(f"/files/{attachment.id}").status_code == 404
    assert staff.get(f"/files/{attachment.id}").status_code == 200


def test_office_sees_which_units_reported(app, sign_in, world):
    staff, head = as_user(app, sign_in, world["staff"]), as_user(app, sign_in, world["head"])
    report = _start(staff, world["campaign"])
    staff.post(f"/reports/{report.id}", data={"period": "6 tháng", "body": "Nội dung."})
    head.post(f"/reports/{report.id}/actions/submit")
    office = as_user(app, sign_in, world["office"])
    page = office.get(f"/reports/campaign/{world['campaign'].id}").get_data(as_text=True)
    assert "Phòng Dân tộc huyện Định Quán" in page and "Chưa có" in page and "Đã gửi, chờ tiếp nhận" in page
    assert "Báo cáo chờ tiếp nhận" in office.get("/inbox").get_data(as_text=True)
    assert as_user(app, sign_in, world["staff"]).get(f"/reports/campaign/{world['campaign'].id}").status_code == 403


def test_two_tabs_writing_one_report_do_not_overwrite_each_other(app, sign_in, world):
    staff = as_user(app, sign_in, world["staff"])
    report = _start(staff, world["campaign"])
    page = staff.get(f"/reports/{report.id}").get_data(as_text=True)
    version = page.split('name="version" value="')[1].split('"')[0]
    assert staff.post(f"/reports/{report.id}", data={"period": "6 tháng", "body": "Tab một",
                                                     "version": version}).status_code == 303
    stale = staff.post(f"/reports/{report.id}", data={"period": "6 tháng", "body": "Tab hai", "version": version})
    assert stale.status_code == 409
    assert Report.get_by_id(report.id).body == "Tab một"
