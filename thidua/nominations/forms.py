"""Forms of the nomination area."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..admin.forms import choices
from ..forms_support import Form
from ..models.history import INITIATIVE_SCOPES
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


class InitiativeForm(Form):
    """The office records a recognised initiative of the nominee (from the recognition decision)."""
    title = StringField("Tên sáng kiến, đề tài", validators=[DataRequired("Vui lòng ghi tên sáng kiến."),
                                                             Length(max=500)])
    scope = SelectField("Phạm vi công nhận", choices=choices(INITIATIVE_SCOPES.items()))
    recognised_by = StringField("Cơ quan công nhận", validators=[Length(max=200)])
    recognised_on = DateField("Ngày công nhận", validators=[DataRequired("Ngày không hợp lệ.")])
    decision_number = StringField("Số quyết định công nhận", validators=[Length(max=60)])
