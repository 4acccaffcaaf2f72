"""Render the council's minutes and paper ballot, and award decisions, as PDF with WeasyPrint.

The HTML comes from templates/documents/{minutes,ballot,decision}_print.html, rendered by a plain Jinja environment
(no Flask request needed, e.g. in a background job), styled by static/css/print_documents.css: A4, Decree 30 margins,
Times New Roman — which fontconfig maps to Tinos when fonts-croscore is installed; Tinos and Liberation Serif 2
cover Vietnamese, the Liberation Serif 1.07 that chromium pulls in does not (SETUP-NOTES.md).
"""
from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .council_docs import (AGENDA_HEADING, BALLOT_HEADERS, CONCLUSION_HEADING, MINUTES_TITLE, VOTE_HEADING,
                           WRITTEN_VOTES_HEADING, MinutesDocument, PaperBallot, closing_line, issuer_lines,
                           minutes_date_line, opening_lines, present_lines, result_cells, result_headers,
                           row_notes)
from .decision_doc import DecisionDocument
from .docx_render import QUOC_HIEU, TIEU_NGU

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STYLESHEET = ROOT / "static" / "css" / "print_documents.css"


def render_minutes_pdf(doc: MinutesDocument) -> bytes:
    """Return the minutes of a council meeting as the bytes of a PDF file."""
    upright, issuer = issuer_lines(doc.parent_agency, doc.agency, doc.council)
    tables = [{"heading": table.heading, "headers": result_headers(table, doc),
               "rows": [(result_cells(row), row.passed) for row in table.rows],
               "notes": table.rule_lines + row_notes(table)} for table in doc.tables]
    return _pdf("documents/minutes_print.html", doc=doc, upright=upright, issuer=issuer,
                date_line=minutes_date_line(doc), number_symbol=doc.number_symbol, title=MINUTES_TITLE,
                opening=opening_lines(doc), present=present_lines(doc), tables=tables, closing=closing_line(doc),
                agenda_heading=AGENDA_HEADING, vote_heading=VOTE_HEADING, conclusion_heading=CONCLUSION_HEADING,
                written_votes_heading=WRITTEN_VOTES_HEADING,
                document_title=f"Biên bản họp Hội đồng {doc.number_symbol}: {doc.summary}")


def render_ballot_pdf(doc: PaperBallot) -> bytes:
    """Return a blank paper ballot as the bytes of a PDF file: no voter's name and no signature line."""
    upright, issuer = issuer_lines(doc.parent_agency, doc.agency, doc.council)
    return _pdf("documents/ballot_print.html", doc=doc, upright=upright, issuer=issuer,
                date_line=doc.session_line, number_symbol="", headers=BALLOT_HEADERS,
                document_title=f"{doc.title} {doc.subtitle}")


def render_decision_pdf(doc: DecisionDocument) -> bytes:
    """Return a decision (or tờ trình) and its attached list, which starts on a new page, as PDF bytes.

    The body is templates/documents/_decision.html, the fragment the app's preview page includes too.
    """
    return _pdf("documents/decision_print.html", doc=doc,
                document_title=f"{doc.kind_title.capitalize()} {doc.number_symbol}: {doc.summary}")


@functools.cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def _pdf(template: str, **context) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi, which the rest of the app never needs.
    from weasyprint import HTML

    html = _environment().get_template(template).render(quoc_hieu=QUOC_HIEU, tieu_ngu=TIEU_NGU, **context)
    return HTML(string=html, base_url=str(ROOT)).write_pdf(stylesheets=[_stylesheet()])


@functools.cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(filename=str(STYLESHEET))
