"""Decision screens in-process: the office drafts, the leader reads and signs with the password (one or several),
the signed PDF verifies (and a tampered one does not), the register lists the numbers."""
import datetime
import re
import shutil
import subprocess

import pytest

from thidua import clock, roles
from thidua.models import Attachment, Decision, DocumentRegister
from tests.decision_factories import PASSWORD, SignOff
from tests.page_text import page_text

DAY = datetime.date(2021, 12, 28)


@pytest.fixture(autouse=True)
def signing_day(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: DAY)


@pytest.fixture
def sign_off(app):
    with app.app_context():
        s = SignOff(dossiers=2)
    return s


@pytest.fixture
def as_user(app, sign_in):
    def _as(user):
        c = app.test_client()
        sign_in(user, the_client=c)
        return c
    return _as


def _submitted(app, s):
    with app.app_context():
        s.submit()


def test_the_office_drafts_a_decision_from_what_the_council_passed(app, as_user):
    with app.app_context():
        s = SignOff(dossiers=0)
        from tests.decision_factories import passed
        passed(s.campaign, s.unit, s.office)
    office = as_user(s.office)
    response = office.post("/decisions/new", data={"campaign_id": s.campaign.id, "kind": "decision",
                                                   "award_kind_id": 0})
    assert response.status_code == 303
    page = page_text(office.get(response.headers["Location"]))
    assert "Dự thảo" in page and "QUYẾT ĐỊNH" in page and "450.000" in page


def test_nothing_to_draft_is_said_plainly(app, as_user, sign_off):
    response = as_user(sign_off.office).post("/decisions/new", data={
        "campaign_id": sign_off.campaign.id, "kind": "decision", "award_kind_id": 0})
    assert response.status_code == 422 and "Không có hồ sơ nào đã được Hội đồng thông qua" in page_text(response)


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD, roles.COUNCIL_MEMBER, roles.ADMIN])
def test_only_office_and_leaders_reach_decisions(sign_off, make_user, as_user, role):
    assert as_user(make_user(role)).get(f"/decisions/{sign_off.decision.id}").status_code == 403


def test_the_office_cannot_sign(app, sign_off, as_user):
    _submitted(app, sign_off)
    response = as_user(sign_off.office).post(f"/decisions/{sign_off.decision.id}/sign", data={"password": PASSWORD})
    assert response.status_code == 403


def test_a_wrong_password_is_refused_and_takes_no_number(app, sign_off, as_user):
    _submitted(app, sign_off)
    response = as_user(sign_off.leader).post(f"/decisions/{sign_off.decision.id}/sign", data={"password": "sai"})
    assert response.status_code == 422 and "Mật khẩu không đúng" in page_text(response)
    assert DocumentRegister.select().count() == 0


def test_signing_gives_the_number_and_a_signed_pdf_that_verifies(app, sign_off, as_user):
    _submitted(app, sign_off)
    leader = as_user(sign_off.leader)
    response = leader.post(f"/decisions/{sign_off.decision.id}/sign", data={"password": PASSWORD})
    assert response.status_code == 303
    page = page_text(leader.get(response.headers["Location"]))
    assert "Đã ký quyết định khen thưởng số 01/QĐ-BDT" in page and "900.000 đồng" in page
    verify = page_text(leader.get(f"/decisions/{sign_off.decision.id}/verify"))
    assert "Hợp lệ" in verify and "Không bị thay đổi sau khi ký" in verify and "Không hợp lệ" not in verify


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (pdfsig) is installed by .ci/run")
def test_the_downloaded_pdf_verifies_with_pdfsig(app, sign_off, as_user, tmp_path):
    _submitted(app, sign_off)
    leader = as_user(sign_off.leader)
    leader.post(f"/decisions/{sign_off.decision.id}/sign", data={"password": PASSWORD})
    pdf = leader.get(f"/decisions/{sign_off.decision.id}/signed.pdf")
    assert pdf.mimetype == "application/pdf"
    path = tmp_path / "qd.pdf"
    path.write_bytes(pdf.data)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in out and "Total document signed" in out


def test_a_tampered_stored_pdf_fails_verification(app, sign_off, as_user):
    from thidua.attachments.storage import get_storage
    _submitted(app, sign_off)
    leader = as_user(sign_off.leader)
    leader.post(f"/decisions/{sign_off.decision.id}/sign", data={"password": PASSWORD})
    row = Attachment.get(Attachment.owner_type == "decision")
    with app.app_context():
        storage = get_storage(app)
        with storage.open(row.stored_name) as handle:
            data = bytearray(handle.read())
        at = data.index(b"stream") + 20  # inside the first content stream, covered by the signature
        data[at] = data[at] ^ 0x01
        import io
        storage.put(row.stored_name, io.BytesIO(bytes(data)))
    page = page_text(leader.get(f"/decisions/{sign_off.decision.id}/verify"))
    assert "Không hợp lệ" in page


def test_bulk_signing_numbers_each_in_turn(app, as_user):
    with app.app_context():
        first = SignOff(dossiers=1)
        second = SignOff(dossiers=1)
        first.submit()
        second.submit()
    leader = as_user(first.leader)
    listing = page_text(leader.get("/decisions?status=submitted"))
    assert "Ký các văn bản đã chọn" in listing
    ids = [f"{d.id}:{Decision.get_by_id(d.id).version}" for d in (first.decision, second.decision)]
    response = leader.post("/decisions/sign", data={"ids": ids, "password": PASSWORD})
    assert response.status_code == 303
    assert "Đã ký 2 văn bản: 01/QĐ-BDT, 02/QĐ-BDT" in page_text(leader.get(response.headers["Location"]))
    register = page_text(leader.get("/decisions/register"))
    assert "01/QĐ-BDT" in register and "02/QĐ-BDT" in register and first.leader.full_name in register


def test_bulk_signing_with_a_wrong_password_signs_none(app, as_user):
    with app.app_context():
        first = SignOff(dossiers=1)
        first.submit()
    response = as_user(first.leader).post("/decisions/sign", data={"ids": [f"{first.decision.id}:1"], "password": "x"})
    assert response.status_code == 303
    assert Decision.get_by_id(first.decision.id).status == "submitted"


def test_the_leader_returns_a_draft_with_a_comment(app, sign_off, as_user):
    _submitted(app, sign_off)
    leader = as_user(sign_off.leader)
    response = leader.post(f"/decisions/{sign_off.decision.id}/actions/return",
                           data={"comment": "Bổ sung nơi nhận", "version": sign_off.decision.version})
    assert response.status_code == 303
    assert "Lãnh đạo trả lại: Bổ sung nơi nhận" in page_text(as_user(sign_off.office).get(
        f"/decisions/{sign_off.decision.id}"))


def test_the_docx_of_a_draft_downloads(sign_off, as_user):
    response = as_user(sign_off.office).get(f"/decisions/{sign_off.decision.id}/document.docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"


@pytest.fixture
def proposal(app):
    with app.app_context():
        s = SignOff(dossiers=2, code="CSTDT", kind="proposal")
        s.submit()
        s.sign()
    return s


def test_a_signed_proposal_bundles_every_dossier_with_a_manifest(app, proposal, as_user):
    import io
    import json
    import zipfile
    from tests.attachment_samples import pdf_bytes
    PDF_BYTES = pdf_bytes()
    n = proposal.nominations[0]
    with app.test_request_context():
        from thidua.models import Attachment as A
        A.create(owner_type="nomination", owner_id=n.id, component="to_trinh", original_name="to-trinh-don-vi.pdf",
                 stored_name="x" * 32, content_type="application/pdf", size=len(PDF_BYTES), sha256="0" * 64,
                 uploaded_by=proposal.office)
        from thidua.attachments.storage import get_storage
        get_storage(app).put("x" * 32, io.BytesIO(PDF_BYTES))
    response = as_user(proposal.office).get(f"/decisions/{proposal.decision.id}/bundle.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert names[0].startswith("00 - 01-TTr-BDT") and "manifest.csv" in names and "manifest.json" in names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["dossiers"] == 2
    listed = {f["file"]: f for f in manifest["files"]}
    dossier_file = next(name for name in names if name.endswith("to-trinh-don-vi.pdf"))
    assert listed[dossier_file]["dossier"] == n.person.full_name
    import hashlib
    assert listed[dossier_file]["sha256"] == hashlib.sha256(archive.read(dossier_file)).hexdigest()


def test_the_outside_bodys_award_enters_the_history(app, proposal, as_user):
    from thidua.models import AwardRecord, Nomination
    from thidua.decisions import services
    line = services.lines_of(proposal.decision)[0]
    office = as_user(proposal.office)
    response = office.post(f"/decisions/{proposal.decision.id}/lines/{line.id}/outcome", data={
        "outcome": "awarded", "outside_number": "125/QĐ-UBND", "outside_date": "2022-02-10",
        "outside_body": "Chủ tịch UBND tỉnh Đồng Nai"})
    assert response.status_code == 303
    assert Nomination.get_by_id(line.nomination_id).status == "awarded"
    record = AwardRecord.get(AwardRecord.decision_number == "125/QĐ-UBND")
    assert (record.award_code, record.year, record.decided_by) == ("CSTDT", 2021, "Chủ tịch UBND tỉnh Đồng Nai")
    again = office.post(f"/decisions/{proposal.decision.id}/lines/{line.id}/outcome", data={"outcome": "not_awarded"})
    assert again.status_code == 409


def test_an_award_without_its_decision_number_is_refused(app, proposal, as_user):
    from thidua.decisions import services
    line = services.lines_of(proposal.decision)[0]
    office = as_user(proposal.office)
    response = office.post(f"/decisions/{proposal.decision.id}/lines/{line.id}/outcome",
                           data={"outcome": "awarded"}, follow_redirects=True)
    assert "Vui lòng nhập số, ngày và cơ quan ban hành" in page_text(response)


def test_the_office_drafts_a_revocation_and_the_history_shows_both(app, sign_off, as_user):
    from thidua import workflow
    from thidua.decisions import services
    _submitted(app, sign_off)
    with app.app_context():
        sign_off.sign()
    office = as_user(sign_off.office)
    line = services.lines_of(sign_off.decision)[0]
    response = office.post(f"/decisions/{sign_off.decision.id}/correction", data={
        "correction_kind": "revoke", "lines": [line.id], "correction_text": "Vi phạm kỷ luật phát hiện sau"})
    assert response.status_code == 303
    revoke = Decision.select().where(Decision.corrects == sign_off.decision.id).get()
    with app.app_context():
        workflow.apply(revoke, "submit", sign_off.office)
        services.sign(revoke, sign_off.leader, PASSWORD)
    page = page_text(office.get(f"/history/people/{line.nomination.person_id}"))
    assert "01/QĐ-BDT" in page and "Đã thu hồi" in page and "thu hồi bởi QĐ 02/QĐ-BDT" in page
    original = page_text(office.get(f"/decisions/{sign_off.decision.id}"))
    assert "Bị thu hồi một phần bởi" in original


def test_a_certificate_carries_a_qr_link_that_verifies_the_award(app, as_user, client, tmp_path):
    import subprocess
    with app.app_context():
        s = SignOff(dossiers=1, code="CSTDCS")
        s.submit()
        s.sign()
    from thidua.decisions import services
    line = services.lines_of(s.decision)[0]
    response = as_user(s.office).get(f"/decisions/{s.decision.id}/lines/{line.id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "gcn.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in text and line.nomination.person.full_name in text
    url = re.search(r"http://localhost/cong-khai/khen-thuong/\S+", text).group(0)
    page = page_text(client.get(url.removeprefix("http://localhost")))
    assert "Khen thưởng có trong hệ thống" in page and line.nomination.person.full_name in page


def test_no_certificate_for_a_cash_only_title(app, sign_off, as_user):
    _submitted(app, sign_off)
    with app.app_context():
        sign_off.sign()
    from thidua.decisions import services
    line = services.lines_of(sign_off.decision)[0]
    response = as_user(sign_off.office).get(f"/decisions/{sign_off.decision.id}/lines/{line.id}/certificate.pdf")
    assert response.status_code == 409 and "chỉ kèm tiền thưởng" in page_text(response)


def test_the_inbox_shows_the_leader_what_to_sign_and_the_office_what_to_draft(app, as_user):
    from tests.decision_factories import passed
    with app.app_context():
        s = SignOff(dossiers=1)
        passed(s.campaign, s.unit, s.office)
        s.submit()
    assert "Quyết định, tờ trình chờ ký" in page_text(as_user(s.leader).get("/inbox"))
    office = page_text(as_user(s.office).get("/inbox"))
    assert "Hồ sơ Hội đồng đã thông qua, chờ soạn văn bản" in office and ": 1 hồ sơ" in office


def test_the_inbox_reminds_the_office_of_proposals_without_an_answer(app, proposal, as_user):
    page = page_text(as_user(proposal.office).get("/inbox"))
    assert "Tờ trình chờ kết quả của cấp trên" in page and "01/TTr-BDT: 2 người, tập thể chưa có kết quả" in page


def test_the_head_delegates_and_the_deputy_signs_on_their_behalf(app, sign_off, as_user, make_user):
    deputy = make_user(roles.LEADER, full_name="Điểu Văn Phó")
    _submitted(app, sign_off)
    head = as_user(sign_off.leader)
    response = head.post("/decisions/delegations", data={"deputy_id": deputy.id, "deputy_title": "PHÓ TRƯỞNG BAN",
                                                         "valid_from": "2021-12-01", "valid_to": "2021-12-31",
                                                         "note": "Giấy ủy quyền số 5/GUQ-BDT"})
    assert response.status_code == 303
    signed = as_user(deputy).post(f"/decisions/{sign_off.decision.id}/sign", data={"password": PASSWORD})
    assert signed.status_code == 303
    d = Decision.get_by_id(sign_off.decision.id)
    assert (d.signer_authority, d.signed_by_id, d.on_behalf_of_id) == ("KT. TRƯỞNG BAN", deputy.id, sign_off.leader.id)
    register = page_text(head.get("/decisions/register"))
    assert "Điểu Văn Phó (ký thay Nguyễn Văn Khang)" in register


def test_a_delegation_that_ends_before_it_starts_is_refused(app, sign_off, as_user, make_user):
    deputy = make_user(roles.LEADER)
    response = as_user(sign_off.leader).post("/decisions/delegations", data={
        "deputy_id": deputy.id, "deputy_title": "PHÓ TRƯỞNG BAN", "valid_from": "2021-12-31",
        "valid_to": "2021-12-01", "note": ""})
    assert response.status_code == 422 and "Ngày kết thúc phải từ ngày bắt đầu" in page_text(response)


def test_the_administrator_adds_a_base_salary_level(app, as_user, make_user):
    admin = as_user(make_user(roles.ADMIN))
    page = page_text(admin.get("/admin/base-salary"))
    assert "1.490.000" in page and "Nghị định 73/2024/NĐ-CP" in page
    assert admin.post("/admin/base-salary", data={"valid_from": "2024-07-01", "amount": "2340000",
                                                  "legal_basis": ""}).status_code == 422
    ok = admin.post("/admin/base-salary", data={"valid_from": "2026-07-01", "amount": "2530000",
                                                "legal_basis": "Nghị định mới"})
    assert ok.status_code == 303 and "2.530.000" in page_text(admin.get("/admin/base-salary"))


def test_a_signed_file_missing_from_storage_is_reported_plainly(app, sign_off, as_user):
    _submitted(app, sign_off)
    leader = as_user(sign_off.leader)
    leader.post(f"/decisions/{sign_off.decision.id}/sign", data={"password": PASSWORD})
    row = Attachment.get(Attachment.owner_type == "decision")
    with app.app_context():
        from thidua.attachments.storage import get_storage
        get_storage(app).delete(row.stored_name)
    for url in (f"/decisions/{sign_off.decision.id}/signed.pdf", f"/decisions/{sign_off.decision.id}/verify"):
        response = leader.get(url)
        assert response.status_code == 404 and "kho lưu trữ" in page_text(response)


def test_bulk_signing_refuses_a_draft_changed_since_the_list_was_drawn(app, as_user):
    with app.app_context():
        s = SignOff(dossiers=1)
        s.submit()
    stale = Decision.get_by_id(s.decision.id).version - 1
    response = as_user(s.leader).post("/decisions/sign", data={"ids": [f"{s.decision.id}:{stale}"],
                                                               "password": PASSWORD}, follow_redirects=True)
    assert "Chưa ký" in page_text(response) and Decision.get_by_id(s.decision.id).status == "submitted"
