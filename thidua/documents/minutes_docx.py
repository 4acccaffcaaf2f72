"""Render the council's minutes (MinutesDocument) and paper ballot (PaperBallot) as .docx.

Heading, fonts, margins, page numbers, tables and signature cells come from docx_render; this module lays out
what TEMPLATES.md §3 and §4 add. The sentences themselves come from council_docs, shared with the PDF.
"""
from __future__ import annotations

from docx.shared import Cm, Length

from .council_docs import (AGENDA_HEADING, BALLOT_HEADERS, CONCLUSION_HEADING, MINUTES_TITLE, VOTE_HEADING,
                           WRITTEN_VOTES_HEADING, MinutesDocument, PaperBallot, closing_line, issuer_lines,
                           minutes_date_line, opening_lines, present_lines, result_cells, result_headers,
                           row_notes)
from .docx_render import (CENTER, FIRST_LINE_INDENT, JUSTIFY, TEXT_WIDTH, add_paragraph, body_paragraph,
                          data_table, heading, heading_block, new_document, signature_table, title_block,
                          to_bytes)

TABLE_PT = 12      # seven columns on 16.5 cm: 13 pt would wrap most names
BALLOT_PT = 13
NOTE_PT = 13
SIGNATURE_PT = 13
HALVES = (Length(TEXT_WIDTH // 2), Length(TEXT_WIDTH - TEXT_WIDTH // 2))
# STT | Họ và tên | Chức vụ, đơn vị | Danh hiệu | Số phiếu đồng ý | Tỷ lệ % | Kết quả  (sum: 16.5 cm)
RESULT_WIDTHS = [Cm(1.0), Cm(4.2), Cm(3.0), Cm(2.8), Cm(1.6), Cm(2.2), Cm(1.7)]
# STT | Họ và tên | Chức vụ, đơn vị | Danh hiệu đề nghị | Đồng ý | Không đồng ý  (sum: 16.5 cm)
BALLOT_WIDTHS = [Cm(1.0), Cm(4.4), Cm(4.0), Cm(3.5), Cm(1.7), Cm(1.9)]


def render_minutes_docx(doc: MinutesDocument) -> bytes:
    """Return the minutes of a council meeting as the bytes of a .docx file."""
    document = new_document()
    upright, issuer = issuer_lines(doc.parent_agency, doc.agency, doc.council)
    heading_block(document, "\n".join(upright), issuer, minutes_date_line(doc), number_symbol=doc.number_symbol)
    title_block(document, [MINUTES_TITLE, doc.summary], rule_after=True)
    for text in opening_lines(doc):
        body_paragraph(document, text)
    for text in present_lines(doc):
        body_paragraph(document, text)

    heading(document, AGENDA_HEADING, before=6)
    for text in doc.agenda:
        body_paragraph(document, text)

    heading(document, VOTE_HEADING, before=6)
    if doc.method:
        body_paragraph(document, doc.method)
    for table in doc.tables:
        heading(document, table.heading, before=6)
        data_table(document, result_headers(table, doc), [result_cells(row) for row in table.rows],
                   RESULT_WIDTHS, size=TABLE_PT, centred_columns=(0, 4, 5, 6), empty_text="Không có")
        for index, text in enumerate(table.rule_lines + row_notes(table)):
            _note(document, text, before=6 if index == 0 else 0)
    if doc.written_votes:
        heading(document, WRITTEN_VOTES_HEADING, before=6)
        for text in doc.written_votes:
            body_paragraph(document, text)
    if doc.paper_note:
        body_paragraph(document, doc.paper_note)

    heading(document, CONCLUSION_HEADING, before=6)
    for text in doc.conclusions:
        body_paragraph(document, text)
    body_paragraph(document, closing_line(doc)).paragraph_format.keep_with_next = True

    signature_table(document, [([doc.secretary_title], "", doc.secretary_name),
                               ([doc.chair_title], "", doc.chair.name)], HALVES, title_pt=SIGNATURE_PT)
    document.core_properties.title = f"Biên bản họp Hội đồng {doc.number_symbol}: {doc.summary}"
    return to_bytes(document)


def render_ballot_docx(doc: PaperBallot) -> bytes:
    """Return a blank paper ballot as the bytes of a .docx file: no voter's name and no signature line."""
    document = new_document()
    upright, issuer = issuer_lines(doc.parent_agency, doc.agency, doc.council)
    heading_block(document, "\n".join(upright), issuer, doc.session_line)
    title_block(document, [doc.title.upper(), doc.subtitle])
    if doc.instruction:
        _note(document, doc.instruction, after=6)
    for group in doc.groups:
        heading(document, group.heading, before=6)
        rows = [[str(line.number), line.name, line.position_unit, line.award, "", ""] for line in group.lines]
        data_table(document, BALLOT_HEADERS, rows, BALLOT_WIDTHS, size=BALLOT_PT, centred_columns=(0, 4, 5),
                   empty_text="Không có")
    if doc.validity_note:
        _note(document, doc.validity_note, before=6)
    if doc.stamp_hint:
        add_paragraph(document, doc.stamp_hint, size=NOTE_PT, italic=True, align=CENTER, before=18)
    document.core_properties.title = f"{doc.title} {doc.subtitle}"
    return to_bytes(document)


def _note(document, text: str, *, before: float = 0, after: float = 3):
    """Add an italic, justified line such as a vote rule under a table or the instruction of a ballot."""
    return add_paragraph(document, text, size=NOTE_PT, italic=True, align=JUSTIFY, indent=FIRST_LINE_INDENT,
                         before=before, after=after)
