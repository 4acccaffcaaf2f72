"""Sign-in and password forms."""
from __future__ import annotations

from flask import current_app
from ..forms_support import Form
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError


class LoginForm(Form):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập."),
                                                        Length(max=60)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")])


def strong_enough(form, field) -> None:
    """Refuse passwords shorter than the configured minimum or made of one kind of character."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    value = field.data or ""
    if len(value) < minimum:
        raise ValidationError(f"Mật khẩu phải có ít nhất {minimum} ký tự.")
    if value.isdigit() or value.isalpha():
        raise ValidationError("Mật khẩu phải có cả chữ và số hoặc ký tự đặc biệt.")


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
