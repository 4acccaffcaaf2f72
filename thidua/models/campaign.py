"""Emulation campaigns (phong trào / kế hoạch thi đua): the plan, its contents, milestones, addressees."""
from __future__ import annotations

import datetime

from peewee import (BooleanField, CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel
from .catalogue import LegalRegime
from .org import Unit, User

CAMPAIGN_KINDS = {"annual": "Thường xuyên (hằng năm)", "thematic": "Chuyên đề"}


class Campaign(BaseModel):
    number = IntegerField()
    symbol = CharField(max_length=30, default="KH-BDT")
    year = IntegerField()  # the plan's calendar year; numbers are unique per agency and year
    issued_on = DateField()
    place = CharField(max_length=60, default="Đồng Nai")
    title = CharField(max_length=500)
    kind = CharField(max_length=10, constraints=[Check("kind IN ('annual', 'thematic')")])
    preamble = TextField(default="")        # "Căn cứ …" / "Thực hiện …" lines and the opening sentence
    purpose = TextField(default="")
    requirements = TextField(default="")
    implementation = TextField(default="")  # "III. Tổ chức thực hiện"
    registration_deadline = DateField(null=True)
    nomination_deadline = DateField(null=True)
    signer_title = CharField(max_length=100, default="TRƯỞNG BAN")
    signer_name = CharField(max_length=120, default="")
    recipients = TextField(default="")      # one "Nơi nhận" line per line
    # Under the 2022 law registration is not a legal precondition; a campaign may still demand it.
    registration_required = BooleanField(default=False)
    regime = ForeignKeyField(LegalRegime, on_delete="RESTRICT")
    status = CharField(max_length=12, default="draft",
                       constraints=[Check("status IN ('draft', 'published', 'closed')")])
    version = IntegerField(default=1)
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)
    published_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("year", "number", "symbol"), True),
            (("status", "issued_on"), False),
        )

    @property
    def number_symbol(self) -> str:
        return f"{self.number:02d}/{self.symbol}"

    @property
    def kind_label(self) -> str:
        return CAMPAIGN_KINDS.get(self.kind, self.kind)

    def __str__(self) -> str:
        return f"{self.number_symbol} — {self.title}"


class CampaignItem(BaseModel):
    """One numbered content of the plan ("II. Nội dung thi đua")."""
    campaign = ForeignKeyField(Campaign, backref="items", on_delete="CASCADE")
    position = IntegerField()
    text = TextField()

    class Meta:
        indexes = ((("campaign", "position"), False),)


class CampaignMilestone(BaseModel):
    campaign = ForeignKeyField(Campaign, backref="milestones", on_delete="CASCADE")
    day = DateField()
    title = CharField(max_length=300)


class CampaignUnit(BaseModel):
    """A unit the plan is addressed to: it is expected to register and report."""
    campaign = ForeignKeyField(Campaign, backref="addressed", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, backref="campaigns", on_delete="RESTRICT")

    class Meta:
        indexes = ((("campaign", "unit"), True),)


class DeadlineExtension(BaseModel):
    """A later registration deadline granted to one unit, with the reason."""
    campaign = ForeignKeyField(Campaign, backref="extensions", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, on_delete="RESTRICT")
    until = DateField()
    reason = TextField()
    granted_by = ForeignKeyField(User, on_delete="RESTRICT")
    granted_at = DateTimeField(default=datetime.datetime.now)

    class Meta:
        indexes = ((("campaign", "unit"), True),)
