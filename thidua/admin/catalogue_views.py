"""The catalogue of titles and award forms, per legal regime (role admin)."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from ..models import AwardKind, LegalRegime
from ..web import render, render_fragment, wants_fragment
from . import catalogue
from .catalogue_forms import AwardKindForm, NewAwardKindForm, RegimeForm
from ..forms_support import FieldError
from .views import bp


def _regime_or_404(regime_id: int) -> LegalRegime:
    regime = LegalRegime.get_or_none(LegalRegime.id == regime_id)
    if regime is None:
        abort(404)
    return regime


def _kind_or_404(kind_id: int) -> AwardKind:
    kind = AwardKind.select(AwardKind, LegalRegime).join(LegalRegime).where(AwardKind.id == kind_id).first()
    if kind is None:
        abort(404)
    return kind


def _kind_values(form) -> dict:
    return {"name": form.name.data, "level": form.level.data or None, "decided_by": form.decided_by.data,
            "authority": form.authority.data or "", "legal_basis": form.legal_basis.data or "",
            "cash_coefficient": form.cash_coefficient.data, "sort_order": form.sort_order.data or 0}


@bp.route("/catalogue")
def catalogue_list():
    """Show the titles and award forms of one legal regime (the newest by default)."""
    regimes = list(LegalRegime.select().order_by(LegalRegime.valid_from.desc()))
    chosen = request.args.get("regime", type=int)
    regime = next((r for r in regimes if r.id == chosen), regimes[0] if regimes else None)
    kinds = (list(AwardKind.select().where(AwardKind.regime == regime)
                  .order_by(AwardKind.category.desc(), AwardKind.sort_order)) if regime else [])
    return render("admin/catalogue.html", regimes=regimes, regime=regime, kinds=kinds)


@bp.route("/catalogue/<int:kind_id>/edit", methods=["GET", "POST"])
def catalogue_edit(kind_id: int):
    """Edit one entry: name, level, authority, legal basis, cash coefficient."""
    kind = _kind_or_404(kind_id)
    form = AwardKindForm(obj=kind) if request.method == "GET" else AwardKindForm()
    if request.method == "GET":
        form.level.data = kind.level or ""
    if form.validate_on_submit():
        catalogue.update_kind(kind, _kind_values(form))
        flash(f"Đã lưu “{kind.name}”.", "success")
        return redirect(url_for("admin.catalogue_list", regime=kind.regime_id), 303)
    return render("admin/catalogue_edit.html", form=form, kind=kind, status=422 if form.is_submitted() else 200)


@bp.route("/catalogue/new/<int:regime_id>", methods=["GET", "POST"])
def catalogue_new(regime_id: int):
    """Add an entry to a regime's catalogue."""
    regime = _regime_or_404(regime_id)
    form = NewAwardKindForm()
    if form.validate_on_submit():
        try:
            kind = catalogue.create_kind(regime, {**_kind_values(form), "code": form.code.data,
                                                  "category": form.category.data, "subject": form.subject.data})
        except FieldError as error:
            form.code.errors = list(form.code.errors) + [error.message]
        else:
            flash(f"Đã thêm “{kind.name}”.", "success")
            return redirect(url_for("admin.catalogue_list", regime=regime.id), 303)
    return render("admin/catalogue_edit.html", form=form, regime=regime, kind=None,
                  status=422 if form.is_submitted() else 200)


@bp.route("/catalogue/<int:kind_id>/active", methods=["POST"])
def catalogue_set_active(kind_id: int):
    """Retire or restore an entry; retired entries stay readable where they were used."""
    kind = _kind_or_404(kind_id)
    active = request.form.get("active") == "1"
    catalogue.set_kind_active(kind, active)
    flash(f"Đã {'dùng lại' if active else 'ngừng áp dụng'} “{kind.name}”.", "success")
    if wants_fragment():
        return render_fragment("admin/_catalogue_row.html", kind=kind)
    return redirect(url_for("admin.catalogue_list", regime=kind.regime_id), 303)


@bp.route("/regimes/<int:regime_id>/edit", methods=["GET", "POST"])
def regime_edit(regime_id: int):
    """Edit a legal regime: its name, its dates and the "Căn cứ" lines documents cite."""
    regime = _regime_or_404(regime_id)
    form = RegimeForm(obj=regime) if request.method == "GET" else RegimeForm()
    if form.validate_on_submit():
        try:
            catalogue.update_regime(regime, {"name": form.name.data, "basis": form.basis.data or "",
                                             "valid_from": form.valid_from.data, "valid_to": form.valid_to.data})
        except FieldError as error:
            form.valid_to.errors = list(form.valid_to.errors) + [error.message]
        else:
            flash("Đã lưu chế độ pháp lý.", "success")
            return redirect(url_for("admin.catalogue_list", regime=regime.id), 303)
    return render("admin/regime_edit.html", form=form, regime=regime, status=422 if form.is_submitted() else 200)
