"""The audit log is append-only, in the app and in the database."""
import pytest
from peewee import DatabaseError

from thidua.db import db
from thidua.models import AuditLog


def _entry():
    return AuditLog.create(action="create", object_type="unit", object_id=1)


def test_saving_an_existing_entry_is_refused(app):
    entry = _entry()
    entry.comment = "sửa lại"
    with pytest.raises(PermissionError):
        entry.save()


def test_deleting_an_entry_is_refused(app):
    with pytest.raises(PermissionError):
        _entry().delete_instance()


def test_database_refuses_update_behind_the_apps_back(app):
    _entry()
    with pytest.raises(DatabaseError), db.atomic():
        AuditLog.update(comment="giả mạo").execute()


def test_database_refuses_delete_behind_the_apps_back(app):
    _entry()
    with pytest.raises(DatabaseError), db.atomic():
        AuditLog.delete().execute()
    assert AuditLog.select().count() == 1


def test_stored_states_read_as_vietnamese_words():
    from thidua.audit import describe
    assert describe('{"active": false, "roles": ["unit_head"]}', "user") == "Hoạt động: Không; Vai trò: Trưởng đơn vị"
    assert describe('{"issued_on": "2021-01-18"}', "campaign") == "Ngày ban hành: 18/01/2021"
    assert describe("", "user") == ""
