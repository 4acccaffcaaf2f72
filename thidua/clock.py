"""Today's date and the current time, in one place so tests can move them."""
from __future__ import annotations

import datetime


def today() -> datetime.date:
    return datetime.date.today()


def now() -> datetime.datetime:
    return datetime.datetime.now()
