"""The append-only audit log: who did what to which record, when (UTC) and from where, chained by SHA-256."""
from __future__ import annotations

import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .org import User


def utc_now() -> datetime.datetime:
    """The current time in UTC, naive (the column has no zone; every audit time is UTC, see migration 0019)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class AuditLog(BaseModel):
    at = DateTimeField(default=utc_now, index=True)
    actor = ForeignKeyField(User, null=True, backref="audit_entries", on_delete="RESTRICT")
    action = CharField(max_length=60)
    object_type = CharField(max_length=40)
    object_id = IntegerField(null=True)
    state_before = TextField(default="")
    state_after = TextField(default="")
    comment = TextField(default="")
    ip_address = CharField(max_length=45, default="")
    # The hash chain (thidua/audit_chain.py): the previous row's hash, and SHA-256 of this row's fields and it.
    prev_hash = CharField(max_length=64, default="")
    hash = CharField(max_length=64, default="")

    class Meta:
        indexes = ((("object_type", "object_id"), False),)

    def save(self, *args, **kwargs):
        # Rows are written once; the database triggers of migrations 0001 and 0019 guard the same rule.
        if self.id is not None and not kwargs.get("force_insert"):
            raise PermissionError("Nhật ký hệ thống chỉ được ghi thêm, không được sửa.")
        from ..audit_chain import append
        return append(self, lambda: super(AuditLog, self).save(*args, **kwargs))

    def delete_instance(self, *args, **kwargs):
        raise PermissionError("Nhật ký hệ thống không được xóa.")


class AuditChainHead(BaseModel):
    """One row (id 1): the last audit row's id and hash. Every writer updates it first, so writers queue here
    and two of them can never chain onto the same previous row (a row lock on PostgreSQL, the write lock on
    SQLite)."""
    last_id = IntegerField(null=True)
    last_hash = CharField(max_length=64)
