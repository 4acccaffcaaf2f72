"""Every state change of every stateful record goes through this module.

Each record type declares one frozen table of transitions: action, source states,
target state, the roles that may take it, a per-record actor check, a guard that
returns a Vietnamese reason (or None), whether a comment is required. `apply()`
checks all of them, then changes the state with a compare-and-set UPDATE on
(id, state, version) and writes the audit entry in the same transaction; side
effects registered with `after_commit` run only once the change is committed.
"""
from __future__ import annotations

import datetime
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

from . import audit, clock
from .db import db, write_transaction

Check = Callable[[Any, Any], bool]
Guard = Callable[[Any, Any, str], "str | None"]  # (record, actor, comment) -> reason or None
Effect = Callable[[Any, Any, datetime.datetime, str], dict]


class WorkflowError(Exception):
    """A refused transition: code 403 (not allowed), 409 (wrong state, stale, guard) or 422 (input)."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    label: str
    actor_check: Check | None = None
    guard: Guard | None = None
    needs_comment: bool = False
    effect: Effect | None = None  # extra columns set in the same UPDATE
    style: str = "primary"
    # False: taken only by a service as part of a larger change (e.g. the council's result moving a dossier),
    # never offered as a button of its own.
    manual: bool = True
    # When the actor check refuses: the reason worth telling this user (or None for the generic message), e.g. a
    # bloc's leader unit told that the deputy unit, not itself, checks its own scorecard.
    refusal: Callable[[Any, Any], "str | None"] | None = None


@dataclass(frozen=True)
class Machine:
    model: type
    object_type: str
    states: dict[str, str]  # state -> Vietnamese label
    transitions: tuple[Transition, ...]
    state_field: str = "status"
    _after_commit: list = field(default_factory=list, compare=False, hash=False)

    def transition(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def label(self, state: str) -> str:
        return self.states.get(state, state)


MACHINES: dict[type, Machine] = {}

STALE = "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang rồi thử lại."


def register(machine: Machine) -> Machine:
    """Declare the transition table of a record type."""
    MACHINES[machine.model] = machine
    return machine


def machine_for(obj) -> Machine:
    return MACHINES[type(obj)]


def _permitted_role(t: Transition, user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.has_role(*t.roles))


def _permitted(t: Transition, obj, user) -> bool:
    if not _permitted_role(t, user):
        return False
    return t.actor_check is None or t.actor_check(obj, user)


def available(obj, user) -> list[Transition]:
    """List the transitions this user may take on obj now (guards aside: apply() explains those)."""
    machine = machine_for(obj)
    state = getattr(obj, machine.state_field)
    return [t for t in machine.transitions if t.manual and state in t.sources and _permitted(t, obj, user)]


def can(obj, action: str, user) -> bool:
    return any(t.action == action for t in available(obj, user))


def apply(obj, action: str, actor, comment: str = "", expected_version: int | None = None) -> Any:
    """Take one transition on obj for actor, or raise WorkflowError; return obj updated.

    expected_version is the version the user saw when the page was drawn: a button on a page
    that is out of date must not act on what has changed since.
    """
    machine = machine_for(obj)
    t = machine.transition(action)
    state = getattr(obj, machine.state_field)
    if t is None:
        raise WorkflowError(409, "Thao tác không hợp lệ.")
    if expected_version is not None and expected_version != obj.version:
        raise WorkflowError(409, STALE)
    if state not in t.sources:
        raise WorkflowError(409, f"Hồ sơ đang ở trạng thái “{machine.label(state)}”, không thể {t.label.lower()}.")
    if not _permitted(t, obj, actor):
        reason = t.refusal(obj, actor) if t.refusal is not None and _permitted_role(t, actor) else None
        raise WorkflowError(403, reason or "Bạn không có quyền thực hiện thao tác này.")
    comment = (comment or "").strip()
    if t.needs_comment and not comment:
        raise WorkflowError(422, "Vui lòng ghi rõ lý do.")
    now = clock.now()
    model = machine.model
    state_column = getattr(model, machine.state_field)
    changes = {state_column: t.target, model.version: model.version + 1}
    extra = t.effect(obj, actor, now, comment) if t.effect else {}
    changes.update({getattr(model, k): v for k, v in extra.items()})
    with db.atomic():
        # The compare-and-set comes first: it takes the row's write lock, so the guard below reads
        # what nobody else can change until this transaction ends (edits of child rows bump the
        # parent's version first, and so wait for, or fail against, this update).
        rows = (model.update(changes)
                .where(model.id == obj.id, state_column == state, model.version == obj.version)
                .execute())
        if rows != 1:
            raise WorkflowError(409, STALE)
        if t.guard is not None:
            reason = t.guard(obj, actor, comment)
            if reason:
                raise WorkflowError(409, reason)
        audit.record(action, machine.object_type, obj.id, before=state, after=t.target, comment=comment,
                     actor=actor)
    setattr(obj, machine.state_field, t.target)
    obj.version += 1
    for key, value in extra.items():
        setattr(obj, key, value)
    pending = getattr(_batch, "hooks", None)
    for hook in machine._after_commit:
        if pending is not None:
            pending.append(lambda hook=hook: hook(obj, t, actor, comment))
        else:
            hook(obj, t, actor, comment)
    return obj


_batch = threading.local()


@contextmanager
def batch():
    """One transaction for several transitions and the rows they come with (e.g. closing a council session
    moves every dossier on its agenda): all or nothing, and the after-commit hooks run only once it commits."""
    if getattr(_batch, "hooks", None) is not None:
        raise RuntimeError("workflow.batch() does not nest")
    _batch.hooks = []
    try:
        with write_transaction():
            yield
        hooks = _batch.hooks
    finally:
        _batch.hooks = None
    for hook in hooks:
        hook()


def lock_for_change(obj, editable_states: tuple[str, ...], message: str,
                    expected_version: int | None = None) -> None:
    """Inside a transaction, claim obj before changing it or its child rows (lines, contents, files).

    Bumps the version while the state still allows edits, so a concurrent transition fails its
    compare-and-set instead of acting on rows it did not see, and two editors queue up. With
    expected_version (the version the form was drawn at), a form from an out-of-date page is refused
    rather than written over what another person saved meanwhile.
    """
    model = type(obj)
    state_field = machine_for(obj).state_field
    if expected_version is not None and expected_version != obj.version:
        raise WorkflowError(409, STALE)
    query = model.update({model.version: model.version + 1}).where(
        model.id == obj.id, getattr(model, state_field).in_(editable_states))
    if expected_version is not None:
        query = query.where(model.version == expected_version)
    if query.execute() != 1:
        raise WorkflowError(409, STALE if expected_version is not None else message)
    obj.version = model.select(model.version).where(model.id == obj.id).scalar()


def after_commit(machine: Machine, hook: Callable) -> None:
    """Run hook(obj, transition, actor, comment) after each transition of machine has committed.

    apply() commits its own transaction; a caller that needs several changes in one transaction wraps them
    in batch(), which holds the hooks back until its commit.
    """
    machine._after_commit.append(hook)
