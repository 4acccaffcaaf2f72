"""Sign-in attempts, kept in the database so every worker sees the same count."""
from __future__ import annotations

import datetime

from peewee import BooleanField, CharField, DateTimeField

from ..db import BaseModel


class LoginAttempt(BaseModel):
    username = CharField(max_length=60)
    ip_address = CharField(max_length=45)
    at = DateTimeField(default=datetime.datetime.now)
    success = BooleanField(default=False)

    class Meta:
        indexes = (
            (("username", "at"), False),
            (("ip_address", "at"), False),
        )
