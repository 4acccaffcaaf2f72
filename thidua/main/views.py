"""Home, the work inbox and the unit pages everyone signed in may use within their scope."""
from __future__ import annotations

from flask import render_template, Blueprint, abort, current_app, redirect, url_for
from flask_login import current_user

from .. import inbox as inbox_module
from ..authz import require_unit_access
from ..models import Unit, User, UserRole
from ..web import paginate, render

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """Send a signed-in user to their inbox."""
    return redirect(url_for("main.inbox"))


@bp.route("/health")
def health():
    """Answer a load balancer's liveness probe."""
    return {"status": "ok"}


@bp.route("/inbox")
def inbox():
    """Show what waits for an action by the signed-in user."""
    from ..inbox_waiting import LIMIT
    groups = inbox_module.items_for(current_user)
    return render("main/inbox.html", groups=groups, limit=LIMIT)


@bp.route("/inbox/count")
def inbox_count():
    """The number beside "Việc cần xử lý" in the navigation, fetched by htmx after the page and every minute."""
    count = sum(len(items) for items in inbox_module.items_for(current_user).values())
    # A bare fragment: a poll must not take the flashed messages meant for the next page (render_fragment would).
    return render_template("main/_inbox_count.html", count=count), 200, {"Vary": "HX-Request"}


@bp.route("/units/mine")
def my_unit():
    """Open the signed-in user's own unit."""
    return redirect(url_for("main.unit", unit_id=current_user.unit_id))


@bp.route("/units/<int:unit_id>")
def unit(unit_id: int):
    """Show a unit and its active members, to those who may see that unit."""
    require_unit_access(unit_id)
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None:
        abort(404)
    members = paginate(
        User.select().where(User.unit == unit, User.active == True).order_by(User.sort_key),  # noqa: E712
        current_app.config["PAGE_SIZE"],
    )
    role_rows = UserRole.select().where(UserRole.user.in_([m.id for m in members.items]))
    member_roles: dict[int, list[str]] = {}
    for row in role_rows:
        member_roles.setdefault(row.user_id, []).append(row.role)
    return render("main/unit.html", unit=unit, members=members, member_roles=member_roles)


@bp.route("/units")
def units():
    """List the Committee's units for the roles that work across units."""
    if not (current_user.is_committee_wide or current_user.has_role("admin")):
        return redirect(url_for("main.my_unit"))
    page = paginate(Unit.select().where(Unit.active == True).order_by(Unit.kind, Unit.sort_key),  # noqa: E712
                    current_app.config["PAGE_SIZE"])
    return render("main/units.html", page=page)
