"""Build the DecisionDocument of a decision or a proposal upward from its rows (TEMPLATES.md §5 and §2)."""
from __future__ import annotations

from flask import current_app

from .. import clock
from ..documents.decision_doc import Article, AttachedList, DecisionDocument, ListBlock, ListRow
from ..documents.model import vietnamese_date_line
from ..documents.money import vnd_figures, vnd_words
from ..models import Decision, LegalRegime
from . import services


def _figures(amount: int | None) -> str:
    return vnd_figures(amount).removesuffix(" đồng") if amount else ""


def _position_unit(n) -> str:
    if n.person_id:
        return ", ".join(p for p in (n.person.position, n.unit.name) if p)
    return ""


def _basis(decision: Decision, day) -> list[str]:
    regime = LegalRegime.select().where(LegalRegime.valid_from <= day, (LegalRegime.valid_to.is_null())
                                        | (LegalRegime.valid_to >= day)).order_by(LegalRegime.valid_from.desc()).first()
    lines = [ln.strip() for ln in (regime.basis if regime else "").splitlines() if ln.strip()]
    # The decision that gives the Trưởng Ban the authority (the agency's functions), as configured.
    lines += [ln.strip() for ln in (current_app.config.get("DECISION_AUTHORITY_BASIS") or "").split("|") if ln.strip()]
    if decision.session_id:
        meeting_day = vietnamese_date_line("", decision.session.meets_at.date()).removeprefix(", ")
        lines.append(f"Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng Ban {meeting_day};")
    lines.append("Xét đề nghị của Chánh Văn phòng Ban.")
    return lines


def build(decision: Decision) -> DecisionDocument:
    cfg = current_app.config
    lines = services.lines_of(decision)
    signed = decision.status == "signed"
    day = decision.signed_on if signed else clock.today()
    money = services.amounts(decision, lines, day) if decision.kind == "decision" else None
    individuals = [ln for ln in lines if ln.nomination.subject == "individual"]
    collectives = [ln for ln in lines if ln.nomination.subject == "collective"]
    award_names = sorted({("danh hiệu " if ln.nomination.award_kind.category == "title" else "")
                          + ln.nomination.award_kind.name for ln in lines})
    awards = ", ".join(award_names)
    categories = {ln.nomination.award_kind.category for ln in lines}
    verb = "Công nhận" if categories == {"title"} else "Tặng" if categories == {"form"} else "Tặng, công nhận"
    date_words = (vietnamese_date_line("", decision.signed_on).removeprefix(", ") if signed
                  else "ngày … tháng … năm …")
    blocks, n = [], 0
    for heading, group in (("I. CÁ NHÂN", individuals), ("II. TẬP THỂ", collectives)):
        if not group:
            continue
        rows = []
        for ln in group:
            n += 1
            amount = money.per_line.get(ln.id) if money else None
            rows.append(ListRow(number=n, name=services.nominee_name(ln.nomination),
                                position_unit=_position_unit(ln.nomination), award=ln.nomination.award_kind.name,
                                amount=_figures(amount), summary=ln.nomination.summary))
        blocks.append(ListBlock(heading if individuals and collectives else heading.split(". ", 1)[1], rows))
    counts = " và ".join(p for p in (f"{len(collectives)} tập thể" if collectives else "",
                                      f"{len(individuals)} cá nhân" if individuals else "") if p)
    if decision.kind == "decision":
        kind_text = f"Quyết định số {decision.number_symbol} {date_words} của Trưởng Ban Dân tộc"
        salary = f"{vnd_figures(money.base_salary)}" if money and money.base_salary else "(chưa có mức lương cơ sở)"
        articles = [
            Article("Điều 1.", f"{verb} {awards} cho {counts} đã có thành tích trong phong trào thi đua năm "
                               f"{decision.campaign.year} (có danh sách kèm theo)."),
            Article("Điều 2.", (f"Mỗi cá nhân, tập thể được khen thưởng tại Điều 1 được nhận tiền thưởng theo hệ số "
                                f"của danh hiệu, hình thức nhân với mức lương cơ sở {salary}, theo danh sách kèm "
                                f"theo; tổng số tiền thưởng là {vnd_figures(money.total)} (bằng chữ: "
                                f"{vnd_words(money.total)[0].lower() + vnd_words(money.total)[1:]}), chi từ Quỹ thi "
                                f"đua, khen thưởng của Ban Dân tộc.") if money and money.total else
                    "Các cá nhân, tập thể tại Điều 1 được tặng giấy chứng nhận theo quy định."),
            Article("Điều 3.", "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng thuộc "
                               "Ban, các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
                               "này./."),
        ]
        attached = AttachedList(
            title=f"DANH SÁCH {'CÁ NHÂN' if not collectives else 'TẬP THỂ' if not individuals else 'CÁ NHÂN, TẬP THỂ'}"
                  f" ĐƯỢC {verb.upper()} {awards.upper()} NĂM {decision.campaign.year}",
            subtitle=f"(Kèm theo {kind_text})", blocks=blocks, show_amount=bool(money and money.total),
            total=_figures(money.total) if money and money.total else "",
            total_words=f"(Bằng chữ: {vnd_words(money.total)})" if money and money.total else "")
        if decision.corrects_id:
            articles, attached = _correction_articles(decision, blocks, kind_text)
        title, authority, addressee, decides = "QUYẾT ĐỊNH", f"TRƯỞNG {cfg['AGENCY_NAME'].upper()}", "", True
        basis = _basis(decision, day)
    else:
        kind_text = f"Tờ trình số {decision.number_symbol} {date_words} của Ban Dân tộc"
        articles = [
            Article("", f"Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng Ban, Ban Dân tộc kính trình xem xét, "
                        f"khen thưởng {awards} cho {counts} đã có thành tích xuất sắc năm {decision.campaign.year} "
                        f"(có danh sách, biên bản, báo cáo thành tích kèm theo)."),
            Article("", "Kính trình xem xét, quyết định./."),
        ]
        attached = AttachedList(title=f"DANH SÁCH ĐỀ NGHỊ {awards.upper()} NĂM {decision.campaign.year}",
                                subtitle=f"(Kèm theo {kind_text})", blocks=blocks, show_amount=False)
        title, authority, decides = "TỜ TRÌNH", "", False
        deciders = sorted({ln.nomination.award_kind.authority for ln in lines if ln.nomination.award_kind.authority})
        addressee = "Kính gửi: " + ("; ".join(deciders) if deciders else "cấp có thẩm quyền")
        basis = []
    signer = decision.signed_by if signed else None
    return DecisionDocument(
        parent_agency=cfg["AGENCY_PARENT"], agency=cfg["AGENCY_SHORT"], number_symbol=decision.number_symbol,
        place=decision.campaign.place, issued_on=decision.signed_on if signed else None, kind_title=title,
        summary=decision.summary, authority=authority, addressee=addressee, basis=basis, articles=articles,
        recipients=[ln.strip() for ln in decision.recipients.splitlines() if ln.strip()],
        signer_authority=decision.signer_authority if signed else "", signer_title=decision.signer_title
        if signed else services.HEAD_TITLE, signer_name=signer.full_name if signer else "", attached=attached,
        draft=not signed, decides=decides,
        signed_note=(f"Đã ký số: {cfg.get('SIGNING_NAME', cfg['AGENCY_NAME'])}, "
                     f"{decision.signed_at:%d/%m/%Y %H:%M}") if signed and decision.signed_at else "")


def _correction_articles(decision: Decision, blocks: list[ListBlock], kind_text: str):
    original = Decision.get_by_id(decision.corrects_id)
    cited = f"Quyết định số {original.number_symbol} ngày {original.signed_on:%d/%m/%Y} {original.summary[0].lower()}" \
            f"{original.summary[1:]}"
    if decision.correction_kind == "revoke":
        first = (f"Thu hồi khen thưởng tại {cited} đối với các cá nhân, tập thể có tên trong danh sách kèm theo. "
                 f"Lý do: {decision.correction_text}")
        second = f"Các nội dung khác của Quyết định số {original.number_symbol} giữ nguyên hiệu lực."
        title = "DANH SÁCH CÁ NHÂN, TẬP THỂ BỊ THU HỒI KHEN THƯỞNG"
    else:
        first = f"Đính chính {cited} như sau: {decision.correction_text}"
        second = f"Các nội dung khác của Quyết định số {original.number_symbol} giữ nguyên."
        title = "DANH SÁCH CÁ NHÂN, TẬP THỂ CÓ NỘI DUNG ĐƯỢC ĐÍNH CHÍNH"
    for block in blocks:
        for row in block.rows:
            row.amount = ""
    articles = [Article("Điều 1.", first), Article("Điều 2.", second),
                Article("Điều 3.", "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng "
                                   "thuộc Ban, các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                                   "Quyết định này./.")]
    return articles, AttachedList(title=title, subtitle=f"(Kèm theo {kind_text})", blocks=blocks, show_amount=False)
