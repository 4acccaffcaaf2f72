"""The bloc's secret vote on whom to propose for the flag and for Bằng khen, one vote per member unit, and the
nominations its result opens in the ordinary dossier flow.

Secrecy as in the council (thidua/council/sessions.py): what a unit chose is added to one running total per line
(BlocVoteCount) in the same transaction that records that the unit has voted (BlocBallotReceipt), and never stored
anywhere else — not in the audit log, not in the session. The arithmetic is the council's (council/tally.py).
"""
from __future__ import annotations

import io
from types import SimpleNamespace

from peewee import IntegrityError
from werkzeug.datastructures import FileStorage

from .. import audit, clock, workflow
from ..attachments import service as attachments
from ..council import tally
from ..db import db
from ..models import (AwardKind, BlocBallotReceipt, BlocRound, BlocVote, BlocVoteCount, BlocVoteLine, Campaign,
                      CompactSignature, Nomination, Unit)
from ..models.bloc import VOTE_AWARDS
from ..workflow import WorkflowError
from . import access, guards
from .scoring import standings
from .services import compact_of

AWARD_CODES = {"flag": "CO_TINH", "bk": "BK_TINH"}


def lines_of(vote: BlocVote) -> list[BlocVoteLine]:
    return list(BlocVoteLine.select(BlocVoteLine, Unit).join(Unit, on=(BlocVoteLine.unit == Unit.id))
                .where(BlocVoteLine.vote == vote.id).order_by(BlocVoteLine.position))


def create(round_: BlocRound, actor) -> BlocVote:
    """Prepare the vote after the year-end round: the top units for the flag (all of them when tied), the next
    ones for Bằng khen, as many as the compact says."""
    compact = compact_of(round_)
    if not access.leads(actor, compact):
        raise WorkflowError(403, "Chỉ Khối trưởng chuẩn bị bỏ phiếu.")
    if round_.period != "year_end" or round_.status != "closed":
        raise WorkflowError(409, "Chỉ bỏ phiếu suy tôn sau khi vòng tổng kết năm đã kết thúc.")
    ranked, _ = standings(round_)
    if not ranked:
        raise WorkflowError(409, "Chưa có đơn vị nào có điểm thống nhất để xếp hạng.")
    flag = [r for r in ranked if r.rank <= compact.flag_quota]
    rest = [r for r in ranked if r not in flag]
    bk = [r for r in rest if r.rank <= len(flag) + compact.bk_quota]
    try:
        with db.atomic():
            vote = BlocVote.create(round=round_, created_by=actor)
            for position, (award, entry) in enumerate([("flag", r) for r in flag] + [("bk", r) for r in bk], 1):
                BlocVoteLine.create(vote=vote, unit=entry.unit_id, award=award, position=position, rank=entry.rank,
                                    total=entry.totals.total)
            audit.record("create", "bloc_vote", vote.id, actor=actor,
                         after={"flag": [r.name for r in flag], "bk": [r.name for r in bk]})
    except IntegrityError:
        raise WorkflowError(409, "Vòng này đã có cuộc bỏ phiếu.") from None
    return vote


def frozen_when_opened(vote: BlocVote) -> dict:
    """What the vote copies from the compact when it opens (a later edit never changes how it is read); the
    running totals start at zero for every line."""
    compact = compact_of(vote)
    for line in BlocVoteLine.select(BlocVoteLine.id).where(BlocVoteLine.vote == vote.id):
        BlocVoteCount.get_or_create(line=line.id)
    return {"voters": guards.voters_of(compact), "threshold": compact.vote_threshold}


def has_voted(vote: BlocVote, unit_id: int) -> bool:
    return BlocBallotReceipt.select().where(BlocBallotReceipt.vote == vote.id,
                                            BlocBallotReceipt.unit == unit_id).exists()


def cast(vote: BlocVote, actor, choices: dict[int, bool]) -> None:
    """A member unit's head submits the unit's ballot, once: that it voted is recorded, what it chose is added."""
    compact = compact_of(vote)
    seat = access.head_seat(actor, compact.bloc_id)
    if seat is None:
        raise WorkflowError(403, "Chỉ thủ trưởng đơn vị thành viên bỏ phiếu thay cho đơn vị.")
    if not CompactSignature.select().where(CompactSignature.compact == compact.id,
                                           CompactSignature.unit == seat.unit_id).exists():
        raise WorkflowError(403, "Đơn vị chưa ký giao ước thi đua năm nay nên không bỏ phiếu.")
    with db.atomic():
        if BlocVote.update(version=BlocVote.version).where(BlocVote.id == vote.id,
                                                           BlocVote.status == "voting").execute() != 1:
            raise WorkflowError(409, "Cuộc bỏ phiếu chưa mở hoặc đã kết thúc; phiếu không được ghi nhận.")
        lines = {line.id for line in BlocVoteLine.select(BlocVoteLine.id).where(BlocVoteLine.vote == vote.id)}
        if set(choices) - lines:
            raise WorkflowError(422, "Phiếu có dòng không thuộc cuộc bỏ phiếu. Vui lòng tải lại trang.")
        missing = lines - set(choices)
        if missing:
            raise WorkflowError(422, f"Còn {len(missing)} dòng chưa chọn “Đồng ý” hoặc “Không đồng ý”.")
        try:
            with db.atomic():
                BlocBallotReceipt.create(vote=vote, unit=seat.unit_id)
        except IntegrityError:
            raise WorkflowError(409, "Đơn vị của bạn đã bỏ phiếu; mỗi đơn vị chỉ bỏ một phiếu.") from None
        for line_id, choice in choices.items():
            column = BlocVoteCount.yes if choice else BlocVoteCount.no
            BlocVoteCount.update({column: column + 1}).where(BlocVoteCount.line == line_id).execute()
        audit.record("cast_bloc_ballot", "bloc_vote", vote.id, actor=actor)


def _rule(vote: BlocVote) -> SimpleNamespace:
    return SimpleNamespace(threshold_percent=vote.threshold, denominator="all", award_code="*",
                           article="giao ước thi đua của khối", confirmed=True)


def close(vote: BlocVote, actor, expected_version: int | None = None) -> list[BlocVoteLine]:
    """Count the vote: each line passes at the compact's share of the member units; beyond the flag quota only
    the most votes pass, and a tie at the cut passes nobody (the bloc votes again on those)."""
    compact = compact_of(vote)
    voted = BlocBallotReceipt.select().where(BlocBallotReceipt.vote == vote.id).count()
    with workflow.batch():
        workflow.apply(vote, "close", actor, f"{voted}/{vote.voters} đơn vị bỏ phiếu",
                       expected_version=expected_version)
        totals = {c.line_id: (c.yes, c.no) for c in BlocVoteCount.select().join(BlocVoteLine)
                  .where(BlocVoteLine.vote == vote.id)}
        results = {}
        for line in lines_of(vote):
            yes, no = totals.get(line.id, (0, 0))
            passed, _, explanation = tally.passes(yes, vote.voters, vote.voters, vote.voters, _rule(vote))
            results[line.id] = [line, yes, no, passed, explanation.replace("thành viên Hội đồng", "đơn vị thành viên")
                                .replace("quy tắc mặc định của chế độ pháp lý", "quy tắc của giao ước")]
        for award, quota in (("flag", compact.flag_quota), ("bk", compact.bk_quota)):
            winners = sorted((r for r in results.values() if r[0].award == award and r[3]), key=lambda r: -r[1])
            if len(winners) > quota:
                cut = winners[quota - 1][1] if quota else None
                for r in winners[quota:]:
                    r[3] = False
                    r[4] += f" Vượt số đơn vị được đề nghị ({quota}): chỉ lấy đơn vị nhiều phiếu đồng ý hơn."
                for r in winners[:quota]:
                    if cut is not None and r[1] == cut and any(o[1] == cut for o in winners[quota:]):
                        r[3] = False
                        r[4] += " Bằng số phiếu với đơn vị khác ở vị trí cuối: cần bỏ phiếu lại."
        for line, yes, no, passed, explanation in results.values():
            BlocVoteLine.update(yes=yes, no=no, passed=passed, explanation=explanation).where(
                BlocVoteLine.id == line.id).execute()
    return lines_of(vote)


def make_nominations(vote: BlocVote, actor) -> list[Nomination]:
    """Open a dossier for each unit the vote proposes, in the campaign of the compact, with the minutes attached."""
    from .documents import minutes_docx, minutes_name
    compact = compact_of(vote)
    if not access.leads(actor, compact):
        raise WorkflowError(403, "Chỉ Khối trưởng lập hồ sơ đề nghị theo kết quả bỏ phiếu.")
    if vote.status != "closed":
        raise WorkflowError(409, "Chỉ lập hồ sơ khi đã kiểm phiếu.")
    if vote.nominations_at is not None:
        raise WorkflowError(409, "Hồ sơ đề nghị theo kết quả bỏ phiếu này đã được lập.")
    if compact.campaign_id is None:
        raise WorkflowError(409, "Giao ước năm nay chưa gắn với kế hoạch thi đua nào, nên chưa lập được hồ sơ. "
                                 "Đề nghị Ban Thi đua - Khen thưởng tỉnh chọn kế hoạch cho năm của khối.")
    campaign = Campaign.get_by_id(compact.campaign_id)
    kinds = {k.code: k for k in AwardKind.select().where(AwardKind.regime == campaign.regime_id,
                                                         AwardKind.code.in_(list(AWARD_CODES.values())))}
    data, name = minutes_docx(vote), minutes_name(vote)
    made = []
    with db.atomic():
        if BlocVote.update(nominations_at=clock.now()).where(BlocVote.id == vote.id,
                                                              BlocVote.nominations_at.is_null()).execute() != 1:
            raise WorkflowError(409, "Hồ sơ đề nghị theo kết quả bỏ phiếu này đã được lập.")
        for line in lines_of(vote):
            kind = kinds.get(AWARD_CODES[line.award])
            if not line.passed or kind is None:
                continue
            try:
                with db.atomic():
                    nomination = Nomination.create(
                        campaign=campaign, unit=line.unit_id, subject="collective", subject_key=0, award_kind=kind,
                        basis="cong_trang", created_by=actor,
                        summary=(f"{compact.bloc.name} đề nghị tặng {VOTE_AWARDS[line.award]} năm {compact.year}: "
                                 f"xếp hạng {line.rank}, tổng điểm {line.total}; {line.yes}/{vote.voters} đơn vị "
                                 f"đồng ý."))
            except IntegrityError:
                continue  # the unit already has that dossier in the campaign: the office sees it there
            audit.record("create", "nomination", nomination.id, actor=actor, comment=f"Từ {compact.bloc.name}",
                         after={"subject": "collective", "award": kind.name, "basis": "cong_trang"})
            attachments.save_upload(FileStorage(stream=io.BytesIO(data), filename=name), "nomination",
                                    nomination.id, actor, component="bien_ban", authorised=True)
            BlocVoteLine.update(nomination_id=nomination.id).where(BlocVoteLine.id == line.id).execute()
            made.append(nomination)
        audit.record("bloc_nominations", "bloc_vote", vote.id, actor=actor, after=[n.id for n in made])
    return made
