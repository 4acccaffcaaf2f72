"""The council's vote rules per legal regime and award: the office reads them, the administrator keeps them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from .. import clock, roles
from ..authz import gate_blueprint
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import AwardKind, LegalRegime, VoteRule
from ..web import render
from . import services
from .forms import VoteRuleForm
from .tally import UNCONFIRMED, percent_text, rule_text, threshold

VIEW_ROLES = (roles.OFFICE, roles.ADMIN)
EDIT_ROLES = (roles.ADMIN,)

bp = Blueprint("council", __name__, url_prefix="/council")
gate_blueprint(bp, *VIEW_ROLES)


@bp.context_processor
def _context():
    may_edit = current_user.is_authenticated and current_user.has_role(*EDIT_ROLES)
    return {"UNCONFIRMED": UNCONFIRMED, "may_edit_vote_rules": may_edit,
            "rule_text": rule_text, "pct": lambda rule: percent_text(threshold(rule))}


@bp.route("/rules")
def rules():
    """The vote rules of one regime (the one in force today by default); unconfirmed rows are labelled."""
    regimes = list(LegalRegime.select().order_by(LegalRegime.valid_from.desc()))
    wanted = request.args.get("regime", "")
    regime = next((r for r in regimes if r.code == wanted), None)
    if regime is None:
        regime = LegalRegime.for_year(clock.today().year) or (regimes[0] if regimes else None)
    rows, names = [], {}
    if regime is not None:
        rows = list(VoteRule.select().where(VoteRule.regime == regime))
        names = {k.code: k.name for k in AwardKind.select(AwardKind.code, AwardKind.name)
                 .where(AwardKind.regime == regime)}
        order = {code: i for i, code in enumerate(
            k.code for k in AwardKind.select(AwardKind.code).where(AwardKind.regime == regime)
            .order_by(AwardKind.category.desc(), AwardKind.sort_order))}
        rows.sort(key=lambda r: (r.award_code != "*", order.get(r.award_code, len(order)), r.award_code))
    return render("council/rules.html", regimes=regimes, regime=regime, rows=rows, names=names)


@bp.route("/rules/<int:rule_id>/edit", methods=["GET", "POST"])
def rule_edit(rule_id: int):
    """Change a vote rule (administrator); audited."""
    if not current_user.has_role(*EDIT_ROLES):
        abort(403)
    rule = VoteRule.select(VoteRule, LegalRegime).join(LegalRegime).where(VoteRule.id == rule_id).first()
    if rule is None:
        abort(404)
    form = VoteRuleForm(obj=rule) if request.method == "GET" else VoteRuleForm()
    if form.validate_on_submit():
        try:
            services.update_rule(rule, {f: getattr(form, f).data for f in services.RULE_FIELDS})
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã lưu quy tắc biểu quyết.", "success")
            return redirect(url_for("council.rules", regime=rule.regime.code) + f"#rule-{rule.id}", 303)
    kind = AwardKind.get_or_none(AwardKind.regime == rule.regime_id, AwardKind.code == rule.award_code)
    return render("council/rule_edit.html", form=form, rule=rule, kind=kind, status=form_status(form))
