"""Forms for the catalogue of titles and award forms, and the legal regimes."""
from __future__ import annotations

from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..forms_support import Form
from ..models.catalogue import CATEGORIES, DECIDERS, LEVELS, SUBJECTS
from .forms import REQUIRED, _strip, _upper, choices


class AwardKindForm(Form):
    name = StringField("Tên danh hiệu, hình thức", filters=[_strip],
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    level = SelectField("Cấp (với danh hiệu thi đua)", choices=choices([("", "— Không —")] + list(LEVELS.items())),
                        validators=[Optional()])
    decided_by = SelectField("Thẩm quyền", choices=choices(DECIDERS.items()))
    authority = StringField("Người quyết định", filters=[_strip], validators=[Length(max=200)])
    legal_basis = StringField("Căn cứ pháp lý", filters=[_strip], validators=[Length(max=200)])
    cash_coefficient = DecimalField("Hệ số tiền thưởng (× mức lương cơ sở)", places=2,
                                    validators=[Optional(), NumberRange(0, 100, "Hệ số từ 0 đến 100.")])
    sort_order = IntegerField("Thứ tự hiển thị", default=0, validators=[Optional()])


class NewAwardKindForm(AwardKindForm):
    code = StringField("Mã", filters=[_upper], validators=[
        DataRequired(REQUIRED), Length(max=20),
        Regexp(r"^[A-Z0-9_]+$", message="Mã chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch dưới."),
    ])
    category = SelectField("Loại", choices=choices(CATEGORIES.items()))
    subject = SelectField("Đối tượng", choices=choices(SUBJECTS.items()))


class RegimeForm(Form):
    name = StringField("Tên chế độ pháp lý", filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    basis = TextAreaField("Các dòng “Căn cứ” đưa vào văn bản", filters=[_strip])
    valid_from = DateField("Áp dụng từ ngày", validators=[DataRequired("Ngày không hợp lệ.")])
    valid_to = DateField("Đến hết ngày", validators=[Optional()])
