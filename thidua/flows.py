"""The transition tables of every stateful record, in one place."""
from __future__ import annotations

from . import roles
from .campaigns.rules import not_ready_reason
from .models import (BlocRound, BlocVote, Campaign, Compact, CouncilSession, Decision, Nomination, Registration,
                     Report, Scorecard)
from .registrations.rules import submit_blocker
from .workflow import Machine, Transition, register


def _own_unit(record, user) -> bool:
    return record.unit_id == user.unit_id


def _other_unit(record, user) -> bool:
    # Nobody judges their own unit's registration, even when holding the office role as well.
    return record.unit_id != user.unit_id


CAMPAIGN = register(Machine(
    model=Campaign,
    object_type="campaign",
    states={"draft": "Dự thảo", "published": "Đã ban hành", "closed": "Đã kết thúc"},
    transitions=(
        Transition("publish", ("draft",), "published", frozenset({roles.OFFICE}), "Ban hành kế hoạch",
                   guard=lambda c, u, comment: not_ready_reason(c),
                   effect=lambda c, u, now, comment: {"published_at": now}),
        Transition("close", ("published",), "closed", frozenset({roles.OFFICE}), "Kết thúc phong trào",
                   effect=lambda c, u, now, comment: {"closed_at": now}, style="secondary"),
    ),
))

REGISTRATION = register(Machine(
    model=Registration,
    object_type="registration",
    states={"draft": "Đang soạn", "submitted": "Đã nộp, chờ duyệt", "returned": "Bị trả lại",
            "accepted": "Đã được chấp nhận"},
    transitions=(
        Transition("submit", ("draft", "returned"), "submitted", frozenset({roles.UNIT_HEAD}),
                   "Nộp bản đăng ký", actor_check=_own_unit, guard=lambda r, u, comment: submit_blocker(r, u),
                   effect=lambda r, u, now, comment: {"submitted_at": now}),
        Transition("accept", ("submitted",), "accepted", frozenset({roles.OFFICE}), "Chấp nhận",
                   actor_check=_other_unit, effect=lambda r, u, now, comment: {"decided_at": now}),
        Transition("return", ("submitted",), "returned", frozenset({roles.OFFICE}), "Trả lại để sửa",
                   actor_check=_other_unit, needs_comment=True, style="secondary",
                   effect=lambda r, u, now, comment: {"decided_at": now, "return_comment": comment}),
    ),
))

EDITABLE_REGISTRATION_STATES = ("draft", "returned")


def _report_blocker(report, user, comment) -> str | None:
    from .reports.rules import submit_blocker
    return submit_blocker(report)


REPORT = register(Machine(
    model=Report,
    object_type="report",
    states={"draft": "Đang soạn", "submitted": "Đã gửi, chờ tiếp nhận", "returned": "Bị trả lại",
            "accepted": "Đã tiếp nhận"},
    transitions=(
        Transition("submit", ("draft", "returned"), "submitted", frozenset({roles.UNIT_HEAD}), "Gửi báo cáo",
                   actor_check=_own_unit, guard=_report_blocker,
                   effect=lambda r, u, now, comment: {"submitted_at": now}),
        Transition("accept", ("submitted",), "accepted", frozenset({roles.OFFICE}), "Tiếp nhận",
                   actor_check=_other_unit, effect=lambda r, u, now, comment: {"decided_at": now}),
        Transition("return", ("submitted",), "returned", frozenset({roles.OFFICE}), "Trả lại để bổ sung",
                   actor_check=_other_unit, needs_comment=True, style="secondary",
                   effect=lambda r, u, now, comment: {"decided_at": now, "return_comment": comment}),
    ),
))

EDITABLE_REPORT_STATES = ("draft", "returned")


def _nomination_submit_blocker(nomination, user, comment) -> str | None:
    from .nominations.checks import submit_blocker
    return submit_blocker(nomination)


def _nomination_verify_blocker(nomination, user, comment) -> str | None:
    from .nominations.checks import verify_blocker
    return verify_blocker(nomination, override_reason=comment)


NOMINATION = register(Machine(
    model=Nomination,
    object_type="nomination",
    states={"draft": "Đang soạn", "submitted": "Đã nộp, chờ thẩm định", "returned": "Bị trả lại",
            "verified": "Đã thẩm định, chờ Hội đồng", "passed": "Hội đồng đã thông qua, chờ lãnh đạo ký",
            "not_passed": "Không được Hội đồng thông qua", "awarded": "Đã được khen thưởng",
            "proposed": "Đã trình cấp trên, chờ quyết định", "not_awarded": "Cấp trên không khen thưởng"},
    transitions=(
        Transition("submit", ("draft", "returned"), "submitted", frozenset({roles.UNIT_HEAD}), "Nộp hồ sơ",
                   actor_check=_own_unit, guard=_nomination_submit_blocker,
                   effect=lambda n, u, now, comment: {"submitted_at": now}),
        Transition("verify", ("submitted",), "verified", frozenset({roles.OFFICE}), "Xác nhận đủ điều kiện",
                   actor_check=_other_unit, guard=_nomination_verify_blocker,
                   effect=lambda n, u, now, comment: {"decided_at": now, "override_reason": comment}),
        Transition("return", ("submitted",), "returned", frozenset({roles.OFFICE}), "Trả lại để bổ sung",
                   actor_check=_other_unit, needs_comment=True, style="secondary",
                   effect=lambda n, u, now, comment: {"decided_at": now, "return_comment": comment}),
        # Taken only by closing a council session (and undone by a second round): never a button of their own.
        Transition("council_pass", ("verified",), "passed", frozenset({roles.COUNCIL_CHAIR}),
                   "Hội đồng thông qua", manual=False),
        Transition("council_fail", ("verified",), "not_passed", frozenset({roles.COUNCIL_CHAIR}),
                   "Hội đồng không thông qua", manual=False),
        Transition("council_revote", ("passed", "not_passed"), "verified", frozenset({roles.COUNCIL_CHAIR}),
                   "Đưa ra bỏ phiếu lại", manual=False, needs_comment=True),
        # Taken only by signing a decision or a proposal upward (thidua/decisions/services.py).
        Transition("award", ("passed",), "awarded", frozenset({roles.LEADER}), "Khen thưởng theo quyết định",
                   manual=False),
        Transition("propose", ("passed",), "proposed", frozenset({roles.LEADER}), "Trình cấp trên khen thưởng",
                   manual=False),
        Transition("revoke", ("awarded",), "not_awarded", frozenset({roles.LEADER}), "Thu hồi khen thưởng",
                   manual=False),
        # The office records what the outside body decided on a proposal (thidua/decisions/services.py).
        Transition("outside_award", ("proposed",), "awarded", frozenset({roles.OFFICE}),
                   "Cấp trên quyết định khen thưởng", manual=False),
        Transition("outside_refuse", ("proposed",), "not_awarded", frozenset({roles.OFFICE}),
                   "Cấp trên không khen thưởng", manual=False),
    ),
))

EDITABLE_NOMINATION_STATES = ("draft", "returned")


def _presides(session, user) -> bool:
    """The chair (or a vice-chair) of the council on the session's day: a role alone, or a seat that has ended,
    does not run a session."""
    from .models import CouncilMember
    day = session.meets_at.date()
    return (CouncilMember.select().where(CouncilMember.user == user.id,
                                         CouncilMember.role.in_(["chair", "vice_chair"]),
                                         CouncilMember.served_from <= day,
                                         (CouncilMember.served_to.is_null()) | (CouncilMember.served_to >= day))
            .exists())


def _session_guard(action: str):
    def guard(session, user, comment) -> str | None:
        from .council.sessions import transition_blocker
        return transition_blocker(session, action)
    return guard


COUNCIL_SESSION = register(Machine(
    model=CouncilSession,
    object_type="council_session",
    states={"draft": "Đang chuẩn bị", "attendance": "Đang điểm danh", "voting": "Đang bỏ phiếu",
            "closed": "Đã kết thúc bỏ phiếu"},
    transitions=(
        Transition("open_attendance", ("draft",), "attendance", frozenset({roles.COUNCIL_CHAIR}), "Khai mạc, điểm danh",
                   actor_check=_presides,
                   guard=_session_guard("open_attendance"),
                   effect=lambda s, u, now, comment: {"attendance_opened_at": now}),
        Transition("open_voting", ("attendance",), "voting", frozenset({roles.COUNCIL_CHAIR}), "Bắt đầu bỏ phiếu",
                   actor_check=_presides,
                   guard=_session_guard("open_voting"), effect=lambda s, u, now, comment: {"voting_opened_at": now}),
        Transition("close", ("voting",), "closed", frozenset({roles.COUNCIL_CHAIR}), "Kết thúc bỏ phiếu, kiểm phiếu",
                   actor_check=_presides,
                   guard=_session_guard("close"), effect=lambda s, u, now, comment: {"closed_at": now}),
        # Has its own form (which nominees, and why): see council.sessions.second_round.
        Transition("second_round", ("closed",), "voting", frozenset({roles.COUNCIL_CHAIR}), "Bỏ phiếu lại (vòng mới)",
                   actor_check=_presides,
                   needs_comment=True, style="secondary",
                   effect=lambda s, u, now, comment: {"round": s.round + 1, "voting_opened_at": now}),
    ),
))


def _decision_guard(decision, user, comment) -> str | None:
    from .decisions.services import submit_blocker
    return submit_blocker(decision)


def _sign_guard(decision, user, comment) -> str | None:
    from .decisions.services import sign_blocker
    return sign_blocker(decision)


DECISION = register(Machine(
    model=Decision,
    object_type="decision",
    states={"draft": "Dự thảo", "submitted": "Chờ lãnh đạo ký", "returned": "Lãnh đạo trả lại", "signed": "Đã ký"},
    transitions=(
        Transition("submit", ("draft", "returned"), "submitted", frozenset({roles.OFFICE}), "Trình lãnh đạo ký",
                   guard=_decision_guard, effect=lambda d, u, now, comment: {"submitted_at": now}),
        # Signing needs the password again and takes the number: its own form (thidua/decisions/views.py).
        Transition("sign", ("submitted",), "signed", frozenset({roles.LEADER}), "Ký ban hành", guard=_sign_guard,
                   manual=False, effect=lambda d, u, now, comment: {"decided_at": now, "signed_at": now,
                                                                    **d.signing}),
        Transition("return", ("submitted",), "returned", frozenset({roles.LEADER}), "Trả lại Văn phòng",
                   needs_comment=True, style="secondary",
                   effect=lambda d, u, now, comment: {"decided_at": now, "return_comment": comment}),
    ),
))

EDITABLE_DECISION_STATES = ("draft", "returned")


# --- Emulation blocs (thidua/blocs): the leader's team drafts and runs, member units score, sign, object, vote. ---

BLOC_ROLES = frozenset({roles.UNIT_HEAD, roles.UNIT_STAFF})   # the seat in the bloc decides, see blocs.access


def _leader_team(record, user) -> bool:
    from .blocs import access
    from .blocs.services import compact_of
    return access.leads(user, compact_of(record))


def _member_of(head_only: bool):
    def check(scorecard, user) -> bool:
        from .blocs import access
        from .blocs.services import compact_of
        return access.acts_for(user, compact_of(scorecard).bloc_id, scorecard.unit_id, head_only=head_only)
    return check


def _checker(scorecard, user) -> bool:
    """The team that cross-checks this scorecard: the leader's, or the deputy's for the leader unit's own."""
    from .blocs import access
    from .blocs.services import compact_of
    return access.checks(user, compact_of(scorecard), scorecard.unit_id)


def _own_card(scorecard, user) -> str | None:
    from .blocs import access
    from .blocs.services import compact_of
    return access.own_card_refusal(user, compact_of(scorecard), scorecard.unit_id)


def _bloc_guard(name: str):
    def guard(record, user, comment) -> str | None:
        from .blocs import guards
        return getattr(guards, name)(record)
    return guard


COMPACT = register(Machine(
    model=Compact,
    object_type="compact",
    states={"draft": "Dự thảo", "signing": "Đang lấy chữ ký các đơn vị", "in_force": "Đã ký kết, có hiệu lực"},
    transitions=(
        Transition("open_signing", ("draft",), "signing", BLOC_ROLES, "Chốt nội dung, mời các đơn vị ký",
                   actor_check=_leader_team, guard=_bloc_guard("compact_ready"),
                   effect=lambda c, u, now, comment: {"signing_at": now}),
        Transition("put_in_force", ("signing",), "in_force", BLOC_ROLES, "Kết thúc ký kết, giao ước có hiệu lực",
                   actor_check=_leader_team, guard=_bloc_guard("compact_signed"),
                   effect=lambda c, u, now, comment: {"in_force_at": now}),
    ),
))

BLOC_ROUND = register(Machine(
    model=BlocRound,
    object_type="bloc_round",
    states={"self_scoring": "Các đơn vị đang tự chấm điểm", "cross_checking": "Khối trưởng đang thẩm định điểm",
            "closed": "Đã kết thúc, công bố kết quả"},
    transitions=(
        Transition("start_check", ("self_scoring",), "cross_checking", BLOC_ROLES,
                   "Kết thúc tự chấm, chuyển sang thẩm định", actor_check=_leader_team,
                   effect=lambda r, u, now, comment: {"checking_at": now}),
        Transition("close", ("cross_checking",), "closed", BLOC_ROLES, "Kết thúc vòng chấm điểm, công bố xếp hạng",
                   actor_check=_leader_team, guard=_bloc_guard("round_closable"),
                   effect=lambda r, u, now, comment: {"closed_at": now}),
    ),
))

SCORECARD = register(Machine(
    model=Scorecard,
    object_type="scorecard",
    # "Thẩm định" without naming who: the leader unit's own scorecard is checked by the deputy (blocs.access.checks).
    states={"draft": "Đơn vị đang tự chấm", "submitted": "Đã gửi, chờ thẩm định",
            "reviewed": "Có điểm chênh lệch, chờ đơn vị xem",
            "objected": "Đơn vị có ý kiến, chờ giải quyết",
            "final": "Đã thống nhất điểm"},
    transitions=(
        Transition("submit", ("draft",), "submitted", BLOC_ROLES, "Gửi điểm tự chấm",
                   actor_check=_member_of(False), guard=_bloc_guard("scorecard_submittable"),
                   effect=lambda s, u, now, comment: {"submitted_at": now}),
        Transition("confirm", ("submitted",), "final", BLOC_ROLES, "Thống nhất điểm (không có chênh lệch)",
                   actor_check=_checker, refusal=_own_card, guard=_bloc_guard("scorecard_confirmable"),
                   effect=lambda s, u, now, comment: {"reviewed_at": now, "finalised_at": now}),
        Transition("review", ("submitted",), "reviewed", BLOC_ROLES, "Gửi điểm thẩm định (có chênh lệch) cho đơn vị",
                   actor_check=_checker, refusal=_own_card, guard=_bloc_guard("scorecard_reviewable"),
                   effect=lambda s, u, now, comment: {"reviewed_at": now}),
        Transition("accept", ("reviewed",), "final", BLOC_ROLES, "Đồng ý với điểm thẩm định",
                   actor_check=_member_of(False), effect=lambda s, u, now, comment: {"finalised_at": now}),
        # One objection: "settle" leads to the final state, which has no way back to "objected".
        Transition("object", ("reviewed",), "objected", BLOC_ROLES, "Có ý kiến về điểm thẩm định (một lần)",
                   actor_check=_member_of(True), needs_comment=True, style="secondary",
                   guard=_bloc_guard("round_not_closed"), effect=lambda s, u, now, comment: {"objection": comment}),
        Transition("settle", ("objected",), "final", BLOC_ROLES, "Giải quyết ý kiến, chốt điểm",
                   actor_check=_checker, refusal=_own_card, needs_comment=True,
                   effect=lambda s, u, now, comment: {"settlement": comment, "finalised_at": now}),
    ),
))

BLOC_VOTE = register(Machine(
    model=BlocVote,
    object_type="bloc_vote",
    states={"draft": "Đang chuẩn bị", "voting": "Đang bỏ phiếu", "closed": "Đã kiểm phiếu"},
    transitions=(
        Transition("open", ("draft",), "voting", BLOC_ROLES, "Bắt đầu bỏ phiếu", actor_check=_leader_team,
                   guard=_bloc_guard("vote_openable"),
                   effect=lambda v, u, now, comment: {"voting_at": now, **_vote_frozen(v)}),
        # Has its own service (the results are written in the same transaction): see blocs.voting.close.
        Transition("close", ("voting",), "closed", BLOC_ROLES, "Kết thúc bỏ phiếu, kiểm phiếu",
                   actor_check=_leader_team, guard=_bloc_guard("vote_closable"), manual=False,
                   effect=lambda v, u, now, comment: {"closed_at": now}),
    ),
))


def _vote_frozen(vote) -> dict:
    from .blocs.voting import frozen_when_opened
    return frozen_when_opened(vote)


def init_app(app) -> None:
    """Give templates the Vietnamese labels of every state."""
    app.jinja_env.filters["campaign_state"] = CAMPAIGN.label
    app.jinja_env.filters["registration_state"] = REGISTRATION.label
    app.jinja_env.filters["report_state"] = REPORT.label
    app.jinja_env.filters["nomination_state"] = NOMINATION.label
    app.jinja_env.filters["session_state"] = COUNCIL_SESSION.label
    app.jinja_env.filters["decision_state"] = DECISION.label
    app.jinja_env.filters["compact_state"] = COMPACT.label
    app.jinja_env.filters["bloc_round_state"] = BLOC_ROUND.label
    app.jinja_env.filters["scorecard_state"] = SCORECARD.label
    app.jinja_env.filters["bloc_vote_state"] = BLOC_VOTE.label
