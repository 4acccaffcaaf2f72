"""What every area's views and services share about forms: field errors, statuses, the search box."""
from __future__ import annotations

import unicodedata

from flask import request
from flask_wtf import FlaskForm
from wtforms import TextAreaField


class FieldError(Exception):
    """A value the rules or the database refused, reported against one form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def apply_field_error(form, error: FieldError) -> None:
    """Show a service's refusal beside its field, or above the form when no field matches."""
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def form_status(form) -> int:
    """422 for a submitted form shown again (so htmx swaps the errors in), 200 for a fresh one."""
    return 422 if form.is_submitted() else 200


def search_term() -> str:
    """The ?q= of a list page, trimmed, and composed so that typed and stored diacritics compare equal."""
    return unicodedata.normalize("NFC", (request.args.get("q") or "").strip()[:100])


class _Vietnamese:
    """WTForms' built-in messages in Vietnamese (WTForms ships no Vietnamese catalogue)."""

    MESSAGES = {
        "This field is required.": "Trường này là bắt buộc.",
        "Not a valid date value.": "Ngày không hợp lệ.",
        "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
        "Not a valid time value.": "Giờ không hợp lệ.",
        "Not a valid integer value.": "Phải là một số nguyên.",
        "Not a valid decimal value.": "Phải là một số (dùng dấu chấm cho phần thập phân, ví dụ 1.5).",
        "Not a valid float value.": "Phải là một số.",
        "Not a valid choice.": "Lựa chọn không hợp lệ.",
        "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
        "Choices cannot be None.": "Chưa có lựa chọn nào.",
        "Invalid input.": "Giá trị không hợp lệ.",
        "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
        "Field must be at least %(min)d character long.": "Phải có ít nhất %(min)d ký tự.",
        "Field must be at least %(min)d characters long.": "Phải có ít nhất %(min)d ký tự.",
        "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
        "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
        "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
        "Field must be exactly %(max)d characters long.": "Phải có đúng %(max)d ký tự.",
        "Field must be between %(min)d and %(max)d characters long.": "Phải có từ %(min)d đến %(max)d ký tự.",
        "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
        "Number must be at most %(max)s.": "Số không được lớn hơn %(max)s.",
        "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
        "Field must be equal to %(other_name)s.": "Phải trùng với trường %(other_name)s.",
        "Invalid field name '%s'.": "Tên trường không hợp lệ.",
        "The CSRF token is missing.": "Thiếu mã chống giả mạo biểu mẫu; vui lòng tải lại trang.",
        "The CSRF token has expired.": "Mã chống giả mạo biểu mẫu đã hết hạn; vui lòng tải lại trang.",
        "The CSRF token is invalid.": "Mã chống giả mạo biểu mẫu không hợp lệ; vui lòng tải lại trang.",
    }

    def gettext(self, string):
        return self.MESSAGES.get(string, string)

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


class Form(FlaskForm):
    """The base of every form: CSRF from Flask-WTF, messages in Vietnamese."""

    class Meta:
        def get_translations(self, form):
            return _Vietnamese()


class CommentForm(Form):
    """The comment that goes with a workflow action (required where the transition says so)."""
    comment = TextAreaField("Ý kiến", filters=[lambda v: v.strip() if isinstance(v, str) else v])


# -- every request ----------------------------------------------------------------

NUL_REFUSED = ("Dữ liệu gửi lên có chứa ký tự không hợp lệ (ký tự NUL, mã 0). "
               "Vui lòng xoá ký tự đó (thường do dán từ tệp khác) rồi gửi lại.")


def _holds_nul(pairs) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs)


def refuse_nul_input():
    """Answer 400 (in Vietnamese) when a form field or query value holds a NUL character.

    PostgreSQL cannot store NUL in text and would fail the request with a 500 deep in a save;
    no person types one, so it is refused at the door, for every route alike.
    """
    from werkzeug.exceptions import RequestEntityTooLarge

    from .web import error_page
    path_values = [(k, v) for k, v in (request.view_args or {}).items() if isinstance(v, str)]
    if _holds_nul(request.args.items(multi=True)) or _holds_nul(path_values):
        return error_page(400, NUL_REFUSED)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        try:
            form = request.form
        except RequestEntityTooLarge:
            return None  # the view (or the 413 page) tells the user; nothing was read
        if _holds_nul(form.items(multi=True)):
            return error_page(400, NUL_REFUSED)
    return None


def init_app(app) -> None:
    app.before_request(refuse_nul_input)
