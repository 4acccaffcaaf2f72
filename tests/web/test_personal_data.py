"""Personal data (issue 8, points 9 and 12): who sees ethnicity and ID numbers, each viewing logged, the export on
request, and every download of a dossier file logged."""
import io
import json

import pytest
from werkzeug.datastructures import FileStorage

from thidua import roles
from thidua.ethnicities import ETHNICITIES
from thidua.attachments import service
from thidua.models import AuditLog
from tests.attachment_samples import pdf_bytes
from tests.factories import make_person

ID_NUMBER = "075185001234"
CHO_RO = next(code for code, name in ETHNICITIES.items() if name == "Chơ Ro")


@pytest.fixture
def tan_phu(make_unit):
    return make_unit(name="Phòng Dân tộc huyện Tân Phú")


@pytest.fixture
def dinh_quan(make_unit):
    return make_unit(name="Phòng Dân tộc huyện Định Quán")


@pytest.fixture
def hoa(app, tan_phu):
    with app.app_context():
        return make_person(tan_phu, full_name="Điểu Thị Hoa", ethnicity=CHO_RO, national_id=ID_NUMBER,
                           birth_year=1985)


def _views(page: str | None = None) -> list[AuditLog]:
    rows = list(AuditLog.select().where(AuditLog.action == "view_personal_data").order_by(AuditLog.id))
    return [r for r in rows if page is None or json.loads(r.state_after)["page"] == page]


@pytest.mark.parametrize("role, own_unit, sees", [
    (roles.UNIT_STAFF, True, True), (roles.UNIT_HEAD, True, True), (roles.OFFICE, False, True),
    (roles.ADMIN, False, True), (roles.COUNCIL_MEMBER, False, False), (roles.COUNCIL_CHAIR, False, False),
    (roles.LEADER, False, False),
])
def test_ethnicity_and_id_show_only_to_those_who_keep_the_list(client, make_user, sign_in, make_unit, tan_phu, hoa,
                                                               role, own_unit, sees):
    user = make_user(role, unit=tan_phu if own_unit else make_unit())
    sign_in(user)
    page = client.get(f"/people/?unit={tan_phu.id}").get_data(as_text=True)
    assert "Điểu Thị Hoa" in page
    assert ("Chơ Ro" in page) is sees
    assert ID_NUMBER not in page  # the list masks the number for everyone
    assert ("1234" in page) is sees
    assert len(_views("personnel.people")) == (1 if sees else 0)


def test_a_list_page_view_is_one_log_row_naming_the_people_shown(client, make_user, sign_in, tan_phu, hoa, app):
    with app.app_context():
        other = make_person(tan_phu, full_name="Lê Văn Tâm")
    user = make_user(roles.UNIT_STAFF, unit=tan_phu)
    sign_in(user)
    client.get("/people/")
    (entry,) = _views("personnel.people")
    assert json.loads(entry.state_after)["people"] == sorted([hoa.id, other.id])
    assert entry.actor_id == user.id and entry.object_type == "person"


def test_unit_staff_never_see_another_units_people(client, make_user, sign_in, dinh_quan, hoa):
    sign_in(make_user(roles.UNIT_STAFF, unit=dinh_quan))
    assert "Điểu Thị Hoa" not in client.get("/people/").get_data(as_text=True)
    assert client.get(f"/history/people/{hoa.id}").status_code == 404
    assert client.get(f"/people/{hoa.id}/export.json").status_code == 404


def test_the_history_page_shows_ethnicity_to_the_office_and_logs_it(client, make_user, sign_in, hoa):
    sign_in(make_user(roles.OFFICE))
    page = client.get(f"/history/people/{hoa.id}").get_data(as_text=True)
    assert "Chơ Ro" in page and "Xuất dữ liệu cá nhân" in page and f"/people/{hoa.id}/edit" in page
    (entry,) = _views("history.person")
    assert entry.object_id == hoa.id


@pytest.mark.parametrize("role", [roles.COUNCIL_MEMBER, roles.LEADER])
def test_the_history_page_hides_ethnicity_from_council_and_leaders(client, make_user, sign_in, hoa, role):
    sign_in(make_user(role))
    page = client.get(f"/history/people/{hoa.id}").get_data(as_text=True)
    assert "Điểu Thị Hoa" in page and "Chơ Ro" not in page and "Xuất dữ liệu cá nhân" not in page
    assert _views() == []


def test_the_office_exports_a_persons_data_as_json_and_it_is_logged(client, make_user, sign_in, hoa):
    office = make_user(roles.OFFICE)
    sign_in(office)
    response = client.get(f"/people/{hoa.id}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.data)
    assert data["person"]["full_name"] == "Điểu Thị Hoa"
    assert data["person"]["national_id"] == ID_NUMBER and data["ethnicity_name"] == "Chơ Ro"
    entry = AuditLog.get(AuditLog.action == "export_personal_data")
    assert (entry.actor_id, entry.object_id) == (office.id, hoa.id)


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD, roles.COUNCIL_MEMBER, roles.LEADER])
def test_other_roles_may_not_export(client, make_user, sign_in, tan_phu, hoa, role):
    sign_in(make_user(role, unit=tan_phu))
    assert client.get(f"/people/{hoa.id}/export.json").status_code == 403
    assert AuditLog.select().where(AuditLog.action == "export_personal_data").count() == 0


def test_the_edit_form_corrects_a_persons_data_and_logs_the_viewing(client, make_user, sign_in, tan_phu, hoa):
    sign_in(make_user(roles.UNIT_STAFF, unit=tan_phu))
    assert client.get(f"/people/{hoa.id}/edit").status_code == 200
    assert len(_views("personnel.person_edit")) == 1


def test_every_download_of_a_dossier_file_is_logged(app, client, make_user, sign_in, tan_phu, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    service.register_owner("test-owner", lambda owner_id, user: user.can_see_unit(owner_id),
                           lambda owner_id, user: user.unit_id == owner_id)
    try:
        staff = make_user(roles.UNIT_STAFF, unit=tan_phu)
        with app.app_context():
            attachment = service.save_upload(FileStorage(io.BytesIO(pdf_bytes()), filename="Biên bản họp.pdf"),
                                             "test-owner", tan_phu.id, staff)
        sign_in(staff)
        for _ in range(2):
            assert client.get(f"/files/{attachment.id}").status_code == 200
        rows = list(AuditLog.select().where(AuditLog.action == "download"))
        assert len(rows) == 2
        assert all((r.actor_id, r.object_type, r.object_id) == (staff.id, "attachment", attachment.id) for r in rows)
        assert json.loads(rows[0].state_after)["owner_id"] == tan_phu.id
    finally:
        service.OWNERS.pop("test-owner", None)
