"""Forms of commendation for individuals (DOMAIN.md §3): Bằng khen of the province (or ministry), Bằng khen of
the Prime Minister, Kỷ niệm chương “Vì sự nghiệp phát triển các dân tộc”.

The Bằng khen criteria here are those of the công trạng basis (the annual round); an extraordinary (đột
xuất) or movement (phong trào) proposal is judged by the council on its file.
"""
from __future__ import annotations

from .base import LAW2022, Context, Outcome, fmt_years, rule, years_phrase
from .individual import RATING_LABELS, initiatives_in, is_ldtt
from .params import RATING_ORDER, ParameterProblem

BK_PROVINCE_OR_MINISTRY = ("BK_TINH", "BK_BO")


@rule("BK_TINH_RECORD", "Thành tích các năm liên tục",
      old="Nghị định 91/2017/NĐ-CP (Bằng khen cấp bộ, ngành, tỉnh)", new=f"Điểm d khoản 1 Điều 74 {LAW2022}",
      cong_trang_only=True)
def bk_tinh_record(ctx: Context, out: Outcome):
    """Either N consecutive CSTĐ cơ sở ending with the year rewarded, or M consecutive years rated excellent
    with K base-level initiatives (or research works) recognised in those years. An empty parameter turns
    its path off."""
    n_p = ctx.params.param("BK_TINH_CONSECUTIVE_CSTDCS")
    m_p = ctx.params.param("BK_TINH_ALT_EXCELLENT_YEARS")
    k_p = ctx.params.param("BK_TINH_ALT_INITIATIVES")
    n, m, k = n_p.integer(), m_p.integer(), k_p.integer()
    unconfirmed = not (n_p.confirmed and m_p.confirmed and k_p.confirmed)
    reasons = []
    if n:
        window = list(range(ctx.year - n + 1, ctx.year + 1))
        have = set(ctx.facts.years_with("individual", ctx.person_id, "CSTDCS"))
        missing = [y for y in window if y not in have]
        if not missing:
            return out.passed(f"Đạt Chiến sĩ thi đua cơ sở {n} năm liên tục: {fmt_years(window)}.", unconfirmed)
        reasons.append(f"chưa đạt Chiến sĩ thi đua cơ sở {n} năm liên tục (thiếu năm {fmt_years(missing)})")
    if m and k is not None:
        window = list(range(ctx.year - m + 1, ctx.year + 1))
        not_excellent = [y for y in window if ctx.facts.rating(ctx.person_id, y) != "excellent"]
        found = initiatives_in(ctx, window[0], ctx.year)
        if not not_excellent and len(found) >= k:
            return out.passed(f"Hoàn thành xuất sắc nhiệm vụ {m} năm liên tục ({fmt_years(window)}) và có "
                              f"{len(found)} sáng kiến được công nhận.", unconfirmed)
        part = []
        if not_excellent:
            part.append(f"năm {fmt_years(not_excellent)} không được xếp loại hoàn thành xuất sắc nhiệm vụ")
        if len(found) < k:
            part.append(f"có {len(found)}/{k} sáng kiến được công nhận trong các năm {window[0]}–{ctx.year}")
        reasons.append(f"không đạt cách xét {m} năm hoàn thành xuất sắc nhiệm vụ với {k} sáng kiến ("
                       + "; ".join(part) + ")")
    if not reasons:
        raise ParameterProblem("BK_TINH_CONSECUTIVE_CSTDCS")
    return out.failed("Không đạt tiêu chuẩn: " + "; ".join(reasons) + ".", unconfirmed)


# Bằng khen Thủ tướng -------------------------------------------------------------------------------

@rule("BK_TTG_PRIOR_BK", "Đã được tặng Bằng khen cấp bộ, tỉnh",
      old="Điều 38 Nghị định 91/2017/NĐ-CP", new=f"Điều 73 {LAW2022}", cong_trang_only=True)
def bk_ttg_prior(ctx: Context, out: Outcome):
    """A Bằng khen of a province or ministry for a year before the BK_TTG_YEARS years that follow it (so for
    2024 with 5 years: a Bằng khen for 2019 or earlier)."""
    p = ctx.params.required_int("BK_TTG_YEARS")
    latest_allowed = ctx.year - p.integer()
    years = sorted({y for code in BK_PROVINCE_OR_MINISTRY
                    for y in ctx.facts.years_with("individual", ctx.person_id, code, proposed=False)})
    before = [y for y in years if y <= latest_allowed]
    if before:
        return out.passed(f"Đã được tặng Bằng khen cấp bộ, tỉnh năm {before[-1]}.", not p.confirmed)
    if years:
        return out.failed(f"Bằng khen cấp bộ, tỉnh năm {fmt_years(years)} chưa đủ {p.integer()} năm tiếp theo "
                          f"(cần Bằng khen năm {latest_allowed} trở về trước).", not p.confirmed)
    return out.failed("Chưa được tặng Bằng khen cấp bộ, tỉnh.", not p.confirmed)


@rule("BK_TTG_YEARS", "Các năm liên tục hoàn thành nhiệm vụ",
      old="Điều 38 Nghị định 91/2017/NĐ-CP", new=f"Điều 73 {LAW2022}", cong_trang_only=True)
def bk_ttg_years(ctx: Context, out: Outcome):
    """Each of the last BK_TTG_YEARS years rated BK_TTG_MIN_RATING or better. A year with no rating counts as
    "hoàn thành tốt" when the person was LĐTT or CSTĐ cơ sở that year; otherwise it is a warning."""
    years_p = ctx.params.required_int("BK_TTG_YEARS")
    rating_p = ctx.params.param("BK_TTG_MIN_RATING")
    floor = rating_p.code(RATING_ORDER) or "good"
    window = list(range(ctx.year - years_p.integer() + 1, ctx.year + 1))
    below, unknown = [], []
    for year in window:
        rating = ctx.facts.rating(ctx.person_id, year)
        if rating is None and floor == "good" and is_ldtt(ctx.facts.titles("individual", ctx.person_id, year)):
            rating = "good"
        if rating is None:
            unknown.append(year)
        elif RATING_ORDER[rating] < RATING_ORDER[floor]:
            below.append(year)
    unconfirmed = not (years_p.confirmed and rating_p.confirmed)
    need = f"“{RATING_LABELS[floor]}” trở lên"
    if below:
        return out.failed(f"{years_phrase(below)} không đạt {need} (cần {len(window)} năm liên tục "
                          f"{window[0]}–{window[-1]}).", unconfirmed)
    if unknown:
        return out.warning(f"{years_phrase(unknown)} chưa có kết quả xếp loại: cần {need} cả {len(window)} "
                           f"năm {window[0]}–{window[-1]}.", unconfirmed)
    return out.passed(f"{len(window)} năm liên tục {window[0]}–{window[-1]} đạt {need}.", unconfirmed)


@rule("BK_TTG_CSTDCS", "Số lần Chiến sĩ thi đua cơ sở trong các năm đó",
      new=f"Điều 73 {LAW2022}", cong_trang_only=True)
def bk_ttg_cstdcs(ctx: Context, out: Outcome):
    p = ctx.params.param("BK_TTG_CSTDCS_COUNT")
    needed = p.integer()
    if needed is None:
        return None
    years_p = ctx.params.required_int("BK_TTG_YEARS")
    first = ctx.year - years_p.integer() + 1
    have = [y for y in ctx.facts.years_with("individual", ctx.person_id, "CSTDCS") if first <= y <= ctx.year]
    text = f"{len(have)} lần Chiến sĩ thi đua cơ sở trong các năm {first}–{ctx.year}"
    return out.verdict(
        len(have) >= needed,
        passed=f"{text} ({fmt_years(have)}).",
        failed=f"Chỉ có {text}" + (f" ({fmt_years(have)})" if have else "") + f"; cần {needed} lần.",
        unconfirmed=not (p.confirmed and years_p.confirmed))


@rule("BK_TTG_INITIATIVES", "Số sáng kiến trong các năm đó",
      old="Điều 38 Nghị định 91/2017/NĐ-CP", cong_trang_only=True)
def bk_ttg_initiatives(ctx: Context, out: Outcome):
    p = ctx.params.param("BK_TTG_INITIATIVES")
    needed = p.integer()
    if needed is None:
        return None
    years_p = ctx.params.required_int("BK_TTG_YEARS")
    first = ctx.year - years_p.integer() + 1
    found = initiatives_in(ctx, first, ctx.year)
    return out.verdict(
        len(found) >= needed,
        passed=f"Có {len(found)} sáng kiến được công nhận trong các năm {first}–{ctx.year}.",
        failed=f"Chỉ có {len(found)} sáng kiến được công nhận trong các năm {first}–{ctx.year}; cần {needed}.",
        unconfirmed=not (p.confirmed and years_p.confirmed))


# Kỷ niệm chương --------------------------------------------------------------------------------------

@rule("KNC_ONCE", "Mỗi cá nhân chỉ được tặng một lần",
      old="Quy định xét tặng Kỷ niệm chương của Ủy ban Dân tộc", new="Điều 8 Thông tư 01/2024/TT-UBDT")
def knc_once(ctx: Context, out: Outcome):
    """Counts only Kỷ niệm chương already received (not proposals of the round)."""
    p = ctx.params.required_int("KNC_DT_MAX_TIMES")
    years = ctx.facts.years_with("individual", ctx.person_id, "KNC_DT", proposed=False)
    return out.verdict(
        len(years) < p.integer(),
        passed=(f"Đã được tặng {len(years)} lần (năm {fmt_years(years)}), dưới mức tối đa {p.integer()} lần."
                if years else "Chưa được tặng Kỷ niệm chương “Vì sự nghiệp phát triển các dân tộc”."),
        failed=f"Đã được tặng Kỷ niệm chương “Vì sự nghiệp phát triển các dân tộc” năm {fmt_years(years)}; "
               f"mỗi cá nhân chỉ được tặng {p.integer()} lần.",
        unconfirmed=not p.confirmed)
