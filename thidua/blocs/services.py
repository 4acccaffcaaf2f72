"""Setting up blocs and their years, drafting and signing the compact, opening scoring rounds. Every change is one
transaction with its audit entry; state changes go through the workflow module (thidua/flows.py)."""
from __future__ import annotations

from decimal import Decimal

from peewee import JOIN, IntegrityError, fn

from .. import audit, clock, roles, workflow
from ..db import db
from ..forms_support import FieldError
from ..models import (Bloc, BlocMember, BlocRound, BlocUser, BlocVote, Campaign, Compact, CompactSignature,
                      Criterion, Scorecard, Unit, User)
from ..models.bloc import BLOC_KINDS, BLOC_USER_KINDS, CRITERION_KINDS, PERIODS
from ..workflow import WorkflowError
from . import access, points, ranking

COMPACT_LOCKED = "Giao ước đã chốt nội dung để ký, không sửa được nữa."


# --- reading ----------------------------------------------------------------------------------------------------

def compact_of(record) -> Compact:
    """The compact a compact, round, scorecard or vote belongs to (cached on the record)."""
    if isinstance(record, Compact):
        return record
    cached = record.__dict__.get("_compact") or _joined_compact(record)
    if cached is None:
        if isinstance(record, BlocRound):
            cached = Compact.get_by_id(record.compact_id)
        elif isinstance(record, Scorecard):
            cached = (Compact.select().join(BlocRound).where(BlocRound.id == record.round_id).get())
        elif isinstance(record, BlocVote):
            cached = (Compact.select().join(BlocRound).where(BlocRound.id == record.round_id).get())
        else:
            raise TypeError(type(record))
        record.__dict__["_compact"] = cached
    return cached


def _joined_compact(record) -> Compact | None:
    """The compact already read with the record by a join (round → compact), so a list of records (the inbox)
    costs no query per record."""
    round_ = record if isinstance(record, BlocRound) else record.__rel__.get("round")
    if round_ is None or round_.id != getattr(record, "round_id", round_.id):
        return None
    compact = round_.__rel__.get("compact")
    return compact if compact is not None and compact.id == round_.compact_id else None


def members_of(bloc_id: int) -> list[BlocMember]:
    """The member units, in Vietnamese order of name (one query)."""
    return list(BlocMember.select(BlocMember, Unit).join(Unit).where(BlocMember.bloc == bloc_id)
                .order_by(Unit.sort_key))


def users_of(bloc_id: int) -> list[BlocUser]:
    return list(BlocUser.select(BlocUser, User, Unit).join(User).switch(BlocUser).join(Unit)
                .where(BlocUser.bloc == bloc_id).order_by(Unit.sort_key, BlocUser.kind, User.sort_key))


def criteria_of(compact_id: int) -> list[Criterion]:
    """The scoring table in order: groups followed by their items (one query)."""
    rows = list(Criterion.select().where(Criterion.compact == compact_id).order_by(Criterion.position, Criterion.id))
    children: dict[int | None, list[Criterion]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[Criterion] = []

    def walk(parent_id, depth):
        for row in children.get(parent_id, []):
            row.depth = depth
            row.is_group = bool(children.get(row.id))
            ordered.append(row)
            walk(row.id, depth + 1)
    walk(None, 0)
    return ordered


def scored(criteria: list[Criterion]) -> list[Criterion]:
    """The criteria that take points (the leaves of the tree)."""
    return [c for c in criteria if not c.is_group]


def max_total(criteria: list[Criterion]) -> Decimal:
    return sum((c.max_points for c in scored(criteria) if c.kind == "score"), points.ZERO)


def signed_units(compact_id: int) -> set[int]:
    return {s.unit_id for s in CompactSignature.select(CompactSignature.unit).where(
        CompactSignature.compact == compact_id)}


def visible_blocs(user):
    """The blocs a user may open: every one for the emulation board, else those they hold a seat in."""
    query = Bloc.select().order_by(Bloc.kind, Bloc.name)
    if access.is_board(user):
        return query
    return query.where(Bloc.id.in_(list(access.seats(user)) or [0]))


# --- setting up (the emulation board) ------------------------------------------------------------------------

def _require_board(user) -> None:
    if not access.is_board(user):
        raise WorkflowError(403, "Chỉ Ban Thi đua - Khen thưởng tỉnh thiết lập cụm, khối thi đua.")


def create_bloc(kind: str, name: str, description: str, actor) -> Bloc:
    _require_board(actor)
    name = (name or "").strip()
    if kind not in BLOC_KINDS:
        raise FieldError("kind", "Vui lòng chọn cụm hoặc khối.")
    if not name:
        raise FieldError("name", "Vui lòng nhập tên cụm, khối thi đua.")
    try:
        with db.atomic():
            bloc = Bloc.create(kind=kind, name=name, description=(description or "").strip(), created_by=actor)
            audit.record("create", "bloc", bloc.id, after={"kind": kind, "name": name}, actor=actor)
    except IntegrityError:
        raise FieldError("name", f"Đã có cụm, khối thi đua tên “{name}”.") from None
    return bloc


def add_member(bloc: Bloc, unit_id: int, year: int, actor) -> BlocMember:
    _require_board(actor)
    unit = Unit.get_or_none(Unit.id == unit_id, Unit.active == True)  # noqa: E712
    if unit is None:
        raise FieldError("unit_id", "Vui lòng chọn một đơn vị đang hoạt động.")
    try:
        with db.atomic():
            member = BlocMember.create(bloc=bloc, unit=unit, joined_year=year)
            audit.record("add_bloc_member", "bloc", bloc.id, after={"unit": unit.name, "year": year}, actor=actor)
    except IntegrityError:
        raise FieldError("unit_id", f"{unit.name} đã là thành viên của {bloc.name}.") from None
    return member


def add_user(bloc: Bloc, user_id: int, kind: str, actor) -> BlocUser:
    """Give a user of a member unit a seat: its head or its emulation officer."""
    _require_board(actor)
    user = User.get_or_none(User.id == user_id, User.active == True)  # noqa: E712
    if user is None:
        raise FieldError("user_id", "Vui lòng chọn một người dùng đang hoạt động.")
    if kind not in BLOC_USER_KINDS:
        raise FieldError("kind", "Vui lòng chọn vai trò trong khối.")
    if not BlocMember.select().where(BlocMember.bloc == bloc.id, BlocMember.unit == user.unit_id).exists():
        raise FieldError("user_id", f"{user.full_name} không thuộc đơn vị thành viên nào của {bloc.name}.")
    if not user.has_role(roles.UNIT_HEAD, roles.UNIT_STAFF):
        raise FieldError("user_id", f"{user.full_name} chưa có vai trò Trưởng đơn vị hoặc Chuyên viên đơn vị.")
    if kind == "head" and not user.has_role(roles.UNIT_HEAD):
        raise FieldError("kind", f"{user.full_name} không có vai trò Trưởng đơn vị nên không nhận vai trò thủ "
                                 f"trưởng trong khối được (thủ trưởng ký giao ước, bỏ phiếu).")
    try:
        with db.atomic():
            seat = BlocUser.create(bloc=bloc, user=user, unit=user.unit_id, kind=kind)
            audit.record("add_bloc_user", "bloc", bloc.id, actor=actor,
                         after={"user": user.full_name, "role": BLOC_USER_KINDS[kind]})
    except IntegrityError:
        raise FieldError("user_id", f"{user.full_name} đã có trong danh sách người dùng của khối.") from None
    return seat


def create_year(bloc: Bloc, values: dict, actor) -> Compact:
    """Open the bloc's year: the rotating leader and deputy, the campaign its proposals go into."""
    _require_board(actor)
    members = {m.unit_id for m in members_of(bloc.id)}
    year, leader, deputy = values.get("year"), values.get("leader_unit_id"), values.get("deputy_unit_id") or None
    if not year or not 2000 <= int(year) <= 2100:
        raise FieldError("year", "Vui lòng nhập năm (từ 2000 đến 2100).")
    if leader not in members:
        raise FieldError("leader_unit_id", "Khối trưởng phải là một đơn vị thành viên.")
    # The deputy is required from the start: its team cross-checks the leader unit's own scorecard (nobody checks
    # its own scores, see access.checks), and the year's leader and deputy cannot be changed once it is opened.
    if deputy is None:
        raise FieldError("deputy_unit_id", "Vui lòng chọn Khối phó: đơn vị Khối phó thẩm định bảng điểm của đơn vị "
                                           "Khối trưởng.")
    if deputy not in members or deputy == leader:
        raise FieldError("deputy_unit_id", "Khối phó phải là một đơn vị thành viên khác Khối trưởng.")
    campaign_id = values.get("campaign_id") or None
    if campaign_id is not None and Campaign.get_or_none(Campaign.id == campaign_id) is None:
        raise FieldError("campaign_id", "Kế hoạch thi đua không tồn tại.")
    try:
        with db.atomic():
            compact = Compact.create(bloc=bloc, year=int(year), leader_unit=leader, deputy_unit=deputy,
                                     campaign=campaign_id, created_by=actor)
            audit.record("create", "compact", compact.id, actor=actor,
                         after={"year": int(year), "leader_unit": leader, "deputy_unit": deputy})
    except IntegrityError:
        raise FieldError("year", f"{bloc.name} đã có giao ước năm {year}.") from None
    return compact


# --- the compact (the leader's team) ---------------------------------------------------------------------------

def _require_leader(compact: Compact, user) -> None:
    if not access.leads(user, compact):
        raise WorkflowError(403, "Chỉ Khối trưởng (thủ trưởng, cán bộ thi đua của đơn vị Khối trưởng) được làm việc "
                                 "này.")


def save_terms(compact: Compact, values: dict, actor, expected_version: int | None = None) -> None:
    """The compact's targets and its ranking and vote settings."""
    _require_leader(compact, actor)
    try:
        rules = ranking.parse_rules(values.get("tie_break", ""))
    except ValueError as error:
        raise FieldError("tie_break", str(error)) from None
    threshold = values.get("vote_threshold")
    if threshold is None or not Decimal(0) < Decimal(threshold) <= Decimal(100):
        raise FieldError("vote_threshold", "Tỷ lệ phiếu đồng ý phải lớn hơn 0% và không quá 100%.")
    for name in ("flag_quota", "bk_quota"):
        if values.get(name) is None or not 0 <= int(values[name]) <= 50:
            raise FieldError(name, "Số đơn vị đề nghị phải từ 0 đến 50.")
    new = {"targets": (values.get("targets") or "").strip(), "tie_break": ",".join(rules),
           "vote_threshold": Decimal(threshold), "flag_quota": int(values["flag_quota"]),
           "bk_quota": int(values["bk_quota"])}
    with db.atomic():
        workflow.lock_for_change(compact, ("draft",), COMPACT_LOCKED, expected_version)
        before = {k: getattr(compact, k) for k in new}
        Compact.update(new).where(Compact.id == compact.id).execute()
        for key, value in new.items():
            setattr(compact, key, value)
        old, changed = audit.changes(before, new)
        if changed:
            audit.record("update", "compact", compact.id, before=old, after=changed, actor=actor)


def add_criterion(compact: Compact, values: dict, actor) -> Criterion:
    _require_leader(compact, actor)
    code, title = (values.get("code") or "").strip(), (values.get("title") or "").strip()
    kind, parent_id = values.get("kind"), values.get("parent_id") or None
    if not code:
        raise FieldError("code", "Vui lòng nhập số thứ tự của tiêu chí (ví dụ 1.2).")
    if not title:
        raise FieldError("title", "Vui lòng nhập nội dung tiêu chí.")
    if kind not in CRITERION_KINDS:
        raise FieldError("kind", "Vui lòng chọn loại tiêu chí.")
    maximum = values.get("max_points")
    if maximum is None or Decimal(maximum) < 0 or Decimal(maximum) != Decimal(maximum).quantize(points.CENT):
        raise FieldError("max_points", "Điểm tối đa phải là số không âm, tối đa hai chữ số thập phân.")
    with db.atomic():
        workflow.lock_for_change(compact, ("draft",), COMPACT_LOCKED)
        parent = None
        if parent_id is not None:
            parent = Criterion.get_or_none(Criterion.id == parent_id, Criterion.compact == compact.id)
            if parent is None:
                raise FieldError("parent_id", "Nhóm tiêu chí không thuộc giao ước này.")
        position = (Criterion.select(fn.MAX(Criterion.position)).where(Criterion.compact == compact.id).scalar()
                    or 0) + 1
        criterion = Criterion.create(compact=compact, parent=parent, position=position, code=code, title=title,
                                     kind=kind, max_points=Decimal(maximum))
        audit.record("add_criterion", "compact", compact.id, actor=actor,
                     after={"code": code, "title": title, "kind": kind, "max_points": str(maximum)})
    return criterion


def remove_criterion(compact: Compact, criterion_id: int, actor) -> None:
    _require_leader(compact, actor)
    with db.atomic():
        workflow.lock_for_change(compact, ("draft",), COMPACT_LOCKED)
        criterion = Criterion.get_or_none(Criterion.id == criterion_id, Criterion.compact == compact.id)
        if criterion is None:
            raise WorkflowError(404, "Không có tiêu chí này trong giao ước.")
        criterion.delete_instance(recursive=True)
        audit.record("remove_criterion", "compact", compact.id, actor=actor,
                     before={"code": criterion.code, "title": criterion.title})


def sign(compact: Compact, actor) -> CompactSignature:
    """A member unit's head confirms the compact for the unit; once."""
    found = access.head_seat(actor, compact.bloc_id)
    if found is None:
        raise WorkflowError(403, "Chỉ thủ trưởng đơn vị thành viên ký giao ước thi đua.")
    with db.atomic():
        # Claim the compact while it is open for signature: a signature and the end of signing never cross.
        if Compact.update(version=Compact.version).where(Compact.id == compact.id,
                                                          Compact.status == "signing").execute() != 1:
            raise WorkflowError(409, "Giao ước không ở giai đoạn lấy chữ ký.")
        try:
            with db.atomic():
                signature = CompactSignature.create(compact=compact, unit=found.unit_id, signed_by=actor,
                                                    signed_at=clock.now())
        except IntegrityError:
            raise WorkflowError(409, "Đơn vị của bạn đã ký giao ước này.") from None
        audit.record("sign_compact", "compact", compact.id, actor=actor, after={"unit": found.unit.name})
    return signature


def signatures_of(compact_id: int) -> list[CompactSignature]:
    return list(CompactSignature.select(CompactSignature, Unit, User)
                .join(Unit, on=(CompactSignature.unit == Unit.id))
                .switch(CompactSignature).join(User, on=(CompactSignature.signed_by == User.id))
                .where(CompactSignature.compact == compact_id).order_by(CompactSignature.signed_at))


# --- rounds ------------------------------------------------------------------------------------------------------

def open_round(compact: Compact, period: str, actor) -> BlocRound:
    """Open a scoring round: one empty scorecard per unit that signed the compact."""
    _require_leader(compact, actor)
    if period not in PERIODS:
        raise FieldError("period", "Vui lòng chọn sơ kết 6 tháng hoặc tổng kết năm.")
    if compact.status != "in_force":
        raise WorkflowError(409, "Giao ước chưa được ký kết xong nên chưa mở vòng chấm điểm được.")
    try:
        with db.atomic():
            round_ = BlocRound.create(compact=compact, period=period, opened_by=actor, opened_at=clock.now())
            for unit_id in sorted(signed_units(compact.id)):
                Scorecard.create(round=round_, unit=unit_id)
            audit.record("create", "bloc_round", round_.id, after={"period": period}, actor=actor,
                         comment=f"{PERIODS[period]} năm {compact.year}")
    except IntegrityError:
        raise FieldError("period", f"Năm {compact.year} đã có vòng {PERIODS[period].lower()}.") from None
    return round_


def rounds_of(compact_id: int) -> list[BlocRound]:
    return list(BlocRound.select().where(BlocRound.compact == compact_id).order_by(BlocRound.opened_at))


def scorecards_of(round_id: int) -> list[Scorecard]:
    return list(Scorecard.select(Scorecard, Unit).join(Unit, on=(Scorecard.unit == Unit.id))
                .where(Scorecard.round == round_id).order_by(Unit.sort_key))


def compacts_query(bloc_id: int):
    return (Compact.select(Compact, Unit).join(Unit, JOIN.LEFT_OUTER, on=(Compact.leader_unit == Unit.id))
            .where(Compact.bloc == bloc_id).order_by(Compact.year.desc()))
