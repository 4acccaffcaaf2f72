"""Scores of a round: a member's self-scores with their explanations, the leader's agreed scores with the reason
for each difference, the round's totals and ranking."""
from __future__ import annotations

from dataclasses import dataclass

from .. import audit, workflow
from ..db import db
from ..models import BlocRound, Compact, CompactSignature, Criterion, Score, Scorecard, Unit
from ..models.bloc import PERIODS
from ..workflow import WorkflowError
from . import access, points, ranking
from .services import compact_of, criteria_of, scored


class ScoreErrors(Exception):
    """Every refused value of one form at once: {criterion id: message}."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class Line:
    criterion: Criterion
    score: Score | None

    @property
    def self_points(self):
        return self.score.self_points if self.score else None

    @property
    def agreed_points(self):
        return self.score.agreed_points if self.score else None

    @property
    def effective(self):
        return points.effective(self.score) if self.score else None

    @property
    def differs(self) -> bool:
        return bool(self.score) and points.differs(self.score)


def lines_of(scorecard: Scorecard) -> list[Line]:
    """Every criterion of the compact with this scorecard's score on it (two queries)."""
    criteria = criteria_of(compact_of(scorecard).id)
    by_criterion = {s.criterion_id: s for s in Score.select().where(Score.scorecard == scorecard.id)}
    return [Line(c, by_criterion.get(c.id)) for c in criteria]


def totals_of(lines: list[Line]) -> points.Totals:
    return points.totals([(line.criterion, line.effective) for line in lines if not line.criterion.is_group])


def self_totals_of(lines: list[Line]) -> points.Totals:
    return points.totals([(line.criterion, line.self_points) for line in lines if not line.criterion.is_group])


def _closed_message(round_: BlocRound) -> str:
    return (f"Vòng {PERIODS[round_.period].lower()} đã kết thúc phần tự chấm điểm; không nhập hay sửa điểm tự chấm "
            f"được nữa.")


def _rows(scorecard: Scorecard) -> dict[int, Score]:
    return {s.criterion_id: s for s in Score.select().where(Score.scorecard == scorecard.id)}


def save_self(scorecard: Scorecard, values: dict[int, tuple[str, str]], actor,
              expected_version: int | None = None) -> int:
    """A member enters its self-scores: {criterion id: (points typed, explanation)}. Returns the lines changed."""
    compact = compact_of(scorecard)
    round_ = BlocRound.get_by_id(scorecard.round_id)
    if not access.acts_for(actor, compact.bloc_id, scorecard.unit_id):
        raise WorkflowError(403, "Chỉ đơn vị thành viên tự chấm điểm của mình.")
    if round_.status != "self_scoring":
        raise WorkflowError(409, _closed_message(round_))
    if not CompactSignature.select().where(CompactSignature.compact == compact.id,
                                           CompactSignature.unit == scorecard.unit_id).exists():
        raise WorkflowError(409, "Đơn vị chưa ký giao ước thi đua năm nay nên không chấm điểm được.")
    criteria = {c.id: c for c in scored(criteria_of(compact.id))}
    parsed, errors = {}, {}
    for criterion_id, (typed, note) in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise WorkflowError(422, "Bảng điểm có tiêu chí không thuộc giao ước. Vui lòng tải lại trang.")
        try:
            value = points.parse(typed, criterion)
            points.check_note(value, note, criterion)
        except points.PointsError as error:
            errors[criterion_id] = str(error)
        else:
            parsed[criterion_id] = (value, (note or "").strip()[:2000])
    if errors:
        raise ScoreErrors(errors)
    changed = 0
    with db.atomic():
        workflow.lock_for_change(scorecard, ("draft",), "Điểm tự chấm đã gửi để thẩm định, không sửa được nữa.",
                                 expected_version)
        # The round may have moved on since the check above: read it again under the scorecard's lock.
        if BlocRound.select(BlocRound.status).where(BlocRound.id == round_.id).scalar() != "self_scoring":
            raise WorkflowError(409, _closed_message(round_))
        rows = _rows(scorecard)
        before, after = {}, {}
        for criterion_id, (value, note) in parsed.items():
            row = rows.get(criterion_id)
            if row is None:
                if value is None and not note:
                    continue
                Score.create(scorecard=scorecard, criterion=criterion_id, self_points=value, self_note=note)
            elif row.self_points == value and row.self_note == note:
                continue
            else:
                Score.update(self_points=value, self_note=note).where(Score.id == row.id).execute()
                before[criteria[criterion_id].code] = points.show(row.self_points)
            after[criteria[criterion_id].code] = points.show(value)
            changed += 1
        if changed:
            audit.record("self_score", "scorecard", scorecard.id, before=before, after=after, actor=actor)
    return changed


def save_agreed(scorecard: Scorecard, values: dict[int, tuple[str, str]], actor,
                expected_version: int | None = None) -> int:
    """The checking team (the leader's; the deputy's for the leader unit's own scorecard) enters agreed scores: blank
    keeps the self-score; a different score needs its reason."""
    compact = compact_of(scorecard)
    if not access.checks(actor, compact, scorecard.unit_id):
        raise WorkflowError(403, access.own_card_refusal(actor, compact, scorecard.unit_id)
                            or "Chỉ Khối trưởng thẩm định điểm của các đơn vị (bảng điểm của đơn vị Khối trưởng do "
                               "Khối phó thẩm định).")
    criteria = {c.id: c for c in scored(criteria_of(compact.id))}
    rows = _rows(scorecard)
    parsed, errors = {}, {}
    for criterion_id, (typed, reason) in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise WorkflowError(422, "Bảng điểm có tiêu chí không thuộc giao ước. Vui lòng tải lại trang.")
        reason = (reason or "").strip()[:2000]
        try:
            value = points.parse(typed, criterion)
        except points.PointsError as error:
            errors[criterion_id] = str(error)
            continue
        own = rows[criterion_id].self_points if criterion_id in rows else None
        if value is not None and value != own and not reason:
            errors[criterion_id] = (f"{points.label(criterion)}: điểm thống nhất {points.show(value)} khác điểm tự "
                                    f"chấm {points.show(own) or 'để trống'}, vui lòng ghi lý do.")
            continue
        if value is not None and criterion.kind == "penalty" and value != 0 and not reason \
                and not (rows.get(criterion_id) and rows[criterion_id].self_note):
            errors[criterion_id] = f"{points.label(criterion)}: điểm trừ phải ghi rõ lý do."
            continue
        parsed[criterion_id] = (value, reason)
    if errors:
        raise ScoreErrors(errors)
    changed = 0
    with db.atomic():
        workflow.lock_for_change(scorecard, ("submitted", "objected"),
                                 "Chỉ thẩm định điểm khi đơn vị đã gửi điểm hoặc có ý kiến.", expected_version)
        rows = _rows(scorecard)
        before, after = {}, {}
        for criterion_id, (value, reason) in parsed.items():
            row = rows.get(criterion_id)
            if row is None:
                if value is None:
                    continue
                row = Score.create(scorecard=scorecard, criterion=criterion_id)
            if row.agreed_points == value and row.agreed_reason == reason:
                continue
            Score.update(agreed_points=value, agreed_reason=reason).where(Score.id == row.id).execute()
            before[criteria[criterion_id].code] = points.show(row.agreed_points)
            after[criteria[criterion_id].code] = points.show(value) + (f" ({reason})" if reason else "")
            changed += 1
        if changed:
            audit.record("agreed_score", "scorecard", scorecard.id, before=before, after=after, actor=actor)
    return changed


def standings(round_: BlocRound) -> tuple[list[ranking.Ranked], list[str]]:
    """The round's final scorecards ranked by the compact's rules, and the names of units left out (3 queries)."""
    compact = compact_of(round_)
    criteria = {c.id: c for c in scored(criteria_of(compact.id))}
    cards = list(Scorecard.select(Scorecard, Unit).join(Unit, on=(Scorecard.unit == Unit.id))
                 .where(Scorecard.round == round_.id))
    by_card: dict[int, list] = {c.id: [] for c in cards}
    for s in Score.select().join(Scorecard).where(Scorecard.round == round_.id):
        if s.criterion_id in criteria:
            by_card[s.scorecard_id].append((criteria[s.criterion_id], points.effective(s)))
    entries = [ranking.Ranked(c.unit_id, c.unit.name, points.totals(by_card[c.id]), extra={"scorecard": c})
               for c in cards if c.status == "final"]
    left_out = sorted(c.unit.name for c in cards if c.status != "final")
    return ranking.rank(entries, ranking.parse_rules(compact.tie_break)), left_out


def may_see_scorecard(user, scorecard: Scorecard, round_: BlocRound, compact: Compact) -> bool:
    """The page: the board, the unit itself and the team that checks it always; other members once the round is
    closed. Its figures: see may_see_scores."""
    if access.is_board(user) or access.acts_for(user, compact.bloc_id, scorecard.unit_id):
        return True
    if access.checks(user, compact, scorecard.unit_id):
        return True
    return round_.status == "closed" and access.seat(user, compact.bloc_id) is not None


def may_see_scores(user, scorecard: Scorecard, round_: BlocRound, compact: Compact) -> bool:
    """The figures, explanations and evidence: the unit itself (and the board) always; whoever else may see the page
    only once the unit has sent its scores — a draft is the unit's own work, not for its checker to watch."""
    if access.is_board(user) or access.acts_for(user, compact.bloc_id, scorecard.unit_id):
        return True
    return scorecard.status != "draft" and may_see_scorecard(user, scorecard, round_, compact)
