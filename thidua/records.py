"""Changes shared by every kind of record that is retired rather than deleted."""
from __future__ import annotations

from . import audit
from .db import db


def set_active(record, active: bool, object_type: str) -> None:
    """Retire or restore record (units, people, catalogue entries), with its audit entry, in one transaction."""
    if record.active == active:
        return
    model = type(record)
    with db.atomic():
        model.update(active=active).where(model.id == record.id).execute()
        audit.record("activate" if active else "deactivate", object_type, record.id,
                     before={"active": record.active}, after={"active": active})
        record.active = active
