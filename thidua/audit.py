"""Write audit entries: one call per state change, inside the caller's transaction."""
from __future__ import annotations

import json
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
    "logout": "Đăng xuất",
    "change_password": "Đổi mật khẩu",
    "reset_password": "Đặt lại mật khẩu",
}

OBJECT_LABELS = {"unit": "Đơn vị", "user": "Người dùng"}


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


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Keep only the keys whose values differ, for a compact before/after pair."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
