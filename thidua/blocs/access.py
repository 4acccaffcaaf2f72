"""Who is what in a bloc: the province's emulation board sees every bloc; a member unit's head and emulation
officer act for their unit; the year's leader unit's people are the leader's team."""
from __future__ import annotations

from .. import roles
from ..models import BlocUser, Compact


def is_board(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(roles.EMULATION_BOARD)


def seats(user) -> dict[int, BlocUser]:
    """{bloc id: the user's seat} for every bloc the user acts in (one query, kept on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = user.__dict__.get("_bloc_seats")
    if cached is None:
        cached = {s.bloc_id: s for s in BlocUser.select().where(BlocUser.user == user.id)}
        user.__dict__["_bloc_seats"] = cached
    return cached


def seat(user, bloc_id: int) -> BlocUser | None:
    """The user's seat in a bloc, only while they still belong to the unit they act for."""
    found = seats(user).get(bloc_id)
    return found if found is not None and found.unit_id == user.unit_id else None


def head_seat(user, bloc_id: int) -> BlocUser | None:
    """The user's seat as its unit's head (signs, votes, objects): a head seat, held by a user who still has the
    unit head role — a head seat given to, or left with, an officer does not make them the head."""
    found = seat(user, bloc_id)
    return found if found is not None and found.kind == "head" and user.has_role(roles.UNIT_HEAD) else None


def sees_bloc(user, bloc_id: int) -> bool:
    return is_board(user) or seat(user, bloc_id) is not None


def acts_for(user, bloc_id: int, unit_id: int, head_only: bool = False) -> bool:
    """Say whether user acts for unit_id in the bloc (its head, or its officer unless head_only)."""
    found = head_seat(user, bloc_id) if head_only else seat(user, bloc_id)
    return found is not None and found.unit_id == unit_id and user.has_role(roles.UNIT_HEAD, roles.UNIT_STAFF)


def leads(user, compact: Compact) -> bool:
    """Say whether user is on the year's leader team (a seat of the leader unit)."""
    return acts_for(user, compact.bloc_id, compact.leader_unit_id)
