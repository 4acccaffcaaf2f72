"""Forms of the nomination area."""
from __future__ import annotations

import datetime
import re

from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from .. import clock
from ..admin.forms import choices
from ..ethnicities import ETHNICITIES
from ..forms_support import Form
from ..models.person import GENDERS
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


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def parse_birth(text: str) -> tuple[datetime.date | None, int | None]:
    """Read "05/03/1985" (or 5/3/1985, 1985-03-05) as a date, "1985" as a year; raise ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not 1900 <= year <= clock.today().year:
            raise ValueError
        return None, year
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        raise ValueError
    a, b, c = (int(g) for g in match.groups())
    day = datetime.date(a, b, c) if a > 31 else datetime.date(c, b, a)
    if not datetime.date(1900, 1, 1) <= day <= clock.today():
        raise ValueError
    return day, day.year


class AchievementForm(Form):
    """Báo cáo thành tích: the fields of the official template; the page shows those of the dossier's subject."""
    heading_parent = StringField("Cơ quan cấp trên (dòng đầu, góc trái)", filters=[_strip],
                                 validators=[Length(max=200)])
    heading_unit = StringField("Cơ quan, đơn vị báo cáo (in đậm, góc trái)", filters=[_strip],
                               validators=[DataRequired("Vui lòng ghi tên cơ quan, đơn vị."), Length(max=200)])
    place = StringField("Địa danh", filters=[_strip], validators=[Length(max=60)])
    report_date = DateField("Ngày báo cáo", validators=[Optional()])
    head_name = StringField("Họ tên thủ trưởng đơn vị", filters=[_strip], validators=[Length(max=120)])
    # Individual (TEMPLATES.md §1b)
    birth = StringField("Sinh ngày, tháng, năm", filters=[_strip])
    gender = SelectField("Giới tính", choices=choices([("", "— Chọn —")] + list(GENDERS.items())))
    ethnicity = SelectField("Dân tộc", choices=choices([("", "— Chọn —")] + [(n, n) for n in ETHNICITIES.values()]))
    religion = StringField("Tôn giáo", filters=[_strip], validators=[Length(max=60)])
    hometown = StringField("Quê quán", filters=[_strip], validators=[Length(max=300)])
    residence = StringField("Trú quán", filters=[_strip], validators=[Length(max=300)])
    workplace = StringField("Đơn vị công tác", filters=[_strip], validators=[Length(max=300)])
    position = StringField("Chức vụ (Đảng, chính quyền, đoàn thể)", filters=[_strip], validators=[Length(max=300)])
    expertise = StringField("Trình độ chuyên môn, nghiệp vụ", filters=[_strip], validators=[Length(max=300)])
    political_theory = StringField("Trình độ lý luận chính trị", filters=[_strip], validators=[Length(max=100)])
    honours = StringField("Học hàm, học vị, danh hiệu, giải thưởng", filters=[_strip], validators=[Length(max=300)])
    duties = TextAreaField("1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận")
    achievements = TextAreaField("2. Thành tích đạt được của cá nhân")
    # Collective (TEMPLATES.md §1a)
    collective_name = StringField("Tên tập thể đề nghị", filters=[_strip], validators=[Length(max=300)])
    address = StringField("Địa chỉ trụ sở", filters=[_strip], validators=[Length(max=300)])
    phone = StringField("Điện thoại", filters=[_strip], validators=[Length(max=60)])
    contact = StringField("Fax, e-mail, website", filters=[_strip], validators=[Length(max=200)])
    situation = TextAreaField("1. Đặc điểm, tình hình")
    functions = TextAreaField("2. Chức năng, nhiệm vụ")
    results = TextAreaField("1. Kết quả thực hiện nhiệm vụ được giao")
    measures = TextAreaField("2. Các biện pháp, nguyên nhân đạt được thành tích; các phong trào thi đua đã áp dụng")
    policy = TextAreaField("3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước")
    organisations = TextAreaField("4. Hoạt động của tổ chức Đảng, đoàn thể")
    no_organisations = BooleanField("Đơn vị không có tổ chức Đảng, đoàn thể (báo cáo sẽ ghi rõ điều này)")

    def validate_birth(self, field):
        try:
            parse_birth(field.data)
        except ValueError:
            raise ValidationError("Ghi ngày sinh dạng ngày/tháng/năm (ví dụ 05/03/1985) "
                                  "hoặc chỉ năm sinh (1985).") from None
