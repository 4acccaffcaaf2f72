"""Campaigns: the office drafts and publishes the plan; units see the plans addressed to them."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..downloads import send_download
from ..filecache import cached_file
from .. import audit, clock, roles, workflow
from ..authz import gate_blueprint
from ..registrations.rules import unit_deadline
from ..forms_support import CommentForm, FieldError, apply_field_error, form_status
from ..flows import CAMPAIGN
from ..models import (Campaign, CampaignItem, CampaignMilestone, CampaignUnit, DeadlineExtension, LegalRegime,
                      Nomination, Registration, Report, Unit)
from ..models.report import REPORT_KINDS
from ..security import keeps_input_on_csrf_failure
from ..web import fail, paginate, render, render_fragment, wants_fragment
from ..admin.forms import choices
from . import compile as compiler
from . import services
from ..documents.model import vietnamese_date_line
from .document import plan_document
from .forms import CampaignForm, ExtensionForm, ItemForm, MilestoneForm

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")
gate_blueprint(bp, *roles.ALL)


def _is_office() -> bool:
    return current_user.has_role(roles.OFFICE)


def _sees_all() -> bool:
    return current_user.is_committee_wide or current_user.has_role(roles.ADMIN)


def visible_campaigns():
    """Campaigns the user may see: all for the Committee-wide roles, else those addressed to the unit."""
    query = Campaign.select()
    if _sees_all():
        if not _is_office() and not current_user.has_role(roles.ADMIN):
            query = query.where(Campaign.status != "draft")
        return query
    return (query.join(CampaignUnit).where(CampaignUnit.unit == current_user.unit_id,
                                           Campaign.status != "draft"))


def get_campaign_or_404(campaign_id: int) -> Campaign:
    campaign = visible_campaigns().where(Campaign.id == campaign_id).first()
    if campaign is None:
        abort(404)
    return campaign


def _office_only() -> None:
    if not _is_office():
        abort(403)


def _unit_choices():
    return choices((u.id, u.name) for u in Unit.select(Unit.id, Unit.name)
                   .where(Unit.active == True, Unit.kind != "agency").order_by(Unit.kind, Unit.sort_key))  # noqa: E712


@bp.route("")
def index():
    """List the campaigns the user may see, newest first."""
    query = visible_campaigns().order_by(Campaign.issued_on.desc(), Campaign.id.desc())
    page = paginate(query, current_app.config["PAGE_SIZE"])
    return render("campaigns/list.html", page=page, states=CAMPAIGN.states)


def _form_page(form, campaign=None):
    return render("campaigns/form.html", form=form, campaign=campaign, status=form_status(form),
                  show_confirm=getattr(form, "needs_confirmation", False))


def _save(form, campaign=None):
    """Create or update from a validated form; return the campaign or None with errors on the form."""
    try:
        values = form.campaign_values()
        if campaign is None:
            return services.create_campaign(values, form.address_mode.data, form.unit_ids.data, current_user,
                                            form.confirm_dates.data)
        return services.update_campaign(campaign, values, form.address_mode.data, form.unit_ids.data,
                                        current_user, form.confirm_dates.data,
                                        expected_version=request.form.get("version", type=int))
    except services.CampaignInputError as error:
        for field_name, message in error.errors:
            apply_field_error(form, FieldError(field_name, message))
        form.needs_confirmation = error.needs_confirmation
        return None


@bp.route("/new", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def new():
    """Draft a new campaign plan (office)."""
    _office_only()
    form = CampaignForm()
    form.unit_ids.choices = _unit_choices()
    if form.validate_on_submit():
        campaign = _save(form)
        if campaign is not None:
            flash(f"Đã tạo dự thảo kế hoạch {campaign.number_symbol}. Hãy thêm nội dung thi đua rồi ban hành.",
                  "success")
            return redirect(url_for("campaigns.detail", campaign_id=campaign.id), 303)
    elif request.method == "GET":
        # Start from the "Căn cứ" lines of the regime that will judge this year.
        regime = LegalRegime.for_year(clock.today().year)
        form.preamble.data = regime.basis if regime is not None else ""
    return _form_page(form)


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def edit(campaign_id: int):
    """Edit a draft plan (office)."""
    _office_only()
    campaign = get_campaign_or_404(campaign_id)
    if campaign.status != "draft":
        fail(409, "Kế hoạch đã ban hành, không sửa được nữa.")
    addressed = [cu.unit_id for cu in CampaignUnit.select().where(CampaignUnit.campaign == campaign)]
    if request.method == "POST":
        form = CampaignForm()
    else:
        form = CampaignForm(obj=campaign, address_mode="custom", unit_ids=addressed)
    form.unit_ids.choices = _unit_choices()
    if form.validate_on_submit():
        if _save(form, campaign) is not None:
            flash("Đã lưu kế hoạch.", "success")
            return redirect(url_for("campaigns.detail", campaign_id=campaign.id), 303)
    return _form_page(form, campaign)


def _detail_context(campaign: Campaign) -> dict:
    my_registration = None
    addressed_to_me = False
    my_deadline = campaign.registration_deadline
    my_reports, my_nominations = [], 0
    if current_user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        my_deadline = unit_deadline(campaign, current_user.unit_id)
        my_reports = list(Report.select().where(Report.campaign == campaign, Report.unit == current_user.unit_id))
        my_nominations = Nomination.select().where(Nomination.campaign == campaign,
                                                   Nomination.unit == current_user.unit_id).count()
        addressed_to_me = CampaignUnit.select().where(CampaignUnit.campaign == campaign,
                                                      CampaignUnit.unit == current_user.unit_id).exists()
        my_registration = Registration.get_or_none(Registration.campaign == campaign,
                                                   Registration.unit == current_user.unit_id)
    addressed = (Unit.select(Unit.id, Unit.name).join(CampaignUnit)
                 .where(CampaignUnit.campaign == campaign).order_by(Unit.kind, Unit.sort_key))
    extensions = (DeadlineExtension.select(DeadlineExtension, Unit).join(Unit)
                  .where(DeadlineExtension.campaign == campaign).order_by(Unit.sort_key))
    extension_form = ExtensionForm()
    extension_form.unit_id.choices = choices((u.id, u.name) for u in addressed)
    document = plan_document(campaign)
    return {
        "campaign": campaign,
        "document": document,
        "date_line": vietnamese_date_line(document.place, document.issued_on),
        "items": services.items_of(campaign),
        "milestones": list(CampaignMilestone.select().where(CampaignMilestone.campaign == campaign)
                           .order_by(CampaignMilestone.day)),
        "addressed": list(addressed),
        "extensions": list(extensions),
        "actions": workflow.available(campaign, current_user),
        "history": audit.history_of("campaign", campaign.id),
        "states": CAMPAIGN.states,
        "is_office": _is_office(),
        "editable": campaign.status == "draft" and _is_office(),
        "item_form": ItemForm(formdata=None),
        "milestone_form": MilestoneForm(formdata=None),
        "extension_form": extension_form,
        "transition_form": CommentForm(formdata=None),
        "my_registration": my_registration,
        "addressed_to_me": addressed_to_me,
        "my_deadline": my_deadline,
        "my_reports": my_reports,
        "my_nominations": my_nominations,
        "report_kinds": REPORT_KINDS,
    }


@bp.route("/<int:campaign_id>")
def detail(campaign_id: int):
    """Show the plan, its contents and what the user may do with it."""
    campaign = get_campaign_or_404(campaign_id)
    return render("campaigns/detail.html", **_detail_context(campaign))


@bp.route("/<int:campaign_id>/actions/<action>", methods=["POST"])
def act(campaign_id: int, action: str):
    """Publish or close the campaign through the workflow."""
    campaign = get_campaign_or_404(campaign_id)
    form = CommentForm()
    workflow.apply(campaign, action, current_user._get_current_object(), form.comment.data or "",
                   expected_version=request.form.get("version", type=int))
    flash(f"Kế hoạch {campaign.number_symbol}: {CAMPAIGN.label(campaign.status).lower()}.", "success")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id), 303)


@bp.route("/<int:campaign_id>/plan.docx")
def plan_docx(campaign_id: int):
    """Download the plan as .docx in the national administrative format."""
    campaign = get_campaign_or_404(campaign_id)
    from ..documents.docx_render import render_docx
    data = render_docx(plan_document(campaign))
    name = f"Ke hoach {campaign.number_symbol.replace('/', '-')}.docx"
    return send_download(io.BytesIO(data), download_name=name,
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


# Contents, edited inline ----------------------------------------------------

def _draft_for_office(campaign_id: int) -> Campaign:
    _office_only()
    campaign = get_campaign_or_404(campaign_id)
    if campaign.status != "draft":
        fail(409, "Kế hoạch đã ban hành, không sửa được nữa.")
    return campaign


def _get_item(campaign: Campaign, item_id: int) -> CampaignItem:
    item = CampaignItem.get_or_none(CampaignItem.id == item_id, CampaignItem.campaign == campaign)
    if item is None:
        abort(404)
    return item


def _items_response(campaign: Campaign, form=None, status: int = 200, editing: int | None = None, edit_form=None):
    if wants_fragment():
        body, status, headers = render_fragment(
            "campaigns/_items.html", status, campaign=campaign, items=services.items_of(campaign), editable=True,
            item_form=form or ItemForm(formdata=None), editing=editing, edit_form=edit_form)
        if status < 400:
            # The plan shown further down the page follows the contents just changed.
            document = plan_document(campaign)
            body += render_template("documents/_admin_document.html", document=document, oob=True,
                                    date_line=vietnamese_date_line(document.place, document.issued_on))
        return body, status, headers
    if status >= 400:
        for message in (form or edit_form).text.errors:
            flash(message, "error")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id) + "#noi-dung", 303)


@bp.route("/<int:campaign_id>/items", methods=["POST"])
def item_add(campaign_id: int):
    """Add a numbered content to the plan."""
    campaign = _draft_for_office(campaign_id)
    form = ItemForm()
    if not form.validate_on_submit():
        return _items_response(campaign, form, 422)
    services.add_item(campaign, form.text.data, current_user)
    return _items_response(campaign)


@bp.route("/<int:campaign_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
def item_edit(campaign_id: int, item_id: int):
    """Edit one content in place."""
    campaign = _draft_for_office(campaign_id)
    item = _get_item(campaign, item_id)
    form = ItemForm(obj=item) if request.method == "GET" else ItemForm()
    if request.method == "POST":
        if form.validate_on_submit():
            services.edit_item(campaign, item, form.text.data, current_user)
            return _items_response(campaign)
        return _items_response(campaign, status=422, editing=item.id, edit_form=form)
    if not wants_fragment():
        return render("campaigns/item_edit.html", campaign=campaign, item=item, form=form)
    return _items_response(campaign, editing=item.id, edit_form=form)


@bp.route("/<int:campaign_id>/items/<int:item_id>/delete", methods=["POST"])
def item_delete(campaign_id: int, item_id: int):
    """Remove one content and renumber the rest."""
    campaign = _draft_for_office(campaign_id)
    services.remove_item(campaign, _get_item(campaign, item_id), current_user)
    return _items_response(campaign)


@bp.route("/<int:campaign_id>/items/<int:item_id>/move", methods=["POST"])
def item_move(campaign_id: int, item_id: int):
    """Move one content up or down."""
    campaign = _draft_for_office(campaign_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    services.move_item(campaign, _get_item(campaign, item_id), offset, current_user)
    return _items_response(campaign)


# Milestones and extensions --------------------------------------------------

@bp.route("/<int:campaign_id>/milestones", methods=["POST"])
def milestone_add(campaign_id: int):
    """Add a milestone (e.g. 03/5/2021, the 75th anniversary)."""
    campaign = _draft_for_office(campaign_id)
    form = MilestoneForm()
    if form.validate_on_submit():
        services.add_milestone(campaign, form.day.data, form.title.data, current_user)
        flash("Đã thêm mốc thời gian.", "success")
    else:
        for field in (form.day, form.title):
            for message in field.errors:
                flash(f"{field.label.text}: {message}", "error")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id) + "#moc-thoi-gian", 303)


@bp.route("/<int:campaign_id>/milestones/<int:milestone_id>/delete", methods=["POST"])
def milestone_delete(campaign_id: int, milestone_id: int):
    """Remove a milestone."""
    campaign = _draft_for_office(campaign_id)
    milestone = CampaignMilestone.get_or_none(CampaignMilestone.id == milestone_id,
                                              CampaignMilestone.campaign == campaign)
    if milestone is None:
        abort(404)
    services.remove_milestone(campaign, milestone, current_user)
    flash("Đã xóa mốc thời gian.", "success")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id) + "#moc-thoi-gian", 303)


@bp.route("/<int:campaign_id>/extensions", methods=["POST"])
def extension_add(campaign_id: int):
    """Grant one unit a later registration deadline (office)."""
    _office_only()
    campaign = get_campaign_or_404(campaign_id)
    form = ExtensionForm()
    form.unit_id.choices = _unit_choices()
    if form.validate_on_submit():
        try:
            services.grant_extension(campaign, form.unit_id.data, form.until.data, form.reason.data, current_user)
        except services.CampaignInputError as error:
            for _, message in error.errors:
                flash(message, "error")
        else:
            flash("Đã gia hạn đăng ký cho đơn vị.", "success")
    else:
        for field in (form.unit_id, form.until, form.reason):
            for message in field.errors:
                flash(f"{field.label.text}: {message}", "error")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id) + "#gia-han", 303)


# Compilation ----------------------------------------------------------------

def _compile_access(campaign_id: int) -> Campaign:
    if not (_is_office() or current_user.has_role(roles.LEADER, roles.COUNCIL_CHAIR, roles.COUNCIL_MEMBER)):
        abort(403)
    campaign = get_campaign_or_404(campaign_id)
    if campaign.status == "draft":
        fail(409, "Kế hoạch chưa ban hành, chưa có đăng ký để tổng hợp.")
    return campaign


@bp.route("/<int:campaign_id>/compile")
def compile_view(campaign_id: int):
    """Show which addressed units registered, and the compiled list grouped by unit and title."""
    campaign = _compile_access(campaign_id)
    return render("campaigns/compile.html", campaign=campaign, matrix=compiler.unit_matrix(campaign),
                  compiled=compiler.compiled_list(campaign))


@bp.route("/<int:campaign_id>/compile.xlsx")
def compile_xlsx(campaign_id: int):
    """Download the compiled list (bảng tổng hợp) as .xlsx."""
    campaign = _compile_access(campaign_id)
    # Seconds for a national list: kept until the next change (thidua/filecache.py).
    data = cached_file("compiled", (campaign.id,), lambda: compiler.compiled_xlsx(campaign))
    return send_download(data,
                         download_name=f"Tong hop dang ky {campaign.number_symbol.replace('/', '-')}.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
