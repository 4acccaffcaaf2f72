"""Settings of the sign-off kept by the administrator: the base salary (mức lương cơ sở) that award amounts
multiply, and who heads the agency (the one who signs without a delegation)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from ..decisions import services
from ..decisions.forms import BaseSalaryForm
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import AgencyHead, BaseSalary, User, UserRole
from .. import roles
from ..web import render
from .views import bp


@bp.route("/base-salary", methods=["GET", "POST"])
def base_salary():
    form = BaseSalaryForm()
    if form.validate_on_submit():
        try:
            services.add_base_salary(form.valid_from.data, form.amount.data, form.legal_basis.data,
                                     current_user._get_current_object())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã thêm mức lương cơ sở.", "success")
            return redirect(url_for("admin.base_salary"), 303)
    rows = list(BaseSalary.select().order_by(BaseSalary.valid_from.desc()))
    return render("admin/base_salary.html", form=form, rows=rows, status=form_status(form))


@bp.route("/agency-head", methods=["GET", "POST"])
def agency_head():
    from flask import request
    from wtforms import DateField, SelectField
    from wtforms.validators import DataRequired

    from ..forms_support import Form

    class HeadForm(Form):
        user_id = SelectField("Trưởng Ban", coerce=int, validate_choice=True)
        valid_from = DateField("Từ ngày", validators=[DataRequired("Ngày không hợp lệ.")])

    form = HeadForm()
    leaders = (User.select(User.id, User.full_name).join(UserRole).where(UserRole.role == roles.LEADER)
               .order_by(User.full_name))
    form.user_id.choices = [(u.id, u.full_name) for u in leaders]
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.set_head(User.get_by_id(form.user_id.data), form.valid_from.data,
                              current_user._get_current_object())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã ghi nhận Trưởng Ban.", "success")
            return redirect(url_for("admin.agency_head"), 303)
    rows = list(AgencyHead.select(AgencyHead, User).join(User, on=(AgencyHead.user == User.id))
                .order_by(AgencyHead.valid_from.desc()))
    return render("admin/agency_head.html", form=form, rows=rows, status=form_status(form))
