"""Attachments: only real PDF, DOCX, XLSX, JPEG and PNG files are kept, whole, under random names."""
import hashlib
import io
import os
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from thidua import roles
from thidua.attachments import service
from thidua.attachments.sniff import sniff
from thidua.attachments.storage import LocalStorage, get_storage
from thidua.models import Attachment, AuditLog
from tests.attachment_samples import SAMPLES, docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, xlsx_bytes

OWNER = "test-owner"


@pytest.fixture
def ctx(app, tmp_path):
    """An app context with an empty upload folder and a registered owner: records are units' own."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    service.register_owner(OWNER, lambda owner_id, user: user.can_see_unit(owner_id),
                           lambda owner_id, user: user.unit_id == owner_id)
    with app.app_context():
        yield app
    service.OWNERS.pop(OWNER, None)


@pytest.fixture
def staff(ctx, make_user):
    return make_user(roles.UNIT_STAFF)


def upload(data: bytes, name: str, content_length: int | None = None) -> FileStorage:
    headers = {"Content-Length": str(content_length)} if content_length is not None else None
    return FileStorage(stream=io.BytesIO(data), filename=name, headers=headers)


def stored_files(app) -> list[str]:
    """Every file under the upload folder, temporary ones included."""
    found = []
    for folder, _dirs, files in os.walk(app.config["UPLOAD_FOLDER"]):
        found += [os.path.join(folder, f) for f in files]
    return found


def save(data: bytes, name: str, user, **kwargs) -> Attachment:
    return service.save_upload(upload(data, name), OWNER, user.unit_id, user, **kwargs)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_accepted_kind_is_stored_with_its_hash_size_and_type(ctx, staff, kind):
    build, name, content_type = SAMPLES[kind]
    data = build()
    attachment = save(data, name, staff, component="BC")
    row = Attachment.get_by_id(attachment.id)
    assert (row.original_name, row.size, row.sha256) == (name, len(data), hashlib.sha256(data).hexdigest())
    assert (row.content_type, row.component, row.uploaded_by_id) == (content_type, "BC", staff.id)
    assert row.stored_name != name and len(row.stored_name) == 32
    with get_storage(ctx).open(row.stored_name) as fh:
        assert fh.read() == data


def test_jpeg_is_accepted_under_jpeg_and_jpg_in_any_case(ctx, staff):
    for name in ("ảnh.jpeg", "ảnh.JPG"):
        assert save(jpeg_bytes(), name, staff).content_type == "image/jpeg"


def test_an_upload_is_audited_with_name_size_hash_and_component(ctx, staff):
    data = pdf_bytes()
    attachment = save(data, "Biên bản họp.pdf", staff, component="BB")
    entry = AuditLog.get(AuditLog.action == "attach")
    assert (entry.object_type, entry.object_id, entry.actor_id) == (OWNER, staff.unit_id, staff.id)
    assert attachment.sha256 in entry.state_after and "Biên bản họp.pdf" in entry.state_after
    assert '"component": "BB"' in entry.state_after and f'"size": {len(data)}' in entry.state_after


def test_a_png_renamed_pdf_is_refused_and_nothing_stored(ctx, staff):
    with pytest.raises(service.AttachmentError) as refused:
        save(png_bytes(), "Báo cáo.pdf", staff)
    assert "thực chất là tệp PNG, không phải PDF" in refused.value.message
    assert stored_files(ctx) == [] and Attachment.select().count() == 0


def test_a_text_file_renamed_pdf_is_refused(ctx, staff):
    with pytest.raises(service.AttachmentError) as refused:
        save("Đây chỉ là văn bản thường".encode(), "Báo cáo.pdf", staff)
    assert "không phải là tệp PDF hợp lệ" in refused.value.message
    assert stored_files(ctx) == []


def test_a_word_file_renamed_xlsx_is_refused(ctx, staff):
    with pytest.raises(service.AttachmentError) as refused:
        save(docx_bytes(), "Danh sách.xlsx", staff)
    assert "thực chất là tệp Word (DOCX), không phải Excel (XLSX)" in refused.value.message


def test_a_zip_that_is_no_office_file_is_refused_as_docx(ctx, staff):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    with pytest.raises(service.AttachmentError):
        save(out.getvalue(), "Tờ trình.docx", staff)


def test_an_extension_outside_the_list_is_refused(ctx, staff):
    with pytest.raises(service.AttachmentError) as refused:
        save(b"MZ\x90\x00", "setup.exe", staff)
    assert "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPEG (.jpg, .jpeg) hoặc PNG" in refused.value.message


def test_an_empty_file_is_refused(ctx, staff):
    with pytest.raises(service.AttachmentError) as refused:
        save(b"", "Báo cáo.pdf", staff)
    assert "rỗng" in refused.value.message


def test_an_oversized_file_is_refused_and_leaves_no_file(ctx, staff):
    ctx.config["MAX_ATTACHMENT_MB"] = 1
    data = pdf_bytes() + b"\n%" + b"x" * (1024 * 1024)
    with pytest.raises(service.AttachmentError) as refused:
        save(data, "Hồ sơ lớn.pdf", staff)
    assert refused.value.code == 413 and "vượt quá dung lượng cho phép (1 MB)" in refused.value.message
    assert stored_files(ctx) == [] and Attachment.select().count() == 0


def test_the_size_is_counted_not_taken_from_content_length(ctx, staff):
    ctx.config["MAX_ATTACHMENT_MB"] = 1
    data = pdf_bytes() + b"x" * (1024 * 1024)
    with pytest.raises(service.AttachmentError):
        service.save_upload(upload(data, "nhỏ thật mà.pdf", content_length=100), OWNER, staff.unit_id, staff)
    assert stored_files(ctx) == []


def test_a_file_of_exactly_the_limit_is_accepted(ctx, staff):
    ctx.config["MAX_ATTACHMENT_MB"] = 1
    head = pdf_bytes()
    data = head + b"x" * (1024 * 1024 - len(head))
    assert save(data, "vừa đủ.pdf", staff).size == 1024 * 1024


@pytest.mark.parametrize("name, words", [
    ("../../etc/passwd.pdf", "dấu gạch chéo"),
    ("a/b.pdf", "dấu gạch chéo"),
    ("C:\\Users\\hoa\\báo cáo.pdf", "dấu gạch chéo"),
    ("báo\x00cáo.pdf", "ký tự điều khiển"),
    ("báo\ncáo.pdf", "ký tự điều khiển"),
    ("báo\x7fcáo.pdf", "ký tự điều khiển"),
    ("ảnh\u202egnp.pdf", "ký tự điều khiển"),  # right-to-left override disguising the extension
    ("", "Chưa chọn tệp"),
    ("   ", "Chưa chọn tệp"),
    ("a" * 252 + ".pdf", "quá mức 255 ký tự"),
])
def test_bad_names_are_refused_each_with_its_own_message(ctx, staff, name, words):
    with pytest.raises(service.AttachmentError) as refused:
        save(pdf_bytes(), name, staff)
    assert words in refused.value.message
    assert stored_files(ctx) == [] and Attachment.select().count() == 0


def test_a_name_of_255_characters_is_accepted(ctx, staff):
    assert save(pdf_bytes(), "đ" * 251 + ".pdf", staff).original_name == "đ" * 251 + ".pdf"


def test_a_decomposed_vietnamese_name_is_kept_composed(ctx, staff):
    import unicodedata
    name = "Báo cáo Điểu Văn Sang.pdf"
    attachment = save(pdf_bytes(), unicodedata.normalize("NFD", name), staff)
    assert attachment.original_name == name


def test_a_failed_database_write_leaves_no_file(ctx, staff, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("mất kết nối cơ sở dữ liệu")
    monkeypatch.setattr(Attachment, "create", broken)
    with pytest.raises(RuntimeError):
        save(pdf_bytes(), "Báo cáo.pdf", staff)
    assert stored_files(ctx) == []


def test_a_failed_audit_write_leaves_neither_row_nor_file(ctx, staff, monkeypatch):
    from thidua import audit

    def broken(*args, **kwargs):
        raise RuntimeError("không ghi được nhật ký")
    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        save(pdf_bytes(), "Báo cáo.pdf", staff)
    assert stored_files(ctx) == [] and Attachment.select().count() == 0


def test_a_file_saved_in_a_callers_transaction_that_rolls_back_is_removed(app, tmp_path, make_user):
    from thidua.db import db
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    service.register_owner(OWNER, lambda owner_id, user: True, lambda owner_id, user: True)
    staff = make_user(roles.UNIT_STAFF)
    try:
        with app.app_context():
            with pytest.raises(RuntimeError), db.atomic():
                save(pdf_bytes(), "Tờ trình.pdf", staff)
                raise RuntimeError("the owner's next step failed")
            assert len(stored_files(app)) == 1  # still there until the context ends
        assert stored_files(app) == [] and Attachment.select().count() == 0
        with app.app_context():
            with db.atomic():
                kept = save(pdf_bytes(), "Tờ trình.pdf", staff)
        assert len(stored_files(app)) == 1 and get_storage(app).exists(kept.stored_name)
    finally:
        service.OWNERS.pop(OWNER, None)


def test_a_user_who_may_not_change_the_record_cannot_attach(ctx, staff, make_user, make_unit):
    with pytest.raises(service.AttachmentError) as refused:
        service.save_upload(upload(pdf_bytes(), "x.pdf"), OWNER, make_unit().id, staff)
    assert refused.value.code == 403 and stored_files(ctx) == []


def test_an_unregistered_owner_type_is_a_programming_error(ctx, staff):
    with pytest.raises(LookupError):
        service.save_upload(upload(pdf_bytes(), "x.pdf"), "no-such-owner", 1, staff)


def test_list_for_shows_current_files_of_one_record_and_component(ctx, staff, make_user):
    first = save(pdf_bytes(), "Tờ trình.pdf", staff, component="TT")
    second = save(png_bytes(), "Ảnh.png", staff, component="MC")
    gone = save(pdf_bytes(), "Cũ.pdf", staff, component="TT")
    service.remove(gone, staff)
    neighbour = make_user(roles.UNIT_STAFF)
    save(pdf_bytes(), "Của đơn vị khác.pdf", neighbour)
    assert [a.id for a in service.list_for(OWNER, staff.unit_id)] == [first.id, second.id]
    assert [a.id for a in service.list_for(OWNER, staff.unit_id, component="TT")] == [first.id]
    assert service.list_for(OWNER, staff.unit_id)[0].uploaded_by.full_name == staff.full_name


def test_removal_is_soft_audited_and_keeps_the_bytes(ctx, staff):
    attachment = save(pdf_bytes(), "Báo cáo.pdf", staff)
    service.remove(attachment, staff)
    row = Attachment.get_by_id(attachment.id)
    assert row.removed_at is not None and get_storage(ctx).exists(row.stored_name)
    entry = AuditLog.get(AuditLog.action == "detach")
    assert (entry.object_type, entry.object_id) == (OWNER, staff.unit_id) and "Báo cáo.pdf" in entry.state_before


def test_removing_twice_is_a_conflict(ctx, staff):
    attachment = save(pdf_bytes(), "Báo cáo.pdf", staff)
    stale = Attachment.get_by_id(attachment.id)
    service.remove(attachment, staff)
    with pytest.raises(service.AttachmentError) as refused:
        service.remove(stale, staff)
    assert refused.value.code == 409 and "đã được gỡ trước đó" in refused.value.message
    assert AuditLog.select().where(AuditLog.action == "detach").count() == 1


def test_only_a_user_who_may_change_the_record_removes(ctx, staff, make_user):
    attachment = save(pdf_bytes(), "Báo cáo.pdf", staff)
    office = make_user(roles.OFFICE)  # sees every unit's record, changes none in the test owner
    assert service.can_view(attachment, office) and not service.can_change(attachment, office)
    with pytest.raises(service.AttachmentError) as refused:
        service.remove(attachment, office)
    assert refused.value.code == 403 and Attachment.get_by_id(attachment.id).removed_at is None


# -- content sniffing --------------------------------------------------------

def test_sniff_tells_every_kind_and_refuses_the_rest():
    assert [sniff(build()) for build in (pdf_bytes, png_bytes, jpeg_bytes, docx_bytes, xlsx_bytes)] == [
        "pdf", "png", "jpeg", "docx", "xlsx"]
    assert sniff(b"") is None and sniff(b"PK\x03\x04 truncated") is None and sniff("văn bản".encode()) is None


def test_sniff_does_not_take_a_picture_with_a_zip_glued_on_for_an_office_file():
    assert sniff(jpeg_bytes() + docx_bytes()) == "jpeg"
    assert sniff(b"junk" + docx_bytes()) is None


def test_sniff_reads_only_the_zip_directory_never_a_member():
    # Every member is corrupt once decompressed; the table of contents alone decides.
    data = bytearray(docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 16] = b"\x00" * 16
    assert sniff(bytes(data)) == "docx"


def test_sniff_leaves_a_file_where_it_was():
    stream = io.BytesIO(docx_bytes())
    assert sniff(stream) == "docx" and stream.tell() == 0


# -- storage -----------------------------------------------------------------

class _Breaks(io.RawIOBase):
    """A stream that yields some bytes, then fails, like a dropped connection."""

    def __init__(self):
        self.sent = False

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.sent:
            raise OSError("kết nối bị ngắt")
        self.sent = True
        buffer[:4] = b"%PDF"
        return 4


def test_a_failed_put_leaves_no_half_written_file(tmp_path):
    storage = LocalStorage(str(tmp_path))
    with pytest.raises(OSError):
        storage.put("abcdef", _Breaks())
    assert not storage.exists("abcdef")
    assert [f for _d, _s, files in os.walk(tmp_path) for f in files] == []


def test_put_then_open_returns_the_same_bytes(tmp_path):
    storage = LocalStorage(str(tmp_path))
    storage.put("abcdef", io.BytesIO(b"noi dung"))
    with storage.open("abcdef") as fh:
        assert fh.read() == b"noi dung"
    storage.delete("abcdef")
    assert not storage.exists("abcdef")


@pytest.mark.parametrize("name", ["../x", "a/b", "", ".hidden", "a" * 65])
def test_storage_refuses_names_it_did_not_make(tmp_path, name):
    with pytest.raises(ValueError):
        LocalStorage(str(tmp_path)).put(name, io.BytesIO(b"x"))


def test_storage_backend_is_chosen_by_setting(ctx):
    assert isinstance(get_storage(ctx), LocalStorage)
    assert get_storage(ctx).root == os.path.join(ctx.config["UPLOAD_FOLDER"], "files")
    ctx.config["STORAGE_BACKEND"] = "s3"
    with pytest.raises(RuntimeError):
        get_storage(ctx)


def test_sizes_read_the_vietnamese_way():
    from thidua.attachments.views import vn_filesize
    assert [vn_filesize(n) for n in (820, 1536, 10 * 1024, 3_355_443, 20 * 1024 * 1024)] == [
        "820 byte", "1,5 KB", "10 KB", "3,2 MB", "20 MB"]
