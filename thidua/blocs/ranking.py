"""Rank the member units of a round by their agreed totals, breaking ties by the compact's configured rules;
a tie the rules cannot break is left for the bloc's vote. Pure: no database."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models.bloc import TIE_BREAK_KEYS
from .points import Totals

VOTE_NEEDED = "Bằng điểm sau mọi tiêu chí phụ của giao ước: đưa ra bỏ phiếu"


@dataclass
class Ranked:
    unit_id: int
    name: str
    totals: Totals
    rank: int = 0
    tied: bool = False          # shares its rank: only the vote can separate it
    note: str = ""              # which rule placed it ahead of the next unit
    extra: dict = field(default_factory=dict)


def _key(totals: Totals, rule: str):
    # Every key reads "higher is better": penalties are negative, so fewer penalty points is a higher number.
    return {"total": totals.total, "bonus": totals.bonus, "penalty": totals.penalty, "score": totals.score}[rule]


def parse_rules(text: str) -> list[str]:
    """The compact's tie-break list ("bonus,penalty"), checked; raise ValueError naming an unknown rule."""
    rules = [r.strip() for r in (text or "").split(",") if r.strip()]
    unknown = [r for r in rules if r not in TIE_BREAK_KEYS]
    if unknown:
        raise ValueError(f"Quy tắc xếp hạng không hợp lệ: {', '.join(unknown)}.")
    if len(set(rules)) != len(rules):
        raise ValueError("Mỗi quy tắc xếp hạng chỉ dùng một lần.")
    return rules


def rules_text(rules: list[str]) -> str:
    return " → ".join(["Tổng điểm cao hơn"] + [TIE_BREAK_KEYS[r] for r in rules] + ["bỏ phiếu"])


def rank(entries: list[Ranked], rules: list[str]) -> list[Ranked]:
    """Order entries best first and number them: equal on the total and every rule → the same rank, tied."""
    order = ["total"] + list(rules)
    ordered = sorted(entries, key=lambda e: (tuple(-_key(e.totals, r) for r in order), e.name))
    for index, entry in enumerate(ordered):
        before = ordered[index - 1] if index else None
        if before is not None and all(_key(before.totals, r) == _key(entry.totals, r) for r in order):
            entry.rank = before.rank
            entry.tied = before.tied = True
            entry.note = before.note = VOTE_NEEDED
        else:
            entry.rank = index + 1
        if before is not None and entry.rank != before.rank:
            decider = next(r for r in order if _key(before.totals, r) != _key(entry.totals, r))
            if decider != "total" and not before.note:
                before.note = f"Xếp trên đơn vị sau nhờ tiêu chí phụ: {TIE_BREAK_KEYS[decider].lower()}"
    return ordered
