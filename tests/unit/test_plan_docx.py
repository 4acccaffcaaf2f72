"""Plan 15/KH-BDT rendered as .docx and read back: every element of the Decree 30/2020 layout is where it belongs."""
from __future__ import annotations

import dataclasses
import datetime
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.seed_plan import seed_plan_document
from thidua.documents.docx_render import render_docx
from thidua.documents.model import vietnamese_date_line

TNR = "Times New Roman"


@pytest.fixture(scope="module")
def plan():
    """Return the seed plan rendered and reopened with python-docx."""
    return Document(io.BytesIO(render_docx(seed_plan_document())))


def texts(paragraphs) -> list[str]:
    return [p.text for p in paragraphs if p.text.strip()]


def paragraph(doc, text: str):
    return next(p for p in doc.paragraphs if p.text == text)


def has_bottom_rule(p) -> bool:
    return p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def test_heading_left_column_holds_agencies_and_number(plan):
    left = plan.tables[0].cell(0, 0)
    assert texts(left.paragraphs) == ["UBND TỈNH ĐỒNG NAI", "BAN DÂN TỘC", "Số: 15/KH-BDT"]
    parent, agency = left.paragraphs[0], left.paragraphs[1]
    assert not parent.runs[0].bold and agency.runs[0].bold
    assert has_bottom_rule(left.paragraphs[2]), "a short line under the issuing agency"
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left.paragraphs if p.text)


def test_heading_right_column_holds_national_title_motto_and_date(plan):
    right = plan.tables[0].cell(0, 1)
    assert texts(right.paragraphs) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đồng Nai, ngày 18 tháng 01 năm 2021",
    ]
    national, motto, rule, date = right.paragraphs
    assert national.runs[0].bold and national.runs[0].font.size in (Pt(12), Pt(13))
    assert motto.runs[0].bold and motto.runs[0].font.size in (Pt(13), Pt(14))
    assert has_bottom_rule(rule)
    assert date.runs[0].italic


def test_title_then_summary_centred_and_bold(plan):
    body = texts(plan.paragraphs)
    assert body[:2] == [
        "KẾ HOẠCH",
        "Phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ ngành công tác dân tộc tỉnh Đồng Nai năm 2021",
    ]
    for text in body[:2]:
        p = paragraph(plan, text)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.runs[0].bold
    summary_index = [p.text for p in plan.paragraphs].index(body[1])
    assert has_bottom_rule(plan.paragraphs[summary_index + 1]), "a short line under the trích yếu"


def test_body_follows_the_plan_in_order(plan):
    seed = seed_plan_document()
    expected = list(seed.preamble)
    for section in seed.sections:
        expected.append(section.heading)
        for subheading, paragraphs in section.parts:
            expected += ([subheading] if subheading else []) + paragraphs
    assert texts(plan.paragraphs)[2:] == expected

    body = [p.text for p in plan.paragraphs]
    samples = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "2. Yêu cầu",
        "II. NỘI DUNG THI ĐUA",
        "2. Triển khai thực hiện Chỉ thị số 01/CT-UBND",
        "- Đổi mới, nâng cao hiệu quả công tác tuyên truyền",
        "5. Tiếp tục kiện toàn Hội đồng thi đua",
        "III. TỔ CHỨC THỰC HIỆN",
        "3. Giao Văn phòng Ban tham mưu",
    ]
    positions = [next(i for i, text in enumerate(body) if text.startswith(s)) for s in samples]
    assert positions == sorted(positions)


def test_headings_bold_and_paragraphs_justified_with_indent(plan):
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. NỘI DUNG THI ĐUA", "III. TỔ CHỨC THỰC HIỆN"):
        p = paragraph(plan, heading)
        assert p.runs[0].bold and p.paragraph_format.keep_with_next
    for text in seed_plan_document().preamble:
        p = paragraph(plan, text)
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert round(p.paragraph_format.first_line_indent.mm) == 10
        assert not p.runs[0].bold


def test_signature_block_after_the_body(plan):
    body = plan.element.body
    children = [child.tag for child in body.iterchildren()]
    last_table = max(i for i, tag in enumerate(children) if tag == qn("w:tbl"))
    last_text = max(i for i, child in enumerate(body.iterchildren())
                    if child.tag == qn("w:p") and "".join(child.itertext()).strip())
    assert last_table > last_text, "the signer and Nơi nhận close the document"

    left, right = plan.tables[-1].rows[0].cells
    assert texts(left.paragraphs) == [
        "Nơi nhận:",
        "- Ban Thi đua khen thưởng (Sở Nội vụ);",
        "- Khối Thi đua 3;",
        "- Phòng Dân tộc cấp huyện;",
        "- Lãnh đạo các phòng thuộc Ban;",
        "- Trang Thông tin điện tử Ban Dân tộc;",
        "- Lưu: VT, VP.",
    ]
    heading = left.paragraphs[0].runs[0]
    assert heading.bold and heading.italic and heading.font.size == Pt(12)
    assert {p.runs[0].font.size for p in left.paragraphs[1:]} == {Pt(11)}

    assert texts(right.paragraphs) == ["TRƯỞNG BAN", "Nguyễn Văn Khang"]
    title, name = right.paragraphs
    assert title.runs[0].bold and name.runs[0].bold
    assert name.paragraph_format.space_before >= Pt(60), "room for the signature and seal"


def test_deputy_signs_on_behalf(plan):
    deputy = dataclasses.replace(seed_plan_document(), signer_authority="KT. TRƯỞNG BAN",
                                 signer_title="PHÓ TRƯỞNG BAN", signer_name="Nguyễn Văn A")
    right = Document(io.BytesIO(render_docx(deputy))).tables[-1].cell(0, 1)
    assert texts(right.paragraphs) == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn A"]


def test_tables_are_borderless(plan):
    for table in plan.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_page_is_a4_with_decree_30_margins(plan):
    section = plan.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(length.mm) for length in sizes] == [210, 297, 20, 20, 30, 15]


def test_times_new_roman_in_every_font_slot(plan):
    normal = plan.styles["Normal"]
    assert normal.font.name == TNR and normal.font.size == Pt(14)
    defaults = plan.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for rPr in (normal.element.rPr, defaults):
        fonts = rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {TNR}
        assert not [name for name in fonts.attrib if "theme" in name.lower()]
    runs = [r for p in plan.paragraphs for r in p.runs]
    runs += [r for t in plan.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} <= {None, TNR}, "no run overrides the font"


def test_page_numbers_from_page_two_only(plan):
    section = plan.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "".join(p.text for p in first.paragraphs) == ""
    assert not first._element.findall(f".//{qn('w:instrText')}")

    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [i.text.strip() for i in section.header._element.iter(qn("w:instrText"))] == ["PAGE"]


@pytest.mark.parametrize("day, expected", [
    (datetime.date(2021, 1, 18), "Đồng Nai, ngày 18 tháng 01 năm 2021"),
    (datetime.date(2025, 2, 5), "Đồng Nai, ngày 05 tháng 02 năm 2025"),
    (datetime.date(2021, 3, 1), "Đồng Nai, ngày 01 tháng 3 năm 2021"),
    (datetime.date(2021, 5, 3), "Đồng Nai, ngày 03 tháng 5 năm 2021"),
    (datetime.date(2021, 10, 9), "Đồng Nai, ngày 09 tháng 10 năm 2021"),
    (datetime.date(2021, 12, 31), "Đồng Nai, ngày 31 tháng 12 năm 2021"),
])
def test_vietnamese_date_line_pads_days_1_to_9_and_months_1_to_2(day, expected):
    assert vietnamese_date_line("Đồng Nai", day) == expected
