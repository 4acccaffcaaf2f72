"""Award history: a person's and a unit's page, the office's entry and corrections, the import of past
years from .xlsx, and the rule parameters screen."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any, Callable

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from peewee import JOIN
from werkzeug.exceptions import RequestEntityTooLarge

from ..downloads import send_download
from .. import audit, clock, national_id
from ..authz import gate_blueprint
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import (AnnualRating, AuditLog, AwardRecord, Decision, Discipline, Initiative, LegalRegime, Person,
                      RuleParameter, Unit, User)
from ..models.history import DISCIPLINE_LEVELS, INITIATIVE_SCOPES, RATINGS
from ..personnel import staging
from ..personnel.forms import ChoiceField, choices
from ..web import error_page, fail, render, render_fragment, wants_fragment
from . import access, export, importer, parameters, services
from .forms import (AwardForm, DisciplineForm, ImportUploadForm, InitiativeForm, ParameterForm, RatingEditForm,
                    RatingForm, RemoveForm)

bp = Blueprint("history", __name__, url_prefix="/history")
gate_blueprint(bp, *access.GATE_ROLES)

STAGING_AREA = "history-imports"
TEMPLATE_NAME = "mau-nhap-lich-su-khen-thuong.xlsx"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAGED_GONE = ("Không tìm thấy tệp đang chờ nhập, hoặc tệp đã quá hạn "
               f"{staging.LIFETIME_SECONDS // 60} phút. Vui lòng tải tệp lên lại.")
GONE = "Mục này vừa được người khác gỡ bỏ; vui lòng tải lại trang."
HISTORY_ACTIONS = ("add_award", "edit_award", "remove_award", "add_initiative", "edit_initiative",
                   "remove_initiative", "record_initiative", "set_rating", "remove_rating", "add_discipline",
                   "edit_discipline", "remove_discipline")
UNCONFIRMED = "Chưa được xác nhận — có thể cấu hình"


@bp.app_context_processor
def _navigation():
    # Other areas link to a person's history (the personnel list) only for those who may read it.
    user = current_user
    if not user.is_authenticated:
        return {"HISTORY_ROLES": access.VIEW_ROLES}
    return {
        "HISTORY_ROLES": access.VIEW_ROLES,
        "history_visible": lambda unit_id: access.may_view(user) and access.sees_unit(user, unit_id),
        "may_view_parameters": access.may_view_parameters(user),
        "may_import_history": access.may_edit(user),
    }


@bp.context_processor
def _labels():
    user = current_user
    if not user.is_authenticated:
        return {}
    return {"may_edit_history": access.may_edit(user), "may_edit_parameters": access.may_edit_parameters(user),
            "RATINGS": RATINGS, "SCOPES": INITIATIVE_SCOPES, "DISCIPLINE_LEVELS": DISCIPLINE_LEVELS,
            "mask": national_id.mask, "UNCONFIRMED": UNCONFIRMED, "today": clock.today()}


def _see_other(url: str):
    """303 for a browser; an htmx caller is told to load the whole page."""
    if wants_fragment():
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)


# The index -------------------------------------------------------------------------------------------

@bp.route("/")
def index():
    """List the units whose history the user reads; a unit user goes straight to their unit."""
    user = current_user
    if not access.may_view(user):
        return redirect(url_for("history.parameters_list"))  # the administrator: the parameters only
    if not user.is_committee_wide:
        return redirect(url_for("history.unit", unit_id=user.unit_id))
    units = list(Unit.select().order_by(Unit.active.desc(), Unit.sort_key, Unit.name))
    return render("history/index.html", units=units)


@bp.route("/export.xlsx")
def export_xlsx():
    """Download every unit's award history as .xlsx (the office), streamed so that memory stays flat."""
    if not access.may_edit(current_user):
        abort(403)
    audit.record("export", "award_history", None, comment="Tải toàn bộ lịch sử khen thưởng (.xlsx)")
    return send_download(export.history_xlsx(), download_name="Lich su khen thuong.xlsx", mimetype=XLSX_MIMETYPE)


# Sections of a person's and a unit's page -------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """One kind of history row: its model, its forms, how it reads and how the office changes it."""

    slug: str
    title: str
    model: Any
    template: str
    add_form: Callable
    edit_form: Callable  # (row) -> a form filled from the row (GET) or from the request (POST)
    add: Callable  # (owner, form, user)
    edit: Callable  # (row, form, user)
    describe: Callable  # (row) -> str, for the removal page
    added: str  # flash after adding


def _owner_of(row) -> tuple[str, int]:
    if isinstance(row, AwardRecord) and row.subject == "collective":
        return "unit", row.unit_id
    return "person", row.person_id


def _page_url(row_or_owner, section: str | None = None) -> str:
    if isinstance(row_or_owner, (Person, Unit)):
        kind, owner_id = ("person" if isinstance(row_or_owner, Person) else "unit"), row_or_owner.id
    else:
        kind, owner_id = _owner_of(row_or_owner)
    endpoint = "history.person" if kind == "person" else "history.unit"
    arg = "person_id" if kind == "person" else "unit_id"
    return url_for(endpoint, **{arg: owner_id}) + (f"#{section}" if section else "")


def _award_form(owner=None, row: AwardRecord | None = None, blank: bool = False) -> AwardForm:
    subject = row.subject if row is not None else ("individual" if isinstance(owner, Person) else "collective")
    if row is not None and request.method == "GET":
        form = AwardForm(data={"award_code": row.award_code, "year": str(row.year),
                               "decision_number": row.decision_number, "decided_on": row.decided_on,
                               "decided_by": row.decided_by})
    elif row is not None:
        form = AwardForm()
    else:
        form = AwardForm(prefix="award", formdata=None) if blank else AwardForm(prefix="award")
    form.setup(subject, keep_code=row.award_code if row is not None else None)
    return form


def _describe_award(row: AwardRecord) -> str:
    text = f"{row.award_name or row.award_code} năm {row.year}"
    return text + (f", quyết định số {row.decision_number}" if row.decision_number else "")


def _initiative_form(row: Initiative | None = None, blank: bool = False) -> InitiativeForm:
    if row is not None:
        return InitiativeForm(data={"title": row.title, "scope": row.scope, "recognised_by": row.recognised_by,
                                    "recognised_on": row.recognised_on, "decision_number": row.decision_number}
                              ) if request.method == "GET" else InitiativeForm()
    return InitiativeForm(prefix="initiative", formdata=None) if blank else InitiativeForm(prefix="initiative")


def _rating_form(row: AnnualRating | None = None, blank: bool = False):
    if row is not None:
        return RatingEditForm(data={"rating": row.rating}) if request.method == "GET" else RatingEditForm()
    return RatingForm(prefix="rating", formdata=None) if blank else RatingForm(prefix="rating")


def _discipline_form(row: Discipline | None = None, blank: bool = False) -> DisciplineForm:
    if row is not None:
        return DisciplineForm(data={"level": row.level, "starts_on": row.starts_on, "ends_on": row.ends_on,
                                    "reason": row.reason}) if request.method == "GET" else DisciplineForm()
    return DisciplineForm(prefix="discipline", formdata=None) if blank else DisciplineForm(prefix="discipline")


def _person_of(row) -> Person:
    return Person.get_by_id(row.person_id)


SECTIONS: dict[str, Section] = {s.slug: s for s in (
    Section("awards", "Danh hiệu, hình thức khen thưởng đã nhận", AwardRecord, "history/_awards.html",
            add_form=lambda owner, blank=False: _award_form(owner, blank=blank),
            edit_form=lambda row: _award_form(row=row),
            add=lambda owner, form, user: services.add_award(owner, form.data_object(), user),
            edit=lambda row, form, user: services.edit_award(row, form.data_object(), user),
            describe=_describe_award, added="Đã thêm khen thưởng vào lịch sử."),
    Section("initiatives", "Sáng kiến được công nhận", Initiative, "history/_initiatives.html",
            add_form=lambda owner, blank=False: _initiative_form(blank=blank),
            edit_form=lambda row: _initiative_form(row),
            add=lambda owner, form, user: services.add_initiative(owner, form.data_object(), user),
            edit=lambda row, form, user: services.edit_initiative(row, form.data_object(), user),
            describe=lambda row: f"Sáng kiến “{row.title}” ({row.scope_label}, công nhận ngày "
                                 f"{row.recognised_on:%d/%m/%Y})",
            added="Đã thêm sáng kiến vào lịch sử."),
    Section("ratings", "Xếp loại mức độ hoàn thành nhiệm vụ", AnnualRating, "history/_ratings.html",
            add_form=lambda owner, blank=False: _rating_form(blank=blank),
            edit_form=lambda row: _rating_form(row),
            add=lambda owner, form, user: services.set_rating(owner, form.year_value, form.rating.data, user),
            edit=lambda row, form, user: services.set_rating(_person_of(row), row.year, form.rating.data, user),
            describe=lambda row: f"Xếp loại năm {row.year}: {row.rating_label}",
            added="Đã ghi xếp loại."),
    Section("disciplines", "Kỷ luật, đang xem xét kỷ luật", Discipline, "history/_disciplines.html",
            add_form=lambda owner, blank=False: _discipline_form(blank=blank),
            edit_form=lambda row: _discipline_form(row),
            add=lambda owner, form, user: services.add_discipline(owner, form.data_object(), user),
            edit=lambda row, form, user: services.edit_discipline(row, form.data_object(), user),
            describe=lambda row: f"{row.level_label} từ ngày {row.starts_on:%d/%m/%Y}"
                                 + (f" đến ngày {row.ends_on:%d/%m/%Y}" if row.ends_on else ""),
            added="Đã thêm kỷ luật vào lịch sử."),
)}
PERSON_SECTIONS = ("awards", "initiatives", "ratings", "disciplines")


def _rows(owner, slug: str) -> list:
    if slug == "awards":
        if isinstance(owner, Person):
            where = (AwardRecord.subject == "individual") & (AwardRecord.person == owner.id)
        else:
            where = (AwardRecord.subject == "collective") & (AwardRecord.unit == owner.id)
        # Awards revoked by a signed decision stay in sight, marked, beside the decision that revoked them.
        revoked = Decision.select(Decision.corrects).where(Decision.status == "signed",
                                                           Decision.correction_kind == "revoke")
        return list(AwardRecord.select().where(where, AwardRecord.removed_at.is_null()
                                               | AwardRecord.decision_id.in_(revoked))
                    .order_by(AwardRecord.year.desc(), AwardRecord.award_name, AwardRecord.id))
    model = SECTIONS[slug].model
    order = {"initiatives": (Initiative.recognised_on.desc(),), "ratings": (AnnualRating.year.desc(),),
             "disciplines": (Discipline.starts_on.desc(),)}[slug]
    return list(model.select().where(model.person == owner.id, model.removed_at.is_null()).order_by(*order, model.id))


def _add_url(owner, slug: str) -> str:
    if isinstance(owner, Person):
        return url_for(f"history.add_{slug}", person_id=owner.id)
    return url_for("history.unit_add_award", unit_id=owner.id)


def _section_context(owner, slug: str, form=None) -> dict:
    if form is None and access.may_edit(current_user):
        form = SECTIONS[slug].add_form(owner, blank=True)
    rows = _rows(owner, slug)
    return {"owner": owner, "rows": rows, "form": form, "add_url": _add_url(owner, slug),
            "section": SECTIONS[slug], "collective": isinstance(owner, Unit),
            "corrections": _corrections(rows) if slug == "awards" else {}}


def _corrections(rows) -> dict[int, list]:
    """{decision id: its signed corrections and revocations} for the award rows shown (one query)."""
    ids = {r.decision_id for r in rows if r.decision_id}
    found: dict[int, list] = {}
    if ids:
        for d in (Decision.select().where(Decision.corrects.in_(list(ids)), Decision.status == "signed")
                  .order_by(Decision.id)):
            found.setdefault(d.corrects_id, []).append(d)
    return found


def _changes(object_type: str, object_id: int) -> list[AuditLog]:
    """The latest corrections of this history, for the office (who changed what, and why)."""
    if not access.may_edit(current_user):
        return []
    return list(AuditLog.select(AuditLog, User).join(User, JOIN.LEFT_OUTER)
                .where(AuditLog.object_type == object_type, AuditLog.object_id == object_id,
                       AuditLog.action.in_(HISTORY_ACTIONS))
                .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(30))


def _person_page(person: Person, forms: dict | None = None, status: int = 200):
    from .. import ethnicities, personal_data
    from ..personnel import access as people_access
    forms = forms or {}
    sections = [_section_context(person, slug, forms.get(slug)) for slug in PERSON_SECTIONS]
    # Ethnicity and birth year only to those who keep the person's list; each showing is logged.
    personal = people_access.may_see_personal_data(current_user, person.unit_id)
    if personal:
        personal_data.record_view([person.id], "history.person")
    return render("history/person.html", person=person, sections=sections,
                  changes=_changes("person", person.id), status=status, personal=personal,
                  ethnicity_name=ethnicities.ETHNICITIES.get(person.ethnicity, ""),
                  may_edit_person=people_access.may_edit(current_user, person.unit_id),
                  may_export=personal_data.may_export(current_user))


def _unit_page(unit: Unit, form=None, status: int = 200):
    people_count = Person.select().where(Person.unit == unit.id).count()
    return render("history/unit.html", unit=unit, section=_section_context(unit, "awards", form),
                  people_count=people_count, changes=_changes("unit", unit.id), status=status)


@bp.route("/people/<int:person_id>")
def person(person_id: int):
    """Show a person's awards, initiatives, task ratings and disciplines."""
    return _person_page(access.get_person_or_404(person_id, current_user))


@bp.route("/units/<int:unit_id>")
def unit(unit_id: int):
    """Show the collective awards of a unit."""
    return _unit_page(access.get_unit_or_404(unit_id, current_user))


def _add(owner, slug: str):
    """Add one row to a section; the section again for htmx, the page otherwise; 422 with the errors."""
    access.require_edit(current_user)
    section = SECTIONS[slug]
    form = section.add_form(owner)
    if form.validate_on_submit():
        try:
            section.add(owner, form, current_user)
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash(section.added, "success")
            if wants_fragment():
                return render_fragment(section.template, **_section_context(owner, slug))
            return redirect(_page_url(owner, slug), 303)
    if wants_fragment():
        return render_fragment(section.template, 422, **_section_context(owner, slug, form))
    if isinstance(owner, Person):
        return _person_page(owner, {slug: form}, 422)
    return _unit_page(owner, form, 422)


def _register_person_add(slug: str) -> None:
    def view(person_id: int):
        return _add(access.get_person_or_404(person_id, current_user), slug)
    view.__doc__ = f"Add a row to a person's {slug} (office)."
    bp.add_url_rule(f"/people/<int:person_id>/{slug}", f"add_{slug}", view, methods=["POST"])


for _slug in PERSON_SECTIONS:
    _register_person_add(_slug)


@bp.route("/units/<int:unit_id>/awards", methods=["POST"])
def unit_add_award(unit_id: int):
    """Add a collective award of a unit (office)."""
    return _add(access.get_unit_or_404(unit_id, current_user), "awards")


# Corrections and removals ----------------------------------------------------------------------------

def _row_or_404(slug: str, row_id: int):
    row = access.get_row_or_404(SECTIONS[slug].model, row_id, current_user)
    if isinstance(row, AwardRecord) and row.source == "decision":
        fail(409, "Khen thưởng này được ghi theo một quyết định trong hệ thống; "
                  "muốn sửa, hãy sửa quyết định đó.")
    return row


def _owner_name(row) -> str:
    kind, owner_id = _owner_of(row)
    owner = (Person if kind == "person" else Unit).get_by_id(owner_id)
    return owner.full_name if kind == "person" else owner.name


def _edit(slug: str, row_id: int):
    """Correct a row of the history; the log keeps the values before and after."""
    section = SECTIONS[slug]
    row = _row_or_404(slug, row_id)
    form = section.edit_form(row)
    if form.validate_on_submit():
        try:
            section.edit(row, form, current_user)
        except FieldError as error:
            apply_field_error(form, error)
        except services.Conflict:
            fail(409, GONE)
        else:
            flash("Đã lưu thay đổi.", "success")
            return _see_other(_page_url(row, slug))
    return render("history/edit.html", form=form, row=row, section=section, owner_name=_owner_name(row),
                  description=section.describe(row), back=_page_url(row, slug),
                  remove_url=url_for(f"history.remove_{slug}", row_id=row.id), status=form_status(form))


def _remove(slug: str, row_id: int):
    """Remove a row entered by mistake, with the reason; it stays in the database and the log."""
    section = SECTIONS[slug]
    row = _row_or_404(slug, row_id)
    form = RemoveForm()
    if form.validate_on_submit():
        try:
            services.remove(row, form.reason.data, current_user)
        except FieldError as error:
            apply_field_error(form, error)
        except services.Conflict:
            fail(409, GONE)
        else:
            flash(f"Đã gỡ bỏ: {section.describe(row)}.", "success")
            return _see_other(_page_url(row, slug))
    return render("history/remove.html", form=form, row=row, section=section, owner_name=_owner_name(row),
                  description=section.describe(row), back=_page_url(row, slug), status=form_status(form))


def _register_row_routes(slug: str) -> None:
    def edit(row_id: int):
        return _edit(slug, row_id)

    def remove(row_id: int):
        return _remove(slug, row_id)
    edit.__doc__ = f"Correct one of {slug} (office)."
    remove.__doc__ = f"Remove one of {slug} entered by mistake (office)."
    bp.add_url_rule(f"/{slug}/<int:row_id>/edit", f"edit_{slug}", edit, methods=["GET", "POST"])
    bp.add_url_rule(f"/{slug}/<int:row_id>/remove", f"remove_{slug}", remove, methods=["GET", "POST"])


for _slug in SECTIONS:
    _register_row_routes(_slug)


# Import from .xlsx -----------------------------------------------------------------------------------

@bp.route("/import/template.xlsx")
def import_template():
    """Download the blank template of past years' awards and initiatives."""
    access.require_edit(current_user)
    return send_download(io.BytesIO(importer.template_bytes()), mimetype=XLSX_MIMETYPE,
                         download_name=TEMPLATE_NAME, max_age=0)


def _upload_page(form, status: int):
    return render("history/import.html", "history/_import_upload.html", form=form, max_rows=importer.MAX_ROWS,
                  status=status)


@bp.route("/import", methods=["GET", "POST"])
def import_upload():
    """Upload an .xlsx of past years; it is checked and shown for confirmation, nothing is saved yet."""
    access.require_edit(current_user)
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        parsed = importer.parse(upload.stream)
        if parsed.error:
            form.file.errors = list(form.file.errors) + [parsed.error]
        else:
            filename = os.path.basename((upload.filename or "").replace("\\", "/"))[:200] or "tệp tải lên"
            token = staging.save(upload.stream, current_user.id, None, filename, area=STAGING_AREA)
            return redirect(url_for("history.import_preview", token=token), 303)
    return _upload_page(form, form_status(form))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc):
    if (request.endpoint != "history.import_upload" or not current_user.is_authenticated
            or not access.may_edit(current_user)):
        return error_page(413)
    form = ImportUploadForm(formdata=None)
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    form.file.errors = [f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB."]
    return _upload_page(form, 422)


def _staged_or_404(token: str) -> staging.Staged:
    staged = staging.load(token, current_user.id, area=STAGING_AREA)
    if staged is None:
        fail(404, STAGED_GONE)  # someone else's token looks exactly like one that does not exist
    return staged


def _check_file(path) -> importer.ParsedFile:
    with open(path, "rb") as stream:
        return importer.read(stream)


def _preview(staged: staging.Staged, parsed: importer.ParsedFile, status: int = 200, problem: str | None = None):
    body, status, headers = render("history/import_preview.html", "history/_import_preview.html",
                                   staged=staged, parsed=parsed, problem=problem, status=status)
    if wants_fragment():
        headers["HX-Push-Url"] = url_for("history.import_preview", token=staged.token)
    return body, status, headers


@bp.route("/import/<token>")
def import_preview(token: str):
    """Show every row of an uploaded file with its values or its errors, and the counts."""
    access.require_edit(current_user)
    staged = _staged_or_404(token)
    return _preview(staged, _check_file(staged.path))


@bp.route("/import/<token>", methods=["POST"])
def import_confirm(token: str):
    """Import the valid rows of a previewed file, all in one transaction."""
    access.require_edit(current_user)
    staged = _staged_or_404(token)
    claimed = staging.claim(staged)
    if claimed is None:
        fail(404, STAGED_GONE)  # another request is importing this very file
    counts, problem = None, None
    try:
        parsed = _check_file(claimed)
        if parsed.error or not parsed.valid_count:
            problem = "Tệp không có dòng hợp lệ nào để nhập."
        elif parsed.digest() != request.form.get("digest"):
            problem = ("Dữ liệu đã thay đổi kể từ lúc xem trước (có thể do người khác vừa ghi cùng khen thưởng). "
                       "Vui lòng xem lại rồi xác nhận.")
        else:
            counts = services.import_rows([r.data for r in parsed.valid_awards],
                                          [r.data for r in parsed.valid_initiatives], staged.filename, current_user)
    except services.ImportConflict:
        problem = "Không nhập được vì dữ liệu vừa thay đổi; chưa có dòng nào được lưu. Vui lòng xem lại rồi xác nhận."
    finally:
        if counts is None:
            staging.release(staged, claimed)  # nothing was imported: the preview stays usable
    if problem:
        return _preview(staged, _check_file(staged.path), 409, problem)
    staging.discard(staged, claimed)
    skipped = len(parsed.invalid_rows)
    awards, initiatives = counts
    flash(f"Đã nhập {awards} khen thưởng" + (f" và {initiatives} sáng kiến" if initiatives else "")
          + " vào lịch sử." + (f" Bỏ qua {skipped} dòng có lỗi." if skipped else ""), "success")
    return _see_other(url_for("history.index"))


@bp.route("/import/<token>/cancel", methods=["POST"])
def import_cancel(token: str):
    """Drop an uploaded file without importing anything."""
    access.require_edit(current_user)
    staging.discard(_staged_or_404(token))
    flash("Đã hủy, không có dòng nào được nhập.", "info")
    return _see_other(url_for("history.import_upload"))


# Rule parameters -------------------------------------------------------------------------------------

def _require_parameter_view() -> None:
    if not access.may_view_parameters(current_user):
        abort(403)


@bp.route("/parameters")
def parameters_list():
    """List the numbers of the law the rules read, per regime; unconfirmed ones are labelled as such."""
    _require_parameter_view()
    regimes = parameters.regimes()
    wanted = request.args.get("regime", "")
    regime = next((r for r in regimes if r.code == wanted), None)
    if regime is None:
        regime = LegalRegime.for_year(clock.today().year) or (regimes[0] if regimes else None)
    rows = parameters.rows(regime) if regime else []
    return render("history/parameters.html", regimes=regimes, regime=regime, rows=rows, p=parameters)


def _parameter_form(param: RuleParameter) -> ParameterForm:
    kind = parameters.kind(param.key)
    form_class = ParameterForm
    if kind in parameters.CODE_CHOICES:
        blank = [("", "— Để trống: không áp dụng —")] if parameters.optional(param.key) else []
        field = ChoiceField("Giá trị", choices=choices(blank + list(parameters.CODE_CHOICES[kind].items())))
        form_class = type("CodeParameterForm", (ParameterForm,), {"value": field})
    if request.method == "GET":
        return form_class(data={"value": param.value, "confirmed": param.confirmed, "note": param.note})
    return form_class()


@bp.route("/parameters/<int:param_id>/edit", methods=["GET", "POST"])
def parameter_edit(param_id: int):
    """Change a parameter's value, whether it is confirmed, and its note (administrator); audited."""
    if not access.may_edit_parameters(current_user):
        abort(403)
    param = (RuleParameter.select(RuleParameter, LegalRegime).join(LegalRegime)
             .where(RuleParameter.id == param_id).first())
    if param is None:
        abort(404)
    form = _parameter_form(param)
    if form.validate_on_submit():
        try:
            parameters.update(param, form.value.data, bool(form.confirmed.data), form.note.data, current_user)
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã lưu tham số “{parameters.label(param.key)}”.", "success")
            return _see_other(url_for("history.parameters_list", regime=param.regime.code) + f"#param-{param.id}")
    return render("history/parameter_edit.html", form=form, param=param, p=parameters, status=form_status(form))
