"""The schema comes only from migrations/, and matches the models exactly."""
from playhouse.schema_diff import diff_models

from thidua import migrate
from thidua.db import db
from thidua.models import MODELS


def test_every_migration_is_applied_to_the_test_database(app):
    assert migrate.pending() == []


def test_migrated_schema_has_no_difference_from_the_models(app):
    diff = diff_models(db.obj, MODELS)
    assert not diff, str(diff)


def test_migrated_columns_match_the_models_nullability(app):
    for model in MODELS:
        columns = {c.name: c for c in db.get_columns(model._meta.table_name)}
        for field in model._meta.sorted_fields:
            assert field.column_name in columns, (model.__name__, field.name)
            assert columns[field.column_name].null == field.null, (model.__name__, field.name)


def test_state_columns_refuse_values_outside_their_list(app):
    import pytest
    from peewee import IntegrityError

    from tests.factories import make_unit
    with pytest.raises(IntegrityError), db.atomic():
        make_unit(kind="not-a-kind")


def test_catalogue_is_seeded_for_every_regime(app):
    from thidua.models import AwardKind, LegalRegime
    regimes = {r.code: r for r in LegalRegime.select()}
    assert set(regimes) == {"LAW2003_ND91", "LAW2022_ND98", "LAW2022_ND152"}
    for regime in regimes.values():
        codes = {k.code for k in AwardKind.select().where(AwardKind.regime == regime)}
        assert {"LDTT", "CSTDCS", "TTLDTT", "TTLDXS", "GK", "BK_TINH", "BK_TTG", "KNC_DT"} <= codes


def test_a_year_is_judged_under_the_regime_in_force_on_31_december(app):
    from thidua.models import LegalRegime
    assert LegalRegime.for_year(2021).code == "LAW2003_ND91"
    assert LegalRegime.for_year(2024).code == "LAW2022_ND98"
    assert LegalRegime.for_year(2025).code == "LAW2022_ND152"
    assert LegalRegime.for_year(2030).code == "LAW2022_ND152"
