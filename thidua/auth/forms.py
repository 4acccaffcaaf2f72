"""Sign-in and password forms."""
from __future__ import annotations

from flask import current_app
from flask_login import current_user

from .. import password_policy
from ..forms_support import Form
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError


class LoginForm(Form):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập."),
                                                        Length(max=60)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")])


def strong_enough(form, field) -> None:
    """Refuse a password that is too short, common or guessable, or built from its owner's names (no composition
    rules: thidua/password_policy.py). The owner comes from form.password_owner(): (username, full name)."""
    owner = getattr(form, "password_owner", None)
    username, full_name = owner() if owner else ("", "")
    reason = password_policy.problem(field.data or "", current_app.config["PASSWORD_MIN_LENGTH"],
                                     username, full_name)
    if reason:
        raise ValidationError(reason)


class NewPasswordMixin:
    new_password = PasswordField("Mật khẩu mới", validators=[DataRequired("Vui lòng nhập mật khẩu mới."),
                                                             strong_enough])
    confirm = PasswordField("Nhập lại mật khẩu mới", validators=[
        DataRequired("Vui lòng nhập lại mật khẩu mới."),
        EqualTo("new_password", "Hai lần nhập mật khẩu mới không khớp nhau."),
    ])


class ChangePasswordForm(Form, NewPasswordMixin):
    current_password = PasswordField("Mật khẩu hiện tại",
                                     validators=[DataRequired("Vui lòng nhập mật khẩu hiện tại.")])

    def password_owner(self) -> tuple[str, str]:
        return current_user.username, current_user.full_name


class TotpCodeForm(Form):
    code = StringField("Mã xác thực (6 chữ số)", filters=[lambda v: "".join((v or "").split())],
                       validators=[DataRequired("Vui lòng nhập mã 6 chữ số trong ứng dụng xác thực."),
                                   Length(min=6, max=6, message="Mã xác thực gồm đúng 6 chữ số.")])
