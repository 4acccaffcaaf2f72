"""Render a báo cáo thành tích (AchievementDocument) as .docx with the blocks of the national format.

Heading, fonts, margins, page numbers and signature cells come from docx_render; this module only lays out what
the report adds: the two title lines, sections I–II, the two award tables of section III and the signature rows
of TEMPLATES.md §1a/§1b.
"""
from __future__ import annotations

from docx.shared import Cm, Length

from .docx_render import (TEXT_WIDTH, add_paragraph, body_paragraph, data_table, first_page_note, heading,
                          heading_block, new_document, signature_table, title_block, to_bytes)
from .model import AchievementDocument

YEAR_COLUMN = Cm(2.0)
AWARD_COLUMN = Cm(6.0)
TABLE_PT = 13
SIGNATURE_PT = 13  # signer titles (13–14): at 14 "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN" no longer fits half the width
HALVES = (Length(TEXT_WIDTH // 2), Length(TEXT_WIDTH - TEXT_WIDTH // 2))


def render_achievement_docx(doc: AchievementDocument) -> bytes:
    """Return the report as the bytes of a .docx file."""
    document = new_document()
    if doc.form_note:
        first_page_note(document, doc.form_note)
    heading_block(document, doc.parent_agency, doc.agency, doc.date_line)
    title_block(document, doc.titles)
    for text in doc.intro:
        body_paragraph(document, text)
    for section in doc.sections:
        heading(document, section.heading, before=6)
        for subheading, paragraphs in section.parts:
            if subheading:
                heading(document, subheading)
            for text in paragraphs:
                body_paragraph(document, text)

    heading(document, doc.awards_heading, before=6)
    widths = [YEAR_COLUMN, AWARD_COLUMN, Length(TEXT_WIDTH - YEAR_COLUMN - AWARD_COLUMN)]
    for subheading, headers, rows in doc.award_tables:
        heading(document, subheading)
        data_table(document, headers, rows, widths, size=TABLE_PT, empty_text="Không có")
        add_paragraph(document, "", after=6)

    _signatures(document, doc)
    document.core_properties.title = doc.title or " ".join(doc.titles)
    return to_bytes(document)


def _signatures(document, doc: AchievementDocument) -> None:
    # The paragraph before the signatures goes with them, so a signature row never opens a page alone.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    # Two signers side by side; a lone signer stands in the right half, where the head of a unit signs.
    signers = [(s.titles, s.hint, s.name) for s in doc.signatures]
    if len(signers) == 1:
        signers.insert(0, None)
    if signers:
        signature_table(document, signers, HALVES, title_pt=SIGNATURE_PT)
    if doc.confirmation is not None:
        signature = doc.confirmation
        for index, text in enumerate(signature.titles):
            paragraph = add_paragraph(document, text.upper(), size=SIGNATURE_PT, bold=True,
                                      before=18 if index == 0 else 0)
            paragraph.paragraph_format.keep_with_next = True
        if signature.hint:
            add_paragraph(document, signature.hint, italic=True).paragraph_format.keep_with_next = True
        add_paragraph(document, signature.name, bold=True, before=84)
