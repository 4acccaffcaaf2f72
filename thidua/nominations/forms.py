"""Forms of the nomination area."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField

from ..admin.forms import choices
from ..forms_support import Form
from ..models.nomination import BASES
from ..models.registration import SUBJECTS


def _optional_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ProposeForm(Form):
    subject = SelectField("Đối tượng", choices=choices(SUBJECTS.items()), default="individual")
    person_id = SelectField("Cá nhân", coerce=_optional_int, validate_choice=False)
    award_kind_id = SelectField("Danh hiệu, hình thức đề nghị", coerce=_optional_int, validate_choice=False)
    basis = SelectField("Loại hình khen thưởng", choices=choices(BASES.items()), default="cong_trang")
    summary = TextAreaField("Tóm tắt thành tích")


class DetailsForm(Form):
    basis = SelectField("Loại hình khen thưởng", choices=choices(BASES.items()))
    summary = TextAreaField("Tóm tắt thành tích")


class ComponentUploadForm(Form):
    file = FileField("Tệp (PDF, DOCX, XLSX, JPEG, PNG)")
