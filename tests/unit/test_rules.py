"""The rules engine, table-driven from the numbers of DOMAIN.md: for each rule a passing case, a failing case
and the boundary; most on MemoryFacts, a few on the real database through DbFacts."""
from __future__ import annotations

import datetime

import pytest

from thidua.rules import (FAIL, PASS, REGISTRY, UNCONFIRMED_NOTE, WARNING, Candidate, DbFacts, MemoryFacts,
                          cap_results, evaluate, summary)
from thidua.rules import params as rule_params
from thidua.rules.base import RuleResult, add_months, duration
from thidua.rules.params import ND98, ND152, OLD

D = datetime.date

# The numbers of DOMAIN.md §1–§3, by regime: (value, confirmed). "" = not configured.
DOMAIN_NUMBERS = {
    "LDTT_MIN_MONTHS": {OLD: ("10", True), ND98: ("6", True), ND152: ("6", True)},  # §1.5
    "CSTDCS_CAP_PERCENT": {OLD: ("15", True), ND98: ("", False), ND152: ("", False)},  # §1.3, cap UNCONFIRMED
    "CSTDT_CONSECUTIVE_CSTDCS": {OLD: ("3", True), ND98: ("3", True), ND152: ("3", True)},  # §2 "3 consecutive"
    "CSTDTQ_CONSECUTIVE_CSTDT": {OLD: ("2", True), ND98: ("2", True), ND152: ("2", True)},  # §2
    "TTLDTT_MIN_LDTT_PERCENT": {OLD: ("50", True), ND98: ("50", False), ND152: ("50", False)},  # 2022 UNCONFIRMED
    "TTLDXS_MIN_LDTT_PERCENT": {OLD: ("70", True), ND98: ("70", True), ND152: ("70", True)},
    "TTLDXS_MIN_CSTDCS": {OLD: ("1", True), ND98: ("1", True), ND152: ("1", True)},
    "TTLDXS_MIN_COMPLETED_PERCENT": {OLD: ("100", True), ND98: ("100", True), ND152: ("100", True)},
    "TTLDXS_NO_DISCIPLINE_FROM": {OLD: ("canh_cao", True), ND98: ("", True), ND152: ("", True)},  # §1.4
    "BK_TINH_CONSECUTIVE_CSTDCS": {OLD: ("2", False), ND98: ("2", True), ND152: ("2", True)},  # §3, 2022 only
    "BK_TINH_ALT_EXCELLENT_YEARS": {OLD: ("2", False), ND98: ("2", True), ND152: ("2", True)},
    "BK_TINH_ALT_INITIATIVES": {OLD: ("2", False), ND98: ("2", True), ND152: ("2", True)},
    "BK_TTG_YEARS": {OLD: ("5", True), ND98: ("5", True), ND152: ("5", True)},  # §1.6
    "BK_TTG_MIN_RATING": {OLD: ("excellent", True), ND98: ("good", True), ND152: ("good", True)},
    "BK_TTG_CSTDCS_COUNT": {OLD: ("", True), ND98: ("3", True), ND152: ("3", True)},
    "BK_TTG_INITIATIVES": {OLD: ("5", True), ND98: ("", True), ND152: ("", True)},
    "KNC_DT_MAX_TIMES": {OLD: ("1", True), ND98: ("1", True), ND152: ("1", True)},  # §3 once per person
}


def judged(year: int) -> datetime.date:
    """The usual date of the year-end round: January of the next year."""
    return D(year + 1, 1, 15)


def run(facts, award: str, year: int, *, person_id: int | None = 1, unit_id: int | None = None,
        subject: str | None = None, on_date=None, basis: str = "cong_trang", regime=None) -> dict[str, RuleResult]:
    subject = subject or ("individual" if unit_id is None else "collective")
    if subject == "collective":
        person_id = None
    candidate = Candidate(award, subject, person_id, unit_id, year, regime, on_date or judged(year), basis)
    results = evaluate(candidate, facts)
    by_code = {r.code: r for r in results}
    assert len(by_code) == len(results), "one result per rule"
    return by_code


def status_of(facts, award: str, year: int, code: str, **kw) -> str:
    results = run(facts, award, year, **kw)
    assert code in results, (code, list(results))
    return results[code].status


# The numbers ----------------------------------------------------------------------------------------

def test_the_seeded_numbers_are_those_of_domain_md():
    for key, by_regime in DOMAIN_NUMBERS.items():
        for regime, expected in by_regime.items():
            assert rule_params.DEFAULTS[regime][key] == expected, (key, regime)


def test_every_parameter_has_a_label_and_every_regime_the_same_keys():
    for regime in (OLD, ND98, ND152):
        assert set(rule_params.DEFAULTS[regime]) == set(rule_params.KEYS)


# Lao động tiên tiến: minimum service ----------------------------------------------------------------

@pytest.mark.parametrize("year, employed_since, expected", [
    (2024, D(2024, 7, 1), PASS),       # exactly 6 months to 31/12 (new regime)
    (2024, D(2024, 7, 2), FAIL),       # 5 months 30 days
    (2024, D(2024, 7, 3), FAIL),       # 5 months 29 days
    (2024, D(2015, 3, 1), PASS),
    (2025, D(2025, 7, 1), PASS),       # ND 152: same 6 months
    (2025, D(2025, 7, 2), FAIL),
    (2023, D(2023, 3, 1), PASS),       # exactly 10 months (old regime)
    (2023, D(2023, 3, 2), FAIL),       # 9 months 30 days
    (2023, D(2023, 7, 1), FAIL),       # 6 months were not enough before 2024
    (2024, D(2025, 1, 1), FAIL),       # not yet working in the year
    (2024, None, WARNING),             # no date recorded: check by hand
])
def test_ldtt_minimum_service(year, employed_since, expected):
    facts = MemoryFacts().add_person(1, unit_id=10, employed_since=employed_since).rate(1, "good", year)
    assert status_of(facts, "LDTT", year, "LDTT_SERVICE") == expected


def test_ldtt_service_message_gives_months_and_days_and_the_article():
    facts = MemoryFacts().add_person(1, employed_since=D(2024, 7, 3))
    result = run(facts, "LDTT", 2024)["LDTT_SERVICE"]
    assert "5 tháng 29 ngày" in result.message and "6 tháng" in result.message
    assert "Thông tư 01/2024/TT-BNV" in result.article
    old = run(MemoryFacts().add_person(1, employed_since=D(2023, 7, 1)), "LDTT", 2023)["LDTT_SERVICE"]
    assert "10 tháng" in old.message and "91/2017" in old.article


@pytest.mark.parametrize("rating, expected", [
    ("excellent", PASS), ("good", PASS), ("completed", FAIL), ("not_completed", FAIL), (None, WARNING)])
def test_ldtt_rating_needs_good_or_better(rating, expected):
    facts = MemoryFacts().add_person(1, employed_since=D(2010, 1, 1))
    if rating:
        facts.rate(1, rating, 2024)
    assert status_of(facts, "LDTT", 2024, "LDTT_RATING") == expected


# Chiến sĩ thi đua cơ sở -----------------------------------------------------------------------------

@pytest.mark.parametrize("granted, proposed, expected", [
    (True, False, PASS), (False, True, PASS), (False, False, FAIL)])
def test_cstdcs_needs_ldtt_the_same_year_granted_or_proposed(granted, proposed, expected):
    facts = MemoryFacts().add_person(1).rate(1, "excellent", 2024)
    if granted:
        facts.grant("LDTT", 2024, person_id=1)
    if proposed:
        facts.propose("LDTT", 2024, person_id=1)
    facts.grant("LDTT", 2023, person_id=1)  # another year's title does not count
    assert status_of(facts, "CSTDCS", 2024, "CSTDCS_LDTT") == expected


@pytest.mark.parametrize("rating, initiative_on, expected", [
    ("excellent", None, PASS),            # excellent rating alone (2022 law)
    ("good", D(2024, 12, 31), PASS),      # a base initiative recognised on the last day of the year
    ("good", D(2024, 1, 1), PASS),
    ("good", D(2023, 12, 31), FAIL),      # recognised the year before: does not count
    ("good", D(2025, 1, 1), FAIL),
    ("good", None, FAIL),
    (None, None, WARNING),                # no rating yet, no initiative
])
def test_cstdcs_2022_needs_an_excellent_rating_or_an_initiative(rating, initiative_on, expected):
    facts = MemoryFacts().add_person(1).grant("LDTT", 2024, person_id=1)
    if rating:
        facts.rate(1, rating, 2024)
    if initiative_on:
        facts.add_initiative(1, "co_so", initiative_on)
    assert status_of(facts, "CSTDCS", 2024, "CSTDCS_ACHIEVEMENT") == expected


@pytest.mark.parametrize("rating, initiative_on, expected", [
    ("excellent", None, FAIL),            # before 2024 the rating was not enough
    ("good", D(2023, 6, 1), PASS),
    ("good", D(2022, 12, 31), FAIL),
])
def test_cstdcs_2003_needs_an_initiative(rating, initiative_on, expected):
    facts = MemoryFacts().add_person(1).grant("LDTT", 2023, person_id=1).rate(1, rating, 2023)
    if initiative_on:
        facts.add_initiative(1, "co_so", initiative_on)
    results = run(facts, "CSTDCS", 2023)
    assert "CSTDCS_ACHIEVEMENT" not in results
    assert results["CSTDCS_INITIATIVE"].status == expected


def test_the_regime_is_chosen_by_the_year_rewarded():
    # The same record — LĐTT, excellent, no initiative — judged for 2023 and for 2024.
    facts = MemoryFacts().add_person(1, employed_since=D(2010, 1, 1))
    for year in (2023, 2024):
        facts.grant("LDTT", year, person_id=1).rate(1, "excellent", year)
    assert summary(evaluate(Candidate("CSTDCS", "individual", 1, None, 2023, on_date=judged(2023)), facts)) == FAIL
    assert summary(evaluate(Candidate("CSTDCS", "individual", 1, None, 2024, on_date=judged(2024)), facts)) == PASS
    # An explicit regime overrides the year's.
    explicit = Candidate("CSTDCS", "individual", 1, None, 2024, OLD, judged(2024))
    assert summary(evaluate(explicit, facts)) == FAIL


def test_the_service_rule_differs_between_2023_and_2024():
    # Hired on 1 July: 6 months by 31 December — enough from 2024, not in 2023.
    assert status_of(MemoryFacts().add_person(1, employed_since=D(2023, 7, 1)), "LDTT", 2023, "LDTT_SERVICE") == FAIL
    assert status_of(MemoryFacts().add_person(1, employed_since=D(2024, 7, 1)), "LDTT", 2024, "LDTT_SERVICE") == PASS


# Chiến sĩ thi đua cấp tỉnh ---------------------------------------------------------------------------

@pytest.mark.parametrize("granted, proposed, expected", [
    ((2022, 2023, 2024), (), PASS),        # 3 consecutive, the last in the year rewarded
    ((2022, 2023), (2024,), PASS),         # the third proposed in the same round
    ((2021, 2022, 2024), (), FAIL),        # 3, not consecutive
    ((2021, 2022, 2023), (), FAIL),        # consecutive, but not ending with the year rewarded
    ((2023, 2024), (), FAIL),              # only 2
])
def test_cstdt_needs_three_consecutive_cstdcs(granted, proposed, expected):
    facts = MemoryFacts().add_person(1).add_initiative(1, "tinh_bo", D(2023, 5, 1))
    facts.grant("CSTDCS", *granted, person_id=1)
    for year in proposed:
        facts.propose("CSTDCS", year, person_id=1)
    assert status_of(facts, "CSTDT", 2024, "CSTDT_CONSECUTIVE") == expected


def test_cstdt_does_not_reuse_cstdcs_already_counted_for_an_earlier_one():
    facts = MemoryFacts().add_person(1).grant("CSTDCS", 2021, 2022, 2023, 2024, person_id=1)
    facts.grant("CSTDT", 2023, person_id=1)
    result = run(facts, "CSTDT", 2024)["CSTDT_CONSECUTIVE"]
    assert result.status == FAIL and "2023" in result.message
    # Three years later the new cycle counts.
    facts.grant("CSTDCS", 2025, 2026, person_id=1)
    assert status_of(facts, "CSTDT", 2026, "CSTDT_CONSECUTIVE") == PASS


@pytest.mark.parametrize("scope, recognised_on, expected", [
    ("tinh_bo", D(2022, 1, 1), PASS),      # first day of the 3-year window
    ("toan_quoc", D(2024, 3, 1), PASS),    # a wider scope is enough
    ("tinh_bo", D(2021, 12, 31), FAIL),    # before the window
    ("co_so", D(2024, 3, 1), FAIL),        # base scope is not enough
])
def test_cstdt_needs_an_initiative_of_provincial_scope(scope, recognised_on, expected):
    facts = MemoryFacts().add_person(1).grant("CSTDCS", 2022, 2023, 2024, person_id=1)
    facts.add_initiative(1, scope, recognised_on)
    assert status_of(facts, "CSTDT", 2024, "CSTDT_INITIATIVE") == expected


@pytest.mark.parametrize("cstdt_years, scope, consecutive, initiative", [
    ((2021, 2024), "toan_quoc", PASS, PASS),
    ((2019, 2024), "toan_quoc", PASS, PASS),   # two cycles of 3 years: 2019–2024
    ((2018, 2024), "toan_quoc", FAIL, PASS),
    ((2024,), "tinh_bo", FAIL, FAIL),
])
def test_cstdtq_needs_two_consecutive_cstdt_and_a_national_initiative(cstdt_years, scope, consecutive,
                                                                       initiative):
    facts = MemoryFacts().add_person(1).grant("CSTDT", *cstdt_years, person_id=1)
    facts.add_initiative(1, scope, D(2023, 1, 1))
    results = run(facts, "CSTDTQ", 2024)
    assert (results["CSTDTQ_CONSECUTIVE"].status, results["CSTDTQ_INITIATIVE"].status) == (consecutive, initiative)


# Collective titles -----------------------------------------------------------------------------------

def unit_with(members: int, ldtt: int = 0, cstdcs: int = 0, year: int = 2024, unit_id: int = 10,
              ratings: str | None = "good") -> MemoryFacts:
    """A unit of `members` staff, the first `ldtt` LĐTT and, among them, the first `cstdcs` CSTĐ cơ sở."""
    facts = MemoryFacts().add_unit(unit_id)
    for pid in range(1, members + 1):
        facts.add_person(pid, unit_id=unit_id)
        if ratings:
            facts.rate(pid, ratings, year)
        if pid <= cstdcs:
            facts.grant("CSTDCS", year, person_id=pid)
            facts.grant("LDTT", year, person_id=pid)
        elif pid <= ldtt:
            facts.grant("LDTT", year, person_id=pid)
    return facts


@pytest.mark.parametrize("year, members, ldtt, expected", [
    (2023, 10, 5, FAIL),        # exactly 50%: "more than 50%" fails
    (2023, 100, 51, PASS),      # 51%
    (2023, 10, 6, PASS),
    (2023, 10, 2, FAIL),
    (2024, 10, 5, WARNING),     # 2022 wording unconfirmed: a failure is only a warning
    (2024, 100, 51, PASS),
])
def test_ttldtt_needs_more_than_half_ldtt(year, members, ldtt, expected):
    facts = unit_with(members, ldtt, year=year)
    result = run(facts, "TTLDTT", year, unit_id=10)["TTLDTT_SHARE"]
    assert result.status == expected
    assert result.unconfirmed is (year >= 2024)
    if expected == WARNING:
        assert result.message.endswith(UNCONFIRMED_NOTE)


def test_ttldtt_counts_cstdcs_holders_and_proposals_as_ldtt_and_only_active_staff():
    facts = unit_with(4, ldtt=1)                        # 1 of 4
    facts.grant("CSTDCS", 2024, person_id=2)            # a CSTĐ cơ sở is LĐTT too: 2 of 4 = 50%
    facts.add_person(5, unit_id=10, is_staff=False)     # not staff: not a member
    facts.add_person(6, unit_id=10, active=False)
    facts.set_param(ND98, "TTLDTT_MIN_LDTT_PERCENT", "50", confirmed=True)
    assert status_of(facts, "TTLDTT", 2024, "TTLDTT_SHARE", unit_id=10) == FAIL
    facts.propose("LDTT", 2024, person_id=3)            # 3 of 4
    assert status_of(facts, "TTLDTT", 2024, "TTLDTT_SHARE", unit_id=10) == PASS


@pytest.mark.parametrize("members, ldtt, expected", [
    (10, 7, PASS),              # exactly 70%
    (100, 69, FAIL),            # 69%
    (100, 70, PASS),
    (3, 2, FAIL),               # 66.7%
])
def test_ttldxs_needs_seventy_percent_ldtt(members, ldtt, expected):
    facts = unit_with(members, ldtt, cstdcs=1)
    assert status_of(facts, "TTLDXS", 2024, "TTLDXS_SHARE", unit_id=10) == expected


@pytest.mark.parametrize("cstdcs, expected", [(1, PASS), (2, PASS), (0, FAIL)])
def test_ttldxs_needs_at_least_one_cstdcs(cstdcs, expected):
    assert status_of(unit_with(10, 8, cstdcs), "TTLDXS", 2024, "TTLDXS_CSTDCS", unit_id=10) == expected


@pytest.mark.parametrize("last_rating, expected", [
    ("completed", PASS), ("not_completed", FAIL), (None, WARNING)])
def test_ttldxs_needs_every_member_to_complete_tasks(last_rating, expected):
    facts = unit_with(5, 5, 1, ratings=None)
    for pid in range(1, 5):
        facts.rate(pid, "excellent", 2024)
    if last_rating:
        facts.rate(5, last_rating, 2024)
    assert status_of(facts, "TTLDXS", 2024, "TTLDXS_COMPLETED", unit_id=10) == expected


@pytest.mark.parametrize("level, starts, ends, expected", [
    ("canh_cao", D(2023, 3, 1), None, FAIL),
    ("ha_bac_luong", D(2022, 6, 1), D(2023, 1, 1), FAIL),   # in force on the first day of the year
    ("canh_cao", D(2022, 1, 1), D(2022, 12, 31), PASS),      # ended the day before the year
    ("khien_trach", D(2023, 3, 1), None, PASS),              # lighter than cảnh cáo
])
def test_ttldxs_under_the_old_regime_refuses_members_disciplined_from_canh_cao(level, starts, ends, expected):
    facts = unit_with(10, 10, 1, year=2023).add_discipline(3, level, starts, ends)
    assert status_of(facts, "TTLDXS", 2023, "TTLDXS_DISCIPLINE", unit_id=10) == expected


def test_ttldxs_discipline_condition_is_gone_under_the_2022_law():
    facts = unit_with(10, 10, 1, year=2024).add_discipline(3, "canh_cao", D(2024, 3, 1))
    results = run(facts, "TTLDXS", 2024, unit_id=10)
    assert "TTLDXS_DISCIPLINE" not in results and summary(results.values()) == PASS


def test_a_unit_with_no_members_is_a_warning():
    facts = MemoryFacts().add_unit(10)
    assert status_of(facts, "TTLDTT", 2024, "TTLDTT_SHARE", unit_id=10) == WARNING


# The cap on CSTĐ cơ sở (old regime) ------------------------------------------------------------------

@pytest.mark.parametrize("ldtt, cstdcs, expected", [
    (20, 3, PASS),              # exactly 15%
    (20, 4, FAIL),              # 20%
    (10, 1, PASS),              # 10%
    (10, 2, FAIL),              # 20%; 15% of 10 allows 1 (rounded down)
    (6, 1, FAIL),               # 16.7%
    (0, 0, PASS),
])
def test_cstdcs_cap_of_fifteen_percent_under_the_old_regime(ldtt, cstdcs, expected):
    facts = MemoryFacts().add_unit(10)
    [result] = cap_results(10, 2021, OLD, facts, proposed_cstdcs=cstdcs, proposed_ldtt=ldtt)
    assert result.status == expected and result.code == "CSTDCS_CAP"
    assert "Điều 9" in result.article and not result.unconfirmed


def test_cap_adds_titles_already_granted_and_can_count_sub_units():
    facts = unit_with(20, 20, 2, year=2021).add_unit(11, parent_id=10).add_person(99, unit_id=11)
    facts.grant("LDTT", 2021, person_id=99)
    # 2 granted + 1 proposed = 3 of 20 LĐTT: 15%.
    assert cap_results(10, 2021, OLD, facts, 1, 0)[0].status == PASS
    assert cap_results(10, 2021, OLD, facts, 2, 0)[0].status == FAIL
    # With the sub-unit's LĐTT: 3 of 21.
    assert cap_results(10, 2021, OLD, facts, 1, 0, include_subunits=True)[0].status == PASS
    assert "21 Lao động tiên tiến" in cap_results(10, 2021, OLD, facts, 1, 0, include_subunits=True)[0].message


def test_the_new_regime_has_no_cap_until_one_is_configured():
    facts = MemoryFacts().add_unit(10)
    [result] = cap_results(10, 2024, ND98, facts, proposed_cstdcs=9, proposed_ldtt=10)
    assert result.status == PASS and result.unconfirmed and "Chưa cấu hình" in result.message
    facts.set_param(ND98, "CSTDCS_CAP_PERCENT", "15")  # still unconfirmed: over the cap is a warning
    [result] = cap_results(10, 2024, ND98, facts, proposed_cstdcs=9, proposed_ldtt=10)
    assert result.status == WARNING and result.message.endswith(UNCONFIRMED_NOTE)
    facts.set_param(ND98, "CSTDCS_CAP_PERCENT", "15", confirmed=True)
    assert cap_results(10, 2024, ND98, facts, 9, 10)[0].status == FAIL


# Bằng khen cấp tỉnh ---------------------------------------------------------------------------------

@pytest.mark.parametrize("cstdcs, excellent, initiatives, expected", [
    ((2023, 2024), (), 0, PASS),                        # 2 consecutive CSTĐ cơ sở
    ((2022, 2024), (), 0, FAIL),                        # not consecutive
    ((2024,), (), 0, FAIL),
    ((), (2023, 2024), 2, PASS),                        # the 2-year alternative: excellent + 2 initiatives
    ((), (2023, 2024), 1, FAIL),                        # one initiative short
    ((), (2024,), 2, FAIL),                             # only one excellent year
])
def test_bk_tinh_needs_two_consecutive_cstdcs_or_the_two_year_alternative(cstdcs, excellent, initiatives,
                                                                          expected):
    facts = MemoryFacts().add_person(1).grant("CSTDCS", *cstdcs, person_id=1)
    facts.rate(1, "excellent", *excellent)
    for n in range(initiatives):
        facts.add_initiative(1, "co_so", D(2023, 3 + n, 1))
    assert status_of(facts, "BK_TINH", 2024, "BK_TINH_RECORD") == expected
    assert status_of(facts, "BK_BO", 2024, "BK_TINH_RECORD") == expected


def test_bk_tinh_under_the_old_regime_is_unconfirmed_so_only_warns():
    facts = MemoryFacts().add_person(1).grant("CSTDCS", 2021, person_id=1)
    result = run(facts, "BK_TINH", 2023)["BK_TINH_RECORD"]
    assert result.status == WARNING and result.unconfirmed


def test_bk_criteria_are_those_of_the_cong_trang_basis():
    facts = MemoryFacts().add_person(1)
    results = run(facts, "BK_TINH", 2024, basis="dot_xuat")
    assert "BK_TINH_RECORD" not in results and results["MANUAL_REVIEW"].status == WARNING


# Bằng khen Thủ tướng ---------------------------------------------------------------------------------

def bk_ttg_record(bk_year=2019, ratings=None, cstdcs=(2020, 2022, 2024), bk_code="BK_TINH") -> MemoryFacts:
    facts = MemoryFacts().add_person(1)
    if bk_year:
        facts.grant(bk_code, bk_year, person_id=1)
    for year in range(2020, 2025):
        rating = (ratings or {}).get(year, "good")
        if rating:
            facts.rate(1, rating, year)
    facts.grant("CSTDCS", *cstdcs, person_id=1)
    return facts


@pytest.mark.parametrize("facts, rule_code, expected", [
    (bk_ttg_record(), "BK_TTG_PRIOR_BK", PASS),                              # BK 2019, then 2020–2024
    (bk_ttg_record(bk_code="BK_BO"), "BK_TTG_PRIOR_BK", PASS),
    (bk_ttg_record(bk_year=2020), "BK_TTG_PRIOR_BK", FAIL),                  # only 4 years after it
    (bk_ttg_record(bk_year=None), "BK_TTG_PRIOR_BK", FAIL),
    (bk_ttg_record(), "BK_TTG_YEARS", PASS),
    (bk_ttg_record(ratings={2022: "completed"}), "BK_TTG_YEARS", FAIL),
    (bk_ttg_record(ratings={2021: None}), "BK_TTG_YEARS", WARNING),          # no rating, no title that year
    (bk_ttg_record(ratings={2022: None}), "BK_TTG_YEARS", PASS),             # no rating, but CSTĐ cơ sở
    (bk_ttg_record(), "BK_TTG_CSTDCS", PASS),                                # 3 CSTĐ cơ sở in the 5 years
    (bk_ttg_record(cstdcs=(2019, 2022, 2024)), "BK_TTG_CSTDCS", FAIL),       # one of them before the window
    (bk_ttg_record(cstdcs=(2023, 2024)), "BK_TTG_CSTDCS", FAIL),
])
def test_bk_ttg_needs_a_bk_then_five_good_years_with_three_cstdcs(facts, rule_code, expected):
    assert status_of(facts, "BK_TTG", 2024, rule_code) == expected


def test_bk_ttg_passes_as_a_whole_and_has_no_initiative_count_under_the_2022_law():
    results = run(bk_ttg_record(), "BK_TTG", 2024)
    assert "BK_TTG_INITIATIVES" not in results
    assert summary(results.values()) == PASS, results


@pytest.mark.parametrize("rating_2021, initiatives, expected_years, expected_initiatives", [
    ("excellent", 5, PASS, PASS),
    ("excellent", 4, PASS, FAIL),
    ("good", 5, FAIL, PASS),          # the old regime needed excellent years
])
def test_bk_ttg_under_the_old_regime(rating_2021, initiatives, expected_years, expected_initiatives):
    facts = MemoryFacts().add_person(1).grant("BK_TINH", 2018, person_id=1)
    facts.rate(1, "excellent", 2019, 2020, 2022, 2023).rate(1, rating_2021, 2021)
    for n in range(initiatives):
        facts.add_initiative(1, "co_so", D(2019 + n, 6, 1))
    results = run(facts, "BK_TTG", 2023)
    assert "BK_TTG_CSTDCS" not in results
    assert (results["BK_TTG_YEARS"].status, results["BK_TTG_INITIATIVES"].status) == (
        expected_years, expected_initiatives)


# Kỷ niệm chương --------------------------------------------------------------------------------------

@pytest.mark.parametrize("received, proposed, expected", [
    ((), False, PASS),
    ((2019,), False, FAIL),          # the second time
    ((), True, PASS),                # the proposal itself is not a Kỷ niệm chương received
])
def test_knc_once_per_person(received, proposed, expected):
    facts = MemoryFacts().add_person(1).grant("KNC_DT", *received, person_id=1)
    if proposed:
        facts.propose("KNC_DT", 2024, person_id=1)
    assert status_of(facts, "KNC_DT", 2024, "KNC_ONCE") == expected
    assert status_of(facts, "KNC_DT", 2021, "KNC_ONCE") == expected  # old regime too


# Discipline -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("level, starts, ends, on_date, expected", [
    ("khien_trach", D(2025, 3, 1), D(2026, 2, 28), D(2026, 1, 15), FAIL),   # in force on the date
    ("khien_trach", D(2025, 3, 1), D(2026, 1, 15), D(2026, 1, 15), FAIL),   # its last day
    ("khien_trach", D(2025, 3, 1), D(2026, 1, 14), D(2026, 1, 15), PASS),   # ended the day before
    ("canh_cao", D(2026, 1, 16), None, D(2026, 1, 15), PASS),               # starts the day after
    ("under_review", D(2025, 12, 1), None, D(2026, 1, 15), FAIL),           # review, inspection, complaint
    ("under_review", D(2025, 12, 1), D(2026, 1, 10), D(2026, 1, 15), PASS),
])
def test_no_proposal_while_under_discipline_from_nd152(level, starts, ends, on_date, expected):
    facts = MemoryFacts().add_person(1, employed_since=D(2010, 1, 1)).add_discipline(1, level, starts, ends)
    assert status_of(facts, "LDTT", 2025, "DISCIPLINE_IN_FORCE", on_date=on_date) == expected


def test_discipline_before_nd152_is_a_warning_and_follows_the_date_judged():
    facts = MemoryFacts().add_person(1).add_discipline(1, "canh_cao", D(2024, 6, 1), D(2025, 12, 31))
    before = run(facts, "LDTT", 2024, on_date=D(2025, 1, 15))["DISCIPLINE_IN_FORCE"]
    assert before.status == WARNING and before.unconfirmed
    # The same 2024 achievement proposed after 01/7/2025 falls under ND 152.
    after = run(facts, "LDTT", 2024, on_date=D(2025, 8, 1))["DISCIPLINE_IN_FORCE"]
    assert after.status == FAIL and "152/2025" in after.article


@pytest.mark.parametrize("award, ends, expected", [
    ("LDTT", D(2025, 3, 31), WARNING),     # ended inside the year rewarded: count from 01/4/2025
    ("LDTT", D(2024, 12, 31), PASS),       # ended before the year
    ("CSTDT", D(2023, 5, 1), WARNING),     # inside the 3 years of the CSTĐ cấp tỉnh window 2023–2025
    ("CSTDT", D(2022, 12, 31), PASS),
])
def test_under_nd152_achievements_count_from_the_end_of_the_penalty(award, ends, expected):
    facts = MemoryFacts().add_person(1).add_discipline(1, "khien_trach", D(2022, 1, 1), ends)
    assert status_of(facts, award, 2025, "DISCIPLINE_COUNT_FROM_END") == expected
    assert "DISCIPLINE_COUNT_FROM_END" not in run(facts, award, 2024, on_date=D(2025, 1, 15))


def test_general_rules_do_not_apply_to_collectives():
    results = run(unit_with(10, 10, 1), "TTLDXS", 2024, unit_id=10)
    assert not any(code.startswith("DISCIPLINE") for code in results)


# Unconfirmed and missing parameters, the summary, the registry ---------------------------------------

def test_a_confirmed_parameter_turns_the_warning_into_a_failure():
    facts = unit_with(10, 5, year=2024)
    assert status_of(facts, "TTLDTT", 2024, "TTLDTT_SHARE", unit_id=10) == WARNING
    facts.set_param(ND98, "TTLDTT_MIN_LDTT_PERCENT", "50", confirmed=True)
    assert status_of(facts, "TTLDTT", 2024, "TTLDTT_SHARE", unit_id=10) == FAIL
    facts.set_param(ND98, "TTLDTT_MIN_LDTT_PERCENT", "40")     # configurable: a different number
    assert status_of(facts, "TTLDTT", 2024, "TTLDTT_SHARE", unit_id=10) == PASS


@pytest.mark.parametrize("value", ["", "mười", "-1", "6.5"])
def test_a_missing_or_unreadable_parameter_is_a_warning_naming_it(value):
    facts = MemoryFacts().add_person(1, employed_since=D(2024, 1, 1)).set_param(ND98, "LDTT_MIN_MONTHS", value)
    result = run(facts, "LDTT", 2024)["LDTT_SERVICE"]
    assert result.status == WARNING and "LDTT_MIN_MONTHS" in result.message and result.unconfirmed


def test_rules_read_parameters_not_constants():
    facts = MemoryFacts().add_person(1, employed_since=D(2024, 9, 1)).set_param(ND98, "LDTT_MIN_MONTHS", "4")
    assert status_of(facts, "LDTT", 2024, "LDTT_SERVICE") == PASS


@pytest.mark.parametrize("statuses, expected", [
    ((PASS, PASS), PASS), ((PASS, WARNING), WARNING), ((WARNING, FAIL, PASS), FAIL), ((), PASS)])
def test_summary(statuses, expected):
    assert summary([RuleResult("X", s, "m", "a") for s in statuses]) == expected


def test_wrong_subject_unknown_year_and_awards_without_criteria():
    facts = MemoryFacts().add_person(1).add_unit(10)
    assert run(facts, "LDTT", 2024, unit_id=10)["SUBJECT"].status == FAIL
    assert run(facts, "LDTT", 2010)["REGIME"].status == WARNING
    results = run(facts, "GK", 2024)
    assert results["MANUAL_REVIEW"].status == WARNING and "Điều 75" in results["MANUAL_REVIEW"].article
    assert run(facts, "BK_TINH", 2024, unit_id=10)["MANUAL_REVIEW"].status == WARNING


def test_every_registered_rule_cites_an_article_under_its_regime():
    for (regime, _code, _subject), rules in REGISTRY.items():
        for r in rules:
            assert r.article(regime), (regime, r.code)
    for regime in (OLD, ND98, ND152):
        for award in ("LDTT", "CSTDCS", "CSTDT", "TTLDTT", "TTLDXS", "BK_TINH", "BK_TTG", "KNC_DT"):
            assert any(key[:2] == (regime, award) for key in REGISTRY), (regime, award)


def test_every_result_of_a_full_evaluation_has_an_article_and_a_vietnamese_message():
    facts = bk_ttg_record()
    for year in (2021, 2024, 2025):
        for award in ("LDTT", "CSTDCS", "CSTDT", "CSTDTQ", "BK_TINH", "BK_TTG", "KNC_DT"):
            for result in evaluate(Candidate(award, "individual", 1, None, year, on_date=judged(year)), facts):
                assert result.article and result.message, (award, year, result)


def test_date_helpers():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 7, 1), 6) == D(2025, 1, 1)
    assert duration(D(2024, 7, 1), D(2024, 12, 31)) == (6, 0)
    assert duration(D(2024, 7, 3), D(2024, 12, 31)) == (5, 29)
    assert duration(D(2025, 1, 1), D(2024, 12, 31)) == (0, 0)


# On the database -----------------------------------------------------------------------------------

def test_seeded_parameters_match_the_defaults_on_the_database(app):
    from thidua.models import RuleParameter
    for regime in (OLD, ND98, ND152):
        loaded = rule_params.load(regime)
        assert {k: loaded.get(k) for k in loaded.keys()} == rule_params.DEFAULTS[regime]
    assert rule_params.get(OLD, "CSTDCS_CAP_PERCENT") == ("15", True)
    assert rule_params.get(ND152, "CSTDCS_CAP_PERCENT") == ("", False)
    assert rule_params.get(ND98, "NO_SUCH_KEY") == ("", False)
    note = RuleParameter.get(RuleParameter.key == "CSTDCS_CAP_PERCENT", RuleParameter.value == "15").note
    assert "Điều 9" in note


def _person(unit, employed_since=None, **kw):
    from tests.factories import make_person
    person = make_person(unit=unit, **kw)
    if employed_since:
        person.employed_since = employed_since
        person.save()
    return person


def test_db_facts_judge_a_round_of_a_unit(app, make_unit, make_user):
    from thidua.models import AnnualRating, AwardRecord, Initiative
    unit = make_unit()
    clerk = make_user(unit=unit)
    people = [_person(unit, D(2015, 1, 1)) for _ in range(4)]
    _person(unit, is_staff=False)
    for p in people:
        AnnualRating.create(person=p, year=2024, rating="good")
    star = people[0]
    AnnualRating.update(rating="excellent").where(AnnualRating.person == star).execute()
    AwardRecord.create(subject="individual", person=star, award_code="CSTDCS", award_name="Chiến sĩ thi đua cơ sở",
                       year=2023, decision_number="20/QĐ-BDT", source="manual", created_by=clerk)
    Initiative.create(person=star, title="Số hóa hồ sơ thi đua", scope="co_so", recognised_by="Hội đồng sáng kiến",
                      recognised_on=D(2024, 10, 1))
    # The round proposes LĐTT for three of the four and CSTĐ cơ sở for the star.
    extra = {("individual", p.id, 2024): {"LDTT"} for p in people[:3]}
    extra[("individual", star.id, 2024)].add("CSTDCS")
    facts = DbFacts(extra_titles=extra)

    star_cstdcs = evaluate(Candidate("CSTDCS", "individual", star.id, None, 2024, on_date=D(2025, 1, 10)), facts)
    assert summary(star_cstdcs) == PASS, star_cstdcs
    bk = {r.code: r for r in evaluate(Candidate("BK_TINH", "individual", star.id, None, 2024,
                                                on_date=D(2025, 1, 10)), facts)}
    assert bk["BK_TINH_RECORD"].status == PASS  # CSTĐ cơ sở 2023 granted + 2024 proposed
    ttldxs = {r.code: r for r in evaluate(Candidate("TTLDXS", "collective", None, unit.id, 2024,
                                                    on_date=D(2025, 1, 10)), facts)}
    assert ttldxs["TTLDXS_SHARE"].status == PASS  # 3 of 4 = 75% (the non-staff person is not a member)
    assert ttldxs["TTLDXS_CSTDCS"].status == PASS and ttldxs["TTLDXS_COMPLETED"].status == PASS
    [cap] = cap_results(unit.id, 2024, ND98, DbFacts(), proposed_cstdcs=1, proposed_ldtt=3)
    assert cap.status == PASS and cap.unconfirmed
    assert facts.regime_for_year(2023) == OLD and facts.regime_on(D(2025, 7, 1)) == ND152


def test_db_facts_read_service_disciplines_and_titles_received(app, make_unit):
    from thidua.models import AwardRecord, Discipline
    unit = make_unit()
    newcomer = _person(unit, D(2024, 7, 2))
    assert status_of(DbFacts(), "LDTT", 2024, "LDTT_SERVICE", person_id=newcomer.id) == FAIL
    Discipline.create(person=newcomer, level="under_review", starts_on=D(2025, 12, 1),
                      reason="Đang giải quyết đơn khiếu nại")
    assert status_of(DbFacts(), "LDTT", 2025, "DISCIPLINE_IN_FORCE", person_id=newcomer.id) == FAIL
    AwardRecord.create(subject="individual", person=newcomer, award_code="KNC_DT", year=2020, source="import")
    assert status_of(DbFacts(), "KNC_DT", 2025, "KNC_ONCE", person_id=newcomer.id) == FAIL


def test_db_facts_load_a_regimes_parameters_once(app, make_unit, monkeypatch):
    from thidua.rules import facts as facts_module
    calls = []
    real = facts_module.load_params
    monkeypatch.setattr(facts_module, "load_params", lambda code: calls.append(code) or real(code))
    unit = make_unit()
    person = _person(unit, D(2010, 1, 1))
    facts = DbFacts()
    for award in ("LDTT", "CSTDCS", "BK_TTG"):
        evaluate(Candidate(award, "individual", person.id, None, 2024, on_date=D(2025, 1, 10)), facts)
    assert calls == [ND98]


def test_history_tables_refuse_values_outside_their_lists(app, make_unit):
    from peewee import IntegrityError

    from thidua.db import db
    from thidua.models import AnnualRating, AwardRecord, Discipline, Initiative
    unit = make_unit()
    person = _person(unit)
    bad = [
        lambda: AwardRecord.create(subject="individual", person=None, unit=unit, award_code="LDTT", year=2024),
        lambda: AwardRecord.create(subject="collective", person=person, award_code="TTLDTT", year=2024),
        lambda: AwardRecord.create(subject="individual", person=person, award_code="LDTT", year=2024,
                                   source="guess"),
        lambda: AnnualRating.create(person=person, year=2024, rating="so-so"),
        lambda: Discipline.create(person=person, level="scolding", starts_on=D(2024, 1, 1)),
        lambda: Initiative.create(person=person, title="x", scope="village", recognised_on=D(2024, 1, 1)),
    ]
    for create in bad:
        with pytest.raises(IntegrityError), db.atomic():
            create()
    AnnualRating.create(person=person, year=2024, rating="good")
    with pytest.raises(IntegrityError), db.atomic():
        AnnualRating.create(person=person, year=2024, rating="excellent")
