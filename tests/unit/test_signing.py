"""PAdES signing of a PDF decision with a demo certificate, checked by pyHanko and by poppler's pdfsig.

No database: the certificate and the PDF are made once for the module, and the CLI is tried on a bare Flask app.
"""
from __future__ import annotations

import re
import shutil
import stat
import subprocess
from datetime import datetime, timedelta, timezone
from io import BytesIO

import pytest
from flask import Flask

from thidua import config
from thidua.signing import (SignatureCheck, SigningError, load_certificate, make_demo_certificate, sign_pdf,
                            verify_pdf)
from thidua.signing import pades

SIGNER_CN = "Nguyễn Văn Khang"
AGENCY = "Ban Dân tộc tỉnh Đồng Nai"
PASSPHRASE = "mật khẩu thử".encode()
HTML_TEXT = "Quyết định khen thưởng — Nguyễn Thị Hồng Nhung"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """(key path, certificate path), the key encrypted with PASSPHRASE; made once for the module."""
    return make_demo_certificate(tmp_path_factory.mktemp("signing"), SIGNER_CN, AGENCY, PASSPHRASE)


@pytest.fixture(scope="module")
def roots(certificate):
    return [load_certificate(certificate[1])]


@pytest.fixture(scope="module")
def unsigned_pdf():
    from weasyprint import HTML

    return HTML(string=f"<html lang='vi'><body style='font-family: \"Times New Roman\"'>"
                       f"<h1>{HTML_TEXT}</h1><p>Điều 2. Tiền thưởng: 447.000 đồng.</p></body></html>").write_pdf()


def _sign(pdf: bytes, certificate, **overrides) -> bytes:
    key_path, cert_path = certificate
    arguments = dict(key_path=key_path, cert_path=cert_path, passphrase=PASSPHRASE, signer_name=AGENCY,
                     reason="Ký ban hành Quyết định khen thưởng", location="Đồng Nai")
    arguments.update(overrides)
    return sign_pdf(pdf, **arguments)


@pytest.fixture(scope="module")
def signed_pdf(unsigned_pdf, certificate):
    return _sign(unsigned_pdf, certificate)


@pytest.fixture(scope="module")
def other_certificate(tmp_path_factory):
    """A second demo certificate, key not encrypted: a signer nobody said to trust."""
    return make_demo_certificate(tmp_path_factory.mktemp("other"), "Người Lạ", "Cơ quan khác", None)


def _pdfsig(tmp_path, pdf: bytes) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=30)
    return result.stdout + result.stderr


def _byte_ranges(pdf: bytes) -> list[tuple[int, int, int, int]]:
    return [tuple(map(int, m.groups()))
            for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)]


# --- signing and checking -------------------------------------------------------------------------------------

def test_a_signed_pdf_is_intact_valid_and_trusted(signed_pdf, roots):
    check = verify_pdf(signed_pdf, trust_roots=roots)
    assert isinstance(check, SignatureCheck)
    assert (check.signed, check.intact, check.valid, check.trusted, check.covers_whole_file) == (True,) * 5
    assert check.ok and check.readable and check.signature_count == 1
    assert check.signer == SIGNER_CN
    assert check.signed_at is not None and check.signed_at.tzinfo is not None
    assert abs(datetime.now(timezone.utc) - check.signed_at) < timedelta(minutes=10)
    assert check.summary == "Chữ ký hợp lệ, văn bản không bị thay đổi sau khi ký."


def test_signing_appends_to_the_original_and_records_reason_location_and_name(unsigned_pdf, signed_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    assert signed_pdf.startswith(unsigned_pdf)  # an incremental update: the original bytes are kept
    [signature] = PdfFileReader(BytesIO(signed_pdf)).embedded_signatures
    assert signature.field_name == "Signature1"
    dictionary = signature.sig_object
    assert dictionary["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert dictionary["/Reason"] == "Ký ban hành Quyết định khen thưởng"
    assert dictionary["/Location"] == "Đồng Nai"
    assert dictionary["/Name"] == AGENCY
    assert signature.md_algorithm == "sha256"


def test_pdfsig_agrees_that_the_signature_is_valid(tmp_path, signed_pdf):
    output = _pdfsig(tmp_path, signed_pdf)
    assert "Signature Validation: Signature is Valid." in output, output
    assert "Total document signed" in output, output
    assert f"Signer Certificate Common Name: {SIGNER_CN}" in output, output
    # A self-signed certificate is unknown to poppler's (NSS) trust store: "Certificate issuer is unknown."


def test_one_flipped_byte_in_the_signed_content_breaks_the_signature(tmp_path, signed_pdf, roots):
    [(start1, length1, start2, length2)] = _byte_ranges(signed_pdf)
    position = signed_pdf.index(b"stream", start1) + 20  # inside the first content stream, in the signed range
    assert start1 <= position < start1 + length1
    tampered = bytearray(signed_pdf)
    tampered[position] ^= 0x01
    tampered = bytes(tampered)

    check = verify_pdf(tampered, trust_roots=roots)
    assert check.signed and not check.intact and not check.valid and not check.trusted and not check.ok
    assert check.summary == "Văn bản đã bị thay đổi sau khi ký."

    output = _pdfsig(tmp_path, tampered)
    assert "Signature is Valid." not in output, output
    assert re.search(r"Signature Validation: (Digest Mismatch|Signature is Invalid)\.", output), output


def test_a_pdf_without_signature(unsigned_pdf, roots):
    check = verify_pdf(unsigned_pdf, trust_roots=roots)
    assert not check.signed and not check.ok and check.readable
    assert check.signature_count == 0 and check.signer == "" and check.signed_at is None
    assert check.summary == "Không có chữ ký số."


def test_bytes_appended_after_signing_are_reported(tmp_path, signed_pdf, roots):
    appended = signed_pdf + b"\n% added after signing\n"
    check = verify_pdf(appended, trust_roots=roots)
    assert check.signed and check.intact and check.valid and check.trusted
    assert not check.covers_whole_file and not check.ok
    assert "thêm vào sau khi ký" in check.summary
    output = _pdfsig(tmp_path, appended)
    assert "Not total document signed" in output, output


def test_an_incremental_update_after_signing_is_not_covered(signed_pdf, roots):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    writer.root["/Lang"] = generic.TextStringObject("vi")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    check = verify_pdf(out.getvalue(), trust_roots=roots)
    assert check.signed and check.intact and check.valid
    assert not check.covers_whole_file and not check.ok


def test_a_second_signature_keeps_both_valid(signed_pdf, certificate, roots):
    twice = _sign(signed_pdf, certificate, field_name="Signature2", signer_name="Văn thư")
    check = verify_pdf(twice, trust_roots=roots)
    assert check.ok and check.signature_count == 2


def test_trust_needs_the_certificate_among_the_roots(signed_pdf, other_certificate):
    for trust_roots in ([], [load_certificate(other_certificate[1])]):
        check = verify_pdf(signed_pdf, trust_roots=trust_roots)
        assert check.intact and check.valid and check.covers_whole_file
        assert not check.trusted and not check.ok
        assert "không thuộc danh sách tin cậy" in check.summary


def test_a_signature_made_with_another_key_is_not_trusted(unsigned_pdf, other_certificate, roots):
    pdf = _sign(unsigned_pdf, other_certificate, passphrase=None)
    check = verify_pdf(pdf, trust_roots=roots)
    assert check.valid and not check.trusted and check.signer == "Người Lạ"


@pytest.mark.parametrize("garbage", [b"", b"not a pdf at all", b"%PDF-1.7\n%%EOF", bytes(range(256)) * 4])
def test_unreadable_files_give_a_result_not_an_exception(garbage, roots):
    check = verify_pdf(garbage, trust_roots=roots)
    assert not check.signed and not check.ok
    assert check.summary in (pades.SUMMARY_UNREADABLE, pades.SUMMARY_UNSIGNED)


def test_a_truncated_signed_file_is_not_taken_for_an_unsigned_one(signed_pdf, roots):
    check = verify_pdf(signed_pdf[: len(signed_pdf) - 400], trust_roots=roots)
    assert check.signed and not check.intact and not check.ok and not check.readable
    assert check.summary == pades.SUMMARY_DAMAGED


def test_a_wrong_passphrase_or_missing_key_is_a_signing_error(unsigned_pdf, certificate, tmp_path):
    with pytest.raises(SigningError):
        _sign(unsigned_pdf, certificate, passphrase=b"sai mat khau")
    with pytest.raises(SigningError):
        _sign(unsigned_pdf, certificate, passphrase=None)
    with pytest.raises(SigningError):
        _sign(unsigned_pdf, (tmp_path / "missing.pem", certificate[1]))
    with pytest.raises(SigningError):
        _sign(b"not a pdf", certificate)


# --- the demo certificate -------------------------------------------------------------------------------------

def test_demo_certificate_subject_key_usage_and_files(certificate):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    key_path, cert_path = certificate
    assert (key_path.name, cert_path.name) == ("signing-key.pem", "signing-cert.pem")
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert key_path.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    subject = {attribute.oid: attribute.value for attribute in cert.subject}
    assert subject == {NameOID.COUNTRY_NAME: "VN", NameOID.ORGANIZATION_NAME: AGENCY, NameOID.COMMON_NAME: SIGNER_CN}
    assert cert.issuer == cert.subject
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=3649) < lifetime < timedelta(days=3651)
    asn1 = load_certificate(cert_path)
    assert asn1.subject.native["common_name"] == SIGNER_CN


def test_demo_certificate_without_passphrase_and_no_silent_overwrite(other_certificate):
    key_path, cert_path = other_certificate
    assert key_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    with pytest.raises(FileExistsError):
        make_demo_certificate(key_path.parent, "X", "Y", None)


# --- settings and the command line ----------------------------------------------------------------------------

def test_signing_settings_default_to_the_instance_folder(tmp_path, monkeypatch):
    for name in ("SIGNING_KEY", "SIGNING_CERT", "SIGNING_PASSPHRASE", "SIGNING_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    settings = config.load(str(tmp_path))
    assert settings["SIGNING_KEY"] == str(tmp_path / "signing" / "signing-key.pem")
    assert settings["SIGNING_CERT"] == str(tmp_path / "signing" / "signing-cert.pem")
    assert settings["SIGNING_PASSPHRASE"] == ""
    assert settings["SIGNING_NAME"] == "Ban Dân tộc tỉnh Đồng Nai"
    monkeypatch.setenv("SIGNING_KEY", "/etc/thidua/key.pem")
    monkeypatch.setenv("SIGNING_PASSPHRASE", "bí mật")
    settings = config.load(str(tmp_path))
    assert settings["SIGNING_KEY"] == "/etc/thidua/key.pem" and settings["SIGNING_PASSPHRASE"] == "bí mật"


def test_demo_certificate_command(tmp_path, unsigned_pdf):
    from thidua import cli

    app = Flask("thidua-cli-test")
    app.config.update(SIGNING_KEY=str(tmp_path / "signing" / "signing-key.pem"),
                      SIGNING_CERT=str(tmp_path / "signing" / "signing-cert.pem"),
                      SIGNING_PASSPHRASE="bí mật", SIGNING_NAME="Ban Dân tộc tỉnh Đồng Nai",
                      AGENCY_NAME="Ban Dân tộc tỉnh Đồng Nai")
    cli.init_app(app)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["demo-certificate"])
    assert result.exit_code == 0, result.output
    assert app.config["SIGNING_KEY"] in result.output and app.config["SIGNING_CERT"] in result.output
    assert "chỉ dùng để thử nghiệm" in result.output and "USB token" in result.output
    first = (tmp_path / "signing" / "signing-cert.pem").read_bytes()

    refused = runner.invoke(args=["demo-certificate"])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert (tmp_path / "signing" / "signing-cert.pem").read_bytes() == first

    forced = runner.invoke(args=["demo-certificate", "--force"])
    assert forced.exit_code == 0, forced.output
    cert_path = tmp_path / "signing" / "signing-cert.pem"
    assert cert_path.read_bytes() != first

    signed = sign_pdf(unsigned_pdf, key_path=app.config["SIGNING_KEY"], cert_path=cert_path,
                      passphrase="bí mật".encode(), signer_name=app.config["SIGNING_NAME"], reason="Thử",
                      location="Đồng Nai")
    check = verify_pdf(signed, trust_roots=[load_certificate(cert_path)])
    assert check.ok and check.signer == "Ban Dân tộc tỉnh Đồng Nai"
