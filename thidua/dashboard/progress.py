"""A campaign's dashboard: progress per unit and the results, each from a fixed number of grouped queries.

Every figure is a GROUP BY over the campaign's records, so the number of queries does not grow with the number of
units or dossiers (tests/web/test_dashboard.py counts them).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from peewee import JOIN, fn

from ..db import db
from ..ethnicities import KINH, name_of
from ..flows import REGISTRATION
from ..models import (AgendaItem, AwardKind, AwardRecord, Campaign, CampaignUnit, Decision, DecisionLine,
                      Nomination, Person, Registration, RegistrationLine, Report, Unit)
from ..models.person import GENDERS
from .charts import Bar, BarChart, number, percent

# A dossier's furthest stage, read from its state: each set holds the states at or past that stage.
SUBMITTED = ("submitted", "verified", "passed", "not_passed", "awarded", "proposed", "not_awarded")
VERIFIED = ("verified", "passed", "not_passed", "awarded", "proposed", "not_awarded")
PASSED = ("passed", "awarded", "proposed", "not_awarded")
# Registrations and reports the office has received (waiting for it, or accepted).
RECEIVED = ("submitted", "accepted")

# Short names for the charts (the tables give the catalogue's full names).
SHORT_NAMES = {
    "LDTT": "Lao động tiên tiến", "CSTDCS": "CSTĐ cơ sở", "CSTDT": "CSTĐ cấp tỉnh", "CSTDTQ": "CSTĐ toàn quốc",
    "TTLDTT": "Tập thể lao động tiên tiến", "TTLDXS": "Tập thể lao động xuất sắc",
    "CO_TINH": "Cờ thi đua UBND tỉnh", "CO_CP": "Cờ thi đua của Chính phủ", "GK": "Giấy khen của Trưởng Ban",
    "BK_TINH": "Bằng khen Chủ tịch UBND tỉnh", "BK_BO": "Bằng khen cấp bộ", "BK_TTG": "Bằng khen Thủ tướng",
    "KNC_DT": "Kỷ niệm chương (dân tộc)",
}


def is_minority(ethnicity: str | None) -> bool | None:
    """True for an ethnic minority, False for Kinh, None when the person's group is not recorded."""
    if not ethnicity:
        return None
    return ethnicity != KINH


@dataclass
class UnitProgress:
    unit_id: int | None
    name: str
    addressed: bool = True
    registration_id: int | None = None
    registration_status: str | None = None
    registration_lines: int = 0
    reports_sent: int = 0
    reports_accepted: int = 0
    dossiers: Counter = field(default_factory=Counter)  # state -> count
    on_agenda: int = 0
    in_decision: int = 0
    in_proposal: int = 0
    registered_units: int = 0  # the totals row: how many units' registrations were received

    def _count(self, states) -> int:
        return sum(self.dossiers[s] for s in states)

    @property
    def drafted(self) -> int:
        return sum(self.dossiers.values())

    @property
    def submitted(self) -> int:
        return self._count(SUBMITTED)

    @property
    def returned(self) -> int:
        return self.dossiers["returned"]

    @property
    def verified(self) -> int:
        return self._count(VERIFIED)

    @property
    def passed(self) -> int:
        return self._count(PASSED)

    @property
    def not_passed(self) -> int:
        return self.dossiers["not_passed"]

    @property
    def awarded(self) -> int:
        return self.dossiers["awarded"]

    @property
    def registration_received(self) -> bool:
        return self.registration_status in RECEIVED

    @property
    def registration_label(self) -> str:
        if self.registration_status is None:
            return "Chưa đăng ký"
        return REGISTRATION.label(self.registration_status)

    def add(self, other: "UnitProgress") -> None:
        for name in ("registration_lines", "reports_sent", "reports_accepted", "on_agenda", "in_decision",
                     "in_proposal"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.dossiers.update(other.dossiers)
        self.registered_units += 1 if other.registration_received else 0


# The numeric columns of the progress table, grouped under a heading: (group, [(label, attribute)]).
PROGRESS_GROUPS = [
    ("Đăng ký thi đua", [("Số dòng", "registration_lines")]),
    ("Báo cáo", [("Đã gửi", "reports_sent"), ("Đã tiếp nhận", "reports_accepted")]),
    ("Hồ sơ đề nghị khen thưởng", [("Đã lập", "drafted"), ("Đã nộp", "submitted"), ("Bị trả lại", "returned"),
                                   ("Đã thẩm định", "verified")]),
    ("Hội đồng", [("Đưa ra xét", "on_agenda"), ("Thông qua", "passed"), ("Không thông qua", "not_passed")]),
    ("Quyết định", [("Trong QĐ đã ký", "in_decision"), ("Trình cấp trên", "in_proposal"),
                    ("Được khen thưởng", "awarded")]),
]
PROGRESS_COLUMNS = [column for _, columns in PROGRESS_GROUPS for column in columns]


@dataclass
class Progress:
    rows: list[UnitProgress]
    total: UnitProgress

    @property
    def addressed(self) -> int:
        return sum(1 for r in self.rows if r.addressed)


def _raw(query) -> list[tuple]:
    """The rows as the driver returns them: ids, states and counts need no conversion, and a ministry's campaign
    has tens of thousands of (unit, state) counts, which Peewee's row processing would triple in time."""
    return db.execute(query).fetchall()


def unit_progress(campaign: Campaign) -> Progress:
    """Each addressed unit (and any other unit with records in the campaign) with its counts, in 7 queries —
    kept until the next write (thidua/readcache.py): a ministry's campaign is 5,000 units and 25,000 counts,
    about 90 ms to gather, and the dashboard is read far more often than the records change."""
    from ..readcache import cached
    return cached("unit_progress", (campaign.id,), lambda: _unit_progress(campaign))


def _unit_progress(campaign: Campaign) -> Progress:
    addressed = _raw(Unit.select(Unit.id, Unit.name).join(CampaignUnit)
                     .where(CampaignUnit.campaign == campaign.id).order_by(Unit.kind, Unit.sort_key))
    rows = {uid: UnitProgress(uid, name) for uid, name in addressed}

    def row(unit_id: int) -> UnitProgress:
        if unit_id not in rows:
            rows[unit_id] = UnitProgress(unit_id, "", addressed=False)
        return rows[unit_id]

    registrations = (Registration.select(Registration.id, Registration.unit, Registration.status,
                                         fn.COUNT(RegistrationLine.id))
                     .join(RegistrationLine, JOIN.LEFT_OUTER)
                     .where(Registration.campaign == campaign.id)
                     .group_by(Registration.id, Registration.unit, Registration.status))
    for reg_id, unit_id, status, lines in _raw(registrations):
        r = row(unit_id)
        r.registration_id, r.registration_status, r.registration_lines = reg_id, status, lines
    reports = (Report.select(Report.unit, Report.status, fn.COUNT(Report.id))
               .where(Report.campaign == campaign.id).group_by(Report.unit, Report.status))
    for unit_id, status, count in _raw(reports):
        r = row(unit_id)
        if status in RECEIVED:
            r.reports_sent += count
        if status == "accepted":
            r.reports_accepted += count
    dossiers = (Nomination.select(Nomination.unit, Nomination.status, fn.COUNT(Nomination.id))
                .where(Nomination.campaign == campaign.id).group_by(Nomination.unit, Nomination.status))
    for unit_id, status, count in _raw(dossiers):
        row(unit_id).dossiers[status] += count
    agenda = (AgendaItem.select(Nomination.unit, fn.COUNT(fn.DISTINCT(AgendaItem.nomination)))
              .join(Nomination).where(Nomination.campaign == campaign.id).group_by(Nomination.unit))
    for unit_id, count in _raw(agenda):
        row(unit_id).on_agenda = count
    # Lines of signed decisions and proposals; a correcting decision repeats its lines, so it is left out.
    signed = (DecisionLine.select(Nomination.unit, Decision.kind, fn.COUNT(fn.DISTINCT(DecisionLine.nomination)))
              .join(Decision).switch(DecisionLine).join(Nomination)
              .where(Nomination.campaign == campaign.id, Decision.status == "signed", Decision.corrects.is_null())
              .group_by(Nomination.unit, Decision.kind))
    for unit_id, kind, count in _raw(signed):
        if kind == "decision":
            row(unit_id).in_decision = count
        else:
            row(unit_id).in_proposal = count
    others = [uid for uid, r in rows.items() if not r.addressed]
    if others:  # units outside the addressees that still have records: one more query, whatever their number
        for unit_id, name in Unit.select(Unit.id, Unit.name).where(Unit.id.in_(others)).tuples():
            rows[unit_id].name = name
    ordered = [rows[uid] for uid, _ in addressed] + sorted((rows[u] for u in others), key=lambda r: r.name)
    return Progress(ordered, _total(ordered))


def _total(rows: list[UnitProgress]) -> UnitProgress:
    """The totals row: each column summed once over the units (UnitProgress.add per row would be five
    thousand calls at a ministry)."""
    total = UnitProgress(None, "Tổng cộng")
    for name in ("registration_lines", "reports_sent", "reports_accepted", "on_agenda", "in_decision",
                 "in_proposal"):
        setattr(total, name, sum(getattr(r, name) for r in rows))
    for r in rows:
        if r.dossiers:
            total.dossiers.update(r.dossiers)
    total.registered_units = sum(1 for r in rows if r.registration_status in RECEIVED)
    return total


def progress_chart(campaign: Campaign, progress: Progress) -> BarChart:
    """The campaign's dossiers at each stage, with the share of the submitted ones that reached it."""
    t = progress.total
    bars = [Bar("Hồ sơ đã lập", t.drafted), Bar("Đã nộp", t.submitted)] + [
        Bar(label, value, note=percent(value, t.submitted)) for label, value in (
            ("Đã thẩm định", t.verified), ("Đưa ra Hội đồng xét", t.on_agenda), ("Hội đồng thông qua", t.passed),
            ("Được khen thưởng", t.awarded))]
    return BarChart("chart-progress", "Hồ sơ đề nghị khen thưởng qua từng bước", bars,
                    headers=["Bước", "Số hồ sơ (tỷ lệ trên số đã nộp)"], rows=[[b.label, b.value_text] for b in bars],
                    source="Nguồn: hồ sơ đề nghị khen thưởng của kế hoạch (trạng thái hiện tại) và chương trình họp "
                           "Hội đồng.")


# --- results: the campaign's dossiers that were awarded -------------------------------------------------------

RESULT_SOURCE_TEXT = ("hồ sơ đề nghị khen thưởng của kế hoạch ở trạng thái “Đã được khen thưởng” (theo quyết "
                      "định của Trưởng Ban đã ký, hoặc cấp trên đã quyết định theo tờ trình); khen thưởng đã thu hồi "
                      "không được tính.")
RESULT_SOURCE = "Nguồn: " + RESULT_SOURCE_TEXT


@dataclass
class AwardCount:
    code: str
    name: str
    category: str
    individual: int = 0
    collective: int = 0

    @property
    def total(self) -> int:
        return self.individual + self.collective


def awarded_by_kind(campaign: Campaign) -> list[AwardCount]:
    """Awarded dossiers of the campaign per title or award form, split individual / collective, in one query —
    kept until the next write, like the per-unit counts beside it."""
    from ..readcache import cached
    return cached("awarded_by_kind", (campaign.id,), lambda: _awarded_by_kind(campaign))


def _awarded_by_kind(campaign: Campaign) -> list[AwardCount]:
    query = (Nomination.select(AwardKind.code, AwardKind.name, AwardKind.category, AwardKind.sort_order,
                               Nomination.subject, fn.COUNT(Nomination.id))
             .join(AwardKind)
             .where(Nomination.campaign == campaign.id, Nomination.status == "awarded")
             .group_by(AwardKind.code, AwardKind.name, AwardKind.category, AwardKind.sort_order, Nomination.subject)
             .order_by(AwardKind.sort_order).tuples())
    counts: dict[str, AwardCount] = {}
    for code, name, category, _order, subject, count in query:
        entry = counts.setdefault(code, AwardCount(code, name, category))
        setattr(entry, subject, getattr(entry, subject) + count)
    return list(counts.values())


@dataclass
class People:
    """Awarded individuals by gender and by ethnic group."""
    by_gender: Counter
    by_ethnicity: Counter  # code -> count

    @property
    def total(self) -> int:
        return sum(self.by_gender.values())

    @property
    def minority(self) -> int:
        return sum(n for code, n in self.by_ethnicity.items() if is_minority(code))

    @property
    def kinh(self) -> int:
        return self.by_ethnicity.get(KINH, 0)

    @property
    def unknown(self) -> int:
        return sum(n for code, n in self.by_ethnicity.items() if is_minority(code) is None)

    @property
    def minority_share(self) -> str:
        return percent(self.minority, self.total)


def awarded_people(campaign: Campaign) -> People:
    """Awarded individuals of the campaign by gender and ethnicity, in one query — kept until the next write
    (PostgreSQL joins the 200,000 people for it: 30 ms at a ministry's scale)."""
    from ..readcache import cached
    return cached("awarded_people", (campaign.id,), lambda: _awarded_people(campaign))


def _awarded_people(campaign: Campaign) -> People:
    query = (Nomination.select(Person.gender, Person.ethnicity, fn.COUNT(Nomination.id))
             .join(Person, on=(Nomination.person == Person.id))
             .where(Nomination.campaign == campaign.id, Nomination.status == "awarded",
                    Nomination.subject == "individual")
             .group_by(Person.gender, Person.ethnicity).tuples())
    genders, groups = Counter(), Counter()
    for gender, ethnicity, count in query:
        genders[gender] += count
        groups[ethnicity or ""] += count
    return People(genders, groups)


def kind_chart(counts: list[AwardCount]) -> BarChart:
    bars = [Bar(SHORT_NAMES.get(c.code, c.name), c.total) for c in counts]
    rows = [[c.name, number(c.individual), number(c.collective), number(c.total)] for c in counts]
    total = ["Tổng cộng", number(sum(c.individual for c in counts)), number(sum(c.collective for c in counts)),
             number(sum(c.total for c in counts))]
    return BarChart("chart-kind", "Kết quả theo danh hiệu, hình thức khen thưởng", bars,
                    headers=["Danh hiệu, hình thức", "Cá nhân", "Tập thể", "Tổng số"], rows=rows, total_row=total,
                    source=RESULT_SOURCE)


def unit_chart(progress: Progress, limit: int | None = None) -> BarChart:
    """Results per unit; with limit, only the units with the most awarded dossiers (a ministry has thousands:
    the page shows the leaders, the .xlsx every unit)."""
    # (awarded, submitted, row) computed once per unit: both are sums over the unit's dossier states.
    scored = [(r.awarded, r.submitted, r) for r in progress.rows if r.dossiers]
    with_results = [entry for entry in scored if entry[0] or entry[1]]
    note = " Đơn vị chưa nộp hồ sơ nào không có trong biểu đồ."
    if limit is not None and len(with_results) > limit:
        note += (f" Trên trang chỉ hiện {limit} đơn vị có nhiều hồ sơ được khen thưởng nhất trong "
                 f"{len(with_results)} đơn vị; tệp Excel có đủ các đơn vị.")
        with_results = sorted(with_results, key=lambda e: (-e[0], -e[1]))[:limit]
    bars = [Bar(r.name, awarded) for awarded, _, r in with_results]
    rows = [[r.name, number(submitted), number(awarded), percent(awarded, submitted)]
            for awarded, submitted, r in with_results]
    t = progress.total
    return BarChart("chart-unit", "Kết quả theo đơn vị (số hồ sơ được khen thưởng)", bars,
                    headers=["Đơn vị", "Hồ sơ đã nộp", "Được khen thưởng", "Tỷ lệ"], rows=rows,
                    total_row=["Tổng cộng", number(t.submitted), number(t.awarded), percent(t.awarded, t.submitted)],
                    source=RESULT_SOURCE + note)


def gender_chart(people: People) -> BarChart:
    bars = [Bar(label, people.by_gender.get(code, 0), note=percent(people.by_gender.get(code, 0), people.total))
            for code, label in GENDERS.items()]
    return BarChart("chart-gender", "Cá nhân được khen thưởng theo giới tính", bars,
                    headers=["Giới tính", "Số người (tỷ lệ)"], rows=[[b.label, b.value_text] for b in bars],
                    total_row=["Tổng cộng", number(people.total)], source=RESULT_SOURCE)


def ethnicity_chart(people: People) -> BarChart:
    """Kinh, the ethnic minorities together (highlighted), then each minority group present."""
    total = people.total
    bars = [Bar("Dân tộc thiểu số (tổng)", people.minority, highlight=True, note=percent(people.minority, total)),
            Bar("Kinh", people.kinh, note=percent(people.kinh, total))]
    groups = sorted(((code, n) for code, n in people.by_ethnicity.items() if is_minority(code)),
                    key=lambda item: (-item[1], name_of(item[0])))
    bars += [Bar(f"– {name_of(code) or code}", n, highlight=True, note=percent(n, total)) for code, n in groups]
    if people.unknown:
        bars.append(Bar("Chưa ghi dân tộc", people.unknown, note=percent(people.unknown, total)))
    return BarChart("chart-ethnicity", "Cá nhân được khen thưởng theo dân tộc", bars,
                    headers=["Dân tộc", "Số người (tỷ lệ)"], rows=[[b.label, b.value_text] for b in bars],
                    total_row=["Tổng cộng", number(total)], source=RESULT_SOURCE,
                    legend_highlight="Thanh màu cam: người dân tộc thiểu số.")


# --- several years: the award history of the whole agency -----------------------------------------------------

HISTORY_SOURCE = ("Nguồn: lịch sử khen thưởng (mọi nguồn: quyết định ký trong hệ thống, kết quả cấp trên, nhập tay, "
                  "nhập từ tệp), theo năm thành tích; mục đã gỡ bỏ hoặc đã thu hồi không được tính.")


@dataclass
class YearCount:
    year: int
    individual: int = 0
    collective: int = 0
    minority: int = 0  # individuals of an ethnic minority

    @property
    def total(self) -> int:
        return self.individual + self.collective


def awards_by_year(last_year: int, years: int) -> list[YearCount]:
    """Titles and awards per year over the last `years` years up to last_year, from the award history, in one
    query — kept until the next write (thidua/readcache.py): at a ministry's scale it reads a million rows."""
    from ..readcache import cached
    return cached("awards_by_year", (last_year, years), lambda: _awards_by_year(last_year, years))


def _awards_by_year(last_year: int, years: int) -> list[YearCount]:
    first = last_year - years + 1
    counts = {y: YearCount(y) for y in range(first, last_year + 1)}
    query = (AwardRecord.select(AwardRecord.year, AwardRecord.subject, Person.ethnicity, fn.COUNT(AwardRecord.id))
             .join(Person, JOIN.LEFT_OUTER, on=(AwardRecord.person == Person.id))
             .where(AwardRecord.removed_at.is_null(), AwardRecord.year.between(first, last_year))
             .group_by(AwardRecord.year, AwardRecord.subject, Person.ethnicity).tuples())
    for year, subject, ethnicity, count in query:
        entry = counts[year]
        if subject == "collective":
            entry.collective += count
        else:
            entry.individual += count
            if is_minority(ethnicity):
                entry.minority += count
    return list(counts.values())


def year_chart(rows: list[YearCount]) -> BarChart:
    bars = [Bar(f"Năm {r.year}", r.total) for r in rows]
    table = [[str(r.year), number(r.individual), number(r.collective), number(r.total), number(r.minority),
              percent(r.minority, r.individual)] for r in rows]
    first, last = (rows[0].year, rows[-1].year) if rows else (0, 0)
    return BarChart("chart-years", f"Danh hiệu, hình thức khen thưởng qua các năm {first}–{last} (toàn cơ quan)",
                    bars, headers=["Năm", "Cá nhân", "Tập thể", "Tổng số", "Cá nhân DTTS", "Tỷ lệ DTTS/cá nhân"],
                    rows=table, source=HISTORY_SOURCE)
