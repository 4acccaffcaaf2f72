"""Factories for emulation blocs: a bloc of member units with their heads and officers, a compact in force with a
small scoring table, rounds with scorecards, through the services (so every step is audited as in the app)."""
from __future__ import annotations

import itertools
from decimal import Decimal

from thidua import roles, workflow
from thidua.blocs import scoring, services, voting
from thidua.models import Criterion, Scorecard
from tests.campaign_factories import make_campaign
from tests.factories import make_unit, make_user

_seq = itertools.count(1)

# (code, title, kind, max points, parent code)
TABLE = [
    ("1", "Thực hiện nhiệm vụ chuyên môn", "score", "0", None),
    ("1.1", "Hoàn thành chỉ tiêu kế hoạch năm", "score", "40", "1"),
    ("1.2", "Cải cách hành chính, chuyển đổi số", "score", "30", "1"),
    ("2", "Công tác thi đua, khen thưởng", "score", "30", None),
    ("3", "Điểm thưởng: mô hình mới, cách làm hay", "bonus", "5", None),
    ("4", "Điểm trừ: chậm báo cáo, vi phạm", "penalty", "5", None),
]
UNIT_NAMES = ["Ban Dân tộc tỉnh", "Sở Lao động - Thương binh và Xã hội", "Sở Tư pháp", "Thanh tra tỉnh"]


class BlocWorld:
    """A bloc of `size` member units; the first leads, the second is deputy; each has a head and an officer."""

    def __init__(self, size: int = 3, signed: int | None = None, campaign: bool = True, year: int = 2021):
        n = next(_seq)
        self.board = make_user(roles.EMULATION_BOARD, unit=make_unit(name=f"Sở Nội vụ {n}", kind="other"),
                               full_name=f"Phan Thanh Bình {n}")
        self.office = make_user(roles.OFFICE, unit=make_unit(kind="agency"))
        self.bloc = services.create_bloc("khoi", f"Khối Thi đua 3 ({n})", "", self.board)
        self.units, self.heads, self.officers = [], [], []
        for i in range(size):
            unit = make_unit(name=f"{UNIT_NAMES[i % len(UNIT_NAMES)]} ({n}.{i})", kind="other")
            head = make_user(roles.UNIT_HEAD, unit=unit)
            officer = make_user(roles.UNIT_STAFF, unit=unit)
            services.add_member(self.bloc, unit.id, year, self.board)
            services.add_user(self.bloc, head.id, "head", self.board)
            services.add_user(self.bloc, officer.id, "officer", self.board)
            self.units.append(unit)
            self.heads.append(head)
            self.officers.append(officer)
        self.campaign = make_campaign(self.office, units=self.units) if campaign else None
        self.compact = services.create_year(self.bloc, {
            "year": year, "leader_unit_id": self.units[0].id, "deputy_unit_id": self.units[1].id,
            "campaign_id": self.campaign.id if self.campaign else None}, self.board)
        self.leader = self.officers[0]
        services.save_terms(self.compact, {"targets": "Hoàn thành 100% chỉ tiêu được giao\nKhông có đơn thư vượt cấp",
                                           "tie_break": "bonus,penalty", "vote_threshold": Decimal(50),
                                           "flag_quota": 1, "bk_quota": 1}, self.leader)
        self.criteria: dict[str, Criterion] = {}
        for code, title, kind, maximum, parent in TABLE:
            self.criteria[code] = services.add_criterion(self.compact, {
                "code": code, "title": title, "kind": kind, "max_points": Decimal(maximum),
                "parent_id": self.criteria[parent].id if parent else None}, self.leader)
        workflow.apply(self.compact, "open_signing", self.leader)
        for head in self.heads[: size if signed is None else signed]:
            services.sign(self.compact, head)

    def in_force(self) -> BlocWorld:
        workflow.apply(self.compact, "put_in_force", self.leader)
        return self

    def open_round(self, period: str = "year_end"):
        self.round = services.open_round(self.compact, period, self.leader)
        return self.round

    def card(self, index: int) -> Scorecard:
        return Scorecard.get(Scorecard.round == self.round.id, Scorecard.unit == self.units[index].id)

    def self_score(self, index: int, values: dict[str, str | tuple[str, str]], submit: bool = True) -> Scorecard:
        """Enter and (by default) submit a unit's self-scores: {code: points} or {code: (points, note)}."""
        card = self.card(index)
        typed = {self.criteria[code].id: (v if isinstance(v, tuple) else (v, "")) for code, v in values.items()}
        scoring.save_self(card, typed, self.officers[index])
        if submit:
            workflow.apply(card, "submit", self.officers[index])
        return Scorecard.get_by_id(card.id)

    def checker(self, index: int):
        """Who cross-checks unit `index`'s scorecard: the leader's officer, or the deputy's for the leader unit."""
        return self.officers[1] if index == 0 else self.leader

    def agree(self, index: int, values: dict[str, tuple[str, str]]) -> Scorecard:
        card = self.card(index)
        scoring.save_agreed(card, {self.criteria[c].id: v for c, v in values.items()}, self.checker(index))
        return Scorecard.get_by_id(card.id)

    def finish(self, index: int, values: dict[str, str | tuple[str, str]]) -> Scorecard:
        """Self-score, submit and confirm a unit with no differences."""
        self.self_score(index, values)
        card = self.card(index)
        workflow.apply(card, "confirm", self.checker(index))
        return card

    def close_round(self) -> None:
        workflow.apply(self.round, "start_check", self.leader)
        self.round = type(self.round).get_by_id(self.round.id)
        if self.round.status == "cross_checking":
            workflow.apply(self.round, "close", self.leader)

    def vote(self):
        self.bloc_vote = voting.create(type(self.round).get_by_id(self.round.id), self.leader)
        workflow.apply(self.bloc_vote, "open", self.leader)
        return self.bloc_vote


FULL = {"1.1": "40", "1.2": "30", "2": "30"}
