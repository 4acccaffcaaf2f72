"""The council of the Committee (Hội đồng Thi đua - Khen thưởng): its roster (council_member) and its vote rules
(vote_rule) per legal regime and award code, "*" being the regime's default for every other award.

Written after a schema diff of the new models on 2026-11-27, then given the CHECK constraints and the seed rows
(DOMAIN.md §4). Old regime: ND 91/2017 Điều 45 khoản 8 — CSTĐ cấp tỉnh and toàn quốc pass at ≥ 90% of all members,
secret ballot, absent members vote in writing. ND 98/2023 Điều 30 khoản 7: ≥ 90% of all members for CSTĐ toàn quốc
and cấp tỉnh; ≥ 80% for CSTĐ cơ sở, Cờ thi đua cấp tỉnh and Cờ thi đua của Chính phủ. ND 152/2025: the numbers are
UNCONFIRMED, so it gets ND 98's numbers with confirmed = False. Every "*" default (50% of the members present) is
not from a text: the council's quy chế sets it, so it is seeded unconfirmed. Quorum: 2/3 of the members. All rows
stay editable (admin screen /council/rules); this seed is frozen.
"""
from peewee import *


def up(migrator, db):
    class LegalRegime(Model):
        code = CharField(unique=True, max_length=30)
        class Meta:
            database = db
            table_name = 'legal_regime'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class CouncilMember(Model):
        user = ForeignKeyField(User, on_delete='RESTRICT')
        role = CharField(max_length=12, constraints=[
            Check("role IN ('chair', 'vice_chair', 'standing', 'member')")])
        served_from = DateField()
        served_to = DateField(null=True)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'council_member'
            constraints = [SQL("CHECK (served_to IS NULL OR served_to >= served_from)")]

    class VoteRule(Model):
        regime = ForeignKeyField(LegalRegime, on_delete='RESTRICT')
        award_code = CharField(max_length=20)
        quorum_numerator = IntegerField(default=2, constraints=[Check('quorum_numerator >= 0')])
        quorum_denominator = IntegerField(default=3, constraints=[Check('quorum_denominator > 0')])
        threshold_percent = DecimalField(max_digits=5, decimal_places=2, constraints=[
            Check('threshold_percent >= 0 AND threshold_percent <= 100')])
        denominator = CharField(max_length=8, constraints=[Check("denominator IN ('all', 'present')")])
        written_votes_allowed = BooleanField(default=False)
        method = CharField(max_length=14, constraints=[Check("method IN ('secret', 'show_of_hands')")])
        confirmed = BooleanField(default=False)
        note = TextField(default='')
        article = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'vote_rule'
            indexes = ((('regime', 'award_code'), True),)
            constraints = [SQL('CHECK (quorum_numerator <= quorum_denominator)')]

    db.create_tables([CouncilMember, VoteRule])
    _seed(LegalRegime, VoteRule)


_ND91 = 'Nghị định 91/2017/NĐ-CP Điều 45 khoản 8'
_ND98 = 'Nghị định 98/2023/NĐ-CP Điều 30 khoản 7'
_DEFAULT_NOTE = ('Mặc định có thể cấu hình, không lấy từ văn bản: quy chế của Hội đồng quy định số phiếu cần có '
                 'cho các danh hiệu, hình thức khác.')
_ND152_NOTE = ('Ngưỡng theo Nghị định 152/2025/NĐ-CP chưa được xác nhận; tạm dùng mức của Nghị định '
               '98/2023/NĐ-CP Điều 30 khoản 7.')

# regime, award_code, threshold %, denominator, written votes allowed, method, confirmed, note, article
RULES = [
    ('LAW2003_ND91', '*', '50', 'present', False, 'secret', False, _DEFAULT_NOTE, ''),
    ('LAW2003_ND91', 'CSTDT', '90', 'all', True, 'secret', True,
     'Bỏ phiếu kín; đạt từ 90% trở lên trên tổng số thành viên Hội đồng; thành viên vắng mặt lấy ý kiến bằng văn bản.',
     _ND91),
    ('LAW2003_ND91', 'CSTDTQ', '90', 'all', True, 'secret', True,
     'Bỏ phiếu kín; đạt từ 90% trở lên trên tổng số thành viên Hội đồng; thành viên vắng mặt lấy ý kiến bằng văn bản.',
     _ND91),
    ('LAW2022_ND98', '*', '50', 'present', False, 'secret', False, _DEFAULT_NOTE, ''),
]
for _code, _percent in (('CSTDTQ', '90'), ('CSTDT', '90'), ('CSTDCS', '80'), ('CO_TINH', '80'), ('CO_CP', '80')):
    RULES.append(('LAW2022_ND98', _code, _percent, 'all', True, 'secret', True,
                  f'Bỏ phiếu kín; đạt từ {_percent}% trở lên trên tổng số thành viên Hội đồng; '
                  'thành viên vắng mặt lấy ý kiến bằng văn bản.', _ND98))
RULES += [('LAW2022_ND152', code, percent, denominator, written, method, False,
           _DEFAULT_NOTE if code == '*' else _ND152_NOTE, '' if code == '*' else f'{_ND98} (chưa xác nhận cho NĐ 152)')
          for (_r, code, percent, denominator, written, method, _c, _n, _a) in RULES if _r == 'LAW2022_ND98']


def _seed(LegalRegime, VoteRule):
    regimes = {r.code: r for r in LegalRegime.select()}
    for regime, code, percent, denominator, written, method, confirmed, note, article in RULES:
        if regime in regimes:
            VoteRule.create(regime=regimes[regime], award_code=code, quorum_numerator=2, quorum_denominator=3,
                            threshold_percent=percent, denominator=denominator, written_votes_allowed=written,
                            method=method, confirmed=confirmed, note=note, article=article)


def down(migrator, db):
    migrator.migrate(migrator.drop_table('vote_rule'))
    migrator.migrate(migrator.drop_table('council_member'))
