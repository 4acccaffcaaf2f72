"""Write audit entries: one call per state change, inside the caller's transaction."""
from __future__ import annotations

import datetime
import json
import re
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from .models import AuditLog


ACTION_LABELS = {
    "create": "Tạo mới",
    "update": "Sửa",
    "activate": "Mở lại / mở khóa",
    "deactivate": "Ngừng hoạt động / khóa",
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "lockout": "Tạm khóa đăng nhập do sai nhiều lần",
    "logout": "Đăng xuất",
    "change_password": "Đổi mật khẩu",
    "reset_password": "Đặt lại mật khẩu",
    "import": "Nhập từ tệp Excel",
    "view_national_id": "Xem số CCCD đầy đủ",
    "add_item": "Thêm nội dung",
    "edit_item": "Sửa nội dung",
    "remove_item": "Xóa nội dung",
    "move_item": "Đổi thứ tự nội dung",
    "add_milestone": "Thêm mốc thời gian",
    "remove_milestone": "Xóa mốc thời gian",
    "grant_extension": "Gia hạn đăng ký",
    "add_line": "Thêm dòng đăng ký",
    "record_initiative": "Ghi nhận sáng kiến",
    "remove_line": "Bỏ dòng đăng ký",
    "attach": "Đính kèm tệp",
    "detach": "Gỡ tệp",
    "write_achievement_report": "Soạn báo cáo thành tích",
    "generate_achievement_report": "Tạo văn bản báo cáo thành tích (.docx)",
    "add_award": "Thêm khen thưởng đã nhận",
    "edit_award": "Sửa khen thưởng đã nhận",
    "remove_award": "Gỡ bỏ khen thưởng ghi nhầm",
    "add_initiative": "Thêm sáng kiến được công nhận",
    "edit_initiative": "Sửa sáng kiến",
    "remove_initiative": "Gỡ bỏ sáng kiến ghi nhầm",
    "set_rating": "Ghi xếp loại hoàn thành nhiệm vụ",
    "remove_rating": "Gỡ bỏ xếp loại ghi nhầm",
    "add_discipline": "Thêm kỷ luật",
    "edit_discipline": "Sửa kỷ luật",
    "remove_discipline": "Gỡ bỏ kỷ luật ghi nhầm",
    "import_history": "Nhập lịch sử khen thưởng từ tệp Excel",
    "end_service": "Thôi tham gia Hội đồng",
    "add_agenda": "Đưa hồ sơ vào chương trình họp",
    "remove_agenda": "Bỏ hồ sơ khỏi chương trình họp",
    "attendance": "Điểm danh",
    "recuse": "Ghi nhận không tham gia biểu quyết",
    "cast_ballot": "Gửi phiếu bầu",
    "written_vote": "Nhập ý kiến bằng văn bản của thành viên vắng mặt",
    "paper_ballots": "Nhập kết quả phiếu giấy",
    "number": "Ký, cấp số văn bản",
    "record_outcome": "Ghi kết quả khen thưởng của cấp trên",
    "post_notice": "Công khai danh sách đề nghị",
    "end_delegation": "Kết thúc ủy quyền ký thay",
    "record_objection": "Ghi nhận ý kiến về danh sách công khai",
    "download": "Tải tệp đính kèm",
    "view_personal_data": "Xem dữ liệu cá nhân (dân tộc, năm sinh)",
    "export_personal_data": "Xuất dữ liệu cá nhân",
    "prune_audit": "Xóa nhật ký quá thời hạn lưu giữ",
    # Emulation blocs (thidua/blocs)
    "add_bloc_member": "Thêm đơn vị thành viên của khối",
    "add_bloc_user": "Thêm người dùng của khối",
    "add_criterion": "Thêm tiêu chí chấm điểm",
    "remove_criterion": "Xóa tiêu chí chấm điểm",
    "sign_compact": "Ký giao ước thi đua",
    "self_score": "Nhập điểm tự chấm",
    "agreed_score": "Nhập điểm thẩm định",
    "cast_bloc_ballot": "Gửi phiếu của đơn vị",
    "bloc_nominations": "Lập hồ sơ đề nghị theo kết quả bỏ phiếu",
}


def action_label(action: str, object_type: str) -> str:
    """The Vietnamese name of an audited action: a transition's own label, else the table above."""
    from .workflow import MACHINES
    for machine in MACHINES.values():
        if machine.object_type == object_type and machine.transition(action) is not None:
            return machine.transition(action).label
    return ACTION_LABELS.get(action, action)

OBJECT_LABELS = {"unit": "Đơn vị", "user": "Người dùng", "campaign": "Kế hoạch thi đua",
                 "registration": "Bản đăng ký thi đua", "award_kind": "Danh mục danh hiệu, hình thức",
                 "legal_regime": "Chế độ pháp lý", "person": "Cán bộ, cá nhân", "report": "Báo cáo",
                 "nomination": "Hồ sơ đề nghị khen thưởng", "rule_parameter": "Tham số tiêu chuẩn",
                 "award_history": "Lịch sử thi đua, khen thưởng", "council_member": "Thành viên Hội đồng TĐKT",
                 "vote_rule": "Quy tắc biểu quyết của Hội đồng", "council_session": "Phiên họp Hội đồng TĐKT",
                 "decision": "Quyết định, tờ trình khen thưởng", "delegation": "Ủy quyền ký thay", "agency_head": "Trưởng Ban",
                 "base_salary": "Mức lương cơ sở", "attachment": "Tệp đính kèm", "audit_log": "Nhật ký hệ thống",
                 "bloc": "Cụm, khối thi đua", "compact": "Giao ước thi đua", "bloc_round": "Vòng chấm điểm của khối",
                 "scorecard": "Bảng điểm của đơn vị", "bloc_vote": "Bỏ phiếu suy tôn của khối"}

FIELD_LABELS = {
    "name": "Tên", "code": "Mã", "kind": "Loại", "parent_id": "Cấp trên (mã số)", "active": "Hoạt động",
    "username": "Tên đăng nhập", "full_name": "Họ và tên", "email": "Thư điện tử", "unit_id": "Đơn vị (mã số)",
    "roles": "Vai trò", "number": "Số", "symbol": "Ký hiệu", "issued_on": "Ngày ban hành", "place": "Địa danh",
    "title": "Trích yếu", "registration_deadline": "Hạn đăng ký", "nomination_deadline": "Hạn gửi hồ sơ",
    "signer_name": "Người ký", "signer_title": "Chức vụ người ký", "units": "Nơi nhận (mã số)",
    "position": "Thứ tự", "text": "Nội dung", "day": "Ngày", "until": "Gia hạn đến", "reason": "Lý do",
    "subject": "Đối tượng", "person": "Cá nhân", "award": "Danh hiệu / hình thức",
    "gender": "Giới tính", "birth_year": "Năm sinh", "ethnicity": "Dân tộc", "job_title": "Chức vụ, chức danh",
    "is_staff": "Là cán bộ", "national_id": "Số CCCD", "count": "Số người", "file": "Tệp",
    "category": "Danh hiệu hay hình thức", "level": "Cấp", "decided_by": "Thẩm quyền",
    "authority": "Người quyết định", "legal_basis": "Căn cứ pháp lý", "cash_coefficient": "Hệ số tiền thưởng",
    "sort_order": "Thứ tự hiển thị", "basis": "Căn cứ", "valid_from": "Áp dụng từ", "valid_to": "Đến hết",
    "size": "Dung lượng (byte)", "sha256": "Mã băm SHA-256", "component": "Thành phần hồ sơ",
    # Achievement report of a dossier (thidua/nominations/achievement.py)
    "heading_parent": "Cơ quan cấp trên", "heading_unit": "Cơ quan, đơn vị báo cáo", "report_date": "Ngày báo cáo",
    "head_name": "Thủ trưởng đơn vị", "birth_date": "Ngày sinh", "religion": "Tôn giáo", "hometown": "Quê quán",
    "residence": "Trú quán", "workplace": "Đơn vị công tác", "expertise": "Trình độ chuyên môn, nghiệp vụ",
    "political_theory": "Trình độ lý luận chính trị", "honours": "Học hàm, học vị, danh hiệu, giải thưởng",
    "duties": "Quyền hạn, nhiệm vụ được giao", "achievements": "Thành tích đạt được",
    "collective_name": "Tên tập thể", "address": "Địa chỉ", "phone": "Điện thoại", "contact": "Fax, e-mail, website",
    "situation": "Đặc điểm, tình hình", "functions": "Chức năng, nhiệm vụ", "results": "Kết quả thực hiện nhiệm vụ",
    "measures": "Biện pháp, phong trào thi đua", "policy": "Thực hiện chủ trương, chính sách",
    "organisations": "Hoạt động của tổ chức Đảng, đoàn thể", "no_organisations": "Không có tổ chức Đảng, đoàn thể",
    "form": "Theo mẫu",
    # Award history (thidua/history) and rule parameters
    "record": "Mã bản ghi", "year": "Năm", "decision_number": "Số quyết định", "decided_on": "Ngày quyết định",
    "deciding_body": "Cơ quan quyết định", "source": "Nguồn", "initiative": "Sáng kiến", "scope": "Phạm vi",
    "recognised_by": "Cơ quan công nhận", "recognised_on": "Ngày công nhận", "rating": "Xếp loại",
    "discipline": "Hình thức kỷ luật", "starts_on": "Từ ngày", "ends_on": "Đến ngày", "value": "Giá trị",
    "confirmed": "Đã xác nhận", "note": "Ghi chú", "awards": "Số khen thưởng", "initiatives": "Số sáng kiến",
    "parameter": "Tham số", "regime": "Chế độ pháp lý",
    # Council roster and vote rules (thidua/council)
    "user_id": "Người dùng (mã số)", "role": "Vai trò trong Hội đồng", "served_from": "Tham gia từ",
    "served_to": "Đến hết", "quorum_numerator": "Điều kiện họp — tử số", "quorum_denominator": "Điều kiện họp — mẫu số",
    "threshold_percent": "Ngưỡng đạt (%)", "denominator": "Tỷ lệ tính trên",
    "written_votes_allowed": "Biểu quyết bằng văn bản",
    "method": "Hình thức biểu quyết", "article": "Căn cứ (điều, khoản)",
    "recuse_same_unit": "Thành viên cùng đơn vị không biểu quyết",
    "notice_working_days": "Số ngày làm việc công khai trước khi họp",
    "meets_at": "Thời gian họp", "secretary_id": "Thư ký (mã số)", "campaign_id": "Phong trào (mã số)",
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}).*)?$")


def _client_ip() -> str:
    if not has_request_context():
        return ""
    return request.remote_addr or ""


def _dump(state: Any) -> str:
    if state in (None, ""):
        return ""
    if isinstance(state, str):
        return state
    return json.dumps(state, ensure_ascii=False, sort_keys=True, default=str)


def record(
    action: str,
    object_type: str,
    object_id: int | None,
    *,
    before: Any = None,
    after: Any = None,
    comment: str = "",
    actor=None,
) -> AuditLog:
    """Append one audit entry; the actor defaults to the signed-in user."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    return AuditLog.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        state_before=_dump(before),
        state_after=_dump(after),
        comment=comment or "",
        ip_address=_client_ip(),
    )


# Vietnam keeps UTC+7 all year (no daylight saving since 1975): audit times are stored in UTC and shown in it.
LOCAL_OFFSET = datetime.timedelta(hours=7)


def local_time(value):
    """An audit time (naive UTC) as Vietnamese local time, for display."""
    if not isinstance(value, datetime.datetime):
        return value
    return value + LOCAL_OFFSET


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Keep only the keys whose values differ, for a compact before/after pair."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _readable_value(key: str, value: Any) -> str:
    from . import roles
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(_readable_value(key, v) for v in value) or "—"
    if key == "roles" and value in roles.LABELS:
        return roles.LABELS[value]
    text = str(value)
    match = _ISO_DATE.match(text)
    if match:
        y, m, d, hh, mm = match.groups()
        return f"{d}/{m}/{y}" + (f" {hh}:{mm}" if hh else "")
    return text


# The records about people: on the system log (read by the IT admin) their values show only as "changed".
PERSONAL_OBJECTS = frozenset({"person", "nomination"})
HIDDEN = "(dữ liệu cá nhân, không hiển thị)"


def describe(stored: str, object_type: str, redact: bool = False) -> str:
    """Turn a stored before/after state into words a civil servant can read.

    redact hides the values of records about people (ethnicity, discipline, ratings, birth dates…): the admin
    who keeps the system running has no need to read them; those who work with the person see them in place.
    """
    if not stored:
        return ""
    try:
        state = json.loads(stored)
    except ValueError:
        state = stored
    if isinstance(state, dict):
        hide = redact and object_type in PERSONAL_OBJECTS
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: {HIDDEN if hide else _readable_value(k, v)}"
                         for k, v in state.items())
    if isinstance(state, str):
        from .workflow import MACHINES
        for machine in MACHINES.values():
            if machine.object_type == object_type:
                return machine.label(state)
    return _readable_value("", state)


def history_of(object_type: str, object_id: int, exclude: tuple[str, ...] = ()) -> list:
    """A record's processing history for its page: every audited step with who, when and the comment (one query).
    exclude: actions not shown on the page (e.g. a council session's individual ballot receipts)."""
    from peewee import JOIN

    from .models import User
    query = (AuditLog.select(AuditLog, User).join(User, JOIN.LEFT_OUTER)
             .where(AuditLog.object_type == object_type, AuditLog.object_id == object_id)
             .order_by(AuditLog.at, AuditLog.id))
    if exclude:
        query = query.where(AuditLog.action.not_in(list(exclude)))
    return list(query)
