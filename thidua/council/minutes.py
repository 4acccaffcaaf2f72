"""The documents of a council session, built from its frozen rows: the minutes (biên bản họp) and the paper
ballot (phiếu bầu), each as .docx and PDF."""
from __future__ import annotations

import io

from flask import current_app

from ..downloads import send_download
from ..documents.council_docs import (Attendee, BallotGroup, BallotLine, MinutesDocument, PaperBallot, ResultRow,
                                      ResultTable)
from ..documents.minutes_docx import render_ballot_docx, render_minutes_docx
from ..documents.pdf import render_ballot_pdf, render_minutes_pdf
from ..models import CouncilSession
from ..models.council import COUNCIL_ROLES
from ..models.council_session import AgendaItem
from ..web import fail
from . import sessions, tally

COUNCIL = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _time_words(moment) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def _position_unit(item: AgendaItem) -> str:
    n = item.nomination
    if n.person_id:
        return ", ".join(p for p in (n.person.position, n.unit.name) if p)
    return n.unit.name


def _attendee(row, written: bool = False) -> Attendee:
    user = row.seat.user
    return Attendee(name=user.full_name, position=user.unit.name if user.unit_id else "",
                    council_role=COUNCIL_ROLES[row.seat.role], written_vote=written)


def build_minutes(session: CouncilSession) -> MinutesDocument:
    cfg = current_app.config
    items = sessions.items_of(session)
    attendance = sessions.attendance_of(session)
    results = sessions.results_of(session)
    receipts = {r.seat_id: r.channel for r in session.receipts}
    written_seats = {seat for seat, channel in receipts.items() if channel == "written"}
    chair_row = next((a for a in attendance if a.seat.role == "chair" and a.present),
                     next((a for a in attendance if a.seat.role == "vice_chair" and a.present), None))
    rounds = sorted({r.round for rs in results.values() for r in rs})
    tables = []
    for number in rounds:
        rows, rules = [], []
        for item in items:
            result = next((r for r in results.get(item.id, []) if r.round == number), None)
            if result is None:
                continue
            share = tally.percent_text(result.share)
            rows.append(ResultRow(number=len(rows) + 1, name=sessions.nominee_name(item.nomination),
                                  position_unit=_position_unit(item), award=item.nomination.award_kind.name,
                                  yes=result.yes, base=result.base, percent=share, passed=result.passed,
                                  recused=result.recused))
            if item.rule_text and item.rule_text not in rules:
                rules.append(item.rule_text)
        heading = f"Kết quả bỏ phiếu vòng {number}" + (" (bỏ phiếu lại)" if number > 1 else "")
        tables.append(ResultTable(heading=heading, rows=rows, rule_lines=[f"Quy tắc áp dụng: {r}." for r in rules]))
    passed = [i for i in items if results.get(i.id) and results[i.id][-1].passed]
    failed = [i for i in items if results.get(i.id) and not results[i.id][-1].passed]
    conclusions = [f"Hội đồng thống nhất đề nghị {len(passed)} trường hợp đạt số phiếu theo quy định"
                   + (":" if passed else ".")]
    conclusions += [f"- {sessions.nominee_name(i.nomination)} ({_position_unit(i)}): {i.nomination.award_kind.name};"
                    for i in passed]
    if failed:
        conclusions.append(f"{len(failed)} trường hợp không đạt số phiếu theo quy định: "
                           + "; ".join(sessions.nominee_name(i.nomination) for i in failed) + ".")
    paper_total = sum(1 for c in receipts.values() if c == "paper")
    groups = sessions.groups_of(items)
    secretary = session.secretary
    return MinutesDocument(
        parent_agency=cfg["AGENCY_PARENT"], agency=cfg["AGENCY_SHORT"], council=COUNCIL,
        number_symbol="…/BB-HĐTĐKT", place=session.campaign.place, held_on=session.meets_at.date(),
        summary=f"Về việc {session.title[0].lower() + session.title[1:]}" if session.title else "",
        started_at=_time_words(session.meets_at),
        # "kết thúc … cùng ngày": only a close on the meeting day gives the time; otherwise it is filled by hand.
        ended_at=(_time_words(session.closed_at) if session.closed_at
                  and session.closed_at.date() == session.meets_at.date() else "… giờ … phút"),
        location=session.place,
        chair=_attendee(chair_row) if chair_row else Attendee("…", "", "Chủ tịch Hội đồng"),
        secretary_name=secretary.full_name if secretary else "…",
        secretary_position=(secretary.unit.name if secretary and secretary.unit_id else ""),
        members_total=len(attendance),
        present=[_attendee(a) for a in attendance if a.present],
        absent=[_attendee(a, a.seat_id in written_seats) for a in attendance if not a.present],
        agenda=[f"Hội đồng xem xét {len(group)} hồ sơ đề nghị {kind.name}." for kind, group in groups]
        + _notice_lines(session),
        method="Hội đồng biểu quyết bằng hình thức bỏ phiếu kín; kết quả do hệ thống cộng từ các phiếu đã gửi, "
               "không ghi nhận ai chọn gì.",
        tables=tables,
        written_votes=[f"Đ/c {_attendee(a).name} vắng mặt, gửi ý kiến bằng văn bản."
                       for a in attendance if not a.present and a.seat_id in written_seats],
        paper_note=(f"Trong đó {paper_total} thành viên bỏ phiếu giấy, Văn phòng nhập số liệu kiểm phiếu."
                    if paper_total else ""),
        conclusions=conclusions + ([session.conclusions] if session.conclusions else []),
    )


def build_ballot(session: CouncilSession) -> PaperBallot:
    cfg = current_app.config
    items = sessions.items_of(session, session.round)
    groups, number = [], 0
    for kind, group in sessions.groups_of(items):
        lines = []
        for item in group:
            number += 1
            lines.append(BallotLine(number=number, name=sessions.nominee_name(item.nomination),
                                    position_unit=_position_unit(item), award=kind.name))
        groups.append(BallotGroup(heading=f"{kind.category_label}: {kind.name}", lines=lines))
    day = session.meets_at.date()
    return PaperBallot(
        parent_agency=cfg["AGENCY_PARENT"], agency=cfg["AGENCY_SHORT"], council=COUNCIL, title="PHIẾU BẦU",
        subtitle=f"{session.title} — vòng {session.round}",
        instruction="Đánh dấu (X) vào cột “Đồng ý” hoặc “Không đồng ý” ở từng dòng. Không ghi tên, không ký vào phiếu.",
        groups=groups,
        validity_note="Dòng đánh dấu cả hai cột, không đánh dấu cột nào hoặc có ghi thêm tên là không hợp lệ đối với "
                      "dòng đó. Thành viên không tham gia biểu quyết dòng nào thì để trống dòng đó.",
        session_line=f"Phiên họp ngày {day:%d/%m/%Y} — {session.place}")


def _send(data: bytes, name: str, fmt: str):
    mimetype = DOCX if fmt == "docx" else "application/pdf"
    return send_download(io.BytesIO(data), download_name=name, mimetype=mimetype)


def download_minutes(session: CouncilSession, fmt: str):
    if fmt not in ("docx", "pdf"):
        fail(404, "Không có định dạng này.")
    doc = build_minutes(session)
    data = render_minutes_docx(doc) if fmt == "docx" else render_minutes_pdf(doc)
    return _send(data, f"bien-ban-hop-hoi-dong-{session.id}.{fmt}", fmt)


def download_ballot(session: CouncilSession, fmt: str):
    if fmt not in ("docx", "pdf"):
        fail(404, "Không có định dạng này.")
    doc = build_ballot(session)
    data = render_ballot_docx(doc) if fmt == "docx" else render_ballot_pdf(doc)
    return _send(data, f"phieu-bau-vong-{session.round}-phien-{session.id}.{fmt}", fmt)


def _notice_lines(session: CouncilSession) -> list[str]:
    """The result of the public posting, objections included, for the council's record (ND 98/2023 Điều 46)."""
    from .notices import notice_of, objections_of
    notice = notice_of(session)
    if notice is None:
        return []
    objections = objections_of(notice)
    lines = [f"Danh sách đề nghị đã được công khai từ ngày {notice.posted_on:%d/%m/%Y} đến hết ngày "
             f"{notice.ends_on:%d/%m/%Y}; " + (f"nhận được {len(objections)} ý kiến:" if objections
                                                else "không nhận được ý kiến nào.")]
    for o in objections:
        about = ""
        if o.nomination_id:
            about = f" về hồ sơ của {sessions.nominee_name(o.nomination)}"
        lines.append(f"- {o.sender} (ngày {o.received_on:%d/%m/%Y}){about}: {o.content}"
                     + (f" Văn phòng đã xử lý: {o.handling}" if o.handling else ""))
    return lines
