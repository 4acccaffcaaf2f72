"""The criteria of the law as data (DOMAIN.md §2–3): rules versioned by legal regime, chosen by the year
rewarded, each citing its article; their numbers are RuleParameter rows (thidua.rules.params).

    from thidua.rules import Candidate, DbFacts, evaluate, summary
    results = evaluate(Candidate("CSTDCS", "individual", person.id, None, 2024), DbFacts(extra_titles=...))
    summary(results)  # "fail" | "warning" | "pass"

Each RuleResult has a code, a status, a Vietnamese message and the article; `unconfirmed` is True when it
rests on a number DOMAIN.md marks unconfirmed, and then a failing check is only a warning whose message ends
with "(số liệu chưa được xác nhận, có thể cấu hình)".

Regimes: the criteria follow the regime of the year rewarded (in force on its 31 December); the discipline
rules follow the regime in force on the date judged (see general.py). The CSTĐ cơ sở cap is about a unit's
whole round: cap_results() (see collective.py), not part of evaluate().

Choices where DOMAIN.md leaves room:
- LĐTT service: from Person.employed_since to 31 December of the year rewarded, both days counted; no date
  recorded → warning.
- An initiative counts for the years in which it was recognised (Initiative.recognised_on).
- A CSTĐ cơ sở holder counts as LĐTT the same year (collective percentages, the cap, BK TTg years).
- "N consecutive" windows end with the year rewarded; the year's own title may come from extra_titles.
- Missing task ratings give warnings, not failures: the record is incomplete, not negative.
- Bằng khen criteria are those of the công trạng basis; other bases and the awards with no machine-checkable
  criteria (Giấy khen, Cờ, collectives' Bằng khen) get one "MANUAL_REVIEW" warning.
"""
from .base import (FAIL, PASS, STATUS_LABELS, UNCONFIRMED_NOTE, WARNING, Candidate, Rule, RuleResult,
                   summary)
from .collective import cap_results
from .facts import DbFacts, DisciplineFact, Facts, InitiativeFact, MemoryFacts
from .registry import GENERAL, REGISTRY, evaluate, rules_for

__all__ = ["FAIL", "GENERAL", "PASS", "REGISTRY", "STATUS_LABELS", "UNCONFIRMED_NOTE", "WARNING", "Candidate",
           "DbFacts", "DisciplineFact", "Facts", "InitiativeFact", "MemoryFacts", "Rule", "RuleResult",
           "cap_results", "evaluate", "rules_for", "summary"]
