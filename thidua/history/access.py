"""Who may read and keep the award history, and the fetch-and-check helpers of the history area.

Award history is personal data (discipline above all): the Committee-wide roles read every unit's, unit users
their own unit's, and the administrator none (the IT officer keeps the catalogue and the rule parameters, not
people's records). Only the office enters, corrects or imports it.
"""
from __future__ import annotations

from flask import abort

from .. import roles
from ..models import Person, Unit

VIEW_ROLES = (roles.UNIT_STAFF, roles.UNIT_HEAD, roles.OFFICE, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR,
              roles.LEADER)
EDIT_ROLES = (roles.OFFICE,)
# The numbers of the law: the office reads them (it checks dossiers against them), the administrator keeps them.
PARAMETER_VIEW_ROLES = (roles.OFFICE, roles.ADMIN)
PARAMETER_EDIT_ROLES = (roles.ADMIN,)
# The area's gate lets the administrator in for the parameters only; each view checks the rest.
GATE_ROLES = VIEW_ROLES + (roles.ADMIN,)


def may_view(user) -> bool:
    """Say whether user may read award history at all (the administrator alone may not)."""
    return user.has_role(*VIEW_ROLES)


def sees_unit(user, unit_id: int) -> bool:
    """Say whether user may read the history of unit_id and of its people."""
    if user.is_committee_wide:
        return True
    return user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD) and user.unit_id == unit_id


def may_edit(user) -> bool:
    """Say whether user may enter, correct, remove or import history rows."""
    return user.has_role(*EDIT_ROLES)


def may_view_parameters(user) -> bool:
    return user.has_role(*PARAMETER_VIEW_ROLES)


def may_edit_parameters(user) -> bool:
    return user.has_role(*PARAMETER_EDIT_ROLES)


def require_view(user) -> None:
    if not may_view(user):
        abort(403)


def require_edit(user) -> None:
    if not may_edit(user):
        abort(403)


def get_person_or_404(person_id: int, user) -> Person:
    """Fetch a person with their unit; 403 for the administrator, 404 outside the user's unit."""
    require_view(user)
    person = Person.select(Person, Unit).join(Unit).where(Person.id == person_id).first()
    # 404 rather than 403: a district must not learn which ids exist elsewhere.
    if person is None or not sees_unit(user, person.unit_id):
        abort(404)
    return person


def get_unit_or_404(unit_id: int, user) -> Unit:
    """Fetch a unit whose collective history user may read."""
    require_view(user)
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None or not sees_unit(user, unit.id):
        abort(404)
    return unit


def get_row_or_404(model, row_id: int, user):
    """Fetch a history row the office is about to correct or remove; removed rows no longer exist."""
    require_edit(user)
    row = model.get_or_none(model.id == row_id)
    if row is None or row.removed_at is not None:
        abort(404)
    return row
