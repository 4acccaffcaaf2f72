"""Changes to the catalogue and the legal regimes: each one transaction with its audit entry.

Entries are retired, never deleted: registrations and awards of past years keep pointing at them.
The category and subject of an entry are fixed once created, so that history keeps its meaning.
"""
from __future__ import annotations

from decimal import Decimal

from .. import audit, records
from ..forms_support import FieldError
from ..db import db
from ..models import AwardKind, DossierRequirement, LegalRegime

KIND_FIELDS = ("name", "level", "decided_by", "authority", "legal_basis", "cash_coefficient", "sort_order")


def _kind_state(kind: AwardKind) -> dict:
    state = {f: getattr(kind, f) for f in ("code", "category", "subject") + KIND_FIELDS}
    if isinstance(state["cash_coefficient"], Decimal):
        state["cash_coefficient"] = str(state["cash_coefficient"])
    return state


def create_kind(regime: LegalRegime, values: dict) -> AwardKind:
    if AwardKind.select().where(AwardKind.regime == regime, AwardKind.code == values["code"]).exists():
        raise FieldError("code", f"Mã “{values['code']}” đã có trong chế độ pháp lý này.")
    from ..nominations.requirements import default_requirements
    with db.atomic():
        kind = AwardKind.create(regime=regime, **values)
        DossierRequirement.insert_many([
            {"award_kind": kind.id, "component": component, "only_for_basis": basis}
            for component, basis in default_requirements(kind.code, kind.category)]).execute()
        audit.record("create", "award_kind", kind.id, after=_kind_state(kind))
    return kind


def update_kind(kind: AwardKind, values: dict) -> None:
    before = _kind_state(kind)
    for key in KIND_FIELDS:
        setattr(kind, key, values[key])
    with db.atomic():
        kind.save()
        old, new = audit.changes(before, _kind_state(kind))
        if new:
            audit.record("update", "award_kind", kind.id, before=old, after=new)


def set_kind_active(kind: AwardKind, active: bool) -> None:
    records.set_active(kind, active, "award_kind")


def update_regime(regime: LegalRegime, values: dict) -> None:
    if values["valid_to"] and values["valid_to"] < values["valid_from"]:
        raise FieldError("valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu áp dụng.")
    before = {k: getattr(regime, k) for k in values}
    for key, value in values.items():
        setattr(regime, key, value)
    with db.atomic():
        regime.save()
        old, new = audit.changes(before, values)
        if new:
            audit.record("update", "legal_regime", regime.id, before=old, after=new)
