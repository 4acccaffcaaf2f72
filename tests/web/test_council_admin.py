"""The council roster (/admin/council) and the vote rules (/council/rules): seeded per regime, edited by the
administrator, read by the office, audited; seats end, never disappear."""
import datetime
import json
from decimal import Decimal

import pytest

from thidua import roles
from thidua.models import AuditLog, CouncilMember, VoteRule
from thidua.models.council import members_on, rule_for

UNCONFIRMED = "Chưa được xác nhận — có thể cấu hình"


@pytest.fixture
def admin(make_user, sign_in):
    user = make_user(roles.ADMIN)
    sign_in(user)
    return user


def _seat(user, role="member", served_from=datetime.date(2024, 1, 1), served_to=None):
    return CouncilMember.create(user=user, role=role, served_from=served_from, served_to=served_to)


# Seed and look-up --------------------------------------------------------------------------------------

@pytest.mark.parametrize("regime, code, percent, denominator, confirmed", [
    ("LAW2003_ND91", "CSTDT", "90", "all", True),
    ("LAW2003_ND91", "CSTDTQ", "90", "all", True),
    ("LAW2003_ND91", "CSTDCS", "50", "present", False),  # falls back to "*"
    ("LAW2022_ND98", "CSTDTQ", "90", "all", True),
    ("LAW2022_ND98", "CSTDT", "90", "all", True),
    ("LAW2022_ND98", "CSTDCS", "80", "all", True),
    ("LAW2022_ND98", "CO_TINH", "80", "all", True),
    ("LAW2022_ND98", "CO_CP", "80", "all", True),
    ("LAW2022_ND98", "BK_TINH", "50", "present", False),
    ("LAW2022_ND152", "CSTDT", "90", "all", False),
    ("LAW2022_ND152", "CSTDCS", "80", "all", False),
    ("LAW2022_ND152", "LDTT", "50", "present", False),
])
def test_rule_for_reads_the_seed_and_falls_back_to_the_default(app, regime, code, percent, denominator, confirmed):
    rule = rule_for(regime, code)
    assert rule.threshold_percent == Decimal(percent)
    assert (rule.denominator, rule.confirmed) == (denominator, confirmed)
    assert (rule.quorum_numerator, rule.quorum_denominator) == (2, 3)
    assert rule.award_code == (code if denominator == "all" else "*")
    if denominator == "all":
        assert rule.method == "secret" and rule.written_votes_allowed
        assert "Điều" in rule.article


def test_every_regime_has_a_default_rule_and_unknown_regimes_have_none(app):
    for code in ("LAW2003_ND91", "LAW2022_ND98", "LAW2022_ND152"):
        assert rule_for(code, "NO_SUCH").award_code == "*"
    assert rule_for("NO_SUCH", "CSTDT") is None


def test_members_on_a_day(app, make_user):
    chair, member, former, future = (make_user(full_name=n) for n in ("Chủ tịch", "Ủy viên", "Cũ", "Mới"))
    _seat(member)
    _seat(chair, "chair")
    _seat(former, served_to=datetime.date(2024, 6, 30))
    _seat(future, served_from=datetime.date(2025, 1, 1))
    assert [s.user.full_name for s in members_on(datetime.date(2024, 6, 30))] == ["Chủ tịch", "Cũ", "Ủy viên"]
    assert [s.user.full_name for s in members_on(datetime.date(2024, 7, 1))] == ["Chủ tịch", "Ủy viên"]
    assert [s.user.full_name for s in members_on(datetime.date(2025, 1, 1))] == ["Chủ tịch", "Mới", "Ủy viên"]
    assert members_on(datetime.date(2023, 12, 31)) == []


# Roster screen -----------------------------------------------------------------------------------------

def test_roster_lists_members_with_their_role(client, admin, make_user):
    _seat(make_user(full_name="Trần Văn Chủ"), "chair")
    _seat(make_user(full_name="Lê Thị Cũ"), "standing", served_to=datetime.date(2024, 3, 1))
    page = client.get("/admin/council").get_data(as_text=True)
    assert "Trần Văn Chủ" in page and "Chủ tịch Hội đồng" in page and "Đang tham gia" in page
    assert "Lê Thị Cũ" in page and "Ủy viên thường trực" in page and "Đã thôi tham gia" in page
    assert "Hội đồng TĐKT" in page  # the nav link


def test_adding_a_member_is_audited(client, admin, make_user):
    user = make_user(full_name="Phạm Văn Mới")
    assert "Phạm Văn Mới" in client.get("/admin/council/new").get_data(as_text=True)
    response = client.post("/admin/council/new", data={"user_id": user.id, "role": "vice_chair",
                                                      "served_from": "2025-01-02", "served_to": "", "note": "QĐ 12"})
    assert response.status_code == 303
    seat = CouncilMember.get(CouncilMember.user == user.id)
    assert (seat.role, seat.served_from, seat.served_to, seat.note) == (
        "vice_chair", datetime.date(2025, 1, 2), None, "QĐ 12")
    entry = AuditLog.get(AuditLog.object_type == "council_member", AuditLog.action == "create")
    assert entry.object_id == seat.id and json.loads(entry.state_after)["role"] == "vice_chair"


def test_a_period_ending_before_it_starts_is_refused(client, admin, make_user):
    user = make_user()
    response = client.post("/admin/council/new", data={"user_id": user.id, "role": "member",
                                                      "served_from": "2025-01-02", "served_to": "2024-01-01"})
    assert response.status_code == 422
    assert "Ngày thôi tham gia phải" in response.get_data(as_text=True)
    assert CouncilMember.select().count() == 0


def test_overlapping_seats_of_one_person_are_refused(client, admin, make_user):
    user = make_user()
    _seat(user)
    response = client.post("/admin/council/new", data={"user_id": user.id, "role": "chair",
                                                      "served_from": "2025-01-02"})
    assert response.status_code == 422 and "trùng lặp" in response.get_data(as_text=True)


def test_unknown_role_is_refused(client, admin, make_user):
    user = make_user()
    response = client.post("/admin/council/new", data={"user_id": user.id, "role": "king",
                                                      "served_from": "2025-01-02"})
    assert response.status_code == 422 and CouncilMember.select().count() == 0


def test_editing_role_and_period_is_audited(client, admin, make_user):
    seat = _seat(make_user())
    assert client.get(f"/admin/council/{seat.id}/edit").status_code == 200
    response = client.post(f"/admin/council/{seat.id}/edit", data={"role": "standing", "served_from": "2024-02-01",
                                                                  "served_to": ""})
    assert response.status_code == 303
    seat = CouncilMember.get_by_id(seat.id)
    assert (seat.role, seat.served_from) == ("standing", datetime.date(2024, 2, 1))
    entry = AuditLog.get(AuditLog.object_type == "council_member", AuditLog.action == "update")
    assert json.loads(entry.state_before) == {"role": "member", "served_from": "2024-01-01"}


def test_ending_service_keeps_the_seat(client, admin, make_user):
    seat = _seat(make_user())
    response = client.post(f"/admin/council/{seat.id}/end", data={"served_to": "2025-03-31"})
    assert response.status_code == 303
    seat = CouncilMember.get_by_id(seat.id)
    assert seat.served_to == datetime.date(2025, 3, 31)
    assert AuditLog.get(AuditLog.object_type == "council_member").action == "end_service"
    # Ending it again is refused, and nothing is ever deleted.
    client.post(f"/admin/council/{seat.id}/end", data={"served_to": "2025-04-30"})
    assert CouncilMember.get_by_id(seat.id).served_to == datetime.date(2025, 3, 31)
    assert not [r for r in client.application.url_map.iter_rules()
                if r.endpoint.startswith("admin.council") and "DELETE" in r.methods]


def test_ending_before_the_start_is_refused(client, admin, make_user):
    seat = _seat(make_user(), served_from=datetime.date(2025, 1, 1))
    client.post(f"/admin/council/{seat.id}/end", data={"served_to": "2024-12-31"})
    assert CouncilMember.get_by_id(seat.id).served_to is None


def test_unknown_seat_is_404(client, admin):
    assert client.get("/admin/council/999/edit").status_code == 404
    assert client.post("/admin/council/999/end", data={"served_to": "2025-01-01"}).status_code == 404


@pytest.mark.parametrize("role", [r for r in roles.ALL if r != roles.ADMIN])
def test_roster_is_for_the_administrator_only(client, make_user, sign_in, role):
    sign_in(make_user(role))
    assert client.get("/admin/council").status_code == 403


# Vote rules screen -------------------------------------------------------------------------------------

def test_rules_screen_shows_the_regime_and_labels_unconfirmed_rows(client, admin):
    page = client.get("/council/rules?regime=LAW2022_ND98").get_data(as_text=True)
    assert "Chiến sĩ thi đua cấp tỉnh" in page and "Từ 90% trở lên" in page and "Từ 80% trở lên" in page
    assert "Nghị định 98/2023/NĐ-CP Điều 30 khoản 7" in page
    assert "Mặc định" in page and UNCONFIRMED in page
    assert "/council/rules/" in page  # edit links for the administrator
    page = client.get("/council/rules?regime=LAW2022_ND152").get_data(as_text=True)
    assert page.count(UNCONFIRMED) == VoteRule.select().join_from(VoteRule, VoteRule.regime.rel_model).where(
        VoteRule.regime.rel_model.code == "LAW2022_ND152").count()


def test_office_reads_the_rules_but_may_not_edit_them(client, make_user, sign_in):
    sign_in(make_user(roles.OFFICE))
    page = client.get("/council/rules").get_data(as_text=True)
    assert "Quy tắc biểu quyết" in page and "/edit" not in page
    rule = rule_for("LAW2022_ND98", "CSTDT")
    assert client.get(f"/council/rules/{rule.id}/edit").status_code == 403
    assert client.post(f"/council/rules/{rule.id}/edit", data={}).status_code == 403


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD, roles.LEADER, roles.COUNCIL_MEMBER])
def test_other_roles_may_not_read_the_rules(client, make_user, sign_in, role):
    sign_in(make_user(role))
    assert client.get("/council/rules").status_code == 403


def _rule_form(rule, **changes):
    data = {"quorum_numerator": rule.quorum_numerator, "quorum_denominator": rule.quorum_denominator,
            "threshold_percent": str(rule.threshold_percent), "denominator": rule.denominator,
            "method": rule.method, "article": rule.article, "note": rule.note}
    if rule.written_votes_allowed:
        data["written_votes_allowed"] = "y"
    if rule.confirmed:
        data["confirmed"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_administrator_confirms_an_nd152_rule_and_it_is_audited(client, admin):
    rule = rule_for("LAW2022_ND152", "CSTDT")
    assert client.get(f"/council/rules/{rule.id}/edit").status_code == 200
    response = client.post(f"/council/rules/{rule.id}/edit",
                           data=_rule_form(rule, threshold_percent="85.5", confirmed="y", article="NĐ 152 Điều X"))
    assert response.status_code == 303
    rule = VoteRule.get_by_id(rule.id)
    assert (rule.threshold_percent, rule.confirmed, rule.article) == (Decimal("85.5"), True, "NĐ 152 Điều X")
    entry = AuditLog.get(AuditLog.object_type == "vote_rule")
    assert json.loads(entry.state_after)["threshold_percent"] == "85.5"
    assert json.loads(entry.state_before)["confirmed"] is False


@pytest.mark.parametrize("changes, message", [
    ({"threshold_percent": "101"}, "Ngưỡng từ 0 đến 100."),
    ({"quorum_numerator": "4", "quorum_denominator": "3"}, "Tử số không được lớn hơn mẫu số."),
    ({"denominator": "half"}, "Lựa chọn không hợp lệ."),
])
def test_bad_rule_values_are_refused(client, admin, changes, message):
    rule = rule_for("LAW2022_ND98", "CSTDT")
    response = client.post(f"/council/rules/{rule.id}/edit", data=_rule_form(rule, **changes))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert VoteRule.get_by_id(rule.id).threshold_percent == Decimal("90")


def test_a_seat_gives_its_holder_the_council_role_that_lets_them_vote(app, admin, client, make_user):
    from thidua.council import services
    from thidua.models import UserRole
    member, chair = make_user(), make_user()
    with app.app_context():
        services.add_member(member, {"role": "member", "served_from": datetime.date(2024, 1, 1)})
        services.add_member(chair, {"role": "chair", "served_from": datetime.date(2024, 1, 1)})
    assert {r.role for r in UserRole.select().where(UserRole.user == member)} == {roles.COUNCIL_MEMBER}
    assert {r.role for r in UserRole.select().where(UserRole.user == chair)} == {roles.COUNCIL_CHAIR}
