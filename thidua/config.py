"""Settings read from the environment, with safe defaults.

Every setting is listed, with its meaning, in the README's settings table.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, else one generated once and kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    # O_EXCL so that two workers starting at once cannot write two different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load(instance_path: str) -> dict:
    """Build the configuration mapping from the environment."""
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    https = _bool("HTTPS", False)
    idle_minutes = _int("SESSION_IDLE_MINUTES", 15)
    return {
        "SECRET_KEY": _secret_key(instance),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'thidua.sqlite3'}"
        ),
        # PostgreSQL connections kept open per worker for the requests that follow (0: a new connection per
        # request, which costs more than a simple page: 9 ms instead of 2 for /health, bench/RESULTS.md).
        "DATABASE_POOL_SIZE": _int("DATABASE_POOL_SIZE", 0),
        # Keep slow aggregates and generated files until the next write (thidua/readcache.py, filecache.py).
        "READ_CACHE": _bool("READ_CACHE", True),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(instance / "uploads")),
        # A little above one file's limit, so an oversized file meets the message beside its field, not a 413.
        "MAX_CONTENT_LENGTH": _int("MAX_UPLOAD_MB", 25) * 1024 * 1024,
        # Per attached file, counted while the upload is read; "local" keeps files under UPLOAD_FOLDER.
        "MAX_ATTACHMENT_MB": _int("MAX_ATTACHMENT_MB", 20),
        "STORAGE_BACKEND": os.environ.get("STORAGE_BACKEND", "local"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "thidua@localhost"),
        # Notifications (thidua/notifications): seconds to wait for the mail server, retries of a failed e-mail
        # and the seconds between them; the site's address for links in e-mails (else the request's host).
        "MAIL_TIMEOUT": _int("MAIL_TIMEOUT", 10),
        "MAIL_RETRIES": _int("MAIL_RETRIES", 3),
        "MAIL_RETRY_DELAY": _int("MAIL_RETRY_DELAY", 60),
        "BASE_URL": os.environ.get("BASE_URL", ""),
        "REMINDER_DAYS": os.environ.get("REMINDER_DAYS", "7,3,1"),
        # The background queue (thidua/tasks.py reads these from the environment at import, for the worker too):
        # Redis when HUEY_REDIS_URL is set, else a SQLite file; HUEY_IMMEDIATE runs tasks inline (tests).
        "HUEY_REDIS_URL": os.environ.get("HUEY_REDIS_URL", ""),
        "HUEY_SQLITE_PATH": os.environ.get("HUEY_SQLITE_PATH") or str(instance / "huey.sqlite3"),
        "HUEY_IMMEDIATE": _bool("HUEY_IMMEDIATE", False),
        "AGENCY_NAME": os.environ.get("AGENCY_NAME", "Ban Dân tộc tỉnh Đồng Nai"),
        "AGENCY_CODE": os.environ.get("AGENCY_CODE", "BDT"),
        "AGENCY_PARENT": os.environ.get("AGENCY_PARENT", "UBND TỈNH ĐỒNG NAI"),
        "AGENCY_SHORT": os.environ.get("AGENCY_SHORT", "BAN DÂN TỘC"),
        # Digital signature of decisions: key and certificate files (PEM), the key's passphrase, the signer's name.
        "SIGNING_KEY": os.environ.get("SIGNING_KEY") or str(instance / "signing" / "signing-key.pem"),
        "SIGNING_CERT": os.environ.get("SIGNING_CERT") or str(instance / "signing" / "signing-cert.pem"),
        "SIGNING_PASSPHRASE": os.environ.get("SIGNING_PASSPHRASE", ""),
        "SIGNING_NAME": os.environ.get("SIGNING_NAME") or "Ban Dân tộc tỉnh Đồng Nai",
        # Host names the app answers to (comma-separated; ".example.vn" allows its subdomains); any other Host
        # header gets 400. Empty: any host (development only; deploy-check refuses it).
        "TRUSTED_HOSTS": [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_NAME": "__Host-thidua" if https else "thidua",
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=idle_minutes),
        "SESSION_REFRESH_EACH_REQUEST": True,
        "SESSION_ABSOLUTE_HOURS": min(_int("SESSION_ABSOLUTE_HOURS", 12), 12),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "WTF_CSRF_TIME_LIMIT": _int("CSRF_TIME_LIMIT_HOURS", 12) * 3600,
        "LOGIN_MAX_FAILURES_PER_USER": _int("LOGIN_MAX_FAILURES_PER_USER", 5),
        "LOGIN_MAX_FAILURES_PER_IP": _int("LOGIN_MAX_FAILURES_PER_IP", 20),
        "LOGIN_LOCK_MINUTES": _int("LOGIN_LOCK_MINUTES", 15),
        "PASSWORD_MIN_LENGTH": _int("PASSWORD_MIN_LENGTH", 10),
        # Sign-in hardening (thidua/auth): per-IP throttling by flask-limiter over the password and code steps
        # together, counted in RATELIMIT_STORAGE_URI (memory:// is per process: give a Redis URL, e.g.
        # redis://localhost:6379/1, when several workers run); TOTP two-factor sign-in, required for admins
        # unless ADMIN_TOTP_REQUIRED is off (deploy-check refuses that), secrets encrypted with
        # TOTP_ENCRYPTION_KEY (else a key derived from SECRET_KEY); accounts unused for INACTIVE_DAYS are disabled.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "20 per minute; 200 per hour"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "ADMIN_TOTP_REQUIRED": _bool("ADMIN_TOTP_REQUIRED", True),
        "TOTP_ENCRYPTION_KEY": os.environ.get("TOTP_ENCRYPTION_KEY", ""),
        "INACTIVE_DAYS": _int("INACTIVE_DAYS", 90),
        "PAGE_SIZE": _int("PAGE_SIZE", 25),
        "CASH_ROUND_TO": _int("CASH_ROUND_TO", 10000),
        # "Căn cứ" lines of every decision after the law and decree (separated by "|"): the act giving the head
        # the authority; the demo default keeps blanks for the number and date.
        "DECISION_AUTHORITY_BASIS": os.environ.get(
            "DECISION_AUTHORITY_BASIS",
            "Căn cứ Quyết định số …/QĐ-UBND ngày … của Ủy ban nhân dân tỉnh Đồng Nai quy định chức năng, nhiệm vụ, "
            "quyền hạn và cơ cấu tổ chức của Ban Dân tộc tỉnh Đồng Nai;"),
        "NOTICE_DEFAULT_WORKING_DAYS": _int("NOTICE_DEFAULT_WORKING_DAYS", 3),
        "PUBLIC_HOLIDAYS": os.environ.get("PUBLIC_HOLIDAYS", ""),
        # Argon2 cost: the library's defaults (RFC 9106 low-memory profile) unless overridden.
        "ARGON2_TIME_COST": _int("ARGON2_TIME_COST", 3),
        "ARGON2_MEMORY_KIB": _int("ARGON2_MEMORY_KIB", 65536),
        "LOAD_DEMO_DATA": _bool("LOAD_DEMO_DATA", True),
        # Audit log rows older than this are removed by `flask prune-audit`; never below 12 (refused at startup).
        "AUDIT_RETENTION_MONTHS": _int("AUDIT_RETENTION_MONTHS", 12),
    }
