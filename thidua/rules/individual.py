"""Emulation titles of individuals (DOMAIN.md §2): Lao động tiên tiến, Chiến sĩ thi đua cơ sở, cấp tỉnh,
toàn quốc. Each rule reads its numbers from the regime's parameters.

Choices where the texts leave room (see the module docstring of thidua.rules for the full list):
- LĐTT service is counted from Person.employed_since to 31 December of the year rewarded, both days included.
- An initiative counts for a year when it was recognised in that year (recognised_on).
- A CSTĐ cơ sở counts as LĐTT of the same year (it cannot be had without it).
"""
from __future__ import annotations

import datetime

from .base import LAW2003, LAW2022, Context, Outcome, add_months, duration, fmt_date, fmt_years, rule
from .params import RATING_ORDER, SCOPE_ORDER

RATING_LABELS = {
    "excellent": "hoàn thành xuất sắc nhiệm vụ",
    "good": "hoàn thành tốt nhiệm vụ",
    "completed": "hoàn thành nhiệm vụ",
    "not_completed": "không hoàn thành nhiệm vụ",
}
SCOPE_LABELS = {"co_so": "cấp cơ sở", "tinh_bo": "cấp tỉnh, bộ", "toan_quoc": "toàn quốc"}
TITLE_SHORT = {"LDTT": "Lao động tiên tiến", "CSTDCS": "Chiến sĩ thi đua cơ sở",
               "CSTDT": "Chiến sĩ thi đua cấp tỉnh", "CSTDTQ": "Chiến sĩ thi đua toàn quốc"}


def initiatives_in(ctx: Context, first_year: int, last_year: int, min_scope: str = "co_so"):
    """The person's initiatives recognised from 1 January of first_year to 31 December of last_year,
    at min_scope or wider."""
    floor = SCOPE_ORDER[min_scope]
    return [i for i in ctx.facts.initiatives(ctx.person_id)
            if first_year <= i.recognised_on.year <= last_year and SCOPE_ORDER.get(i.scope, -1) >= floor]


def is_ldtt(codes: set[str]) -> bool:
    return "LDTT" in codes or "CSTDCS" in codes


# Lao động tiên tiến --------------------------------------------------------------------------------

@rule("LDTT_SERVICE", "Thời gian công tác tối thiểu để xét Lao động tiên tiến",
      old=f"Nghị định 91/2017/NĐ-CP và Thông tư 12/2019/TT-BNV (quy định cũ; {LAW2003})",
      new=f"Điều 24 {LAW2022}; Điều 1 khoản 5 điểm d Thông tư 01/2024/TT-BNV")
def ldtt_service(ctx: Context, out: Outcome):
    """Not considered for LĐTT: hired less than LDTT_MIN_MONTHS months before the end of the year."""
    p = ctx.params.required_int("LDTT_MIN_MONTHS")
    months_needed = p.integer()
    start = ctx.facts.employed_since(ctx.person_id)
    end = datetime.date(ctx.year, 12, 31)
    if start is None:
        return out.warning(f"Chưa có ngày bắt đầu công tác: cần kiểm tra cá nhân đã công tác đủ {months_needed} "
                           f"tháng tính đến {fmt_date(end)} chưa.", unconfirmed=not p.confirmed)
    months, days = duration(start, end)
    served = f"{months} tháng" + (f" {days} ngày" if days else "")
    ok = add_months(start, months_needed) <= end + datetime.timedelta(days=1)
    return out.verdict(
        ok,
        passed=f"Công tác từ {fmt_date(start)}: tính đến {fmt_date(end)} đủ thời gian tối thiểu "
               f"{months_needed} tháng.",
        failed=f"Mới công tác từ {fmt_date(start)}: {served} tính đến {fmt_date(end)}, "
               f"chưa đủ {months_needed} tháng nên không xét Lao động tiên tiến.",
        unconfirmed=not p.confirmed)


@rule("LDTT_RATING", "Mức hoàn thành nhiệm vụ để xét Lao động tiên tiến",
      old=f"Điều 24 {LAW2003}", new=f"Điều 24 khoản 1 {LAW2022}")
def ldtt_rating(ctx: Context, out: Outcome):
    p = ctx.params.param("LDTT_MIN_RATING")
    floor = p.code(RATING_ORDER) or "good"
    rating = ctx.facts.rating(ctx.person_id, ctx.year)
    if rating is None:
        return out.warning(f"Chưa có kết quả xếp loại năm {ctx.year}: cần đạt mức “{RATING_LABELS[floor]}” "
                           f"trở lên.", not p.confirmed)
    return out.verdict(
        RATING_ORDER[rating] >= RATING_ORDER[floor],
        passed=f"Năm {ctx.year} xếp loại “{RATING_LABELS[rating]}”.",
        failed=f"Năm {ctx.year} chỉ xếp loại “{RATING_LABELS[rating]}”; cần “{RATING_LABELS[floor]}” trở lên.",
        unconfirmed=not p.confirmed)


# Chiến sĩ thi đua cơ sở ----------------------------------------------------------------------------

@rule("CSTDCS_LDTT", "Đạt Lao động tiên tiến cùng năm", old=f"Điều 23 {LAW2003}", new=f"Điều 23 {LAW2022}")
def cstdcs_ldtt(ctx: Context, out: Outcome):
    return out.verdict(
        "LDTT" in ctx.facts.titles("individual", ctx.person_id, ctx.year),
        passed=f"Đạt (hoặc cùng được đề nghị) danh hiệu Lao động tiên tiến năm {ctx.year}.",
        failed=f"Chưa đạt danh hiệu Lao động tiên tiến năm {ctx.year}, là điều kiện bắt buộc của "
               f"Chiến sĩ thi đua cơ sở.")


@rule("CSTDCS_ACHIEVEMENT", "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận",
      new=f"Điều 23 {LAW2022}")
def cstdcs_achievement(ctx: Context, out: Outcome):
    """2022 law: LĐTT plus (rated excellent, or an initiative / research recognised at base level)."""
    found = initiatives_in(ctx, ctx.year, ctx.year)
    rating = ctx.facts.rating(ctx.person_id, ctx.year)
    if found:
        return out.passed(f"Có sáng kiến được công nhận năm {ctx.year}: “{found[0].title}” "
                          f"({SCOPE_LABELS.get(found[0].scope, found[0].scope)}, {fmt_date(found[0].recognised_on)}).")
    if rating == "excellent":
        return out.passed(f"Năm {ctx.year} xếp loại “hoàn thành xuất sắc nhiệm vụ”.")
    if rating is None:
        return out.warning(f"Không có sáng kiến được công nhận năm {ctx.year} và chưa có kết quả xếp loại: cần "
                           f"“hoàn thành xuất sắc nhiệm vụ” hoặc một sáng kiến được công nhận.")
    return out.failed(f"Năm {ctx.year} xếp loại “{RATING_LABELS[rating]}” và không có sáng kiến, đề tài được "
                      f"công nhận trong năm: cần “hoàn thành xuất sắc nhiệm vụ” hoặc một sáng kiến.")


@rule("CSTDCS_INITIATIVE", "Có sáng kiến được công nhận", old=f"Điều 23 {LAW2003}")
def cstdcs_initiative(ctx: Context, out: Outcome):
    """2003 law: LĐTT plus an initiative (sáng kiến, đề tài) recognised; the task rating alone is not enough."""
    found = initiatives_in(ctx, ctx.year, ctx.year)
    return out.verdict(
        bool(found),
        passed=f"Có sáng kiến được công nhận năm {ctx.year}: “{found[0].title}”." if found else "",
        failed=f"Không có sáng kiến, đề tài được công nhận năm {ctx.year}; theo quy định cũ Chiến sĩ thi đua "
               f"cơ sở phải có sáng kiến.")


# Chiến sĩ thi đua cấp tỉnh -------------------------------------------------------------------------

def _consecutive(ctx: Context, code: str, count: int) -> tuple[list[int], list[int]]:
    """The window of `count` years ending with the year rewarded, and the years in it lacking `code`."""
    window = list(range(ctx.year - count + 1, ctx.year + 1))
    have = set(ctx.facts.years_with("individual", ctx.person_id, code))
    return window, [y for y in window if y not in have]


@rule("CSTDT_CONSECUTIVE", "Các năm liên tục đạt Chiến sĩ thi đua cơ sở",
      old=f"Điều 22 {LAW2003}", new=f"Điều 22 {LAW2022}")
def cstdt_consecutive(ctx: Context, out: Outcome):
    """Chosen among those with N consecutive CSTĐ cơ sở, the last one in the year rewarded; CSTĐ cơ sở
    already used for an earlier CSTĐ cấp tỉnh (one given inside the window) do not count again."""
    p = ctx.params.required_int("CSTDT_CONSECUTIVE_CSTDCS")
    n = p.integer()
    window, missing = _consecutive(ctx, "CSTDCS", n)
    if missing:
        return out.failed(f"Chưa đủ {n} năm liên tục đạt Chiến sĩ thi đua cơ sở ({fmt_years(window)}): thiếu năm "
                          f"{fmt_years(missing)}.", not p.confirmed)
    used = [y for y in ctx.facts.years_with("individual", ctx.person_id, "CSTDT", proposed=False)
            if window[0] <= y < ctx.year]
    if used:
        return out.failed(f"Đã được tặng Chiến sĩ thi đua cấp tỉnh năm {fmt_years(used)}: các danh hiệu Chiến sĩ "
                          f"thi đua cơ sở trước đó đã được dùng để xét.", not p.confirmed)
    return out.passed(f"Đạt Chiến sĩ thi đua cơ sở {n} năm liên tục: {fmt_years(window)}.", not p.confirmed)


@rule("CSTDT_INITIATIVE", "Sáng kiến có phạm vi ảnh hưởng cấp tỉnh, bộ",
      old=f"Điều 22 {LAW2003}", new=f"Điều 22 {LAW2022}")
def cstdt_initiative(ctx: Context, out: Outcome):
    n = ctx.params.required_int("CSTDT_CONSECUTIVE_CSTDCS")
    scope_p = ctx.params.param("CSTDT_INITIATIVE_SCOPE")
    scope = scope_p.code(SCOPE_ORDER) or "tinh_bo"
    first = ctx.year - n.integer() + 1
    found = initiatives_in(ctx, first, ctx.year, scope)
    unconfirmed = not (n.confirmed and scope_p.confirmed)
    return out.verdict(
        bool(found),
        passed=(f"Có sáng kiến, đề tài {SCOPE_LABELS[found[0].scope]}: “{found[0].title}” "
                f"({fmt_date(found[0].recognised_on)}).") if found else "",
        failed=f"Không có sáng kiến, đề tài được công nhận và áp dụng {SCOPE_LABELS[scope]} trở lên trong các năm "
               f"{first}–{ctx.year}.",
        unconfirmed=unconfirmed)


# Chiến sĩ thi đua toàn quốc ------------------------------------------------------------------------

@rule("CSTDTQ_CONSECUTIVE", "Các lần liên tục đạt Chiến sĩ thi đua cấp tỉnh",
      old=f"Điều 21 {LAW2003}", new=f"Điều 21 {LAW2022}")
def cstdtq_consecutive(ctx: Context, out: Outcome):
    """N consecutive CSTĐ cấp tỉnh: each needs a cycle of CSTDT_CONSECUTIVE_CSTDCS years, so N of them must
    fall within the last N × cycle years (the last cycle ending with the year rewarded)."""
    count_p = ctx.params.required_int("CSTDTQ_CONSECUTIVE_CSTDT")
    cycle_p = ctx.params.required_int("CSTDT_CONSECUTIVE_CSTDCS")
    count, cycle = count_p.integer(), cycle_p.integer()
    first = ctx.year - count * cycle + 1
    years = [y for y in ctx.facts.years_with("individual", ctx.person_id, "CSTDT") if first <= y <= ctx.year]
    return out.verdict(
        len(years) >= count,
        passed=f"Đạt Chiến sĩ thi đua cấp tỉnh {len(years)} lần liên tục: {fmt_years(years)}.",
        failed=f"Chưa đủ {count} lần liên tục đạt Chiến sĩ thi đua cấp tỉnh trong các năm {first}–{ctx.year}"
               + (f" (chỉ có năm {fmt_years(years)})." if years else "."),
        unconfirmed=not (count_p.confirmed and cycle_p.confirmed))


@rule("CSTDTQ_INITIATIVE", "Sáng kiến có phạm vi ảnh hưởng toàn quốc",
      old=f"Điều 21 {LAW2003}", new=f"Điều 21 {LAW2022}")
def cstdtq_initiative(ctx: Context, out: Outcome):
    count_p = ctx.params.required_int("CSTDTQ_CONSECUTIVE_CSTDT")
    cycle_p = ctx.params.required_int("CSTDT_CONSECUTIVE_CSTDCS")
    scope_p = ctx.params.param("CSTDTQ_INITIATIVE_SCOPE")
    scope = scope_p.code(SCOPE_ORDER) or "toan_quoc"
    first = ctx.year - count_p.integer() * cycle_p.integer() + 1
    found = initiatives_in(ctx, first, ctx.year, scope)
    return out.verdict(
        bool(found),
        passed=f"Có sáng kiến, đề tài {SCOPE_LABELS[found[0].scope]}: “{found[0].title}”." if found else "",
        failed=f"Không có sáng kiến, đề tài được công nhận {SCOPE_LABELS[scope]} trong các năm {first}–{ctx.year}.",
        unconfirmed=not (count_p.confirmed and cycle_p.confirmed and scope_p.confirmed))
