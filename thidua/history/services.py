"""Changes to the award history: each one transaction with its audit entry, on the person or the unit.

History rows are never deleted. A wrong value is corrected by editing (the log keeps before and after); a
row entered by mistake altogether (wrong person, a duplicate) is marked removed with a reason, and every
reader — the rules, the history pages — skips it from then on.
"""
from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from peewee import IntegrityError

from .. import audit, clock
from ..db import db
from ..import_rows import clean_text
from ..forms_support import FieldError
from ..models import AnnualRating, AwardKind, AwardRecord, Discipline, Initiative, LegalRegime, Person, Unit
from ..models.history import AWARD_CODES, DISCIPLINE_LEVELS, INITIATIVE_SCOPES, RATINGS, RECORD_SOURCES

YEAR_MIN = 1980
DECISION_NUMBER_MAX = 60
BODY_MAX = 200
TITLE_MAX = 500
REASON_MAX = 2000


class Conflict(Exception):
    """The row changed meanwhile (someone else removed it first)."""


def text_key(text) -> str:
    """Compare names and titles without case, tone-mark encoding, spaces or punctuation."""
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def max_year() -> int:
    return clock.today().year


# The catalogue ---------------------------------------------------------------------------------------

def _kinds_newest_first() -> list[AwardKind]:
    return list(AwardKind.select(AwardKind, LegalRegime).join(LegalRegime)
                .order_by(LegalRegime.valid_from.desc(), AwardKind.category.desc(), AwardKind.sort_order))


def award_choices(subject: str) -> list[tuple[str, str]]:
    """(code, name) of every title and award form a subject may hold, once per code, newest name first.

    Retired entries are offered too: past years are entered with the titles of their time."""
    seen: dict[str, str] = {}
    for kind in _kinds_newest_first():
        if kind.fits(subject) and kind.code not in seen:
            seen[kind.code] = kind.name
    return list(seen.items())


class Catalogue:
    """The catalogue of every regime, loaded once: finds a title by code or name for a year."""

    def __init__(self):
        self.kinds = _kinds_newest_first()
        self._regimes = list(LegalRegime.select().order_by(LegalRegime.valid_from.desc()))

    def regime_for(self, year: int) -> LegalRegime | None:
        day = datetime.date(year, 12, 31)
        return next((r for r in self._regimes if r.covers(day)), None)

    def find(self, text: str, year: int | None) -> AwardKind | None:
        """The entry whose code or name is text, from the regime of the year if it has one, else the newest."""
        wanted = text_key(text)
        if not wanted:
            return None
        matches = [k for k in self.kinds if text_key(k.code) == wanted or text_key(k.name) == wanted]
        regime = self.regime_for(year) if year else None
        if regime is not None:
            own = [k for k in matches if k.regime_id == regime.id]
            if own:
                return own[0]
        return matches[0] if matches else None

    def name_of(self, code: str, year: int) -> str:
        kind = self.find(code, year)
        return kind.name if kind is not None else AWARD_CODES.get(code, code)


def fits_message(kind: AwardKind, subject: str) -> str:
    if subject == "individual":
        return f"“{kind.name}” là danh hiệu, hình thức dành cho tập thể, không dùng cho cá nhân."
    return f"“{kind.name}” là danh hiệu, hình thức dành cho cá nhân, không dùng cho tập thể."


# Awards ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AwardData:
    """One title or award form received, as the form or an imported row gives it."""

    award_code: str
    year: int
    decision_number: str = ""
    decided_on: datetime.date | None = None
    decided_by: str = ""


def award_rule_problems(year: int | None, decided_on: datetime.date | None, decision_number: str,
                        decided_by: str) -> list[tuple[str, str]]:
    """Check what needs no database; return (field, Vietnamese message) pairs."""
    problems = []
    if year is None:
        problems.append(("year", "Chưa có năm được khen (4 chữ số, ví dụ 2019)."))
    elif not YEAR_MIN <= year <= max_year():
        problems.append(("year", f"Năm phải từ {YEAR_MIN} đến {max_year()}."))
    if decided_on is not None:
        if decided_on > clock.today():
            problems.append(("decided_on", "Ngày quyết định không được sau ngày hôm nay."))
        elif year is not None and decided_on.year < year:
            problems.append(("decided_on", f"Ngày quyết định {decided_on:%d/%m/%Y} trước năm được khen ({year})."))
    if len(decision_number) > DECISION_NUMBER_MAX:
        problems.append(("decision_number", f"Số quyết định dài quá {DECISION_NUMBER_MAX} ký tự."))
    if len(decided_by) > BODY_MAX:
        problems.append(("decided_by", f"Cơ quan quyết định dài quá {BODY_MAX} ký tự."))
    return problems


def duplicate_award_message(name: str, year: int, decision_number: str = "") -> str:
    number = f" (quyết định số {decision_number})" if decision_number else ""
    return f"Đã có trong lịch sử: “{name}” năm {year}{number}."


def _owner_clause(subject: str, owner_id: int):
    return AwardRecord.person == owner_id if subject == "individual" else AwardRecord.unit == owner_id


def _existing_award(subject: str, owner_id: int, code: str, year: int, exclude_id: int | None = None):
    query = AwardRecord.select().where(AwardRecord.subject == subject, _owner_clause(subject, owner_id),
                                       AwardRecord.award_code == code, AwardRecord.year == year,
                                       AwardRecord.removed_at.is_null())
    if exclude_id is not None:
        query = query.where(AwardRecord.id != exclude_id)
    return query.first()


def _check_award(subject: str, owner_id: int, data: AwardData, exclude_id: int | None = None) -> AwardKind:
    problems = award_rule_problems(data.year, data.decided_on, data.decision_number, data.decided_by)
    if problems:
        raise FieldError(*problems[0])
    kind = Catalogue().find(data.award_code, data.year)
    if kind is None or kind.code != data.award_code:
        raise FieldError("award_code", "Danh hiệu, hình thức không có trong danh mục.")
    if not kind.fits(subject):
        raise FieldError("award_code", fits_message(kind, subject))
    twin = _existing_award(subject, owner_id, kind.code, data.year, exclude_id)
    if twin is not None:
        raise FieldError("award_code", duplicate_award_message(twin.award_name or kind.name, twin.year,
                                                               twin.decision_number))
    return kind


def award_state(record: AwardRecord) -> dict:
    """The award as the audit log keeps it: readable values, keys labelled in audit.FIELD_LABELS."""
    return {"record": record.id, "award": record.award_name or AWARD_CODES.get(record.award_code, record.award_code),
            "year": record.year, "decision_number": record.decision_number, "decided_on": record.decided_on,
            "deciding_body": record.decided_by, "source": RECORD_SOURCES.get(record.source, record.source)}


def _owner(record) -> tuple[str, int]:
    """The audited object of a history row: the person, or the unit of a collective award."""
    if isinstance(record, AwardRecord) and record.subject == "collective":
        return "unit", record.unit_id
    return "person", record.person_id


def add_award(owner: Person | Unit, data: AwardData, user) -> AwardRecord:
    """Record a title or award form received by a person or (for a unit) a collective."""
    subject = "individual" if isinstance(owner, Person) else "collective"
    kind = _check_award(subject, owner.id, data)
    with db.atomic():
        record = AwardRecord.create(
            subject=subject, person=owner.id if subject == "individual" else None,
            unit=owner.id if subject == "collective" else None, award_code=kind.code, award_name=kind.name,
            year=data.year, decision_number=data.decision_number, decided_on=data.decided_on,
            decided_by=data.decided_by, source="manual", created_by=user)
        audit.record("add_award", *_owner(record), after=award_state(record), actor=user)
    return record


def edit_award(record: AwardRecord, data: AwardData, user) -> AwardRecord:
    """Correct a recorded award; only what changed goes into the log."""
    owner_id = record.person_id if record.subject == "individual" else record.unit_id
    kind = _check_award(record.subject, owner_id, data, exclude_id=record.id)
    before = award_state(record)
    record.award_code, record.award_name, record.year = kind.code, kind.name, data.year
    record.decision_number, record.decided_on, record.decided_by = (data.decision_number, data.decided_on,
                                                                    data.decided_by)
    with db.atomic():
        _save_unless_removed(record)
        old, new = audit.changes(before, award_state(record))
        if new:
            audit.record("edit_award", *_owner(record), before={"record": record.id, **old}, after=new, actor=user)
    return record


# Initiatives -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InitiativeData:
    title: str
    scope: str
    recognised_on: datetime.date | None
    recognised_by: str = ""
    decision_number: str = ""


def initiative_rule_problems(data: InitiativeData) -> list[tuple[str, str]]:
    problems = []
    if not data.title:
        problems.append(("title", "Chưa có tên sáng kiến."))
    elif len(data.title) > TITLE_MAX:
        problems.append(("title", f"Tên sáng kiến dài quá {TITLE_MAX} ký tự."))
    if data.scope not in INITIATIVE_SCOPES:
        problems.append(("scope", "Phạm vi phải là: " + ", ".join(INITIATIVE_SCOPES.values()) + "."))
    if data.recognised_on is None:
        problems.append(("recognised_on", "Chưa có ngày công nhận."))
    elif data.recognised_on > clock.today():
        problems.append(("recognised_on", "Ngày công nhận không được sau ngày hôm nay."))
    elif data.recognised_on.year < YEAR_MIN:
        problems.append(("recognised_on", f"Ngày công nhận phải từ năm {YEAR_MIN}."))
    if len(data.recognised_by) > BODY_MAX:
        problems.append(("recognised_by", f"Cơ quan công nhận dài quá {BODY_MAX} ký tự."))
    if len(data.decision_number) > DECISION_NUMBER_MAX:
        problems.append(("decision_number", f"Số quyết định dài quá {DECISION_NUMBER_MAX} ký tự."))
    return problems


def duplicate_initiative_message(title: str, day: datetime.date) -> str:
    return f"Đã có trong lịch sử: sáng kiến “{title}” (công nhận ngày {day:%d/%m/%Y})."


def _check_initiative(person_id: int, data: InitiativeData, exclude_id: int | None = None) -> None:
    problems = initiative_rule_problems(data)
    if problems:
        raise FieldError(*problems[0])
    query = Initiative.select().where(Initiative.person == person_id, Initiative.removed_at.is_null())
    if exclude_id is not None:
        query = query.where(Initiative.id != exclude_id)
    wanted = text_key(data.title)
    for other in query:
        if text_key(other.title) == wanted:
            raise FieldError("title", duplicate_initiative_message(other.title, other.recognised_on))


def initiative_state(row: Initiative) -> dict:
    return {"record": row.id, "initiative": row.title, "scope": INITIATIVE_SCOPES.get(row.scope, row.scope),
            "recognised_by": row.recognised_by, "recognised_on": row.recognised_on,
            "decision_number": row.decision_number}


def add_initiative(person: Person, data: InitiativeData, user) -> Initiative:
    """Record an initiative recognised for a person."""
    _check_initiative(person.id, data)
    with db.atomic():
        row = Initiative.create(person=person.id, title=data.title, scope=data.scope,
                                recognised_by=data.recognised_by, recognised_on=data.recognised_on,
                                decision_number=data.decision_number)
        audit.record("add_initiative", "person", person.id, after=initiative_state(row), actor=user)
    return row


def edit_initiative(row: Initiative, data: InitiativeData, user) -> Initiative:
    """Correct a recorded initiative."""
    _check_initiative(row.person_id, data, exclude_id=row.id)
    before = initiative_state(row)
    row.title, row.scope, row.recognised_by = data.title, data.scope, data.recognised_by
    row.recognised_on, row.decision_number = data.recognised_on, data.decision_number
    with db.atomic():
        _save_unless_removed(row)
        old, new = audit.changes(before, initiative_state(row))
        if new:
            audit.record("edit_initiative", "person", row.person_id, before={"record": row.id, **old}, after=new,
                         actor=user)
    return row


# Annual ratings --------------------------------------------------------------------------------------

def rating_state(row: AnnualRating) -> dict:
    return {"year": row.year, "rating": RATINGS.get(row.rating, row.rating)}


def set_rating(person: Person, year: int | None, rating: str, user) -> AnnualRating:
    """Set (or change) a person's task rating for a year; one rating per year."""
    if year is None or not YEAR_MIN <= year <= max_year():
        raise FieldError("year", f"Năm phải từ {YEAR_MIN} đến {max_year()}.")
    if rating not in RATINGS:
        raise FieldError("rating", "Vui lòng chọn mức xếp loại.")
    with db.atomic():
        row = AnnualRating.get_or_none(AnnualRating.person == person.id, AnnualRating.year == year)
        if row is not None and row.removed_at is None and row.rating == rating:
            return row
        before = rating_state(row) if row is not None and row.removed_at is None else None
        if row is None:
            try:
                with db.atomic():
                    row = AnnualRating.create(person=person.id, year=year, rating=rating)
            except IntegrityError:
                raise FieldError("year", f"Năm {year} vừa được người khác xếp loại; vui lòng tải lại trang.") from None
        else:
            AnnualRating.update(rating=rating, removed_at=None).where(AnnualRating.id == row.id).execute()
            row.rating, row.removed_at = rating, None
        audit.record("set_rating", "person", person.id, before=before, after=rating_state(row), actor=user)
    return row


# Disciplines -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DisciplineData:
    level: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None = None
    reason: str = ""


def _check_discipline(data: DisciplineData) -> None:
    if data.level not in DISCIPLINE_LEVELS:
        raise FieldError("level", "Vui lòng chọn hình thức kỷ luật.")
    if data.starts_on is None:
        raise FieldError("starts_on", "Chưa có ngày bắt đầu.")
    if data.starts_on.year < YEAR_MIN:
        raise FieldError("starts_on", f"Ngày bắt đầu phải từ năm {YEAR_MIN}.")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise FieldError("ends_on", "Ngày kết thúc phải sau ngày bắt đầu.")
    if len(data.reason) > REASON_MAX:
        raise FieldError("reason", f"Lý do dài quá {REASON_MAX} ký tự.")


def discipline_state(row: Discipline) -> dict:
    return {"record": row.id, "discipline": DISCIPLINE_LEVELS.get(row.level, row.level),
            "starts_on": row.starts_on, "ends_on": row.ends_on, "reason": row.reason}


def add_discipline(person: Person, data: DisciplineData, user) -> Discipline:
    """Record a disciplinary penalty, or a pending review, of a person."""
    _check_discipline(data)
    with db.atomic():
        row = Discipline.create(person=person.id, level=data.level, starts_on=data.starts_on,
                                ends_on=data.ends_on, reason=data.reason)
        audit.record("add_discipline", "person", person.id, after=discipline_state(row), actor=user)
    return row


def edit_discipline(row: Discipline, data: DisciplineData, user) -> Discipline:
    """Correct a discipline entry, or close it (the date it ends)."""
    _check_discipline(data)
    before = discipline_state(row)
    row.level, row.starts_on, row.ends_on, row.reason = data.level, data.starts_on, data.ends_on, data.reason
    with db.atomic():
        _save_unless_removed(row)
        old, new = audit.changes(before, discipline_state(row))
        if new:
            audit.record("edit_discipline", "person", row.person_id, before={"record": row.id, **old}, after=new,
                         actor=user)
    return row


# Removal ---------------------------------------------------------------------------------------------

STATES = {AwardRecord: award_state, Initiative: initiative_state, AnnualRating: rating_state,
          Discipline: discipline_state}
REMOVE_ACTIONS = {AwardRecord: "remove_award", Initiative: "remove_initiative", AnnualRating: "remove_rating",
                  Discipline: "remove_discipline"}


def _save_unless_removed(row) -> None:
    """Save a corrected row; refuse if someone removed it meanwhile."""
    model = type(row)
    # __data__ holds foreign keys as ids: reading row.person would load the whole person.
    fields = {f: row.__data__.get(f.name) for f in model._meta.sorted_fields if f.name not in ("id", "removed_at")}
    if model.update(fields).where(model.id == row.id, model.removed_at.is_null()).execute() != 1:
        raise Conflict()


def remove(row, reason: str, user) -> None:
    """Mark a row entered by mistake as removed; the reason goes into the log with the row as it was."""
    reason = clean_text(reason)
    if not reason:
        raise FieldError("reason", "Vui lòng ghi lý do gỡ bỏ.")
    if len(reason) > REASON_MAX:
        raise FieldError("reason", f"Lý do dài quá {REASON_MAX} ký tự.")
    model = type(row)
    with db.atomic():
        now = datetime.datetime.now()
        if model.update(removed_at=now).where(model.id == row.id, model.removed_at.is_null()).execute() != 1:
            raise Conflict()
        row.removed_at = now
        audit.record(REMOVE_ACTIONS[model], *_owner(row), before=STATES[model](row), comment=reason, actor=user)


# Import ----------------------------------------------------------------------------------------------

class ImportConflict(Exception):
    """The database refused an imported row (the history changed meanwhile)."""


def import_rows(awards: list, initiatives: list, filename: str, user) -> tuple[int, int]:
    """Store every valid row of an imported file in one transaction, or none; one audit entry with the counts.

    awards are importer.AwardRow data (subject, person_id, unit_id, award_code, award_name, year, …);
    initiatives importer.InitiativeRow data."""
    try:
        with db.atomic():
            for a in awards:
                AwardRecord.create(subject=a.subject, person=a.person_id,
                                   unit=a.unit_id if a.subject == "collective" else None, award_code=a.award_code,
                                   award_name=a.award_name, year=a.year, decision_number=a.decision_number,
                                   decided_on=a.decided_on, decided_by=a.decided_by, source="import",
                                   created_by=user)
            for i in initiatives:
                Initiative.create(person=i.person_id, title=i.title, scope=i.scope, recognised_by=i.recognised_by,
                                  recognised_on=i.recognised_on, decision_number=i.decision_number)
            audit.record("import_history", "award_history", None, actor=user,
                         after={"awards": len(awards), "initiatives": len(initiatives), "file": filename},
                         comment=f"Nhập từ tệp “{filename}”")
    except IntegrityError as exc:
        raise ImportConflict(str(exc)) from exc
    return len(awards), len(initiatives)
