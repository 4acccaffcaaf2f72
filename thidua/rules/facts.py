"""What the rules know about people and units: the Facts protocol, read from the database (DbFacts) or
held in memory (MemoryFacts, for tests and what-if checks).

Titles and award forms both live in AwardRecord and are read as codes per year. History rows marked removed
(removed_at, entered by mistake) are skipped by every query here. `extra_titles` maps
(subject, id, year) to a set of codes proposed in the same round that count as if granted — e.g. the LĐTT
proposed this year for the same person's CSTĐ cơ sở, or the members' LĐTT for a collective's percentage.
Rules that ask whether something was already *received* (the Kỷ niệm chương once per person) pass
proposed=False and see only granted records.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from .params import DEFAULTS, ND98, ND152, OLD, Params
from .params import load as load_params

ExtraTitles = Mapping[tuple[str, int, int], Iterable[str]]

# The regimes of migration 0002, for MemoryFacts: (code, valid_from, valid_to).
DEFAULT_REGIMES = (
    (OLD, datetime.date(2017, 10, 1), datetime.date(2023, 12, 31)),
    (ND98, datetime.date(2024, 1, 1), datetime.date(2025, 6, 30)),
    (ND152, datetime.date(2025, 7, 1), None),
)
UNDER_REVIEW = "under_review"


@dataclass(frozen=True)
class InitiativeFact:
    scope: str  # "co_so" | "tinh_bo" | "toan_quoc"
    recognised_on: datetime.date
    title: str = ""


@dataclass(frozen=True)
class DisciplineFact:
    level: str  # a key of models.history.DISCIPLINE_LEVELS
    starts_on: datetime.date
    ends_on: datetime.date | None = None  # None: still in force
    reason: str = ""

    @property
    def is_review(self) -> bool:
        return self.level == UNDER_REVIEW

    def in_force_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return self.starts_on <= last and (self.ends_on is None or self.ends_on >= first)


class Facts(Protocol):
    def regime_on(self, day: datetime.date) -> str | None:
        """The code of the regime in force on a day."""

    def regime_for_year(self, year: int) -> str | None:
        """The regime that judges a year: the one in force on 31 December."""

    def parameters(self, regime_code: str) -> Params: ...

    def titles(self, subject: str, subject_id: int, year: int, proposed: bool = True) -> set[str]:
        """Codes of the titles and forms received (and, if proposed, proposed this round) for a year."""

    def titles_for(self, person_ids: Iterable[int], year: int) -> dict[int, set[str]]:
        """titles() of many people at once (proposals included)."""

    def years_with(self, subject: str, subject_id: int, code: str, proposed: bool = True) -> list[int]:
        """The years, ascending, for which the subject received (or has proposed) the code."""

    def rating(self, person_id: int, year: int) -> str | None: ...

    def ratings_for(self, person_ids: Iterable[int], year: int) -> dict[int, str | None]: ...

    def initiatives(self, person_id: int) -> list[InitiativeFact]: ...

    def disciplines(self, person_id: int) -> list[DisciplineFact]: ...

    def disciplines_for(self, person_ids: Iterable[int]) -> dict[int, list[DisciplineFact]]: ...

    def employed_since(self, person_id: int) -> datetime.date | None: ...

    def unit_members(self, unit_id: int, include_subunits: bool = False) -> list[int]:
        """Ids of the active staff of a unit (and of its sub-units, if asked)."""

    def discipline_on(self, person_id: int, day: datetime.date) -> list[DisciplineFact]:
        """The disciplines (and pending reviews) in force on a day."""


def discipline_on(facts: Facts, person_id: int, day: datetime.date) -> list[DisciplineFact]:
    """The disciplines (and pending reviews) in force on a day."""
    return [d for d in facts.disciplines(person_id) if d.in_force_on(day)]


class _Common:
    """What both implementations share: proposals in the round, and the helpers built on the primitives."""

    def __init__(self, extra_titles: ExtraTitles | None = None):
        self.extra_titles: dict[tuple[str, int, int], set[str]] = {
            key: set(codes) for key, codes in (extra_titles or {}).items()}

    def _extra(self, subject: str, subject_id: int, year: int) -> set[str]:
        return self.extra_titles.get((subject, subject_id, year), set())

    def _extra_years(self, subject: str, subject_id: int, code: str) -> set[int]:
        return {y for (s, i, y), codes in self.extra_titles.items() if s == subject and i == subject_id
                and code in codes}

    def regime_for_year(self, year: int) -> str | None:
        return self.regime_on(datetime.date(year, 12, 31))

    def rating(self, person_id: int, year: int) -> str | None:
        return self.ratings_for([person_id], year).get(person_id)

    def disciplines(self, person_id: int) -> list[DisciplineFact]:
        return self.disciplines_for([person_id]).get(person_id, [])

    def discipline_on(self, person_id: int, day: datetime.date) -> list[DisciplineFact]:
        return discipline_on(self, person_id, day)


class DbFacts(_Common):
    """Facts read from the models; caches what it read, so make one per request or evaluation round."""

    def __init__(self, extra_titles: ExtraTitles | None = None):
        super().__init__(extra_titles)
        self._params: dict[str, Params] = {}
        self._records: dict[tuple[str, int], list[tuple[int, str]]] = {}
        self._regimes: list[tuple[str, datetime.date, datetime.date | None]] | None = None
        self._ratings: dict[int, dict[int, str]] = {}

    def regime_on(self, day: datetime.date) -> str | None:
        if self._regimes is None:
            from ..models import LegalRegime
            self._regimes = list(LegalRegime.select(LegalRegime.code, LegalRegime.valid_from, LegalRegime.valid_to)
                                 .order_by(LegalRegime.valid_from.desc()).tuples())
        for code, start, end in self._regimes:
            if start <= day and (end is None or day <= end):
                return code
        return None

    def parameters(self, regime_code: str) -> Params:
        if regime_code not in self._params:
            self._params[regime_code] = load_params(regime_code)
        return self._params[regime_code]

    def _records_of(self, subject: str, subject_id: int) -> list[tuple[int, str]]:
        key = (subject, subject_id)
        if key not in self._records:
            from ..models import AwardRecord
            owner = AwardRecord.person if subject == "individual" else AwardRecord.unit
            self._records[key] = list(AwardRecord.select(AwardRecord.year, AwardRecord.award_code)
                                      .where(AwardRecord.subject == subject, owner == subject_id,
                                             AwardRecord.removed_at.is_null()).tuples())
        return self._records[key]

    def titles(self, subject: str, subject_id: int, year: int, proposed: bool = True) -> set[str]:
        codes = {code for y, code in self._records_of(subject, subject_id) if y == year}
        return codes | self._extra(subject, subject_id, year) if proposed else codes

    def titles_for(self, person_ids: Iterable[int], year: int) -> dict[int, set[str]]:
        from ..models import AwardRecord
        ids = list(person_ids)
        found: dict[int, set[str]] = {pid: set(self._extra("individual", pid, year)) for pid in ids}
        for chunk in _chunks(ids):
            query = (AwardRecord.select(AwardRecord.person, AwardRecord.award_code)
                     .where(AwardRecord.subject == "individual", AwardRecord.year == year,
                            AwardRecord.person.in_(chunk), AwardRecord.removed_at.is_null()).tuples())
            for pid, code in query:
                found[pid].add(code)
        return found

    def years_with(self, subject: str, subject_id: int, code: str, proposed: bool = True) -> list[int]:
        years = {y for y, c in self._records_of(subject, subject_id) if c == code}
        if proposed:
            years |= self._extra_years(subject, subject_id, code)
        return sorted(years)

    def ratings_for(self, person_ids: Iterable[int], year: int) -> dict[int, str | None]:
        from ..models import AnnualRating
        ids = list(person_ids)
        found: dict[int, str | None] = dict.fromkeys(ids)
        for chunk in _chunks(ids):
            for pid, rating in (AnnualRating.select(AnnualRating.person, AnnualRating.rating)
                                .where(AnnualRating.year == year, AnnualRating.person.in_(chunk),
                                       AnnualRating.removed_at.is_null()).tuples()):
                found[pid] = rating
        return found

    def rating(self, person_id: int, year: int) -> str | None:
        # A person's ratings are read once: the multi-year rules ask for several years in a row.
        if person_id not in self._ratings:
            from ..models import AnnualRating
            self._ratings[person_id] = dict(AnnualRating.select(AnnualRating.year, AnnualRating.rating)
                                            .where(AnnualRating.person == person_id,
                                                   AnnualRating.removed_at.is_null()).tuples())
        return self._ratings[person_id].get(year)

    def initiatives(self, person_id: int) -> list[InitiativeFact]:
        from ..models import Initiative
        return [InitiativeFact(scope, day, title) for scope, day, title in
                Initiative.select(Initiative.scope, Initiative.recognised_on, Initiative.title)
                .where(Initiative.person == person_id, Initiative.removed_at.is_null())
                .order_by(Initiative.recognised_on).tuples()]

    def disciplines_for(self, person_ids: Iterable[int]) -> dict[int, list[DisciplineFact]]:
        from ..models import Discipline
        ids = list(person_ids)
        found: dict[int, list[DisciplineFact]] = {pid: [] for pid in ids}
        for chunk in _chunks(ids):
            query = (Discipline.select(Discipline.person, Discipline.level, Discipline.starts_on,
                                       Discipline.ends_on, Discipline.reason)
                     .where(Discipline.person.in_(chunk), Discipline.removed_at.is_null())
                     .order_by(Discipline.starts_on).tuples())
            for pid, level, starts_on, ends_on, reason in query:
                found[pid].append(DisciplineFact(level, starts_on, ends_on, reason))
        return found

    def employed_since(self, person_id: int) -> datetime.date | None:
        from ..models import Person
        row = Person.select(Person.employed_since).where(Person.id == person_id).tuples().first()
        return row[0] if row else None

    def unit_members(self, unit_id: int, include_subunits: bool = False) -> list[int]:
        from ..models import Person, Unit
        units = {unit_id}
        if include_subunits:
            children = defaultdict(list)
            for uid, parent in Unit.select(Unit.id, Unit.parent).tuples():
                children[parent].append(uid)
            todo = [unit_id]
            while todo:
                for child in children.get(todo.pop(), []):
                    if child not in units:
                        units.add(child)
                        todo.append(child)
        return [pid for (pid,) in Person.select(Person.id)
                .where(Person.unit.in_(list(units)), Person.active == True, Person.is_staff == True)  # noqa: E712
                .order_by(Person.id).tuples()]


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


@dataclass
class MemoryPerson:
    unit_id: int | None = None
    employed_since: datetime.date | None = None
    is_staff: bool = True
    active: bool = True


class MemoryFacts(_Common):
    """Facts held in memory. Parameters default to the seeded ones (params.DEFAULTS); regimes to those of
    migration 0002. The add_/grant/rate methods return self, so a test reads as one expression."""

    def __init__(self, params: Mapping[str, Mapping[str, tuple[str, bool]]] | None = None,
                 regimes=DEFAULT_REGIMES, extra_titles: ExtraTitles | None = None):
        super().__init__(extra_titles)
        source = DEFAULTS if params is None else params
        self._param_values = {regime: dict(values) for regime, values in source.items()}
        self._regime_dates = list(regimes)
        self.people: dict[int, MemoryPerson] = {}
        self.unit_parents: dict[int, int | None] = {}
        self.records: list[tuple[str, int, int, str]] = []  # (subject, id, year, code)
        self.ratings: dict[tuple[int, int], str] = {}
        self._initiatives: dict[int, list[InitiativeFact]] = defaultdict(list)
        self._disciplines: dict[int, list[DisciplineFact]] = defaultdict(list)

    # building -----------------------------------------------------------------------------------
    def set_param(self, regime_code: str, key: str, value: str, confirmed: bool | None = None) -> MemoryFacts:
        old_value, old_confirmed = self._param_values.setdefault(regime_code, {}).get(key, ("", False))
        self._param_values[regime_code][key] = (value, old_confirmed if confirmed is None else confirmed)
        return self

    def add_unit(self, unit_id: int, parent_id: int | None = None) -> MemoryFacts:
        self.unit_parents[unit_id] = parent_id
        return self

    def add_person(self, person_id: int, unit_id: int | None = None, employed_since: datetime.date | None = None,
                   is_staff: bool = True, active: bool = True) -> MemoryFacts:
        self.people[person_id] = MemoryPerson(unit_id, employed_since, is_staff, active)
        if unit_id is not None:
            self.unit_parents.setdefault(unit_id, None)
        return self

    def grant(self, code: str, *years: int, person_id: int | None = None, unit_id: int | None = None
              ) -> MemoryFacts:
        subject, subject_id = ("individual", person_id) if person_id is not None else ("collective", unit_id)
        for year in years:
            self.records.append((subject, subject_id, year, code))
        return self

    def propose(self, code: str, year: int, person_id: int | None = None, unit_id: int | None = None
                ) -> MemoryFacts:
        subject, subject_id = ("individual", person_id) if person_id is not None else ("collective", unit_id)
        self.extra_titles.setdefault((subject, subject_id, year), set()).add(code)
        return self

    def rate(self, person_id: int, rating: str, *years: int) -> MemoryFacts:
        for year in years:
            self.ratings[(person_id, year)] = rating
        return self

    def add_initiative(self, person_id: int, scope: str, recognised_on: datetime.date, title: str = "Sáng kiến"
                       ) -> MemoryFacts:
        self._initiatives[person_id].append(InitiativeFact(scope, recognised_on, title))
        return self

    def add_discipline(self, person_id: int, level: str, starts_on: datetime.date,
                       ends_on: datetime.date | None = None, reason: str = "") -> MemoryFacts:
        self._disciplines[person_id].append(DisciplineFact(level, starts_on, ends_on, reason))
        return self

    # reading ------------------------------------------------------------------------------------
    def regime_on(self, day: datetime.date) -> str | None:
        for code, start, end in sorted(self._regime_dates, key=lambda r: r[1], reverse=True):
            if start <= day and (end is None or day <= end):
                return code
        return None

    def parameters(self, regime_code: str) -> Params:
        return Params(regime_code, self._param_values.get(regime_code, {}))

    def titles(self, subject: str, subject_id: int, year: int, proposed: bool = True) -> set[str]:
        codes = {c for s, i, y, c in self.records if s == subject and i == subject_id and y == year}
        return codes | self._extra(subject, subject_id, year) if proposed else codes

    def titles_for(self, person_ids: Iterable[int], year: int) -> dict[int, set[str]]:
        return {pid: self.titles("individual", pid, year) for pid in person_ids}

    def years_with(self, subject: str, subject_id: int, code: str, proposed: bool = True) -> list[int]:
        years = {y for s, i, y, c in self.records if s == subject and i == subject_id and c == code}
        if proposed:
            years |= self._extra_years(subject, subject_id, code)
        return sorted(years)

    def ratings_for(self, person_ids: Iterable[int], year: int) -> dict[int, str | None]:
        return {pid: self.ratings.get((pid, year)) for pid in person_ids}

    def initiatives(self, person_id: int) -> list[InitiativeFact]:
        return sorted(self._initiatives.get(person_id, []), key=lambda i: i.recognised_on)

    def disciplines_for(self, person_ids: Iterable[int]) -> dict[int, list[DisciplineFact]]:
        return {pid: sorted(self._disciplines.get(pid, []), key=lambda d: d.starts_on) for pid in person_ids}

    def employed_since(self, person_id: int) -> datetime.date | None:
        person = self.people.get(person_id)
        return person.employed_since if person else None

    def unit_members(self, unit_id: int, include_subunits: bool = False) -> list[int]:
        units = {unit_id}
        if include_subunits:
            grew = True
            while grew:
                more = {u for u, parent in self.unit_parents.items() if parent in units} - units
                units |= more
                grew = bool(more)
        return sorted(pid for pid, p in self.people.items() if p.unit_id in units and p.active and p.is_staff)
