"""TOTP two-factor sign-in (RFC 6238, 30-second steps, 6 digits): secrets kept encrypted, codes never reused."""
from __future__ import annotations

import base64
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from markupsafe import Markup

from ..models import User

ISSUER = "Thi đua"
# Accept the code of the step before and after too: phone clocks drift.
VALID_WINDOW = 1


def _fernet() -> Fernet:
    """The key that encrypts secrets: TOTP_ENCRYPTION_KEY, else one derived from SECRET_KEY."""
    configured = current_app.config.get("TOTP_ENCRYPTION_KEY") or ""
    material = (configured or current_app.config["SECRET_KEY"]).encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"thidua-totp", info=b"totp-secret").derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def new_secret() -> str:
    return pyotp.random_base32()


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(stored: str) -> str | None:
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The enrolment QR code as inline SVG (no image file, nothing sent elsewhere)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="Mã QR đăng ký")
    return Markup(svg)  # noqa: S704 - segno's own SVG markup, built from our URI, not user HTML


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """Return the time-step whose code equals code (within the allowed drift), or None."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    current = int(now // totp.interval)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def accept(user: User, code: str, secret: str | None = None) -> bool:
    """Check code for user and spend its time-step; a step at or before the last one accepted is a replay.

    The compare-and-set UPDATE makes two requests with the same code (two workers at once) succeed at most once.
    """
    secret = secret or (decrypt(user.totp_secret) if user.totp_secret else None)
    if not secret:
        return False
    step = matching_step(secret, code)
    if step is None:
        return False
    spent = (User.update(totp_last_step=step)
             .where(User.id == user.id, (User.totp_last_step.is_null()) | (User.totp_last_step < step))
             .execute())
    if spent == 1:
        user.totp_last_step = step
    return spent == 1

