"""The bloc's documents in the national format (Decree 30/2020): the signed compact with its scoring table and the
list of signing units, and the minutes of the bloc's ranking and vote (attached to the dossiers it opens)."""
from __future__ import annotations

from docx.shared import Cm, Length

from .. import clock
from ..council.tally import percent_text
from ..documents.docx_render import (TEXT_WIDTH, body_paragraph, data_table, heading, heading_block, new_document,
                                     signature_table, title_block, to_bytes)
from ..documents.model import vietnamese_date_line
from ..models import Bloc, BlocRound, BlocVote, Unit
from ..models.bloc import CRITERION_KINDS, PERIODS, VOTE_AWARDS
from . import points, ranking
from .services import compact_of, criteria_of, max_total, signatures_of

PARENT = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"
PLACE = "Đồng Nai"
HALVES = (Length(TEXT_WIDTH // 2), Length(TEXT_WIDTH - TEXT_WIDTH // 2))
CRITERIA_WIDTHS = [Cm(1.6), Cm(9.4), Cm(3.0), Cm(2.5)]
SIGNED_WIDTHS = [Cm(1.2), Cm(7.3), Cm(4.6), Cm(3.4)]
RANK_WIDTHS = [Cm(1.6), Cm(6.4), Cm(2.2), Cm(2.1), Cm(2.1), Cm(2.1)]
VOTE_WIDTHS = [Cm(1.0), Cm(5.0), Cm(3.4), Cm(2.6), Cm(2.2), Cm(2.3)]


def _unit_name(unit_id: int | None) -> str:
    return Unit.get_by_id(unit_id).name if unit_id else ""


def compact_name(compact) -> str:
    return f"Giao ước thi đua {compact.year} - {Bloc.get_by_id(compact.bloc_id).name}.docx"


def compact_docx(compact) -> bytes:
    """The compact: targets, scoring table, ranking rules and the units that signed, with when and by whom."""
    bloc = Bloc.get_by_id(compact.bloc_id)
    day = (compact.in_force_at or compact.signing_at or clock.now()).date()
    document = new_document()
    heading_block(document, PARENT, bloc.name, vietnamese_date_line(PLACE, day))
    title_block(document, ["GIAO ƯỚC THI ĐUA", f"Năm {compact.year} của {bloc.name}"], rule_after=True)
    body_paragraph(document, f"Các đơn vị thành viên {bloc.name} cùng ký kết giao ước thi đua năm {compact.year} "
                             f"với các nội dung sau:")
    heading(document, "I. CHỈ TIÊU, NỘI DUNG THI ĐUA", before=6)
    for number, line in enumerate([t for t in compact.targets.splitlines() if t.strip()], 1):
        body_paragraph(document, f"{number}. {line.strip()}")
    heading(document, "II. BẢNG CHẤM ĐIỂM", before=6)
    criteria = criteria_of(compact.id)
    rows = [[c.code, c.title, "Nhóm tiêu chí" if c.is_group else CRITERION_KINDS[c.kind],
             "" if c.is_group else points.show(c.max_points)] for c in criteria]
    data_table(document, ["Số TT", "Tiêu chí", "Loại", "Điểm tối đa"], rows, CRITERIA_WIDTHS, size=12,
               centred_columns=(0, 3), empty_text="Chưa có tiêu chí")
    body_paragraph(document, f"Tổng điểm tối đa các tiêu chí chấm điểm: {points.show(max_total(criteria))} điểm; "
                             f"điểm trừ phải ghi rõ lý do.")
    heading(document, "III. XẾP HẠNG VÀ SUY TÔN", before=6)
    body_paragraph(document, "Thứ tự xếp hạng: " + ranking.rules_text(ranking.parse_rules(compact.tie_break)) + ".")
    body_paragraph(document, f"Đề nghị Cờ thi đua: {compact.flag_quota} đơn vị; đề nghị Bằng khen: "
                             f"{compact.bk_quota} đơn vị; đơn vị được đề nghị khi có từ "
                             f"{points.show(compact.vote_threshold)}% số đơn vị thành viên bỏ phiếu đồng ý trở lên "
                             f"(bỏ phiếu kín, mỗi đơn vị một phiếu).")
    heading(document, "IV. CÁC ĐƠN VỊ KÝ KẾT", before=6)
    signed = signatures_of(compact.id)
    data_table(document, ["STT", "Đơn vị", "Thủ trưởng xác nhận", "Thời điểm ký"],
               [[str(i), s.unit.name, s.signed_by.full_name, s.signed_at.strftime("%d/%m/%Y %H:%M")]
                for i, s in enumerate(signed, 1)], SIGNED_WIDTHS, size=12, centred_columns=(0, 3),
               empty_text="Chưa có đơn vị nào ký")
    signature_table(document, [(["KHỐI PHÓ"], _unit_name(compact.deputy_unit_id), ""),
                               (["KHỐI TRƯỞNG"], _unit_name(compact.leader_unit_id), "")], HALVES, room=60)
    document.core_properties.title = f"Giao ước thi đua năm {compact.year} - {bloc.name}"
    return to_bytes(document)


def minutes_name(vote) -> str:
    compact = compact_of(vote)
    return f"Biên bản bình xét {compact.year} - {Bloc.get_by_id(compact.bloc_id).name}.docx"


def minutes_docx(vote: BlocVote) -> bytes:
    """The minutes: the year-end ranking and the result of the secret vote, line by line."""
    from .scoring import standings
    from .voting import lines_of
    compact = compact_of(vote)
    bloc = Bloc.get_by_id(compact.bloc_id)
    round_ = BlocRound.get_by_id(vote.round_id)
    day = (vote.closed_at or clock.now()).date()
    document = new_document()
    heading_block(document, PARENT, bloc.name, vietnamese_date_line(PLACE, day))
    title_block(document, ["BIÊN BẢN", f"Họp bình xét, suy tôn thi đua năm {compact.year} của {bloc.name}"],
                rule_after=True)
    body_paragraph(document, f"Chủ trì: {_unit_name(compact.leader_unit_id)} (Khối trưởng). Số đơn vị thành viên "
                             f"được bỏ phiếu: {vote.voters}.")
    ranked, left_out = standings(round_)
    heading(document, f"I. KẾT QUẢ CHẤM ĐIỂM ({PERIODS[round_.period].upper()})", before=6)
    data_table(document, ["Xếp hạng", "Đơn vị", "Tổng điểm", "Điểm thưởng", "Điểm trừ", "Ghi chú"],
               [[str(r.rank), r.name, points.show(r.totals.total), points.show(r.totals.bonus),
                 points.show(r.totals.penalty), r.note] for r in ranked], RANK_WIDTHS, size=12,
               centred_columns=(0, 2, 3, 4), empty_text="Không có")
    if left_out:
        body_paragraph(document, "Không xếp hạng (chưa thống nhất điểm): " + ", ".join(left_out) + ".")
    body_paragraph(document, "Thứ tự xếp hạng theo giao ước: "
                   + ranking.rules_text(ranking.parse_rules(compact.tie_break)) + ".")
    heading(document, "II. KẾT QUẢ BỎ PHIẾU KÍN", before=6)
    rows = []
    for i, line in enumerate(lines_of(vote), 1):
        share = percent_text(_share(line.yes, vote.voters)) if line.yes is not None else ""
        verdict = "" if line.passed is None else ("Đề nghị" if line.passed else "Không đề nghị")
        rows.append([str(i), line.unit.name, VOTE_AWARDS[line.award], f"{line.yes or 0}/{vote.voters}", share,
                     verdict])
    data_table(document, ["STT", "Đơn vị", "Đề nghị", "Đồng ý", "Tỷ lệ", "Kết quả"], rows, VOTE_WIDTHS, size=12,
               centred_columns=(0, 3, 4, 5), empty_text="Không có")
    heading(document, "III. KẾT LUẬN", before=6)
    passed = [line for line in lines_of(vote) if line.passed]
    for award in VOTE_AWARDS:
        names = [line.unit.name for line in passed if line.award == award]
        body_paragraph(document, f"Đề nghị tặng {VOTE_AWARDS[award]}: {', '.join(names) if names else 'không có'}.")
    signature_table(document, [(["THƯ KÝ"], "", ""), (["CHỦ TRÌ", "KHỐI TRƯỞNG"], "", "")], HALVES, room=60)
    document.core_properties.title = f"Biên bản bình xét thi đua năm {compact.year} - {bloc.name}"
    return to_bytes(document)


def _share(yes: int | None, voters: int):
    from fractions import Fraction
    return Fraction(yes or 0, voters) if voters else Fraction(0)
