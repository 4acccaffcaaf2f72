"""Emulation blocs on screen: the board sets blocs up, the leader's team drafts the compact and runs the rounds,
member units sign, score, object and vote; every record is checked against the user's seat on the server."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from .. import roles, workflow
from ..attachments import service as attachments
from ..authz import gate_blueprint
from ..downloads import send_download
from ..flows import BLOC_ROUND, BLOC_VOTE, COMPACT, SCORECARD
from ..forms_support import FieldError, apply_field_error, form_status
from ..models import (AuditLog, Bloc, BlocBallotReceipt, BlocRound, BlocVote, Campaign, Compact, Scorecard, Unit, User,
                      UserRole)
from ..models.bloc import BLOC_USER_KINDS, CRITERION_KINDS, PERIODS, TIE_BREAK_KEYS, VOTE_AWARDS
from ..web import fail, paginate, render
from . import access, points, ranking, scoring, services, voting
from .documents import compact_docx, compact_name, minutes_docx, minutes_name
from .forms import BlocForm, BlocUserForm, CriterionForm, MemberForm, RoundForm, TermsForm, YearForm

bp = Blueprint("blocs", __name__, url_prefix="/blocs")
gate_blueprint(bp, roles.UNIT_HEAD, roles.UNIT_STAFF, roles.EMULATION_BOARD)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.context_processor
def _context():
    return {"show_points": points.show, "PERIODS": PERIODS, "CRITERION_KINDS": CRITERION_KINDS,
            "BLOC_USER_KINDS": BLOC_USER_KINDS, "VOTE_AWARDS": VOTE_AWARDS, "TIE_BREAK_KEYS": TIE_BREAK_KEYS}


@bp.app_context_processor
def _nav_context():
    # The navigation shows "Cụm, khối thi đua" to the board and to users holding a seat (one small query).
    def in_blocs(user) -> bool:
        return access.is_board(user) or bool(user.has_role(roles.UNIT_HEAD, roles.UNIT_STAFF) and access.seats(user))
    return {"in_blocs": in_blocs}


def _user():
    return current_user._get_current_object()


def _history(object_type: str, object_id: int) -> list[AuditLog]:
    return list(AuditLog.select(AuditLog, User).join(User, on=(AuditLog.actor == User.id))
                .where(AuditLog.object_type == object_type, AuditLog.object_id == object_id)
                .order_by(AuditLog.id).limit(200))


# --- fetch and check ---------------------------------------------------------------------------------------------

def _bloc_or_404(bloc_id: int) -> Bloc:
    bloc = Bloc.get_or_none(Bloc.id == bloc_id)
    if bloc is None or not access.sees_bloc(_user(), bloc.id):
        abort(404)
    return bloc


def _compact_or_404(compact_id: int) -> Compact:
    compact = Compact.select(Compact, Bloc).join(Bloc).where(Compact.id == compact_id).first()
    if compact is None or not access.sees_bloc(_user(), compact.bloc_id):
        abort(404)
    return compact


def _round_or_404(round_id: int) -> tuple[BlocRound, Compact]:
    round_ = BlocRound.get_or_none(BlocRound.id == round_id)
    if round_ is None:
        abort(404)
    return round_, _compact_or_404(round_.compact_id)


def _scorecard_or_404(scorecard_id: int) -> tuple[Scorecard, BlocRound, Compact]:
    """A member sees its own scorecard; another member's only once the round has closed (404 before)."""
    card = Scorecard.select(Scorecard, Unit).join(Unit, on=(Scorecard.unit == Unit.id)).where(
        Scorecard.id == scorecard_id).first()
    if card is None:
        abort(404)
    round_, compact = _round_or_404(card.round_id)
    if not scoring.may_see_scorecard(_user(), card, round_, compact):
        abort(404)
    card.__dict__["_compact"] = compact
    return card, round_, compact


def _vote_or_404(vote_id: int) -> tuple[BlocVote, BlocRound, Compact]:
    vote = BlocVote.get_or_none(BlocVote.id == vote_id)
    if vote is None:
        abort(404)
    round_, compact = _round_or_404(vote.round_id)
    vote.__dict__["_compact"] = compact
    return vote, round_, compact


def _require_board() -> None:
    if not access.is_board(_user()):
        abort(403)


def _require_leader(compact: Compact) -> None:
    if not access.leads(_user(), compact):
        abort(403)


def _act(record, machine, action: str):
    """Take a manual transition from a button, or fail with the workflow's answer."""
    t = machine.transition(action)
    if t is None or not t.manual:
        abort(404)
    workflow.apply(record, action, _user(), request.form.get("comment", ""),
                   expected_version=request.form.get("version", type=int))
    flash(f"Đã thực hiện: {t.label}.", "success")


# --- blocs (the emulation board sets them up) -----------------------------------------------------------------

@bp.route("")
def index():
    """List the blocs the user may open: all of them for the emulation board, else the user's own."""
    page = paginate(services.visible_blocs(_user()), current_app.config["PAGE_SIZE"])
    return render("blocs/index.html", page=page, is_board=access.is_board(_user()))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Set up a new cụm or khối (the emulation board)."""
    _require_board()
    form = BlocForm()
    if form.validate_on_submit():
        try:
            bloc = services.create_bloc(form.kind.data, form.name.data, form.description.data, _user())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash(f"Đã tạo {bloc.name}.", "success")
            return redirect(url_for("blocs.detail", bloc_id=bloc.id), 303)
    return render("blocs/new.html", form=form, status=form_status(form))


def _setup_forms(bloc: Bloc, member_form=None, user_form=None, year_form=None):
    members = services.members_of(bloc.id)
    member_ids = [m.unit_id for m in members]
    member_form = member_form or MemberForm(formdata=None)
    member_form.unit_id.choices = [(u.id, u.name) for u in Unit.select(Unit.id, Unit.name).where(
        Unit.active == True, Unit.id.not_in(member_ids or [0])).order_by(Unit.sort_key)]  # noqa: E712
    user_form = user_form or BlocUserForm(formdata=None)
    user_form.user_id.choices = [(u.id, f"{u.full_name} — {u.unit.name}") for u in User.select(User, Unit).join(
        Unit).switch(User).join(UserRole).where(User.unit.in_(member_ids or [0]), User.active == True,  # noqa: E712
                                                 UserRole.role.in_([roles.UNIT_HEAD, roles.UNIT_STAFF]))
        .distinct().order_by(Unit.sort_key, User.sort_key)]
    year_form = year_form or YearForm(formdata=None)
    choices = [(m.unit_id, m.unit.name) for m in members]
    year_form.leader_unit_id.choices = choices
    year_form.deputy_unit_id.choices = [(0, "— Chưa chọn —")] + choices
    year_form.campaign_id.choices = [(0, "— Chưa chọn —")] + [
        (c.id, f"{c.number_symbol} — {c.title}") for c in Campaign.select().where(
            Campaign.status == "published").order_by(Campaign.issued_on.desc()).limit(50)]
    return members, member_form, user_form, year_form


def _detail(bloc: Bloc, status: int = 200, prepared=None, **forms):
    members, member_form, user_form, year_form = prepared or _setup_forms(bloc, **forms)
    compacts = list(services.compacts_query(bloc.id))
    return render("blocs/detail.html", bloc=bloc, members=members, users=services.users_of(bloc.id),
                  compacts=compacts, is_board=access.is_board(_user()), member_form=member_form,
                  user_form=user_form, year_form=year_form, status=status)


@bp.route("/<int:bloc_id>")
def detail(bloc_id: int):
    """A bloc: its member units, its users, its years (the history of earlier compacts)."""
    return _detail(_bloc_or_404(bloc_id))


def _board_post(bloc_id: int, name: str, form_class, save):
    """One of the bloc page's setup forms, posted by the emulation board: save(bloc, form) answers where to go
    next, or the page comes back with the errors beside the fields."""
    bloc = _bloc_or_404(bloc_id)
    _require_board()
    form = form_class()
    prepared = _setup_forms(bloc, **{name: form})
    if form.validate_on_submit():
        try:
            return save(bloc, form)
        except FieldError as error:
            apply_field_error(form, error)
    return _detail(bloc, 422, prepared=prepared)


@bp.route("/<int:bloc_id>/members", methods=["POST"])
def member_add(bloc_id: int):
    """Add a member unit (the emulation board)."""
    def save(bloc, form):
        services.add_member(bloc, form.unit_id.data, form.year.data, _user())
        flash("Đã thêm đơn vị thành viên.", "success")
        return redirect(url_for("blocs.detail", bloc_id=bloc.id), 303)
    return _board_post(bloc_id, "member_form", MemberForm, save)


@bp.route("/<int:bloc_id>/users", methods=["POST"])
def user_add(bloc_id: int):
    """Give a user of a member unit a seat: its head or its emulation officer (the emulation board)."""
    def save(bloc, form):
        services.add_user(bloc, form.user_id.data, form.kind.data, _user())
        flash("Đã thêm người dùng của khối.", "success")
        return redirect(url_for("blocs.detail", bloc_id=bloc.id), 303)
    return _board_post(bloc_id, "user_form", BlocUserForm, save)


@bp.route("/<int:bloc_id>/years", methods=["POST"])
def year_add(bloc_id: int):
    """Open the bloc's year with its rotating leader and deputy (the emulation board)."""
    def save(bloc, form):
        compact = services.create_year(bloc, {"year": form.year.data, "leader_unit_id": form.leader_unit_id.data,
                                              "deputy_unit_id": form.deputy_unit_id.data or None,
                                              "campaign_id": form.campaign_id.data or None}, _user())
        flash(f"Đã mở năm {compact.year}; Khối trưởng soạn giao ước.", "success")
        return redirect(url_for("blocs.compact", compact_id=compact.id), 303)
    return _board_post(bloc_id, "year_form", YearForm, save)


# --- the compact -------------------------------------------------------------------------------------------------

def _compact_page(compact: Compact, status: int = 200, terms_form=None, criterion_form=None):
    user = _user()
    criteria = services.criteria_of(compact.id)
    leads = access.leads(user, compact)
    if terms_form is None:
        terms_form = TermsForm(formdata=None, obj=compact)
    criterion_form = criterion_form or CriterionForm(formdata=None)
    criterion_form.parent_id.choices = [(0, "— Nhóm, tiêu chí cấp 1 —")] + [
        (c.id, f"{c.code}. {c.title}") for c in criteria if c.depth == 0]
    signatures = services.signatures_of(compact.id)
    seat = access.head_seat(user, compact.bloc_id)
    may_sign = compact.status == "signing" and seat is not None and seat.unit_id not in {s.unit_id for s in signatures}
    rounds = services.rounds_of(compact.id)
    return render("blocs/compact.html", compact=compact, bloc=compact.bloc, criteria=criteria, leads=leads,
                  terms_form=terms_form, criterion_form=criterion_form, signatures=signatures, may_sign=may_sign,
                  members=services.members_of(compact.bloc_id), rounds=rounds,
                  round_form=RoundForm(formdata=None) if leads and compact.status == "in_force" else None,
                  actions=workflow.available(compact, user), max_total=services.max_total(criteria),
                  rules_text=ranking.rules_text(ranking.parse_rules(compact.tie_break)),
                  leader=Unit.get_by_id(compact.leader_unit_id),
                  deputy=Unit.get_by_id(compact.deputy_unit_id) if compact.deputy_unit_id else None,
                  history=_history("compact", compact.id), status=status)


@bp.route("/compacts/<int:compact_id>")
def compact(compact_id: int):
    """The year's compact: targets, scoring table, signatures, rounds."""
    return _compact_page(_compact_or_404(compact_id))


@bp.route("/compacts/<int:compact_id>/terms", methods=["POST"])
def terms(compact_id: int):
    """Save the compact's targets and its ranking and vote settings (the leader's team, while a draft)."""
    compact = _compact_or_404(compact_id)
    _require_leader(compact)
    form = TermsForm()
    if form.validate_on_submit():
        try:
            services.save_terms(compact, {f: getattr(form, f).data for f in (
                "targets", "tie_break", "vote_threshold", "flag_quota", "bk_quota")}, _user(),
                request.form.get("version", type=int))
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã lưu nội dung giao ước.", "success")
            return redirect(url_for("blocs.compact", compact_id=compact.id), 303)
    return _compact_page(compact, 422, terms_form=form)


@bp.route("/compacts/<int:compact_id>/criteria", methods=["POST"])
def criterion_add(compact_id: int):
    """Add a line to the scoring table (the leader's team, while a draft)."""
    compact = _compact_or_404(compact_id)
    _require_leader(compact)
    form = CriterionForm()
    form.parent_id.choices = [(0, "")] + [(c.id, c.code) for c in services.criteria_of(compact.id)]
    if form.validate_on_submit():
        try:
            services.add_criterion(compact, {"code": form.code.data, "title": form.title.data, "kind": form.kind.data,
                                             "max_points": form.max_points.data,
                                             "parent_id": form.parent_id.data or None}, _user())
        except FieldError as error:
            apply_field_error(form, error)
        else:
            flash("Đã thêm tiêu chí.", "success")
            return redirect(url_for("blocs.compact", compact_id=compact.id) + "#bang-diem", 303)
    return _compact_page(compact, 422, criterion_form=form)


@bp.route("/compacts/<int:compact_id>/criteria/<int:criterion_id>/delete", methods=["POST"])
def criterion_delete(compact_id: int, criterion_id: int):
    """Remove a line (and its sub-lines) from the scoring table."""
    compact = _compact_or_404(compact_id)
    _require_leader(compact)
    services.remove_criterion(compact, criterion_id, _user())
    flash("Đã xóa tiêu chí.", "success")
    return redirect(url_for("blocs.compact", compact_id=compact.id) + "#bang-diem", 303)


@bp.route("/compacts/<int:compact_id>/act/<action>", methods=["POST"])
def compact_act(compact_id: int, action: str):
    """Take a step of the compact (open for signature, put in force)."""
    compact = _compact_or_404(compact_id)
    _act(compact, COMPACT, action)
    return redirect(url_for("blocs.compact", compact_id=compact.id), 303)


@bp.route("/compacts/<int:compact_id>/sign", methods=["POST"])
def sign(compact_id: int):
    """The head of a member unit confirms the compact for the unit (audited)."""
    compact = _compact_or_404(compact_id)
    services.sign(compact, _user())
    flash("Đơn vị đã ký giao ước thi đua.", "success")
    return redirect(url_for("blocs.compact", compact_id=compact.id) + "#ky-ket", 303)


@bp.route("/compacts/<int:compact_id>/document")
def compact_document(compact_id: int):
    """The compact as .docx in the national format, with the list of signing units."""
    compact = _compact_or_404(compact_id)
    return send_download(compact_docx(compact), compact_name(compact), DOCX)


@bp.route("/compacts/<int:compact_id>/rounds", methods=["POST"])
def round_open(compact_id: int):
    """Open a scoring round: a scorecard for each unit that signed (the leader's team)."""
    compact = _compact_or_404(compact_id)
    _require_leader(compact)
    form = RoundForm()
    if not form.validate_on_submit():
        fail(422, "Vui lòng chọn vòng chấm điểm.")
    try:
        round_ = services.open_round(compact, form.period.data, _user())
    except FieldError as error:
        fail(409, error.message)
    flash(f"Đã mở vòng {round_.period_label.lower()}; các đơn vị tự chấm điểm.", "success")
    return redirect(url_for("blocs.round_detail", round_id=round_.id), 303)


# --- rounds and scorecards ------------------------------------------------------------------------------------------

@bp.route("/rounds/<int:round_id>")
def round_detail(round_id: int):
    """A round: the leader's team and the board see every unit's progress; a member its own scorecard, and the
    whole ranking once the round is closed."""
    round_, compact = _round_or_404(round_id)
    user = _user()
    leads, board = access.leads(user, compact), access.is_board(user)
    cards = services.scorecards_of(round_.id)
    seat = access.seat(user, compact.bloc_id)
    if not (leads or board) and round_.status != "closed":
        # Its own scorecard, and the leader unit's for the deputy's team, which checks it.
        cards = [c for c in cards if seat is not None and (c.unit_id == seat.unit_id
                                                           or access.checks(user, compact, c.unit_id))]
    ranked, left_out = scoring.standings(round_) if round_.status == "closed" else ([], [])
    vote = BlocVote.get_or_none(BlocVote.round == round_.id)
    return render("blocs/round.html", round=round_, compact=compact, bloc=compact.bloc, cards=cards, leads=leads,
                  ranked=ranked, left_out=left_out, vote=vote, actions=workflow.available(round_, user),
                  rules_text=ranking.rules_text(ranking.parse_rules(compact.tie_break)),
                  history=_history("bloc_round", round_.id))


@bp.route("/rounds/<int:round_id>/act/<action>", methods=["POST"])
def round_act(round_id: int, action: str):
    """Take a step of the round (end self-scoring, close and publish the ranking)."""
    round_, compact = _round_or_404(round_id)
    round_.__dict__["_compact"] = compact
    _act(round_, BLOC_ROUND, action)
    return redirect(url_for("blocs.round_detail", round_id=round_.id), 303)


def _scorecard_page(card, round_, compact, status: int = 200, errors=None, typed=None):
    user = _user()
    lines = scoring.lines_of(card)
    own = access.acts_for(user, compact.bloc_id, card.unit_id)
    leads = access.leads(user, compact)
    checks = access.checks(user, compact, card.unit_id)
    # A draft's figures are the unit's own: its checker sees "not sent yet" until it is submitted.
    shown = scoring.may_see_scores(user, card, round_, compact)
    actions = workflow.available(card, user)
    differences = [line for line in lines if line.differs]
    # Of the two ways out of "submitted", offer only the one that fits what the leader entered.
    actions = [t for t in actions if not (t.action == "confirm" and differences)
               and not (t.action == "review" and not differences)]
    files = {}
    for a in attachments.list_for("scorecard", card.id) if shown else []:
        files.setdefault(a.component, []).append(a)
    checker_id = access.checker_unit_id(compact, card.unit_id)
    return render("blocs/scorecard.html", card=card, round=round_, compact=compact, bloc=compact.bloc, lines=lines,
                  totals=scoring.totals_of(lines), self_totals=scoring.self_totals_of(lines), differences=differences,
                  may_self=own and card.status == "draft" and round_.status == "self_scoring",
                  may_agree=checks and card.status in ("submitted", "objected"), leads=leads, own=own,
                  shown=shown, leader_card=card.unit_id == compact.leader_unit_id,
                  checker=Unit.get_or_none(Unit.id == checker_id) if checker_id else None,
                  actions=actions, files=files, errors=errors or {}, typed=typed or {},
                  history=_history("scorecard", card.id), status=status)


@bp.route("/scorecards/<int:scorecard_id>")
def scorecard(scorecard_id: int):
    """One unit's scores: self-score, agreed score and reason per criterion, the differences, the totals."""
    return _scorecard_page(*_scorecard_or_404(scorecard_id))


def _typed(prefix: str, note_prefix: str, card) -> dict[int, tuple[str, str]]:
    values = {}
    for key in request.form:
        if key.startswith(prefix):
            try:
                criterion_id = int(key[len(prefix):])
            except ValueError:
                continue
            note = request.form.get(f"{note_prefix}{criterion_id}", "")
            values[criterion_id] = (request.form.get(key, "")[:30], note)
    return values


@bp.route("/scorecards/<int:scorecard_id>/self", methods=["POST"])
def self_score(scorecard_id: int):
    """Save the unit's self-scores and explanations (its head or officer, while self-scoring is open)."""
    card, round_, compact = _scorecard_or_404(scorecard_id)
    if not access.acts_for(_user(), compact.bloc_id, card.unit_id):
        abort(403)
    typed = _typed("points-", "note-", card)
    try:
        changed = scoring.save_self(card, typed, _user(), request.form.get("version", type=int))
    except scoring.ScoreErrors as error:
        return _scorecard_page(card, round_, compact, 422, errors=error.errors, typed=typed)
    flash(f"Đã lưu điểm tự chấm ({changed} tiêu chí thay đổi)." if changed else "Không có điểm nào thay đổi.",
          "success")
    return redirect(url_for("blocs.scorecard", scorecard_id=card.id), 303)


@bp.route("/scorecards/<int:scorecard_id>/agreed", methods=["POST"])
def agreed_score(scorecard_id: int):
    """Save the agreed scores, with the reason for each difference (the leader's team; the deputy's for the leader
    unit's own scorecard): scoring.save_agreed refuses anyone else with the reason."""
    card, round_, compact = _scorecard_or_404(scorecard_id)
    typed = _typed("agreed-", "reason-", card)
    try:
        changed = scoring.save_agreed(card, typed, _user(), request.form.get("version", type=int))
    except scoring.ScoreErrors as error:
        return _scorecard_page(card, round_, compact, 422, errors=error.errors, typed=typed)
    flash(f"Đã lưu điểm thẩm định ({changed} tiêu chí thay đổi)." if changed else "Không có điểm nào thay đổi.",
          "success")
    return redirect(url_for("blocs.scorecard", scorecard_id=card.id), 303)


@bp.route("/scorecards/<int:scorecard_id>/act/<action>", methods=["POST"])
def scorecard_act(scorecard_id: int, action: str):
    """Take a step of a scorecard: submit, confirm, review, accept, object (once), settle."""
    card, _, _ = _scorecard_or_404(scorecard_id)
    _act(card, SCORECARD, action)
    return redirect(url_for("blocs.scorecard", scorecard_id=card.id), 303)


@bp.route("/scorecards/<int:scorecard_id>/files/<int:criterion_id>", methods=["POST"])
def evidence(scorecard_id: int, criterion_id: int):
    """Attach an evidence file to one criterion of the unit's self-score."""
    card, round_, compact = _scorecard_or_404(scorecard_id)
    if not access.acts_for(_user(), compact.bloc_id, card.unit_id):
        abort(403)
    if criterion_id not in {c.id for c in services.scored(services.criteria_of(compact.id))}:
        abort(404)
    if round_.status != "self_scoring":
        fail(409, f"Vòng {round_.period_label.lower()} đã kết thúc phần tự chấm điểm; không đính kèm minh chứng "
                  f"được nữa.")
    if card.status != "draft":
        fail(409, "Điểm tự chấm đã gửi để thẩm định, không đính kèm minh chứng được nữa.")
    try:
        attachments.save_upload(request.files.get("file"), "scorecard", card.id, _user(), component=f"c{criterion_id}")
    except attachments.AttachmentError as error:
        fail(error.code if error.code in (403, 409, 413) else 422, error.message)
    flash("Đã đính kèm minh chứng.", "success")
    return redirect(url_for("blocs.scorecard", scorecard_id=card.id) + f"#tieu-chi-{criterion_id}", 303)


def _files_visible(scorecard_id: int, user) -> bool:
    card = Scorecard.get_or_none(Scorecard.id == scorecard_id)
    if card is None:
        return False
    round_ = BlocRound.get_by_id(card.round_id)
    return scoring.may_see_scores(user, card, round_, services.compact_of(round_))


def _files_changeable(scorecard_id: int, user) -> bool:
    card = Scorecard.get_or_none(Scorecard.id == scorecard_id)
    if card is None or card.status != "draft":
        return False
    round_ = BlocRound.get_by_id(card.round_id)
    compact = services.compact_of(round_)
    return round_.status == "self_scoring" and access.acts_for(user, compact.bloc_id, card.unit_id)


def _lock_card(scorecard_id: int) -> None:
    workflow.lock_for_change(Scorecard.get_by_id(scorecard_id), ("draft",),
                             "Điểm tự chấm đã gửi để thẩm định, không sửa minh chứng được nữa.")


attachments.register_owner("scorecard", can_view=_files_visible, can_change=_files_changeable, lock=_lock_card)


# --- the vote ---------------------------------------------------------------------------------------------------------

@bp.route("/rounds/<int:round_id>/vote", methods=["POST"])
def vote_new(round_id: int):
    """Prepare the bloc's vote on the year-end ranking (the leader's team)."""
    round_, compact = _round_or_404(round_id)
    round_.__dict__["_compact"] = compact
    vote = voting.create(round_, _user())
    flash("Đã chuẩn bị danh sách bỏ phiếu theo kết quả xếp hạng.", "success")
    return redirect(url_for("blocs.vote_detail", vote_id=vote.id), 303)


@bp.route("/votes/<int:vote_id>")
def vote_detail(vote_id: int):
    """The vote: the candidate lines, the unit head's ballot, progress (how many, never who chose what), results."""
    vote, round_, compact = _vote_or_404(vote_id)
    user = _user()
    seat = access.seat(user, compact.bloc_id)
    voted = BlocBallotReceipt.select().where(BlocBallotReceipt.vote == vote.id).count()
    may_vote = (vote.status == "voting" and access.head_seat(user, compact.bloc_id) is not None
                and not voting.has_voted(vote, seat.unit_id))
    return render("blocs/vote.html", vote=vote, round=round_, compact=compact, bloc=compact.bloc,
                  lines=voting.lines_of(vote), voted=voted, may_vote=may_vote,
                  unit_voted=seat is not None and voting.has_voted(vote, seat.unit_id),
                  leads=access.leads(user, compact), actions=workflow.available(vote, user),
                  history=_history("bloc_vote", vote.id))


@bp.route("/votes/<int:vote_id>/act/<action>", methods=["POST"])
def vote_act(vote_id: int, action: str):
    """Open the vote, or close it and count (the leader's team)."""
    vote, _, _ = _vote_or_404(vote_id)
    if action == "close":
        voting.close(vote, _user(), request.form.get("version", type=int))
        flash("Đã kiểm phiếu.", "success")
    else:
        _act(vote, BLOC_VOTE, action)
    return redirect(url_for("blocs.vote_detail", vote_id=vote.id), 303)


@bp.route("/votes/<int:vote_id>/ballot", methods=["POST"])
def ballot(vote_id: int):
    """The head of a member unit submits the unit's secret ballot, once."""
    vote, _, _ = _vote_or_404(vote_id)
    choices = {}
    for line in voting.lines_of(vote):
        value = request.form.get(f"line-{line.id}")
        if value in ("yes", "no"):
            choices[line.id] = value == "yes"
    voting.cast(vote, _user(), choices)
    flash("Đã gửi phiếu của đơn vị.", "success")
    return redirect(url_for("blocs.vote_detail", vote_id=vote.id), 303)


@bp.route("/votes/<int:vote_id>/minutes")
def minutes(vote_id: int):
    """The minutes of the ranking and the vote (.docx)."""
    vote, _, _ = _vote_or_404(vote_id)
    if vote.status != "closed":
        fail(409, "Biên bản có sau khi kiểm phiếu.")
    return send_download(minutes_docx(vote), minutes_name(vote), DOCX)


@bp.route("/votes/<int:vote_id>/nominations", methods=["POST"])
def nominations(vote_id: int):
    """Open the dossiers the vote proposes, in the ordinary flow, with the minutes attached (the leader's team)."""
    vote, _, _ = _vote_or_404(vote_id)
    made = voting.make_nominations(vote, _user())
    flash(f"Đã lập {len(made)} hồ sơ đề nghị khen thưởng, kèm biên bản của khối.", "success")
    return redirect(url_for("blocs.vote_detail", vote_id=vote.id), 303)

