"""A Quyết định khen thưởng and a Tờ trình (DecisionDocument), rendered as .docx, as PDF and as the on-screen
fragment, and read back.

No database: the documents are built here by hand. The PDFs are read with poppler-utils (pdftotext, pdffonts).
"""
from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from jinja2 import Environment, FileSystemLoader, select_autoescape

from thidua.documents.decision_doc import Article, AttachedList, DecisionDocument, ListBlock, ListRow
from thidua.documents.decision_docx import render_decision_docx
from thidua.documents.pdf import render_decision_pdf

ROOT = Path(__file__).resolve().parents[2]
DATE_LINE = "Đồng Nai, ngày 28 tháng 12 năm 2021"
BLANK_DATE_LINE = "Đồng Nai, ngày … tháng … năm …"
TITLE = "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC TẶNG DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2021"
SUBTITLE = "(Kèm theo Quyết định số 01/QĐ-BDT ngày 28 tháng 12 năm 2021 của Trưởng Ban Dân tộc)"
WORDS = "(Bằng chữ: Một triệu ba trăm bốn mươi mốt nghìn đồng)"
SIGNED_NOTE = "Đã ký số: Ban Dân tộc tỉnh Đồng Nai, 28/12/2021 10:15"
BASIS = ["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
         "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một "
         "số điều của Luật Thi đua, khen thưởng;",
         "Xét đề nghị của Chánh Văn phòng Ban."]
ARTICLES = [
    Article("Điều 1.", "Tặng danh hiệu Lao động tiên tiến cho 01 tập thể và 02 cá nhân đã có thành tích trong phong "
                       "trào thi đua năm 2021 (có danh sách kèm theo)."),
    Article("Điều 2.", "Mỗi cá nhân, tập thể được khen thưởng tại Điều 1 được nhận tiền thưởng 447.000 đồng; tổng số "
                       "tiền thưởng là 1.341.000 đồng (bằng chữ: một triệu ba trăm bốn mươi mốt nghìn đồng), chi từ "
                       "Quỹ thi đua, khen thưởng của Ban Dân tộc."),
    Article("Điều 3.", "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng thuộc Ban, các "
                       "tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
]
INDIVIDUALS = [
    ListRow(1, "Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban, Ban Dân tộc tỉnh Đồng Nai", "Lao động tiên tiến", "447.000"),
    ListRow(2, "Điểu K'Lới", "Chuyên viên Phòng Chính sách dân tộc", "Lao động tiên tiến", "447.000"),
]
COLLECTIVES = [ListRow(3, "Phòng Dân tộc huyện Tân Phú", "", "Tập thể lao động tiên tiến", "447.000")]
ADDRESSEE = "Kính gửi: Ủy ban nhân dân tỉnh Đồng Nai"
TRICKY_SUMMARY = "Chủ trì 02 đề tài <được nghiệm thu> & áp dụng."


def sample_decision(*, draft: bool = False, deputy: bool = True) -> DecisionDocument:
    return DecisionDocument(
        parent_agency="UBND TỈNH ĐỒNG NAI", agency="BAN DÂN TỘC",
        number_symbol="…/QĐ-BDT" if draft else "01/QĐ-BDT", place="Đồng Nai",
        issued_on=None if draft else datetime.date(2021, 12, 28), kind_title="QUYẾT ĐỊNH",
        summary="Về việc tặng danh hiệu Lao động tiên tiến năm 2021", authority="TRƯỞNG BAN DÂN TỘC TỈNH ĐỒNG NAI",
        addressee="", basis=list(BASIS), articles=list(ARTICLES),
        recipients=["- Như Điều 3;", "- Ban Thi đua - Khen thưởng (Sở Nội vụ);", "- Lưu: VT, VP."],
        signer_authority="KT. TRƯỞNG BAN" if deputy else "", signer_title="PHÓ TRƯỞNG BAN" if deputy else "TRƯỞNG BAN",
        signer_name="" if draft else "Nguyễn Văn Khang",
        attached=AttachedList(title=TITLE, subtitle=SUBTITLE,
                              blocks=[ListBlock("I. CÁ NHÂN", list(INDIVIDUALS)),
                                      ListBlock("II. TẬP THỂ", list(COLLECTIVES))],
                              total="1.341.000", total_words=WORDS),
        draft=draft, signed_note="" if draft else SIGNED_NOTE)


def sample_proposal() -> DecisionDocument:
    individuals = [
        ListRow(1, "Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban, Ban Dân tộc tỉnh Đồng Nai", "Chiến sĩ thi đua cấp tỉnh",
                summary=TRICKY_SUMMARY),
        ListRow(2, "Điểu K'Lới", "Chuyên viên Phòng Chính sách dân tộc", "Bằng khen của Chủ tịch UBND tỉnh",
                summary=None),  # the builder passes the nomination's summary, which may be missing
    ]
    collectives = [ListRow(3, "Phòng Dân tộc huyện Tân Phú", "", "Bằng khen của Chủ tịch UBND tỉnh",
                           summary="Hoàn thành xuất sắc nhiệm vụ 05 năm liên tục.")]
    return DecisionDocument(
        parent_agency="UBND TỈNH ĐỒNG NAI", agency="BAN DÂN TỘC", number_symbol="05/TTr-BDT", place="Đồng Nai",
        issued_on=datetime.date(2022, 1, 5), kind_title="TỜ TRÌNH",
        summary="Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2021", authority="",
        addressee=ADDRESSEE, basis=[],
        articles=[Article("", "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng Ban, Ban Dân tộc kính trình xem xét, "
                              "khen thưởng cho 01 tập thể và 02 cá nhân (có danh sách kèm theo)."),
                  Article("", "Kính trình xem xét, quyết định./.")],
        recipients=["- Như trên;", "- Lưu: VT, VP."],
        signer_authority="", signer_title="TRƯỞNG BAN", signer_name="Nguyễn Văn Khang",
        attached=AttachedList(title="DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH NĂM 2021",
                              subtitle="(Kèm theo Tờ trình số 05/TTr-BDT ngày 05 tháng 01 năm 2022 của Ban Dân tộc)",
                              blocks=[ListBlock("I. CÁ NHÂN", individuals), ListBlock("II. TẬP THỂ", collectives)],
                              show_amount=False),
        decides=False)


# --- reading back ------------------------------------------------------------------------------------------------

def plain(text: str) -> str:
    return text.replace("\N{NO-BREAK SPACE}", " ")


def texts(paragraphs) -> list[str]:
    return [plain(p.text) for p in paragraphs if p.text.strip()]


def body_items(document) -> list[tuple[str, object]]:
    """The body in order: ("p", Paragraph), ("tbl", table element) and ("break", the paragraph ending section 1)."""
    items = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                items.append(("break", paragraph))
            elif paragraph.text.strip():
                items.append(("p", paragraph))
        elif child.tag == qn("w:tbl"):
            items.append(("tbl", child))
    return items


def body_texts(document) -> list[str]:
    out = []
    for kind, item in body_items(document):
        if kind == "p":
            out.append(item.text)
        elif kind == "tbl":
            out += [Paragraph(p, document).text for p in item.iter(qn("w:p"))]
        else:
            out.append("<section break>")
    return [plain(t) for t in out if t.strip()]


def table_rows(table) -> list[list[str]]:
    return [[plain(cell.text) for cell in row.cells] for row in table.rows]


def header_texts(document) -> str:
    section = document.sections[0]
    return " ".join(p.text for part in (section.first_page_header, section.header) for p in part.paragraphs)


def poppler(tool: str, *args: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} missing: apt-get install poppler-utils"
    return subprocess.run([path, *args], check=True, capture_output=True, text=True).stdout


def layout_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def flat(text: str) -> str:
    return plain(" ".join(text.split()))


def pdf_text(path: Path, *args: str) -> str:
    return plain(poppler("pdftotext", *args, str(path), "-"))


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(path)), re.M).group(1))


@pytest.fixture(scope="module")
def decision():
    return Document(io.BytesIO(render_decision_docx(sample_decision())))


@pytest.fixture(scope="module")
def draft_docx():
    return Document(io.BytesIO(render_decision_docx(sample_decision(draft=True))))


@pytest.fixture(scope="module")
def proposal_docx():
    return Document(io.BytesIO(render_decision_docx(sample_proposal())))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decision")
    paths = {}
    for name, doc in (("decision", sample_decision()), ("draft", sample_decision(draft=True)),
                      ("proposal", sample_proposal())):
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(render_decision_pdf(doc))
    return paths


# --- decision, .docx ---------------------------------------------------------------------------------------------

def test_docx_heading_number_and_date(decision):
    left, right = decision.tables[0].rows[0].cells
    assert texts(left.paragraphs) == ["UBND TỈNH ĐỒNG NAI", "BAN DÂN TỘC", "Số: 01/QĐ-BDT"]
    assert not left.paragraphs[0].runs[0].bold and left.paragraphs[1].runs[0].bold
    assert texts(right.paragraphs) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", DATE_LINE]
    date = next(p for p in right.paragraphs if p.text == DATE_LINE)
    assert date.runs[0].italic


def test_docx_title_authority_basis_and_articles_in_order(decision):
    body = texts(decision.paragraphs)
    assert body[:10] == ["QUYẾT ĐỊNH", "Về việc tặng danh hiệu Lao động tiên tiến năm 2021",
                         "TRƯỞNG BAN DÂN TỘC TỈNH ĐỒNG NAI", *BASIS, "QUYẾT ĐỊNH:",
                         *[f"{a.label} {a.text}" for a in ARTICLES]]
    by_text = {p.text: p for p in decision.paragraphs}
    for text in ("QUYẾT ĐỊNH", "TRƯỞNG BAN DÂN TỘC TỈNH ĐỒNG NAI", "QUYẾT ĐỊNH:"):
        assert by_text[text].alignment == WD_ALIGN_PARAGRAPH.CENTER and by_text[text].runs[0].bold, text
    for text in BASIS:
        paragraph = by_text[text]
        assert paragraph.runs[0].italic and paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert paragraph.paragraph_format.first_line_indent > 0
    for article in ARTICLES:
        paragraph = by_text[f"{article.label} {article.text}"]
        label, text = paragraph.runs
        assert (label.text, label.bold) == (article.label, True), "the label is bold, in the article's paragraph"
        assert text.text == f" {article.text}" and not text.bold
    last = by_text[f"{ARTICLES[-1].label} {ARTICLES[-1].text}"]
    assert last.paragraph_format.keep_with_next, "Điều 3 goes with the signer"


def test_docx_recipients_and_deputy_signature(decision):
    footer = next(t for t in decision.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    left, right = footer.rows[0].cells
    assert texts(left.paragraphs) == ["Nơi nhận:", "- Như Điều 3;", "- Ban Thi đua - Khen thưởng (Sở Nội vụ);",
                                      "- Lưu: VT, VP."]
    title = left.paragraphs[0].runs[0]
    assert (title.bold, title.italic, title.font.size.pt) == (True, True, 12)
    assert {p.runs[0].font.size.pt for p in left.paragraphs[1:]} == {11}
    assert texts(right.paragraphs) == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Khang"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)


def test_docx_head_signs_without_kt():
    document = Document(io.BytesIO(render_decision_docx(sample_decision(deputy=False))))
    footer = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    assert texts(footer.rows[0].cells[1].paragraphs) == ["TRƯỞNG BAN", "Nguyễn Văn Khang"]


def test_docx_list_starts_a_new_section_on_a_new_page(decision):
    body = body_texts(decision)
    cut = body.index("<section break>")
    before, after = body[:cut], body[cut + 1:]
    assert before[-1] == SIGNED_NOTE, "the signing note closes the decision, before the list"
    assert "Nguyễn Văn Khang" in before and TITLE not in before
    assert after[:4] == ["UBND TỈNH ĐỒNG NAI", "BAN DÂN TỘC", TITLE, SUBTITLE], "agency, no number, then the title"
    assert not [t for t in after if t.startswith("Số:") or t == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    listing = decision.sections[1]
    assert listing.start_type == WD_SECTION.NEW_PAGE
    assert listing._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1", "the list numbers its own pages"
    assert listing.different_first_page_header_footer, "no page number on the list's first page"
    assert next(p for p in decision.paragraphs if p.text == TITLE).runs[0].bold
    assert next(p for p in decision.paragraphs if p.text == SUBTITLE).runs[0].italic


def test_docx_list_tables_rows_and_total(decision):
    individuals, collectives = decision.tables[-2], decision.tables[-1]
    assert table_rows(individuals) == [
        ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Danh hiệu, hình thức", "Số tiền (đồng)"],
        ["1", "Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban, Ban Dân tộc tỉnh Đồng Nai", "Lao động tiên tiến", "447.000"],
        ["2", "Điểu K'Lới", "Chuyên viên Phòng Chính sách dân tộc", "Lao động tiên tiến", "447.000"],
    ]
    rows = table_rows(collectives)
    assert rows[:2] == [["STT", "Tên tập thể", "Danh hiệu, hình thức", "Số tiền (đồng)"],
                        ["3", "Phòng Dân tộc huyện Tân Phú", "Tập thể lao động tiên tiến", "447.000"]]
    assert rows[2] == ["Tổng cộng", "Tổng cộng", "Tổng cộng", "1.341.000"], "the label spans the first three cells"
    total = collectives.rows[2].cells
    assert total[0].paragraphs[0].runs[0].bold and total[3].paragraphs[0].runs[0].bold
    for table in (individuals, collectives):
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    body = body_texts(decision)
    assert body.index("I. CÁ NHÂN") < body.index("Nguyễn Thị Hồng Nhung") < body.index("II. TẬP THỂ")
    assert body.index("II. TẬP THỂ") < body.index("Phòng Dân tộc huyện Tân Phú") < body.index(WORDS)
    assert body[-1] == WORDS


def test_docx_draft_marks_the_header_and_leaves_date_and_name_blank(decision, draft_docx):
    section = draft_docx.sections[0]
    assert "DỰ THẢO" in " ".join(p.text for p in section.first_page_header.paragraphs), "page 1"
    numbered = section.header.paragraphs[0]
    assert numbered.text.strip() == "DỰ THẢO" and "PAGE" in numbered._p.xml, "later pages: number and mark"
    mark = next(r for r in section.first_page_header.paragraphs[0].runs if r.text == "DỰ THẢO")
    assert mark.bold and mark._r.find(f"{qn('w:rPr')}/{qn('w:bdr')}") is not None, "a bold, boxed mark"
    assert "DỰ THẢO" not in header_texts(decision)
    left, right = draft_docx.tables[0].rows[0].cells
    assert texts(right.paragraphs)[-1] == BLANK_DATE_LINE and texts(left.paragraphs)[-1] == "Số: …/QĐ-BDT"
    footer = next(t for t in draft_docx.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    assert texts(footer.rows[0].cells[1].paragraphs) == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "no name, no note"
    assert "(chưa ký)" not in " ".join(body_texts(draft_docx)) and SIGNED_NOTE not in body_texts(draft_docx)


def test_page_is_a4_with_decree_30_margins(decision):
    for section in decision.sections:
        sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                 section.left_margin, section.right_margin]
        assert [round(length.mm) for length in sizes] == [210, 297, 20, 20, 30, 15]


# --- tờ trình, .docx ---------------------------------------------------------------------------------------------

def test_proposal_docx_addressee_paragraphs_and_list_columns(proposal_docx):
    body = texts(proposal_docx.paragraphs)
    doc = sample_proposal()
    assert body[:5] == ["TỜ TRÌNH", doc.summary, ADDRESSEE, doc.articles[0].text, doc.articles[1].text]
    addressee = next(p for p in proposal_docx.paragraphs if p.text == ADDRESSEE)
    assert addressee.alignment == WD_ALIGN_PARAGRAPH.CENTER
    everything = body_texts(proposal_docx)
    assert "QUYẾT ĐỊNH:" not in everything and not [t for t in everything if t.startswith("Điều ")]
    individuals, collectives = proposal_docx.tables[-2], proposal_docx.tables[-1]
    assert table_rows(individuals)[0] == ["STT", "Họ và tên (Tên tập thể)", "Chức vụ, đơn vị công tác",
                                          "Hình thức/danh hiệu đề nghị", "Tóm tắt thành tích"]
    assert table_rows(individuals)[1][4] == TRICKY_SUMMARY and table_rows(individuals)[2][4] == ""
    assert table_rows(collectives)[0] == ["STT", "Tên tập thể", "Hình thức/danh hiệu đề nghị", "Tóm tắt thành tích"]
    assert len(table_rows(collectives)) == 2, "no amount, no total row"


def test_list_columns_follow_the_list():
    doc = sample_decision()
    individuals, collectives = doc.attached.blocks
    assert [c.key for c in doc.list_columns(individuals)] == ["number", "name", "position_unit", "award", "amount"]
    assert [c.key for c in doc.list_columns(collectives)] == ["number", "name", "award", "amount"]
    doc.attached.show_amount = False
    assert [c.header for c in doc.list_columns(individuals)] == ["STT", "Họ và tên", "Chức vụ, đơn vị công tác",
                                                                 "Danh hiệu, hình thức"]
    assert not ListBlock("II. TẬP THỂ", []).collective, "an empty block keeps the full column set"
    assert ListRow(1, "A", "", "B", summary=None).cell("summary") == ""


# --- PDF ---------------------------------------------------------------------------------------------------------

def test_pdf_decision_page_one(pdfs):
    assert page_count(pdfs["decision"]) == 2
    page = pdf_text(pdfs["decision"], "-layout", "-l", "1")
    assert unicodedata.is_normalized("NFC", page)
    lines = layout_lines(page)
    assert lines[:3] == ["UBND TỈNH ĐỒNG NAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "BAN DÂN TỘC Độc lập - Tự do - Hạnh phúc", f"Số: 01/QĐ-BDT {DATE_LINE}"]
    assert lines[3:6] == ["QUYẾT ĐỊNH", "Về việc tặng danh hiệu Lao động tiên tiến năm 2021",
                          "TRƯỞNG BAN DÂN TỘC TỈNH ĐỒNG NAI"]
    assert "QUYẾT ĐỊNH:" in lines
    text = flat(page)
    positions = [text.index(s) for s in [*BASIS, "QUYẾT ĐỊNH:", *[f"{a.label} {a.text}" for a in ARTICLES],
                                         "Nơi nhận:", "Nguyễn Văn Khang", SIGNED_NOTE]]
    assert positions == sorted(positions)
    assert re.search(r"Nơi nhận:\s+KT\. TRƯỞNG BAN", page) and "PHÓ TRƯỞNG BAN" in page
    assert lines[-1] == SIGNED_NOTE, "the signing note at the foot of the decision's page"
    assert TITLE.split()[0] not in page and "DỰ THẢO" not in page


def test_pdf_list_starts_on_page_two(pdfs):
    page = pdf_text(pdfs["decision"], "-layout", "-f", "2", "-l", "2")
    raw = flat(pdf_text(pdfs["decision"], "-raw", "-f", "2", "-l", "2"))
    lines = layout_lines(page)
    assert lines[:2] == ["UBND TỈNH ĐỒNG NAI", "BAN DÂN TỘC"], "no page number on the list's first page"
    for text in (TITLE, SUBTITLE, "I. CÁ NHÂN", "II. TẬP THỂ", WORDS):
        assert text in raw, text
    assert "Số:" not in page and "CỘNG HÒA" not in page
    for row in INDIVIDUALS + COLLECTIVES:
        assert any(re.match(rf"{row.number} .*{re.escape(row.amount)}$", line) for line in lines), row
        for text in (row.name, row.position_unit, row.award):
            assert text in raw, text
    assert "Tổng cộng 1.341.000" in lines
    assert raw.index("I. CÁ NHÂN") < raw.index("Điểu K'Lới") < raw.index("II. TẬP THỂ") < raw.index("Tổng cộng")
    assert "STT Họ và tên Chức vụ, đơn vị công tác" in raw and "STT Tên tập thể" in raw


def test_pdf_draft_mark_only_on_drafts(pdfs):
    pages = [pdf_text(pdfs["draft"], "-layout", "-f", str(n), "-l", str(n)) for n in (1, 2)]
    for page in pages:
        assert layout_lines(page)[0] == "DỰ THẢO", "the mark tops every page"
    lines = layout_lines(pages[0])
    assert any(line.endswith(BLANK_DATE_LINE) for line in lines) and any("Số: …/QĐ-BDT" in text for text in lines)
    assert lines[-3:] == ["- Ban Thi đua - Khen thưởng (Sở Nội vụ);", "PHÓ TRƯỞNG BAN", "- Lưu: VT, VP."], \
        "no name and no note under an unsigned draft"
    assert "(chưa ký)" not in pages[0]
    assert "DỰ THẢO" not in pdf_text(pdfs["decision"], "-layout")
    assert "DỰ THẢO" not in pdf_text(pdfs["proposal"], "-layout")


def test_pdf_proposal(pdfs):
    first = pdf_text(pdfs["proposal"], "-layout", "-l", "1")
    lines = layout_lines(first)
    assert lines[3:5] == ["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2021"]
    assert lines[5] == ADDRESSEE
    assert "QUYẾT ĐỊNH:" not in first and "Điều 1." not in first
    assert "Kính trình xem xét, quyết định./." in flat(first)
    listing = flat(pdf_text(pdfs["proposal"], "-raw", "-f", "2", "-l", "2"))
    assert TRICKY_SUMMARY in listing, "text is escaped in the HTML and printed as written"
    assert "Tóm tắt thành tích" in listing and "Tổng cộng" not in listing and "None" not in listing


def test_pdf_long_list_numbers_its_own_pages(tmp_path):
    doc = sample_decision()
    doc.attached.blocks[0].rows = [ListRow(n, f"Nguyễn Văn Thành {n}", "Chuyên viên Văn phòng Ban Dân tộc tỉnh",
                                           "Lao động tiên tiến", "447.000") for n in range(1, 61)]
    path = tmp_path / "long.pdf"
    path.write_bytes(render_decision_pdf(doc))
    pages = page_count(path)
    assert pages >= 4
    third = layout_lines(pdf_text(path, "-layout", "-f", "3", "-l", "3"))
    assert third[0] == "2", "the list's second page is its page 2"
    assert "STT Họ và tên Chức vụ, đơn vị công tác" in third[1:4], "the header row repeats"


def test_pdf_embeds_only_fonts_that_cover_vietnamese(pdfs):
    listing = poppler("pdffonts", str(pdfs["decision"])).splitlines()[2:]
    fonts = {line.split()[0].split("+")[-1] for line in listing}
    assert fonts and all(re.match(r"(Tinos|LiberationSerif|TimesNewRoman)", font) for font in fonts), fonts


# --- the fragment on screen --------------------------------------------------------------------------------------

def screen_html(doc: DecisionDocument) -> str:
    """Render the fragment as the app's preview page does: Flask's defaults (autoescape, lenient Undefined)."""
    env = Environment(loader=FileSystemLoader(ROOT / "templates"), autoescape=select_autoescape(["html"]))
    return env.get_template("documents/_decision.html").render(doc=doc)


def test_fragment_on_screen_shows_unsigned_and_escapes():
    draft = screen_html(sample_decision(draft=True))
    assert "(chưa ký)" in draft and "DỰ THẢO" in draft and BLANK_DATE_LINE in draft
    signed = screen_html(sample_decision())
    assert "(chưa ký)" not in signed and "DỰ THẢO" not in signed and SIGNED_NOTE in signed
    assert '<strong class="dec-label">Điều 1.</strong> Tặng danh hiệu' in signed
    proposal = screen_html(sample_proposal())
    assert "&lt;được nghiệm thu&gt; &amp; áp dụng" in proposal and "<được" not in proposal
    assert "QUYẾT ĐỊNH:" not in proposal and ADDRESSEE in proposal


def test_fragment_uses_only_classes_both_stylesheets_define():
    html = " ".join(screen_html(doc) for doc in (sample_decision(draft=True), sample_proposal()))
    assert "style=" not in html and "<script" not in html
    used = {name for names in re.findall(r'class="([^"]+)"', html) for name in names.split()}
    # dec-c-<column> are per-column hooks, styled only where a column needs a width or an alignment.
    used = {name for name in used if not name.startswith("dec-c-")} | {"dec-c-number", "dec-c-amount"}
    screen = (ROOT / "static/css/app.css").read_text()
    paper = (ROOT / "static/css/print_documents.css").read_text()
    for name in used:
        pattern = re.compile(rf"\.{re.escape(name)}(?![\w-])")
        assert pattern.search(screen), f".{name} missing from app.css"
        assert pattern.search(paper), f".{name} missing from print_documents.css"
    rules = re.sub(r"/\*.*?\*/", "", screen, flags=re.S)
    unscoped = [line for line in re.findall(r"^[^{}@\n][^{}]*\{", rules, re.M)
                if ".dec-" in line and not all(s.strip().startswith(".decision-document")
                                                for s in line.rstrip("{").split(","))]
    assert not unscoped, "app.css styles the fragment only under .decision-document"
