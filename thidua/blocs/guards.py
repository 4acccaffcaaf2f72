"""The guards of the bloc transition tables (thidua/flows.py): each returns a Vietnamese reason, or None."""
from __future__ import annotations

from ..models import BlocBallotReceipt, BlocRound, BlocVoteLine, CompactSignature, Criterion, Scorecard
from ..models.bloc import PERIODS
from . import points, ranking
from .services import compact_of, members_of


def compact_ready(compact) -> str | None:
    # A year opened before a deputy was required (services.create_year) is not put to signature without one: nobody
    # could cross-check the leader unit's own scorecard, and the round could never close.
    if compact.deputy_unit_id is None or compact.deputy_unit_id == compact.leader_unit_id:
        return ("Năm này chưa có Khối phó khác Khối trưởng nên chưa chốt giao ước để ký được: đơn vị Khối phó thẩm "
                "định bảng điểm của đơn vị Khối trưởng.")
    if not Criterion.select().where(Criterion.compact == compact.id, Criterion.kind == "score").exists():
        return "Bảng chấm điểm chưa có tiêu chí chấm điểm nào."
    if not (compact.targets or "").strip():
        return "Giao ước chưa có nội dung chỉ tiêu thi đua."
    try:
        ranking.parse_rules(compact.tie_break)
    except ValueError as error:
        return str(error)
    return None


def compact_signed(compact) -> str | None:
    count = CompactSignature.select().where(CompactSignature.compact == compact.id).count()
    if count < 2:
        return f"Mới có {count} đơn vị ký giao ước; cần ít nhất hai đơn vị."
    if not CompactSignature.select().where(CompactSignature.compact == compact.id,
                                           CompactSignature.unit == compact.leader_unit_id).exists():
        return "Đơn vị Khối trưởng chưa ký giao ước."
    return None


def round_closable(round_) -> str | None:
    pending = [c for c in Scorecard.select(Scorecard.status).where(Scorecard.round == round_.id)
               if c.status in ("submitted", "reviewed", "objected")]
    if pending:
        return f"Còn {len(pending)} đơn vị chưa thống nhất điểm; chưa kết thúc vòng chấm điểm được."
    if not Scorecard.select().where(Scorecard.round == round_.id, Scorecard.status == "final").exists():
        return "Chưa có đơn vị nào được thống nhất điểm."
    return None


def round_not_closed(scorecard) -> str | None:
    round_ = BlocRound.get_by_id(scorecard.round_id)
    if round_.status == "closed":
        return f"Vòng {PERIODS[round_.period].lower()} đã kết thúc."
    return None


def scorecard_submittable(scorecard) -> str | None:
    from .scoring import lines_of
    round_ = BlocRound.get_by_id(scorecard.round_id)
    if round_.status != "self_scoring":
        return (f"Vòng {PERIODS[round_.period].lower()} đã kết thúc phần tự chấm điểm; không gửi điểm tự chấm được "
                f"nữa.")
    compact = compact_of(scorecard)
    if not CompactSignature.select().where(CompactSignature.compact == compact.id,
                                           CompactSignature.unit == scorecard.unit_id).exists():
        return "Đơn vị chưa ký giao ước thi đua năm nay nên không chấm điểm được."
    lines = [line for line in lines_of(scorecard) if not line.criterion.is_group]
    blank = [line.criterion.code for line in lines if line.criterion.kind == "score" and line.self_points is None]
    if blank:
        return f"Còn {len(blank)} tiêu chí chưa tự chấm điểm: {', '.join(blank)}."
    for line in lines:
        try:
            points.check_note(line.self_points, line.score.self_note if line.score else "", line.criterion)
        except points.PointsError as error:
            return str(error)
    return None


def _differences(scorecard) -> list:
    from .scoring import lines_of
    return [line for line in lines_of(scorecard) if line.differs]


def scorecard_confirmable(scorecard) -> str | None:
    if _differences(scorecard):
        return "Có điểm thẩm định khác điểm tự chấm: gửi kết quả thẩm định để đơn vị xem."
    return None


def scorecard_reviewable(scorecard) -> str | None:
    differences = _differences(scorecard)
    if not differences:
        return "Điểm thẩm định không khác điểm tự chấm: chọn “Thống nhất điểm”."
    missing = [line.criterion.code for line in differences if not line.score.agreed_reason.strip()]
    if missing:
        return f"Chưa ghi lý do chênh lệch ở tiêu chí: {', '.join(missing)}."
    return None


def vote_openable(vote) -> str | None:
    if not BlocVoteLine.select().where(BlocVoteLine.vote == vote.id).exists():
        return "Chưa có đơn vị nào được đưa ra bỏ phiếu."
    return None


def vote_closable(vote) -> str | None:
    voted = BlocBallotReceipt.select().where(BlocBallotReceipt.vote == vote.id).count()
    needed = -(-vote.voters * 2 // 3)
    if voted < needed:
        return (f"Mới có {voted}/{vote.voters} đơn vị bỏ phiếu; cần ít nhất {needed} (hai phần ba) để kiểm phiếu.")
    return None


def voters_of(compact) -> int:
    """Member units entitled to vote: those that signed the compact and are still members."""
    members = {m.unit_id for m in members_of(compact.bloc_id)}
    return len({s.unit_id for s in CompactSignature.select(CompactSignature.unit)
                .where(CompactSignature.compact == compact.id)} & members)
