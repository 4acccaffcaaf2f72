"""Which rules judge which award under which regime, and evaluate()."""
from __future__ import annotations

from .. import clock
from . import collective, forms, general, individual
from .base import LAW2022, Candidate, Context, Outcome, Rule, RuleResult
from .params import ND98, ND152, OLD

INDIVIDUAL, COLLECTIVE = "individual", "collective"

# (award_code, subject) -> rules, under the 2022 law (both of its decrees).
_LAW2022: dict[tuple[str, str], tuple[Rule, ...]] = {
    ("LDTT", INDIVIDUAL): (individual.ldtt_service, individual.ldtt_rating),
    ("CSTDCS", INDIVIDUAL): (individual.cstdcs_ldtt, individual.cstdcs_achievement),
    ("CSTDT", INDIVIDUAL): (individual.cstdt_consecutive, individual.cstdt_initiative),
    ("CSTDTQ", INDIVIDUAL): (individual.cstdtq_consecutive, individual.cstdtq_initiative),
    ("TTLDTT", COLLECTIVE): (collective.ttldtt_share,),
    ("TTLDXS", COLLECTIVE): (collective.ttldxs_share, collective.ttldxs_cstdcs, collective.ttldxs_completed),
    ("BK_TINH", INDIVIDUAL): (forms.bk_tinh_record,),
    ("BK_BO", INDIVIDUAL): (forms.bk_tinh_record,),  # the same Điều 74 criteria
    ("BK_TTG", INDIVIDUAL): (forms.bk_ttg_prior, forms.bk_ttg_years, forms.bk_ttg_cstdcs, forms.bk_ttg_initiatives),
    ("KNC_DT", INDIVIDUAL): (forms.knc_once,),
}
# The 2003 law: CSTĐ cơ sở needs an initiative (a rating alone is not enough); TTLĐXS also needs no member
# disciplined at cảnh cáo or above.
_LAW2003 = {
    **_LAW2022,
    ("CSTDCS", INDIVIDUAL): (individual.cstdcs_ldtt, individual.cstdcs_initiative),
    ("TTLDXS", COLLECTIVE): _LAW2022[("TTLDXS", COLLECTIVE)] + (collective.ttldxs_discipline,),
}

REGISTRY: dict[tuple[str, str, str], tuple[Rule, ...]] = {
    (regime, code, subject): rules
    for regime, table in ((OLD, _LAW2003), (ND98, _LAW2022), (ND152, _LAW2022))
    for (code, subject), rules in table.items()
}

# Rules for every individual proposal, by the regime in force on the date judged (see general.py).
GENERAL: dict[str, tuple[Rule, ...]] = {
    OLD: (general.discipline_in_force,),
    ND98: (general.discipline_in_force,),
    ND152: (general.discipline_in_force, general.discipline_count_from_end),
}

AWARD_SUBJECTS = {
    "LDTT": INDIVIDUAL, "CSTDCS": INDIVIDUAL, "CSTDT": INDIVIDUAL, "CSTDTQ": INDIVIDUAL, "KNC_DT": INDIVIDUAL,
    "TTLDTT": COLLECTIVE, "TTLDXS": COLLECTIVE, "CO_TINH": COLLECTIVE, "CO_CP": COLLECTIVE,
}
AWARD_NAMES = {
    "LDTT": "Lao động tiên tiến", "CSTDCS": "Chiến sĩ thi đua cơ sở", "CSTDT": "Chiến sĩ thi đua cấp tỉnh",
    "CSTDTQ": "Chiến sĩ thi đua toàn quốc", "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc", "CO_TINH": "Cờ thi đua cấp tỉnh", "CO_CP": "Cờ thi đua của Chính phủ",
    "GK": "Giấy khen", "BK_TINH": "Bằng khen cấp tỉnh", "BK_BO": "Bằng khen cấp bộ",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ", "KNC_DT": "Kỷ niệm chương",
}
_ARTICLES_2022 = {"LDTT": "Điều 24", "CSTDCS": "Điều 23", "CSTDT": "Điều 22", "CSTDTQ": "Điều 21",
                  "CO_CP": "Điều 25", "CO_TINH": "Điều 26", "TTLDXS": "Điều 27", "TTLDTT": "Điều 28",
                  "BK_TTG": "Điều 73", "BK_TINH": "Điều 74", "BK_BO": "Điều 74", "GK": "Điều 75"}
SUBJECT_LABELS = {INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể"}


def _award_article(regime_code: str, award_code: str) -> str:
    if regime_code == OLD:
        return "Luật Thi đua, khen thưởng 2003; Nghị định 91/2017/NĐ-CP"
    if award_code == "KNC_DT":
        return "Điều 8 Thông tư 01/2024/TT-UBDT"
    article = _ARTICLES_2022.get(award_code)
    return f"{article} {LAW2022}" if article else LAW2022


def rules_for(regime_code: str, award_code: str, subject: str) -> tuple[Rule, ...]:
    """The criteria rules of an award for a subject under a regime (general rules not included)."""
    return REGISTRY.get((regime_code, award_code, subject), ())


def evaluate(candidate: Candidate, facts) -> list[RuleResult]:
    """Judge a candidate: the award's criteria under the regime of the year rewarded (or candidate.regime_code),
    then the general rules under the regime in force on candidate.on_date (default: today). Reads the
    regime's parameters once, through facts.parameters()."""
    if candidate.subject == INDIVIDUAL and candidate.person_id is None:
        raise ValueError("an individual candidate needs person_id")
    if candidate.subject == COLLECTIVE and candidate.unit_id is None:
        raise ValueError("a collective candidate needs unit_id")
    name = AWARD_NAMES.get(candidate.award_code, candidate.award_code)
    regime = candidate.regime_code or facts.regime_for_year(candidate.year)
    if regime is None:
        return [Outcome("REGIME", "").warning(f"Chưa có chế độ pháp lý áp dụng cho năm {candidate.year}: "
                                              f"không tự kiểm tra được tiêu chuẩn.")]
    expected = AWARD_SUBJECTS.get(candidate.award_code)
    if expected and expected != candidate.subject:
        return [Outcome("SUBJECT", _award_article(regime, candidate.award_code)).failed(
            f"{name} chỉ xét tặng cho {SUBJECT_LABELS[expected]}, không xét cho "
            f"{SUBJECT_LABELS.get(candidate.subject, candidate.subject)}.")]
    on_date = candidate.on_date or clock.today()
    ctx = Context(candidate, facts, facts.parameters(regime), regime, facts.regime_on(on_date) or regime, on_date)

    criteria = [r for r in rules_for(regime, candidate.award_code, candidate.subject)
                if not (r.cong_trang_only and candidate.basis != "cong_trang")]
    results = [result for r in criteria if (result := r(ctx)) is not None]
    if not criteria:
        results.append(Outcome("MANUAL_REVIEW", _award_article(regime, candidate.award_code)).warning(
            f"Tiêu chuẩn {name} cho {SUBJECT_LABELS.get(candidate.subject, candidate.subject)}"
            + (" theo loại hình này" if candidate.basis != "cong_trang" else "")
            + " không kiểm tra tự động được: Hội đồng Thi đua – Khen thưởng xem xét theo hồ sơ."))
    if candidate.subject == INDIVIDUAL:
        results += [result for r in GENERAL.get(ctx.procedure_regime, ()) if (result := r(ctx)) is not None]
    return results
