"""Files attached to any record: one row per stored file, never deleted, only marked removed."""
from __future__ import annotations

import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from ..db import BaseModel
from .org import User


class Attachment(BaseModel):
    # The owning record, by kind and id, so every module can hold files without a table of its own.
    owner_type = CharField(max_length=40)
    owner_id = IntegerField()
    component = CharField(max_length=40, default="")  # e.g. a dossier component code
    original_name = CharField(max_length=255)
    stored_name = CharField(max_length=64, unique=True)  # random; the name on disk never comes from the user
    content_type = CharField(max_length=100)
    size = IntegerField()
    sha256 = CharField(max_length=64)
    uploaded_by = ForeignKeyField(User, backref="attachments", on_delete="RESTRICT")
    uploaded_at = DateTimeField(default=datetime.datetime.now)
    # Soft removal: a record's history keeps every file it ever held.
    removed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("owner_type", "owner_id"), False),)

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
