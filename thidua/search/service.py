"""One search across people, collectives, dossiers, decisions and plans: accent-insensitive (fold() on both
sides) and scoped by the user's rights, each kind a single bounded query."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import url_for
from peewee import JOIN, fn

from .. import roles
from ..history import access as history_access
from ..models import AwardKind, Campaign, Decision, Nomination, Person, Unit
from ..textfold import fold
from . import names

MIN_LENGTH = 2


@dataclass
class Hit:
    title: str
    detail: str
    url: str


@dataclass
class Group:
    kind: str
    hits: list[Hit]
    more: bool


def _like(column, term: str):
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return fn.fold(column) ** f"%{escaped}%"


def search(user, raw: str, limit: int = 8) -> list[Group]:
    term = fold(raw or "")
    if len(term) < MIN_LENGTH:
        return []
    groups = [_people(user, term, limit), _units(user, term, limit), _dossiers(user, term, limit),
              _decisions(user, term, limit), _campaigns(user, term, limit)]
    return [g for g in groups if g is not None and g.hits]


def _name_match(key, column, kind: str, term: str):
    """Names containing term: from the trigram index (thidua/search/names.py) for three letters or more. A shorter
    term cannot be looked up by trigram: the index is scanned for at most a thousand matches, and a term that common
    is found quickly by scanning the names in their order instead."""
    if len(term) >= names.MIN_TRIGRAM:
        return key.in_(names.matching(kind, term))
    ids = names.few_ids(kind, term)
    return _like(column, term) if ids is None else key.in_(ids)


def _cut(rows: list, limit: int) -> tuple[list, bool]:
    return rows[:limit], len(rows) > limit


def _people(user, term: str, limit: int) -> Group | None:
    if not history_access.may_view(user):
        return None
    query = (Person.select(Person, Unit).join(Unit).where(_name_match(Person.id, Person.full_name, "person", term))
             .order_by(Person.sort_key, Person.id))
    if not user.is_committee_wide:
        query = query.where(Person.unit == user.unit_id)
    rows, more = _cut(list(query.limit(limit + 1)), limit)
    return Group("Cán bộ, cá nhân", [Hit(p.full_name, ", ".join(x for x in (p.position, p.unit.name) if x),
                                        url_for("history.person", person_id=p.id)) for p in rows], more)


def _units(user, term: str, limit: int) -> Group | None:
    if not user.is_committee_wide:
        return None  # a unit's people see their own unit under "Đơn vị của tôi"
    query = (Unit.select().where(_name_match(Unit.id, Unit.name, "unit", term))
             .order_by(Unit.name, Unit.id))
    rows, more = _cut(list(query.limit(limit + 1)), limit)
    return Group("Tập thể, đơn vị", [Hit(u.name, "Đang hoạt động" if u.active else "Ngừng hoạt động",
                                         url_for("main.unit", unit_id=u.id)) for u in rows], more)


def _dossiers(user, term: str, limit: int) -> Group | None:
    if not (user.is_committee_wide or user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD)):
        return None
    where = _dossier_match(term)
    if where is None:
        return Group("Hồ sơ đề nghị khen thưởng", [], False)
    query = (Nomination.select(Nomination, Person, Unit, AwardKind)
             .join(Person, JOIN.LEFT_OUTER, on=(Nomination.person == Person.id))
             .switch(Nomination).join(Unit, on=(Nomination.unit == Unit.id))
             .switch(Nomination).join(AwardKind, on=(Nomination.award_kind == AwardKind.id))
             .where(where).order_by(Nomination.id.desc()))
    if not user.is_committee_wide:
        query = query.where(Nomination.unit == user.unit_id)
    rows, more = _cut(list(query.limit(limit + 1)), limit)
    from ..flows import NOMINATION
    return Group("Hồ sơ đề nghị khen thưởng", [
        Hit(n.person.full_name if n.person_id else f"Tập thể {n.unit.name}",
            f"{n.award_kind.name} — {n.unit.name} — {NOMINATION.label(n.status)}",
            url_for("nominations.detail", nomination_id=n.id)) for n in rows], more)


def _dossier_match(term: str):
    """Dossiers of a matching nominee, unit or award (names from thidua/search/names.py), or None when nothing can
    match. A few matching names become a list looked up by index; many stay a subquery, the newest dossiers
    then matching first."""
    kinds = list(AwardKind.select(AwardKind.id).where(_like(AwardKind.name, term)).tuples())
    parts = [Nomination.award_kind.in_([k for (k,) in kinds])] if kinds else []
    for kind, column in (("person", Nomination.person), ("unit", Nomination.unit)):
        ids = names.few_ids(kind, term)
        if ids is None:
            parts.append(column.in_(names.matching(kind, term)))
        elif ids:
            parts.append(column.in_(ids))
    if not parts:
        return None
    where = parts[0]
    for part in parts[1:]:
        where |= part
    return where


def _decisions(user, term: str, limit: int) -> Group | None:
    if not user.has_role(roles.OFFICE, roles.LEADER):
        return None
    where = _like(Decision.summary, term)
    numbered = re.match(r"^(\d+)(?:/(\S*))?$", term)  # "01/qd-bdt" or "1": a number from the register
    if numbered:
        by_number = Decision.number == int(numbered.group(1))
        if numbered.group(2):
            by_number &= _like(Decision.symbol, numbered.group(2))
        where |= by_number
    query = Decision.select().where(where).order_by(Decision.id.desc())
    rows, more = _cut(list(query.limit(limit + 1)), limit)
    return Group("Quyết định, tờ trình", [Hit(f"{d.kind_label} {d.number_symbol}", d.summary,
                                              url_for("decisions.detail", decision_id=d.id)) for d in rows], more)


def _campaigns(user, term: str, limit: int) -> Group | None:
    from ..campaigns.views import visible_campaigns  # the same scope as the plans list
    query = (visible_campaigns().where(_like(Campaign.title, term) | _like(Campaign.symbol, term))
             .order_by(Campaign.issued_on.desc(), Campaign.id.desc()))
    rows, more = _cut(list(query.limit(limit + 1)), limit)
    return Group("Kế hoạch thi đua", [Hit(c.number_symbol, c.title, url_for("campaigns.detail", campaign_id=c.id))
                                      for c in rows], more)
