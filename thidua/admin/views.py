"""Administration: units, users, roles and the audit log (role admin only)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from peewee import JOIN, fn

from .. import roles
from ..authz import gate_blueprint
from ..forms_support import apply_field_error, form_status, search_term
from ..models import AuditLog, Unit, User, UserRole
from ..web import fail, paginate, render, render_fragment, wants_fragment
from . import services
from .forms import ResetPasswordForm, UnitForm, UserCreateForm, UserEditForm, choices

bp = Blueprint("admin", __name__, url_prefix="/admin")
gate_blueprint(bp, roles.ADMIN)

NO_PARENT = "— Không có —"


def _unit_choices(keep_id: int | None = None, exclude_id: int | None = None, blank: str | None = None):
    """Active units for a select; keep_id stays listed even when inactive."""
    query = Unit.select(Unit.id, Unit.name, Unit.active).order_by(Unit.sort_key)
    pairs = [(u.id, u.name if u.active else f"{u.name} (ngừng hoạt động)")
             for u in query if (u.active or u.id == keep_id) and u.id != exclude_id]
    return choices(([("", blank)] if blank is not None else []) + pairs)


# Units ---------------------------------------------------------------------

def _units_with_parent():
    parent = Unit.alias()
    return (Unit.select(Unit, parent.name.alias("parent_name"))
            .join(parent, JOIN.LEFT_OUTER, on=(Unit.parent == parent.id)).objects())


def _get_unit(unit_id: int) -> Unit:
    unit = _units_with_parent().where(Unit.id == unit_id).first()
    if unit is None:
        abort(404)
    return unit


def _unit_saved(unit_id: int):
    """Answer a successful unit change: the fresh row for htmx, the list otherwise."""
    if wants_fragment():
        return render_fragment("admin/_unit_row.html", unit=_get_unit(unit_id))
    return redirect(url_for("admin.units"), 303)


@bp.route("/")
def index():
    """Open the administration area on its first list."""
    return redirect(url_for("admin.units"))


@bp.route("/units")
def units():
    """List units with live search and pagination."""
    term = search_term()
    query = _units_with_parent().order_by(Unit.active.desc(), Unit.sort_key)
    if term:
        query = query.where(fn.LOWER(Unit.name).contains(term.lower()) | fn.LOWER(Unit.code).contains(term.lower()))
    page = paginate(query, current_app.config["PAGE_SIZE"])
    return render("admin/units.html", "admin/_unit_list.html", page=page, q=term)


@bp.route("/units/new", methods=["GET", "POST"])
def unit_new():
    """Create a unit."""
    form = UnitForm()
    form.parent_id.choices = _unit_choices(blank=NO_PARENT)
    if form.validate_on_submit():
        try:
            unit = services.create_unit(form.name.data, form.code.data, form.kind.data, form.parent_id.data)
        except services.FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã tạo đơn vị “{unit.name}”.", "success")
            return redirect(url_for("admin.units"), 303)
    return render("admin/unit_new.html", form=form, status=form_status(form))


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
def unit_edit(unit_id: int):
    """Edit a unit: inline in its row for htmx, as a page otherwise."""
    unit = _get_unit(unit_id)
    form = UnitForm(obj=unit) if request.method == "POST" else UnitForm(obj=unit, parent_id=unit.parent_id)
    form.parent_id.choices = _unit_choices(unit.parent_id, exclude_id=unit.id, blank=NO_PARENT)
    if form.validate_on_submit():
        try:
            services.update_unit(unit, form.name.data, form.code.data, form.kind.data, form.parent_id.data)
        except services.FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã lưu đơn vị “{unit.name}”.", "success")
            return _unit_saved(unit.id)
    return render("admin/unit_edit.html", "admin/_unit_row_form.html", form=form, unit=unit,
                  status=form_status(form))


@bp.route("/units/<int:unit_id>/row")
def unit_row(unit_id: int):
    """Show one unit's row (used to cancel an inline edit)."""
    if not wants_fragment():
        return redirect(url_for("admin.units"))
    return render_fragment("admin/_unit_row.html", unit=_get_unit(unit_id))


@bp.route("/units/<int:unit_id>/active", methods=["POST"])
def unit_set_active(unit_id: int):
    """Deactivate or reactivate a unit; units are never deleted."""
    unit = _get_unit(unit_id)
    active = request.form.get("active") == "1"
    services.set_unit_active(unit, active)
    flash(f"Đã {'mở lại' if active else 'ngừng hoạt động'} đơn vị “{unit.name}”.", "success")
    return _unit_saved(unit.id)


# Users ---------------------------------------------------------------------

def _users_with_unit():
    return User.select(User, Unit).join(Unit)


def _attach_roles(users: list[User]) -> list[User]:
    """Load the roles of every listed user in one query."""
    by_user: dict[int, set[str]] = {u.id: set() for u in users}
    if by_user:
        for row in UserRole.select(UserRole.user, UserRole.role).where(UserRole.user.in_(list(by_user))):
            by_user[row.user_id].add(row.role)
    for user in users:
        user.__dict__["_role_codes"] = frozenset(by_user[user.id])
    return users


def _get_user(user_id: int) -> User:
    user = _users_with_unit().where(User.id == user_id).first()
    if user is None:
        abort(404)
    return _attach_roles([user])[0]


def _user_saved(user_id: int):
    if wants_fragment():
        return render_fragment("admin/_user_row.html", user=_get_user(user_id))
    return redirect(url_for("admin.users"), 303)


@bp.route("/users")
def users():
    """List users with live search and pagination."""
    term = search_term()
    query = _users_with_unit().order_by(User.active.desc(), User.sort_key)
    if term:
        t = term.lower()
        query = query.where(fn.LOWER(User.full_name).contains(t) | fn.LOWER(User.username).contains(t)
                            | fn.LOWER(Unit.name).contains(t))
    page = paginate(query, current_app.config["PAGE_SIZE"])
    _attach_roles(page.items)
    return render("admin/users.html", "admin/_user_list.html", page=page, q=term)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    """Create a user with a temporary password that must be changed at first sign-in."""
    form = UserCreateForm()
    form.unit_id.choices = _unit_choices(blank="— Chọn đơn vị —")
    if form.validate_on_submit():
        try:
            user = services.create_user(form.username.data, form.full_name.data, form.email.data,
                                        form.unit_id.data, form.roles.data, form.new_password.data)
        except services.FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã tạo tài khoản “{user.username}”. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.",
                  "success")
            return redirect(url_for("admin.users"), 303)
    return render("admin/user_new.html", form=form, status=form_status(form))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    """Edit a user's name, e-mail, unit and roles."""
    user = _get_user(user_id)
    if request.method == "POST":
        form = UserEditForm()
    else:
        form = UserEditForm(obj=user, unit_id=user.unit_id)
        # Set after construction: WTForms would read obj.roles (the backref query) before a keyword.
        form.roles.data = sorted(user.role_codes)
    form.unit_id.choices = _unit_choices(user.unit_id)
    if form.validate_on_submit():
        try:
            services.update_user(user, form.full_name.data, form.email.data, form.unit_id.data,
                                 form.roles.data, current_user._get_current_object())
        except services.FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã lưu tài khoản “{user.username}”.", "success")
            return _user_saved(user.id)
    return render("admin/user_edit.html", "admin/_user_row_form.html", form=form, user=user,
                  status=form_status(form))


@bp.route("/users/<int:user_id>/row")
def user_row(user_id: int):
    """Show one user's row (used to cancel an inline edit)."""
    if not wants_fragment():
        return redirect(url_for("admin.users"))
    return render_fragment("admin/_user_row.html", user=_get_user(user_id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def user_set_active(user_id: int):
    """Deactivate or reactivate an account; accounts are never deleted, history keeps their names."""
    user = _get_user(user_id)
    active = request.form.get("active") == "1"
    try:
        services.set_user_active(user, active, current_user._get_current_object())
    except services.FieldError as error:
        fail(409, error.message)
    flash(f"Đã {'mở khóa' if active else 'khóa'} tài khoản “{user.username}”.", "success")
    return _user_saved(user.id)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def user_reset_password(user_id: int):
    """Set a temporary password for a user who forgot theirs."""
    user = _get_user(user_id)
    form = ResetPasswordForm()
    form.owner = user
    if form.validate_on_submit():
        services.reset_password(user, form.new_password.data)
        flash(f"Đã đặt lại mật khẩu cho “{user.username}”. Người dùng phải đổi mật khẩu khi đăng nhập.",
              "success")
        return redirect(url_for("admin.users"), 303)
    return render("admin/user_password.html", form=form, user=user, status=form_status(form))


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
def user_unlock(user_id: int):
    """End a sign-in lock (repeated wrong passwords or codes) before its time."""
    user = _get_user(user_id)
    services.unlock_sign_in(user)
    flash(f"Đã mở khóa đăng nhập cho “{user.username}”.", "success")
    return _user_saved(user.id)


@bp.route("/users/<int:user_id>/totp", methods=["POST"])
def user_reset_totp(user_id: int):
    """Remove a user's two-factor sign-in (lost phone): they enrol again at their next sign-in."""
    user = _get_user(user_id)
    services.reset_totp(user)
    flash(f"Đã gỡ xác thực hai bước của “{user.username}”. Người dùng cần đăng ký lại.", "success")
    return _user_saved(user.id)


# Audit log -----------------------------------------------------------------

@bp.route("/audit")
def audit_log():
    """List the audit log, newest first, filtered by record."""
    query = (AuditLog.select(AuditLog, User).join(User, JOIN.LEFT_OUTER)
             .order_by(AuditLog.at.desc(), AuditLog.id.desc()))
    object_type = (request.args.get("type") or "").strip()
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    object_id = request.args.get("id", type=int)
    if object_id is not None:
        query = query.where(AuditLog.object_id == object_id)
    page = paginate(query, current_app.config["PAGE_SIZE"])
    return render("admin/audit.html", "admin/_audit_list.html", page=page,
                  object_type=object_type, object_id=object_id)
