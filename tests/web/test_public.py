"""Published awards without sign-in: only signed decisions, only name, unit and award; the QR check page."""
import datetime

import pytest

from thidua import clock
from thidua.models import AwardRecord
from tests.decision_factories import SignOff
from tests.page_text import page_text


@pytest.fixture(autouse=True)
def signing_day(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 12, 28))


@pytest.fixture
def signed(app):
    with app.app_context():
        s = SignOff(dossiers=2)
        s.submit()
        s.sign()
        draft = SignOff(dossiers=1)  # a draft is never public
    return s, draft


def test_the_public_list_shows_signed_decisions_only_without_sign_in(client, signed):
    s, draft = signed
    page = page_text(client.get("/cong-khai"))
    assert "01/QĐ-BDT" in page and s.decision.summary in page
    assert client.get(f"/cong-khai/quyet-dinh/{draft.decision.id}").status_code == 404


def test_the_public_decision_lists_name_unit_and_award_and_nothing_personal(client, signed):
    s, _ = signed
    page = page_text(client.get(f"/cong-khai/quyet-dinh/{s.decision.id}"))
    for n in s.nominations:
        assert n.person.full_name in page
    assert s.unit.name in page and "Lao động tiên tiến" in page
    for n in s.nominations:
        assert str(n.person.birth_year or "9999") not in page
    assert "450.000" not in page  # amounts are not published


def test_an_award_check_link_opens_without_sign_in_and_a_forged_one_does_not(app, client, signed):
    from thidua.public.views import award_token
    record = AwardRecord.select().order_by(AwardRecord.id).first()
    with app.test_request_context():
        token = award_token(record.id)
    page = page_text(client.get(f"/cong-khai/khen-thuong/{token}"))
    assert "Khen thưởng có trong hệ thống" in page and record.person.full_name in page and "01/QĐ-BDT" in page
    assert client.get(f"/cong-khai/khen-thuong/{record.id}").status_code == 404


def test_a_removed_award_no_longer_verifies(app, client, signed):
    from thidua.public.views import award_token
    record = AwardRecord.select().first()
    AwardRecord.update(removed_at=datetime.datetime(2022, 1, 1)).where(AwardRecord.id == record.id).execute()
    with app.test_request_context():
        token = award_token(record.id)
    assert client.get(f"/cong-khai/khen-thuong/{token}").status_code == 404


def test_a_revoking_decision_is_not_published_as_an_award_list_and_the_revoked_line_is_marked(app, client, signed):
    from thidua import workflow
    from thidua.decisions import services
    s, _ = signed
    with app.app_context():
        line = services.lines_of(s.decision)[0]
        revoke = services.create_correction(s.decision, "revoke", [line.id], "Vi phạm kỷ luật phát hiện sau", s.office)
        workflow.apply(revoke, "submit", s.office)
        services.sign(revoke, s.leader, "MatKhau-2026")
    listing = page_text(client.get("/cong-khai"))
    assert "01/QĐ-BDT" in listing and "02/QĐ-BDT" not in listing
    page = page_text(client.get(f"/cong-khai/quyet-dinh/{s.decision.id}"))
    assert "Đã thu hồi" in page
