"""Sign a PDF with a PAdES signature and check one, with pyHanko, offline.

No cryptography is written here: pyHanko builds and checks the CMS signature (DOMAIN.md §6). Signing uses a
key file (the demo certificate, or the agency's key exported to a file); a token or HSM would be reached through
pyHanko's PKCS#11 signer instead of SimpleSigner. No timestamp server is contacted, so the signing time is the
one the signer's machine reports (the signingTime attribute), not a trusted timestamp.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

logger = logging.getLogger(__name__)

SUMMARY_OK = "Chữ ký hợp lệ, văn bản không bị thay đổi sau khi ký."
SUMMARY_UNSIGNED = "Không có chữ ký số."
SUMMARY_TAMPERED = "Văn bản đã bị thay đổi sau khi ký."
SUMMARY_INVALID = "Chữ ký số không hợp lệ."
SUMMARY_UNTRUSTED = ("Chữ ký hợp lệ, văn bản không bị thay đổi sau khi ký, nhưng chứng thư số của người ký "
                     "không thuộc danh sách tin cậy.")
SUMMARY_APPENDED = ("Chữ ký hợp lệ, nhưng tệp có phần được thêm vào sau khi ký; "
                    "phần thêm vào không được chữ ký bảo vệ.")
SUMMARY_UNREADABLE = "Không đọc được tệp PDF (tệp hỏng hoặc không phải PDF)."
SUMMARY_DAMAGED = "Tệp PDF bị hỏng: có dấu vết chữ ký số nhưng không đọc được chữ ký."


class SigningError(RuntimeError):
    """The PDF could not be signed: unreadable key or certificate, wrong passphrase, or an unreadable PDF."""


@dataclass(frozen=True)
class SignatureCheck:
    """What a reader of a signed decision needs to know about its signature.

    intact: the signed bytes were not changed (the document digest matches).
    valid: intact, and the signature value checks with the certificate's public key.
    trusted: valid, and the certificate chains to one of the trust roots given (for the self-signed demo
        certificate, that means: it is the very certificate passed as a root).
    covers_whole_file: the signature covers every byte of the file; False when something was appended after
        signing (an incremental update or stray bytes), which the signature does not protect.
    With several signatures, the result describes the first one that fails a check, else the last one.
    """

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    signer: str
    signed_at: datetime | None
    covers_whole_file: bool
    summary: str
    signature_count: int = 0
    readable: bool = True

    @property
    def ok(self) -> bool:
        """Everything a decision needs: signed, intact, valid, trusted and nothing added after signing."""
        return self.signed and self.intact and self.valid and self.trusted and self.covers_whole_file


def _outside_event_loop(func, *args, **kwargs):
    """Call func, in a worker thread when this thread runs an asyncio loop: pyHanko calls asyncio.run(), which
    refuses to start inside a running loop (e.g. under an async server, or a test run that drives a browser)."""
    import asyncio
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()


def sign_pdf(pdf: bytes, **kwargs) -> bytes:
    """Return `pdf` with a PAdES signature (see _sign_pdf)."""
    return _outside_event_loop(_sign_pdf, pdf, **kwargs)


def verify_pdf(pdf: bytes, **kwargs) -> SignatureCheck:
    """Check the signatures of `pdf` (see _verify_pdf)."""
    return _outside_event_loop(_verify_pdf, pdf, **kwargs)


def _sign_pdf(pdf: bytes, *, key_path: str | Path, cert_path: str | Path, passphrase: bytes | None,
             signer_name: str, reason: str, location: str, field_name: str = "Signature1") -> bytes:
    """Return `pdf` with a PAdES baseline (B-B) signature appended as an incremental update.

    The signature is invisible (a new field `field_name`); SHA-256; the certificate is embedded. Raises
    SigningError when the key or certificate cannot be loaded (wrong passphrase included) or the PDF is unreadable.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load(str(key_path), str(cert_path), key_passphrase=passphrase or None)
    if signer is None:  # pyHanko logs the cause and returns None
        raise SigningError("Không nạp được khóa hoặc chứng thư số (sai đường dẫn hoặc sai mật khẩu khóa).")
    meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, name=signer_name,
                                        reason=reason, location=location)
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko raises several kinds on malformed input
        raise SigningError(f"Không đọc được tệp PDF cần ký: {exc}") from exc
    output = signers.sign_pdf(writer, meta, signer=signer)
    return output.getvalue()


def _verify_pdf(pdf: bytes, *, trust_roots: list) -> SignatureCheck:
    """Check every signature in `pdf` against `trust_roots` (asn1crypto certificates), without network access.

    Never raises on bad input: an unsigned PDF gives signed=False, an unreadable file readable=False. A damaged
    file that still holds a signature dictionary's /ByteRange (e.g. a truncated download) gives signed=True,
    intact=False, readable=False, so that it is not mistaken for a document that was never signed.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        logger.info("unreadable PDF: %s", exc)
        signatures = []
        readable = False
    else:
        readable = True
    if not signatures:
        if b"/ByteRange" in pdf:  # pyHanko writes signature dictionaries uncompressed: a trace survives damage
            return SignatureCheck(signed=True, intact=False, valid=False, trusted=False, signer="", signed_at=None,
                                  covers_whole_file=False, summary=SUMMARY_DAMAGED, readable=False)
        return _unsigned(SUMMARY_UNSIGNED if readable else SUMMARY_UNREADABLE, readable=readable)
    checks = []
    for embedded in signatures:
        # A context per signature: a ValidationContext caches what it has validated.
        context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
        checks.append(_check_one(embedded, context, len(signatures)))
    # An earlier signature is followed by the later ones' updates, so only the last must cover the whole file.
    failing = [check for check in checks[:-1] if not check.trusted] + [check for check in checks[-1:] if not check.ok]
    return failing[0] if failing else checks[-1]


def _check_one(embedded, context, count: int) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception as exc:  # a malformed signature dictionary or CMS blob
        logger.info("signature %s could not be validated: %s", embedded.field_name, exc)
        return SignatureCheck(signed=True, intact=False, valid=False, trusted=False, signer="", signed_at=None,
                              covers_whole_file=False, summary=SUMMARY_TAMPERED, signature_count=count)
    intact = bool(status.intact)
    valid = intact and bool(status.valid)
    trusted = valid and bool(status.trusted)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not intact:
        summary = SUMMARY_TAMPERED
    elif not valid:
        summary = SUMMARY_INVALID
    elif not trusted:
        summary = SUMMARY_UNTRUSTED
    elif not whole:
        summary = SUMMARY_APPENDED
    else:
        summary = SUMMARY_OK
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    return SignatureCheck(signed=True, intact=intact, valid=valid, trusted=trusted,
                          signer=_common_name(status.signing_cert), signed_at=signed_at,
                          covers_whole_file=whole, summary=summary, signature_count=count)


def _common_name(certificate) -> str:
    try:
        return certificate.subject.native.get("common_name", "") or ""
    except Exception:
        return ""


def _unsigned(summary: str, *, readable: bool = True) -> SignatureCheck:
    return SignatureCheck(signed=False, intact=False, valid=False, trusted=False, signer="", signed_at=None,
                          covers_whole_file=False, summary=summary, signature_count=0, readable=readable)
