"""The achievement report (báo cáo thành tích) of a dossier, written in the app and rendered as .docx.

One report per dossier. The fields follow the official template (TEMPLATES.md §1b for individuals, §1a for
collectives); the name of an individual comes from the person, the award from the dossier, and the tables of
awards already received from the award history (AwardRecord), so none of them is stored here.
"""
from __future__ import annotations

import datetime

from peewee import (BooleanField, CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel
from .attachment import Attachment
from .nomination import Nomination
from .org import User


class AchievementReport(BaseModel):
    nomination = ForeignKeyField(Nomination, unique=True, backref="achievement_reports", on_delete="CASCADE")
    # Heading (left column: superior body, then the reporting unit) and the "địa danh, ngày … " line.
    heading_parent = CharField(max_length=200, default="")
    heading_unit = CharField(max_length=200, default="")
    place = CharField(max_length=60, default="")
    report_date = DateField(null=True)  # None: dated by hand when signed

    # I. Sơ lược lý lịch (individual). Sinh ngày: the full date when known, else the year alone.
    birth_date = DateField(null=True)
    birth_year = IntegerField(null=True)
    gender = CharField(max_length=10, default="", constraints=[Check("gender IN ('', 'male', 'female')")])
    ethnicity = CharField(max_length=60, default="")
    religion = CharField(max_length=60, default="")
    hometown = CharField(max_length=300, default="")           # quê quán
    residence = CharField(max_length=300, default="")          # trú quán
    workplace = CharField(max_length=300, default="")          # đơn vị công tác
    position = CharField(max_length=300, default="")           # chức vụ (Đảng, chính quyền, đoàn thể)
    expertise = CharField(max_length=300, default="")          # trình độ chuyên môn, nghiệp vụ
    political_theory = CharField(max_length=100, default="")   # trình độ lý luận chính trị
    honours = CharField(max_length=300, default="")            # học hàm, học vị, danh hiệu, giải thưởng
    # II. Thành tích đạt được (individual)
    duties = TextField(default="")        # 1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận
    achievements = TextField(default="")  # 2. Thành tích đạt được của cá nhân

    # I. Sơ lược đặc điểm, tình hình (collective)
    collective_name = CharField(max_length=300, default="")
    address = CharField(max_length=300, default="")
    phone = CharField(max_length=60, default="")
    contact = CharField(max_length=200, default="")  # fax, e-mail, website
    situation = TextField(default="")     # 1. Đặc điểm, tình hình
    functions = TextField(default="")     # 2. Chức năng, nhiệm vụ
    # II. Thành tích đạt được (collective)
    results = TextField(default="")       # 1. results against the assigned tasks
    measures = TextField(default="")      # 2. measures, causes, emulation movements
    policy = TextField(default="")        # 3. carrying out Party and State policy
    organisations = TextField(default="")  # 4. activity of the Party and mass organisations
    # A collective without them must say so (TT 01/2024/TT-BNV); the report then prints that statement.
    no_organisations = BooleanField(default=False)

    head_name = CharField(max_length=120, default="")  # thủ trưởng đơn vị, under the signature

    # The last document generated: which decree and Mẫu it followed, and the file it was kept as.
    form_ref = CharField(max_length=200, default="")
    generated_attachment = ForeignKeyField(Attachment, null=True, on_delete="SET NULL")
    generated_at = DateTimeField(null=True)

    updated_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=datetime.datetime.now)
