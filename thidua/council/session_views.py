"""Council sessions on screen: the office prepares, the chair runs, members vote by secret ballot."""
from __future__ import annotations

import datetime

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from peewee import JOIN

from .. import audit, roles, workflow
from ..authz import gate_blueprint
from ..flows import COUNCIL_SESSION
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import Campaign, CouncilSession, User, UserRole
from ..web import fail, paginate, render, render_fragment
from . import inbox, minutes, notices, sessions  # noqa: F401  (inbox registers its providers)
from .forms import NewSessionForm, ObjectionForm, ReasonForm, RecusalForm, SessionForm
from .tally import percent_text

bp = Blueprint("sessions", __name__, url_prefix="/council/sessions")
gate_blueprint(bp, roles.OFFICE, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR, roles.LEADER)

RUNS = (roles.OFFICE, roles.COUNCIL_CHAIR)       # see live progress, keep attendance
VOTERS = (roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR)


def _require(*allowed: str) -> None:
    if not current_user.has_role(*allowed):
        abort(403)


def _session_or_404(session_id: int) -> CouncilSession:
    # The secretary comes in the same query: the page names them.
    secretary = User.alias()
    session = (CouncilSession.select(CouncilSession, Campaign, secretary).join(Campaign)
               .switch(CouncilSession).join(secretary, JOIN.LEFT_OUTER, on=(CouncilSession.secretary == secretary.id))
               .where(CouncilSession.id == session_id).first())
    if session is None:
        abort(404)
    return session


def _user():
    return current_user._get_current_object()


@bp.route("")
def index():
    query = (CouncilSession.select(CouncilSession, Campaign).join(Campaign)
             .order_by(CouncilSession.meets_at.desc(), CouncilSession.id.desc()))
    page = paginate(query, current_app.config["PAGE_SIZE"])
    return render("council/sessions.html", page=page)


def _secretary_choices(form) -> None:
    people = (User.select(User.id, User.full_name).join(UserRole)
              .where(UserRole.role.in_([roles.OFFICE, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR]),
                     User.active == True).distinct().order_by(User.full_name))  # noqa: E712
    form.secretary_id.choices = [(0, "— Chưa chọn —")] + [(u.id, u.full_name) for u in people]


def _values(form) -> dict:
    return {"title": form.title.data, "place": form.place.data,
            "meets_at": datetime.datetime.combine(form.meets_on.data, form.meets_time.data),
            "secretary_id": form.secretary_id.data or None}


@bp.route("/new", methods=["GET", "POST"])
def new():
    _require(roles.OFFICE)
    form = NewSessionForm()
    campaigns = list(Campaign.select().where(Campaign.status == "published").order_by(Campaign.issued_on.desc()))
    form.campaign_id.choices = [(c.id, f"{c.number_symbol} — {c.title}") for c in campaigns]
    _secretary_choices(form)
    if request.method == "GET":
        form.meets_time.data = datetime.time(8, 0)
    if form.validate_on_submit():
        campaign = next(c for c in campaigns if c.id == form.campaign_id.data)
        try:
            session = sessions.create(campaign, _values(form), _user())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            added = len(sessions.items_of(session))
            flash(f"Đã tạo phiên họp; chương trình có {added} hồ sơ đã thẩm định.", "success")
            return redirect(url_for("sessions.detail", session_id=session.id), 303)
    return render("council/session_new.html", form=form, no_campaign=not campaigns, status=form_status(form))


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
def edit(session_id: int):
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    form = SessionForm(obj=session) if request.method == "GET" else SessionForm()
    _secretary_choices(form)
    if request.method == "GET":
        form.meets_on.data, form.meets_time.data = session.meets_at.date(), session.meets_at.time()
        form.secretary_id.data = session.secretary_id or 0
    if form.validate_on_submit():
        try:
            sessions.update(session, _values(form), _user(), request.form.get("version", type=int))
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã lưu thông tin phiên họp.", "success")
            return redirect(url_for("sessions.detail", session_id=session.id), 303)
    return render("council/session_edit.html", form=form, session=session, status=form_status(form))


def _detail_context(session: CouncilSession) -> dict:
    user = _user()
    items = sessions.items_of(session)
    attendance = sessions.attendance_of(session) if session.status != "draft" else []
    mine = next((a for a in attendance if a.seat.user_id == user.id), None)
    voted = sessions.has_voted(session, mine.seat_id) if mine else None
    recusal_form = None
    if session.status in ("draft", "attendance") and user.has_role(roles.OFFICE) and attendance:
        recusal_form = RecusalForm()
        recusal_form.item_id.choices = [(i.id, f"{sessions.nominee_name(i.nomination)} — "
                                         f"{i.nomination.award_kind.name}") for i in items]
        recusal_form.attendance_id.choices = [(a.id, a.seat.user.full_name) for a in attendance]
    notice = notices.notice_of(session)
    objection_form = None
    if notice is not None and user.has_role(roles.OFFICE) and session.status in ("draft", "attendance"):
        objection_form = ObjectionForm()
        objection_form.nomination_id.choices = [(0, "Cả danh sách")] + [
            (i.nomination_id, f"{sessions.nominee_name(i.nomination)} — {i.nomination.award_kind.name}")
            for i in items]
    return {
        "notice": notice, "objections": notices.objections_of(notice), "objection_form": objection_form,
        "notice_days": notices.required_days(session) if session.status == "draft" else 0,
        "session": session, "items": items, "groups": sessions.groups_of(items), "attendance": attendance,
        "recusals": sessions.recusals_of(session), "results": sessions.results_of(session),
        "actions": [t for t in workflow.available(session, user) if t.action != "second_round"],
        "can_second_round": workflow.can(session, "second_round", user),
        "progress": sessions.progress(session, attendance, items) if session.status != "draft" else None,
        "mine": mine, "voted": voted, "recusal_form": recusal_form, "reason_form": ReasonForm(),
        "runs": user.has_role(*RUNS), "is_office": user.has_role(roles.OFFICE),
        "seat_names": {a.seat_id: a.seat.user.full_name for a in attendance}, "pct": percent_text,
        "states": COUNCIL_SESSION.states,
        # Who submitted a ballot and when stays off the page: the count is all the progress shows.
        "history": audit.history_of("council_session", session.id, exclude=("cast_ballot",)),
    }


@bp.route("/<int:session_id>")
def detail(session_id: int):
    session = _session_or_404(session_id)
    return render("council/session.html", **_detail_context(session))


@bp.route("/<int:session_id>/agenda/refresh", methods=["POST"])
def agenda_refresh(session_id: int):
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    added = sessions.refresh_agenda(session, _user(), request.form.get("version", type=int))
    flash(f"Đã thêm {added} hồ sơ mới thẩm định vào chương trình." if added
          else "Không có hồ sơ mới thẩm định nào để thêm.", "success" if added else "info")
    return redirect(url_for("sessions.detail", session_id=session.id) + "#chuong-trinh", 303)


@bp.route("/<int:session_id>/agenda/<int:item_id>/remove", methods=["POST"])
def agenda_remove(session_id: int, item_id: int):
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    sessions.remove_item(session, item_id, _user(), request.form.get("version", type=int))
    flash("Đã bỏ hồ sơ khỏi chương trình họp; hồ sơ vẫn ở trạng thái chờ Hội đồng.", "success")
    return redirect(url_for("sessions.detail", session_id=session.id) + "#chuong-trinh", 303)


@bp.route("/<int:session_id>/attendance/<int:attendance_id>", methods=["POST"])
def attendance(session_id: int, attendance_id: int):
    _require(*RUNS)
    session = _session_or_404(session_id)
    row = sessions.set_attendance(session, attendance_id, request.form.get("present") == "1", _user())
    context = {"session": session, "a": row, "runs": True, "progress": sessions.progress(session)}
    if request.headers.get("HX-Request"):
        return render_fragment("council/_attendance_row.html", **context)
    return redirect(url_for("sessions.detail", session_id=session.id) + "#diem-danh", 303)


@bp.route("/<int:session_id>/recusals", methods=["POST"])
def recusal_add(session_id: int):
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    context = _detail_context(session)
    form = context["recusal_form"]
    if form is None:
        abort(409)
    if form.validate_on_submit():
        try:
            sessions.add_recusal(session, form.item_id.data, form.attendance_id.data, form.reason.data, _user())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã ghi nhận thành viên không tham gia biểu quyết dòng này.", "success")
            return redirect(url_for("sessions.detail", session_id=session.id) + "#khong-bieu-quyet", 303)
    return render("council/session.html", status=422, **context)


@bp.route("/<int:session_id>/actions/<action>", methods=["POST"])
def act(session_id: int, action: str):
    session = _session_or_404(session_id)
    if COUNCIL_SESSION.transition(action) is None or action == "second_round":
        abort(404)
    sessions.act(session, action, _user(), request.form.get("comment", ""))
    flash(f"Phiên họp: {COUNCIL_SESSION.label(session.status).lower()}.", "success")
    return redirect(url_for("sessions.detail", session_id=session.id), 303)


@bp.route("/<int:session_id>/progress")
def progress(session_id: int):
    """Polled by the chair's and the office's page: how many have voted, never what."""
    _require(*RUNS)
    session = _session_or_404(session_id)
    body, status, headers = render_fragment("council/_progress.html", session=session,
                                            progress=sessions.progress(session), runs=True)
    if request.args.get("state") and request.args["state"] != session.status:
        headers["HX-Refresh"] = "true"  # the state moved on: the whole page changes
    return body, status, headers


@bp.route("/<int:session_id>/second-round", methods=["POST"])
def second_round(session_id: int):
    _require(roles.COUNCIL_CHAIR)
    session = _session_or_404(session_id)
    ids = [int(v) for v in request.form.getlist("items") if v.isdigit()]
    form = ReasonForm()
    try:
        if not form.validate_on_submit():
            raise FieldError("reason", "Vui lòng ghi rõ lý do bỏ phiếu lại.")
        chosen = sessions.second_round(session, ids, form.reason.data, _user())
    except FieldError as error:
        flash(error.message, "error")
        return redirect(url_for("sessions.detail", session_id=session.id) + "#bo-phieu-lai", 303)
    flash(f"Đã mở vòng bỏ phiếu {session.round} cho {len(chosen)} người, tập thể.", "success")
    return redirect(url_for("sessions.detail", session_id=session.id), 303)


# --- the ballot ---------------------------------------------------------------------------------------------

def _choices_from(form, lines) -> dict[int, bool]:
    chosen = {}
    for item, _ in lines:
        value = form.get(f"line-{item.id}")
        if value in ("yes", "no"):
            chosen[item.id] = value == "yes"
    return chosen


def _ballot_context(session, row, form=None) -> dict:
    lines = sessions.ballot_lines(session, row.seat_id)
    chosen = _choices_from(form or {}, lines)
    votable = [i for i, reason in lines if reason is None]
    return {"session": session, "lines": lines, "chosen": chosen,
            "missing": [i for i in votable if i.id not in chosen], "votable": votable}


def _my_row(session):
    _require(*VOTERS)
    row = sessions.seat_of(session, _user())
    if row is None:
        fail(403, "Bạn không phải thành viên Hội đồng của phiên họp này.")
    return row


@bp.route("/<int:session_id>/ballot", methods=["GET", "POST"])
def ballot(session_id: int):
    """The member's ballot sheet. Choices live only in the form until the single submission."""
    session = _session_or_404(session_id)
    row = _my_row(session)
    if request.method == "POST":
        lines = sessions.ballot_lines(session, row.seat_id)
        try:
            sessions.cast_ballot(session, _user(), _choices_from(request.form, lines),
                                 request.form.get("round", type=int))
        except workflow.WorkflowError as error:
            if error.code == 409 and sessions.has_voted(session, row.seat_id):
                # A double click or a second tab: the first submission counted, this one must not.
                flash("Phiếu của bạn đã được ghi nhận trước đó; mỗi người chỉ gửi một lần.", "info")
                return redirect(url_for("sessions.detail", session_id=session.id), 303)
            if error.code != 422:
                raise
            context = _ballot_context(session, row, request.form)
            return render("council/ballot.html", error=error.message, status=422, **context)
        flash("Đã gửi phiếu bầu. Phiếu của bạn được cộng vào kết quả, không ai xem được bạn đã chọn gì.", "success")
        return redirect(url_for("sessions.detail", session_id=session.id), 303)
    if session.status != "voting":
        flash("Phiên họp không ở giai đoạn bỏ phiếu.", "info")
        return redirect(url_for("sessions.detail", session_id=session.id), 303)
    if not row.present:
        fail(403, "Bạn không có tên trong danh sách có mặt, nên không bỏ phiếu trực tuyến được. "
                  "Vui lòng báo Văn phòng.")
    if sessions.has_voted(session, row.seat_id):
        flash(f"Bạn đã gửi phiếu vòng {session.round}.", "info")
        return redirect(url_for("sessions.detail", session_id=session.id), 303)
    return render("council/ballot.html", error=None, **_ballot_context(session, row))


@bp.route("/<int:session_id>/ballot/review", methods=["POST"])
def ballot_review(session_id: int):
    """htmx: the summary of the choices made so far on the sheet. Nothing is stored."""
    session = _session_or_404(session_id)
    row = _my_row(session)
    return render_fragment("council/_ballot_summary.html", **_ballot_context(session, row, request.form))


@bp.route("/<int:session_id>/written", methods=["GET", "POST"])
def written(session_id: int):
    """The office enters the written vote of an absent member."""
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    absent = [a for a in sessions.attendance_of(session) if not a.present]
    receipts = {a.seat_id for a in absent if sessions.has_voted(session, a.seat_id)}
    chosen_id = request.values.get("attendance_id", type=int)
    row = next((a for a in absent if a.id == chosen_id), None)
    lines, error = [], None
    if row is not None:
        lines = [(i, reason or (None if i.rule_written_allowed else "Quy tắc không cho biểu quyết bằng văn bản"))
                 for i, reason in sessions.ballot_lines(session, row.seat_id)]
    if request.method == "POST" and row is not None:
        try:
            sessions.record_written_vote(session, row.id, _choices_from(request.form, lines), _user(),
                                         request.form.get("round", type=int))
        except workflow.WorkflowError as exc:
            if exc.code != 422:
                raise
            error = exc.message
        else:
            flash(f"Đã nhập ý kiến bằng văn bản của {row.seat.user.full_name}.", "success")
            return redirect(url_for("sessions.detail", session_id=session.id), 303)
    return render("council/written.html", session=session, absent=absent, receipts=receipts, row=row,
                  lines=lines, chosen=_choices_from(request.form, lines), error=error,
                  status=422 if error else 200)


@bp.route("/<int:session_id>/paper", methods=["GET", "POST"])
def paper(session_id: int):
    """The office enters the counts of paper ballots (marked as paper)."""
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    present = [a for a in sessions.attendance_of(session) if a.present]
    voted = {a.seat_id for a in present if sessions.has_voted(session, a.seat_id)}
    lines = sessions.items_of(session, session.round)
    errors: dict[str, str] = {}
    if request.method == "POST":
        picked = [int(v) for v in request.form.getlist("voters") if v.isdigit()]
        counts = {}
        for item in lines:
            try:
                counts[item.id] = (int(request.form.get(f"yes-{item.id}") or 0),
                                   int(request.form.get(f"no-{item.id}") or 0))
            except ValueError:
                errors[f"item-{item.id}"] = "Số phiếu phải là số nguyên."
        if not errors:
            try:
                sessions.record_paper_ballots(session, picked, counts, _user(), request.form.get("round", type=int))
            except FieldError as error:
                errors[error.field] = error.message
            else:
                flash(f"Đã nhập kết quả {len(picked)} phiếu giấy.", "success")
                return redirect(url_for("sessions.detail", session_id=session.id), 303)
    return render("council/paper.html", session=session, present=present, voted=voted, lines=lines, errors=errors,
                  form=request.form, status=422 if errors else 200)


# --- documents ----------------------------------------------------------------------------------------------

def _closed_or_409(session) -> None:
    if session.status != "closed" and not sessions.results_of(session):
        fail(409, "Biên bản chỉ có sau khi kết thúc bỏ phiếu.")


@bp.route("/<int:session_id>/minutes.<fmt>")
def minutes_file(session_id: int, fmt: str):
    session = _session_or_404(session_id)
    _closed_or_409(session)
    return minutes.download_minutes(session, fmt)


@bp.route("/<int:session_id>/paper-ballot.<fmt>")
def paper_ballot_file(session_id: int, fmt: str):
    _require(roles.OFFICE, roles.COUNCIL_CHAIR)
    session = _session_or_404(session_id)
    if session.status == "draft":
        fail(409, "Phiếu bầu giấy có sau khi phiên họp khai mạc.")
    return minutes.download_ballot(session, fmt)


@bp.route("/<int:session_id>/notice", methods=["POST"])
def notice_post(session_id: int):
    """Post the agenda publicly (office); the agenda is frozen from then on."""
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    try:
        notice = notices.post(session, _user())
    except FieldError as error:
        flash(error.message, "error")
    else:
        flash(f"Đã công khai danh sách đến hết ngày {notice.ends_on:%d/%m/%Y}.", "success")
    return redirect(url_for("sessions.detail", session_id=session.id) + "#cong-khai", 303)


@bp.route("/<int:session_id>/objections", methods=["POST"])
def objection_add(session_id: int):
    _require(roles.OFFICE)
    session = _session_or_404(session_id)
    context = _detail_context(session)
    form = context["objection_form"]
    if form is None:
        fail(409, "Chỉ ghi nhận ý kiến khi danh sách đã công khai và phiên họp chưa bỏ phiếu.")
    if form.validate_on_submit():
        try:
            notices.record_objection(context["notice"], {f: getattr(form, f).data for f in
                                                         ("received_on", "sender", "nomination_id", "content",
                                                          "handling")}, _user())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã ghi nhận ý kiến; Hội đồng sẽ xem xét trong phiên họp.", "success")
            return redirect(url_for("sessions.detail", session_id=session.id) + "#cong-khai", 303)
    return render("council/session.html", status=422, **context)
