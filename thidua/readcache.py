"""A small per-process cache for expensive read-only aggregates over the award history, valid until the next
write anywhere in the app.

Every change the app makes appends to the audit log in the same transaction, so the audit chain head's hash
names the version of the data: an entry is used only while the head is what it was when the entry was computed.
One primary-key read checks that. Nothing needs sharing between processes or hosts: each worker computes an
entry once and keeps it while nothing is written. Used only where the benchmark showed the aggregate cannot
be made fast by an index (ten years of a million award rows joined to the people: 0.8 s; bench/RESULTS.md).
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Callable, TypeVar

from flask import current_app

from .db import db

T = TypeVar("T")
MAX_ENTRIES = 64

_entries: OrderedDict = OrderedDict()
_lock = Lock()


def data_version() -> tuple:
    """Which database, and the audit chain's last hash in it: changes with every write the app makes."""
    from .models import AuditChainHead
    head = AuditChainHead.select(AuditChainHead.last_hash).where(AuditChainHead.id == 1).scalar()
    return (getattr(db.obj, "database", None), head)


def enabled() -> bool:
    """READ_CACHE (on unless configured off): the test suite turns it off, because on PostgreSQL its databases
    are emptied between tests and the chain head starts again from the same value."""
    return bool(current_app.config.get("READ_CACHE", True))


def cached(name: str, args: tuple, compute: Callable[[], T]) -> T:
    """compute(), or its result kept from an earlier call with the same name and args at the same data_version."""
    if not enabled():
        return compute()
    key = (name, args, data_version())
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    value = compute()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value
