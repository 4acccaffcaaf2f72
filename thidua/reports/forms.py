"""Forms of the report area."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..admin.forms import choices
from ..forms_support import Form
from ..models.report import REPORT_KINDS


class StartReportForm(Form):
    kind = SelectField("Loại báo cáo", choices=choices(REPORT_KINDS.items()))


class ReportTextForm(Form):
    period = StringField("Kỳ báo cáo", validators=[DataRequired("Vui lòng ghi kỳ báo cáo."), Length(max=100)])
    body = TextAreaField("Nội dung báo cáo")


class UploadForm(Form):
    file = FileField("Tệp đính kèm (PDF, DOCX, XLSX, JPEG, PNG)")
