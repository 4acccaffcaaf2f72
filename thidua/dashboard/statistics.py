"""The yearly statistical report on emulation and commendation that the Committee sends to the Home Affairs
department (Sở Nội vụ).

The forms of the Home Affairs ministry's statistics circular (their "Biểu số", rows and column codes) are not in
the project's reference documents (DOMAIN.md, TEMPLATES.md), so this report follows the breakdown such reports
commonly ask for and says so on screen and in the workbook: titles and award forms given in the year, by kind,
collective / individual, and individuals by gender, ethnic minority or Kinh, and staff or others; whether the
Committee decided them or a higher body did; the proposals the Committee sent upward and what became of them; the
Committee's own signed decisions. Match it with the circular's forms before sending.

Sources, stated beside each table:
- A. award history (AwardRecord, rows not removed): every source — decisions signed in the app, outcomes of
  proposals recorded by the office, manual entries and imports;
- B. proposals upward (signed tờ trình in the app, DecisionLine.outcome);
- C. the leader's signed award decisions in the app (Decision, DecisionLine).
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from peewee import JOIN, fn

from ..models import AwardKind, AwardRecord, Campaign, Decision, DecisionLine, LegalRegime, Nomination, Person
from ..models.history import AWARD_CODES, RECORD_SOURCES
from .progress import is_minority

# Which year a figure belongs to. The circular's rule is not in the reference documents: both are offered.
BASES = {
    "achievement": "Năm thành tích",
    "decision": "Năm ký quyết định",
}
BASIS_HINT = ("Năm thành tích: năm mà danh hiệu, hình thức khen thưởng ghi nhận thành tích (mặc định). Năm ký quyết "
              "định: theo ngày của quyết định khen thưởng (mục không ghi ngày quyết định thì không tính được).")
DEFAULT_BASIS = "achievement"
FORM_NUMBER_PLACEHOLDER = "Biểu số: ……"
FORM_NUMBER_NOTE = ("Số biểu, tên và mã chỉ tiêu phải đối chiếu với Thông tư quy định chế độ báo cáo thống kê "
                    "ngành Nội vụ trước khi gửi; hệ thống chưa có mẫu biểu chính thức.")
DECIDERS = {"committee": "Trưởng Ban", "higher": "Cấp trên"}

SOURCE_A = ("lịch sử khen thưởng, mọi nguồn: quyết định ký trong hệ thống; kết quả cấp trên do Văn phòng ghi "
            "nhận (lưu như nhập tay); nhập tay; nhập từ tệp. Không tính mục đã gỡ bỏ hoặc đã thu hồi. Giới tính, dân "
            "tộc, là cán bộ hay không: theo thông tin hiện tại của người được khen trong danh sách cán bộ.")
SOURCE_B = ("tờ trình đề nghị khen thưởng đã ký trong hệ thống (không tính văn bản đính chính) và kết quả "
            "của cấp trên do Văn phòng ghi nhận.")
SOURCE_C = ("quyết định khen thưởng của Trưởng Ban đã ký trong hệ thống; số tiền thưởng là số đã chốt khi "
            "ký.")


@dataclass
class StatRow:
    """One title or award form: how many were given, to whom."""
    code: str
    name: str
    category: str = ""           # "title", "form", or "" when the code is in no catalogue
    decided_by: str | None = None  # "committee" / "higher" from the catalogue of the year's regime
    collective: int = 0
    individual: int = 0
    male: int = 0
    female: int = 0
    minority: int = 0
    kinh: int = 0
    unknown_ethnicity: int = 0
    staff: int = 0
    others: int = 0

    @property
    def total(self) -> int:
        return self.collective + self.individual

    @property
    def decider_label(self) -> str:
        return DECIDERS.get(self.decided_by or "", "—")

    def add(self, other: "StatRow") -> None:
        for name in STAT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


STAT_FIELDS = ("collective", "individual", "male", "female", "minority", "kinh", "unknown_ethnicity", "staff",
               "others")
# The numeric columns of table A, in order: (header, attribute). "Cá nhân" has sub-columns.
STAT_COLUMNS = [
    ("Tổng số", "total"), ("Tập thể", "collective"), ("Cá nhân", "individual"), ("Nam", "male"), ("Nữ", "female"),
    ("Dân tộc thiểu số", "minority"), ("Kinh", "kinh"), ("Cán bộ, công chức, viên chức, người lao động", "staff"),
    ("Công nhân, nông dân, người dân, đối tượng khác", "others"),
]


@dataclass
class ProposalRow:
    code: str
    name: str
    individual: int = 0
    collective: int = 0
    awarded: int = 0
    refused: int = 0

    @property
    def total(self) -> int:
        return self.individual + self.collective

    @property
    def pending(self) -> int:
        return self.total - self.awarded - self.refused


PROPOSAL_COLUMNS = [("Cá nhân", "individual"), ("Tập thể", "collective"), ("Tổng số đề nghị", "total"),
                    ("Cấp trên đã khen thưởng", "awarded"), ("Cấp trên không khen thưởng", "refused"),
                    ("Chưa có kết quả", "pending")]


@dataclass
class DecisionSummary:
    decisions: int = 0
    individuals: int = 0
    collectives: int = 0
    amount: int = 0
    corrections: int = 0
    revocations: int = 0

    @property
    def lines(self) -> int:
        return self.individuals + self.collectives

    def items(self) -> list[tuple[str, int, str]]:
        """(label, value, unit) rows of table C."""
        return [("Số quyết định khen thưởng đã ký", self.decisions, "quyết định"),
                ("Số cá nhân được khen thưởng theo các quyết định này", self.individuals, "lượt"),
                ("Số tập thể được khen thưởng theo các quyết định này", self.collectives, "lượt"),
                ("Tổng số tiền thưởng", self.amount, "đồng"),
                ("Quyết định đính chính", self.corrections, "quyết định"),
                ("Quyết định thu hồi, hủy bỏ khen thưởng", self.revocations, "quyết định")]


@dataclass
class Statistics:
    year: int
    basis: str
    regime: LegalRegime | None
    titles: list[StatRow]
    forms: list[StatRow]
    others: list[StatRow]  # codes of no catalogue entry
    sources: Counter       # AwardRecord.source -> count (table A)
    undated: int           # basis "decision": records of the year without a decision date, not counted
    proposals: list[ProposalRow]
    decisions: DecisionSummary
    groups: list[tuple[str, str, list[StatRow], StatRow]] = field(default_factory=list)

    def __post_init__(self):
        self.groups = []
        for roman, label, rows in (("I", "DANH HIỆU THI ĐUA", self.titles), ("II", "HÌNH THỨC KHEN THƯỞNG", self.forms),
                                   ("III", "KHÁC (không có trong danh mục)", self.others)):
            if rows or roman != "III":
                self.groups.append((roman, label, rows, _sum(label, rows)))

    @property
    def basis_label(self) -> str:
        return BASES[self.basis]

    @property
    def all_rows(self) -> list[StatRow]:
        return self.titles + self.forms + self.others

    @property
    def total(self) -> StatRow:
        return _sum("TỔNG CỘNG (I + II" + (" + III" if self.others else "") + ")", self.all_rows)

    @property
    def by_committee(self) -> StatRow:
        return _sum("Trong đó: thuộc thẩm quyền Trưởng Ban quyết định",
                    [r for r in self.all_rows if r.decided_by == "committee"])

    @property
    def by_higher(self) -> StatRow:
        return _sum("Trong đó: cấp trên quyết định (Chủ tịch UBND tỉnh, Bộ, Thủ tướng…)",
                    [r for r in self.all_rows if r.decided_by == "higher"])

    @property
    def proposal_total(self) -> ProposalRow:
        total = ProposalRow("", "Tổng cộng")
        for p in self.proposals:
            total.individual += p.individual
            total.collective += p.collective
            total.awarded += p.awarded
            total.refused += p.refused
        return total

    def source_lines(self) -> list[tuple[str, int]]:
        return [(label, self.sources.get(code, 0)) for code, label in RECORD_SOURCES.items()]


def _sum(label: str, rows: list[StatRow]) -> StatRow:
    total = StatRow("", label)
    for row in rows:
        total.add(row)
    return total


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def default_year() -> int:
    """The latest year of the award history, else the current one."""
    from .. import clock
    latest = AwardRecord.select(fn.MAX(AwardRecord.year)).where(AwardRecord.removed_at.is_null()).scalar()
    return int(latest or clock.today().year)


def year_choices(selected: int) -> list[int]:
    """Years that have awards or campaigns, and the selected one, newest first."""
    from .. import clock
    years = {selected, clock.today().year}
    years.update(y for (y,) in AwardRecord.select(AwardRecord.year).distinct().tuples())
    years.update(y for (y,) in Campaign.select(Campaign.year).distinct().tuples())
    return sorted(years, reverse=True)


def _award_rows(year: int, basis: str) -> tuple[dict[str, StatRow], Counter, int]:
    """Table A's counts per award code from the award history, in one grouped query (two with basis
    "decision")."""
    where = [AwardRecord.removed_at.is_null()]
    undated = 0
    if basis == "decision":
        first, last = _year_bounds(year)
        where.append(AwardRecord.decided_on.between(first, last))
        undated = (AwardRecord.select().where(AwardRecord.removed_at.is_null(), AwardRecord.year == year,
                                              AwardRecord.decided_on.is_null()).count())
    else:
        where.append(AwardRecord.year == year)
    query = (AwardRecord.select(AwardRecord.award_code, fn.MAX(AwardRecord.award_name), AwardRecord.subject,
                                AwardRecord.source, Person.gender, Person.ethnicity, Person.is_staff,
                                fn.COUNT(AwardRecord.id))
             .join(Person, JOIN.LEFT_OUTER, on=(AwardRecord.person == Person.id))
             .where(*where)
             .group_by(AwardRecord.award_code, AwardRecord.subject, AwardRecord.source, Person.gender,
                       Person.ethnicity, Person.is_staff)
             .tuples())
    rows: dict[str, StatRow] = {}
    sources: Counter = Counter()
    for code, name, subject, source, gender, ethnicity, is_staff, count in query:
        row = rows.setdefault(code, StatRow(code, name or AWARD_CODES.get(code, code)))
        sources[source] += count
        if subject == "collective":
            row.collective += count
            continue
        row.individual += count
        if gender == "male":
            row.male += count
        elif gender == "female":
            row.female += count
        minority = is_minority(ethnicity)
        if minority is None:
            row.unknown_ethnicity += count
        elif minority:
            row.minority += count
        else:
            row.kinh += count
        if is_staff:
            row.staff += count
        else:
            row.others += count
    return rows, sources, undated


def _proposals(year: int, basis: str) -> list[ProposalRow]:
    """Table B: lines of signed proposals upward per award, with the outside body's outcome, in one query."""
    query = (DecisionLine.select(AwardKind.code, AwardKind.name, AwardKind.sort_order, Nomination.subject,
                                 DecisionLine.outcome, fn.COUNT(DecisionLine.id))
             .join(Decision).switch(DecisionLine).join(Nomination).join(AwardKind)
             .switch(Nomination).join(Campaign)
             .where(Decision.kind == "proposal", Decision.status == "signed", Decision.corrects.is_null()))
    if basis == "decision":
        query = query.where(Decision.signed_on.between(*_year_bounds(year)))
    else:
        query = query.where(Campaign.year == year)
    query = (query.group_by(AwardKind.code, AwardKind.name, AwardKind.sort_order, Nomination.subject,
                            DecisionLine.outcome)
             .order_by(AwardKind.sort_order).tuples())
    rows: dict[str, ProposalRow] = {}
    for code, name, _order, subject, outcome, count in query:
        row = rows.setdefault(code, ProposalRow(code, name))
        setattr(row, subject, getattr(row, subject) + count)
        if outcome == "awarded":
            row.awarded += count
        elif outcome == "not_awarded":
            row.refused += count
    return list(rows.values())


def _decisions(year: int, basis: str) -> DecisionSummary:
    """Table C: the leader's signed award decisions of the year, in two queries."""
    summary = DecisionSummary()

    def scoped(query):
        if basis == "decision":
            return query.where(Decision.signed_on.between(*_year_bounds(year)))
        return query.join(Campaign, on=(Decision.campaign == Campaign.id)).where(Campaign.year == year)

    documents = scoped(Decision.select(Decision.correction_kind, fn.COUNT(Decision.id), fn.SUM(Decision.total_amount))
                       .where(Decision.kind == "decision", Decision.status == "signed"))
    for kind, count, amount in documents.group_by(Decision.correction_kind).tuples():
        if kind is None:
            summary.decisions, summary.amount = count, int(amount or 0)
        elif kind == "correct":
            summary.corrections = count
        else:
            summary.revocations = count
    lines = scoped(DecisionLine.select(Nomination.subject, fn.COUNT(DecisionLine.id))
                   .join(Decision).switch(DecisionLine).join(Nomination)
                   .where(Decision.kind == "decision", Decision.status == "signed", Decision.corrects.is_null()))
    for subject, count in lines.group_by(Nomination.subject).tuples():
        if subject == "individual":
            summary.individuals = count
        else:
            summary.collectives = count
    return summary


def compute(year: int, basis: str = DEFAULT_BASIS) -> Statistics:
    """Build the year's report; a fixed number of queries whatever the number of records."""
    if basis not in BASES:
        basis = DEFAULT_BASIS
    counted, sources, undated = _award_rows(year, basis)
    regime = LegalRegime.for_year(year)
    catalogue = list(AwardKind.select().where(AwardKind.regime == regime.id).order_by(AwardKind.sort_order)) \
        if regime else []
    known = {k.code for k in catalogue}
    missing = [code for code in counted if code not in known]
    # A code of another regime's catalogue (history entered under older rules) still has a category.
    elsewhere: dict[str, AwardKind] = {}
    if missing:
        for kind in (AwardKind.select(AwardKind, LegalRegime).join(LegalRegime)
                     .where(AwardKind.code.in_(missing)).order_by(LegalRegime.valid_from)):
            elsewhere[kind.code] = kind
    titles, forms, others = [], [], []
    for kind in catalogue + [elsewhere[c] for c in missing if c in elsewhere]:
        row = counted.get(kind.code) or StatRow(kind.code, kind.name)
        row.name, row.category, row.decided_by = kind.name, kind.category, kind.decided_by
        (titles if kind.category == "title" else forms).append(row)
    others = [counted[c] for c in missing if c not in elsewhere]
    return Statistics(year, basis, regime, titles, forms, others, sources, undated, _proposals(year, basis),
                      _decisions(year, basis))

