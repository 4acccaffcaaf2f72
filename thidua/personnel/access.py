"""Who may see and change the people of a unit; the fetch-and-check helper other areas reuse."""
from __future__ import annotations

from flask import abort

from .. import roles
from ..models import Person, Unit

# Everyone with a role may open the lists; council members and leaders only read them.
VIEW_ROLES = (roles.UNIT_STAFF, roles.UNIT_HEAD, roles.OFFICE, roles.ADMIN,
              roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR, roles.LEADER)
# The office and the administrator keep every unit's list; unit roles keep their own.
ALL_UNITS_EDIT_ROLES = (roles.OFFICE, roles.ADMIN)
OWN_UNIT_EDIT_ROLES = (roles.UNIT_STAFF, roles.UNIT_HEAD)


def sees_all_units(user) -> bool:
    """Say whether user reads every unit's list (the Committee-wide roles and the administrator)."""
    return user.is_committee_wide or user.has_role(roles.ADMIN)


def edits_all_units(user) -> bool:
    """Say whether user keeps the lists of every unit (and so chooses the unit in forms)."""
    return user.has_role(*ALL_UNITS_EDIT_ROLES)


def may_edit_any(user) -> bool:
    """Say whether user may change at least one unit's list."""
    return user.has_role(*ALL_UNITS_EDIT_ROLES, *OWN_UNIT_EDIT_ROLES)


def may_edit(user, unit_id: int) -> bool:
    """Say whether user may add, change or import the people of unit_id."""
    if edits_all_units(user):
        return True
    return user.has_role(*OWN_UNIT_EDIT_ROLES) and user.unit_id == unit_id


def may_see_personal_data(user, unit_id: int) -> bool:
    """Birth year, ethnicity and the ID number are shown only to those who keep the list."""
    return may_edit(user, unit_id)


def get_person_or_404(person_id: int, user, *, for_edit: bool = False) -> Person:
    """Fetch a person with their unit; 404 outside the user's scope, 403 when only reading is allowed."""
    person = Person.select(Person, Unit).join(Unit).where(Person.id == person_id).first()
    # 404 rather than 403: a district must not learn which ids exist elsewhere.
    if person is None or not user.can_see_unit(person.unit_id):
        abort(404)
    if for_edit and not may_edit(user, person.unit_id):
        abort(403)
    return person
