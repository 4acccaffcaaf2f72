"""A Giấy khen / title certificate (thidua/documents/certificate.py) printed as one A4 landscape page, and its QR code.

No database and no app: the certificates are built here by hand. The PDFs are read with poppler-utils (pdfinfo,
pdftotext, pdffonts, pdftoppm) and Pillow (a WeasyPrint dependency). No QR decoder is installed, so the QR code is
checked against segno's own matrix twice: the SVG path is parsed back into modules, and the printed code is sampled,
module by module, from the PDF rasterised at 300 dpi.
"""
from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import segno
from PIL import Image

from thidua.documents.certificate import (QR_BORDER, Certificate, certificate_html, qr_code, qr_svg,
                                          render_certificate_document, render_certificate_pdf)

URL = "https://thidua.bandantoc.dongnai.gov.vn/cong-khai/khen-thuong/2021/02"
LONG_URL = "https://thidua.bandantoc.dongnai.gov.vn/cong-khai/khen-thuong/xac-minh/2021-0001-4f3a9c0e7b2d1a55"
LONG_NAME = "Bà Hoàng Thị Phương Thảo Nguyên Khánh Linh"
LONG_UNIT = ("Phó Trưởng phòng Chính sách dân tộc, Phòng Dân tộc huyện Tân Phú, Ủy ban nhân dân huyện Tân Phú, tỉnh "
             "Đồng Nai, kiêm Thư ký Hội đồng Thi đua - Khen thưởng huyện")
LONG_ACHIEVEMENT = ("Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm 2021, tiêu biểu trong phong trào thi đua \"Đồng "
                    "bào các dân tộc thiểu số chung sức xây dựng nông thôn mới\" giai đoạn 2016 - 2021")
# A stand-in for the Quốc huy (the repository has no image of it): a data: URI, so nothing is read from disk.
EMBLEM = ("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>"
          "<circle cx='5' cy='5' r='4.8' fill='%23d0021b'/><circle cx='5' cy='5' r='2' fill='%23f5c400'/></svg>")

GIAY_KHEN = Certificate(
    issuer_title="TRƯỞNG BAN DÂN TỘC TỈNH ĐỒNG NAI", heading="TẶNG", award="GIẤY KHEN",
    recipient="Bà Nguyễn Thị Hồng Nhung", position_unit="Chuyên viên, Phòng Dân tộc huyện Tân Phú",
    achievement="Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm 2021",
    decision_line="Quyết định số 01/QĐ-BDT ngày 28/12/2021", register_number="Số sổ vàng: 02",
    place_date="Đồng Nai, ngày 28 tháng 12 năm 2021", signer_authority="", signer_title="TRƯỞNG BAN",
    signer_name="Nguyễn Văn Quyết", verify_url=URL)
CSTDCS_LONG = dataclasses.replace(
    GIAY_KHEN, heading="TẶNG DANH HIỆU", award="CHIẾN SĨ THI ĐUA CƠ SỞ", recipient=LONG_NAME,
    position_unit=LONG_UNIT, achievement=LONG_ACHIEVEMENT, signer_authority="KT. TRƯỞNG BAN",
    signer_title="PHÓ TRƯỞNG BAN", signer_name="Điểu K'Lới", verify_url=LONG_URL, emblem_src=EMBLEM)
# A collective: no position line; the award given in lower case is printed in upper case.
COLLECTIVE = dataclasses.replace(GIAY_KHEN, recipient="Phòng Dân tộc huyện Tân Phú", position_unit="",
                                 award="Giấy khen", register_number="Số sổ vàng: 03")
CERTIFICATES = {"giay_khen": GIAY_KHEN, "cstdcs_long": CSTDCS_LONG, "collective": COLLECTIVE}

MM = 96 / 25.4          # WeasyPrint lays out in CSS px
RASTER_DPI = 300


def poppler(tool: str, *args: str, text: bool = True):
    path = shutil.which(tool)
    assert path, f"{tool} missing: apt-get install poppler-utils"
    return subprocess.run([path, *args], check=True, capture_output=True, text=text).stdout


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    return " ".join(nfc(text).split())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("certificates")
    paths = {}
    for name, cert in CERTIFICATES.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(render_certificate_pdf(cert))
    return paths


def page_info(path: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in poppler("pdfinfo", str(path)).splitlines() if ":" in line)


# --- one landscape A4 page ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CERTIFICATES)
def test_one_landscape_a4_page(pdfs, name):
    info = page_info(pdfs[name])
    assert int(info["Pages"]) == 1
    width, height = map(float, re.match(r"\s*([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
    assert (round(width), round(height)) == (842, 595)


def test_absurdly_long_text_still_one_page(tmp_path):
    cert = dataclasses.replace(CSTDCS_LONG, recipient=LONG_NAME + " Trần Lê Bảo Minh Quang Hoàng Phương",
                               position_unit=LONG_UNIT * 3, achievement=LONG_ACHIEVEMENT * 12)
    path = tmp_path / "absurd.pdf"
    path.write_bytes(render_certificate_pdf(cert))
    assert int(page_info(path)["Pages"]) == 1


# --- the text -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CERTIFICATES)
def test_text_in_the_decree_order_with_diacritics(pdfs, name):
    cert = CERTIFICATES[name]
    text = flat(poppler("pdftotext", "-layout", str(pdfs[name]), "-"))
    # Lines 1–5 and the recipient's lines, in this order (upper case where the decree says so).
    ordered = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", cert.issuer_title.upper(),
               cert.heading.upper(), cert.award.upper(), cert.recipient]
    if cert.position_unit:
        ordered.append(cert.position_unit)
    ordered.append(cert.achievement)
    at = 0
    for line in ordered:
        found = text.find(nfc(line), at)
        assert found >= 0, f"{line!r} missing or out of order in {text!r}"
        at = found + len(line)
    # The foot: two columns side by side, so only each line's own text is contiguous.
    foot = [cert.decision_line, cert.register_number, cert.place_date, cert.signer_title, cert.signer_name,
            cert.verify_hint, cert.verify_url]
    if cert.signer_authority:
        foot.append(cert.signer_authority)
    for line in foot:
        assert nfc(line) in text, f"{line!r} missing"


def test_collective_has_no_position_line_and_no_empty_authority():
    html = certificate_html(COLLECTIVE)
    assert 'class="position"' not in html and 'class="signer-authority"' not in html
    assert 'class="position"' in certificate_html(GIAY_KHEN)


def test_text_is_escaped():
    html = certificate_html(dataclasses.replace(GIAY_KHEN, achievement="Chủ trì 02 đề tài <được nghiệm thu> & áp dụng"))
    assert "&lt;được nghiệm thu&gt; &amp; áp dụng" in html


@pytest.mark.parametrize("name", CERTIFICATES)
def test_embeds_only_fonts_that_cover_vietnamese(pdfs, name):
    listing = poppler("pdffonts", str(pdfs[name])).splitlines()[2:]
    fonts = {line.split()[0].split("+")[-1] for line in listing}
    assert fonts and all(re.match(r"(Tinos|LiberationSerif|TimesNewRoman)", font) for font in fonts), fonts


# --- the layout ---------------------------------------------------------------------------------------------------

def boxes(box):
    """Every box of a laid-out page, absolutely positioned ones included (WeasyPrint's own, pinned, box tree)."""
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(getattr(child, "_box", child))


def by_class(page, name: str):
    """The boxes of the elements with a class (not for tables, whose wrapper and table box share an element)."""
    return [box for box in boxes(page) if getattr(box, "element", None) is not None
            and type(box).__name__ not in ("LineBox", "InlineBox", "TextBox")
            and name in (box.element.get("class") or "").split()]


def one(page, name: str):
    found = by_class(page, name)
    assert len(found) == 1, (name, found)
    return found[0]


def bottom(box) -> float:
    return box.position_y + box.margin_height()


@pytest.fixture(scope="module")
def pages():
    return {name: render_certificate_document(cert).pages[0]._page_box for name, cert in CERTIFICATES.items()}


@pytest.mark.parametrize("name", CERTIFICATES)
def test_middle_clears_the_header_and_the_foot(pages, name):
    page = pages[name]
    motto, foot = one(page, "motto"), one(page, "foot")
    middle = [one(page, cls) for cls in ("issuer", "heading", "award", "recipient", "achievement")]
    assert middle[0].position_y >= bottom(motto) + 3 * MM
    assert bottom(middle[-1]) <= foot.position_y - 3 * MM, "the achievement runs into the foot"
    sheet = one(page, "sheet")
    for box in (foot, one(page, "foot-left"), one(page, "foot-right")):
        assert bottom(box) <= sheet.position_y + sheet.margin_height()


@pytest.mark.parametrize("name", CERTIFICATES)
def test_recipient_and_award_on_one_line(pages, name):
    for cls in ("recipient", "award", "issuer"):
        lines = [child for child in one(pages[name], cls).children if type(child).__name__ == "LineBox"]
        assert len(lines) == 1, (cls, len(lines))


def test_emblem_above_the_quoc_hieu(pages):
    emblem, national = one(pages["cstdcs_long"], "emblem"), one(pages["cstdcs_long"], "national")
    assert bottom(emblem) <= national.position_y + 0.01
    assert not by_class(pages["giay_khen"], "emblem")


def svg_box(page):
    found = [box for box in boxes(page) if str(getattr(box, "element_tag", "")).endswith("svg")]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("name", CERTIFICATES)
def test_qr_code_is_about_two_and_a_half_cm(pages, name):
    box = svg_box(pages[name])
    size = qr_code(CERTIFICATES[name].verify_url).symbol_size(border=0)[0]
    code_mm = box.width / MM * size / (size + 2 * QR_BORDER)
    assert box.width == pytest.approx(box.height)
    assert 21 <= code_mm <= 27, code_mm


# --- colours ------------------------------------------------------------------------------------------------------

def crop(path: Path, box, dpi: int, mode: str) -> Image.Image:
    """The part of the page under a box's content area, rasterised by poppler."""
    scale = dpi / 96
    x, y = box.content_box_x() * scale, box.content_box_y() * scale
    args = ["-r", str(dpi), "-x", str(round(x)), "-y", str(round(y)), "-W", str(round(box.width * scale)),
            "-H", str(round(box.height * scale)), "-singlefile", "-png"]
    if mode == "L":
        args.append("-gray")
    return Image.open(io.BytesIO(poppler("pdftoppm", *args, str(path), text=False))).convert(mode)


def red_share(image: Image.Image) -> float:
    """Of the pixels clearly red or clearly black, the share of red ones (antialiased edges count by their hue)."""
    red = dark = 0
    data = image.tobytes()
    for r, g, b in zip(data[0::3], data[1::3], data[2::3]):
        if r - max(g, b) > 80:
            red += 1
        elif max(r, g, b) < 100:
            dark += 1
    assert red + dark > 50, "nothing printed there"
    return red / (red + dark)


def test_issuer_and_award_red_the_rest_black(pdfs, pages):
    for name in ("giay_khen", "cstdcs_long"):
        for cls, red in (("issuer", True), ("award", True), ("heading", False), ("recipient", False),
                         ("national", False), ("achievement", False), ("signer-name", False)):
            share = red_share(crop(pdfs[name], one(pages[name], cls), 100, "RGB"))
            assert share > 0.8 if red else share < 0.05, (name, cls, share)


# --- the QR code --------------------------------------------------------------------------------------------------

def svg_modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """Parse segno's SVG back into (modules across, the dark modules as (row, column)): the path is made of moves
    (M absolute, m relative) and horizontal runs (h) one module high, drawn at y = row + 0.5."""
    root = ET.fromstring(svg)
    assert root.tag == "svg" and root.get("class") == "qr"
    minx, miny, width, height = map(float, root.get("viewBox").split())
    assert (minx, miny) == (0, 0) and width == height == int(width)
    (path,) = root.iter("path")
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.get("d")):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            run = int(float(a))
            dark.update((int(y - 0.5), int(x) + i) for i in range(run))
            x += run
    return int(width), dark


@pytest.mark.parametrize("url", [URL, LONG_URL, "https://thidua.example.vn/c/1?k=Ân%20&x=1"])
def test_qr_svg_is_segnos_rendering_and_round_trips_to_its_matrix(url):
    svg = qr_svg(url)
    assert svg == segno.make_qr(url, error="m").svg_inline(border=QR_BORDER, omitsize=True, svgclass="qr",
                                                           lineclass="qr-modules")
    qr = segno.make_qr(url, error="m")
    assert not qr.is_micro and qr.mode == "byte"
    size = qr.symbol_size(border=0)[0]
    assert size == 17 + 4 * qr.version, "a QR code of version v has 17 + 4v modules a side"
    across, dark = svg_modules(svg)
    assert across == size + 2 * QR_BORDER
    expected = {(r + QR_BORDER, c + QR_BORDER) for r, row in enumerate(qr.matrix) for c, bit in enumerate(row) if bit}
    assert dark == expected
    # The same content, version, level and mask encode to the same matrix: segno is deterministic.
    again = segno.make_qr(url, version=qr.version, error=qr.error, mask=qr.mask, boost_error=False)
    assert again.matrix == qr.matrix


@pytest.mark.parametrize("name", CERTIFICATES)
def test_printed_qr_code_matches_the_urls_matrix(pdfs, pages, name):
    """Sample the printed code at each module's centre (300 dpi: about 7 px a module) against segno's matrix for the
    certificate's URL, quiet zone included: what a phone would decode is that URL."""
    box = svg_box(pages[name])
    image = crop(pdfs[name], box, RASTER_DPI, "L")
    matrix = qr_code(CERTIFICATES[name].verify_url).matrix
    across = len(matrix) + 2 * QR_BORDER
    module = image.width / across
    assert module >= 5
    wrong = []
    for row in range(across):
        for col in range(across):
            r, c = row - QR_BORDER, col - QR_BORDER
            expected = 0 <= r < len(matrix) and 0 <= c < len(matrix) and bool(matrix[r][c])
            pixel = image.getpixel((min(int((col + 0.5) * module), image.width - 1),
                                    min(int((row + 0.5) * module), image.height - 1)))
            if (pixel < 128) != expected:
                wrong.append((row, col, pixel))
    assert not wrong, wrong[:10]
