"""Render a Quyết định khen thưởng or a Tờ trình (DecisionDocument) as .docx (TEMPLATES.md §5, §2).

Heading, fonts, margins, page numbers, tables and the signer cell come from docx_render (Decree 30/2020). This
module adds what a decision needs: the authority line, the italic Căn cứ lines, "QUYẾT ĐỊNH:", the articles with
their bold "Điều n." label, Nơi nhận beside the signer, a "DỰ THẢO" mark in the page header of a draft, and the
attached list in a section of its own: it starts on a new page, numbers its pages from 1 and shows no number on
its first page (Decree 30 numbers an attachment's pages separately — from memory of Phụ lục I, UNCONFIRMED).
"""
from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from .decision_doc import AttachedList, DecisionDocument, ListColumn
from .docx_render import (BODY_PT, CENTER, FIRST_LINE_INDENT, FOOTER_COLUMNS, HEADER_COLUMNS, HEADING_PT, JUSTIFY,
                          LEFT, RECIPIENTS_PT, RECIPIENTS_TITLE_PT, TEXT_WIDTH, add_paragraph, approx_width,
                          borderless_table, data_table, heading_block, new_document, rule, signer_cell,
                          title_block, to_bytes)

DRAFT_MARK = "DỰ THẢO"
DECIDES_LINE = "QUYẾT ĐỊNH:"
TOTAL_LABEL = "Tổng cộng"
LIST_PT = 12       # five columns on 16.5 cm: 13 pt would wrap most names
NOTE_PT = 10
# Fixed widths of the narrow columns; the name and the position share what is left (name 47 %).
FIXED_WIDTHS = {"number": Cm(1.2), "award": Cm(3.4), "amount": Cm(2.4), "summary": Cm(5.0)}
CENTRED_KEYS = ("number", "amount")


def render_decision_docx(doc: DecisionDocument) -> bytes:
    """Return the decision (or tờ trình) and its attached list as the bytes of a .docx file."""
    document = new_document()
    if doc.draft:
        _draft_marks(document)
    heading_block(document, doc.parent_agency, doc.agency, doc.date_line, number_symbol=doc.number_symbol)
    title_block(document, [doc.kind_title.upper(), doc.summary], rule_after=True)
    if doc.addressee:
        add_paragraph(document, doc.addressee, after=12)
    if doc.authority:
        add_paragraph(document, doc.authority.upper(), bold=True, after=12)
    for text in doc.basis:
        _justified(document, text, italic=True)
    if doc.decides:
        add_paragraph(document, DECIDES_LINE, bold=True, before=6, after=12)
    for article in doc.articles:
        _article(document, article.label, article.text)
    # The signer block never stands alone on the last page: the last paragraph goes with it.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    _footer(document, doc)
    if doc.signed_note:
        add_paragraph(document, doc.signed_note, size=NOTE_PT, italic=True, align=LEFT, before=24)
    if doc.attached is not None:
        _attached_list(document, doc, doc.attached)
    document.core_properties.title = f"{doc.kind_title.capitalize()} {doc.number_symbol}: {doc.summary}"
    return to_bytes(document)


# --- the decision --------------------------------------------------------------------------------------------------

def _justified(document, text: str, *, italic: bool = False):
    """Add a justified paragraph with a first-line indent and 6 pt after (a Căn cứ line, a plain paragraph)."""
    paragraph = add_paragraph(document, text, italic=italic, align=JUSTIFY, indent=FIRST_LINE_INDENT, after=6)
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def _article(document, label: str, text: str) -> None:
    """Add an article: its bold label ("Điều 1.") and its first line in one paragraph, further lines after."""
    lines = text.splitlines() or [""]
    first = _justified(document, lines[0])
    if label:
        run = first.runs[0]
        run.text = f" {lines[0]}"
        bold = first.add_run(label)
        bold.font.size, bold.font.bold = Pt(BODY_PT), True
        run._r.addprevious(bold._r)  # the label before the text
    for line in lines[1:]:
        _justified(document, line)


def _footer(document, doc: DecisionDocument) -> None:
    """Add Nơi nhận (left) and the signer (right): titles, room for signature and seal, the name."""
    left, right = borderless_table(document, FOOTER_COLUMNS).rows[0].cells
    add_paragraph(left, "Nơi nhận:", size=RECIPIENTS_TITLE_PT, bold=True, italic=True, align=LEFT, before=6)
    for line in doc.recipients:
        add_paragraph(left, line, size=RECIPIENTS_PT, align=LEFT)
    signer_cell(right, doc.signer_titles, doc.signer_name)


def _draft_marks(document) -> None:
    """Mark every page of a draft: "DỰ THẢO" in a box at the right of the page header.

    Page 1 has its own (otherwise empty) header; the other pages' header holds the page number, centred, so the
    mark goes after a right tab on the same line instead of a second line that would push the body down.
    """
    section = document.sections[0]
    first = section.first_page_header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _boxed_run(first, DRAFT_MARK)

    number = section.header.paragraphs[0]
    number.alignment = LEFT
    tabs = number.paragraph_format.tab_stops
    tabs.add_tab_stop(Length(TEXT_WIDTH // 2), WD_TAB_ALIGNMENT.CENTER)
    tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    page = number.runs[0]
    before = number.add_run("\t")
    page._r.addprevious(before._r)
    number.add_run("\t")
    _boxed_run(number, DRAFT_MARK)


def _boxed_run(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(HEADING_PT), True
    border = OxmlElement("w:bdr")
    for name, value in (("val", "single"), ("sz", "8"), ("space", "2"), ("color", "auto")):
        border.set(qn(f"w:{name}"), value)
    run._r.get_or_add_rPr().append(border)


# --- the attached list ---------------------------------------------------------------------------------------------

def _attached_list(document, doc: DecisionDocument, listing: AttachedList) -> None:
    """Add the list in a new section: a new page, its own page numbers (none on its first page)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(number_type, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                          "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                          "w:docGrid", "w:printerSettings", "w:sectPrChange")

    # The customary heading of an attachment: the agency on the left, no number, no Quốc hiệu.
    left = borderless_table(document, HEADER_COLUMNS).rows[0].cells[0]
    if doc.parent_agency:
        add_paragraph(left, doc.parent_agency.upper(), size=HEADING_PT)
    add_paragraph(left, doc.agency.upper(), size=HEADING_PT, bold=True)
    rule(left, HEADER_COLUMNS[0], min(approx_width(doc.agency.upper(), HEADING_PT) * 0.45, HEADER_COLUMNS[0] * 0.4))

    add_paragraph(document, listing.title, bold=True, before=18)
    if listing.subtitle:
        add_paragraph(document, listing.subtitle, italic=True)
    rule(document, TEXT_WIDTH, Cm(4), after=12)

    for index, block in enumerate(listing.blocks):
        if block.heading:
            heading = add_paragraph(document, block.heading, bold=True, align=LEFT, before=6, after=6)
            heading.paragraph_format.keep_with_next = True
        columns = doc.list_columns(block)
        keys = [column.key for column in columns]
        table = data_table(document, [column.header for column in columns],
                           [[row.cell(key) for key in keys] for row in block.rows], _widths(columns),
                           size=LIST_PT, centred_columns=tuple(i for i, key in enumerate(keys) if key in CENTRED_KEYS),
                           empty_text="Không có")
        if listing.total and index == len(listing.blocks) - 1:
            _total_row(table, keys, listing.total)
    if listing.total_words:
        add_paragraph(document, listing.total_words, size=13, italic=True, align=LEFT, before=6)


def _widths(columns: list[ListColumn]) -> list[Length]:
    fixed = [FIXED_WIDTHS.get(column.key) for column in columns]
    free = TEXT_WIDTH - sum(width for width in fixed if width)
    keys = [column.key for column in columns]
    shares = {"name": 0.47, "position_unit": 0.53} if "position_unit" in keys else {"name": 1.0}
    return [width or Length(int(free * shares[column.key])) for width, column in zip(fixed, columns)]


def _total_row(table, keys: list[str], total: str) -> None:
    """Append the bold "Tổng cộng" row: the label across the columns before the amount, the total under it."""
    at = keys.index("amount") if "amount" in keys else len(keys) - 1
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cells = row.cells
    label = cells[0].merge(cells[at - 1]) if at > 1 else cells[0]
    add_paragraph(label, TOTAL_LABEL, size=LIST_PT, bold=True, align=CENTER)
    add_paragraph(cells[at], total, size=LIST_PT, bold=True, align=CENTER)
