"""The legal checks of a dossier: completeness, deadlines, and the rules of thidua/rules."""
from __future__ import annotations

from .. import clock
from ..models import Nomination
from ..web import format_date
from .requirements import missing


def _candidate(nomination: Nomination):
    from ..rules import Candidate
    return Candidate(award_code=nomination.award_kind.code, subject=nomination.subject,
                     person_id=nomination.person_id, unit_id=nomination.unit_id,
                     year=nomination.campaign.year, regime_code=nomination.campaign.regime.code,
                     on_date=clock.today(), basis=nomination.basis)


def proposal_rows(year: int, nomination: Nomination | None = None) -> list[tuple]:
    """(id, subject, person, unit, title code) of the year's dossiers that count as proposed (see proposed_titles).

    With a nomination, only those the checks of that dossier and of its unit's round can read: the unit's own
    (the collective and its members, wherever they were proposed from) and the nominee's — a few rows instead
    of a ministry's whole year."""
    from ..models import AwardKind, Campaign, Person
    query = (Nomination.select(Nomination.id, Nomination.subject, Nomination.person, Nomination.unit, AwardKind.code)
             .join(AwardKind).switch(Nomination).join(Campaign)
             .where(Campaign.year == year, AwardKind.category == "title",
                    Nomination.status.in_(["submitted", "verified", "passed"])))
    if nomination is not None:
        members = Person.select(Person.id).where(Person.unit == nomination.unit_id)
        concerned = (Nomination.unit == nomination.unit_id) | Nomination.person.in_(members)
        if nomination.person_id:
            concerned |= Nomination.person == nomination.person_id
        query = query.where(concerned)
    return list(query.tuples())


def proposed_titles(year: int, excluding: int | None = None, rows: list[tuple] | None = None) -> dict:
    """Titles proposed in the same year's rounds, counted as if granted when judging the others.

    Only dossiers a unit has sent (submitted) or the office has verified count: a draft left unsent must not
    carry another dossier past a rule. The dossier being judged never counts for itself. rows: proposal_rows(year),
    when the caller already read them.
    """
    extra: dict = {}
    for nomination_id, subject, person_id, unit_id, code in (proposal_rows(year) if rows is None else rows):
        if nomination_id == excluding:
            continue
        key = (subject, person_id if subject == "individual" else unit_id, year)
        extra.setdefault(key, set()).add(code)
    return extra


def rule_results(nomination: Nomination, facts=None, rows: list[tuple] | None = None) -> list:
    """The rule engine's verdicts for this dossier, each with its reason and article. A page that also shows
    round_results() passes one DbFacts and the year's proposal_rows() to both, so nothing is read twice."""
    from ..rules import DbFacts, evaluate
    facts = facts or DbFacts()
    year = nomination.campaign.year
    rows = proposal_rows(year, nomination) if rows is None else rows
    facts.extra_titles = proposed_titles(year, excluding=nomination.id, rows=rows)
    return evaluate(_candidate(nomination), facts)


MIN_REASON = 10


def round_results(nomination: Nomination, facts=None, rows: list[tuple] | None = None) -> list:
    """Checks on the unit's whole round rather than this dossier: the cap on CSTĐ cơ sở against LĐTT.

    Shown beside the dossier for the office and the council to weigh; it does not block one dossier, because
    which of the unit's proposals gives way is the council's choice.
    """
    if nomination.award_kind.code != "CSTDCS":
        return []
    from ..rules import DbFacts, cap_results
    campaign = nomination.campaign
    facts = facts or DbFacts()
    rows = proposal_rows(campaign.year, nomination) if rows is None else rows
    facts.extra_titles = proposed_titles(campaign.year, rows=rows)
    return cap_results(nomination.unit_id, campaign.year, campaign.regime.code, facts, 0, 0)


def submit_blocker(nomination: Nomination) -> str | None:
    """Say why the unit cannot send the dossier now, or None."""
    campaign = nomination.campaign
    if campaign.status != "published":
        return "Kế hoạch thi đua đã kết thúc, không nhận hồ sơ nữa."
    if campaign.nomination_deadline and clock.today() > campaign.nomination_deadline:
        return f"Đã quá hạn gửi hồ sơ đề nghị khen thưởng ({format_date(campaign.nomination_deadline)})."
    lacking = missing(nomination)
    if lacking:
        return "Hồ sơ còn thiếu: " + "; ".join(lacking) + "."
    return None


def verify_blocker(nomination: Nomination, override_reason: str = "") -> str | None:
    """Say why the office cannot mark the dossier verified, or None.

    A failed rule blocks; a warning passes only with the office's written reason (kept on the dossier and in
    the audit entry of the transition).
    """
    lacking = missing(nomination)
    if lacking:
        return "Hồ sơ còn thiếu: " + "; ".join(lacking) + "."
    results = rule_results(nomination)
    failed = [r for r in results if r.status == "fail"]
    if failed:
        return "Không đạt tiêu chuẩn: " + " ".join(f"{r.message} ({r.article})" for r in failed)
    if any(r.status == "warning" for r in results) and len(override_reason.strip()) < MIN_REASON:
        return (f"Hồ sơ có điểm cần lưu ý; muốn xác nhận vẫn đủ điều kiện, hãy ghi rõ lý do (ít nhất {MIN_REASON} "
                "ký tự).")
    return None
