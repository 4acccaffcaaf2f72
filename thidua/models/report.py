"""Reports (báo cáo) of units on a campaign's movement: six-month, annual, thematic."""
from __future__ import annotations

import datetime

from peewee import CharField, Check, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .campaign import Campaign
from .org import Unit, User

REPORT_KINDS = {"six_month": "Sơ kết 6 tháng", "annual": "Tổng kết năm", "thematic": "Chuyên đề"}


class Report(BaseModel):
    campaign = ForeignKeyField(Campaign, backref="reports", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="reports", on_delete="RESTRICT")
    kind = CharField(max_length=12, constraints=[Check("kind IN ('six_month', 'annual', 'thematic')")])
    period = CharField(max_length=100, default="")   # "6 tháng đầu năm 2021"
    body = TextField(default="")
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
            (("campaign", "unit", "kind"), True),
            (("campaign", "status"), False),
        )

    @property
    def kind_label(self) -> str:
        return REPORT_KINDS.get(self.kind, self.kind)
