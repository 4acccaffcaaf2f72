"""A meeting of the council (phiên họp Hội đồng): its agenda, attendance, recusals, the secret ballot and the
frozen results.

Secrecy of the ballot is a property of the schema, not of the screens:
- `BallotReceipt` says that a member has voted in a round (and on which channel), never what;
- `VoteCount` holds only running totals per agenda line and round — no member, no row per vote, no timestamp, no
  sequence, not even the channel (online, written, paper): a channel with a single voter would give that voter's
  choice away — created with zeros when the round opens, so nothing about a row tells who moved it.
Nobody, an administrator with the database included, can tell from the stored rows who voted what.
"""
from __future__ import annotations

import datetime
from fractions import Fraction

from peewee import (SQL, BooleanField, CharField, Check, DateField, DateTimeField, DecimalField, ForeignKeyField,
                    IntegerField, TextField)

from ..db import BaseModel
from .campaign import Campaign
from .council import CouncilMember
from .nomination import Nomination
from .org import User

SESSION_STATES = ("draft", "attendance", "voting", "closed")
CHANNELS = {"online": "Phiếu điện tử", "written": "Ý kiến bằng văn bản (vắng mặt)", "paper": "Phiếu giấy"}


def _in(column: str, values) -> Check:
    return Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


class CouncilSession(BaseModel):
    campaign = ForeignKeyField(Campaign, backref="council_sessions", on_delete="RESTRICT")
    title = CharField(max_length=300)  # "Xét khen thưởng năm 2021"
    meets_at = DateTimeField()
    place = CharField(max_length=300)
    secretary = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    status = CharField(max_length=12, default="draft", constraints=[_in("status", SESSION_STATES)])
    round = IntegerField(default=1, constraints=[Check("round >= 1")])
    version = IntegerField(default=1)
    conclusions = TextField(default="")
    created_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    created_at = DateTimeField(default=datetime.datetime.now)
    attendance_opened_at = DateTimeField(null=True)
    voting_opened_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("status",), False), (("campaign",), False))


class SessionAttendance(BaseModel):
    """One council seat at one session: the roster on the meeting day, frozen when attendance opens."""
    session = ForeignKeyField(CouncilSession, backref="attendance", on_delete="CASCADE")
    seat = ForeignKeyField(CouncilMember, on_delete="RESTRICT")
    present = BooleanField(default=False)

    class Meta:
        indexes = ((("session", "seat"), True),)


class AgendaItem(BaseModel):
    """One dossier on the agenda. The vote rule is copied in when voting opens, so that a later edit of the
    rules never changes how a past vote is read."""
    session = ForeignKeyField(CouncilSession, backref="items", on_delete="CASCADE")
    nomination = ForeignKeyField(Nomination, backref="agenda_items", on_delete="RESTRICT")
    position = IntegerField(default=0)
    round = IntegerField(default=1)  # the latest round this line was put to the vote in
    rule_threshold = DecimalField(max_digits=5, decimal_places=2, null=True)
    rule_denominator = CharField(max_length=8, null=True)
    rule_quorum_numerator = IntegerField(null=True)
    rule_quorum_denominator = IntegerField(null=True)
    rule_written_allowed = BooleanField(default=False)
    rule_recuse_unit = BooleanField(default=False)
    rule_award_code = CharField(max_length=20, default="")  # the rule's own code: "*" when the default applied
    rule_article = CharField(max_length=200, default="")
    rule_confirmed = BooleanField(default=False)
    rule_text = TextField(default="")

    class Meta:
        indexes = ((("session", "nomination"), True),)


class Recusal(BaseModel):
    """A member who does not vote on one line (the nominee, or from the nominee's unit when the rule says so)."""
    item = ForeignKeyField(AgendaItem, backref="recusals", on_delete="CASCADE")
    seat = ForeignKeyField(CouncilMember, on_delete="RESTRICT")
    reason = CharField(max_length=300)

    class Meta:
        indexes = ((("item", "seat"), True),)


class BallotReceipt(BaseModel):
    """That a member has voted in a round, on which channel — never what. One per member and round."""
    session = ForeignKeyField(CouncilSession, backref="receipts", on_delete="CASCADE")
    round = IntegerField()
    seat = ForeignKeyField(CouncilMember, on_delete="RESTRICT")
    channel = CharField(max_length=8, constraints=[_in("channel", CHANNELS)])

    class Meta:
        indexes = ((("session", "round", "seat"), True),)


class VoteCount(BaseModel):
    """Running totals of one line in one round, every channel together. No member, no timestamp, no row per vote."""
    item = ForeignKeyField(AgendaItem, backref="counts", on_delete="CASCADE")
    round = IntegerField()
    yes = IntegerField(default=0, constraints=[Check("yes >= 0")])
    no = IntegerField(default=0, constraints=[Check("no >= 0")])

    class Meta:
        indexes = ((("item", "round"), True),)


class LineResult(BaseModel):
    """The frozen result of one line in one round, written when the round closes (append-only in the database)."""
    item = ForeignKeyField(AgendaItem, backref="results", on_delete="RESTRICT")
    round = IntegerField()
    members = IntegerField()        # seats of the council on the day
    eligible = IntegerField()       # members minus those recused on this line
    participants = IntegerField()   # eligible members present, plus eligible absent members who voted in writing
    base = IntegerField()           # the denominator the rule applied
    yes = IntegerField()
    no = IntegerField()
    recused = IntegerField(default=0)
    threshold_percent = DecimalField(max_digits=5, decimal_places=2)
    denominator = CharField(max_length=8)
    passed = BooleanField()
    explanation = TextField()       # the sentence of tally.passes(): counts, share, threshold and rule applied

    class Meta:
        indexes = ((("item", "round"), True),)
        constraints = [SQL("CHECK (yes + no <= participants)")]

    @property
    def share(self) -> Fraction:
        """Yes votes as an exact fraction of the rule's denominator."""
        return Fraction(self.yes, self.base) if self.base else Fraction(0)


class PublicNotice(BaseModel):
    """The agenda posted publicly before the council meets (công khai), for the working days its rules require."""
    session = ForeignKeyField(CouncilSession, backref="notices", unique=True, on_delete="RESTRICT")
    posted_on = DateField()
    working_days = IntegerField(constraints=[Check("working_days >= 0")])
    ends_on = DateField()  # the last working day of the posting; the council may meet after it
    created_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    created_at = DateTimeField(default=datetime.datetime.now)

    class Meta:
        constraints = [SQL("CHECK (ends_on >= posted_on)")]


class NoticeObjection(BaseModel):
    """An opinion or complaint received while the notice was posted, recorded by the office for the council."""
    notice = ForeignKeyField(PublicNotice, backref="objections", on_delete="RESTRICT")
    nomination = ForeignKeyField(Nomination, null=True, on_delete="RESTRICT")  # None: about the list as a whole
    received_on = DateField()
    sender = CharField(max_length=200)
    content = TextField()
    handling = TextField(default="")  # how the office handled it, reported to the council
    recorded_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    recorded_at = DateTimeField(default=datetime.datetime.now)
