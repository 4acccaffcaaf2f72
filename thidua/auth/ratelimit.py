"""Per-IP throttling of sign-in with flask-limiter, on top of the per-account lock kept in the database.

The count lives in RATELIMIT_STORAGE_URI: memory:// (per process, so per gunicorn worker) unless a Redis URL is
configured, which every worker and host then shares. The limit, LOGIN_RATE_LIMIT, counts every POST to the
password and code steps together, successful or not: it stops a flood before Argon2 spends its memory on it.
"""
from __future__ import annotations

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Storage and switches come from each app's config (RATELIMIT_*) in init_app.
limiter = Limiter(get_remote_address, key_prefix="thidua")

sign_in_limit = limiter.shared_limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], scope="sign-in",
                                     methods=["POST"],
                                     error_message="Quá nhiều lần đăng nhập từ máy này. Vui lòng chờ rồi thử lại.")


def init_app(app) -> None:
    limiter.init_app(app)
