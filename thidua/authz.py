"""Who may reach what: the public allow-list, role gates per area, per-record scope."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

# Everything else needs a signed-in user; the route-protection test reads this set.
PUBLIC_ENDPOINTS = frozenset({"static", "auth.login", "main.health",
                              # The code step of two-factor sign-in: the password was right, no session yet.
                              "auth.two_factor",
                              # Published awards (thidua/public): signed decisions and the check of one award.
                              "public.index", "public.decision", "public.award", "public.notice"})

# Blueprint name -> the roles that may enter it; filled by gate_blueprint().
AREA_ROLES: dict[str, frozenset[str]] = {}


def gate_blueprint(bp, *allowed_roles: str) -> None:
    """Let only users holding one of allowed_roles into any route of bp."""
    AREA_ROLES[bp.name] = frozenset(allowed_roles)

    @bp.before_request
    def _role_gate():
        if not current_user.is_authenticated:
            return None  # the app-wide login gate answers first
        if not current_user.has_role(*allowed_roles):
            abort(403)
        return None


def require_unit_access(unit_id: int) -> None:
    """Abort with 404 when the user may not see the records of unit_id."""
    # 404 rather than 403: a district must not learn which ids exist elsewhere.
    if not current_user.can_see_unit(unit_id):
        abort(404)
