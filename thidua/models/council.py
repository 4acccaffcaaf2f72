"""The Committee's emulation and commendation council (Hội đồng Thi đua - Khen thưởng): who sits on it and when,
and the vote rules (quorum, threshold, its denominator, written votes, ballot) per legal regime and award.

Members are never deleted: their service ends (served_to), so that past sessions keep their roster.
"""
from __future__ import annotations

import datetime

from peewee import (SQL, BooleanField, CharField, Check, DateField, DecimalField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel
from ..vnsort import name_key
from .catalogue import LegalRegime
from .org import User


def _in(column: str, values) -> Check:
    return Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


COUNCIL_ROLES = {"chair": "Chủ tịch Hội đồng", "vice_chair": "Phó Chủ tịch Hội đồng",
                 "standing": "Ủy viên thường trực", "member": "Ủy viên"}
DENOMINATORS = {"all": "Tổng số thành viên Hội đồng", "present": "Số thành viên có mặt"}
METHODS = {"secret": "Bỏ phiếu kín", "show_of_hands": "Biểu quyết giơ tay"}
DEFAULT_AWARD = "*"  # the rule of a regime for every award without a row of its own


class CouncilMember(BaseModel):
    user = ForeignKeyField(User, backref="council_seats", on_delete="RESTRICT")
    role = CharField(max_length=12, constraints=[_in("role", COUNCIL_ROLES)])
    served_from = DateField()
    served_to = DateField(null=True)  # null: still serving
    note = TextField(default="")

    class Meta:
        constraints = [SQL("CHECK (served_to IS NULL OR served_to >= served_from)")]

    @property
    def role_label(self) -> str:
        return COUNCIL_ROLES[self.role]

    def serves_on(self, day: datetime.date) -> bool:
        return self.served_from <= day and (self.served_to is None or day <= self.served_to)

    @classmethod
    def members_on(cls, day: datetime.date):
        """The seats held on day, chair first, then vice-chairs, standing members and members."""
        order = {role: i for i, role in enumerate(COUNCIL_ROLES)}
        seats = list(cls.select(cls, User).join(User)
                     .where(cls.served_from <= day, (cls.served_to.is_null()) | (cls.served_to >= day)))
        return sorted(seats, key=lambda s: (order[s.role], name_key(s.user.full_name), s.id))


def members_on(day: datetime.date) -> list[CouncilMember]:
    """The council's seats on day (see CouncilMember.members_on)."""
    return CouncilMember.members_on(day)


class VoteRule(BaseModel):
    """How the council decides on one award (or "*", every other award) under one regime."""
    regime = ForeignKeyField(LegalRegime, backref="vote_rules", on_delete="RESTRICT")
    award_code = CharField(max_length=20)  # an AwardKind code of the regime, or "*"
    quorum_numerator = IntegerField(default=2, constraints=[Check("quorum_numerator >= 0")])
    quorum_denominator = IntegerField(default=3, constraints=[Check("quorum_denominator > 0")])
    threshold_percent = DecimalField(max_digits=5, decimal_places=2,
                                     constraints=[Check("threshold_percent >= 0 AND threshold_percent <= 100")])
    denominator = CharField(max_length=8, constraints=[_in("denominator", DENOMINATORS)])
    written_votes_allowed = BooleanField(default=False)
    method = CharField(max_length=14, constraints=[_in("method", METHODS)])
    recuse_same_unit = BooleanField(default=False)  # members from the nominee's unit do not vote on its line
    notice_working_days = IntegerField(default=0, constraints=[Check("notice_working_days >= 0")])  # 0: no posting
    confirmed = BooleanField(default=False)
    note = TextField(default="")
    article = CharField(max_length=200, default="")  # the article the rule rests on

    class Meta:
        indexes = ((("regime", "award_code"), True),)
        constraints = [SQL("CHECK (quorum_numerator <= quorum_denominator)")]

    @property
    def denominator_label(self) -> str:
        return DENOMINATORS[self.denominator]

    @property
    def method_label(self) -> str:
        return METHODS[self.method]

    @classmethod
    def rule_for(cls, regime_code: str, award_code: str):
        """The rule for award_code under the regime, else the regime's "*" rule, else None."""
        rows = {r.award_code: r for r in cls.select(cls, LegalRegime).join(LegalRegime).where(
            LegalRegime.code == regime_code, cls.award_code.in_([award_code, DEFAULT_AWARD]))}
        return rows.get(award_code) or rows.get(DEFAULT_AWARD)


def rule_for(regime_code: str, award_code: str) -> VoteRule | None:
    return VoteRule.rule_for(regime_code, award_code)
