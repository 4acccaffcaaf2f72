"""Apply the numbered migrations in migrations/: the only way the schema is created or changed."""
from __future__ import annotations

import os

from playhouse.migrations import Runner

from .db import db

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def runner() -> Runner:
    return Runner(db.obj, MIGRATIONS_DIR)


def apply_all() -> list[str]:
    """Apply every pending migration and return the names applied."""
    return runner().up()


def pending() -> list[str]:
    return [m.name for m in runner().status() if not m.applied]
