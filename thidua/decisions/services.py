"""The one path for award decisions and proposals upward: drafting from the dossiers the council passed, the
amounts, submitting to the leader, returning, and signing — which takes the number, freezes the amounts, moves
the dossiers on and writes the award history, all in one transaction, or nothing at all."""
from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from peewee import JOIN

from .. import audit, clock, roles, workflow
from ..db import db
from ..forms_support import FieldError
from ..models import (AgencyHead, AwardKind, AwardRecord, BaseSalary, Campaign, CouncilSession, Decision, DecisionLine,
                      Delegation, DocumentRegister, Nomination, Person, Unit, User)
from ..models.council_session import AgendaItem
from ..models.decision import SYMBOLS
from ..passwords import verify_password
from ..workflow import WorkflowError

HEAD_TITLE = "TRƯỞNG BAN"
EDITABLE = ("draft", "returned")
LOCKED = "Văn bản đã trình hoặc đã ký, không sửa được nữa."
DECIDERS = {"decision": "committee", "proposal": "higher"}


def _money():
    from ..documents import money
    return money


# --- reading ----------------------------------------------------------------------------------------------------

def lines_of(decision: Decision) -> list[DecisionLine]:
    """The lines with their dossier, nominee, unit and award (one query), in list order: individuals, then
    collectives, each in the order they were put in."""
    return list(DecisionLine.select(DecisionLine, Nomination, Person, Unit, AwardKind)
                .join(Nomination).join(Person, JOIN.LEFT_OUTER, on=(Nomination.person == Person.id))
                .switch(Nomination).join(Unit, on=(Nomination.unit == Unit.id))
                .switch(Nomination).join(AwardKind, on=(Nomination.award_kind == AwardKind.id))
                .where(DecisionLine.decision == decision.id)
                .order_by(Nomination.subject.desc(), DecisionLine.position, DecisionLine.id))


def nominee_name(nomination: Nomination) -> str:
    return nomination.person.full_name if nomination.person_id else nomination.unit.name


@dataclass
class Amounts:
    base_salary: int | None
    legal_basis: str
    per_line: dict[int, int | None]  # line id -> amount (None: the award carries no cash)
    total: int
    missing_salary: bool


def amounts(decision: Decision, lines: list[DecisionLine], day: datetime.date) -> Amounts:
    """Cash per line: the catalogue's coefficient × the base salary in force on day; frozen ones as signed."""
    if decision.status == "signed":
        per_line = {ln.id: ln.amount for ln in lines}
        return Amounts(decision.base_salary, "", per_line, decision.total_amount or 0, False)
    salary = BaseSalary.on(day)
    per_line: dict[int, int | None] = {}
    needs = False
    for ln in lines:
        coefficient = ln.nomination.award_kind.cash_coefficient
        if coefficient is None:
            per_line[ln.id] = None
            continue
        needs = True
        per_line[ln.id] = (_money().award_amount(Decimal(str(coefficient)), salary.amount,
                                                 current_app.config.get("CASH_ROUND_TO", 10_000))
                           if salary else None)
    total = sum(a for a in per_line.values() if a)
    return Amounts(salary.amount if salary else None, salary.legal_basis if salary else "", per_line, total,
                   needs and salary is None)


def eligible(campaign: Campaign, kind: str, award_kind_id: int | None = None):
    """Dossiers the council passed, within the Committee's authority (decision) or beyond it (proposal), on no
    other decision or proposal still alive."""
    taken = (DecisionLine.select(DecisionLine.nomination).join(Decision)
             .where(Decision.status != "signed"))
    query = (Nomination.select(Nomination, Person, Unit, AwardKind)
             .join(Person, JOIN.LEFT_OUTER, on=(Nomination.person == Person.id))
             .switch(Nomination).join(Unit, on=(Nomination.unit == Unit.id))
             .switch(Nomination).join(AwardKind, on=(Nomination.award_kind == AwardKind.id))
             .where(Nomination.campaign == campaign.id, Nomination.status == "passed",
                    AwardKind.decided_by == DECIDERS[kind], Nomination.id.not_in(taken))
             .order_by(AwardKind.sort_order, Nomination.subject.desc(), Unit.name, Person.sort_key, Nomination.id))
    if award_kind_id:
        query = query.where(Nomination.award_kind == award_kind_id)
    return query


def _session_for(nomination_ids: list[int]) -> CouncilSession | None:
    """The latest closed council session that voted on these dossiers (its minutes are cited)."""
    return (CouncilSession.select().join(AgendaItem, on=(AgendaItem.session == CouncilSession.id))
            .where(AgendaItem.nomination.in_(nomination_ids), CouncilSession.status == "closed")
            .order_by(CouncilSession.closed_at.desc()).first())


# --- drafting -----------------------------------------------------------------------------------------------

def default_summary(kind: str, campaign: Campaign, award: AwardKind | None) -> str:
    if kind == "proposal":
        what = f"tặng {award.name}" if award else "khen thưởng"
        return f"Về việc đề nghị {what} năm {campaign.year}"
    if award is None:
        return f"Về việc khen thưởng thành tích năm {campaign.year}"
    verb = "công nhận danh hiệu" if award.category == "title" else "tặng"
    return f"Về việc {verb} {award.name} năm {campaign.year}"


def default_recipients(kind: str) -> str:
    if kind == "proposal":
        return "- Như trên;\n- Lãnh đạo Ban;\n- Lưu: VT, VP."
    return "- Như Điều 3;\n- Ban Thi đua - Khen thưởng (Sở Nội vụ);\n- Lãnh đạo Ban;\n- Lưu: VT, VP."


def create_draft(campaign: Campaign, kind: str, award_kind_id: int | None, actor) -> Decision:
    if kind not in DECIDERS:
        raise FieldError("kind", "Loại văn bản không hợp lệ.")
    nominations = list(eligible(campaign, kind, award_kind_id))
    if not nominations:
        raise FieldError("award_kind_id", "Không có hồ sơ nào đã được Hội đồng thông qua để đưa vào văn bản này.")
    kinds = {n.award_kind_id for n in nominations}
    # One award on every line names it in the trích yếu, whether the office chose it or not.
    award = AwardKind.get_by_id(award_kind_id or next(iter(kinds))) if award_kind_id or len(kinds) == 1 else None
    with db.atomic():
        decision = Decision.create(
            kind=kind, campaign=campaign, award_kind=award, created_by=actor,
            session=_session_for([n.id for n in nominations]),
            summary=default_summary(kind, campaign, award), recipients=default_recipients(kind),
            symbol=f"{SYMBOLS[kind]}-{current_app.config['AGENCY_CODE']}")
        DecisionLine.insert_many([{"decision": decision.id, "nomination": n.id, "nomination_version": n.version,
                                   "position": i} for i, n in enumerate(nominations, start=1)]).execute()
        audit.record("create", "decision", decision.id, actor=actor, comment=decision.summary,
                     after={"kind": kind, "nominations": [n.id for n in nominations]})
    return decision


def update(decision: Decision, summary: str, recipients: str, actor, expected_version: int | None) -> None:
    summary = (summary or "").strip()
    if len(summary) < 10:
        raise FieldError("summary",
                         "Vui lòng nhập trích yếu (ví dụ: Về việc tặng danh hiệu Lao động tiên tiến năm 2021).")
    with db.atomic():
        workflow.lock_for_change(decision, EDITABLE, LOCKED, expected_version)
        before = {"summary": decision.summary, "recipients": decision.recipients}
        Decision.update(summary=summary, recipients=recipients.strip()).where(Decision.id == decision.id).execute()
        decision.summary, decision.recipients = summary, recipients.strip()
        old, new = audit.changes(before, {"summary": decision.summary, "recipients": decision.recipients})
        if new:
            audit.record("update", "decision", decision.id, before=old, after=new, actor=actor)


def remove_line(decision: Decision, line_id: int, actor, expected_version: int | None) -> None:
    with db.atomic():
        workflow.lock_for_change(decision, EDITABLE, LOCKED, expected_version)
        line = next((ln for ln in lines_of(decision) if ln.id == line_id), None)
        if line is None:
            raise WorkflowError(404, "Không có dòng này trong văn bản.")
        line.delete_instance()
        audit.record("remove_line", "decision", decision.id, before=line.nomination_id, actor=actor,
                     comment=f"{nominee_name(line.nomination)} — {line.nomination.award_kind.name}")


# --- guards -------------------------------------------------------------------------------------------------

def submit_blocker(decision: Decision) -> str | None:
    lines = lines_of(decision)
    if not lines:
        return "Văn bản chưa có người, tập thể nào được khen thưởng."
    return _dossier_blocker(lines, "awarded" if decision.corrects_id else "passed")


def _dossier_blocker(lines: list[DecisionLine], expected: str = "passed") -> str | None:
    changed = [nominee_name(ln.nomination) for ln in lines
               if ln.nomination.status != expected or ln.nomination.version != ln.nomination_version]
    if changed:
        return ("Hồ sơ đã thay đổi sau khi Hội đồng xét hoặc không còn ở trạng thái chờ ký: " + ", ".join(changed)
                + ". Văn phòng cần soạn lại văn bản.")
    return None


def sign_blocker(decision: Decision) -> str | None:
    lines = lines_of(decision)
    if not lines:
        return "Văn bản chưa có người, tập thể nào được khen thưởng."
    blocker = _dossier_blocker(lines, "awarded" if decision.corrects_id else "passed")
    if blocker:
        return blocker
    if decision.corrects_id:
        return None  # a correction pays nothing new
    if decision.kind == "decision" and amounts(decision, lines, clock.today()).missing_salary:
        return (f"Chưa cấu hình mức lương cơ sở áp dụng cho ngày {clock.today():%d/%m/%Y}, nên chưa tính được tiền "
                "thưởng. Quản trị hệ thống cần nhập mức lương cơ sở trước khi ký.")
    return None


# --- signing ------------------------------------------------------------------------------------------------

@dataclass
class Authority:
    title: str              # "TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN"
    on_behalf: str          # "" or "KT. TRƯỞNG BAN"
    principal: User | None  # the leader a deputy signs for


def is_head(user, day: datetime.date) -> bool:
    head = AgencyHead.on(day)
    return head is not None and head.user_id == user.id


def authority_of(user, day: datetime.date) -> Authority:
    """How user signs on day: as the head (recorded in agency_head); as a deputy within a delegation from the
    head that is neither over nor ended; or not at all (WorkflowError)."""
    if not user.has_role(roles.LEADER):
        raise WorkflowError(403, "Chỉ lãnh đạo Ban ký văn bản.")
    if is_head(user, day):
        return Authority(HEAD_TITLE, "", None)
    head = AgencyHead.on(day)
    active = (Delegation.select().where(Delegation.deputy == user.id, Delegation.valid_from <= day,
                                        Delegation.valid_to >= day, Delegation.ended_at.is_null(),
                                        Delegation.principal == (head.user_id if head else 0))
              .order_by(Delegation.valid_from.desc()).first())
    if active is None:
        raise WorkflowError(403, f"Chỉ Trưởng Ban ký, hoặc Phó Trưởng Ban được Trưởng Ban ủy quyền; bạn chưa được "
                                 f"ủy quyền ký thay vào ngày {day:%d/%m/%Y}.")
    return Authority(active.deputy_title, f"KT. {HEAD_TITLE}", active.principal)


def check_password(user, password: str) -> None:
    if not password or not verify_password(user.password_hash, password):
        raise FieldError("password", "Mật khẩu không đúng. Văn bản chưa được ký.")


def take_number(agency: str, doc_type: str, year: int) -> int:
    """The next number of the register, inside the caller's transaction: rolled back with it, never skipped."""
    key = (DocumentRegister.agency == agency) & (DocumentRegister.doc_type == doc_type) & (
        DocumentRegister.year == year)
    DocumentRegister.insert(agency=agency, doc_type=doc_type, year=year, last_number=0).on_conflict_ignore().execute()
    DocumentRegister.update(last_number=DocumentRegister.last_number + 1).where(key).execute()
    return DocumentRegister.select(DocumentRegister.last_number).where(key).scalar()


def signing_paths() -> tuple[str, str]:
    """The agency's key and certificate, or a clear refusal before anything is numbered."""
    cfg = current_app.config
    key, cert = cfg.get("SIGNING_KEY", ""), cfg.get("SIGNING_CERT", "")
    if not (key and cert and os.path.exists(key) and os.path.exists(cert)):
        raise WorkflowError(409, "Chưa có chứng thư số của cơ quan để ký văn bản. Quản trị hệ thống cần cấu hình "
                                 "SIGNING_KEY và SIGNING_CERT (bản thử nghiệm: lệnh flask --app app demo-certificate).")
    return key, cert


def _signed_pdf(decision: Decision, actor, key: str, cert: str):
    """Render the signed decision, sign it (PAdES) and keep it as the decision's file; inside the transaction."""
    from werkzeug.datastructures import FileStorage

    from ..attachments import service as attachments
    from ..documents.pdf import render_decision_pdf
    from ..signing.pades import SigningError, sign_pdf
    from . import document

    cfg = current_app.config
    fresh = Decision.select(Decision, Campaign).join(Campaign).where(Decision.id == decision.id).get()
    try:
        data = sign_pdf(render_decision_pdf(document.build(fresh)), key_path=key, cert_path=cert,
                        passphrase=(cfg.get("SIGNING_PASSPHRASE") or "").encode() or None,
                        signer_name=cfg.get("SIGNING_NAME") or cfg["AGENCY_NAME"],
                        reason=f"Ký ban hành {fresh.kind_label.lower()} số {fresh.number_symbol}",
                        location=fresh.campaign.place)
    except SigningError as error:
        raise WorkflowError(409, f"Không ký số được văn bản: {error}") from error
    name = f"{fresh.number_symbol.replace('/', '-')}.pdf"
    stored = attachments.save_upload(FileStorage(stream=io.BytesIO(data), filename=name,
                                                 content_type="application/pdf"),
                                     "decision", decision.id, actor, component="signed_pdf")
    Decision.update(pdf_sha256=stored.sha256).where(Decision.id == decision.id).execute()


def sign(decision: Decision, actor, password: str, expected_version: int | None = None) -> Decision:
    """Sign a submitted decision or proposal: check the password, take the number, freeze the amounts, move the
    dossiers on and write the history — one transaction; a refusal leaves no trace in the register."""
    check_password(actor, password)
    key, cert = signing_paths()
    today = clock.today()
    authority = authority_of(actor, today)
    agency = current_app.config["AGENCY_CODE"]
    with workflow.batch():
        # The number first: the register's row is every signer's first lock (one order, no deadlock), and a
        # refusal below rolls it back with everything else.
        number = take_number(agency, SYMBOLS[decision.kind], today.year)
        decision.signing = {"number": number, "year": today.year, "signed_on": today, "signed_by": actor.id,
                            "on_behalf_of": authority.principal.id if authority.principal else None,
                            "signer_title": authority.title, "signer_authority": authority.on_behalf}
        # Lines cannot change once submitted; amounts are computed while the decision still reads as unsigned.
        lines = lines_of(decision)
        money = amounts(decision, lines, today) if decision.kind == "decision" and not decision.corrects_id else None
        workflow.apply(decision, "sign", actor, "", expected_version=expected_version)
        for ln in lines:
            if money is not None:
                DecisionLine.update(amount=money.per_line[ln.id]).where(DecisionLine.id == ln.id).execute()
        Decision.update(base_salary=money.base_salary if money else None,
                        total_amount=money.total if money else None).where(Decision.id == decision.id).execute()
        if decision.corrects_id:
            _apply_correction(decision, lines, number, actor)
        else:
            for ln in lines:
                workflow.apply(ln.nomination, "award" if decision.kind == "decision" else "propose", actor,
                               f"{decision.kind_label} số {number:02d}/{decision.symbol}")
            if decision.kind == "decision":
                _write_history(decision, lines, number, today, actor)
        _signed_pdf(decision, actor, key, cert)
        who = actor.full_name + (f" (ký thay {authority.principal.full_name})" if authority.principal else "")
        audit.record("number", "decision", decision.id, after={"number": f"{number:02d}/{decision.symbol}",
                                                               "signed_by": actor.id,
                                                               "on_behalf_of": authority.principal.id
                                                               if authority.principal else None},
                     comment=f"{decision.summary} — {who}", actor=actor)
    fresh = Decision.get_by_id(decision.id)
    decision.__data__.update(fresh.__data__)
    return decision


def _write_history(decision: Decision, lines: list[DecisionLine], number: int, day: datetime.date, actor) -> None:
    year = decision.campaign.year
    deciding = current_app.config["AGENCY_NAME"]
    for ln in lines:
        n = ln.nomination
        AwardRecord.create(subject=n.subject, person=n.person_id, unit=n.unit_id if n.subject == "collective" else None,
                           award_code=n.award_kind.code, award_name=n.award_kind.name, year=year,
                           decision_number=f"{number:02d}/{decision.symbol}", decided_by=deciding, decided_on=day,
                           source="decision", created_by=actor, decision_id=decision.id)


# --- proposals upward: what the outside body decided ---------------------------------------------------------

def record_outcome(decision: Decision, line_id: int, awarded: bool, number: str, day: datetime.date | None,
                   body: str, actor) -> DecisionLine:
    """Record the outside body's decision on one line of a signed proposal; an award enters the history."""
    number, body = (number or "").strip(), (body or "").strip()
    if decision.kind != "proposal" or decision.status != "signed":
        raise WorkflowError(409, "Chỉ ghi kết quả cho tờ trình đã ký.")
    if awarded and (not number or day is None or not body):
        raise FieldError("outside_number", "Vui lòng nhập số, ngày và cơ quan ban hành quyết định khen thưởng.")
    if day is not None and decision.signed_on and day < decision.signed_on:
        raise FieldError("outside_date", "Ngày quyết định của cấp trên không thể trước ngày ký tờ trình.")
    with workflow.batch():
        line = next((ln for ln in lines_of(decision) if ln.id == line_id), None)
        if line is None:
            raise WorkflowError(404, "Không có dòng này trong tờ trình.")
        if line.outcome is not None:
            raise WorkflowError(409, "Đã ghi kết quả cho dòng này.")
        workflow.apply(line.nomination, "outside_award" if awarded else "outside_refuse", actor,
                       f"{number} ngày {day:%d/%m/%Y} — {body}" if awarded else (body or "Cấp trên không khen thưởng"))
        DecisionLine.update(outcome="awarded" if awarded else "not_awarded", outside_number=number,
                            outside_date=day, outside_body=body).where(DecisionLine.id == line.id).execute()
        n = line.nomination
        if awarded:
            AwardRecord.create(subject=n.subject, person=n.person_id,
                               unit=n.unit_id if n.subject == "collective" else None, award_code=n.award_kind.code,
                               award_name=n.award_kind.name, year=decision.campaign.year, decision_number=number,
                               decided_by=body, decided_on=day, source="manual", created_by=actor)
        audit.record("record_outcome", "decision", decision.id, actor=actor,
                     after={"line": line.id, "awarded": awarded, "number": number, "body": body},
                     comment=f"{nominee_name(n)} — {n.award_kind.name}")
    return line


# --- corrections ----------------------------------------------------------------------------------------------

def create_correction(original: Decision, kind: str, line_ids: list[int], text: str, actor) -> Decision:
    """A draft decision that corrects (đính chính) or revokes (thu hồi) part of a signed decision; the signed one
    stays exactly as it was."""
    text = (text or "").strip()
    if original.status != "signed" or original.kind != "decision":
        raise WorkflowError(409, "Chỉ đính chính hoặc thu hồi một quyết định đã ký.")
    if kind not in ("correct", "revoke"):
        raise FieldError("correction_kind", "Vui lòng chọn đính chính hay thu hồi.")
    if len(text) < 10:
        raise FieldError("correction_text", "Vui lòng ghi rõ nội dung đính chính hoặc lý do thu hồi.")
    chosen = [ln for ln in lines_of(original) if ln.id in set(line_ids)]
    if not chosen:
        raise FieldError("lines", "Vui lòng chọn người, tập thể liên quan.")
    verb = "đính chính" if kind == "correct" else "thu hồi"
    with db.atomic():
        decision = Decision.create(
            kind="decision", campaign=original.campaign_id, session=original.session_id,
            award_kind=original.award_kind_id, created_by=actor, corrects=original, correction_kind=kind,
            correction_text=text, summary=f"Về việc {verb} Quyết định số {original.number_symbol} ngày "
                                          f"{original.signed_on:%d/%m/%Y}",
            recipients=default_recipients("decision"), symbol=original.symbol)
        DecisionLine.insert_many([{"decision": decision.id, "nomination": ln.nomination_id,
                                   "nomination_version": ln.nomination.version, "position": i}
                                  for i, ln in enumerate(chosen, start=1)]).execute()
        audit.record("create", "decision", decision.id, actor=actor, comment=decision.summary,
                     after={"corrects": original.id, "kind": kind, "nominations": [ln.nomination_id for ln in chosen]})
    return decision


def _apply_correction(decision: Decision, lines: list[DecisionLine], number: int, actor) -> None:
    """Revoking takes the award out of the history (softly, the row stays) and closes the dossier; correcting
    leaves both in place: the history shows the correcting decision beside the original."""
    if decision.correction_kind != "revoke":
        return
    for ln in lines:
        workflow.apply(ln.nomination, "revoke", actor, f"Quyết định số {number:02d}/{decision.symbol}: "
                                                      f"{decision.correction_text}")
        (AwardRecord.update(removed_at=clock.now())
         .where(AwardRecord.decision_id == decision.corrects_id, AwardRecord.removed_at.is_null(),
                (AwardRecord.person == ln.nomination.person_id) if ln.nomination.person_id
                else (AwardRecord.unit == ln.nomination.unit_id))
         .execute())


# --- delegations and the base salary ---------------------------------------------------------------------------

def add_delegation(principal, deputy_id: int, title: str, valid_from: datetime.date, valid_to: datetime.date,
                   note: str, actor) -> Delegation:
    """The head lets a deputy sign on their behalf for a period."""
    if not is_head(principal, clock.today()):
        raise FieldError("deputy_id", "Chỉ Trưởng Ban ủy quyền ký thay.")
    deputy = User.get_or_none(User.id == deputy_id)
    if deputy is None or deputy.id == principal.id or not deputy.has_role(roles.LEADER):
        raise FieldError("deputy_id", "Người được ủy quyền phải là một lãnh đạo Ban khác.")
    if valid_to < valid_from:
        raise FieldError("valid_to", "Ngày kết thúc phải từ ngày bắt đầu trở về sau.")
    with db.atomic():
        row = Delegation.create(deputy=deputy, principal=principal, deputy_title=(title or "PHÓ TRƯỞNG BAN").strip(),
                                valid_from=valid_from, valid_to=valid_to, note=(note or "").strip(), created_by=actor)
        audit.record("create", "delegation", row.id, actor=actor, comment=f"{principal.full_name} → {deputy.full_name}",
                     after={"deputy": deputy.id, "from": valid_from, "to": valid_to})
    return row


def end_delegation(row: Delegation, actor) -> None:
    """End a delegation now, whatever its dates (the deputy can no longer sign under it, not even today)."""
    if row.ended_at is not None:
        raise WorkflowError(409, "Ủy quyền này đã kết thúc.")
    now = clock.now()
    with db.atomic():
        Delegation.update(ended_at=now).where(Delegation.id == row.id, Delegation.ended_at.is_null()).execute()
        audit.record("end_delegation", "delegation", row.id, actor=actor, after={"ended_at": now})


def set_head(user, valid_from: datetime.date, actor) -> AgencyHead:
    """Record who heads the agency from a date; the previous head's term ends the day before."""
    if not user.has_role(roles.LEADER):
        raise FieldError("user_id", "Trưởng Ban phải là người có vai trò Lãnh đạo Ban.")
    current = AgencyHead.select().where(AgencyHead.valid_to.is_null()).order_by(AgencyHead.valid_from.desc()).first()
    if current is not None and valid_from <= current.valid_from:
        raise FieldError("valid_from",
                         f"Ngày bắt đầu phải sau ngày {current.valid_from:%d/%m/%Y} của Trưởng Ban hiện tại.")
    with db.atomic():
        if current is not None:
            AgencyHead.update(valid_to=valid_from - datetime.timedelta(days=1)).where(
                AgencyHead.id == current.id).execute()
        row = AgencyHead.create(user=user, valid_from=valid_from, created_by=actor)
        audit.record("create", "agency_head", row.id, actor=actor, comment=user.full_name,
                     after={"user_id": user.id, "valid_from": valid_from})
    return row


def add_base_salary(valid_from: datetime.date, amount: int, basis: str, actor) -> BaseSalary:
    if amount <= 0:
        raise FieldError("amount", "Mức lương cơ sở phải lớn hơn 0.")
    if BaseSalary.select().where(BaseSalary.valid_from == valid_from).exists():
        raise FieldError("valid_from", "Đã có mức lương cơ sở áp dụng từ ngày này.")
    with db.atomic():
        row = BaseSalary.create(valid_from=valid_from, amount=amount, legal_basis=(basis or "").strip())
        audit.record("create", "base_salary", row.id, actor=actor,
                     after={"valid_from": valid_from, "amount": amount, "legal_basis": row.legal_basis})
    return row
