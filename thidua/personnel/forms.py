"""Forms of the personnel area."""
from __future__ import annotations

from flask import current_app
from flask_wtf.file import FileField, FileRequired
from ..forms_support import Form
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from .. import national_id
from ..ethnicities import ETHNICITIES
from ..models.person import GENDERS
from ..import_rows import clean_text
from .services import BIRTH_YEAR_MIN, NAME_MAX, POSITION_MAX, max_birth_year

REQUIRED = "Trường này là bắt buộc."

STAFF_CHOICES = {
    "1": "Cán bộ, công chức, viên chức",
    "0": "Người dân, người có uy tín",
}


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _coerce_id(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


class ChoiceField(SelectField):
    """A select whose refusal of an unlisted value reads in Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", "Lựa chọn không hợp lệ, vui lòng chọn lại trong danh sách.")
        kwargs.setdefault("invalid_value_message", "Lựa chọn không hợp lệ, vui lòng chọn lại trong danh sách.")
        super().__init__(*args, **kwargs)


def parse_year(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


class PersonForm(Form):
    full_name = StringField("Họ và tên", filters=[clean_text], validators=[
        DataRequired(REQUIRED), Length(max=NAME_MAX, message=f"Tối đa {NAME_MAX} ký tự.")])
    gender = ChoiceField("Giới tính", choices=choices([("", "— Chọn —"), *GENDERS.items()]),
                         validators=[DataRequired("Vui lòng chọn giới tính.")])
    birth_year = StringField("Năm sinh", filters=[lambda v: v.strip() if isinstance(v, str) else v])
    ethnicity = ChoiceField("Dân tộc", choices=choices([("", "— Chọn dân tộc —"), *ETHNICITIES.items()]),
                            validators=[DataRequired("Vui lòng chọn dân tộc.")])
    position = StringField("Chức vụ, chức danh", filters=[clean_text],
                           validators=[Length(max=POSITION_MAX, message=f"Tối đa {POSITION_MAX} ký tự.")])
    is_staff = ChoiceField("Đối tượng", choices=choices(STAFF_CHOICES.items()),
                           validators=[DataRequired("Vui lòng chọn đối tượng.")])
    national_id = StringField("Số CCCD", filters=[national_id.normalize])
    unit_id = ChoiceField("Đơn vị", coerce=_coerce_id, validators=[DataRequired("Vui lòng chọn đơn vị.")])

    @property
    def year(self) -> int | None:
        return parse_year(self.birth_year.data)

    def validate_birth_year(self, field) -> None:
        if not field.data:
            return
        year = parse_year(field.data)
        if year is None:
            raise ValidationError("Năm sinh gồm 4 chữ số, ví dụ 1985.")
        if not BIRTH_YEAR_MIN <= year <= max_birth_year():
            raise ValidationError(f"Năm sinh phải từ {BIRTH_YEAR_MIN} đến {max_birth_year()}.")

    def validate_national_id(self, field) -> None:
        if not field.data:
            return
        gender = self.gender.data if self.gender.data in GENDERS else None
        message = national_id.problem(field.data, gender, self.year)
        if message:
            raise ValidationError(message)


def _not_too_big(form, field) -> None:
    """Refuse a file over the configured size with a field error rather than a bare 413."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    data = field.data
    if limit and data is not None and hasattr(data, "stream"):
        data.stream.seek(0, 2)
        size = data.stream.tell()
        data.stream.seek(0)
        if size > limit:
            raise ValidationError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")


class ImportUploadForm(Form):
    file = FileField("Tệp Excel (.xlsx)", validators=[FileRequired("Vui lòng chọn tệp .xlsx để tải lên."),
                                                      _not_too_big])
    unit_id = ChoiceField("Nhập vào đơn vị", coerce=_coerce_id, validators=[DataRequired("Vui lòng chọn đơn vị.")])

