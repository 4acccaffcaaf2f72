"""Forms of decisions and proposals upward."""
from __future__ import annotations

from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

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
