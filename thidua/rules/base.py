"""What a rule takes and gives: a Candidate, a RuleResult; and the small machinery every rule shares."""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .params import ND98, ND152, OLD, ParameterProblem, Params

PASS, WARNING, FAIL = "pass", "warning", "fail"
STATUSES = (PASS, WARNING, FAIL)
STATUS_LABELS = {PASS: "Đạt", WARNING: "Cần xem xét", FAIL: "Không đạt"}
UNCONFIRMED_NOTE = "(số liệu chưa được xác nhận, có thể cấu hình)"

LAW2003 = "Luật Thi đua, khen thưởng 2003"
LAW2022 = "Luật Thi đua, khen thưởng 2022"

BASES = {"cong_trang": "Công trạng", "dot_xuat": "Đột xuất", "phong_trao": "Theo phong trào thi đua",
         "cong_hien": "Quá trình cống hiến", "nien_han": "Theo niên hạn", "doi_ngoai": "Đối ngoại"}


@dataclass(frozen=True)
class RuleResult:
    code: str
    status: str  # "pass" | "warning" | "fail"
    message: str  # Vietnamese, for the screen
    article: str  # e.g. "Điều 23 Luật Thi đua, khen thưởng 2022"
    unconfirmed: bool = False  # built on a number DOMAIN.md marks unconfirmed

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Candidate:
    """Who is proposed for what, for which year; judged under regime_code (None: the regime of the year)
    on on_date (None: today), the date discipline is looked at. basis is the loại hình of Điều 8: the
    machine-checkable criteria of the forms of commendation are those of công trạng."""
    award_code: str
    subject: str  # "individual" | "collective"
    person_id: int | None
    unit_id: int | None
    year: int
    regime_code: str | None = None
    on_date: datetime.date | None = None
    basis: str = "cong_trang"


@dataclass
class Context:
    candidate: Candidate
    facts: object  # a Facts
    params: Params  # of the regime of the year rewarded
    regime_code: str  # the regime of the year rewarded: judges the criteria
    procedure_regime: str  # the regime in force on on_date: judges the procedure (discipline holds)
    on_date: datetime.date

    @property
    def year(self) -> int:
        return self.candidate.year

    @property
    def person_id(self) -> int | None:
        return self.candidate.person_id

    @property
    def unit_id(self) -> int | None:
        return self.candidate.unit_id


class Outcome:
    """Builds a rule's RuleResult with its code and article already filled in."""

    def __init__(self, code: str, article: str):
        self.code = code
        self.article = article

    def make(self, status: str, message: str, unconfirmed: bool = False) -> RuleResult:
        return RuleResult(self.code, status, message, self.article, unconfirmed)

    def passed(self, message: str, unconfirmed: bool = False) -> RuleResult:
        return self.make(PASS, message, unconfirmed)

    def warning(self, message: str, unconfirmed: bool = False) -> RuleResult:
        if unconfirmed and UNCONFIRMED_NOTE not in message:
            message = f"{message} {UNCONFIRMED_NOTE}"
        return self.make(WARNING, message, unconfirmed)

    def failed(self, message: str, unconfirmed: bool = False) -> RuleResult:
        """A failure; on an unconfirmed number it is only a warning."""
        if unconfirmed:
            return self.warning(message, unconfirmed=True)
        return self.make(FAIL, message)

    def verdict(self, ok: bool, passed: str, failed: str, unconfirmed: bool = False) -> RuleResult:
        return self.passed(passed, unconfirmed) if ok else self.failed(failed, unconfirmed)


@dataclass
class Rule:
    """One criterion: a small function of (Context, Outcome) returning a RuleResult, or None when it does
    not apply (e.g. its parameter is left empty in this regime). articles maps a regime code to the
    article the criterion rests on."""
    code: str
    title: str
    check: Callable[[Context, Outcome], RuleResult | None]
    articles: dict[str, str] = field(default_factory=dict)
    procedural: bool = False  # judged under the regime in force on the date, not of the year
    cong_trang_only: bool = False  # a criterion of the công trạng basis only

    def article(self, regime_code: str) -> str:
        return self.articles.get(regime_code) or self.articles.get("*", "")

    def __call__(self, ctx: Context) -> RuleResult | None:
        regime = ctx.procedure_regime if self.procedural else ctx.regime_code
        outcome = Outcome(self.code, self.article(regime))
        try:
            return self.check(ctx, outcome)
        except ParameterProblem as problem:
            return outcome.warning(str(problem), unconfirmed=True)


def rule(code: str, title: str, *, old: str = "", new: str = "", nd98: str = "", nd152: str = "",
         procedural: bool = False, cong_trang_only: bool = False):
    """Declare a rule: @rule("LDTT_SERVICE", "…", old="article under the 2003 law", new="under the 2022 law")."""
    articles = {OLD: old, ND98: nd98 or new, ND152: nd152 or new, "*": new or old}

    def wrap(fn) -> Rule:
        r = Rule(code, title, fn, {k: v for k, v in articles.items() if v}, procedural, cong_trang_only)
        r.__doc__ = fn.__doc__
        return r
    return wrap


def summary(results: Iterable[RuleResult]) -> str:
    """"fail" if any result fails, else "warning" if any warns, else "pass"."""
    statuses = {r.status for r in results}
    if FAIL in statuses:
        return FAIL
    if WARNING in statuses:
        return WARNING
    return PASS


# Small helpers the rule modules share ----------------------------------------------------------------

def fmt_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def fmt_years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def years_phrase(years: Iterable[int]) -> str:
    """"Năm 2022" or "Các năm 2021, 2022"."""
    years = sorted(years)
    return f"{'Năm' if len(years) == 1 else 'Các năm'} {fmt_years(years)}"


def fmt_percent(part: int, whole: int) -> str:
    value = 100 * part / whole if whole else 0
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def fmt_number(value) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31/01 + 1 month = 28 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def duration(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """Whole months and remaining days from start to end, both days counted (01/07–31/12 = 6 months 0 days)."""
    stop = end + datetime.timedelta(days=1)
    if start >= stop:
        return 0, 0
    months = (stop.year - start.year) * 12 + stop.month - start.month
    while months > 0 and add_months(start, months) > stop:
        months -= 1
    return months, (stop - add_months(start, months)).days
