"""Registrations (đăng ký thi đua): the titles and award forms a unit aims for in a campaign."""
from __future__ import annotations

import datetime

from peewee import CharField, Check, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .campaign import Campaign
from .catalogue import AwardKind
from .org import Unit, User
from .person import Person

SUBJECTS = {"collective": "Tập thể", "individual": "Cá nhân"}


class Registration(BaseModel):
    campaign = ForeignKeyField(Campaign, backref="registrations", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="registrations", on_delete="RESTRICT")
    status = CharField(max_length=12, default="draft",
                       constraints=[Check("status IN ('draft', 'submitted', 'returned', 'accepted')")])
    version = IntegerField(default=1)
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)
    submitted_at = DateTimeField(null=True)
    decided_at = DateTimeField(null=True)
    return_comment = TextField(default="")

    class Meta:
        indexes = (
            (("campaign", "unit"), True),
            (("campaign", "status"), False),
        )


class RegistrationLine(BaseModel):
    registration = ForeignKeyField(Registration, backref="lines", on_delete="CASCADE")
    subject = CharField(max_length=12, constraints=[Check("subject IN ('collective', 'individual')")])
    person = ForeignKeyField(Person, null=True, on_delete="RESTRICT")
    award_kind = ForeignKeyField(AwardKind, on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)

    class Meta:
        indexes = ((("registration", "subject", "person", "award_kind"), False),)
