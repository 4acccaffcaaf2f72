"""The base salary (mức lương cơ sở) that award amounts multiply: the administrator adds each new level."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from ..decisions import services
from ..decisions.forms import BaseSalaryForm
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import BaseSalary
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
