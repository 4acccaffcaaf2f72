"""Nomination dossiers (hồ sơ đề nghị khen thưởng) and the components each award's dossier needs."""
from __future__ import annotations

import datetime

from peewee import BooleanField, CharField, Check, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .campaign import Campaign
from .catalogue import AwardKind
from .org import Unit, User
from .person import Person
from .registration import RegistrationLine

BASES = {
    "cong_trang": "Công trạng (thường xuyên)",
    "dot_xuat": "Đột xuất",
    "phong_trao": "Theo đợt, chuyên đề",
    "cong_hien": "Quá trình cống hiến",
    "nien_han": "Theo niên hạn",
    "doi_ngoai": "Đối ngoại",
}

# Dossier components (Luật Thi đua, khen thưởng 2022, Điều 84); which award needs which is data (DossierRequirement).
COMPONENTS = {
    "to_trinh": "Tờ trình (công văn) đề nghị khen thưởng",
    "bao_cao_thanh_tich": "Báo cáo thành tích",
    "bien_ban": "Biên bản họp bình xét thi đua / xét khen thưởng của đơn vị",
    "sang_kien": "Giấy chứng nhận sáng kiến, đề tài nghiên cứu được công nhận",
    "xac_nhan_dot_xuat": "Văn bản xác nhận thành tích đột xuất",
}


def _in(column: str, values) -> Check:
    return Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


# passed: the council voted it through, it waits for the leader; not_passed: closed, its unit sees the result;
# awarded: in a signed decision (or an outside body's); proposed: sent upward in a signed tờ trình, waiting for the
# outside body, which awards it or not (not_awarded).
NOMINATION_STATES = ("draft", "submitted", "returned", "verified", "passed", "not_passed", "awarded", "proposed",
                     "not_awarded")


class DossierRequirement(BaseModel):
    """One component an award's dossier must hold, optionally only for one basis (e.g. đột xuất)."""
    award_kind = ForeignKeyField(AwardKind, backref="requirements", on_delete="CASCADE")
    component = CharField(max_length=30, constraints=[_in("component", COMPONENTS)])
    only_for_basis = CharField(max_length=12, null=True)

    class Meta:
        indexes = ((("award_kind", "component"), True),)


class Nomination(BaseModel):
    campaign = ForeignKeyField(Campaign, backref="nominations", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="nominations", on_delete="RESTRICT")
    subject = CharField(max_length=12, constraints=[Check("subject IN ('collective', 'individual')")])
    person = ForeignKeyField(Person, null=True, backref="nominations", on_delete="RESTRICT")
    # person_id, or 0 for the unit as a collective: lets a unique index refuse duplicates (NULLs never collide).
    subject_key = IntegerField()
    award_kind = ForeignKeyField(AwardKind, on_delete="RESTRICT")
    basis = CharField(max_length=12, constraints=[_in("basis", BASES)])
    registration_line = ForeignKeyField(RegistrationLine, null=True, on_delete="SET NULL")
    summary = TextField(default="")  # tóm tắt thành tích, for the list that goes with the tờ trình
    status = CharField(max_length=12, default="draft",
                       constraints=[_in("status", NOMINATION_STATES)])
    version = IntegerField(default=1)
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)
    submitted_at = DateTimeField(null=True)
    decided_at = DateTimeField(null=True)
    return_comment = TextField(default="")
    override_reason = TextField(default="")  # why the office verified despite rule warnings

    class Meta:
        indexes = (
            (("campaign", "unit", "subject_key", "award_kind"), True),
            (("campaign", "status"), False),
            (("unit", "status"), False),
            # The dossier list's order, per filter (migration 0021; NULLS FIRST on PostgreSQL, see there).
            (("submitted_at", "id"), False),
            (("status", "submitted_at", "id"), False),
            (("unit", "submitted_at", "id"), False),
        )

    @property
    def basis_label(self) -> str:
        return BASES.get(self.basis, self.basis)


class ComponentComment(BaseModel):
    """The office's comment on one component when it returns a dossier."""
    nomination = ForeignKeyField(Nomination, backref="component_comments", on_delete="CASCADE")
    component = CharField(max_length=30)
    comment = TextField()
    author = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=datetime.datetime.now)
    resolved = BooleanField(default=False)
