"""Personnel: each unit's list of people, with search, editing and import from .xlsx."""
from __future__ import annotations

import io
import json
import os

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from peewee import fn
from werkzeug.exceptions import RequestEntityTooLarge

from ..downloads import send_download
from .. import ethnicities, national_id, personal_data
from ..authz import gate_blueprint
from ..forms_support import apply_field_error, form_status, search_term
from ..models import Person, Unit
from ..models.person import GENDERS
from ..web import error_page, fail, paginate, render, render_fragment, wants_fragment
from . import access, importer, services, staging
from .forms import ImportUploadForm, PersonForm, choices

bp = Blueprint("personnel", __name__, url_prefix="/people")
gate_blueprint(bp, *access.VIEW_ROLES)

TEMPLATE_NAME = "mau-nhap-danh-sach-can-bo.xlsx"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAGED_GONE = ("Không tìm thấy tệp đang chờ nhập, hoặc tệp đã quá hạn "
               f"{staging.LIFETIME_SECONDS // 60} phút. Vui lòng tải tệp lên lại.")


@bp.app_context_processor
def _navigation():
    # The menu shows "Cán bộ" to the roles this area's gate lets in.
    return {"PEOPLE_ROLES": access.VIEW_ROLES}


@bp.context_processor
def _permissions():
    user = current_user
    if not user.is_authenticated:
        return {}  # an error page answered before sign-in was checked
    sees_all = access.sees_all_units(user)
    personal = access.may_edit_any(user)
    return {
        "may_edit": lambda unit_id: access.may_edit(user, unit_id),
        "may_see_personal": lambda unit_id: access.may_see_personal_data(user, unit_id),
        "may_add": access.may_edit_any(user),
        "sees_all_units": sees_all,
        "personal_columns": personal,
        # Name, gender, position, kind, status, actions; plus unit and the three personal columns.
        "person_columns": 6 + (1 if sees_all else 0) + (3 if personal else 0),
        "ETHNICITIES": ethnicities.ETHNICITIES,
        "GENDER_LABELS": GENDERS,
        "mask": national_id.mask,
        "STAFF_LABELS": {True: "Cán bộ", False: "Người dân, người có uy tín"},
    }


def _require_editor() -> None:
    if not access.may_edit_any(current_user):
        abort(403)


def _see_other(url: str):
    """303 for a browser; an htmx caller is told to load the whole page."""
    if wants_fragment():
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)


def _unit_choices(keep_id: int | None = None, blank: str | None = None):
    query = Unit.select(Unit.id, Unit.name, Unit.active).order_by(Unit.sort_key, Unit.name)
    pairs = [(u.id, u.name if u.active else f"{u.name} (ngừng hoạt động)")
             for u in query if u.active or u.id == keep_id]
    return choices(([("", blank)] if blank is not None else []) + pairs)


def _setup_unit_field(form, keep_id: int | None = None) -> None:
    """The office and the administrator choose the unit; a unit user always works in their own."""
    if access.edits_all_units(current_user):
        form.unit_id.choices = _unit_choices(keep_id, blank="— Chọn đơn vị —")
    else:
        del form.unit_id


def _chosen_unit(form, default: int) -> int:
    return form.unit_id.data if form.unit_id is not None else default


def _data_from(form, unit_id: int) -> services.PersonData:
    return services.PersonData(
        full_name=form.full_name.data, gender=form.gender.data, birth_year=form.year,
        ethnicity=form.ethnicity.data, position=form.position.data or "", is_staff=form.is_staff.data == "1",
        national_id=form.national_id.data or None, unit_id=unit_id)


def _person_saved(person_id: int):
    """Answer a successful change: the fresh row for htmx, the list otherwise."""
    person = access.get_person_or_404(person_id, current_user)
    if wants_fragment():
        return render_fragment("personnel/_person_row.html", person=person)
    return redirect(url_for("personnel.people", unit=person.unit_id), 303)


# The lists ------------------------------------------------------------------

@bp.route("/")
def people():
    """List people with live search, by unit, in Vietnamese name order."""
    user = current_user
    term = search_term()
    query = Person.select(Person, Unit).join(Unit)
    unit_filter = None
    units = []
    if access.sees_all_units(user):
        unit_filter = request.args.get("unit", type=int)
        if unit_filter:
            query = query.where(Person.unit == unit_filter)
        units = _unit_choices(unit_filter, blank="Tất cả đơn vị")
    else:
        query = query.where(Person.unit == user.unit_id)
    if term:
        condition = fn.LOWER(Person.full_name).contains(term.lower())
        number = national_id.normalize(term)
        if number.isdigit() and len(number) == national_id.LENGTH and access.may_edit_any(user):
            condition = condition | (Person.national_id == number)
        query = query.where(condition)
    query = query.order_by(Person.active.desc(), Person.sort_key, Person.id)
    page = paginate(query, current_app.config["PAGE_SIZE"])
    # One log row per list page view, naming the people whose ethnicity and birth year it shows.
    personal_data.record_view((p.id for p in page.items if access.may_see_personal_data(user, p.unit_id)),
                              "personnel.people")
    page_args = {k: v for k, v in (("q", term), ("unit", unit_filter)) if v}
    return render("personnel/people.html", "personnel/_person_list.html", page=page, q=term,
                  unit_filter=unit_filter, units=units, page_args=page_args)


@bp.route("/new", methods=["GET", "POST"])
def person_new():
    """Add a person to a unit's list."""
    _require_editor()
    form = PersonForm() if request.method == "POST" else PersonForm(
        unit_id=request.args.get("unit", type=int), is_staff="1")
    _setup_unit_field(form)
    if form.validate_on_submit():
        unit_id = _chosen_unit(form, current_user.unit_id)
        if not access.may_edit(current_user, unit_id):
            abort(404)
        try:
            person = services.create_person(_data_from(form, unit_id))
        except services.FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã thêm “{person.full_name}” vào danh sách.", "success")
            return redirect(url_for("personnel.people", unit=unit_id), 303)
    return render("personnel/person_new.html", form=form, status=form_status(form))


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
def person_edit(person_id: int):
    """Edit a person: inline in their row for htmx, as a page otherwise."""
    person = access.get_person_or_404(person_id, current_user, for_edit=True)
    if request.method == "POST":
        form = PersonForm()
    else:
        # data=, not obj=: WTForms prefers obj's attributes to keyword overrides, and is_staff is a bool there.
        form = PersonForm(data={
            "full_name": person.full_name, "gender": person.gender, "birth_year": str(person.birth_year or ""),
            "ethnicity": person.ethnicity, "position": person.position, "is_staff": "1" if person.is_staff else "0",
            "national_id": person.national_id or "", "unit_id": person.unit_id})
        # The whole ID number is on this form: personal data, so the viewing is logged.
        services.record_full_id_view(person)
        personal_data.record_view([person.id], "personnel.person_edit")
    _setup_unit_field(form, person.unit_id)
    if form.validate_on_submit():
        unit_id = _chosen_unit(form, person.unit_id)
        if not access.may_edit(current_user, unit_id):
            abort(404)
        try:
            services.update_person(person, _data_from(form, unit_id))
        except services.FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã lưu thông tin “{person.full_name}”.", "success")
            return _person_saved(person.id)
    return render("personnel/person_edit.html", "personnel/_person_row_form.html", form=form, person=person,
                  status=form_status(form))


@bp.route("/<int:person_id>/row")
def person_row(person_id: int):
    """Show one person's row (used to cancel an inline edit)."""
    person = access.get_person_or_404(person_id, current_user)
    if not wants_fragment():
        return redirect(url_for("personnel.people", unit=person.unit_id))
    if access.may_see_personal_data(current_user, person.unit_id):
        personal_data.record_view([person.id], "personnel.person_row")
    return render_fragment("personnel/_person_row.html", person=person)


@bp.route("/<int:person_id>/active", methods=["POST"])
def person_set_active(person_id: int):
    """Take a person off the list or bring them back; never deleted, registrations may name them."""
    person = access.get_person_or_404(person_id, current_user, for_edit=True)
    active = request.form.get("active") == "1"
    services.set_person_active(person, active)
    flash(f"Đã {'đưa lại vào danh sách' if active else 'ngừng theo dõi'} “{person.full_name}”.", "success")
    return _person_saved(person.id)


# Import from .xlsx -------------------------------------------------------------

@bp.route("/import/template.xlsx")
def import_template():
    """Download the blank import template."""
    _require_editor()
    return send_download(io.BytesIO(importer.template_bytes()), mimetype=XLSX_MIMETYPE,
                         download_name=TEMPLATE_NAME, max_age=0)


def _upload_page(form, status: int):
    return render("personnel/import.html", "personnel/_import_upload.html", form=form,
                  max_rows=importer.MAX_ROWS, status=status)


@bp.route("/import", methods=["GET", "POST"])
def import_upload():
    """Upload an .xlsx list; it is checked and shown for confirmation, nothing is saved yet."""
    _require_editor()
    form = ImportUploadForm() if request.method == "POST" else ImportUploadForm(
        unit_id=request.args.get("unit", type=int))
    _setup_unit_field(form)
    if form.validate_on_submit():
        unit_id = _chosen_unit(form, current_user.unit_id)
        if not access.may_edit(current_user, unit_id):
            abort(404)
        upload = form.file.data
        parsed = importer.parse(upload.stream)
        if parsed.error:
            form.file.errors = list(form.file.errors) + [parsed.error]
        else:
            filename = os.path.basename((upload.filename or "").replace("\\", "/"))[:200] or "tệp tải lên"
            token = staging.save(upload.stream, current_user.id, unit_id, filename)
            return redirect(url_for("personnel.import_preview", token=token), 303)
    return _upload_page(form, form_status(form))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc):
    if (request.endpoint != "personnel.import_upload" or not current_user.is_authenticated
            or not access.may_edit_any(current_user)):
        return error_page(413)
    form = ImportUploadForm(formdata=None)
    _setup_unit_field(form)
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    form.file.errors = [f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB."]
    # 422 rather than 413: htmx swaps 422, so the message appears beside the file field.
    return _upload_page(form, 422)


def _staged_or_404(token: str) -> staging.Staged:
    staged = staging.load(token, current_user.id)
    if staged is None or not access.may_edit(current_user, staged.unit_id):
        fail(404, STAGED_GONE)
    return staged


def _check_file(path) -> importer.ParsedFile:
    """Parse a staged file and mark the rows whose ID number is already stored."""
    with open(path, "rb") as stream:
        parsed = importer.parse(stream)
    holders = services.units_holding(r.data.national_id for r in parsed.valid_rows if r.data.national_id)
    for row in parsed.valid_rows:
        if row.data.national_id in holders:
            row.reject(services.duplicate_message(holders[row.data.national_id]))
    return parsed


def _preview(staged: staging.Staged, parsed: importer.ParsedFile, status: int = 200, problem: str | None = None):
    unit = Unit.get_or_none(Unit.id == staged.unit_id)
    body, status, headers = render("personnel/import_preview.html", "personnel/_import_preview.html",
                                   staged=staged, parsed=parsed, unit=unit,
                                   problem=problem, status=status)
    if wants_fragment():
        headers["HX-Push-Url"] = url_for("personnel.import_preview", token=staged.token)
    return body, status, headers


@bp.route("/import/<token>")
def import_preview(token: str):
    """Show every row of an uploaded file with its values or its errors, and the counts."""
    _require_editor()
    staged = _staged_or_404(token)
    return _preview(staged, _check_file(staged.path))


@bp.route("/import/<token>", methods=["POST"])
def import_confirm(token: str):
    """Import the valid rows of a previewed file, all in one transaction."""
    _require_editor()
    staged = _staged_or_404(token)
    claimed = staging.claim(staged)
    if claimed is None:
        fail(404, STAGED_GONE)  # another request is importing this very file
    people, problem = None, None
    try:
        parsed = _check_file(claimed)
        if parsed.error or not parsed.valid_rows:
            problem = "Tệp không có dòng hợp lệ nào để nhập."
        elif parsed.digest() != request.form.get("digest"):
            problem = ("Danh sách đã thay đổi kể từ lúc xem trước (có thể do người khác vừa thêm cùng số CCCD). "
                       "Vui lòng xem lại rồi xác nhận.")
        else:
            people = services.import_rows(staged.unit_id, [r.data for r in parsed.valid_rows], staged.filename)
    except services.ImportConflict:
        problem = ("Không nhập được vì dữ liệu vừa thay đổi; chưa có dòng nào được lưu. "
                   "Vui lòng xem lại rồi xác nhận.")
    finally:
        if people is None:
            staging.release(staged, claimed)  # nothing was imported: the preview stays usable
    if problem:
        return _preview(staged, _check_file(staged.path), 409, problem)
    staging.discard(staged, claimed)
    skipped = len(parsed.invalid_rows)
    flash(f"Đã nhập {len(people)} người vào danh sách."
          + (f" Bỏ qua {skipped} dòng có lỗi." if skipped else ""), "success")
    return _see_other(url_for("personnel.people", unit=staged.unit_id))


@bp.route("/import/<token>/cancel", methods=["POST"])
def import_cancel(token: str):
    """Drop an uploaded file without importing anything."""
    _require_editor()
    staged = _staged_or_404(token)
    staging.discard(staged)
    flash("Đã hủy, không có dòng nào được nhập.", "info")
    return _see_other(url_for("personnel.import_upload"))


# Personal data on request -------------------------------------------------------

@bp.route("/<int:person_id>/export.json")
def person_export(person_id: int):
    """Download everything held about one person as JSON (Xuất dữ liệu cá nhân; the office or the admin, logged)."""
    person = access.get_person_or_404(person_id, current_user)
    if not personal_data.may_export(current_user):
        abort(403)
    body = json.dumps(personal_data.export(person), ensure_ascii=False, indent=2, sort_keys=True)
    personal_data.record_export(person, "json")
    return send_download(body.encode("utf-8"), download_name=f"du-lieu-ca-nhan-{person.id}.json",
                         mimetype="application/json", max_age=0)
