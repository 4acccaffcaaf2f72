"""People of a unit who can be registered and nominated: staff, and community members."""
from __future__ import annotations

import datetime

from peewee import BooleanField, CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField

from ..db import BaseModel
from .org import Unit

GENDERS = {"male": "Nam", "female": "Nữ"}


class Person(BaseModel):
    unit = ForeignKeyField(Unit, backref="people", on_delete="RESTRICT")
    full_name = CharField(max_length=120)
    # Vietnamese names sort by given name (last word), then the rest; kept for ORDER BY.
    sort_key = CharField(max_length=200, index=True)
    gender = CharField(max_length=10, constraints=[Check("gender IN ('male', 'female')")])
    birth_year = IntegerField(null=True)
    ethnicity = CharField(max_length=2)
    position = CharField(max_length=200, default="")
    is_staff = BooleanField(default=True)
    national_id = CharField(max_length=12, null=True, unique=True)
    active = BooleanField(default=True)
    # Ngày bắt đầu công tác: the minimum service for Lao động tiên tiến is counted from it.
    employed_since = DateField(null=True)
    created_at = DateTimeField(default=datetime.datetime.now)

    class Meta:
        indexes = ((("unit", "sort_key"), False),)

    def save(self, *args, **kwargs):
        saved = super().save(*args, **kwargs)
        from ..search.names import put
        put("person", self.id, self.full_name)  # search's index of names (migration 0021), same transaction
        return saved

    @property
    def gender_label(self) -> str:
        return GENDERS.get(self.gender, "")

    @property
    def masked_national_id(self) -> str:
        if not self.national_id:
            return ""
        return "•" * 8 + self.national_id[-4:]

    def __str__(self) -> str:
        return self.full_name
