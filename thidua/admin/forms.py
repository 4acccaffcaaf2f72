"""Forms of the administration area."""
from __future__ import annotations

from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..forms_support import Form
from .. import roles
from ..auth.forms import NewPasswordMixin
from ..models.org import UNIT_KINDS

REQUIRED = "Trường này là bắt buộc."


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _coerce_id(value):
    return int(value) if value not in (None, "", "None") else None


class UnitForm(Form):
    name = StringField("Tên đơn vị", filters=[_strip],
                       validators=[DataRequired(REQUIRED), Length(max=200, message="Tối đa 200 ký tự.")])
    code = StringField("Mã đơn vị", filters=[_upper], validators=[
        DataRequired(REQUIRED), Length(max=30, message="Tối đa 30 ký tự."),
        Regexp(r"^[A-Z0-9_.-]+$", message="Mã chỉ gồm chữ in hoa không dấu, chữ số và các dấu - _ ."),
    ])
    kind = SelectField("Loại đơn vị", choices=choices(UNIT_KINDS.items()),
                       validators=[DataRequired(REQUIRED)])
    parent_id = SelectField("Đơn vị cấp trên", coerce=_coerce_id, validators=[Optional()])


class UserEditForm(Form):
    full_name = StringField("Họ và tên", filters=[_strip],
                            validators=[DataRequired(REQUIRED), Length(max=120, message="Tối đa 120 ký tự.")])
    email = StringField("Thư điện tử", filters=[_strip], validators=[
        Optional(), Length(max=200, message="Tối đa 200 ký tự."),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Địa chỉ thư điện tử không hợp lệ."),
    ])
    unit_id = SelectField("Đơn vị", coerce=_coerce_id, validators=[DataRequired("Vui lòng chọn đơn vị.")])
    roles = MultiCheckboxField("Vai trò", choices=choices(roles.LABELS.items()))


class UserCreateForm(UserEditForm, NewPasswordMixin):
    username = StringField("Tên đăng nhập", filters=[_lower], validators=[
        DataRequired(REQUIRED), Length(min=3, max=60, message="Từ 3 đến 60 ký tự."),
        Regexp(r"^[a-z0-9._-]+$", message="Chỉ gồm chữ thường không dấu, chữ số và các dấu . _ -"),
    ])

    def password_owner(self) -> tuple[str, str]:
        return self.username.data or "", self.full_name.data or ""


class ResetPasswordForm(Form, NewPasswordMixin):
    owner = None  # the user whose password is reset, set by the view

    def password_owner(self) -> tuple[str, str]:
        return (self.owner.username, self.owner.full_name) if self.owner else ("", "")
