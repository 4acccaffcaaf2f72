"""Personal data of the people on the lists: who sees it, the log of each viewing, the export on request.

Ethnicity is sensitive personal data under Vietnamese law (Decree 13/2023/NĐ-CP); birth years and national ID
numbers are personal data. They are shown only to those who keep a unit's list (thidua/personnel/access.py:
may_see_personal_data — the office and the administrator for every unit, unit staff and heads for their own);
every page that shows a person's ethnicity writes one view_personal_data audit row naming the people shown.
"""
from __future__ import annotations

import datetime
from typing import Iterable

from peewee import ForeignKeyField
from playhouse.shortcuts import model_to_dict

from . import audit, roles
from .db import db

# The office answers a person's request for their data; the administrator may do it for them.
EXPORT_ROLES = (roles.OFFICE, roles.ADMIN)


def may_export(user) -> bool:
    """Say whether user may export a person's whole record (a request under the personal data law)."""
    return user.has_role(*EXPORT_ROLES)


def record_view(person_ids: Iterable[int], page: str) -> None:
    """Log one viewing of the personal data of the people shown on a page (one row per page view)."""
    ids = sorted({int(i) for i in person_ids})
    if not ids:
        return
    with db.atomic():
        audit.record("view_personal_data", "person", ids[0] if len(ids) == 1 else None,
                     after={"page": page, "people": ids})


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _rows(model, where) -> list[dict]:
    return [_plain(model_to_dict(row, recurse=False)) for row in model.select().where(where).order_by(model.id)]


def export(person) -> dict:
    """Everything the app holds about one person: the list entry and every record that names them."""
    from . import ethnicities
    from .models import MODELS, AchievementReport, Nomination, Person
    from .models.audit import utc_now
    data = {
        "exported_at_utc": utc_now().isoformat(timespec="seconds"),
        "person": _plain(model_to_dict(person, recurse=False)),
        "unit": person.unit.name,
        "ethnicity_name": ethnicities.ETHNICITIES.get(person.ethnicity, ""),
        "records": {},
    }
    for model in MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, ForeignKeyField) and field.rel_model is Person:
                rows = _rows(model, field == person.id)
                if rows:
                    data["records"].setdefault(model._meta.table_name, []).extend(rows)
    nominations = [n.id for n in Nomination.select(Nomination.id).where(Nomination.person == person.id)]
    if nominations:
        reports = _rows(AchievementReport, AchievementReport.nomination.in_(nominations))
        if reports:
            data["records"]["achievement_report"] = reports
    return data


def record_export(person, fmt: str) -> None:
    """Log the export (the whole record left the system: who took it, when, in what form)."""
    with db.atomic():
        audit.record("export_personal_data", "person", person.id, after={"format": fmt})
