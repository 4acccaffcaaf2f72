"""Organisational units and the people who sign in."""
from __future__ import annotations

import datetime

from flask_login import UserMixin
from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    Check,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    fn,
)

from .. import roles
from ..db import BaseModel
from ..vnsort import name_key, text_key

UNIT_KINDS = {
    "agency": "Cơ quan (Ban)",
    "department": "Phòng, đơn vị thuộc Ban",
    "district": "Phòng Dân tộc cấp huyện",
    "other": "Đơn vị khác",
}


def _in(column: str, values) -> Check:
    quoted = ", ".join(f"'{v}'" for v in values)
    return Check(f"{column} IN ({quoted})")


class Unit(BaseModel):
    name = CharField(max_length=200)
    sort_key = CharField(max_length=200, default="", index=True)  # Vietnamese order of name
    code = CharField(max_length=30, unique=True)
    kind = CharField(max_length=20, constraints=[_in("kind", UNIT_KINDS)])
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=datetime.datetime.now)

    class Meta:
        indexes = ((("name",), False),)

    def save(self, *args, **kwargs):
        self.sort_key = text_key(self.name)
        saved = super().save(*args, **kwargs)
        from ..search.names import put
        put("unit", self.id, self.name)  # search's index of names (migration 0021), same transaction
        return saved

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)

    def __str__(self) -> str:
        return self.name


class User(UserMixin, BaseModel):
    username = CharField(max_length=60, unique=True)
    full_name = CharField(max_length=120)
    sort_key = CharField(max_length=200, default="", index=True)  # given name first, Vietnamese order
    email = CharField(max_length=200, default="")
    unit = ForeignKeyField(Unit, backref="users", on_delete="RESTRICT")
    active = BooleanField(default=True)
    password_hash = CharField(max_length=255)
    # Bumped at logout and password change so that every older session cookie stops working.
    session_version = IntegerField(default=1)
    must_change_password = BooleanField(default=False)
    email_notifications = BooleanField(default=True)  # the user's choice: notifications by e-mail too
    created_at = DateTimeField(default=datetime.datetime.now)
    last_login_at = DateTimeField(null=True)
    # Sign-in hardening (thidua/auth): the TOTP secret, encrypted with TOTP_ENCRYPTION_KEY (thidua/auth/totp.py),
    # never logged; the last time-step accepted, so a code cannot be used twice.
    totp_secret = CharField(max_length=255, null=True)
    totp_last_step = BigIntegerField(null=True)
    # When an admin last (re)enabled the account: the inactivity clock (INACTIVE_DAYS) starts again there.
    active_since = DateTimeField(null=True)
    # Why the account is off: "inactive" when disabled for not signing in within INACTIVE_DAYS, else "".
    disabled_reason = CharField(max_length=20, default="")
    # An admin's early end of a sign-in lock: failures before this moment no longer count.
    lock_cleared_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("full_name",), False),)

    def save(self, *args, **kwargs):
        self.sort_key = name_key(self.full_name)
        return super().save(*args, **kwargs)

    # flask-login ----------------------------------------------------------
    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret)

    def last_activity(self) -> datetime.datetime:
        """Return when the inactivity clock started: last sign-in, re-enabling or creation, the latest."""
        return max(d for d in (self.last_login_at, self.active_since, self.created_at) if d is not None)

    # roles ----------------------------------------------------------------
    @property
    def role_codes(self) -> frozenset[str]:
        cached = self.__dict__.get("_role_codes")
        if cached is None:
            cached = frozenset(r.role for r in UserRole.select(UserRole.role).where(UserRole.user == self))
            self.__dict__["_role_codes"] = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    @property
    def is_committee_wide(self) -> bool:
        return self.has_role(*roles.COMMITTEE_WIDE)

    def can_see_unit(self, unit_id: int) -> bool:
        """Say whether this user may see the records of a unit."""
        return self.is_committee_wide or self.has_role(roles.ADMIN) or self.unit_id == unit_id

    @classmethod
    def by_username(cls, username: str):
        return cls.get_or_none(fn.LOWER(cls.username) == username.strip().lower())

    def __str__(self) -> str:
        return self.full_name


class UserRole(BaseModel):
    user = ForeignKeyField(User, backref="roles", on_delete="CASCADE")
    role = CharField(max_length=30, constraints=[_in("role", roles.ALL)])

    class Meta:
        indexes = ((("user", "role"), True),)
