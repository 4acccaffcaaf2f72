"""Forms of the history area: one per kind of row, the removal with its reason, the upload, a parameter."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..import_rows import clean_text
from ..forms_support import Form
from ..models.history import DISCIPLINE_LEVELS, INITIATIVE_SCOPES, RATINGS
from ..personnel.forms import ChoiceField, _not_too_big, choices, parse_year
from . import services

BAD_DATE = "Ngày không hợp lệ."


def _strip(value):
    return clean_text(value) if isinstance(value, str) else value


def _year_field(label: str = "Năm"):
    return StringField(label, filters=[lambda v: v.strip() if isinstance(v, str) else v],
                       validators=[DataRequired("Vui lòng ghi năm (4 chữ số).")])


class _YearMixin:
    @property
    def year_value(self) -> int | None:
        return parse_year(self.year.data)

    def validate_year(self, field) -> None:
        year = parse_year(field.data)
        if year is None:
            raise ValidationError("Năm gồm 4 chữ số, ví dụ 2019.")
        if not services.YEAR_MIN <= year <= services.max_year():
            raise ValidationError(f"Năm phải từ {services.YEAR_MIN} đến {services.max_year()}.")


class AwardForm(_YearMixin, Form):
    award_code = ChoiceField("Danh hiệu, hình thức", validators=[DataRequired("Vui lòng chọn danh hiệu, hình thức.")])
    year = _year_field("Năm được khen")
    decision_number = StringField("Số quyết định", filters=[_strip], validators=[
        Length(max=services.DECISION_NUMBER_MAX, message=f"Tối đa {services.DECISION_NUMBER_MAX} ký tự.")])
    decided_on = DateField("Ngày quyết định", validators=[Optional()])
    decided_by = StringField("Cơ quan quyết định", filters=[_strip], validators=[
        Length(max=services.BODY_MAX, message=f"Tối đa {services.BODY_MAX} ký tự.")])

    def setup(self, subject: str, keep_code: str | None = None) -> None:
        pairs = services.award_choices(subject)
        if keep_code and keep_code not in dict(pairs):
            pairs.append((keep_code, keep_code))
        self.award_code.choices = choices([("", "— Chọn danh hiệu, hình thức —"), *pairs])

    def data_object(self) -> services.AwardData:
        return services.AwardData(award_code=self.award_code.data, year=self.year_value,
                                  decision_number=self.decision_number.data or "", decided_on=self.decided_on.data,
                                  decided_by=self.decided_by.data or "")


class InitiativeForm(Form):
    title = StringField("Tên sáng kiến", filters=[_strip], validators=[
        DataRequired("Vui lòng ghi tên sáng kiến."),
        Length(max=services.TITLE_MAX, message=f"Tối đa {services.TITLE_MAX} ký tự.")])
    scope = ChoiceField("Phạm vi công nhận", choices=choices([("", "— Chọn phạm vi —"), *INITIATIVE_SCOPES.items()]),
                        validators=[DataRequired("Vui lòng chọn phạm vi.")])
    recognised_by = StringField("Cơ quan công nhận", filters=[_strip], validators=[
        Length(max=services.BODY_MAX, message=f"Tối đa {services.BODY_MAX} ký tự.")])
    recognised_on = DateField("Ngày công nhận", validators=[DataRequired(BAD_DATE)])
    decision_number = StringField("Số quyết định", filters=[_strip], validators=[
        Length(max=services.DECISION_NUMBER_MAX, message=f"Tối đa {services.DECISION_NUMBER_MAX} ký tự.")])

    def data_object(self) -> services.InitiativeData:
        return services.InitiativeData(title=self.title.data or "", scope=self.scope.data,
                                       recognised_on=self.recognised_on.data,
                                       recognised_by=self.recognised_by.data or "",
                                       decision_number=self.decision_number.data or "")


class RatingForm(_YearMixin, Form):
    year = _year_field()
    rating = ChoiceField("Xếp loại", choices=choices([("", "— Chọn mức xếp loại —"), *RATINGS.items()]),
                         validators=[DataRequired("Vui lòng chọn mức xếp loại.")])


class RatingEditForm(Form):
    rating = ChoiceField("Xếp loại", choices=choices(RATINGS.items()),
                         validators=[DataRequired("Vui lòng chọn mức xếp loại.")])


class DisciplineForm(Form):
    level = ChoiceField("Hình thức", choices=choices([("", "— Chọn hình thức —"), *DISCIPLINE_LEVELS.items()]),
                        validators=[DataRequired("Vui lòng chọn hình thức kỷ luật.")])
    starts_on = DateField("Từ ngày", validators=[DataRequired(BAD_DATE)])
    ends_on = DateField("Đến ngày", validators=[Optional()])
    reason = TextAreaField("Lý do, số quyết định", filters=[_strip], validators=[
        Length(max=services.REASON_MAX, message=f"Tối đa {services.REASON_MAX} ký tự.")])

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("Ngày kết thúc phải sau ngày bắt đầu.")

    def data_object(self) -> services.DisciplineData:
        return services.DisciplineData(level=self.level.data, starts_on=self.starts_on.data,
                                       ends_on=self.ends_on.data, reason=self.reason.data or "")


class RemoveForm(Form):
    reason = TextAreaField("Lý do gỡ bỏ", filters=[_strip], validators=[
        DataRequired("Vui lòng ghi lý do gỡ bỏ."),
        Length(max=services.REASON_MAX, message=f"Tối đa {services.REASON_MAX} ký tự.")])


class ImportUploadForm(Form):
    file = FileField("Tệp Excel (.xlsx)", validators=[FileRequired("Vui lòng chọn tệp .xlsx để tải lên."),
                                                      _not_too_big])


class ParameterForm(Form):
    value = StringField("Giá trị", filters=[lambda v: v.strip() if isinstance(v, str) else v])
    confirmed = BooleanField("Đã đối chiếu văn bản pháp luật: số liệu này được xác nhận")
    note = TextAreaField("Ghi chú (căn cứ, điều khoản)", filters=[lambda v: v.strip() if isinstance(v, str) else v])
