"""Issue 8, point 6: hostile files. Type by extension and content; no SVG or HTML, no renamed .exe,
no polyglot, no zip bomb, no path in a name, no oversized upload; every download is an attachment
with nosniff and a sandbox CSP. Uploads go through a real dossier form (nominations)."""
import ast
import io
import os
import pathlib
import time
import zipfile
from urllib.parse import unquote

import pytest
from werkzeug.http import parse_options_header

from thidua.attachments import service
from thidua.attachments.sniff import hazard, sniff, zip_bomb_reason
from thidua.attachments.storage import get_storage
from thidua.import_rows import NotASpreadsheet, open_workbook
from thidua.models import Attachment, Nomination
from tests.attachment_samples import docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, xlsx_bytes
from tests.web.test_nominations import as_user, propose, world  # noqa: F401  (world is a fixture)

SANDBOX = "sandbox; default-src 'none'"


# -- hostile samples -----------------------------------------------------------------

def _rezip(data: bytes, extra: dict[str, bytes] | None = None, members: int = 0) -> bytes:
    """The Office file in data, rewritten with extra members (deflated) and/or many tiny ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, body in (extra or {}).items():
            with target.open(name, "w", force_zip64=True) as member:
                for start in range(0, len(body), 1 << 20):
                    member.write(body[start:start + (1 << 20)])
        for n in range(members):
            target.writestr(f"customXml/item{n}.xml", b"<a/>")
    return out.getvalue()


def docx_bomb() -> bytes:
    """A real .docx plus 30 MB of zeros that pack into about 30 KB (ratio ~1000)."""
    return _rezip(docx_bytes(), {"word/media/image1.bin": bytes(30 * 1024 * 1024)})


def xlsx_many_members() -> bytes:
    return _rezip(xlsx_bytes(), members=3000)


def xlsx_overlapping() -> bytes:
    """One 200 KB member listed 40 times in the central directory, every entry on the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as source:
            for info in source.infolist():
                archive.writestr(info, source.read(info))
        archive.writestr("xl/media/blob.bin", os.urandom(200 * 1024))
        blob = archive.getinfo("xl/media/blob.bin")
        for n in range(40):
            twin = zipfile.ZipInfo(f"xl/media/twin{n}.bin", blob.date_time)
            for field in ("header_offset", "compress_size", "file_size", "CRC", "compress_type"):
                setattr(twin, field, getattr(blob, field))
            archive.filelist.append(twin)
            archive.NameToInfo[twin.filename] = twin
    return out.getvalue()


def docx_lying_sizes() -> bytes:
    """A .docx whose table of contents says document.xml unpacks to 3 GB (what zipfile would read)."""
    data = bytearray(docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        archive.getinfo("word/document.xml")
    name = b"word/document.xml"
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))  # its central directory entry
    data[at + 24:at + 28] = (3 * 1024 ** 3).to_bytes(4, "little")
    return bytes(data)


def zip_of(name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, body)
    return out.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\x00\x00" + b"\x00" * 200

REFUSED = [
    # (file name, content, words of the message)
    ("setup.exe", EXE, "Chỉ nhận tệp PDF"),
    ("Tờ trình.pdf", EXE, "không phải là tệp PDF hợp lệ"),
    ("Ảnh.svg", SVG, "Chỉ nhận tệp PDF"),
    ("Ảnh.png", SVG, "không phải là tệp PNG hợp lệ"),
    ("Trang.html", HTML, "Chỉ nhận tệp PDF"),
    ("Báo cáo.pdf", HTML, "không phải là tệp PDF hợp lệ"),
    ("Báo cáo.pdf", b"   %PDF-1.4\n" + pdf_bytes()[9:], "không phải là tệp PDF hợp lệ"),
    # polyglots: the right magic bytes, and a page or an archive inside
    ("Báo cáo.pdf", b"%PDF-1.4\n" + HTML, "mã HTML hoặc JavaScript"),
    ("Báo cáo.pdf", pdf_bytes() + b"\n<SCRIPT>alert(1)</SCRIPT>", "mã HTML hoặc JavaScript"),
    ("Báo cáo.pdf", pdf_bytes() + b'\n<svg onload="alert(1)">', "mã HTML hoặc JavaScript"),
    ("Ảnh.png", png_bytes() + HTML, "mã HTML hoặc JavaScript"),
    ("Ảnh.png", png_bytes() + zip_of("index.html", HTML), "gắn kèm một tệp nén"),
    ("Ảnh.jpg", jpeg_bytes() + docx_bytes(), "gắn kèm một tệp nén"),
    ("Báo cáo.pdf", pdf_bytes() + zip_of("x.jar", b"\xca\xfe\xba\xbe"), "gắn kèm một tệp nén"),
    # zip bombs in Office files
    ("Tờ trình.docx", docx_bomb(), "bom nén"),
    ("Danh sách.xlsx", xlsx_many_members(), "quá nhiều"),
    ("Danh sách.xlsx", xlsx_overlapping(), "chồng lên nhau"),
    ("Tờ trình.docx", docx_lying_sizes(), "bom nén"),
]


def _upload(client, nomination, name: str, data: bytes, component: str = "to_trinh"):
    return client.post(f"/nominations/{nomination.id}/files/{component}", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name)})


@pytest.fixture
def dossier(app, sign_in, world, tmp_path):  # noqa: F811  (world: the fixture imported above)
    """A unit's draft dossier, its staff signed in, uploads kept under tmp_path."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    staff = as_user(app, sign_in, world["staff"])
    assert propose(staff, world).status_code == 303
    return staff, Nomination.get()


def files_under(folder) -> list[pathlib.Path]:
    return [p for p in pathlib.Path(folder).rglob("*") if p.is_file()]


@pytest.mark.parametrize("name, data, words", REFUSED,
                         ids=[f"{i}-{name}" for i, (name, _d, _w) in enumerate(REFUSED)])
def test_a_hostile_file_is_refused_by_the_dossier_form_and_nothing_is_kept(app, dossier, tmp_path, name, data,
                                                                           words):
    client, nomination = dossier
    started = time.monotonic()
    response = _upload(client, nomination, name, data)
    assert time.monotonic() - started < 5  # a bomb is judged from its table of contents, not unpacked
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)
    assert Attachment.select().count() == 0 and files_under(tmp_path / "uploads") == []


def test_every_genuine_kind_passes_the_hazard_checks():
    for build, kind in ((pdf_bytes, "pdf"), (png_bytes, "png"), (jpeg_bytes, "jpeg"), (docx_bytes, "docx"),
                        (xlsx_bytes, "xlsx")):
        assert sniff(build()) == kind and hazard(build(), kind) is None


def test_a_bomb_check_reads_no_member_and_leaves_the_stream_where_it_was():
    stream = io.BytesIO(docx_bomb())
    stream.seek(7)
    started = time.monotonic()
    assert "bom nén" in zip_bomb_reason(stream)
    assert time.monotonic() - started < 0.5 and stream.tell() == 7


def test_an_excel_import_refuses_a_zip_bomb_before_openpyxl_unpacks_it():
    with pytest.raises(NotASpreadsheet) as refused:
        open_workbook(io.BytesIO(_rezip(xlsx_bytes(), {"xl/worksheets/sheet9.xml": bytes(30 * 1024 * 1024)})))
    assert "bom nén" in str(refused.value)


# -- names -----------------------------------------------------------------------------

def _raw_upload(client, nomination, name: str, data: bytes, component: str = "to_trinh"):
    """Post a file under name exactly as a browser writes it (quoted-string: \\ and \" escaped)."""
    boundary = "----thidua-file-safety"
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{quoted}\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/nominations/{nomination.id}/files/{component}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\x.pdf", "/etc/passwd.pdf",
                                  "C:\\Windows\\x.pdf", "\\\\server\\share\\x.pdf", "báo\x00cáo.pdf",
                                  "báo\x1bcáo.pdf", "báo\x7fcáo.pdf", "ảnh\u202efdp.exe.pdf"])
def test_a_name_with_a_path_or_control_characters_is_refused_and_writes_nothing_anywhere(app, dossier, tmp_path,
                                                                                        name):
    client, nomination = dossier
    response = _raw_upload(client, nomination, name, pdf_bytes())
    body = response.get_data(as_text=True)
    assert response.status_code == 422, (response.status_code, body[:300])
    assert "dấu gạch chéo" in body or "ký tự điều khiển" in body
    assert Attachment.select().count() == 0 and files_under(tmp_path / "uploads") == []
    assert not list(tmp_path.rglob("passwd.pdf")) and not list(tmp_path.rglob("x.pdf"))


def test_a_line_break_in_a_name_breaks_no_header_and_stores_nothing(app, dossier, tmp_path):
    client, nomination = dossier
    response = _raw_upload(client, nomination, "báo\r\nX-Injected: 1\r\ncáo.pdf", pdf_bytes())
    assert response.status_code in (400, 422) and "X-Injected" not in response.headers
    assert Attachment.select().count() == 0 and files_under(tmp_path / "uploads") == []


def test_an_odd_but_harmless_name_is_stored_under_a_random_name_and_shown_escaped(app, dossier, tmp_path):
    client, nomination = dossier
    name = '..Báo cáo "><img src=x onerror=alert(1)>..pdf'
    assert _raw_upload(client, nomination, name, pdf_bytes()).status_code == 303
    attachment = Attachment.get()
    assert attachment.original_name == name
    stored = files_under(tmp_path / "uploads")
    assert [p.name for p in stored] == [attachment.stored_name]
    assert len(attachment.stored_name) == 32 and set(attachment.stored_name) <= set("0123456789abcdef")
    page = client.get(f"/nominations/{nomination.id}").get_data(as_text=True)
    assert "<img src=x onerror" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    download = client.get(f"/files/{attachment.id}")
    assert_safe_download(download, "application/pdf")
    disposition = download.headers["Content-Disposition"]
    # Offered without its leading dots (no hidden file on the user's disk); filename* carries it
    # percent-encoded, so the quote and the markup can neither end the header early nor inject.
    offered = name.lstrip(".")
    star = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(star) == offered and '"' not in star and ";" not in star and "<" not in star
    assert parse_options_header(disposition)[1]["filename"] == offered


# -- size --------------------------------------------------------------------------------

def test_a_file_over_the_attachment_limit_is_refused_in_vietnamese(app, dossier, tmp_path):
    client, nomination = dossier
    app.config["MAX_ATTACHMENT_MB"] = 1
    response = _upload(client, nomination, "Hồ sơ lớn.pdf", pdf_bytes() + b"%" + b"x" * (1024 * 1024))
    assert response.status_code == 422  # shown beside the file field (htmx swaps 422)
    assert "vượt quá dung lượng cho phép (1 MB)" in response.get_data(as_text=True)
    assert files_under(tmp_path / "uploads") == []


def test_a_request_over_the_upload_limit_is_413_with_a_vietnamese_page(app, dossier, tmp_path):
    client, nomination = dossier
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = _upload(client, nomination, "Hồ sơ lớn.pdf", pdf_bytes() + b"%" + b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "Tệp quá lớn" in body and "vượt quá dung lượng cho phép" in body
    assert files_under(tmp_path / "uploads") == []


def test_an_oversized_file_outside_a_form_gets_413_from_the_safety_net(app, sign_in, world, tmp_path):  # noqa: F811
    from flask import request
    from flask_login import current_user
    app.config.update(UPLOAD_FOLDER=str(tmp_path / "uploads"), MAX_ATTACHMENT_MB=1)
    service.register_owner("file-safety", lambda owner_id, user: True, lambda owner_id, user: True)
    try:
        app.add_url_rule("/test-upload", "test_upload", lambda: service.save_upload(
            request.files.get("file"), "file-safety", 1, current_user).original_name, methods=["POST"])
        client = as_user(app, sign_in, world["staff"])
        response = client.post("/test-upload", data={"file": (io.BytesIO(pdf_bytes() + b"x" * (1 << 20)), "a.pdf")})
        assert response.status_code == 413 and "vượt quá dung lượng cho phép (1 MB)" in response.get_data(True)
    finally:
        service.OWNERS.pop("file-safety", None)


# -- downloads ---------------------------------------------------------------------------

def assert_safe_download(response, content_type: str | None = None):
    assert response.status_code == 200, response.status_code
    kind, _options = parse_options_header(response.headers["Content-Disposition"])
    assert kind == "attachment"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == SANDBOX
    assert "no-store" in response.headers["Cache-Control"]
    if content_type:
        assert response.headers["Content-Type"].split(";")[0] == content_type


def test_an_attachment_downloads_as_attachment_with_nosniff_sandbox_and_a_vietnamese_name(app, dossier):
    client, nomination = dossier
    name = "Tờ trình đề nghị Điểu Văn Sang.pdf"
    assert _upload(client, nomination, name, pdf_bytes()).status_code == 303
    response = client.get(f"/files/{Attachment.get().id}")
    assert_safe_download(response, "application/pdf")
    disposition = response.headers["Content-Disposition"]
    assert 'filename="To trinh de nghi Dieu Van Sang.pdf"' in disposition  # for clients without filename*
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == name


def test_a_polyglot_already_in_storage_is_still_never_served_inline_or_sniffable(app, dossier):
    """Files kept before the polyglot check: the headers alone must keep the browser from running them."""
    client, nomination = dossier
    assert _upload(client, nomination, "Báo cáo.pdf", pdf_bytes()).status_code == 303
    attachment = Attachment.get()
    polyglot = b"%PDF-1.4\n" + HTML
    with app.app_context():
        get_storage(app).put(attachment.stored_name, io.BytesIO(polyglot))
    response = client.get(f"/files/{attachment.id}")
    assert_safe_download(response, "application/pdf")
    assert response.data == polyglot


def test_generated_files_download_with_the_same_safe_headers(app, sign_in, make_user, make_unit):
    from thidua import roles
    from tests.campaign_factories import make_campaign
    from tests.decision_factories import SignOff
    with app.app_context():
        signoff = SignOff(dossiers=1)
        campaign = make_campaign(signoff.office, units=[make_unit()])
    office = as_user(app, sign_in, signoff.office)
    admin = as_user(app, sign_in, make_user(roles.ADMIN, roles.OFFICE))
    cases = [
        (office, f"/decisions/{signoff.decision.id}/document.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (office, f"/campaigns/{campaign.id}/plan.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (office, f"/campaigns/{campaign.id}/compile.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (admin, "/people/import/template.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (admin, "/history/import/template.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]
    for client, url, content_type in cases:
        assert_safe_download(client.get(url), content_type)


PENDING: set[str] = set()  # files allowed to call send_file for now (none)


def test_every_download_route_goes_through_send_download():
    """send_file sets none of the safe headers: only thidua/downloads.py may call it."""
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in sorted((root / "thidua").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative == "thidua/downloads.py" or relative in PENDING:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "send_file":
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []
