"""Forms of the council roster and of the vote rules."""
from __future__ import annotations

from wtforms import (BooleanField, DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField,
                     TimeField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..admin.forms import REQUIRED, _strip, choices
from ..forms_support import Form
from ..models.council import COUNCIL_ROLES, DENOMINATORS, METHODS

DATE_REQUIRED = "Ngày không hợp lệ."


class CouncilSeatForm(Form):
    role = SelectField("Vai trò trong Hội đồng", choices=choices(COUNCIL_ROLES.items()))
    served_from = DateField("Tham gia từ ngày", validators=[DataRequired(DATE_REQUIRED)])
    served_to = DateField("Đến hết ngày", validators=[Optional()])
    note = TextAreaField("Ghi chú (quyết định kiện toàn Hội đồng…)", filters=[_strip], validators=[Length(max=1000)])


class NewCouncilSeatForm(CouncilSeatForm):
    user_id = SelectField("Người dùng", coerce=int, validate_choice=True)


class EndServiceForm(Form):
    served_to = DateField("Thôi tham gia từ sau ngày", validators=[DataRequired(DATE_REQUIRED)])


class VoteRuleForm(Form):
    quorum_numerator = IntegerField("Số thành viên có mặt tối thiểu — tử số", validators=[
        DataRequired(REQUIRED), NumberRange(1, 100, "Tử số từ 1 đến 100.")])
    quorum_denominator = IntegerField("— mẫu số (2/3: tử số 2, mẫu số 3)", validators=[
        DataRequired(REQUIRED), NumberRange(1, 100, "Mẫu số từ 1 đến 100.")])
    threshold_percent = DecimalField("Ngưỡng đạt (%; “từ … trở lên”)", places=2, validators=[
        DataRequired(REQUIRED), NumberRange(0, 100, "Ngưỡng từ 0 đến 100.")])
    denominator = SelectField("Tỷ lệ tính trên", choices=choices(DENOMINATORS.items()))
    written_votes_allowed = BooleanField("Thành viên vắng mặt được biểu quyết bằng văn bản")
    method = SelectField("Hình thức biểu quyết", choices=choices(METHODS.items()))
    recuse_same_unit = BooleanField("Thành viên cùng đơn vị với người, tập thể được đề nghị không biểu quyết dòng đó")
    notice_working_days = IntegerField("Công khai danh sách trước khi họp (số ngày làm việc; 0: không bắt buộc)",
                                       validators=[Optional(), NumberRange(0, 60, "Từ 0 đến 60 ngày làm việc.")],
                                       default=0)
    confirmed = BooleanField("Đã đối chiếu văn bản pháp luật: quy tắc này được xác nhận")
    article = StringField("Căn cứ (điều, khoản)", filters=[_strip], validators=[Length(max=200)])
    note = TextAreaField("Ghi chú", filters=[_strip], validators=[Length(max=2000)])


class SessionForm(Form):
    """A council session as the office prepares it."""
    title = StringField("Nội dung phiên họp", filters=[_strip],
                        validators=[DataRequired(REQUIRED), Length(max=300)],
                        description="Ví dụ: Xét, đề nghị khen thưởng năm 2021")
    meets_on = DateField("Ngày họp", validators=[DataRequired(DATE_REQUIRED)])
    meets_time = TimeField("Giờ bắt đầu", validators=[DataRequired("Giờ không hợp lệ (ví dụ 08:00).")])
    place = StringField("Địa điểm", filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=300)])
    secretary_id = SelectField("Thư ký cuộc họp", coerce=int, validate_choice=True)


class NewSessionForm(SessionForm):
    campaign_id = SelectField("Kế hoạch, phong trào thi đua", coerce=int, validate_choice=True)


class RecusalForm(Form):
    item_id = SelectField("Dòng trong chương trình", coerce=int, validate_choice=True)
    attendance_id = SelectField("Thành viên", coerce=int, validate_choice=True)
    reason = StringField("Lý do", filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=300)])


class ReasonForm(Form):
    reason = TextAreaField("Lý do bỏ phiếu lại", filters=[_strip], validators=[DataRequired(REQUIRED),
                                                                             Length(max=2000)])


class ObjectionForm(Form):
    received_on = DateField("Ngày nhận", validators=[DataRequired(DATE_REQUIRED)])
    sender = StringField("Người, cơ quan gửi", filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    nomination_id = SelectField("Về hồ sơ", coerce=int, validate_choice=True)
    content = TextAreaField("Nội dung ý kiến", filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=5000)])
    handling = TextAreaField("Văn phòng đã xử lý, trả lời", filters=[_strip], validators=[Length(max=5000)])
