"""The append-only audit log: who did what to which record, when and from where."""
from __future__ import annotations

import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .org import User


class AuditLog(BaseModel):
    at = DateTimeField(default=datetime.datetime.now, index=True)
    actor = ForeignKeyField(User, null=True, backref="audit_entries", on_delete="RESTRICT")
    action = CharField(max_length=60)
    object_type = CharField(max_length=40)
    object_id = IntegerField(null=True)
    state_before = TextField(default="")
    state_after = TextField(default="")
    comment = TextField(default="")
    ip_address = CharField(max_length=45, default="")

    class Meta:
        indexes = ((("object_type", "object_id"), False),)

    def save(self, *args, **kwargs):
        # Rows are written once; the database triggers of migration 0002 guard the same rule.
        if self.id is not None and not kwargs.get("force_insert"):
            raise PermissionError("Nhật ký hệ thống chỉ được ghi thêm, không được sửa.")
        return super().save(*args, **kwargs)

    def delete_instance(self, *args, **kwargs):
        raise PermissionError("Nhật ký hệ thống không được xóa.")
