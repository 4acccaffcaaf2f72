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


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


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
    page = _text(office.get(response.headers["Location"]))
    assert "Dự thảo" in page and "QUYẾT ĐỊNH" in page and "447.000" in page


def test_nothing_to_draft_is_said_plainly(app, as_user, sign_off):
    response = as_user(sign_off.office).post("/decisions/new", data={
        "campaign_id": sign_off.campaign.id, "kind": "decision", "award_kind_id": 0})
    assert response.status_code == 422 and "Không có hồ sơ nào đã được Hội đồng thông qua" in _text(response)


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
    assert response.status_code == 422 and "Mật khẩu không đúng" in _text(response)
    assert DocumentRegister.select().count() == 0


def test_signing_gives_the_number_and_a_signed_pdf_that_verifies(app, sign_off, as_user):
    _submitted(app, sign_off)
    leader = as_user(sign_off.leader)
    response = leader.post(f"/decisions/{sign_off.decision.id}/sign", data={"password": PASSWORD})
    assert response.status_code == 303
    page = _text(leader.get(response.headers["Location"]))
    assert "Đã ký quyết định khen thưởng số 01/QĐ-BDT" in page and "894.000 đồng" in page
    verify = _text(leader.get(f"/decisions/{sign_off.decision.id}/verify"))
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
    page = _text(leader.get(f"/decisions/{sign_off.decision.id}/verify"))
    assert "Không hợp lệ" in page


def test_bulk_signing_numbers_each_in_turn(app, as_user):
    with app.app_context():
        first = SignOff(dossiers=1)
        second = SignOff(dossiers=1)
        first.submit()
        second.submit()
    leader = as_user(first.leader)
    listing = _text(leader.get("/decisions?status=submitted"))
    assert "Ký các văn bản đã chọn" in listing
    response = leader.post("/decisions/sign", data={"ids": [first.decision.id, second.decision.id],
                                                    "password": PASSWORD})
    assert response.status_code == 303
    assert "Đã ký 2 văn bản: 01/QĐ-BDT, 02/QĐ-BDT" in _text(leader.get(response.headers["Location"]))
    register = _text(leader.get("/decisions/register"))
    assert "01/QĐ-BDT" in register and "02/QĐ-BDT" in register and first.leader.full_name in register


def test_bulk_signing_with_a_wrong_password_signs_none(app, as_user):
    with app.app_context():
        first = SignOff(dossiers=1)
        first.submit()
    response = as_user(first.leader).post("/decisions/sign", data={"ids": [first.decision.id], "password": "x"})
    assert response.status_code == 303
    assert Decision.get_by_id(first.decision.id).status == "submitted"


def test_the_leader_returns_a_draft_with_a_comment(app, sign_off, as_user):
    _submitted(app, sign_off)
    leader = as_user(sign_off.leader)
    response = leader.post(f"/decisions/{sign_off.decision.id}/actions/return",
                           data={"comment": "Bổ sung nơi nhận", "version": sign_off.decision.version})
    assert response.status_code == 303
    assert "Lãnh đạo trả lại: Bổ sung nơi nhận" in _text(as_user(sign_off.office).get(
        f"/decisions/{sign_off.decision.id}"))


def test_the_docx_of_a_draft_downloads(sign_off, as_user):
    response = as_user(sign_off.office).get(f"/decisions/{sign_off.decision.id}/document.docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
