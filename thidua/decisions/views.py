"""Decisions and proposals upward on screen: the office drafts, the leader reads the whole document and signs
with the password (one or several at once), the register lists every number."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from ..downloads import send_download
from ..filecache import cached_file
from .. import audit, clock, roles, workflow
from ..authz import gate_blueprint
from ..flows import DECISION
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import AwardKind, Campaign, Decision, User
from ..models.decision import DECISION_KINDS
from ..web import fail, paginate, render
from . import document, files, inbox, services  # noqa: F401  (files, inbox register themselves)
from .forms import DecisionForm, DelegationForm, NewDecisionForm, SignForm

bp = Blueprint("decisions", __name__, url_prefix="/decisions")
gate_blueprint(bp, roles.OFFICE, roles.LEADER)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user():
    return current_user._get_current_object()


def _decision_or_404(decision_id: int) -> Decision:
    decision = (Decision.select(Decision, Campaign).join(Campaign).where(Decision.id == decision_id).first())
    if decision is None:
        abort(404)
    return decision


@bp.route("")
def index():
    state = request.args.get("status") or ("submitted" if current_user.has_role(roles.LEADER) else "draft")
    query = (Decision.select(Decision, Campaign).join(Campaign)
             .order_by(Decision.signed_at.desc(nulls="LAST"), Decision.id.desc()))
    if state in DECISION.states:
        query = query.where(Decision.status == state)
    page = paginate(query, current_app.config["PAGE_SIZE"])
    signable = state == "submitted" and current_user.has_role(roles.LEADER)
    return render("decisions/list.html", page=page, state=state, states=DECISION.states, signable=signable,
                  sign_form=SignForm() if signable else None)


@bp.route("/new", methods=["GET", "POST"])
def new():
    if not current_user.has_role(roles.OFFICE):
        abort(403)
    form = NewDecisionForm()
    campaigns = list(Campaign.select().where(Campaign.status.in_(["published", "closed"]))
                     .order_by(Campaign.issued_on.desc()))
    form.campaign_id.choices = [(c.id, f"{c.number_symbol} — {c.title}") for c in campaigns]
    form.kind.choices = list(DECISION_KINDS.items())
    kinds = (AwardKind.select(AwardKind.id, AwardKind.name).where(AwardKind.active == True)  # noqa: E712
             .order_by(AwardKind.regime, AwardKind.sort_order))
    form.award_kind_id.choices = [(0, "Tất cả danh hiệu, hình thức của kế hoạch")] + [(k.id, k.name) for k in kinds]
    if form.validate_on_submit():
        campaign = next(c for c in campaigns if c.id == form.campaign_id.data)
        try:
            decision = services.create_draft(campaign, form.kind.data, form.award_kind_id.data or None, _user())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã soạn dự thảo với {len(services.lines_of(decision))} người, tập thể.", "success")
            return redirect(url_for("decisions.detail", decision_id=decision.id), 303)
    return render("decisions/new.html", form=form, status=form_status(form))


def _detail(decision: Decision, form=None, sign_form=None, status: int = 200):
    user = _user()
    lines = services.lines_of(decision)
    editable = decision.status in services.EDITABLE and user.has_role(roles.OFFICE)
    if form is None and editable:
        form = DecisionForm(summary=decision.summary, recipients=decision.recipients)
    can_sign = decision.status == "submitted" and user.has_role(roles.LEADER)
    return render("decisions/detail.html", decision=decision, doc=document.build(decision), lines=lines,
                  editable=editable, form=form, sign_form=sign_form or (SignForm() if can_sign else None),
                  actions=[t for t in workflow.available(decision, user)], states=DECISION.states,
                  signer=User.get_or_none(User.id == decision.signed_by_id), status=status,
                  history=audit.history_of("decision", decision.id),
                  original=Decision.get_or_none(Decision.id == decision.corrects_id) if decision.corrects_id else None,
                  corrections=list(Decision.select().where(Decision.corrects == decision.id)
                                   .order_by(Decision.id)))


@bp.route("/<int:decision_id>")
def detail(decision_id: int):
    return _detail(_decision_or_404(decision_id))


@bp.route("/<int:decision_id>/edit", methods=["POST"])
def edit(decision_id: int):
    if not current_user.has_role(roles.OFFICE):
        abort(403)
    decision = _decision_or_404(decision_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.update(decision, form.summary.data, form.recipients.data, _user(),
                            request.form.get("version", type=int))
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã lưu dự thảo.", "success")
            return redirect(url_for("decisions.detail", decision_id=decision.id), 303)
    return _detail(decision, form=form, status=422)


@bp.route("/<int:decision_id>/lines/<int:line_id>/remove", methods=["POST"])
def remove_line(decision_id: int, line_id: int):
    if not current_user.has_role(roles.OFFICE):
        abort(403)
    decision = _decision_or_404(decision_id)
    services.remove_line(decision, line_id, _user(), request.form.get("version", type=int))
    flash("Đã bỏ dòng khỏi dự thảo; hồ sơ trở lại danh sách chờ ký.", "success")
    return redirect(url_for("decisions.detail", decision_id=decision.id), 303)


@bp.route("/<int:decision_id>/actions/<action>", methods=["POST"])
def act(decision_id: int, action: str):
    decision = _decision_or_404(decision_id)
    if DECISION.transition(action) is None or action == "sign":
        abort(404)
    workflow.apply(decision, action, _user(), request.form.get("comment", ""),
                   expected_version=request.form.get("version", type=int))
    flash(f"{decision.kind_label}: {DECISION.label(decision.status).lower()}.", "success")
    return redirect(url_for("decisions.detail", decision_id=decision.id), 303)


@bp.route("/<int:decision_id>/sign", methods=["POST"])
def sign(decision_id: int):
    if not current_user.has_role(roles.LEADER):
        abort(403)
    decision = _decision_or_404(decision_id)
    form = SignForm()
    if form.validate_on_submit():
        try:
            services.sign(decision, _user(), form.password.data, request.form.get("version", type=int))
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã ký {decision.kind_label.lower()} số {decision.number_symbol}.", "success")
            return redirect(url_for("decisions.detail", decision_id=decision.id), 303)
    return _detail(decision, sign_form=form, status=422)


@bp.route("/sign", methods=["POST"])
def sign_bulk():
    """Sign several submitted drafts with one password entry; each is numbered in turn, in the order listed."""
    if not current_user.has_role(roles.LEADER):
        abort(403)
    form = SignForm()
    # id:version as listed: a draft changed since the list was drawn is refused, not signed unseen.
    picked = {}
    for value in request.form.getlist("ids"):
        number, _, version = value.partition(":")
        if number.isdigit() and version.isdigit():
            picked[int(number)] = int(version)
    ids = list(picked)
    if not ids:
        flash("Chưa chọn văn bản nào để ký.", "error")
        return redirect(url_for("decisions.index", status="submitted"), 303)
    if not form.validate_on_submit():
        flash("Vui lòng nhập mật khẩu để ký.", "error")
        return redirect(url_for("decisions.index", status="submitted"), 303)
    try:
        services.check_password(_user(), form.password.data)
    except FieldError as error:
        flash(error.message, "error")
        return redirect(url_for("decisions.index", status="submitted"), 303)
    signed, refused = [], []
    for decision in Decision.select().where(Decision.id.in_(ids)).order_by(Decision.submitted_at, Decision.id):
        try:
            services.sign(decision, _user(), form.password.data, expected_version=picked[decision.id])
        except (workflow.WorkflowError, FieldError) as error:
            refused.append(f"{decision.summary}: {error.message}")
        except Exception:  # noqa: BLE001 - one failed signing must not hide which others were signed
            current_app.logger.exception("bulk signing failed for decision %s", decision.id)
            refused.append(f"{decision.summary}: lỗi hệ thống khi ký, văn bản chưa được ký và không lấy số.")
        else:
            signed.append(decision.number_symbol)
    if signed:
        flash(f"Đã ký {len(signed)} văn bản: {', '.join(signed)}.", "success")
    for message in refused:
        flash(f"Chưa ký — {message}", "error")
    return redirect(url_for("decisions.index", status="signed" if signed else "submitted"), 303)


@bp.route("/register")
def register():
    """Sổ đăng ký văn bản: every number given, with date, summary and signer."""
    query = (Decision.select(Decision, User).join(User, on=(Decision.signed_by == User.id))
             .where(Decision.status == "signed")
             .order_by(Decision.year.desc(), Decision.symbol, Decision.number.desc()))
    page = paginate(query, current_app.config["PAGE_SIZE"])
    principals = {u.id: u.full_name for u in User.select(User.id, User.full_name).where(
        User.id.in_([d.on_behalf_of_id for d in page.items if d.on_behalf_of_id] or [0]))}
    return render("decisions/register.html", page=page, principals=principals)


@bp.route("/<int:decision_id>/document.<fmt>")
def document_file(decision_id: int, fmt: str):
    from ..documents.decision_docx import render_decision_docx
    from ..documents.pdf import render_decision_pdf
    decision = _decision_or_404(decision_id)
    if fmt not in ("docx", "pdf"):
        fail(404, "Không có định dạng này.")

    def build():
        doc = document.build(decision)
        return io.BytesIO(render_decision_docx(doc) if fmt == "docx" else render_decision_pdf(doc))
    # A second or more of WeasyPrint per PDF: kept until the next change (a draft is dated today, hence the day).
    data = cached_file("decision", (decision.id, fmt, clock.today().isoformat()), build)
    stem = decision.number_symbol.replace("/", "-").replace("…", "du-thao")
    return send_download(data, download_name=f"{stem}.{fmt}",
                         mimetype=DOCX if fmt == "docx" else "application/pdf")


@bp.route("/<int:decision_id>/signed.pdf")
def signed_file(decision_id: int):
    decision = _decision_or_404(decision_id)
    found = files.signed_pdf(decision)
    if found is None:
        fail(404, "Văn bản chưa có bản ký số.")
    row, data = found
    if data is None:
        fail(404, "Không tìm thấy tệp PDF đã ký trong kho lưu trữ. Vui lòng báo quản trị hệ thống.")
    return send_download(io.BytesIO(data), download_name=row.original_name,
                         mimetype="application/pdf")


@bp.route("/<int:decision_id>/verify")
def verify(decision_id: int):
    """Re-check the stored signed PDF: signer, time, integrity."""
    decision = _decision_or_404(decision_id)
    result, digest_matches = files.check(decision)
    if result is None:
        fail(404, "Văn bản chưa có bản ký số, hoặc tệp đã ký không còn trong kho lưu trữ (báo quản trị hệ thống).")
    return render("decisions/verify.html", decision=decision, result=result, digest_matches=digest_matches)


@bp.route("/<int:decision_id>/lines/<int:line_id>/outcome", methods=["POST"])
def outcome(decision_id: int, line_id: int):
    """The office records the outside body's decision on one line of a signed proposal."""
    import datetime
    if not current_user.has_role(roles.OFFICE):
        abort(403)
    decision = _decision_or_404(decision_id)
    awarded = request.form.get("outcome") == "awarded"
    try:
        day = datetime.date.fromisoformat(request.form.get("outside_date", "")) if request.form.get(
            "outside_date") else None
    except ValueError:
        day = None
        flash("Ngày quyết định không hợp lệ.", "error")
        return redirect(url_for("decisions.detail", decision_id=decision.id) + "#ket-qua-cap-tren", 303)
    try:
        services.record_outcome(decision, line_id, awarded, request.form.get("outside_number", ""), day,
                                request.form.get("outside_body", ""), _user())
    except FieldError as error:
        flash(error.message, "error")
    else:
        flash("Đã ghi kết quả của cấp trên.", "success")
    return redirect(url_for("decisions.detail", decision_id=decision.id) + "#ket-qua-cap-tren", 303)


@bp.route("/<int:decision_id>/bundle.zip")
def bundle(decision_id: int):
    """Every dossier's documents of a proposal in one .zip with a manifest, to send upward."""
    from .bundle import build_bundle
    decision = _decision_or_404(decision_id)
    if decision.kind != "proposal":
        fail(404, "Chỉ tờ trình đề nghị cấp trên mới có bộ hồ sơ gửi kèm.")
    data = build_bundle(decision)
    stem = decision.number_symbol.replace("/", "-").replace("…", "du-thao")
    return send_download(data, download_name=f"ho-so-{stem}.zip", mimetype="application/zip")


@bp.route("/<int:decision_id>/correction", methods=["POST"])
def correction(decision_id: int):
    """The office drafts a decision that corrects or revokes part of a signed one."""
    if not current_user.has_role(roles.OFFICE):
        abort(403)
    original = _decision_or_404(decision_id)
    ids = [int(v) for v in request.form.getlist("lines") if v.isdigit()]
    try:
        draft = services.create_correction(original, request.form.get("correction_kind", ""), ids,
                                           request.form.get("correction_text", ""), _user())
    except FieldError as error:
        flash(error.message, "error")
        return redirect(url_for("decisions.detail", decision_id=original.id) + "#dinh-chinh", 303)
    flash("Đã soạn dự thảo quyết định; quyết định đã ký giữ nguyên.", "success")
    return redirect(url_for("decisions.detail", decision_id=draft.id), 303)


NO_CERTIFICATE = ("LDTT", "TTLDTT")  # cash only, no certificate (TEMPLATES.md §8)


@bp.route("/<int:decision_id>/lines/<int:line_id>/certificate.pdf")
def certificate(decision_id: int, line_id: int):
    """The printable certificate of one awardee (A4 landscape) with a QR code to the public check of the award."""
    from ..documents.certificate import Certificate, render_certificate_pdf
    from ..documents.model import vietnamese_date_line
    from ..models import AwardRecord
    from ..public.views import award_url
    decision = _decision_or_404(decision_id)
    if decision.status != "signed" or decision.kind != "decision" or decision.corrects_id:
        fail(409, "Chỉ in giấy chứng nhận cho quyết định khen thưởng đã ký.")
    lines = services.lines_of(decision)
    position = next((i for i, ln in enumerate(lines, start=1) if ln.id == line_id), None)
    if position is None:
        abort(404)
    line = lines[position - 1]
    n = line.nomination
    kind = n.award_kind
    if kind.code in NO_CERTIFICATE:
        fail(409, f"Danh hiệu “{kind.name}” chỉ kèm tiền thưởng, không có giấy chứng nhận.")
    record = AwardRecord.get_or_none(AwardRecord.decision_id == decision.id, AwardRecord.removed_at.is_null(),
                                     (AwardRecord.person == n.person_id) if n.person_id
                                     else (AwardRecord.unit == n.unit_id))
    if record is None:
        fail(409, "Khen thưởng này đã bị thu hồi, không in giấy chứng nhận.")
    signer = User.get_by_id(decision.signed_by_id)
    if n.person_id:
        honorific = "Bà" if n.person.gender == "female" else "Ông"
        recipient, position_unit = f"{honorific} {n.person.full_name}", ", ".join(
            p for p in (n.person.position, n.unit.name) if p)
    else:
        recipient, position_unit = n.unit.name, ""
    cert = Certificate(
        issuer_title=f"TRƯỞNG {current_app.config['AGENCY_NAME'].upper()}",
        heading="TẶNG DANH HIỆU" if kind.category == "title" else "TẶNG", award=kind.name.upper(),
        recipient=recipient, position_unit=position_unit,
        achievement=f"Đã có thành tích xuất sắc trong phong trào thi đua năm {decision.campaign.year}",
        decision_line=f"Quyết định số {decision.number_symbol} ngày {decision.signed_on:%d/%m/%Y}",
        register_number=f"Số sổ vàng: {position:02d}",
        place_date=vietnamese_date_line(decision.campaign.place, decision.signed_on),
        signer_authority=decision.signer_authority, signer_title=decision.signer_title, signer_name=signer.full_name,
        verify_url=award_url(record.id))
    return send_download(io.BytesIO(render_certificate_pdf(cert)), mimetype="application/pdf",
                         download_name=f"giay-chung-nhan-{decision.number_symbol.replace('/', '-')}-{position:02d}.pdf")


@bp.route("/delegations", methods=["GET", "POST"])
def delegations():
    """The head's delegations to sign on their behalf; any leader reads them."""
    from ..models import Delegation, UserRole
    if not current_user.has_role(roles.LEADER):
        abort(403)
    form = DelegationForm()
    leaders = (User.select(User.id, User.full_name).join(UserRole).where(UserRole.role == roles.LEADER,
                                                                          User.active == True,  # noqa: E712
                                                                          User.id != current_user.id))
    form.deputy_id.choices = [(u.id, u.full_name) for u in leaders]
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.add_delegation(_user(), form.deputy_id.data, form.deputy_title.data, form.valid_from.data,
                                    form.valid_to.data, form.note.data, _user())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã ghi nhận ủy quyền ký thay.", "success")
            return redirect(url_for("decisions.delegations"), 303)
    rows = list(Delegation.select().order_by(Delegation.valid_from.desc()))
    names = {u.id: u.full_name for u in User.select(User.id, User.full_name).where(
        User.id.in_({r.deputy_id for r in rows} | {r.principal_id for r in rows} or {0}))}
    return render("decisions/delegations.html", form=form, rows=rows, names=names, status=form_status(form))


@bp.route("/delegations/<int:row_id>/end", methods=["POST"])
def delegation_end(row_id: int):
    from ..models import Delegation
    row = Delegation.get_or_none(Delegation.id == row_id)
    if row is None:
        abort(404)
    if row.principal_id != current_user.id:
        abort(403)
    services.end_delegation(row, _user())
    flash("Đã kết thúc ủy quyền.", "success")
    return redirect(url_for("decisions.delegations"), 303)
