"""Print a Giấy khen, or the certificate of a title (e.g. Chiến sĩ thi đua cơ sở), as a one-page PDF with WeasyPrint.

Layout after Decree 98/2023/NĐ-CP, Điều 104 (shared/TEMPLATES.md §8): A4 landscape (297 × 210 mm), a decorative border,
white ground; Quốc hiệu and Tiêu ngữ (bold, black, rule under the Tiêu ngữ); the deciding officer's title (upper case,
bold, red); "TẶNG" / "TẶNG DANH HIỆU" (black); the award (upper case, bold, red); the recipient, position and unit,
achievement. Bottom left: decision number and date, "Số sổ vàng" (italic bold) and a QR code that opens the public
verification page, with its URL printed small so it can be typed. Bottom right: place and date, signer, room for the
signature and seal, name.

HTML: templates/documents/certificate_print.html, rendered by a plain Jinja environment (no Flask request needed),
styled
by static/css/certificate_print.css; fonts as in thidua/documents/pdf.py ("Times New Roman", which fontconfig maps to
Tinos when fonts-croscore is installed; see SETUP-NOTES.md).

The Quốc huy (top centre on the certificates of a provincial agency's head) is not in the repository: pass an image
as ``emblem_src`` (a path relative to the repository root, or a data: URI) and it is printed above the Quốc hiệu;
without one the space is simply left out.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .docx_render import QUOC_HIEU, TIEU_NGU

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
TEMPLATE = "documents/certificate_print.html"
STYLESHEET = ROOT / "static" / "css" / "certificate_print.css"

# The QR code: error correction M (segno raises it when the same version has room), a quiet zone of 4 modules inside
# the SVG itself, so the code scans whatever is printed beside it. The stylesheet sizes the SVG (viewBox only).
QR_ERROR = "m"
QR_BORDER = 4
# A recipient's name longer than LONG_RECIPIENT characters is set one size smaller, so it stays on one line; when
# position_unit and achievement together are longer than LONG_TEXT, the whole middle block is set smaller and tighter
# (the "compact" class), so it stays clear of the foot.
LONG_RECIPIENT = 40
LONG_TEXT = 300


@dataclass(frozen=True)
class Certificate:
    issuer_title: str        # "TRƯỞNG BAN DÂN TỘC TỈNH ĐỒNG NAI" (red, bold, upper case)
    heading: str             # "TẶNG" (Giấy khen) or "TẶNG DANH HIỆU" (a title)
    award: str               # "GIẤY KHEN" / "LAO ĐỘNG TIÊN TIẾN" / "CHIẾN SĨ THI ĐUA CƠ SỞ" (red, bold, upper case)
    recipient: str           # "Bà Nguyễn Thị Hồng Nhung" or "Phòng Dân tộc huyện Tân Phú"
    position_unit: str       # "Chuyên viên, Phòng Dân tộc huyện Tân Phú" ("" for a collective)
    achievement: str         # "Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm 2021"
    decision_line: str       # "Quyết định số 01/QĐ-BDT ngày 28/12/2021"
    register_number: str     # "Số sổ vàng: 02"
    place_date: str          # "Đồng Nai, ngày 28 tháng 12 năm 2021"
    signer_authority: str    # "" or "KT. TRƯỞNG BAN"
    signer_title: str        # "TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN"
    signer_name: str
    verify_url: str          # absolute URL of the public verification page (the QR code's target)
    verify_hint: str = "Quét mã để kiểm tra khen thưởng trên trang công khai"
    emblem_src: str = ""     # the Quốc huy image (path from the repository root, or a data: URI); "" leaves it out


def qr_code(url: str) -> segno.QRCode:
    """The QR code (never a Micro QR) that qr_svg draws."""
    return segno.make_qr(url, error=QR_ERROR)


def qr_svg(url: str) -> str:
    """Return an inline SVG (no XML declaration, sized by a viewBox only) of a QR code for url, dark on transparent."""
    return qr_code(url).svg_inline(border=QR_BORDER, omitsize=True, svgclass="qr", lineclass="qr-modules")


def certificate_html(cert: Certificate) -> str:
    """The HTML that render_certificate_pdf lays out (also handy to preview in a browser with the stylesheet)."""
    # The QR code is SVG made by segno from the verification URL (which segno escapes), so it is safe markup.
    return _environment().get_template(TEMPLATE).render(
        cert=cert, quoc_hieu=QUOC_HIEU, tieu_ngu=TIEU_NGU, qr=Markup(qr_svg(cert.verify_url)),  # nosec B704
        body_classes="".join(f" {name}" for name, on in (
            ("with-emblem", bool(cert.emblem_src)),
            ("long-name", len(cert.recipient) > LONG_RECIPIENT),
            ("compact", len(cert.position_unit) + len(cert.achievement) > LONG_TEXT)) if on),
        document_title=f"{cert.award} – {cert.recipient}")


def render_certificate_document(cert: Certificate):
    """The laid-out WeasyPrint document (one page), e.g. for tests that look at where the boxes landed."""
    # Imported here: WeasyPrint loads Pango through cffi, which the rest of the app never needs.
    from weasyprint import HTML

    return HTML(string=certificate_html(cert), base_url=str(ROOT)).render(stylesheets=[_stylesheet()])


def render_certificate_pdf(cert: Certificate) -> bytes:
    """Return the certificate as the bytes of a one-page, A4 landscape PDF."""
    return render_certificate_document(cert).write_pdf()


@functools.cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


@functools.cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(filename=str(STYLESHEET))
