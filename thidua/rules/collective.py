"""Emulation titles of collectives (DOMAIN.md §2): Tập thể lao động tiên tiến, Tập thể lao động xuất sắc;
and the cap on Chiến sĩ thi đua cơ sở of a unit's round (old regime).

Members of a collective are the active staff of the unit (Facts.unit_members), its sub-units not included.
A member counts as LĐTT when holding (or proposed in the round for) LĐTT or CSTĐ cơ sở that year.
"""
from __future__ import annotations

import datetime

from .base import LAW2003, LAW2022, Context, Outcome, RuleResult, fmt_number, fmt_percent, rule
from .individual import is_ldtt
from .params import ND98, ND152, OLD, RATING_ORDER, ParameterProblem, Params

DISCIPLINE_ORDER = ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "bai_nhiem",
                    "buoc_thoi_viec"]
DISCIPLINE_LABELS = {"khien_trach": "khiển trách", "canh_cao": "cảnh cáo", "ha_bac_luong": "hạ bậc lương",
                     "giang_chuc": "giáng chức", "cach_chuc": "cách chức", "bai_nhiem": "bãi nhiệm",
                     "buoc_thoi_viec": "buộc thôi việc"}


def _members(ctx: Context, out: Outcome) -> tuple[list[int], RuleResult | None]:
    members = ctx.facts.unit_members(ctx.unit_id)
    if not members:
        return members, out.warning("Đơn vị chưa có danh sách cán bộ đang công tác: không tính được tỷ lệ.")
    return members, None


def _ldtt_count(ctx: Context, members: list[int]) -> int:
    return sum(1 for codes in ctx.facts.titles_for(members, ctx.year).values() if is_ldtt(codes))


def _ldtt_share(ctx: Context, out: Outcome, key: str, strictly_more: bool):
    """The share of members holding LĐTT against the percentage parameter key."""
    p = ctx.params.required_number(key)
    members, problem = _members(ctx, out)
    if problem:
        return problem
    ldtt, threshold = _ldtt_count(ctx, members), p.number()
    share = f"{ldtt}/{len(members)} thành viên ({fmt_percent(ldtt, len(members))}) đạt Lao động tiên tiến"
    if strictly_more:
        ok = ldtt * 100 > threshold * len(members)
        passed, failed = f"{share}, trên {fmt_number(threshold)}%.", f"{share}; cần trên {fmt_number(threshold)}%."
    else:
        ok = ldtt * 100 >= threshold * len(members)
        passed = f"{share}, từ {fmt_number(threshold)}% trở lên."
        failed = f"{share}; cần ít nhất {fmt_number(threshold)}%."
    return out.verdict(ok, passed=passed, failed=failed, unconfirmed=not p.confirmed)


@rule("TTLDTT_SHARE", "Tỷ lệ thành viên đạt Lao động tiên tiến",
      old=f"Điều 28 {LAW2003}", new=f"Điều 28 {LAW2022}")
def ttldtt_share(ctx: Context, out: Outcome):
    """More than TTLDTT_MIN_LDTT_PERCENT % of members LĐTT (strictly more: exactly 50% is not enough)."""
    return _ldtt_share(ctx, out, "TTLDTT_MIN_LDTT_PERCENT", strictly_more=True)


@rule("TTLDXS_SHARE", "Tỷ lệ thành viên đạt Lao động tiên tiến",
      old=f"Điều 27 {LAW2003}", new=f"Điều 27 {LAW2022}")
def ttldxs_share(ctx: Context, out: Outcome):
    """At least TTLDXS_MIN_LDTT_PERCENT % of members LĐTT (exactly 70% is enough)."""
    return _ldtt_share(ctx, out, "TTLDXS_MIN_LDTT_PERCENT", strictly_more=False)


@rule("TTLDXS_CSTDCS", "Có thành viên đạt Chiến sĩ thi đua cơ sở",
      old=f"Điều 27 {LAW2003}", new=f"Điều 27 {LAW2022}")
def ttldxs_cstdcs(ctx: Context, out: Outcome):
    p = ctx.params.required_int("TTLDXS_MIN_CSTDCS")
    members, problem = _members(ctx, out)
    if problem:
        return problem
    count = sum(1 for codes in ctx.facts.titles_for(members, ctx.year).values() if "CSTDCS" in codes)
    return out.verdict(
        count >= p.integer(),
        passed=f"Có {count} thành viên đạt Chiến sĩ thi đua cơ sở năm {ctx.year}.",
        failed=f"Có {count} thành viên đạt Chiến sĩ thi đua cơ sở năm {ctx.year}; cần ít nhất {p.integer()}.",
        unconfirmed=not p.confirmed)


@rule("TTLDXS_COMPLETED", "Thành viên hoàn thành nhiệm vụ",
      old=f"Điều 27 {LAW2003}", new=f"Điều 27 {LAW2022}")
def ttldxs_completed(ctx: Context, out: Outcome):
    """TTLDXS_MIN_COMPLETED_PERCENT % (100%) of members rated "hoàn thành nhiệm vụ" or better; members with no
    rating yet make it a warning."""
    p = ctx.params.required_number("TTLDXS_MIN_COMPLETED_PERCENT")
    members, problem = _members(ctx, out)
    if problem:
        return problem
    ratings = ctx.facts.ratings_for(members, ctx.year)
    done = sum(1 for r in ratings.values() if r is not None and RATING_ORDER[r] >= RATING_ORDER["completed"])
    unknown = sum(1 for r in ratings.values() if r is None)
    threshold, n = p.number(), len(members)
    text = f"{done}/{n} thành viên ({fmt_percent(done, n)}) hoàn thành nhiệm vụ trở lên"
    if done * 100 >= threshold * n:
        return out.passed(f"{text}.", not p.confirmed)
    if (done + unknown) * 100 >= threshold * n:
        return out.warning(f"{text}; {unknown} thành viên chưa có kết quả xếp loại (cần {fmt_number(threshold)}%).",
                           not p.confirmed)
    return out.failed(f"{text}; cần {fmt_number(threshold)}%.", not p.confirmed)


@rule("TTLDXS_DISCIPLINE", "Không có thành viên bị kỷ luật", old=f"Điều 27 {LAW2003}; Nghị định 91/2017/NĐ-CP")
def ttldxs_discipline(ctx: Context, out: Outcome):
    """Old regime only: no member under a penalty of TTLDXS_NO_DISCIPLINE_FROM (cảnh cáo) or heavier at any
    time of the year rewarded. Empty parameter: the rule does not apply."""
    p = ctx.params.param("TTLDXS_NO_DISCIPLINE_FROM")
    floor = p.code({k: None for k in DISCIPLINE_ORDER})
    if floor is None:
        return None
    members, problem = _members(ctx, out)
    if problem:
        return problem
    first, last = datetime.date(ctx.year, 1, 1), datetime.date(ctx.year, 12, 31)
    heavy = set(DISCIPLINE_ORDER[DISCIPLINE_ORDER.index(floor):])
    hit = sum(1 for ds in ctx.facts.disciplines_for(members).values()
              if any(d.level in heavy and d.overlaps(first, last) for d in ds))
    return out.verdict(
        hit == 0,
        passed=f"Không có thành viên bị kỷ luật từ hình thức {DISCIPLINE_LABELS[floor]} trở lên năm {ctx.year}.",
        failed=f"Có {hit} thành viên bị kỷ luật từ hình thức {DISCIPLINE_LABELS[floor]} trở lên năm {ctx.year}.",
        unconfirmed=not p.confirmed)


# The cap on CSTĐ cơ sở -----------------------------------------------------------------------------

CAP_ARTICLES = {OLD: "Khoản 3 Điều 9 Nghị định 91/2017/NĐ-CP",
                ND98: f"Điều 23 {LAW2022} (tỷ lệ chưa được xác nhận)",
                ND152: f"Điều 23 {LAW2022}; Nghị định 152/2025/NĐ-CP (tỷ lệ chưa được xác nhận)"}


def cap_results(unit_id: int, year: int, regime_code: str, facts, proposed_cstdcs: int, proposed_ldtt: int,
                include_subunits: bool = False) -> list[RuleResult]:
    """Check the round of a unit against the cap on CSTĐ cơ sở (CSTDCS_CAP_PERCENT % of its LĐTT).

    The cap is about the whole round, not one person, so it is not among evaluate()'s rules. Call it once per
    unit and round, e.g. when the unit's list is submitted or the council opens it:

        cap_results(unit.id, 2021, "LAW2003_ND91", DbFacts(), proposed_cstdcs=3, proposed_ldtt=20)

    Totals = titles already visible through `facts` for the unit's members that year + the proposed numbers.
    So give a plain DbFacts() and the round's counts (people proposed for CSTĐ cơ sở are also in
    proposed_ldtt, as they must be LĐTT); or, if the round's proposals are already in the facts'
    extra_titles, pass zeros. include_subunits counts the staff of the unit's sub-units too (a round of the
    whole agency). The count of CSTĐ cơ sở may not exceed the cap, rounded down: 15% of 10 LĐTT allows 1.
    With no cap configured (the 2022 law: unconfirmed) the result says so and passes.
    """
    params: Params = facts.parameters(regime_code)
    out = Outcome("CSTDCS_CAP", CAP_ARTICLES.get(regime_code, CAP_ARTICLES[ND152]))
    p = params.param("CSTDCS_CAP_PERCENT")
    members = facts.unit_members(unit_id, include_subunits=include_subunits)
    titles = facts.titles_for(members, year)
    cstdcs = sum(1 for codes in titles.values() if "CSTDCS" in codes) + proposed_cstdcs
    ldtt = sum(1 for codes in titles.values() if is_ldtt(codes)) + proposed_ldtt
    try:
        cap = p.number()
    except ParameterProblem as problem:
        return [out.warning(str(problem), unconfirmed=True)]
    if cap is None:
        return [out.passed(f"Chưa cấu hình tỷ lệ tối đa Chiến sĩ thi đua cơ sở cho chế độ này; năm {year} có "
                           f"{cstdcs} Chiến sĩ thi đua cơ sở trên {ldtt} Lao động tiên tiến.", not p.confirmed)]
    allowed = int(cap * ldtt // 100)
    share = f"{cstdcs} Chiến sĩ thi đua cơ sở trên {ldtt} Lao động tiên tiến"
    if ldtt:
        share += f" ({fmt_percent(cstdcs, ldtt)})"
    return [out.verdict(
        cstdcs <= allowed,
        passed=f"{share}: trong giới hạn {fmt_number(cap)}% (tối đa {allowed}).",
        failed=f"{share}: vượt giới hạn {fmt_number(cap)}% (tối đa {allowed}).",
        unconfirmed=not p.confirmed)]
