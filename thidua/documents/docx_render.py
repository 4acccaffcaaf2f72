"""Render an AdminDocument as .docx in the national administrative format (Decree 30/2020/NĐ-CP, Phụ lục I).

Layout: A4; margins 20/20/30/15 mm (top/bottom/left/right); Times New Roman; a borderless two-column heading
(agency and number on the left, Quốc hiệu, Tiêu ngữ and place-date on the right); the centred kind title and
trích yếu; the body; a borderless two-column footer (Nơi nhận on the left, signer on the right); page numbers
centred at the top from page 2 on.

The building blocks (new_document, heading_block, title_block, heading, body_paragraph, signer_cell,
borderless_table, data_table, to_bytes) are shared with the other documents of the app, e.g. the achievement
report of a dossier (thidua/documents/achievement_docx.py).
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from thidua.documents.model import AdminDocument, vietnamese_date_line

FONT = "Times New Roman"
BODY_PT = 14
HEADING_PT = 13      # agency names and the number line (12–13)
NATIONAL_PT = 12     # Quốc hiệu (12–13); at 13 it fills the 10 cm column almost edge to edge
MOTTO_PT = 13        # Tiêu ngữ (13–14, one size above the Quốc hiệu)
RECIPIENTS_TITLE_PT = 12
RECIPIENTS_PT = 11

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

TEXT_WIDTH = Mm(210 - 30 - 15)
HEADER_COLUMNS = (Cm(6.5), TEXT_WIDTH - Cm(6.5))
FOOTER_COLUMNS = (Cm(8.0), TEXT_WIDTH - Cm(8.0))
FIRST_LINE_INDENT = Cm(1)
LEFT, CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


def render_docx(doc: AdminDocument) -> bytes:
    """Return the document as the bytes of a .docx file."""
    document = new_document()
    heading_block(document, doc.parent_agency, doc.agency, vietnamese_date_line(doc.place, doc.issued_on),
                  number_symbol=doc.number_symbol)
    title_block(document, [doc.kind_title.upper(), doc.summary], rule_after=True)
    for text in doc.preamble:
        body_paragraph(document, text)
    for section in doc.sections:
        heading(document, section.heading, before=6)
        for subheading, paragraphs in section.parts:
            if subheading:
                heading(document, subheading)
            for text in paragraphs:
                body_paragraph(document, text)
    # The signer block never stands alone on the last page: the closing paragraph goes with it.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    _signature_block(document, doc)
    document.core_properties.title = f"{doc.kind_title.capitalize()} {doc.number_symbol}: {doc.summary}"
    return to_bytes(document)


def new_document():
    """Return an empty A4 document with the Decree 30 margins, fonts and page numbers (none on page 1)."""
    document = Document()
    _setup_page_and_fonts(document)
    return document


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- page, fonts, page numbers ---------------------------------------------------------------------------------

def _setup_page_and_fonts(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)

    # The default template names theme fonts in docDefaults, and Word/LibreOffice pick the eastAsia or cs slot
    # for some Vietnamese characters: name Times New Roman in every slot, on the defaults and on Normal.
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_font_slots(defaults)
    defaults.find(qn("w:lang")).set(qn("w:val"), "vi-VN")  # spelling and hyphenation in Vietnamese
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_font_slots(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    # Decree 30: page numbers centred in the top margin, none on the first page (an empty first-page header).
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    _add_page_field(number.add_run())
    number.runs[0].font.size = Pt(HEADING_PT)


def _set_font_slots(rPr) -> None:
    """Name Times New Roman for the ascii, hAnsi, eastAsia and cs slots of an rPr, dropping theme fonts."""
    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = OxmlElement("w:rFonts")
        rPr.insert(0, rFonts)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rFonts.attrib.pop(qn(f"w:{slot}Theme"), None)
        rFonts.set(qn(f"w:{slot}"), FONT)
    rFonts.attrib.pop(qn("w:cstheme"), None)


def _add_page_field(run) -> None:
    """Put a PAGE field into a run (python-docx has no field API)."""
    begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end.set(qn("w:fldCharType"), "end")
    run._r.extend([begin, instr, end])


# --- heading, title, signature -----------------------------------------------------------------------------------

def heading_block(document, parent_agency: str, agency: str, date_line: str,
                  number_symbol: str | None = None) -> None:
    """Add the two-column heading: the agencies (and number) on the left; Quốc hiệu, Tiêu ngữ, place and date
    on the right."""
    left, right = borderless_table(document, HEADER_COLUMNS).rows[0].cells
    if parent_agency:
        add_paragraph(left, parent_agency.upper(), size=HEADING_PT)
    add_paragraph(left, agency.upper(), size=HEADING_PT, bold=True)
    # A short rule under the agency: about half its (one-line) width, never wider than the column allows.
    rule(left, HEADER_COLUMNS[0], min(approx_width(agency.upper(), HEADING_PT) * 0.45, HEADER_COLUMNS[0] * 0.4))
    if number_symbol:
        add_paragraph(left, f"Số: {number_symbol}", size=HEADING_PT, before=6)

    add_paragraph(right, QUOC_HIEU, size=NATIONAL_PT, bold=True)
    add_paragraph(right, TIEU_NGU, size=MOTTO_PT, bold=True)
    rule(right, HEADER_COLUMNS[1], approx_width(TIEU_NGU, MOTTO_PT))
    add_paragraph(right, date_line, size=BODY_PT, italic=True, before=6)


def title_block(document, lines: list[str], rule_after: bool = False) -> None:
    """Add the centred bold title lines (kind of document, trích yếu), with a short rule below if asked."""
    for index, text in enumerate(lines):
        add_paragraph(document, text, bold=True, before=24 if index == 0 else 0,
                      after=0 if rule_after or index < len(lines) - 1 else 12)
    if rule_after:
        rule(document, TEXT_WIDTH, Cm(4), after=18)


def signer_cell(cell, titles: list[str], name: str, before: float = 6, room: float = 84) -> None:
    """Fill a signer's cell: the bold title lines, room for the signature and seal (cell 7c of Phụ lục I), then
    the signer's name in bold."""
    for index, text in enumerate(titles):
        add_paragraph(cell, text.upper(), bold=True, before=before if index == 0 else 0)
    add_paragraph(cell, name, bold=True, before=room)


def signature_table(document, signers: list[tuple[list[str], str, str] | None], widths: tuple[Length, ...], *,
                    title_pt: float = BODY_PT, room: float = 84) -> Table:
    """Add signers side by side: (title lines, hint, name) each, None for an empty column.

    A borderless two-row table: titles and hints in the first row, names in the second, so the names line up
    however many lines the titles take; the rows stay on one page together.
    """
    table = borderless_table(document, widths)
    names = table.add_row()
    names._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, width in zip(names.cells, widths):
        cell.width = width
    for top, bottom, signer in zip(table.rows[0].cells, names.cells, signers):
        if signer is None:
            continue
        titles, hint, name = signer
        for index, text in enumerate(titles):
            add_paragraph(top, text.upper(), size=title_pt, bold=True, before=6 if index == 0 else 0)
        if hint:
            add_paragraph(top, hint, italic=True)
        for paragraph in top.paragraphs:
            paragraph.paragraph_format.keep_with_next = True  # the names' row follows the titles' row
        add_paragraph(bottom, name, bold=True, before=room)
    return table


def first_page_note(document, text: str) -> Paragraph:
    """Put a small italic line at the top right of the first page (e.g. the form a document follows).

    It sits in the first page's own header, so it neither shifts the heading block nor shows on later pages.
    """
    paragraph = document.sections[0].first_page_header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size, run.font.italic = Pt(RECIPIENTS_PT), True
    return paragraph


def _signature_block(document, doc: AdminDocument) -> None:
    left, right = borderless_table(document, FOOTER_COLUMNS).rows[0].cells
    add_paragraph(left, "Nơi nhận:", size=RECIPIENTS_TITLE_PT, bold=True, italic=True, align=LEFT, before=6)
    for line in doc.recipients:
        add_paragraph(left, line, size=RECIPIENTS_PT, align=LEFT)
    signer_cell(right, [t for t in (doc.signer_authority, doc.signer_title) if t], doc.signer_name)


# --- helpers -----------------------------------------------------------------------------------------------------

def borderless_table(document, widths: tuple[Length, Length]) -> Table:
    """Return a one-row, two-column table with fixed widths, no borders, and a row that stays on one page."""
    table = document.add_table(rows=1, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
        column.width = cell.width = width  # gridCol for LibreOffice, tcW for Word
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # Schema order inside tblPr: tblBorders comes before shd, tblLayout, tblCellMar and tblLook.
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    return table


def data_table(document, headers: list[str], rows: list[list[str]], widths: list[Length], *,
               size: float = 13, centred_columns: tuple[int, ...] = (0,), empty_text: str = "") -> Table:
    """Return a ruled table: a bold, centred header row repeated on every page, then one row per item.

    With no rows, a single merged row says empty_text (if given), so the table never prints as a bare header.
    """
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")
    header._tr.get_or_add_trPr().append(flag)
    for cell, text in zip(header.cells, headers):
        add_paragraph(cell, text, size=size, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values)):
            for line in str(text or "").splitlines() or [""]:
                add_paragraph(cell, line, size=size, align=CENTER if index in centred_columns else LEFT)
    if not rows and empty_text:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        add_paragraph(merged, empty_text, size=size, italic=True)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def new_paragraph(container) -> Paragraph:
    """Return a new paragraph; a fresh table cell already holds an empty, unformatted one, which is reused."""
    if isinstance(container, _Cell):
        only = container.paragraphs
        if len(only) == 1 and only[0]._p.pPr is None and not only[0].runs:
            return only[0]
    return container.add_paragraph()


def add_paragraph(container, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
         align=CENTER, indent: Length | None = None, before: float = 0, after: float = 0) -> Paragraph:
    """Add a paragraph of one run with the given font and paragraph format (sizes and spacing in points)."""
    paragraph = new_paragraph(container)
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = indent
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold or None, italic or None
    return paragraph


def heading(document, text: str, before: float = 0) -> Paragraph:
    """Add a bold section or sub-section heading, kept on the page of the paragraph that follows it."""
    paragraph = add_paragraph(document, text, bold=True, align=JUSTIFY, indent=FIRST_LINE_INDENT, before=before,
                              after=6)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def body_paragraph(document, text: str) -> Paragraph:
    """Add a justified body paragraph with a first-line indent and 6 pt after (Decree 30: at least 6 pt)."""
    paragraph = add_paragraph(document, text, align=JUSTIFY, indent=FIRST_LINE_INDENT, after=6)
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def rule(container, available: Length, length: Length, after: float = 0) -> Paragraph:
    """Add a centred horizontal line of about `length` as the bottom border of an empty, 3 pt high paragraph."""
    paragraph = new_paragraph(container)
    border = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        border.set(qn(f"w:{name}"), value)
    pBdr = OxmlElement("w:pBdr")
    pBdr.append(border)
    # Append before any other paragraph property: pBdr must precede spacing, ind and jc in the schema,
    # and python-docx inserts those in schema order.
    paragraph._p.get_or_add_pPr().append(pBdr)
    fmt = paragraph.paragraph_format
    side = max(Length(0), Length(int((available - length) / 2)))
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing = Pt(3)  # clears the dot-below diacritics (ạ, ộ) of the line above
    return paragraph


def approx_width(text: str, size: float) -> Length:
    """Estimate the printed width of a Times New Roman line (capitals ≈ 0.68 em, other letters ≈ 0.48 em)."""
    ems = sum(0.68 if ch.isupper() else 0.25 if ch == " " else 0.48 for ch in text)
    return Pt(ems * size)
