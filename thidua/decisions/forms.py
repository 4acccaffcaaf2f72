"""Forms of decisions and proposals upward."""
from __future__ import annotations

from wtforms import DateField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from ..admin.forms import REQUIRED, _strip
from ..forms_support import Form


class NewDecisionForm(Form):
    campaign_id = SelectField("Kế hoạch, phong trào thi đua", coerce=int, validate_choice=True)
    kind = SelectField("Loại văn bản", validate_choice=True,
                       description="Quyết định: các danh hiệu, hình thức thuộc thẩm quyền Trưởng Ban. Tờ trình: đề "
                                   "nghị cấp trên khen thưởng các trường hợp còn lại.")
    award_kind_id = SelectField("Danh hiệu, hình thức", coerce=int, validate_choice=True,
                                description="Một văn bản cho mỗi danh hiệu, hình thức, hoặc một văn bản chung.")


class DecisionForm(Form):
    summary = StringField("Trích yếu", filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=300)])
    recipients = TextAreaField("Nơi nhận (mỗi dòng một nơi)", filters=[_strip], validators=[Length(max=2000)])


class SignForm(Form):
    password = PasswordField("Mật khẩu của bạn (xác nhận ký)", validators=[DataRequired(REQUIRED)])


class DelegationForm(Form):
    deputy_id = SelectField("Người được ủy quyền ký thay", coerce=int, validate_choice=True)
    deputy_title = StringField("Chức vụ in trong khối chữ ký", filters=[_strip], default="PHÓ TRƯỞNG BAN",
                               validators=[DataRequired(REQUIRED), Length(max=100)])
    valid_from = DateField("Từ ngày", validators=[DataRequired("Ngày không hợp lệ.")])
    valid_to = DateField("Đến hết ngày", validators=[DataRequired("Ngày không hợp lệ.")])
    note = StringField("Căn cứ (văn bản ủy quyền…)", filters=[_strip], validators=[Length(max=300)])


class BaseSalaryForm(Form):
    valid_from = DateField("Áp dụng từ ngày", validators=[DataRequired("Ngày không hợp lệ.")])
    amount = IntegerField("Mức lương cơ sở (đồng/tháng)", validators=[
        DataRequired(REQUIRED), NumberRange(1, 100_000_000, "Số tiền không hợp lệ.")])
    legal_basis = StringField("Căn cứ (nghị định)", filters=[_strip], validators=[Length(max=200)])
