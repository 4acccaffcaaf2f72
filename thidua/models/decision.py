"""The leader's sign-off: award decisions (quyết định khen thưởng) and proposals upward (tờ trình), the register
their numbers come from, the base salary the cash amounts rest on, and delegations to sign on the leader's behalf.

A decision is numbered only when it is signed, in the transaction that signs it: a failed signing takes no number,
so the register never has a gap or a duplicate. A signed decision is never edited; another decision corrects or
revokes it.
"""
from __future__ import annotations

import datetime

from peewee import (SQL, CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField)

from ..db import BaseModel
from .campaign import Campaign
from .catalogue import AwardKind
from .council_session import CouncilSession
from .nomination import Nomination
from .org import User

DECISION_KINDS = {"decision": "Quyết định khen thưởng", "proposal": "Tờ trình đề nghị khen thưởng"}
DECISION_STATES = ("draft", "submitted", "returned", "signed")
SYMBOLS = {"decision": "QĐ", "proposal": "TTr"}
CORRECTIONS = {"correct": "Đính chính", "revoke": "Thu hồi, hủy bỏ"}


def _in(column: str, values) -> Check:
    return Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


class BaseSalary(BaseModel):
    """Mức lương cơ sở in force from a date: the base every cash amount multiplies."""
    valid_from = DateField(unique=True)
    amount = IntegerField(constraints=[Check("amount > 0")])
    legal_basis = CharField(max_length=200, default="")

    @classmethod
    def on(cls, day: datetime.date):
        return cls.select().where(cls.valid_from <= day).order_by(cls.valid_from.desc()).first()


class DocumentRegister(BaseModel):
    """The last number given per agency, document type and calendar year (sổ đăng ký văn bản đi)."""
    agency = CharField(max_length=20)
    doc_type = CharField(max_length=10)
    year = IntegerField()
    last_number = IntegerField(default=0, constraints=[Check("last_number >= 0")])

    class Meta:
        indexes = ((("agency", "doc_type", "year"), True),)


class AgencyHead(BaseModel):
    """Who heads the agency (Trưởng Ban) over time: only the head signs without a delegation."""
    user = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    valid_from = DateField()
    valid_to = DateField(null=True)  # null: still in office
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)

    class Meta:
        constraints = [SQL("CHECK (valid_to IS NULL OR valid_to >= valid_from)")]

    @classmethod
    def on(cls, day: datetime.date):
        return (cls.select().where(cls.valid_from <= day, (cls.valid_to.is_null()) | (cls.valid_to >= day))
                .order_by(cls.valid_from.desc()).first())


class Delegation(BaseModel):
    """A deputy allowed to sign on the leader's behalf for a period ("KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN")."""
    deputy = ForeignKeyField(User, backref="delegations", on_delete="RESTRICT")
    principal = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    deputy_title = CharField(max_length=100, default="PHÓ TRƯỞNG BAN")
    valid_from = DateField()
    valid_to = DateField()
    note = TextField(default="")
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)
    ended_at = DateTimeField(null=True)  # ended early by the head: no longer valid, whatever its dates

    class Meta:
        constraints = [SQL("CHECK (valid_to >= valid_from)"), SQL("CHECK (deputy_id <> principal_id)")]


class Decision(BaseModel):
    kind = CharField(max_length=10, constraints=[_in("kind", DECISION_KINDS)])
    campaign = ForeignKeyField(Campaign, backref="decisions", on_delete="RESTRICT")
    session = ForeignKeyField(CouncilSession, null=True, backref="decisions", on_delete="RESTRICT")
    award_kind = ForeignKeyField(AwardKind, null=True, on_delete="RESTRICT")  # None: every award of the campaign
    summary = CharField(max_length=300)         # trích yếu: "Về việc tặng danh hiệu Lao động tiên tiến năm 2021"
    recipients = TextField(default="")          # Nơi nhận, one per line
    status = CharField(max_length=10, default="draft", constraints=[_in("status", DECISION_STATES)])
    version = IntegerField(default=1)
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)
    submitted_at = DateTimeField(null=True)
    decided_at = DateTimeField(null=True)
    return_comment = TextField(default="")
    # Set only by signing, in the same transaction as the number.
    number = IntegerField(null=True)
    symbol = CharField(max_length=20, default="")      # "QĐ-BDT"
    year = IntegerField(null=True)
    signed_on = DateField(null=True)
    signed_at = DateTimeField(null=True)
    signed_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    on_behalf_of = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")  # the leader, when a deputy
    signer_title = CharField(max_length=100, default="")      # "TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN"
    signer_authority = CharField(max_length=100, default="")  # "KT. TRƯỞNG BAN" when a deputy signs
    base_salary = IntegerField(null=True)
    total_amount = IntegerField(null=True)
    pdf_sha256 = CharField(max_length=64, default="")
    corrects = ForeignKeyField("self", null=True, backref="corrections", on_delete="RESTRICT")
    correction_kind = CharField(max_length=8, null=True, constraints=[Check("correction_kind IN ('correct', 'revoke')")])
    correction_text = TextField(default="")  # what is corrected, or why the award is revoked

    class Meta:
        indexes = ((("status",), False), (("campaign", "kind"), False), (("year", "symbol", "number"), True))
        constraints = [SQL("CHECK ((status = 'signed') = (number IS NOT NULL))")]

    @property
    def number_symbol(self) -> str:
        if self.number is None:
            return f"…/{self.symbol or SYMBOLS[self.kind]}"
        return f"{self.number:02d}/{self.symbol}"

    @property
    def kind_label(self) -> str:
        return DECISION_KINDS[self.kind]


class DecisionLine(BaseModel):
    decision = ForeignKeyField(Decision, backref="lines", on_delete="CASCADE")
    nomination = ForeignKeyField(Nomination, backref="decision_lines", on_delete="RESTRICT")
    nomination_version = IntegerField()  # as it was put in: a dossier changed since is not signed unseen
    position = IntegerField(default=0)
    amount = IntegerField(null=True)  # frozen at signing; computed from the catalogue while a draft
    # A proposal's line: what the outside body decided, recorded by the office afterwards.
    outcome = CharField(max_length=12, null=True, constraints=[Check("outcome IN ('awarded', 'not_awarded')")])
    outside_number = CharField(max_length=60, default="")
    outside_date = DateField(null=True)
    outside_body = CharField(max_length=200, default="")

    class Meta:
        indexes = ((("decision", "nomination"), True), (("nomination",), False))
