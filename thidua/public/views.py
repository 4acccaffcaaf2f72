"""Published awards, without sign-in: signed decisions and their awardees (name, unit, award — nothing more),
and the page a certificate's QR code opens to check one award."""
from __future__ import annotations

from flask import Blueprint, current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from peewee import JOIN, fn

from .. import clock
from ..models import (AwardKind, AwardRecord, CouncilSession, Decision, DecisionLine, Nomination, Person, PublicNotice,
                      Unit)
from ..web import fail, paginate, render

bp = Blueprint("public", __name__, url_prefix="/cong-khai")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="award-verification")


def award_token(record_id: int) -> str:
    """An unguessable reference to one award record, for the certificate's QR code."""
    return _serializer().dumps(record_id)


def award_url(record_id: int) -> str:
    return url_for("public.award", token=award_token(record_id), _external=True)


def _published():
    """Signed award decisions; a correcting or revoking decision is not an award list of its own."""
    return Decision.select().where(Decision.status == "signed", Decision.kind == "decision",
                                   Decision.corrects.is_null())


@bp.route("")
def index():
    counts = (DecisionLine.select(DecisionLine.decision, fn.COUNT(DecisionLine.id).alias("n"))
              .group_by(DecisionLine.decision))
    query = (_published().select(Decision, counts.c.n.alias("awardees"))
             .join(counts, JOIN.LEFT_OUTER, on=(counts.c.decision_id == Decision.id))
             .order_by(Decision.signed_on.desc(), Decision.number.desc()))
    page = paginate(query.objects(), current_app.config["PAGE_SIZE"])
    posted = list(PublicNotice.select(PublicNotice, CouncilSession).join(CouncilSession)
                  .where(PublicNotice.ends_on >= clock.today()).order_by(PublicNotice.ends_on))
    return render("public/index.html", page=page, posted=posted)


@bp.route("/thong-bao/<int:notice_id>")
def notice(notice_id: int):
    """The list posted before the council meets: who is proposed for what — name, unit and award only."""
    from ..council.sessions import items_of
    found = PublicNotice.select(PublicNotice, CouncilSession).join(CouncilSession).where(
        PublicNotice.id == notice_id).first()
    if found is None:
        fail(404, "Không có thông báo công khai này.")
    return render("public/notice.html", notice=found, items=items_of(found.session),
                  running=clock.today() <= found.ends_on)


@bp.route("/quyet-dinh/<int:decision_id>")
def decision(decision_id: int):
    found = _published().where(Decision.id == decision_id).first()
    if found is None:
        fail(404, "Không có quyết định đã ban hành với số hiệu này.")
    rows = list(DecisionLine.select(DecisionLine, Nomination, Person, Unit, AwardKind)
                .join(Nomination).join(Person, JOIN.LEFT_OUTER, on=(Nomination.person == Person.id))
                .switch(Nomination).join(Unit, on=(Nomination.unit == Unit.id))
                .switch(Nomination).join(AwardKind, on=(Nomination.award_kind == AwardKind.id))
                .where(DecisionLine.decision == found.id)
                .order_by(Nomination.subject.desc(), DecisionLine.position, DecisionLine.id))
    return render("public/decision.html", decision=found, rows=rows)


@bp.route("/khen-thuong/<token>")
def award(token: str):
    try:
        record_id = _serializer().loads(token)
    except BadSignature:
        fail(404, "Mã kiểm tra không đúng: không có khen thưởng nào ứng với mã này.")
    record = (AwardRecord.select(AwardRecord, Person, Unit)
              .join(Person, JOIN.LEFT_OUTER, on=(AwardRecord.person == Person.id))
              .switch(AwardRecord).join(Unit, JOIN.LEFT_OUTER, on=(AwardRecord.unit == Unit.id))
              .where(AwardRecord.id == record_id, AwardRecord.removed_at.is_null()).first())
    if record is None:
        fail(404, "Không có khen thưởng nào ứng với mã này, hoặc khen thưởng đã bị thu hồi.")
    source = _published().where(Decision.id == record.decision_id).first() if record.decision_id else None
    unit = record.unit if record.subject == "collective" else (
        Unit.get_or_none(Unit.id == record.person.unit_id) if record.person_id else None)
    return render("public/award.html", record=record, decision=source, unit=unit)
