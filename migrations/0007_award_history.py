"""Award history (titles and forms received, initiatives, annual ratings, disciplines), the date a person
started work, and the rule parameters — the numbers of the law the rules of thidua/rules read — seeded for
the three regimes.

Generated from a schema diff on 2026-11-27, then given the CHECK constraints and the seed rows. A parameter
value "" means "not configured"; confirmed is False where DOMAIN.md marks the number unconfirmed (the 2022
cap on CSTĐ cơ sở, the 2022 wording of Tập thể lao động tiên tiến, the old-regime Bằng khen cấp tỉnh path).
ND 152/2025 details the same law as ND 98/2023, so both 2022 regimes get the same numbers. All rows stay
editable; this seed is frozen (thidua.rules.params.SEED mirrors it, and a test holds the two equal).
"""
from peewee import *
import datetime

def up(migrator, db):
    class LegalRegime(Model):
        code = CharField(unique=True, max_length=30)
        class Meta:
            database = db
            table_name = 'legal_regime'

    class Person(Model):
        class Meta:
            database = db
            table_name = 'person'

    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class AwardRecord(Model):
        subject = CharField(max_length=12, constraints=[Check("subject IN ('individual', 'collective')")])
        person = ForeignKeyField(Person, null=True, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, null=True, on_delete='RESTRICT')
        award_code = CharField(max_length=20)
        award_name = CharField(max_length=200, default='')
        year = IntegerField()
        decision_number = CharField(max_length=60, default='')
        decided_by = CharField(max_length=200, default='')
        decided_on = DateField(null=True)
        source = CharField(max_length=10, default='manual', constraints=[
            Check("source IN ('manual', 'import', 'decision')")])
        created_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'award_record'
            indexes = ((('person', 'year'), False), (('unit', 'year'), False), (('award_code', 'year'), False))
            constraints = [SQL("CHECK ((subject = 'individual' AND person_id IS NOT NULL) OR "
                               "(subject = 'collective' AND unit_id IS NOT NULL))")]
    db.create_tables([AwardRecord])

    class Initiative(Model):
        person = ForeignKeyField(Person, on_delete='RESTRICT')
        title = CharField(max_length=500)
        scope = CharField(max_length=10, constraints=[Check("scope IN ('co_so', 'tinh_bo', 'toan_quoc')")])
        recognised_by = CharField(max_length=200, default='')
        recognised_on = DateField()
        decision_number = CharField(max_length=60, default='')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'initiative'
    db.create_tables([Initiative])

    class AnnualRating(Model):
        person = ForeignKeyField(Person, on_delete='RESTRICT')
        year = IntegerField()
        rating = CharField(max_length=14, constraints=[
            Check("rating IN ('excellent', 'good', 'completed', 'not_completed')")])
        class Meta:
            database = db
            table_name = 'annual_rating'
            indexes = ((('person', 'year'), True),)
    db.create_tables([AnnualRating])

    class Discipline(Model):
        person = ForeignKeyField(Person, on_delete='RESTRICT')
        level = CharField(max_length=20, constraints=[Check(
            "level IN ('khien_trach', 'canh_cao', 'ha_bac_luong', 'giang_chuc', 'cach_chuc', 'bai_nhiem', "
            "'buoc_thoi_viec', 'under_review')")])
        starts_on = DateField()
        ends_on = DateField(null=True)
        reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'discipline'
    db.create_tables([Discipline])

    class RuleParameter(Model):
        regime = ForeignKeyField(LegalRegime, on_delete='RESTRICT')
        key = CharField(max_length=60)
        value = CharField(max_length=40, default='')
        confirmed = BooleanField(default=False)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'rule_parameter'
            indexes = ((('regime', 'key'), True),)
    db.create_tables([RuleParameter])
    _seed(LegalRegime, RuleParameter)

    migrator.migrate(migrator.add_column('person', 'employed_since', DateField(null=True)))


_BK_TINH_OLD = ('Các văn bản đã đối chiếu chỉ nêu tiêu chuẩn Luật 2022 (Điều 74 khoản 1 điểm d); '
                'tiêu chuẩn tương ứng của '
                'Nghị định 91/2017/NĐ-CP chưa được đối chiếu.')

# key, (value, confirmed, note) under LAW2003_ND91, (value, confirmed, note) under both 2022 regimes
PARAMETERS = [
    ('LDTT_MIN_MONTHS',
     ('10', True, 'Không xét cá nhân mới tuyển dụng dưới 10 tháng (quy định cũ).'),
     ('6', True, 'Thông tư 01/2024/TT-BNV: không xét cá nhân mới tuyển dụng dưới 6 tháng.')),
    ('LDTT_MIN_RATING',
     ('good', True, 'Hoàn thành tốt nhiệm vụ trở lên.'),
     ('good', True, 'Điều 24 Luật 2022: hoàn thành tốt nhiệm vụ trở lên.')),
    ('CSTDCS_CAP_PERCENT',
     ('15', True, 'Nghị định 91/2017/NĐ-CP Điều 9 khoản 3: không quá 15% số LĐTT.'),
     ('', False, 'Luật 2022 chưa xác nhận tỷ lệ tối đa; để trống là không giới hạn.')),
    ('CSTDT_CONSECUTIVE_CSTDCS',
     ('3', True, 'Ba lần liên tục đạt CSTĐ cơ sở.'),
     ('3', True, 'Điều 22 Luật 2022: 03 lần liên tục đạt CSTĐ cơ sở.')),
    ('CSTDT_INITIATIVE_SCOPE',
     ('tinh_bo', True, 'Sáng kiến có phạm vi ảnh hưởng cấp tỉnh, bộ.'),
     ('tinh_bo', True, 'Điều 22 Luật 2022: phạm vi bộ, ban, ngành, tỉnh.')),
    ('CSTDTQ_CONSECUTIVE_CSTDT',
     ('2', True, 'Hai lần liên tục đạt CSTĐ cấp tỉnh, bộ.'),
     ('2', True, 'Điều 21 Luật 2022: 02 lần liên tục đạt CSTĐ cấp bộ, tỉnh.')),
    ('CSTDTQ_INITIATIVE_SCOPE',
     ('toan_quoc', True, 'Sáng kiến có phạm vi ảnh hưởng toàn quốc.'),
     ('toan_quoc', True, 'Điều 21 Luật 2022: phạm vi toàn quốc.')),
    ('TTLDTT_MIN_LDTT_PERCENT',
     ('50', True, 'Có trên 50% cá nhân đạt LĐTT (phải lớn hơn, không bằng).'),
     ('50', False, 'Câu chữ của Luật 2022 (Điều 28) chưa được xác nhận; dùng mức của quy định cũ (trên 50%).')),
    ('TTLDXS_MIN_LDTT_PERCENT',
     ('70', True, 'Có ít nhất 70% cá nhân đạt LĐTT.'),
     ('70', True, 'Điều 27 Luật 2022: ít nhất 70% đạt LĐTT.')),
    ('TTLDXS_MIN_CSTDCS',
     ('1', True, 'Có cá nhân đạt CSTĐ cơ sở.'),
     ('1', True, 'Điều 27 Luật 2022: có cá nhân đạt CSTĐ cơ sở.')),
    ('TTLDXS_MIN_COMPLETED_PERCENT',
     ('100', True, '100% cá nhân hoàn thành nhiệm vụ.'),
     ('100', True, 'Điều 27 Luật 2022: 100% hoàn thành nhiệm vụ.')),
    ('TTLDXS_NO_DISCIPLINE_FROM',
     ('canh_cao', True, 'Không có cá nhân bị kỷ luật từ cảnh cáo trở lên.'),
     ('', True, 'Luật 2022 không còn điều kiện này.')),
    ('BK_TINH_CONSECUTIVE_CSTDCS',
     ('2', False, _BK_TINH_OLD),
     ('2', True, 'Điều 74 khoản 1 điểm d Luật 2022.')),
    ('BK_TINH_ALT_EXCELLENT_YEARS',
     ('2', False, _BK_TINH_OLD),
     ('2', True, 'Điều 74 khoản 1 điểm d Luật 2022.')),
    ('BK_TINH_ALT_INITIATIVES',
     ('2', False, _BK_TINH_OLD),
     ('2', True, 'Điều 74 khoản 1 điểm d Luật 2022.')),
    ('BK_TTG_YEARS',
     ('5', True, 'Nghị định 91/2017/NĐ-CP Điều 38: 5 năm tiếp theo liên tục.'),
     ('5', True, 'Điều 73 Luật 2022: 05 năm liên tục trở lên.')),
    ('BK_TTG_MIN_RATING',
     ('excellent', True, 'Nghị định 91/2017/NĐ-CP Điều 38: hoàn thành xuất sắc nhiệm vụ.'),
     ('good', True, 'Điều 73 Luật 2022: hoàn thành tốt nhiệm vụ trở lên.')),
    ('BK_TTG_CSTDCS_COUNT',
     ('', True, 'Quy định cũ không đòi số lần CSTĐ cơ sở.'),
     ('3', True, 'Điều 73 Luật 2022: 03 lần CSTĐ cơ sở.')),
    ('BK_TTG_INITIATIVES',
     ('5', True, 'Nghị định 91/2017/NĐ-CP Điều 38: 5 sáng kiến trong 5 năm.'),
     ('', True, 'Luật 2022 không đòi số sáng kiến.')),
    ('KNC_DT_MAX_TIMES',
     ('1', True, 'Mỗi cá nhân chỉ được tặng một lần.'),
     ('1', True, 'Thông tư 01/2024/TT-UBDT Điều 8: mỗi cá nhân chỉ được tặng một lần.')),
]


def _seed(LegalRegime, RuleParameter):
    for regime in LegalRegime.select().where(LegalRegime.code.in_(['LAW2003_ND91', 'LAW2022_ND98', 'LAW2022_ND152'])):
        for key, old, new in PARAMETERS:
            value, confirmed, note = old if regime.code == 'LAW2003_ND91' else new
            RuleParameter.create(regime=regime, key=key, value=value, confirmed=confirmed, note=note)


def down(migrator, db):
    migrator.migrate(migrator.drop_column('person', 'employed_since'))
    migrator.migrate(migrator.drop_table('rule_parameter'))
    migrator.migrate(migrator.drop_table('discipline'))
    migrator.migrate(migrator.drop_table('annual_rating'))
    migrator.migrate(migrator.drop_table('initiative'))
    migrator.migrate(migrator.drop_table('award_record'))
