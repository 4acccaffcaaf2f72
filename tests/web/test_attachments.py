"""Downloading and removing attached files over HTTP, authorised like the record that holds them."""
import io
from urllib.parse import quote

import pytest
from flask import render_template
from werkzeug.datastructures import FileStorage

from thidua import roles
from thidua.attachments import service
from thidua.models import Attachment
from tests.attachment_samples import pdf_bytes, png_bytes

OWNER = "test-owner"
NAME = "Báo cáo thành tích Điểu Văn Sang.pdf"


@pytest.fixture(autouse=True)
def owner(app, tmp_path):
    """Files of a test record whose id is a unit's: its unit changes them, whoever sees the unit views them."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    service.register_owner(OWNER, lambda owner_id, user: user.can_see_unit(owner_id),
                           lambda owner_id, user: user.unit_id == owner_id)
    yield
    service.OWNERS.pop(OWNER, None)


@pytest.fixture
def staff(make_user, make_unit):
    return make_user(roles.UNIT_STAFF, unit=make_unit(name="Phòng Dân tộc huyện Tân Phú"))


@pytest.fixture
def attach(app):
    def _attach(user, data: bytes | None = None, name: str = NAME, owner_type: str = OWNER) -> Attachment:
        with app.app_context():
            return service.save_upload(FileStorage(io.BytesIO(data or pdf_bytes()), filename=name),
                                       owner_type, user.unit_id, user)
    return _attach


def test_the_owners_unit_downloads_the_file_with_its_type_and_bytes(client, sign_in, staff, attach):
    data = pdf_bytes()
    attachment = attach(staff, data)
    sign_in(staff)
    response = client.get(f"/files/{attachment.id}")
    assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_the_download_keeps_the_vietnamese_name_rfc_5987(client, sign_in, staff, attach):
    attachment = attach(staff)
    sign_in(staff)
    disposition = client.get(f"/files/{attachment.id}").headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=UTF-8''" + quote(NAME, safe="") in disposition
    # Old clients read the ASCII fallback: Đ becomes D rather than vanishing.
    assert 'filename="Bao cao thanh tich Dieu Van Sang.pdf"' in disposition


def test_a_plain_ascii_name_needs_no_filename_star(client, sign_in, staff, attach):
    attachment = attach(staff, name="bao-cao.pdf")
    sign_in(staff)
    disposition = client.get(f"/files/{attachment.id}").headers["Content-Disposition"]
    assert disposition == "attachment; filename=bao-cao.pdf"


def test_a_picture_is_served_with_its_detected_type(client, sign_in, staff, attach):
    attachment = attach(staff, png_bytes(), "Ảnh.png")
    sign_in(staff)
    assert client.get(f"/files/{attachment.id}").headers["Content-Type"] == "image/png"


def test_committee_wide_roles_download_any_units_file(client, sign_in, staff, attach, make_user):
    attachment = attach(staff)
    sign_in(make_user(roles.OFFICE))
    assert client.get(f"/files/{attachment.id}").status_code == 200


def test_another_unit_gets_404_not_403(client, sign_in, staff, attach, make_user):
    attachment = attach(staff)
    sign_in(make_user(roles.UNIT_STAFF))
    response = client.get(f"/files/{attachment.id}")
    assert response.status_code == 404
    assert response.get_data(as_text=True).count(NAME) == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, staff, attach):
    attachment = attach(staff)
    response = client.get(f"/files/{attachment.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_missing_id_is_404(client, sign_in, staff):
    sign_in(staff)
    assert client.get("/files/999999").status_code == 404


def test_a_file_of_an_owner_type_nobody_registered_is_404(client, sign_in, staff, attach):
    attachment = attach(staff)
    Attachment.update(owner_type="forgotten").where(Attachment.id == attachment.id).execute()
    sign_in(staff)
    assert client.get(f"/files/{attachment.id}").status_code == 404


def test_a_removed_file_is_404(app, client, sign_in, staff, attach):
    attachment = attach(staff)
    service.remove(attachment, staff)
    sign_in(staff)
    assert client.get(f"/files/{attachment.id}").status_code == 404


def test_removing_returns_to_the_page_and_hides_the_file(client, sign_in, staff, attach):
    attachment = attach(staff)
    sign_in(staff)
    response = client.post(f"/files/{attachment.id}/remove", data={"next": "/units/mine"})
    assert response.status_code == 303 and response.headers["Location"] == "/units/mine"
    assert Attachment.get_by_id(attachment.id).removed_at is not None
    assert client.get(f"/files/{attachment.id}").status_code == 404


def test_removing_never_redirects_off_site(client, sign_in, staff, attach):
    attachment = attach(staff)
    sign_in(staff)
    response = client.post(f"/files/{attachment.id}/remove", data={"next": "https://evil.example/x"})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_removing_with_htmx_swaps_the_row_out_and_says_so(client, sign_in, staff, attach):
    attachment = attach(staff)
    sign_in(staff)
    response = client.post(f"/files/{attachment.id}/remove", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "attachment-removed"
    body = response.get_data(as_text=True)
    assert f"Đã gỡ tệp “{NAME}”" in body and 'hx-swap-oob="true"' in body
    assert f'id="attachment-{attachment.id}"' not in body


def test_a_viewer_who_may_not_change_the_record_cannot_remove(client, sign_in, staff, attach, make_user):
    attachment = attach(staff)
    sign_in(make_user(roles.OFFICE))
    response = client.post(f"/files/{attachment.id}/remove")
    assert response.status_code == 403 and "Bạn không có quyền gỡ tệp này" in response.get_data(as_text=True)
    assert Attachment.get_by_id(attachment.id).removed_at is None


def test_another_unit_cannot_remove_and_learns_nothing(client, sign_in, staff, attach, make_user):
    attachment = attach(staff)
    sign_in(make_user(roles.UNIT_STAFF))
    assert client.post(f"/files/{attachment.id}/remove").status_code == 404
    assert Attachment.get_by_id(attachment.id).removed_at is None


def test_the_list_partial_shows_name_size_uploader_date_link_and_remove(app, staff, attach):
    attachment = attach(staff, b"%PDF-1.4\n" + b"x" * 1527)
    files = service.list_for(OWNER, staff.unit_id)
    with app.test_request_context("/units/mine"):
        page = render_template("attachments/_list.html", files=files, can_change=True)
        read_only = render_template("attachments/_list.html", files=files, can_change=False)
        empty = render_template("attachments/_list.html", files=[], can_change=True)
    assert NAME in page and "1,5 KB" in page and staff.full_name in page
    assert attachment.uploaded_at.strftime("%d/%m/%Y") in page
    assert f'href="/files/{attachment.id}"' in page and 'hx-boost="false"' in page
    assert f'action="/files/{attachment.id}/remove"' in page and 'value="/units/mine"' in page
    assert "Gỡ tệp" in page and "Gỡ tệp" not in read_only and NAME in read_only
    assert "Chưa có tệp đính kèm." in empty


def test_an_upload_through_a_real_form_keeps_the_vietnamese_name(app, client, sign_in, staff):
    from flask import request
    from flask_login import current_user

    def upload_view():
        attachment = service.save_upload(request.files.get("file"), OWNER, current_user.unit_id, current_user)
        return {"id": attachment.id}
    app.add_url_rule("/test-upload", "test_upload", upload_view, methods=["POST"])
    sign_in(staff)
    response = client.post("/test-upload", data={"file": (io.BytesIO(pdf_bytes()), NAME)})
    assert Attachment.get_by_id(response.json["id"]).original_name == NAME


def test_a_refused_file_not_caught_by_its_form_gets_a_vietnamese_422_page(app, client, sign_in, staff):
    from flask import request
    from flask_login import current_user

    def upload_view():
        service.save_upload(request.files.get("file"), OWNER, current_user.unit_id, current_user)
        return "ok"
    app.add_url_rule("/test-upload", "test_upload", upload_view, methods=["POST"])
    sign_in(staff)
    response = client.post("/test-upload", data={"file": (io.BytesIO(png_bytes()), "Báo cáo.pdf")})
    assert response.status_code == 422
    assert "thực chất là tệp PNG, không phải PDF" in response.get_data(as_text=True)
    assert Attachment.select().count() == 0
