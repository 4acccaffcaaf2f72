"""What the rules read: titles and awards already received, recognised initiatives, annual task ratings,
disciplines, and the numbers of the law (rule parameters) per legal regime."""
from __future__ import annotations

import datetime

from peewee import (SQL, BooleanField, CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel
from .catalogue import LegalRegime
from .org import Unit, User
from .person import Person


def _in(column: str, values) -> Check:
    return Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


RECORD_SUBJECTS = {"individual": "Cá nhân", "collective": "Tập thể"}
RECORD_SOURCES = {"manual": "Nhập tay", "import": "Nhập từ tệp", "decision": "Theo quyết định trong hệ thống"}
# The catalogue codes (AwardKind.code); kept open, so a new entry of the catalogue needs no migration.
AWARD_CODES = {
    "LDTT": "Lao động tiên tiến", "CSTDCS": "Chiến sĩ thi đua cơ sở", "CSTDT": "Chiến sĩ thi đua cấp tỉnh",
    "CSTDTQ": "Chiến sĩ thi đua toàn quốc", "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc", "CO_TINH": "Cờ thi đua của Ủy ban nhân dân tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ", "GK": "Giấy khen", "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "BK_BO": "Bằng khen cấp bộ", "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "KNC_DT": "Kỷ niệm chương “Vì sự nghiệp phát triển các dân tộc”",
}
INITIATIVE_SCOPES = {"co_so": "Cấp cơ sở", "tinh_bo": "Cấp tỉnh, bộ", "toan_quoc": "Toàn quốc"}
RATINGS = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}
# From lightest to heaviest; "under_review" is not a penalty but blocks proposals all the same (ND 152/2025).
DISCIPLINE_LEVELS = {
    "khien_trach": "Khiển trách",
    "canh_cao": "Cảnh cáo",
    "ha_bac_luong": "Hạ bậc lương",
    "giang_chuc": "Giáng chức",
    "cach_chuc": "Cách chức",
    "bai_nhiem": "Bãi nhiệm",
    "buoc_thoi_viec": "Buộc thôi việc",
    "under_review": "Đang xem xét kỷ luật / thanh tra / khiếu nại",
}
UNDER_REVIEW = "under_review"


class AwardRecord(BaseModel):
    """A title or form already received: one row per subject, award and year rewarded."""
    subject = CharField(max_length=12, constraints=[_in("subject", RECORD_SUBJECTS)])
    person = ForeignKeyField(Person, null=True, backref="award_records", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, null=True, backref="award_records", on_delete="RESTRICT")  # the collective
    award_code = CharField(max_length=20)
    award_name = CharField(max_length=200, default="")
    year = IntegerField()  # the year whose achievements it rewards, not the year of the decision
    decision_number = CharField(max_length=60, default="")
    decided_by = CharField(max_length=200, default="")
    decided_on = DateField(null=True)
    source = CharField(max_length=10, default="manual", constraints=[_in("source", RECORD_SOURCES)])
    created_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)
    removed_at = DateTimeField(null=True)  # entered by mistake: kept, skipped by every reader (migration 0010)
    decision_id = IntegerField(null=True, index=True)  # the signed decision in the app it came from (source "decision")

    class Meta:
        indexes = (
            (("person", "year"), False),
            (("unit", "year"), False),
            (("award_code", "year"), False),
            (("year", "id"), False),  # the award-history export reads by this key (migration 0021)
        )
        constraints = [SQL("CHECK ((subject = 'individual' AND person_id IS NOT NULL) OR "
                           "(subject = 'collective' AND unit_id IS NOT NULL))")]

    @property
    def subject_label(self) -> str:
        return RECORD_SUBJECTS.get(self.subject, self.subject)

    @property
    def source_label(self) -> str:
        return RECORD_SOURCES.get(self.source, self.source)


class Initiative(BaseModel):
    """A recognised initiative (sáng kiến) or research work, with the scope it was recognised at."""
    person = ForeignKeyField(Person, backref="initiatives", on_delete="RESTRICT")
    title = CharField(max_length=500)
    scope = CharField(max_length=10, constraints=[_in("scope", INITIATIVE_SCOPES)])
    recognised_by = CharField(max_length=200, default="")
    recognised_on = DateField()
    decision_number = CharField(max_length=60, default="")
    created_at = DateTimeField(default=datetime.datetime.now)
    removed_at = DateTimeField(null=True)

    @property
    def scope_label(self) -> str:
        return INITIATIVE_SCOPES.get(self.scope, self.scope)


class AnnualRating(BaseModel):
    """A person's task rating (xếp loại mức độ hoàn thành nhiệm vụ) for a year."""
    person = ForeignKeyField(Person, backref="ratings", on_delete="RESTRICT")
    year = IntegerField()
    rating = CharField(max_length=14, constraints=[_in("rating", RATINGS)])
    # A withdrawn rating keeps its row (the index is unique); setting the year again revives it.
    removed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("person", "year"), True),)

    @property
    def rating_label(self) -> str:
        return RATINGS.get(self.rating, self.rating)


class Discipline(BaseModel):
    """A disciplinary penalty, or (level 'under_review') a pending review, inspection or complaint."""
    person = ForeignKeyField(Person, backref="disciplines", on_delete="RESTRICT")
    level = CharField(max_length=20, constraints=[_in("level", DISCIPLINE_LEVELS)])
    starts_on = DateField()
    ends_on = DateField(null=True)  # None: still in force
    reason = TextField(default="")
    removed_at = DateTimeField(null=True)

    @property
    def level_label(self) -> str:
        return DISCIPLINE_LEVELS.get(self.level, self.level)

    def in_force_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class RuleParameter(BaseModel):
    """A number (or code) of the law a rule reads, per regime; unconfirmed ones are labelled on screen."""
    regime = ForeignKeyField(LegalRegime, backref="rule_parameters", on_delete="RESTRICT")
    key = CharField(max_length=60)
    value = CharField(max_length=40, default="")  # "" means not configured
    confirmed = BooleanField(default=False)
    note = TextField(default="")

    class Meta:
        indexes = ((("regime", "key"), True),)
