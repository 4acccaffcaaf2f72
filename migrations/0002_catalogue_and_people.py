"""Legal regimes and the catalogue of titles and award forms (seeded), and people of units.

Generated from a schema diff on 2026-11-27, then given CHECK constraints and the seed rows.
Cash coefficients are multiples of the base salary (ND 98/2023 Điều 54; ND 152/2025 keeps the
individual amounts); None where DOMAIN.md marks the amount unconfirmed. All rows stay editable.
"""
from peewee import *
import datetime

def up(migrator, db):
    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class LegalRegime(Model):
        code = CharField(unique=True, max_length=30)
        name = CharField(max_length=200)
        basis = TextField(default='')
        valid_from = DateField()
        valid_to = DateField(null=True)
        class Meta:
            database = db
            table_name = 'legal_regime'
    db.create_tables([LegalRegime])

    class AwardKind(Model):
        regime = ForeignKeyField(LegalRegime, on_delete='RESTRICT')
        code = CharField(max_length=20)
        name = CharField(max_length=200)
        category = CharField(max_length=10, constraints=[Check("category IN ('title', 'form')")])
        subject = CharField(max_length=12, constraints=[
            Check("subject IN ('individual', 'collective', 'both')")])
        level = CharField(null=True, max_length=12)
        decided_by = CharField(max_length=10, constraints=[Check("decided_by IN ('committee', 'higher')")])
        authority = CharField(max_length=200, default='')
        legal_basis = CharField(max_length=200, default='')
        cash_coefficient = DecimalField(null=True, max_digits=5, decimal_places=2)
        sort_order = IntegerField(default=0)
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'award_kind'
            indexes = ((('regime', 'code'), True),)
    db.create_tables([AwardKind])
    _seed(LegalRegime, AwardKind)

    class Person(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        full_name = CharField(max_length=120)
        sort_key = CharField(index=True, max_length=200)
        gender = CharField(max_length=10, constraints=[Check("gender IN ('male', 'female')")])
        birth_year = IntegerField(null=True)
        ethnicity = CharField(max_length=2)
        position = CharField(max_length=200, default='')
        is_staff = BooleanField(default=True)
        national_id = CharField(unique=True, null=True, max_length=12)
        active = BooleanField(default=True)
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'person'
            indexes = ((('unit', 'sort_key'), False),)
    db.create_tables([Person])


REGIMES = [
    ("LAW2003_ND91", "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung) và Nghị định 91/2017/NĐ-CP",
     "Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003 và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
     "khen thưởng;\nCăn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết "
     "thi hành một số điều của Luật Thi đua, khen thưởng;",
     datetime.date(2017, 10, 1), datetime.date(2023, 12, 31)),
    ("LAW2022_ND98", "Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP",
     "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 98/2023/NĐ-CP ngày 31 "
     "tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
     datetime.date(2024, 1, 1), datetime.date(2025, 6, 30)),
    ("LAW2022_ND152", "Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP",
     "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 152/2025/NĐ-CP ngày 14 "
     "tháng 6 năm 2025 của Chính phủ;",
     datetime.date(2025, 7, 1), None),
]

# code, name, category, subject, level, decided_by, authority, article under the 2022 law, cash
ENTRIES = [
    ("LDTT", "Lao động tiên tiến", "title", "individual", "co_so", "committee", "Trưởng Ban Dân tộc",
     "Điều 24", "0.3"),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", "individual", "co_so", "committee", "Trưởng Ban Dân tộc",
     "Điều 23", "1.0"),
    ("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "title", "individual", "tinh_bo", "higher", "Chủ tịch UBND tỉnh",
     "Điều 22", "3.0"),
    ("CSTDTQ", "Chiến sĩ thi đua toàn quốc", "title", "individual", "toan_quoc", "higher", "Thủ tướng Chính phủ",
     "Điều 21", "4.5"),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", "collective", "co_so", "committee", "Trưởng Ban Dân tộc",
     "Điều 28", "0.8"),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", "collective", "tinh_bo", "higher", "Chủ tịch UBND tỉnh",
     "Điều 27", "1.5"),
    ("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "collective", "tinh_bo", "higher",
     "Chủ tịch UBND tỉnh", "Điều 26", "8.0"),
    ("CO_CP", "Cờ thi đua của Chính phủ", "title", "collective", "toan_quoc", "higher", "Thủ tướng Chính phủ",
     "Điều 25", "12.0"),
    ("GK", "Giấy khen của Trưởng Ban Dân tộc", "form", "both", None, "committee", "Trưởng Ban Dân tộc",
     "Điều 75", None),
    ("BK_TINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "form", "both", None, "higher",
     "Chủ tịch UBND tỉnh", "Điều 74", "1.5"),
    ("BK_BO", "Bằng khen của Bộ trưởng, Chủ nhiệm Ủy ban Dân tộc", "form", "both", None, "higher",
     "Bộ trưởng, Chủ nhiệm Ủy ban Dân tộc", "Điều 74", "1.5"),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "form", "both", None, "higher", "Thủ tướng Chính phủ",
     "Điều 73", "3.5"),
    ("KNC_DT", "Kỷ niệm chương “Vì sự nghiệp phát triển các dân tộc”", "form", "individual", None, "higher",
     "Bộ trưởng, Chủ nhiệm Ủy ban Dân tộc", "Thông tư 01/2024/TT-UBDT Điều 8", None),
]


def _seed(LegalRegime, AwardKind):
    import decimal
    for code, name, basis, valid_from, valid_to in REGIMES:
        regime = LegalRegime.create(code=code, name=name, basis=basis, valid_from=valid_from, valid_to=valid_to)
        for order, (kcode, kname, category, subject, level, decided_by, authority, article, cash) in enumerate(ENTRIES):
            if code == "LAW2003_ND91":
                basis_text = "Luật Thi đua, khen thưởng 2003; Nghị định 91/2017/NĐ-CP"
            elif article.startswith("Điều"):
                basis_text = f"{article} Luật Thi đua, khen thưởng 2022"
            else:
                basis_text = article
            if code == "LAW2022_ND152" and kcode == "BK_BO":
                # The Committee became the Ministry of Ethnic and Religious Affairs on 01/3/2025.
                kname, authority = "Bằng khen của Bộ trưởng Bộ Dân tộc và Tôn giáo", "Bộ trưởng Bộ Dân tộc và Tôn giáo"
            AwardKind.create(regime=regime, code=kcode, name=kname, category=category, subject=subject,
                             level=level, decided_by=decided_by, authority=authority, legal_basis=basis_text,
                             cash_coefficient=decimal.Decimal(cash) if cash else None, sort_order=order)


def down(migrator, db):
    migrator.migrate(migrator.drop_table('person'))
    migrator.migrate(migrator.drop_table('award_kind'))
    migrator.migrate(migrator.drop_table('legal_regime'))
