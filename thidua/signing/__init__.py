"""Digital signatures on PDF documents (PAdES, with pyHanko): signing, checking, and a demo certificate."""
from .certificates import load_certificate, make_demo_certificate, write_demo_certificate
from .pades import SignatureCheck, SigningError, sign_pdf, verify_pdf

__all__ = ["SignatureCheck", "SigningError", "load_certificate", "make_demo_certificate", "sign_pdf",
           "verify_pdf", "write_demo_certificate"]
