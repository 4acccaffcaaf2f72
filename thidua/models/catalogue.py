"""The law as data: legal regimes and the catalogue of titles and award forms under each."""
from __future__ import annotations

import datetime

from peewee import BooleanField, CharField, Check, DateField, DecimalField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel

CATEGORIES = {"title": "Danh hiệu thi đua", "form": "Hình thức khen thưởng"}
SUBJECTS = {"individual": "Cá nhân", "collective": "Tập thể", "both": "Cá nhân hoặc tập thể"}
DECIDERS = {"committee": "Ban Dân tộc quyết định", "higher": "Cấp trên quyết định (trình đề nghị)"}
LEVELS = {"co_so": "Cấp cơ sở", "tinh_bo": "Cấp tỉnh, bộ", "toan_quoc": "Cấp toàn quốc"}


class LegalRegime(BaseModel):
    code = CharField(max_length=30, unique=True)
    name = CharField(max_length=200)
    basis = TextField(default="")  # the "Căn cứ" lines a document under this regime cites
    valid_from = DateField()
    valid_to = DateField(null=True)

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @classmethod
    def for_year(cls, year: int):
        """Return the regime that judges a year's achievements: the one in force on 31 December."""
        day = datetime.date(year, 12, 31)
        return (cls.select().where(cls.valid_from <= day, (cls.valid_to.is_null()) | (cls.valid_to >= day))
                .order_by(cls.valid_from.desc()).first())

    def __str__(self) -> str:
        return self.name


def _in(column: str, values) -> Check:
    return Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


class AwardKind(BaseModel):
    regime = ForeignKeyField(LegalRegime, backref="award_kinds", on_delete="RESTRICT")
    code = CharField(max_length=20)
    name = CharField(max_length=200)
    category = CharField(max_length=10, constraints=[_in("category", CATEGORIES)])
    subject = CharField(max_length=12, constraints=[_in("subject", SUBJECTS)])
    # Two emulation titles of the same level cannot go to one subject in one campaign.
    level = CharField(max_length=12, null=True)
    decided_by = CharField(max_length=10, constraints=[_in("decided_by", DECIDERS)])
    authority = CharField(max_length=200, default="")  # who decides, in words
    legal_basis = CharField(max_length=200, default="")  # article it rests on
    cash_coefficient = DecimalField(max_digits=5, decimal_places=2, null=True)
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)  # retired entries stay readable in history

    class Meta:
        indexes = ((("regime", "code"), True),)

    def fits(self, subject: str) -> bool:
        """Say whether this entry may be given to an 'individual' or a 'collective'."""
        return self.subject in ("both", subject)

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def subject_label(self) -> str:
        return SUBJECTS[self.subject]

    @property
    def decided_by_label(self) -> str:
        return DECIDERS[self.decided_by]

    def __str__(self) -> str:
        return self.name
