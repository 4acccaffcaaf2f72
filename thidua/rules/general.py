"""Rules for every individual proposal: discipline (DOMAIN.md §1.8, ND 152/2025).

These are rules of procedure: they follow the regime in force on the date the proposal is judged
(Candidate.on_date), not the regime of the year rewarded. A 2024 achievement proposed in August 2025 falls
under ND 152's prohibition.

- From 01/7/2025 (LAW2022_ND152): no award and no proposal while the person is under a disciplinary penalty
  or under disciplinary review, inspection, investigation or an unresolved complaint (Discipline rows,
  level "under_review" for the latter) → fail. And achievements count only from the end of a penalty: a
  penalty that ended inside the years the award looks back on → warning (which achievements remain is the
  council's call; the rule cannot tell from the records).
- Before (LAW2003_ND91, LAW2022_ND98): a penalty or review in force on the date is reported as a warning,
  marked unconfirmed — the earlier texts held similar principles, but DOMAIN.md confirms the prohibition
  only for ND 152, so the machine does not block on it.
"""
from __future__ import annotations

import datetime

from .base import WARNING, Context, Outcome, fmt_date, rule
from .params import ND152, ParameterProblem, Params

LEVEL_LABELS = {
    "khien_trach": "khiển trách", "canh_cao": "cảnh cáo", "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức", "cach_chuc": "cách chức", "bai_nhiem": "bãi nhiệm",
    "buoc_thoi_viec": "buộc thôi việc", "under_review": "xem xét kỷ luật / thanh tra / khiếu nại",
}
ND152_PRINCIPLE = "Nghị định 152/2025/NĐ-CP (nguyên tắc xét, đề nghị khen thưởng)"
EARLIER_PRINCIPLE = "Nguyên tắc khen thưởng trước Nghị định 152/2025/NĐ-CP (căn cứ chưa được xác nhận)"


def _describe(d) -> str:
    """"kỷ luật cảnh cáo (từ …, đến …)" or "xem xét kỷ luật / thanh tra / khiếu nại (từ …, chưa kết thúc)"."""
    label = LEVEL_LABELS.get(d.level, d.level)
    until = f"đến {fmt_date(d.ends_on)}" if d.ends_on else "chưa kết thúc"
    if d.is_review:
        return f"{label} (từ {fmt_date(d.starts_on)}, {until})"
    return f"kỷ luật {label} (từ {fmt_date(d.starts_on)}, {until})"


def _current(d) -> str:
    return f"đang {_describe(d)}" if d.is_review else f"đang bị {_describe(d)}"


@rule("DISCIPLINE_IN_FORCE", "Không đang bị kỷ luật hoặc xem xét kỷ luật",
      old=EARLIER_PRINCIPLE, nd98=EARLIER_PRINCIPLE, nd152=ND152_PRINCIPLE, procedural=True)
def discipline_in_force(ctx: Context, out: Outcome):
    current = ctx.facts.discipline_on(ctx.person_id, ctx.on_date)
    if not current:
        return out.passed(f"Không bị kỷ luật, không đang bị xem xét kỷ luật, thanh tra, khiếu nại vào ngày "
                          f"{fmt_date(ctx.on_date)}.")
    text = "; ".join(_current(d) for d in current)
    if ctx.procedure_regime == ND152:
        return out.failed(f"Vào ngày {fmt_date(ctx.on_date)} {text}: không xét, không đề nghị khen thưởng.")
    # Unconfirmed basis, not an unconfirmed number: flagged, but without the "configurable number" note.
    return out.make(WARNING, f"Vào ngày {fmt_date(ctx.on_date)} {text}: Hội đồng cần xem xét trước khi đề nghị "
                             f"khen thưởng.", unconfirmed=True)


def lookback_years(award_code: str, params: Params) -> int:
    """How many years, ending with the year rewarded, an award's criteria count achievements over."""
    try:
        if award_code == "CSTDT":
            return params.required_int("CSTDT_CONSECUTIVE_CSTDCS").integer()
        if award_code == "CSTDTQ":
            return (params.required_int("CSTDTQ_CONSECUTIVE_CSTDT").integer()
                    * params.required_int("CSTDT_CONSECUTIVE_CSTDCS").integer())
        if award_code in ("BK_TINH", "BK_BO"):
            return max(params.param("BK_TINH_CONSECUTIVE_CSTDCS").integer() or 1,
                       params.param("BK_TINH_ALT_EXCELLENT_YEARS").integer() or 1)
        if award_code == "BK_TTG":
            return params.required_int("BK_TTG_YEARS").integer()
    except ParameterProblem:
        pass
    return 1


@rule("DISCIPLINE_COUNT_FROM_END", "Thành tích tính từ khi chấp hành xong kỷ luật",
      nd152=ND152_PRINCIPLE, procedural=True)
def discipline_count_from_end(ctx: Context, out: Outcome):
    if ctx.procedure_regime != ND152:
        return None
    years = lookback_years(ctx.candidate.award_code, ctx.params)
    first, last = datetime.date(ctx.year - years + 1, 1, 1), datetime.date(ctx.year, 12, 31)
    ended = [d for d in ctx.facts.disciplines(ctx.person_id)
             if not d.is_review and d.ends_on is not None and not d.in_force_on(ctx.on_date)
             and d.overlaps(first, last)]
    period = f"{first.year}–{last.year}" if first.year != last.year else str(last.year)
    if not ended:
        return out.passed(f"Không có kỷ luật trong thời gian tính thành tích ({period}).")
    latest = max(ended, key=lambda d: d.ends_on)
    return out.warning(f"Có {_describe(latest)} trong thời gian tính thành tích ({period}): thành tích chỉ được "
                       f"tính từ sau ngày {fmt_date(latest.ends_on)}; cần kiểm tra lại các năm được tính.")
