"""Changes to the people of units: each one transaction with its audit entry."""
from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from peewee import IntegrityError

from .. import audit, records, national_id
from ..forms_support import FieldError
from ..db import db
from ..ethnicities import ETHNICITIES
from ..models import Person, Unit
from ..models.person import GENDERS
from ..vnsort import name_key

BIRTH_YEAR_MIN = 1900
NAME_MAX = 120
POSITION_MAX = 200


class ImportConflict(Exception):
    """The database refused an imported row (someone saved the same ID number meanwhile)."""


@dataclass
class PersonData:
    """The values of one person, as a form or an imported row gives them."""

    full_name: str
    gender: str
    birth_year: int | None
    ethnicity: str
    position: str
    is_staff: bool
    national_id: str | None
    unit_id: int | None = None


def max_birth_year() -> int:
    return datetime.date.today().year


def rule_problems(data: PersonData) -> list[tuple[str, str]]:
    """Check the rules that do not need the database; return (field, Vietnamese message) pairs."""
    problems = []
    if not data.full_name:
        problems.append(("full_name", "Chưa có họ và tên."))
    elif len(data.full_name) > NAME_MAX:
        problems.append(("full_name", f"Họ và tên dài quá {NAME_MAX} ký tự."))
    if data.gender not in ("male", "female"):
        problems.append(("gender", "Giới tính phải là Nam hoặc Nữ."))
    if data.birth_year is not None and not BIRTH_YEAR_MIN <= data.birth_year <= max_birth_year():
        problems.append(("birth_year", f"Năm sinh phải từ {BIRTH_YEAR_MIN} đến {max_birth_year()}."))
    if data.ethnicity not in ETHNICITIES:
        problems.append(("ethnicity", "Dân tộc phải chọn trong danh mục 54 dân tộc."))
    if len(data.position) > POSITION_MAX:
        problems.append(("position", f"Chức vụ dài quá {POSITION_MAX} ký tự."))
    if data.national_id:
        message = national_id.problem(data.national_id, data.gender, data.birth_year)
        if message:
            problems.append(("national_id", message))
    return problems


def duplicate_message(unit_name: str) -> str:
    return f"Số CCCD này đã có trong danh sách (đơn vị {unit_name})."


def units_holding(numbers, exclude_person_id: int | None = None) -> dict[str, str]:
    """Map each of numbers already stored to the name of the unit its person belongs to."""
    numbers = [n for n in set(numbers) if n]
    if not numbers:
        return {}
    query = (Person.select(Person.national_id, Unit.name).join(Unit)
             .where(Person.national_id.in_(numbers)).tuples())
    if exclude_person_id is not None:
        query = query.where(Person.id != exclude_person_id)
    return dict(query)


def _check(data: PersonData, person_id: int | None = None) -> None:
    problems = rule_problems(data)
    if problems:
        raise FieldError(*problems[0])
    if data.national_id:
        holder = units_holding([data.national_id], person_id).get(data.national_id)
        if holder is not None:
            raise FieldError("national_id", duplicate_message(holder))


def _state(person: Person) -> dict:
    """The person as the audit log keeps it: readable values, keys labelled in audit.FIELD_LABELS."""
    return {"unit_id": person.unit_id, "full_name": person.full_name, "gender": GENDERS.get(person.gender),
            "birth_year": person.birth_year, "ethnicity": ETHNICITIES.get(person.ethnicity),
            "job_title": person.position, "is_staff": person.is_staff, "national_id": person.national_id,
            "active": person.active}


def _for_log(state: dict) -> dict:
    """Keep the ID number out of the append-only log, which can never be corrected or erased."""
    if state.get("national_id"):
        return {**state, "national_id": national_id.mask(state["national_id"])}
    return state


def _assign(person: Person, data: PersonData) -> None:
    person.unit = data.unit_id
    person.full_name = data.full_name
    person.sort_key = name_key(data.full_name)
    person.gender = data.gender
    person.birth_year = data.birth_year
    person.ethnicity = data.ethnicity
    person.position = data.position
    person.is_staff = data.is_staff
    person.national_id = data.national_id or None


def _duplicate_error(data: PersonData, person_id: int | None) -> FieldError:
    holder = units_holding([data.national_id], person_id).get(data.national_id) if data.national_id else None
    return FieldError("national_id", duplicate_message(holder or "khác"))


def create_person(data: PersonData) -> Person:
    """Add a person to a unit's list."""
    _check(data)
    person = Person()
    _assign(person, data)
    try:
        with db.atomic():
            person.save()
            audit.record("create", "person", person.id, after=_for_log(_state(person)))
    except IntegrityError:
        raise _duplicate_error(data, None) from None
    return person


def update_person(person: Person, data: PersonData) -> Person:
    """Change a person's details; only what changed goes into the log."""
    _check(data, person.id)
    before = _state(person)
    _assign(person, data)
    try:
        with db.atomic():
            person.save()
            # Compare the real values: two different numbers can share their last four digits.
            old, new = audit.changes(before, _state(person))
            if new:
                audit.record("update", "person", person.id, before=_for_log(old), after=_for_log(new))
    except IntegrityError:
        raise _duplicate_error(data, person.id) from None
    return person


def set_person_active(person: Person, active: bool) -> None:
    """Take a person off the active list or bring them back; people are never deleted."""
    records.set_active(person, active, "person")


def record_full_id_view(person: Person) -> None:
    """Log that the whole ID number was shown (personal data: who looked, and when)."""
    if person.national_id:
        with db.atomic():
            audit.record("view_national_id", "person", person.id)


def import_rows(unit_id: int, rows: list[PersonData], source: str) -> list[Person]:
    """Add every row to unit_id's list in one transaction, or none of them."""
    people = []
    try:
        with db.atomic():
            for data in rows:
                person = Person()
                _assign(person, PersonData(**{**asdict(data), "unit_id": unit_id}))
                person.save()
                audit.record("create", "person", person.id, after=_for_log(_state(person)),
                             comment=f"Nhập từ tệp “{source}”")
                people.append(person)
            audit.record("import", "unit", unit_id, after={"count": len(people), "file": source})
    except IntegrityError as exc:
        raise ImportConflict(str(exc)) from exc
    return people
