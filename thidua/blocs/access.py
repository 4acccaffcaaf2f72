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


# Nobody cross-checks its own scores: the leader unit's team checks every member's scorecard but its own, which the
# deputy unit's team checks (agreed scores, confirm, settle the objection). A year is opened with a deputy distinct
# from the leader (services.create_year) and cannot be put to signature without one (guards.compact_ready).
OWN_CARD = ("Đơn vị Khối trưởng không tự thẩm định, thống nhất điểm hay giải quyết ý kiến về bảng điểm của chính "
            "mình: việc này do đơn vị Khối phó thực hiện.")


def checker_unit_id(compact: Compact, unit_id: int) -> int | None:
    """The unit whose team cross-checks unit_id's scorecard: the leader unit, or the deputy unit for the leader unit's
    own (None when the year has no deputy: then nobody may check it)."""
    checker = compact.deputy_unit_id if unit_id == compact.leader_unit_id else compact.leader_unit_id
    return checker if checker != unit_id else None


def checks(user, compact: Compact, unit_id: int) -> bool:
    """Say whether user is on the team that cross-checks unit_id's scorecard (never the unit's own people)."""
    checker = checker_unit_id(compact, unit_id)
    return checker is not None and acts_for(user, compact.bloc_id, checker)


def own_card_refusal(user, compact: Compact, unit_id: int) -> str | None:
    """Why the leader's team may not check this scorecard, when it is the leader unit's own (else None)."""
    if unit_id == compact.leader_unit_id and acts_for(user, compact.bloc_id, unit_id):
        return OWN_CARD
    return None
