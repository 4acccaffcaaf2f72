"""The council roster (role admin): who sits on the Committee's council, in which role, for which period."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from .. import clock
from ..council import services
from ..council.forms import CouncilSeatForm, EndServiceForm, NewCouncilSeatForm
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import CouncilMember, User
from ..models.council import COUNCIL_ROLES, members_on
from ..vnsort import name_key
from ..web import render
from .forms import choices
from .views import bp


def _seat_or_404(seat_id: int) -> CouncilMember:
    seat = CouncilMember.select(CouncilMember, User).join(User).where(CouncilMember.id == seat_id).first()
    if seat is None:
        abort(404)
    return seat


def _values(form) -> dict:
    return {"role": form.role.data, "served_from": form.served_from.data, "served_to": form.served_to.data,
            "note": form.note.data or ""}


@bp.route("/council")
def council():
    """The roster: those serving today, then everyone who has served (seats are never deleted)."""
    today = clock.today()
    order = {role: i for i, role in enumerate(COUNCIL_ROLES)}
    seats = list(CouncilMember.select(CouncilMember, User).join(User))
    seats.sort(key=lambda s: (not s.serves_on(today), order[s.role], name_key(s.user.full_name),
                              -s.served_from.toordinal()))
    return render("admin/council.html", seats=seats, serving=members_on(today), today=today,
                  end_form=EndServiceForm(data={"served_to": today}))


@bp.route("/council/new", methods=["GET", "POST"])
def council_new():
    """Add a member to the council."""
    form = NewCouncilSeatForm()
    users = User.select(User.id, User.full_name, User.username).where(User.active == True).order_by(  # noqa: E712
        User.full_name)
    form.user_id.choices = choices([(u.id, f"{u.full_name} ({u.username})") for u in users])
    if request.method == "GET":
        form.served_from.data = clock.today()
    if form.validate_on_submit():
        try:
            seat = services.add_member(User.get_by_id(form.user_id.data), _values(form))
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã thêm “{seat.user.full_name}” vào Hội đồng.", "success")
            return redirect(url_for("admin.council"), 303)
    return render("admin/council_edit.html", form=form, seat=None, status=form_status(form))


@bp.route("/council/<int:seat_id>/edit", methods=["GET", "POST"])
def council_edit(seat_id: int):
    """Change a member's role in the council or the period they serve."""
    seat = _seat_or_404(seat_id)
    form = CouncilSeatForm(obj=seat) if request.method == "GET" else CouncilSeatForm()
    if form.validate_on_submit():
        try:
            services.update_member(seat, _values(form))
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã lưu “{seat.user.full_name}”.", "success")
            return redirect(url_for("admin.council"), 303)
    return render("admin/council_edit.html", form=form, seat=seat, status=form_status(form))


@bp.route("/council/<int:seat_id>/end", methods=["POST"])
def council_end(seat_id: int):
    """End a member's service on the given day (the seat stays in the roster's history)."""
    seat = _seat_or_404(seat_id)
    form = EndServiceForm()
    if not form.validate_on_submit():
        flash("Ngày thôi tham gia không hợp lệ.", "error")
        return redirect(url_for("admin.council"), 303)
    try:
        services.end_service(seat, form.served_to.data)
    except FieldError as error:
        flash(error.message, "error")
    else:
        flash(f"“{seat.user.full_name}” thôi tham gia Hội đồng từ sau ngày "
              f"{form.served_to.data:%d/%m/%Y}.", "success")
    return redirect(url_for("admin.council"), 303)
