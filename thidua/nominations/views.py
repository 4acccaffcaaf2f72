"""Nomination dossiers: units propose and complete them, the office checks them against the law."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from peewee import JOIN

from .. import audit, roles, workflow
from ..admin.forms import choices
from ..attachments import service as attachments
from ..authz import gate_blueprint
from ..campaigns.views import get_campaign_or_404
from ..db import db
from ..flows import EDITABLE_NOMINATION_STATES, NOMINATION
from ..forms_support import CommentForm, apply_field_error, FieldError
from ..models import AwardKind, Campaign, LegalRegime, Nomination, Person, Unit
from ..models.nomination import COMPONENTS
from ..models.person import GENDERS
from ..security import keeps_input_on_csrf_failure
from ..web import paginate, render
from . import achievement, checks, services
from .forms import AchievementForm, ComponentUploadForm, DetailsForm, InitiativeForm, ProposeForm, parse_birth
from .requirements import checklist

bp = Blueprint("nominations", __name__, url_prefix="/nominations")
gate_blueprint(bp, roles.UNIT_STAFF, roles.UNIT_HEAD, roles.OFFICE, roles.LEADER, roles.COUNCIL_CHAIR,
               roles.COUNCIL_MEMBER)


def _base_query():
    return (Nomination.select(Nomination, Campaign, LegalRegime, Unit, AwardKind, Person)
            .join(Campaign).join(LegalRegime).switch(Nomination).join(Unit).switch(Nomination).join(AwardKind)
            .switch(Nomination).join(Person, JOIN.LEFT_OUTER))


def _sees(unit_id: int, user) -> bool:
    # The Committee-wide roles, and the unit's own people; not the IT admin, whatever unit it sits in.
    return user.is_committee_wide or (user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD) and user.unit_id == unit_id)


def get_nomination_or_404(nomination_id: int) -> Nomination:
    nomination = _base_query().where(Nomination.id == nomination_id).first()
    if nomination is None or not _sees(nomination.unit_id, current_user):
        abort(404)
    return nomination


def _require_own_unit_writer(nomination: Nomination) -> None:
    """403 before any form is read for whoever may only read the dossier (the office, the council, the leader)."""
    if not (current_user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD) and current_user.unit_id == nomination.unit_id):
        abort(403)


def _can_view_files(nomination_id: int, user) -> bool:
    nomination = Nomination.get_or_none(Nomination.id == nomination_id)
    return nomination is not None and _sees(nomination.unit_id, user)


def _can_change_files(nomination_id: int, user) -> bool:
    nomination = Nomination.select(Nomination, Campaign).join(Campaign).where(Nomination.id == nomination_id).first()
    return nomination is not None and services.can_edit(nomination, user)


def _lock(nomination_id: int) -> None:
    nomination = Nomination.get_by_id(nomination_id)
    workflow.lock_for_change(nomination, EDITABLE_NOMINATION_STATES, services.LOCKED)


attachments.register_owner("nomination", can_view=_can_view_files, can_change=_can_change_files, lock=_lock)


@bp.route("")
def index():
    """List dossiers: a unit's own; for the office, the queue to check (submitted first)."""
    state = request.args.get("status") or ("submitted" if current_user.is_committee_wide else "all")
    where = []
    if not current_user.is_committee_wide:
        where.append(Nomination.unit == current_user.unit_id)
    if state in NOMINATION.states:
        where.append(Nomination.status == state)
    query = _base_query().where(*where) if where else _base_query()
    # Newest sent first, drafts last: the indexes of migration 0021 serve this order read forwards and backwards.
    query = query.order_by(Nomination.submitted_at.desc(nulls="LAST"), Nomination.id.desc())
    counted = Nomination.select().where(*where) if where else Nomination.select()
    page = paginate(query, current_app.config["PAGE_SIZE"], count_query=counted)
    # "state", not "status": render() takes status= as the HTTP status code.
    return render("nominations/list.html", page=page, state=state, states=NOMINATION.states)


def _propose_choices(form: ProposeForm, campaign: Campaign) -> None:
    subject = form.subject.data or "individual"
    people = (Person.select(Person.id, Person.full_name, Person.position)
              .where(Person.unit == current_user.unit_id, Person.active == True)  # noqa: E712
              .order_by(Person.sort_key))
    form.person_id.choices = choices([("", "— Chọn cá nhân —")] + [
        (p.id, f"{p.full_name} — {p.position}" if p.position else p.full_name) for p in people])
    kinds = (AwardKind.select().where(AwardKind.regime == campaign.regime_id, AwardKind.active == True,  # noqa: E712
                                      AwardKind.subject.in_([subject, "both"]))
             .order_by(AwardKind.category.desc(), AwardKind.sort_order))
    form.award_kind_id.choices = choices([("", "— Chọn danh hiệu, hình thức —")] + [
        (k.id, f"{k.name} ({k.category_label.lower()})") for k in kinds])


@bp.route("/new/<int:campaign_id>", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def new(campaign_id: int):
    """Propose an award: open a dossier for a person of the unit or for the unit itself."""
    campaign = get_campaign_or_404(campaign_id)
    if not current_user.has_role(roles.UNIT_STAFF, roles.UNIT_HEAD):
        abort(403)
    form = ProposeForm()
    _propose_choices(form, campaign)
    if request.method == "POST" and request.form.get("refresh") != "1" and form.validate_on_submit():
        try:
            nomination = services.propose(campaign, form.subject.data, form.person_id.data, form.award_kind_id.data,
                                          form.basis.data, form.summary.data or "", current_user._get_current_object())
        except services.NominationError as error:
            apply_field_error(form, FieldError(error.field, error.message))
        else:
            flash("Đã lập hồ sơ. Hãy bổ sung đủ các thành phần rồi báo Trưởng đơn vị nộp.", "success")
            return redirect(url_for("nominations.detail", nomination_id=nomination.id), 303)
    status = 422 if form.is_submitted() and request.form.get("refresh") != "1" else 200
    return render("nominations/new.html", form=form, campaign=campaign, status=status)


def _history(nomination: Nomination):
    return audit.history_of("nomination", nomination.id)


def _initiatives(nomination: Nomination) -> list:
    from ..models import Initiative
    if nomination.person_id is None:
        return []
    return list(Initiative.select().where(Initiative.person == nomination.person_id,
                                          Initiative.removed_at.is_null())
                .order_by(Initiative.recognised_on.desc()))


def _page(nomination: Nomination, details_form=None, upload_errors=None, initiative_form=None, status: int = 200):
    from ..rules import DbFacts
    editable = services.can_edit(nomination, current_user)
    # One read of the year's proposals and of the person's facts for both the dossier's and the round's checks.
    facts, proposals = DbFacts(), checks.proposal_rows(nomination.campaign.year, nomination)
    results = checks.rule_results(nomination, facts, proposals)
    return render(
        "nominations/detail.html", status=status, nomination=nomination, campaign=nomination.campaign,
        editable=editable, checklist=checklist(nomination), results=results,
        details_form=details_form or DetailsForm(formdata=None, obj=nomination),
        upload_form=ComponentUploadForm(formdata=None), upload_errors=upload_errors or {},
        actions=[t for t in workflow.available(nomination, current_user) if t.action != "return"],
        can_return=workflow.can(nomination, "return", current_user),
        has_warnings=any(r.status == "warning" for r in results), states=NOMINATION.states,
        transition_form=CommentForm(formdata=None), history=_history(nomination), components=COMPONENTS,
        initiatives=_initiatives(nomination), round_results=checks.round_results(nomination, facts, proposals),
        has_achievement_report=achievement.report_of(nomination) is not None,
        initiative_form=initiative_form or InitiativeForm(formdata=None),
        can_record=current_user.has_role(roles.OFFICE) and nomination.person_id is not None
        and nomination.status == "submitted")


@bp.route("/<int:nomination_id>")
def detail(nomination_id: int):
    """Show a dossier: its checklist, the rule results, its actions and history."""
    return _page(get_nomination_or_404(nomination_id))


@bp.route("/<int:nomination_id>", methods=["POST"])
@keeps_input_on_csrf_failure
def save(nomination_id: int):
    """Save the basis and the summary of achievements."""
    nomination = get_nomination_or_404(nomination_id)
    _require_own_unit_writer(nomination)
    form = DetailsForm()
    if form.validate_on_submit():
        try:
            services.save_details(nomination, form.basis.data, form.summary.data or "",
                                  current_user._get_current_object(),
                                  expected_version=request.form.get("version", type=int))
        except services.NominationError as error:
            apply_field_error(form, FieldError(error.field, error.message))
        else:
            flash("Đã lưu.", "success")
            return redirect(url_for("nominations.detail", nomination_id=nomination.id), 303)
    return _page(nomination, details_form=form, status=422)


@bp.route("/<int:nomination_id>/files/<component>", methods=["POST"])
def upload(nomination_id: int, component: str):
    """Attach the file that satisfies one component of the dossier."""
    nomination = get_nomination_or_404(nomination_id)
    _require_own_unit_writer(nomination)
    if component not in COMPONENTS:
        abort(404)
    form = ComponentUploadForm()
    if not form.validate_on_submit() or not form.file.data:
        return _page(nomination, upload_errors={component: "Vui lòng chọn tệp để tải lên."}, status=422)
    try:
        attached = services.attach(nomination, component, form.file.data, current_user._get_current_object())
    except attachments.AttachmentError as error:
        return _page(nomination, upload_errors={component: error.message}, status=422)
    except services.NominationError as error:  # a component this dossier has no line for
        flash(error.message, "error")
        return _page(nomination, status=422)
    flash(f"Đã đính kèm “{attached.original_name}” cho {COMPONENTS[component].lower()}.", "success")
    return redirect(url_for("nominations.detail", nomination_id=nomination.id) + f"#tp-{component}", 303)


def _achievement_form(nomination: Nomination, report=None) -> AchievementForm:
    """The report's form with only the fields of the dossier's subject (individual or collective)."""
    form = AchievementForm(formdata=None, obj=report) if report is not None else AchievementForm()
    other = achievement.COLLECTIVE_FIELDS if nomination.subject == "individual" else (
        achievement.INDIVIDUAL_FIELDS + ("birth",))
    for name in other:
        if name in form:
            del form[name]
    if report is not None and "birth" in form:
        form.birth.data = achievement.birth_text(report)
    return form


def _achievement_values(form: AchievementForm) -> dict:
    values = {name: form[name].data for name in achievement.fields_for("individual") + achievement.COLLECTIVE_FIELDS
              if name in form}
    if "birth" in form:
        values["birth_date"], values["birth_year"] = parse_birth(form.birth.data)
    return values


def _achievement_page(nomination: Nomination, form=None, status: int = 200):
    report = achievement.report_of(nomination)
    shown = report or achievement.prefilled(nomination)
    if nomination.person_id and (report is not None or form is not None):
        # The achievement report shows the nominee's ethnicity and birth date (the official form asks for them).
        from .. import personal_data
        personal_data.record_view([nomination.person_id], "nominations.achievement_report")
    titles, forms = achievement.award_rows(nomination)
    latest = None
    if report is not None and report.generated_attachment_id:
        latest = next((f for f in attachments.list_for("nomination", nomination.id, achievement.COMPONENT)
                       if f.id == report.generated_attachment_id), None)
    return render(
        "nominations/achievement.html", status=status, nomination=nomination, campaign=nomination.campaign,
        form=form, report=report, shown=shown, editable=form is not None,
        template=achievement.template_for(nomination.subject, achievement.report_day(shown)),
        award_title=achievement.award_line(nomination), titles=titles, forms=forms,
        files=attachments.list_for("nomination", nomination.id, achievement.COMPONENT), latest=latest,
        birth=achievement.birth_text(shown), genders=GENDERS, no_organisations=achievement.NO_ORGANISATIONS)


@bp.route("/<int:nomination_id>/achievement", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def achievement_report(nomination_id: int):
    """Write the dossier's báo cáo thành tích after the official template, and make the .docx from it."""
    nomination = get_nomination_or_404(nomination_id)
    user = current_user._get_current_object()
    if request.method == "GET":
        editable = services.can_edit(nomination, user)
        form = _achievement_form(nomination, achievement.report_or_prefilled(nomination)) if editable else None
        return _achievement_page(nomination, form)
    services.require_editable(nomination, user)  # 409 once submitted, 403 for whoever may only read
    form = _achievement_form(nomination)
    generate = request.form.get("generate") == "1"
    if form.validate_on_submit():
        try:
            with db.atomic():  # saved and generated together, or neither
                report = achievement.save(nomination, _achievement_values(form), user,
                                          expected_version=request.form.get("version", type=int))
                attached = achievement.generate(nomination, report, user) if generate else None
        except services.NominationError as error:
            apply_field_error(form, FieldError(error.field, error.message))
        except attachments.AttachmentError as error:
            form.form_errors.append(error.message)
        else:
            if attached is not None:
                flash(f"Đã tạo “{attached.original_name}” và đính kèm vào hồ sơ (thành phần báo cáo thành tích).",
                      "success")
                return redirect(url_for("nominations.achievement_report", nomination_id=nomination.id) + "#van-ban",
                                303)
            flash("Đã lưu báo cáo thành tích.", "success")
            return redirect(url_for("nominations.achievement_report", nomination_id=nomination.id), 303)
    return _achievement_page(nomination, form, status=422)


@bp.route("/<int:nomination_id>/actions/<action>", methods=["POST"])
def act(nomination_id: int, action: str):
    """Submit or verify the dossier through the workflow (returning has its own form)."""
    nomination = get_nomination_or_404(nomination_id)
    if action == "return":
        abort(404)
    form = CommentForm()
    workflow.apply(nomination, action, current_user._get_current_object(), form.comment.data or "",
                   expected_version=request.form.get("version", type=int))
    flash(f"Hồ sơ: {NOMINATION.label(nomination.status).lower()}.", "success")
    return redirect(url_for("nominations.detail", nomination_id=nomination.id), 303)


@bp.route("/<int:nomination_id>/return", methods=["POST"])
def return_(nomination_id: int):
    """Return the dossier with a comment on each component concerned."""
    nomination = get_nomination_or_404(nomination_id)
    per_component = {code: request.form.get(f"comment_{code}", "") for code in COMPONENTS}
    services.return_with_comments(nomination, request.form.get("comment", ""), per_component,
                                  current_user._get_current_object(),
                                  expected_version=request.form.get("version", type=int))
    flash("Đã trả lại hồ sơ cho đơn vị.", "success")
    return redirect(url_for("nominations.detail", nomination_id=nomination.id), 303)


@bp.route("/<int:nomination_id>/initiative", methods=["POST"])
def initiative_add(nomination_id: int):
    """Record the nominee's recognised initiative, read from the decision in the dossier (office)."""
    if not current_user.has_role(roles.OFFICE):
        abort(403)
    nomination = get_nomination_or_404(nomination_id)
    form = InitiativeForm()
    if not form.validate_on_submit():
        return _page(nomination, initiative_form=form, status=422)
    try:
        services.record_initiative(nomination, {
            "title": form.title.data.strip(), "scope": form.scope.data, "recognised_by": form.recognised_by.data or "",
            "recognised_on": form.recognised_on.data, "decision_number": form.decision_number.data or ""},
            current_user._get_current_object())
    except services.NominationError as error:
        apply_field_error(form, FieldError(error.field, error.message))
        return _page(nomination, initiative_form=form, status=422)
    flash("Đã ghi nhận sáng kiến vào lịch sử thi đua của cá nhân.", "success")
    return redirect(url_for("nominations.detail", nomination_id=nomination.id) + "#tieu-chuan", 303)


BULK_LIMIT = 100


@bp.route("/verify", methods=["POST"])
def verify_bulk():
    """Verify several clean dossiers at once; any that is not clean is left for a closer look."""
    if not current_user.has_role(roles.OFFICE):
        abort(403)
    # "id:version" as the list showed them: a dossier changed since (returned, resubmitted) is not verified blind.
    seen: dict[int, int] = {}
    for value in request.form.getlist("ids")[:BULK_LIMIT]:
        nomination_id, _, version = value.partition(":")
        if nomination_id.isdigit() and version.isdigit():
            seen[int(nomination_id)] = int(version)
    done, skipped = 0, []
    for nomination in _base_query().where(Nomination.id.in_(list(seen) or [0])):
        try:
            workflow.apply(nomination, "verify", current_user._get_current_object(),
                           expected_version=seen[nomination.id])
            done += 1
        except workflow.WorkflowError as error:
            who = nomination.person.full_name if nomination.person else nomination.unit.name
            skipped.append(f"{who}: {error.message}")
    flash(f"Đã xác nhận {done} hồ sơ.", "success")
    for message in skipped:
        flash(message, "warning")
    return redirect(url_for("nominations.index", status="submitted"), 303)
