"""Forms of the registration area."""
from __future__ import annotations

from ..forms_support import Form
from wtforms import SelectField

from ..admin.forms import choices
from ..models.registration import SUBJECTS


def _optional_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class LineForm(Form):
    subject = SelectField("Đối tượng", choices=choices(SUBJECTS.items()), default="individual")
    person_id = SelectField("Cá nhân", coerce=_optional_int, validate_choice=False)
    award_kind_id = SelectField("Danh hiệu, hình thức khen thưởng", coerce=_optional_int, validate_choice=False)

