"""Campaigns: drafting with date checks, contents edited inline, publishing, visibility, the .docx."""
import io
import json

import pytest
from docx import Document

from thidua import roles
from thidua.models import AuditLog, Campaign, CampaignItem, CampaignUnit
from tests.campaign_factories import make_campaign

HTMX = {"HX-Request": "true"}


@pytest.fixture
def office(make_user, sign_in, units):
    user = make_user(roles.OFFICE, full_name="Trần Thị Thu Hà", unit=units["vp"])
    sign_in(user)
    return user


@pytest.fixture
def units(make_unit):
    agency = make_unit(name="Ban Dân tộc tỉnh Đồng Nai", code="BDT", kind="agency")
    return {
        "vp": make_unit(name="Văn phòng Ban", code="VP", kind="department", parent=agency),
        "tp": make_unit(name="Phòng Dân tộc huyện Tân Phú", code="PDT-TP", kind="district", parent=agency),
        "dq": make_unit(name="Phòng Dân tộc huyện Định Quán", code="PDT-DQ", kind="district", parent=agency),
    }


def plan_form(**overrides):
    data = {"number": "15", "symbol": "KH-BDT", "issued_on": "2021-01-18", "place": "Đồng Nai",
            "title": "Phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ ngành công tác dân tộc năm 2021",
            "kind": "annual", "preamble": "Căn cứ Luật Thi đua, khen thưởng;", "purpose": "Phát huy tinh thần.",
            "requirements": "Gắn với nhiệm vụ chính trị.", "implementation": "Giao Văn phòng Ban theo dõi.",
            "registration_deadline": "2021-02-15", "nomination_deadline": "2021-11-30",
            "signer_title": "TRƯỞNG BAN", "signer_name": "Nguyễn Văn Khang",
            "recipients": "- Phòng Dân tộc cấp huyện;\n- Lưu: VT, VP.", "address_mode": "districts"}
    data.update(overrides)
    return data


def test_office_drafts_a_campaign_addressed_to_all_district_offices(client, office, units):
    response = client.post("/campaigns/new", data=plan_form())
    assert response.status_code == 303
    campaign = Campaign.get()
    assert (campaign.number_symbol, campaign.status, campaign.year) == ("15/KH-BDT", "draft", 2021)
    assert campaign.regime.code == "LAW2003_ND91"
    addressed = {cu.unit_id for cu in CampaignUnit.select().where(CampaignUnit.campaign == campaign)}
    assert addressed == {units["tp"].id, units["dq"].id}
    assert AuditLog.get(AuditLog.object_type == "campaign").actor_id == office.id


def test_units_can_be_picked_by_hand(client, office, units):
    client.post("/campaigns/new", data=plan_form(address_mode="custom", unit_ids=[str(units["vp"].id)]))
    assert [cu.unit_id for cu in CampaignUnit.select()] == [units["vp"].id]


def test_the_seed_plans_deadline_slip_is_caught_naming_both_dates(client, office, units):
    response = client.post("/campaigns/new", data=plan_form(registration_deadline="2020-02-15"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Hạn đăng ký thi đua (15/02/2020) trước ngày ban hành kế hoạch (18/01/2021)" in body
    assert Campaign.select().count() == 0
    assert "Phát động phong trào thi đua thực hiện thắng lợi" in body  # what was typed stays


def test_nomination_deadline_before_registration_deadline_is_refused(client, office, units):
    response = client.post("/campaigns/new", data=plan_form(nomination_deadline="2021-02-01"))
    assert response.status_code == 422
    assert "trước hạn đăng ký thi đua (15/02/2021)" in response.get_data(as_text=True)


def test_a_deadline_two_years_later_needs_confirmation(client, office, units):
    response = client.post("/campaigns/new", data=plan_form(nomination_deadline="2023-11-30"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "không thuộc năm 2021 của kế hoạch hay năm sau" in body
    assert "Tôi đã kiểm tra" in body
    response = client.post("/campaigns/new", data=plan_form(nomination_deadline="2023-11-30", confirm_dates="y"))
    assert response.status_code == 303


def test_a_number_is_unique_within_a_year_only(client, office, units):
    client.post("/campaigns/new", data=plan_form())
    again = client.post("/campaigns/new", data=plan_form())
    assert again.status_code == 422
    assert "Số 15/KH-BDT đã dùng cho một kế hoạch khác năm 2021." in again.get_data(as_text=True)
    next_year = client.post("/campaigns/new", data=plan_form(issued_on="2022-01-10", registration_deadline="2022-02-15",
                                                             nomination_deadline="2022-11-30"))
    assert next_year.status_code == 303


def test_unit_users_cannot_draft_campaigns(client, make_user, sign_in, units):
    sign_in(make_user(roles.UNIT_HEAD, unit=units["tp"]))
    assert client.get("/campaigns/new").status_code == 403
    assert client.post("/campaigns/new", data=plan_form()).status_code == 403


def _draft(office, units, items=()):
    return make_campaign(office, units=[units["tp"]], status="draft", items=items)


def test_contents_are_added_inline_and_numbered(client, office, units):
    campaign = _draft(office, units)
    client.post(f"/campaigns/{campaign.id}/items", data={"text": "Thi đua thứ nhất"}, headers=HTMX)
    response = client.post(f"/campaigns/{campaign.id}/items", data={"text": "Thi đua thứ hai"}, headers=HTMX)
    body = response.get_data(as_text=True)
    assert body.startswith('<div id="campaign-items">')
    assert body.index("Thi đua thứ nhất") < body.index("Thi đua thứ hai")
    assert [i.position for i in CampaignItem.select().order_by(CampaignItem.position)] == [1, 2]


def test_an_empty_content_is_refused(client, office, units):
    campaign = _draft(office, units)
    response = client.post(f"/campaigns/{campaign.id}/items", data={"text": "   "}, headers=HTMX)
    assert response.status_code == 422
    assert "Nội dung thi đua không được để trống." in response.get_data(as_text=True)
    assert CampaignItem.select().count() == 0


def test_contents_are_reordered_edited_and_removed(client, office, units):
    campaign = _draft(office, units, items=("Một", "Hai", "Ba"))
    one, two, three = CampaignItem.select().order_by(CampaignItem.position)
    client.post(f"/campaigns/{campaign.id}/items/{three.id}/move", data={"direction": "up"}, headers=HTMX)
    assert [i.text for i in CampaignItem.select().order_by(CampaignItem.position)] == ["Một", "Ba", "Hai"]
    client.post(f"/campaigns/{campaign.id}/items/{one.id}/edit", data={"text": "Một (sửa)"}, headers=HTMX)
    client.post(f"/campaigns/{campaign.id}/items/{three.id}/delete", headers=HTMX)
    rows = [(i.position, i.text) for i in CampaignItem.select().order_by(CampaignItem.position)]
    assert rows == [(1, "Một (sửa)"), (2, "Hai")]
    actions = [e.action for e in AuditLog.select().where(AuditLog.object_type == "campaign").order_by(AuditLog.id)]
    assert actions == ["move_item", "edit_item", "remove_item"]


def test_inline_edit_form_is_a_fragment(client, office, units):
    campaign = _draft(office, units, items=("Một",))
    item = CampaignItem.get()
    body = client.get(f"/campaigns/{campaign.id}/items/{item.id}/edit", headers=HTMX).get_data(as_text=True)
    assert body.startswith('<div id="campaign-items">') and "Sửa nội dung 1" in body


def test_publishing_is_refused_while_the_plan_has_no_contents(client, office, units):
    campaign = _draft(office, units)
    response = client.post(f"/campaigns/{campaign.id}/actions/publish")
    assert response.status_code == 409
    assert "Kế hoạch chưa có nội dung thi đua nào." in response.get_data(as_text=True)
    assert Campaign.get_by_id(campaign.id).status == "draft"


def test_publishing_a_complete_draft(client, office, units):
    campaign = _draft(office, units, items=("Một",))
    response = client.post(f"/campaigns/{campaign.id}/actions/publish")
    assert response.status_code == 303
    campaign = Campaign.get_by_id(campaign.id)
    assert campaign.status == "published" and campaign.published_at is not None
    entry = AuditLog.get(AuditLog.action == "publish")
    assert (entry.state_before, entry.state_after, entry.actor_id) == ("draft", "published", office.id)


def test_a_published_plan_cannot_be_edited(client, office, units):
    campaign = make_campaign(office, units=[units["tp"]])
    assert client.post(f"/campaigns/{campaign.id}/edit", data=plan_form()).status_code == 409
    assert client.post(f"/campaigns/{campaign.id}/items", data={"text": "Thêm"}).status_code == 409


def test_unit_users_see_published_plans_addressed_to_them_only(client, make_user, sign_in, units, office):
    mine = make_campaign(office, units=[units["tp"]], title="Kế hoạch gửi Tân Phú")
    draft = make_campaign(office, units=[units["tp"]], status="draft")
    other = make_campaign(office, units=[units["dq"]], title="Kế hoạch gửi Định Quán")
    head = make_user(roles.UNIT_HEAD, unit=units["tp"])
    their_client = client.application.test_client()
    sign_in(head, the_client=their_client)
    listing = their_client.get("/campaigns").get_data(as_text=True)
    assert "Kế hoạch gửi Tân Phú" in listing and "Kế hoạch gửi Định Quán" not in listing
    assert their_client.get(f"/campaigns/{mine.id}").status_code == 200
    assert their_client.get(f"/campaigns/{draft.id}").status_code == 404
    assert their_client.get(f"/campaigns/{other.id}").status_code == 404
    assert their_client.get(f"/campaigns/{other.id}/plan.docx").status_code == 404


def test_plan_downloads_as_docx_with_its_number(client, office, units):
    campaign = make_campaign(office, units=[units["tp"]], number=15, items=("Nội dung một",))
    response = client.get(f"/campaigns/{campaign.id}/plan.docx")
    assert response.status_code == 200
    assert "filename" in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    cells = "\n".join(c.text for t in Document(io.BytesIO(response.data)).tables for r in t.rows for c in r.cells)
    assert "KẾ HOẠCH" in text and "1. Nội dung một" in text
    assert "Số: 15/KH-BDT" in cells and "Đồng Nai, ngày 18 tháng 01 năm 2021" in cells
    assert "Thời hạn gửi đăng ký thi đua về Văn phòng Ban: trước ngày 15/02/2021." in text


def test_plan_page_shows_the_document(client, office, units):
    campaign = make_campaign(office, units=[units["tp"]], number=15)
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Số: 15/KH-BDT" in page


def test_office_grants_an_extension_with_a_reason(client, office, units):
    campaign = make_campaign(office, units=[units["tp"]])
    response = client.post(f"/campaigns/{campaign.id}/extensions",
                           data={"unit_id": str(units["tp"].id), "until": "2021-02-25", "reason": "Cán bộ đi công tác"})
    assert response.status_code == 303
    entry = AuditLog.get(AuditLog.action == "grant_extension")
    assert json.loads(entry.state_after)["reason"] == "Cán bộ đi công tác"


def test_an_extension_needs_a_later_date_and_an_addressed_unit(client, office, units):
    campaign = make_campaign(office, units=[units["tp"]])
    client.post(f"/campaigns/{campaign.id}/extensions",
                data={"unit_id": str(units["dq"].id), "until": "2021-02-25", "reason": "x"})
    client.post(f"/campaigns/{campaign.id}/extensions",
                data={"unit_id": str(units["tp"].id), "until": "2021-02-10", "reason": "x"})
    assert not AuditLog.select().where(AuditLog.action == "grant_extension").exists()


def test_the_seed_plan_comes_out_of_the_app_as_the_national_format(app, client):
    """Plan 15/KH-BDT, loaded from the seed as demo data, downloads with every part of Decree 30 in place."""
    from thidua import demo
    from thidua.seed_plan import RECIPIENTS, SUMMARY
    with app.app_context():
        demo.load()
    campaign = Campaign.get(Campaign.number == 15, Campaign.year == 2021)
    client.post("/login", data={"username": "vanphong", "password": demo.DEMO_PASSWORD})
    document = Document(io.BytesIO(client.get(f"/campaigns/{campaign.id}/plan.docx").data))
    header, footer = document.tables[0], document.tables[-1]
    left, right = header.rows[0].cells[0].text, header.rows[0].cells[1].text
    assert "UBND TỈNH ĐỒNG NAI" in left and "BAN DÂN TỘC" in left and "Số: 15/KH-BDT" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Đồng Nai, ngày 18 tháng 01 năm 2021" in right
    body = [p.text for p in document.paragraphs if p.text.strip()]
    assert body[body.index("KẾ HOẠCH") + 1] == SUMMARY
    assert "I. MỤC ĐÍCH, YÊU CẦU" in body and "II. NỘI DUNG THI ĐUA" in body and "III. TỔ CHỨC THỰC HIỆN" in body
    assert any(p.startswith("1. Tiếp tục quán triệt tư tưởng của Chủ tịch Hồ Chí Minh") for p in body)
    assert "- 03/05/2021: Kỷ niệm 75 năm ngày truyền thống cơ quan quản lý nhà nước về công tác dân tộc." in body
    signer = footer.rows[0].cells[1].text
    assert "TRƯỞNG BAN" in signer and "Nguyễn Văn Khang" in signer
    recipients = footer.rows[0].cells[0].text
    assert "Nơi nhận:" in recipients and all(line in recipients for line in RECIPIENTS)


def test_two_tabs_editing_one_draft_do_not_overwrite_each_other(client, office, units):
    campaign = _draft(office, units, items=("Một",))
    first = client.get(f"/campaigns/{campaign.id}/edit").get_data(as_text=True)
    version = first.split('name="version" value="')[1].split('"')[0]
    assert client.post(f"/campaigns/{campaign.id}/edit",
                       data=plan_form(version=version, title="Bản sửa của tab thứ nhất")).status_code == 303
    stale = client.post(f"/campaigns/{campaign.id}/edit", data=plan_form(version=version, title="Tab thứ hai"))
    assert stale.status_code == 409
    assert Campaign.get_by_id(campaign.id).title == "Bản sửa của tab thứ nhất"


def test_adding_a_content_also_refreshes_the_plan_shown_below(client, office, units):
    campaign = _draft(office, units)
    body = client.post(f"/campaigns/{campaign.id}/items", data={"text": "Thi đua mới"}, headers=HTMX).get_data(
        as_text=True)
    oob = body[body.index('<article id="plan-document"'):]
    assert 'hx-swap-oob="true"' in oob.split(">")[0] and "1. Thi đua mới" in oob
