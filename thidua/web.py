"""Rendering helpers shared by every area: htmx fragments, pagination, filters, error pages."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import render_template, request
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFError
from peewee import Ordering
from werkzeug.exceptions import HTTPException, SecurityError, default_exceptions

from . import audit, roles
from .workflow import WorkflowError

htmx = HTMX()


def wants_fragment() -> bool:
    """True for a targeted htmx request; a boosted navigation wants the whole page."""
    return bool(htmx) and not htmx.boosted


def render(template_name: str, fragment: str | None = None, /, status: int = 200, **context: Any):
    """Render the whole page, or only its fragment for a targeted htmx request."""
    if fragment and wants_fragment():
        body, status, _ = render_fragment(fragment, status, **context)
    else:
        body = render_template(template_name, **context)
    headers = {"Vary": "HX-Request"} if fragment else {}
    return body, status, headers


def render_fragment(fragment: str, status: int = 200, /, **context: Any):
    """Render only a fragment, for an htmx request."""
    # Messages flashed while answering a fragment are swapped into the page's flash area.
    body = render_template(fragment, **context) + render_template("partials/_flashes.html", oob=True)
    return body, status, {"Vary": "HX-Request"}


@dataclass
class Page:
    items: list
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(query, size: int, count_query=None) -> Page:
    """Return the page of query named by ?page=, clamped to the pages that exist.

    count_query: the same rows without the joins that only add columns, so that counting reads one index.
    Pages in the second half are read from the other end (the order reversed, a short OFFSET, the rows turned
    back), so the last page of 200,000 dossiers costs what the first does instead of skipping 199,975 rows.
    """
    total = (count_query if count_query is not None else query).count()
    pages = max(1, math.ceil(total / size))
    try:
        number = int(request.args.get("page", 1))
    except ValueError:
        number = 1
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    end = min(start + size, total)
    reversed_query = _reversed_order(query) if start > total - end else None
    if reversed_query is None:
        return Page(list(query.paginate(number, size)), number, size, total)
    rows = list(reversed_query.limit(max(end - start, 0)).offset(total - end))
    return Page(rows[::-1], number, size, total)


def page_of(items: list, size: int) -> Page:
    """The page named by ?page= of a list already in memory (a table whose totals need every row anyway)."""
    pages = max(1, math.ceil(len(items) / size))
    try:
        number = int(request.args.get("page", 1))
    except ValueError:
        number = 1
    number = min(max(number, 1), pages)
    return Page(items[(number - 1) * size:number * size], number, size, len(items))


def _reversed_order(query):
    """The query in exactly the opposite order, or None when its order is not total.

    Only an order that ends on the primary key is the same sequence read backwards: with ties left (two units of
    one name), the database may break them differently each way, and a row at a page's edge would show twice or
    not at all."""
    order = getattr(query, "_order_by", None)
    if not order:
        return None
    last = order[-1].node if isinstance(order[-1], Ordering) else order[-1]
    primary_key = getattr(getattr(query, "model", None), "_meta", None)
    if primary_key is None or last is not primary_key.primary_key:
        return None
    flipped = []
    for node in order:
        if isinstance(node, Ordering):
            nulls = {"FIRST": "LAST", "LAST": "FIRST"}.get((node.nulls or "").upper())
            direction = "ASC" if node.direction.upper() == "DESC" else "DESC"
            flipped.append(Ordering(node.node, direction, node.collation, nulls))
        else:
            flipped.append(node.desc())
    return query.clone().order_by(*flipped)


def format_date(value, with_time: bool = False) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Cần đăng nhập",
    403: "Không có quyền truy cập",
    404: "Không tìm thấy trang",
    405: "Thao tác không được hỗ trợ",
    409: "Thao tác không thực hiện được",
    413: "Tệp quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu",
    500: "Lỗi hệ thống",
}

ERROR_TEXTS = {
    400: "Yêu cầu gửi lên không hợp lệ. Vui lòng quay lại và thử lại.",
    403: "Tài khoản của bạn không có quyền thực hiện thao tác này.",
    404: "Trang hoặc hồ sơ bạn tìm không tồn tại, hoặc bạn không có quyền xem.",
    405: "Thao tác này không được hỗ trợ trên trang này.",
    409: "Hồ sơ đã thay đổi hoặc đang ở trạng thái không cho phép thao tác này.",
    413: "Tệp tải lên vượt quá dung lượng cho phép.",
    429: "Bạn đã gửi quá nhiều yêu cầu đăng nhập trong thời gian ngắn. Vui lòng chờ vài phút rồi thử lại.",
    500: "Đã có lỗi xảy ra. Dữ liệu của bạn chưa bị thay đổi; vui lòng thử lại sau.",
}


def error_page(code: int, text: str | None = None):
    """Render a Vietnamese error page that also reads well as an htmx fragment."""
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=ERROR_TITLES.get(code, "Lỗi"),
            text=text or ERROR_TEXTS.get(code, ""),
        ),
        code,
    )


def fail(code: int, message: str):
    """Stop the request with an HTTP error whose page shows message (in Vietnamese)."""
    exc = default_exceptions[code](description=message)
    exc.vietnamese = True
    raise exc


def init_app(app) -> None:
    htmx.init_app(app)
    app.jinja_env.filters["vn_date"] = format_date
    app.jinja_env.globals["ROLE_LABELS"] = roles.LABELS
    app.jinja_env.globals["AUDIT_ACTIONS"] = audit.ACTION_LABELS
    app.jinja_env.globals["AUDIT_OBJECTS"] = audit.OBJECT_LABELS
    app.jinja_env.filters["audit_state"] = audit.describe
    app.jinja_env.filters["audit_action"] = audit.action_label
    app.jinja_env.filters["audit_time"] = audit.local_time  # audit times are UTC; shown in Vietnam's time
    app.jinja_env.globals["AUDIT_PERSONAL"] = audit.PERSONAL_OBJECTS
    app.jinja_env.globals["wants_fragment"] = wants_fragment

    @app.errorhandler(WorkflowError)
    def _workflow_error(exc):
        return error_page(exc.code, exc.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc):
        from .security import rerender_after_csrf_failure
        kept = rerender_after_csrf_failure()  # a long form comes back with what was typed and a fresh token
        if kept is not None:
            return kept
        return error_page(400, "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. "
                               "Vui lòng tải lại trang rồi gửi lại.")

    @app.errorhandler(SecurityError)
    def _untrusted_host(exc):
        # A Host header outside TRUSTED_HOSTS: no URL can be built for it, so no templated page; echo nothing.
        return ("400 – Yêu cầu không hợp lệ (tên máy chủ không được phép).", 400,
                {"Content-Type": "text/plain; charset=utf-8"})

    @app.errorhandler(HTTPException)
    def _http_error(exc):
        if exc.code is None or exc.code < 400:
            return exc
        text = exc.description if getattr(exc, "vietnamese", False) else None
        return error_page(exc.code, text)
