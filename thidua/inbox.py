"""The work inbox: what waits for an action the user may take now.

Each record type registers a provider; a provider returns the inbox items of one
kind for a user. The campaign, registration and dossier issues add theirs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

@dataclass(frozen=True)
class InboxItem:
    kind: str          # Vietnamese group heading, e.g. "Đăng ký thi đua chờ duyệt"
    title: str
    url: str
    since: object = None  # datetime the item started waiting
    deadline: object = None


Provider = Callable[[object], list[InboxItem]]
PROVIDERS: list[Provider] = []


def provider(func: Provider) -> Provider:
    """Register a function that lists one kind of inbox item for a user."""
    PROVIDERS.append(func)
    return func


def items_for(user) -> dict[str, list[InboxItem]]:
    """Return the user's inbox items grouped by kind, oldest first in each group."""
    groups: dict[str, list[InboxItem]] = {}
    for func in PROVIDERS:
        for item in func(user):
            groups.setdefault(item.kind, []).append(item)
    for items in groups.values():
        items.sort(key=lambda i: (i.since is None, i.since))
    return groups
