"""Changes to units and users: each one transaction with its audit entry."""
from __future__ import annotations

import datetime

from peewee import IntegrityError, fn

from .. import audit, records
from ..forms_support import FieldError
from ..db import db
from ..models import Unit, User, UserRole
from ..passwords import hash_password


def _unit_state(unit: Unit) -> dict:
    return {"name": unit.name, "code": unit.code, "kind": unit.kind,
            "parent_id": unit.parent_id, "active": unit.active}


def _user_state(user: User, role_codes=None) -> dict:
    return {"full_name": user.full_name, "email": user.email, "unit_id": user.unit_id,
            "active": user.active, "roles": sorted(role_codes if role_codes is not None else user.role_codes)}


def _check_unit_code_free(code: str, unit_id: int | None = None) -> None:
    query = Unit.select().where(fn.UPPER(Unit.code) == code.upper())
    if unit_id is not None:
        query = query.where(Unit.id != unit_id)
    if query.exists():
        raise FieldError("code", f"Mã đơn vị “{code}” đã được dùng cho đơn vị khác.")


def _check_parent(unit_id: int | None, parent_id: int | None) -> None:
    """Refuse a parent that is the unit itself or one of its descendants."""
    seen = set()
    current = parent_id
    while current is not None and current not in seen:
        if current == unit_id:
            raise FieldError("parent_id", "Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới của nó làm cấp trên.")
        seen.add(current)
        current = Unit.select(Unit.parent).where(Unit.id == current).scalar()


def create_unit(name: str, code: str, kind: str, parent_id: int | None) -> Unit:
    _check_unit_code_free(code)
    try:
        with db.atomic():
            unit = Unit.create(name=name, code=code, kind=kind, parent=parent_id)
            audit.record("create", "unit", unit.id, after=_unit_state(unit))
    except IntegrityError:
        raise FieldError("code", f"Mã đơn vị “{code}” đã được dùng cho đơn vị khác.") from None
    return unit


def update_unit(unit: Unit, name: str, code: str, kind: str, parent_id: int | None) -> Unit:
    _check_unit_code_free(code, unit.id)
    _check_parent(unit.id, parent_id)
    before = _unit_state(unit)
    unit.name, unit.code, unit.kind, unit.parent = name, code, kind, parent_id
    try:
        with db.atomic():
            unit.save()
            old, new = audit.changes(before, _unit_state(unit))
            if new:
                audit.record("update", "unit", unit.id, before=old, after=new)
    except IntegrityError:
        raise FieldError("code", f"Mã đơn vị “{code}” đã được dùng cho đơn vị khác.") from None
    return unit


def set_unit_active(unit: Unit, active: bool) -> None:
    records.set_active(unit, active, "unit")


def _check_username_free(username: str) -> None:
    if User.select().where(fn.LOWER(User.username) == username.lower()).exists():
        raise FieldError("username", f"Tên đăng nhập “{username}” đã có người dùng.")


def _write_roles(user: User, role_codes) -> None:
    UserRole.delete().where(UserRole.user == user).execute()
    if role_codes:
        UserRole.insert_many([{"user": user.id, "role": r} for r in sorted(set(role_codes))]).execute()
    user.__dict__.pop("_role_codes", None)


def create_user(username: str, full_name: str, email: str, unit_id: int, role_codes,
                password: str) -> User:
    _check_username_free(username)
    try:
        with db.atomic():
            user = User.create(username=username, full_name=full_name, email=email or "",
                               unit=unit_id, password_hash=hash_password(password),
                               must_change_password=True)
            _write_roles(user, role_codes)
            audit.record("create", "user", user.id, after=_user_state(user, role_codes))
    except IntegrityError:
        raise FieldError("username", f"Tên đăng nhập “{username}” đã có người dùng.") from None
    return user


def update_user(user: User, full_name: str, email: str, unit_id: int, role_codes, actor: User) -> User:
    if user.id == actor.id and "admin" in user.role_codes and "admin" not in role_codes:
        raise FieldError("roles", "Bạn không thể tự bỏ vai trò quản trị của chính mình.")
    before = _user_state(user)
    unit_changed = user.unit_id != unit_id
    roles_changed = sorted(set(role_codes)) != before["roles"]
    user.full_name, user.email, user.unit = full_name, email or "", unit_id
    with db.atomic():
        if unit_changed or roles_changed:
            # What the user may see changed: make them sign in again.
            user.session_version += 1
        user.save()
        if roles_changed:
            _write_roles(user, role_codes)
        old, new = audit.changes(before, _user_state(user, sorted(set(role_codes))))
        if new:
            audit.record("update", "user", user.id, before=old, after=new)
    return user


def set_user_active(user: User, active: bool, actor: User) -> None:
    if user.active == active:
        return
    if user.id == actor.id and not active:
        raise FieldError("active", "Bạn không thể tự khóa tài khoản của chính mình.")
    with db.atomic():
        # Re-enabling restarts the inactivity clock (INACTIVE_DAYS) and clears why the account was off.
        extra = {"active_since": datetime.datetime.now(), "disabled_reason": ""} if active else {}
        User.update(active=active, session_version=User.session_version + 1, **extra) \
            .where(User.id == user.id).execute()
        audit.record("activate" if active else "deactivate", "user", user.id,
                     before={"active": user.active}, after={"active": active})
        user.active = active


def reset_password(user: User, password: str) -> None:
    with db.atomic():
        User.update(password_hash=hash_password(password), must_change_password=True,
                    session_version=User.session_version + 1).where(User.id == user.id).execute()
        audit.record("reset_password", "user", user.id)



def unlock_sign_in(user: User) -> None:
    """End the lock of repeated failed sign-ins early: failures before now no longer count for this account."""
    with db.atomic():
        User.update(lock_cleared_at=datetime.datetime.now()).where(User.id == user.id).execute()
        audit.record("unlock_sign_in", "user", user.id)


def reset_totp(user: User) -> None:
    """Remove a user's two-factor sign-in (a lost phone); their sessions end and they enrol again."""
    with db.atomic():
        User.update(totp_secret=None, totp_last_step=None, session_version=User.session_version + 1) \
            .where(User.id == user.id).execute()
        audit.record("reset_totp", "user", user.id)
