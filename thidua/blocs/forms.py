"""The forms of the bloc area, one per user action (CSRF on every one; messages in Vietnamese)."""
from __future__ import annotations

from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms_support import Form
from ..models.bloc import BLOC_KINDS, BLOC_USER_KINDS, CRITERION_KINDS, PERIODS


class BlocForm(Form):
    kind = SelectField("Loại", choices=list(BLOC_KINDS.items()), default="khoi")
    name = StringField("Tên cụm, khối", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Ghi chú (các đơn vị cùng chức năng, căn cứ thành lập)", validators=[Length(max=2000)])


class MemberForm(Form):
    unit_id = SelectField("Đơn vị thành viên", coerce=int, validators=[InputRequired()])
    year = IntegerField("Tham gia từ năm", validators=[InputRequired(), NumberRange(2000, 2100)])


class BlocUserForm(Form):
    user_id = SelectField("Người dùng của đơn vị thành viên", coerce=int, validators=[InputRequired()])
    kind = SelectField("Vai trò trong khối", choices=list(BLOC_USER_KINDS.items()))


class YearForm(Form):
    year = IntegerField("Năm", validators=[InputRequired(), NumberRange(2000, 2100)])
    leader_unit_id = SelectField("Khối trưởng", coerce=int, validators=[InputRequired()])
    deputy_unit_id = SelectField("Khối phó", coerce=int, validators=[Optional()])   # required: services.create_year
    campaign_id = SelectField("Kế hoạch thi đua nhận hồ sơ đề nghị", coerce=int, validators=[Optional()])


class TermsForm(Form):
    targets = TextAreaField("Chỉ tiêu, nội dung thi đua (mỗi dòng một nội dung)", validators=[Length(max=10000)])
    tie_break = SelectField("Khi bằng tổng điểm, xét lần lượt", choices=[
        ("bonus,penalty", "Nhiều điểm thưởng hơn → ít điểm trừ hơn → bỏ phiếu"),
        ("penalty,bonus", "Ít điểm trừ hơn → nhiều điểm thưởng hơn → bỏ phiếu"),
        ("score,bonus,penalty", "Điểm tiêu chí cao hơn → nhiều điểm thưởng hơn → ít điểm trừ hơn → bỏ phiếu"),
        ("", "Bỏ phiếu ngay")])
    vote_threshold = DecimalField("Tỷ lệ đơn vị đồng ý để được đề nghị (%)", places=2,
                                  validators=[InputRequired(), NumberRange(0.01, 100)])
    flag_quota = IntegerField("Số đơn vị đề nghị Cờ thi đua", validators=[InputRequired(), NumberRange(0, 50)])
    bk_quota = IntegerField("Số đơn vị đề nghị Bằng khen", validators=[InputRequired(), NumberRange(0, 50)])


class CriterionForm(Form):
    code = StringField("Số thứ tự", validators=[DataRequired(), Length(max=20)])
    title = StringField("Nội dung tiêu chí", validators=[DataRequired(), Length(max=500)])
    kind = SelectField("Loại", choices=list(CRITERION_KINDS.items()))
    max_points = DecimalField("Điểm tối đa", places=2, validators=[InputRequired(), NumberRange(0, 10000)])
    parent_id = SelectField("Thuộc nhóm", coerce=int, validators=[Optional()])


class RoundForm(Form):
    period = SelectField("Vòng chấm điểm", choices=list(PERIODS.items()))
