"""A self-signed demo certificate for signing decisions, and loading certificates as trust roots.

The demo certificate lets the "leader signs the decision" journey run on a laptop or in tests. It is NOT a
legal digital signature: in production the agency signs with its own certificate (chữ ký số chuyên dùng công
vụ, Nghị định 68/2024/NĐ-CP), usually held on a USB token or an HSM, and the verifier trusts the issuing
authority's root, not the signer's own certificate.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

KEY_FILENAME = "signing-key.pem"
CERT_FILENAME = "signing-cert.pem"


def make_demo_certificate(directory: Path, common_name: str, organisation: str, passphrase: bytes | None,
                          days: int = 3650, *, overwrite: bool = False) -> tuple[Path, Path]:
    """Create `signing-key.pem` and `signing-cert.pem` in `directory`; return (key path, certificate path).

    See write_demo_certificate for the certificate's content.
    """
    directory = Path(directory)
    return write_demo_certificate(directory / KEY_FILENAME, directory / CERT_FILENAME, common_name=common_name,
                                  organisation=organisation, passphrase=passphrase, days=days,
                                  overwrite=overwrite)


def write_demo_certificate(key_path: Path, cert_path: Path, *, common_name: str, organisation: str,
                           passphrase: bytes | None, days: int = 3650,
                           overwrite: bool = False) -> tuple[Path, Path]:
    """Write a new RSA-2048 key and a self-signed certificate for it, as PEM; return (key path, cert path).

    Subject and issuer: C=VN, O=organisation, CN=common_name. Key usage (critical): digitalSignature and
    nonRepudiation — what a document-signing certificate carries, and what pyHanko checks for a PDF signer.
    Not a CA. Valid from a minute ago (a little clock skew between machines) for `days` days.
    The key is encrypted with `passphrase` when one is given, and its file is readable by the owner only.
    Raises FileExistsError when either file exists, unless `overwrite`.
    """
    key_path, cert_path = Path(key_path), Path(cert_path)
    if not overwrite:
        for path in (key_path, cert_path):
            if path.exists():
                raise FileExistsError(f"Tệp đã có: {path}")
    if days < 1:
        raise ValueError("Thời hạn chứng thư phải ít nhất một ngày.")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    now = datetime.now(timezone.utc)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    _write_private(key_path, key_pem)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def load_certificate(path: Path) -> asn1_x509.Certificate:
    """Read a PEM or DER certificate as the asn1crypto object pyHanko's ValidationContext takes as a trust root."""
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(path))


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` with mode 0600 from the start (the key is never world-readable, even briefly)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
