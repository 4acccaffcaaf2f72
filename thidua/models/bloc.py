"""Emulation blocs (cụm, khối thi đua): member units and their users, the year's compact and scoring table, the
scoring rounds with self-scores and agreed scores, and the bloc's secret vote on whom to propose.

The vote keeps the council's secrecy pattern (thidua/models/council_session.py): `BlocBallotReceipt` says that a
member unit has voted, never what; `BlocVoteCount` holds one running total per candidate line, created with zeros
when voting opens. Nothing stored tells which unit voted for whom.

Points are Decimals with two places (exact); a penalty's points are stored negative.
"""
from __future__ import annotations

import datetime

from peewee import (BooleanField, CharField, Check, DateTimeField, DecimalField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel
from .campaign import Campaign
from .org import Unit, User

BLOC_KINDS = {"khoi": "Khối thi đua", "cum": "Cụm thi đua"}
BLOC_USER_KINDS = {"head": "Thủ trưởng đơn vị", "officer": "Cán bộ phụ trách thi đua"}
CRITERION_KINDS = {"score": "Tiêu chí chấm điểm", "bonus": "Điểm thưởng", "penalty": "Điểm trừ"}
PERIODS = {"mid_year": "Sơ kết 6 tháng", "year_end": "Tổng kết năm"}
VOTE_AWARDS = {"flag": "Cờ thi đua của Ủy ban nhân dân tỉnh", "bk": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"}
# Tie-break keys a compact may list, in order, after the total: each compares the agreed points of the round.
TIE_BREAK_KEYS = {"bonus": "Nhiều điểm thưởng hơn", "penalty": "Ít điểm trừ hơn", "score": "Điểm tiêu chí cao hơn"}

COMPACT_STATES = ("draft", "signing", "in_force")
ROUND_STATES = ("self_scoring", "cross_checking", "closed")
SCORECARD_STATES = ("draft", "submitted", "reviewed", "objected", "final")
VOTE_STATES = ("draft", "voting", "closed")


def _in(column: str, values) -> Check:
    return Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


class Bloc(BaseModel):
    kind = CharField(max_length=4, constraints=[_in("kind", BLOC_KINDS)])
    name = CharField(max_length=200, unique=True)   # "Khối Thi đua 3"
    description = TextField(default="")
    active = BooleanField(default=True)
    created_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    created_at = DateTimeField(default=datetime.datetime.now)

    @property
    def kind_label(self) -> str:
        return BLOC_KINDS.get(self.kind, self.kind)


class BlocMember(BaseModel):
    """A unit in the bloc: a department of the Committee or another provincial agency."""
    bloc = ForeignKeyField(Bloc, backref="members", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, backref="bloc_memberships", on_delete="RESTRICT")
    joined_year = IntegerField()

    class Meta:
        indexes = ((("bloc", "unit"), True),)


class BlocUser(BaseModel):
    """Who acts for a member unit in the bloc: its head (signs, votes, objects) and its emulation officer."""
    bloc = ForeignKeyField(Bloc, backref="users", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="bloc_seats", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    kind = CharField(max_length=8, constraints=[_in("kind", BLOC_USER_KINDS)])

    class Meta:
        indexes = ((("bloc", "user"), True), (("user",), False))


class Compact(BaseModel):
    """The bloc's year: its rotating leader and deputy, the compact (giao ước) and its scoring table."""
    bloc = ForeignKeyField(Bloc, backref="compacts", on_delete="RESTRICT")
    year = IntegerField()
    leader_unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    deputy_unit = ForeignKeyField(Unit, null=True, on_delete="RESTRICT", backref="+")
    # The campaign whose ordinary dossier flow the bloc's proposals enter (the Committee's annual campaign).
    campaign = ForeignKeyField(Campaign, null=True, on_delete="RESTRICT", backref="+")
    targets = TextField(default="")                  # the compact's targets (nội dung giao ước), one per line
    tie_break = CharField(max_length=60, default="bonus,penalty")  # after the total, then a vote
    vote_threshold = DecimalField(max_digits=5, decimal_places=2, default=50)  # % of the member units voting
    flag_quota = IntegerField(default=1, constraints=[Check("flag_quota >= 0")])
    bk_quota = IntegerField(default=2, constraints=[Check("bk_quota >= 0")])
    status = CharField(max_length=10, default="draft", constraints=[_in("status", COMPACT_STATES)])
    version = IntegerField(default=1)
    created_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    created_at = DateTimeField(default=datetime.datetime.now)
    signing_at = DateTimeField(null=True)
    in_force_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("bloc", "year"), True), (("status",), False))


class Criterion(BaseModel):
    """One line of the scoring table: a group (no points of its own) or a scored item with its maximum."""
    compact = ForeignKeyField(Compact, backref="criteria", on_delete="CASCADE")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    position = IntegerField(default=0)
    code = CharField(max_length=20)                 # "1", "1.2"
    title = CharField(max_length=500)
    kind = CharField(max_length=8, default="score", constraints=[_in("kind", CRITERION_KINDS)])
    max_points = DecimalField(max_digits=7, decimal_places=2, constraints=[Check("max_points >= 0")])

    class Meta:
        indexes = ((("compact", "position"), False),)


class CompactSignature(BaseModel):
    """A member unit's head confirmed the compact in the app."""
    compact = ForeignKeyField(Compact, backref="signatures", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    signed_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    signed_at = DateTimeField(default=datetime.datetime.now)

    class Meta:
        indexes = ((("compact", "unit"), True),)


class BlocRound(BaseModel):
    """A scoring round (sơ kết 6 tháng, tổng kết năm) of a compact."""
    compact = ForeignKeyField(Compact, backref="rounds", on_delete="RESTRICT")
    period = CharField(max_length=8, constraints=[_in("period", PERIODS)])
    status = CharField(max_length=14, default="self_scoring", constraints=[_in("status", ROUND_STATES)])
    version = IntegerField(default=1)
    opened_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    opened_at = DateTimeField(default=datetime.datetime.now)
    checking_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("compact", "period"), True), (("status",), False))

    @property
    def period_label(self) -> str:
        return PERIODS.get(self.period, self.period)


class Scorecard(BaseModel):
    """One member unit's scores in one round."""
    round = ForeignKeyField(BlocRound, backref="scorecards", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    status = CharField(max_length=10, default="draft", constraints=[_in("status", SCORECARD_STATES)])
    version = IntegerField(default=1)
    submitted_at = DateTimeField(null=True)
    reviewed_at = DateTimeField(null=True)
    objection = TextField(default="")    # the member's one objection
    settlement = TextField(default="")   # how the leader settled it
    finalised_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("round", "unit"), True), (("unit", "status"), False))


class Score(BaseModel):
    """A member's self-score and the leader's agreed score on one scored criterion."""
    scorecard = ForeignKeyField(Scorecard, backref="scores", on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion, on_delete="RESTRICT", backref="+")
    self_points = DecimalField(max_digits=7, decimal_places=2, null=True)
    self_note = TextField(default="")      # explanation; mandatory for a penalty
    agreed_points = DecimalField(max_digits=7, decimal_places=2, null=True)
    agreed_reason = TextField(default="")  # mandatory where agreed differs from self

    class Meta:
        indexes = ((("scorecard", "criterion"), True),)


class BlocVote(BaseModel):
    """The bloc's secret vote, after the year-end round, on whom to propose for the flag and for Bằng khen."""
    round = ForeignKeyField(BlocRound, backref="votes", unique=True, on_delete="RESTRICT")
    status = CharField(max_length=8, default="draft", constraints=[_in("status", VOTE_STATES)])
    version = IntegerField(default=1)
    voters = IntegerField(default=0)   # member units entitled to vote, frozen when voting opens
    threshold = DecimalField(max_digits=5, decimal_places=2, default=50)  # copied from the compact when opened
    created_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    created_at = DateTimeField(default=datetime.datetime.now)
    voting_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    nominations_at = DateTimeField(null=True)


class BlocVoteLine(BaseModel):
    """One candidate unit for one award; the result columns are written once, when the vote closes."""
    vote = ForeignKeyField(BlocVote, backref="lines", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    award = CharField(max_length=4, constraints=[_in("award", VOTE_AWARDS)])
    position = IntegerField(default=0)
    rank = IntegerField()
    total = DecimalField(max_digits=9, decimal_places=2)
    yes = IntegerField(null=True)
    no = IntegerField(null=True)
    passed = BooleanField(null=True)
    explanation = TextField(default="")
    nomination_id = IntegerField(null=True)   # the dossier the result opened

    class Meta:
        indexes = ((("vote", "unit", "award"), True),)


class BlocBallotReceipt(BaseModel):
    """That a member unit has voted — never what. One per unit and vote."""
    vote = ForeignKeyField(BlocVote, backref="receipts", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")

    class Meta:
        indexes = ((("vote", "unit"), True),)


class BlocVoteCount(BaseModel):
    """Running totals of one candidate line. No unit, no timestamp, no row per vote."""
    line = ForeignKeyField(BlocVoteLine, backref="counts", unique=True, on_delete="CASCADE")
    yes = IntegerField(default=0, constraints=[Check("yes >= 0")])
    no = IntegerField(default=0, constraints=[Check("no >= 0")])
