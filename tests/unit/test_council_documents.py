"""The council's minutes and paper ballot, rendered from plain dataclasses as .docx and PDF and read back.

No database: the documents are built here by hand. The PDFs are read with poppler-utils (pdftotext, pdffonts).
"""
from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from thidua.documents.council_docs import (BALLOT_HEADERS, MINUTES_TITLE, PERCENT_ON_ALL, PERCENT_ON_PRESENT,
                                           Attendee, BallotGroup, BallotLine, MinutesDocument, PaperBallot,
                                           ResultRow, ResultTable, percent_header)
from thidua.documents.minutes_docx import render_ballot_docx, render_minutes_docx
from thidua.documents.pdf import render_ballot_pdf, render_minutes_pdf

CHAIR = Attendee("Nguyễn Văn Khang", "Trưởng Ban", "Chủ tịch Hội đồng")
RULE_80 = ("Danh hiệu Chiến sĩ thi đua cơ sở: đạt khi có từ 80% số phiếu đồng ý trở lên, tính trên tổng số "
           "thành viên Hội đồng.")
RULE_PRESENT = "Danh hiệu Tập thể lao động xuất sắc: đạt khi có trên 50% số thành viên dự họp đồng ý."
ROUND_1 = [
    ResultRow(1, "Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban", "Chiến sĩ thi đua cơ sở", 6, 6, "100%", True,
              written_yes=1),
    ResultRow(2, "Điểu K'Lới", "Chánh Văn phòng", "Chiến sĩ thi đua cơ sở", 5, 6, "83,33%", True,
              written_yes=1, paper_yes=2),
    ResultRow(3, "Phòng Chính sách dân tộc", "Ban Dân tộc tỉnh Đồng Nai", "Tập thể lao động xuất sắc", 4, 6,
              "66,67%", False, recused=1, note="Đề nghị bỏ phiếu lại ở vòng 2"),
]
ROUND_2 = [ResultRow(1, "Phòng Chính sách dân tộc", "Ban Dân tộc tỉnh Đồng Nai", "Tập thể lao động xuất sắc",
                     2, 5, "40%", False)]
FORBIDDEN_ON_BALLOT = ["người bầu", "người bỏ phiếu", "họ và tên người", "họ tên người", "(ký", "ký tên",
                       "ghi rõ họ", "chữ ký người", "chữ ký của người"]


def sample_minutes() -> MinutesDocument:
    present = [
        CHAIR,
        Attendee("Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban", "Phó Chủ tịch Hội đồng"),
        Attendee("Điểu K'Lới", "Chánh Văn phòng", "Ủy viên thường trực"),
        Attendee("Trần Quốc Tuấn", "Trưởng phòng Chính sách dân tộc", "Ủy viên"),
        Attendee("Lê Thị Ánh Tuyết", "Phó Chánh Văn phòng", "Ủy viên, thư ký"),
    ]
    return MinutesDocument(
        parent_agency="UBND TỈNH ĐỒNG NAI", agency="BAN DÂN TỘC", council="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        number_symbol="…/BB-HĐTĐKT", place="Đồng Nai", held_on=datetime.date(2021, 12, 20),
        summary="Về việc xét, đề nghị khen thưởng năm 2021", started_at="08 giờ 00 phút",
        ended_at="10 giờ 30 phút", location="Phòng họp Ban Dân tộc tỉnh Đồng Nai", chair=CHAIR,
        secretary_name="Lê Thị Ánh Tuyết", secretary_position="Phó Chánh Văn phòng", members_total=6,
        present=present,
        absent=[Attendee("Phạm Đức Thắng", "Chủ tịch Công đoàn cơ sở", "Ủy viên", written_vote=True)],
        agenda=["Danh hiệu Chiến sĩ thi đua cơ sở: 2 cá nhân.",
                "Danh hiệu Tập thể lao động xuất sắc: 1 tập thể.",
                "Danh hiệu Lao động tiên tiến: 12 cá nhân."],
        method="Hội đồng biểu quyết bằng hình thức bỏ phiếu kín.",
        tables=[ResultTable("Kết quả bỏ phiếu vòng 1", ROUND_1, [RULE_80]),
                ResultTable("Kết quả bỏ phiếu vòng 2 (bỏ phiếu lại)", ROUND_2, [RULE_PRESENT])],
        written_votes=["Đ/c Phạm Đức Thắng, Ủy viên Hội đồng, vắng mặt, gửi phiếu biểu quyết bằng văn bản ngày "
                       "18/12/2021: đồng ý 2/2 cá nhân đề nghị danh hiệu Chiến sĩ thi đua cơ sở."],
        paper_note="Trong đó 2 phiếu bỏ trên giấy do Văn phòng nhập số liệu.",
        conclusions=["Hội đồng thống nhất đề nghị Trưởng Ban tặng danh hiệu Chiến sĩ thi đua cơ sở cho 02 cá "
                     "nhân."],
    )


def sample_ballot() -> PaperBallot:
    return PaperBallot(
        parent_agency="UBND TỈNH ĐỒNG NAI", agency="BAN DÂN TỘC", council="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        title="PHIẾU BẦU", subtitle="Xét khen thưởng năm 2021 — vòng 1",
        instruction="Đánh dấu (X) vào cột “Đồng ý” hoặc “Không đồng ý” ở mỗi dòng.",
        groups=[
            BallotGroup("Danh hiệu Chiến sĩ thi đua cơ sở", [
                BallotLine(1, "Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban", "Chiến sĩ thi đua cơ sở"),
                BallotLine(2, "Điểu K'Lới", "Chánh Văn phòng", "Chiến sĩ thi đua cơ sở"),
            ]),
            BallotGroup("Danh hiệu Tập thể lao động xuất sắc", [
                BallotLine(1, "Tổ Công đoàn & Chi đoàn <Văn phòng>", "Ban Dân tộc tỉnh Đồng Nai",
                           "Tập thể lao động xuất sắc"),
            ]),
        ],
        validity_note="Phiếu đánh dấu cả hai cột, không đánh dấu cột nào hoặc ghi thêm tên là phiếu không hợp lệ "
                      "đối với dòng đó.",
        session_line="Phiên họp ngày 20/12/2021 — Đồng Nai",
    )


# --- reading back ------------------------------------------------------------------------------------------------

def plain(text: str) -> str:
    """The text with no-break spaces as spaces (the issuer's last two words are joined by one)."""
    return text.replace("\N{NO-BREAK SPACE}", " ")


def texts(paragraphs) -> list[str]:
    return [plain(p.text) for p in paragraphs if p.text.strip()]


def body_texts(document) -> list[str]:
    """Every non-empty paragraph of the body in order, table cells included (row by row)."""
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            out += [Paragraph(p, document).text for p in child.iter(qn("w:p"))]
    return [plain(t) for t in out if t.strip()]


def table_rows(table) -> list[list[str]]:
    return [[plain(cell.text) for cell in row.cells] for row in table.rows]


def poppler(tool: str, *args: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} missing: apt-get install poppler-utils"
    return subprocess.run([path, *args], check=True, capture_output=True, text=True).stdout


def layout_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def flat(text: str) -> str:
    return plain(" ".join(text.split()))


@pytest.fixture(scope="module")
def minutes():
    return Document(io.BytesIO(render_minutes_docx(sample_minutes())))


@pytest.fixture(scope="module")
def ballot():
    return Document(io.BytesIO(render_ballot_docx(sample_ballot())))


@pytest.fixture(scope="module")
def minutes_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("council") / "minutes.pdf"
    path.write_bytes(render_minutes_pdf(sample_minutes()))
    return path


@pytest.fixture(scope="module")
def ballot_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("council") / "ballot.pdf"
    path.write_bytes(render_ballot_pdf(sample_ballot()))
    return path


@pytest.fixture(scope="module")
def minutes_layout(minutes_pdf):
    return plain(poppler("pdftotext", "-layout", str(minutes_pdf), "-"))


@pytest.fixture(scope="module")
def ballot_layout(ballot_pdf):
    return plain(poppler("pdftotext", "-layout", str(ballot_pdf), "-"))


# --- minutes, .docx ----------------------------------------------------------------------------------------------

def test_minutes_heading_names_the_council_as_issuer(minutes):
    left, right = minutes.tables[0].rows[0].cells
    assert texts(left.paragraphs) == ["UBND TỈNH ĐỒNG NAI\nBAN DÂN TỘC", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                                      "Số: …/BB-HĐTĐKT"]
    above, issuer = left.paragraphs[0], left.paragraphs[1]
    assert not above.runs[0].bold and issuer.runs[0].bold
    assert texts(right.paragraphs) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                       "Đồng Nai, ngày 20 tháng 12 năm 2021"]


def test_minutes_title_time_place_chair_secretary_and_attendance(minutes):
    body = texts(minutes.paragraphs)
    assert body[:12] == [
        MINUTES_TITLE,
        "Về việc xét, đề nghị khen thưởng năm 2021",
        "Thời gian: 08 giờ 00 phút, ngày 20 tháng 12 năm 2021.",
        "Địa điểm: Phòng họp Ban Dân tộc tỉnh Đồng Nai.",
        "Chủ trì cuộc họp: Đ/c Nguyễn Văn Khang, Trưởng Ban, Chủ tịch Hội đồng.",
        "Thư ký cuộc họp: Đ/c Lê Thị Ánh Tuyết, Phó Chánh Văn phòng.",
        "Thành phần: có 5/6 thành viên Hội đồng tham dự (vắng: Đ/c Phạm Đức Thắng, có phiếu biểu quyết bằng "
        "văn bản), gồm:",
        "1. Đ/c Nguyễn Văn Khang, Trưởng Ban, Chủ tịch Hội đồng.",
        "2. Đ/c Nguyễn Thị Hồng Nhung, Phó Trưởng Ban, Phó Chủ tịch Hội đồng.",
        "3. Đ/c Điểu K'Lới, Chánh Văn phòng, Ủy viên thường trực.",
        "4. Đ/c Trần Quốc Tuấn, Trưởng phòng Chính sách dân tộc, Ủy viên.",
        "5. Đ/c Lê Thị Ánh Tuyết, Phó Chánh Văn phòng, Ủy viên, thư ký.",
    ]
    title = next(p for p in minutes.paragraphs if p.text == MINUTES_TITLE)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold


def test_minutes_sections_in_order(minutes):
    body = body_texts(minutes)
    samples = ["I. NỘI DUNG CUỘC HỌP", "Danh hiệu Lao động tiên tiến: 12 cá nhân.", "II. HÌNH THỨC VÀ KẾT QUẢ",
               "Hội đồng biểu quyết bằng hình thức bỏ phiếu kín.", "Kết quả bỏ phiếu vòng 1", RULE_80,
               "Kết quả bỏ phiếu vòng 2 (bỏ phiếu lại)", RULE_PRESENT,
               "Phiếu biểu quyết bằng văn bản của thành viên vắng mặt:", "Đ/c Phạm Đức Thắng, Ủy viên Hội đồng",
               "Trong đó 2 phiếu bỏ trên giấy", "III. KẾT LUẬN", "Hội đồng thống nhất đề nghị",
               "Cuộc họp kết thúc vào 10 giờ 30 phút cùng ngày. Biên bản đã được đọc lại và các thành viên dự họp "
               "nhất trí thông qua", "THƯ KÝ"]
    positions = [next(i for i, text in enumerate(body) if text.startswith(s)) for s in samples]
    assert positions == sorted(positions)


def test_minutes_result_tables_hold_every_row(minutes):
    round_1, round_2 = minutes.tables[1], minutes.tables[2]
    assert table_rows(round_1) == [
        ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Danh hiệu/hình thức đề nghị", "Số phiếu đồng ý",
         PERCENT_ON_ALL, "Kết quả"],
        ["1", "Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban", "Chiến sĩ thi đua cơ sở", "6/6", "100%", "Đạt"],
        ["2", "Điểu K'Lới", "Chánh Văn phòng", "Chiến sĩ thi đua cơ sở", "5/6", "83,33%", "Đạt"],
        ["3", "Phòng Chính sách dân tộc", "Ban Dân tộc tỉnh Đồng Nai", "Tập thể lao động xuất sắc", "4/6",
         "66,67%", "Không đạt"],
    ]
    assert table_rows(round_2)[0][5] == PERCENT_ON_PRESENT, "5 members present: the base of round 2"
    assert table_rows(round_2)[1] == ["1", "Phòng Chính sách dân tộc", "Ban Dân tộc tỉnh Đồng Nai",
                                      "Tập thể lao động xuất sắc", "2/5", "40%", "Không đạt"]
    header = round_1.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert header is not None, "the header row repeats on every page"


def test_minutes_notes_under_the_table_say_how_votes_came_in(minutes):
    body = body_texts(minutes)
    start = body.index("Kết quả bỏ phiếu vòng 1")
    end = body.index("Kết quả bỏ phiếu vòng 2 (bỏ phiếu lại)")
    assert body[end - 4:end] == [
        RULE_80,
        "STT 1 (Nguyễn Thị Hồng Nhung): trong 6 phiếu đồng ý có 1 phiếu bằng văn bản của thành viên vắng mặt.",
        "STT 2 (Điểu K'Lới): trong 5 phiếu đồng ý có 1 phiếu bằng văn bản của thành viên vắng mặt và 2 phiếu "
        "bỏ trên giấy.",
        "STT 3 (Phòng Chính sách dân tộc): 1 thành viên không tham gia biểu quyết. Đề nghị bỏ phiếu lại ở vòng 2.",
    ]
    assert start < end - 4
    rule = next(p for p in minutes.paragraphs if p.text == RULE_80)
    assert rule.runs[0].italic


def test_minutes_signatures_secretary_left_chair_right(minutes):
    signatures = minutes.tables[-1]
    assert table_rows(signatures) == [["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"], ["Lê Thị Ánh Tuyết", "Nguyễn Văn Khang"]]
    borders = signatures._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    children = list(minutes.element.body.iterchildren())
    assert children[-2] is signatures._tbl, "the signatures close the document (then only sectPr)"
    last = [p for p in minutes.paragraphs if p.text.strip()][-1]
    assert last.text.startswith("Cuộc họp kết thúc") and last.paragraph_format.keep_with_next


def test_minutes_page_is_a4_with_decree_30_margins(minutes):
    section = minutes.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(length.mm) for length in sizes] == [210, 297, 20, 20, 30, 15]


@pytest.mark.parametrize("bases, members_total, present, expected", [
    ([6, 6], 6, 5, PERCENT_ON_ALL),
    ([5, 5], 6, 5, PERCENT_ON_PRESENT),
    ([6, 5], 6, 5, "Tỷ lệ %"),
])
def test_percent_header_names_the_rules_base(bases, members_total, present, expected):
    doc = sample_minutes()
    doc.members_total, doc.present = members_total, doc.present[:present]
    rows = [ResultRow(i, "A", "", "", 4, base, "80%", True) for i, base in enumerate(bases, start=1)]
    assert percent_header(ResultTable("", rows, []), doc) == expected
    assert percent_header(ResultTable("", rows, [], percent_header="Tỷ lệ % (quy chế)"), doc) == "Tỷ lệ % (quy chế)"


# --- ballot, .docx -----------------------------------------------------------------------------------------------

def test_ballot_heading_title_and_instruction(ballot):
    left, right = ballot.tables[0].rows[0].cells
    assert texts(left.paragraphs) == ["UBND TỈNH ĐỒNG NAI\nBAN DÂN TỘC", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"]
    assert texts(right.paragraphs)[-1] == "Phiên họp ngày 20/12/2021 — Đồng Nai"
    body = texts(ballot.paragraphs)
    assert body[:3] == ["PHIẾU BẦU", "Xét khen thưởng năm 2021 — vòng 1",
                        "Đánh dấu (X) vào cột “Đồng ý” hoặc “Không đồng ý” ở mỗi dòng."]
    title = next(p for p in ballot.paragraphs if p.text == "PHIẾU BẦU")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    assert next(p for p in ballot.paragraphs if p.text.startswith("Đánh dấu")).runs[0].italic


def test_ballot_one_table_per_group_with_empty_boxes(ballot):
    assert len(ballot.tables) == 3, "the heading, then one table per group: no signature table"
    first, second = ballot.tables[1], ballot.tables[2]
    assert table_rows(first) == [
        BALLOT_HEADERS,
        ["1", "Nguyễn Thị Hồng Nhung", "Phó Trưởng Ban", "Chiến sĩ thi đua cơ sở", "", ""],
        ["2", "Điểu K'Lới", "Chánh Văn phòng", "Chiến sĩ thi đua cơ sở", "", ""],
    ]
    assert table_rows(second)[1] == ["1", "Tổ Công đoàn & Chi đoàn <Văn phòng>", "Ban Dân tộc tỉnh Đồng Nai",
                                     "Tập thể lao động xuất sắc", "", ""]
    body = body_texts(ballot)
    assert body.index("Danh hiệu Chiến sĩ thi đua cơ sở") < body.index("Nguyễn Thị Hồng Nhung")
    assert body.index("Danh hiệu Tập thể lao động xuất sắc") < body.index("Tổ Công đoàn & Chi đoàn <Văn phòng>")


def test_ballot_ends_with_validity_note_and_no_voter_line(ballot):
    body = texts(ballot.paragraphs)
    assert body[-2:] == [sample_ballot().validity_note, sample_ballot().stamp_hint]
    everything = " ".join(body_texts(ballot)).lower()
    assert not [word for word in FORBIDDEN_ON_BALLOT if word in everything]
    assert not re.search(r"[.…]{6,}", everything), "no dotted line to write a name on"


# --- PDF ---------------------------------------------------------------------------------------------------------

def test_minutes_pdf_holds_heading_title_and_attendance(minutes_layout):
    lines = layout_lines(minutes_layout)
    assert unicodedata.is_normalized("NFC", minutes_layout)
    assert lines[0] == "UBND TỈNH ĐỒNG NAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == "BAN DÂN TỘC Độc lập - Tự do - Hạnh phúc"
    for text in ["Đồng Nai, ngày 20 tháng 12 năm 2021", "Số: …/BB-HĐTĐKT", MINUTES_TITLE,
                 "Về việc xét, đề nghị khen thưởng năm 2021",
                 "Thời gian: 08 giờ 00 phút, ngày 20 tháng 12 năm 2021.",
                 "Chủ trì cuộc họp: Đ/c Nguyễn Văn Khang, Trưởng Ban, Chủ tịch Hội đồng.",
                 "2. Đ/c Nguyễn Thị Hồng Nhung, Phó Trưởng Ban, Phó Chủ tịch Hội đồng.",
                 "3. Đ/c Điểu K'Lới, Chánh Văn phòng, Ủy viên thường trực.",
                 "I. NỘI DUNG CUỘC HỌP", "II. HÌNH THỨC VÀ KẾT QUẢ BIỂU QUYẾT", "III. KẾT LUẬN"]:
        assert any(text in line for line in lines), text
    assert "Thành phần: có 5/6 thành viên Hội đồng tham dự (vắng: Đ/c Phạm Đức Thắng" in flat(minutes_layout)


def test_minutes_pdf_holds_every_result_row(minutes_pdf, minutes_layout):
    lines = layout_lines(minutes_layout)
    raw = flat(poppler("pdftotext", "-raw", str(minutes_pdf), "-"))  # wrapped cells come out whole
    for row in ROUND_1 + ROUND_2:
        # The one-line cells of a row share a baseline in the layout: STT … votes … percent.
        pattern = re.compile(rf"^{row.number} .*{row.yes}/{row.base} {re.escape(row.percent)}(?!\S)")
        assert any(pattern.search(line) for line in lines), row
        for text in (row.name, row.position_unit, row.award):
            assert text in raw, text
    assert minutes_layout.count("Đạt") == 2 and len(re.findall(r"Không\s+đạt", raw)) == 2
    for text in (RULE_80, RULE_PRESENT, "Trong đó 2 phiếu bỏ trên giấy do Văn phòng nhập số liệu.",
                 "STT 2 (Điểu K'Lới): trong 5 phiếu đồng ý có 1 phiếu bằng văn bản của thành viên vắng mặt",
                 "Cuộc họp kết thúc vào 10 giờ 30 phút cùng ngày."):
        assert text in flat(minutes_layout), text


def test_minutes_pdf_signatures_side_by_side(minutes_layout):
    lines = layout_lines(minutes_layout)
    titles = lines.index("THƯ KÝ CHỦ TỊCH HỘI ĐỒNG")
    assert lines[titles + 1] == "Lê Thị Ánh Tuyết Nguyễn Văn Khang"


def test_ballot_pdf_holds_every_line_and_no_voter_line(ballot_pdf, ballot_layout):
    raw = flat(poppler("pdftotext", "-raw", str(ballot_pdf), "-"))
    lines = layout_lines(ballot_layout)
    assert "PHIẾU BẦU" in lines and "Xét khen thưởng năm 2021 — vòng 1" in lines
    assert any("Phiên họp ngày 20/12/2021 — Đồng Nai" in line for line in lines)
    assert "Đánh dấu (X) vào cột “Đồng ý” hoặc “Không đồng ý” ở mỗi dòng." in flat(ballot_layout)
    for group in sample_ballot().groups:
        assert group.heading in lines
        for line in group.lines:
            for text in (line.name, line.position_unit, line.award):
                assert text in raw, text
    assert raw.count("Đồng ý Không đồng ý") == 2, "the two vote columns of each table"
    assert sample_ballot().validity_note in flat(ballot_layout)
    assert not [word for word in FORBIDDEN_ON_BALLOT if word in ballot_layout.lower()]


@pytest.mark.parametrize("which", ["minutes_pdf", "ballot_pdf"])
def test_pdf_embeds_only_fonts_that_cover_vietnamese(which, request):
    listing = poppler("pdffonts", str(request.getfixturevalue(which))).splitlines()[2:]
    fonts = {line.split()[0].split("+")[-1] for line in listing}
    assert fonts, "some font is embedded"
    assert all(re.match(r"(Tinos|LiberationSerif|TimesNewRoman)", font) for font in fonts), fonts
    assert {line.split()[-5] for line in listing} == {"yes"}, "every font embedded"
    assert not [font for font in fonts if "DejaVu" in font], "no fallback font mixed in"
