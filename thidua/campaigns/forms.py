"""Forms of the campaign area."""
from __future__ import annotations

from ..forms_support import Form
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..admin.forms import MultiCheckboxField, choices
from ..models.campaign import CAMPAIGN_KINDS
from .services import ADDRESS_MODES, CAMPAIGN_FIELDS

REQUIRED = "Trường này là bắt buộc."
BAD_DATE = "Ngày không hợp lệ."


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


class CampaignForm(Form):
    number = IntegerField("Số", validators=[DataRequired("Vui lòng nhập số kế hoạch."),
                                            NumberRange(1, 9999, "Số từ 1 đến 9999.")])
    symbol = StringField("Ký hiệu", default="KH-BDT", filters=[_upper], validators=[
        DataRequired(REQUIRED), Length(max=30),
        Regexp(r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$", message="Ký hiệu viết in hoa, các nhóm nối bằng dấu “-”, ví dụ KH-BDT."),
    ])
    issued_on = DateField("Ngày ban hành", validators=[DataRequired(BAD_DATE)])
    place = StringField("Địa danh", default="Đồng Nai", filters=[_strip], validators=[DataRequired(REQUIRED),
                                                                                      Length(max=60)])
    title = TextAreaField("Trích yếu (tên kế hoạch)", filters=[_strip],
                          validators=[DataRequired(REQUIRED), Length(max=500, message="Tối đa 500 ký tự.")])
    kind = SelectField("Loại phong trào", choices=choices(CAMPAIGN_KINDS.items()))
    preamble = TextAreaField("Căn cứ ban hành", filters=[_strip])
    purpose = TextAreaField("Mục đích", filters=[_strip])
    requirements = TextAreaField("Yêu cầu", filters=[_strip])
    implementation = TextAreaField("Tổ chức thực hiện", filters=[_strip])
    registration_deadline = DateField("Hạn đăng ký thi đua", validators=[Optional()])
    nomination_deadline = DateField("Hạn gửi hồ sơ đề nghị khen thưởng", validators=[Optional()])
    signer_title = StringField("Chức vụ người ký", default="TRƯỞNG BAN", filters=[_upper],
                               validators=[DataRequired(REQUIRED), Length(max=100)])
    signer_name = StringField("Họ tên người ký", filters=[_strip], validators=[Length(max=120)])
    recipients = TextAreaField("Nơi nhận (mỗi dòng một nơi)", filters=[_strip])
    registration_required = BooleanField("Đơn vị không đăng ký thì không được đề nghị khen thưởng theo kế hoạch này")
    address_mode = RadioField("Gửi tới", choices=choices(ADDRESS_MODES.items()), default="all")
    unit_ids = MultiCheckboxField("Các đơn vị nhận", coerce=int)
    confirm_dates = BooleanField("Tôi đã kiểm tra: các thời hạn trên là đúng")

    def campaign_values(self) -> dict:
        """The campaign's own columns, empty text as "" rather than None."""
        values = {name: getattr(self, name).data for name in CAMPAIGN_FIELDS}
        return {k: ("" if v is None and isinstance(getattr(self, k), (StringField, TextAreaField)) else v)
                for k, v in values.items()}


class ItemForm(Form):
    text = TextAreaField("Nội dung thi đua", filters=[_strip],
                         validators=[DataRequired("Nội dung thi đua không được để trống.")])


class MilestoneForm(Form):
    day = DateField("Ngày", validators=[DataRequired(BAD_DATE)])
    title = StringField("Sự kiện", filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=300)])


class ExtensionForm(Form):
    unit_id = SelectField("Đơn vị", coerce=int, validators=[DataRequired("Vui lòng chọn đơn vị.")])
    until = DateField("Gia hạn đến ngày", validators=[DataRequired(BAD_DATE)])
    reason = TextAreaField("Lý do", filters=[_strip], validators=[DataRequired("Vui lòng ghi lý do gia hạn.")])

