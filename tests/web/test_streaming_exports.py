"""Large exports stream: the award-history export reads by key in batches and writes a write-only workbook, so
its memory does not grow with the rows; generated files are kept until the next change, never after it."""
from __future__ import annotations

import io
import tracemalloc

import pytest
from openpyxl import load_workbook

from thidua import audit
from thidua.documents import xlsx_stream
from thidua.history import export
from thidua.models import AwardRecord

from tests.factories import make_person, make_unit, make_user


def _awards(person, count: int, first_year: int = 2000) -> None:
    rows = [{"subject": "individual", "person": person.id, "award_code": "LDTT", "award_name": "Lao động tiên tiến",
             "year": first_year + n % 25, "decision_number": f"{n}/QĐ-UBND", "source": "import"}
            for n in range(count)]
    for start in range(0, count, 500):
        AwardRecord.insert_many(rows[start:start + 500]).execute()


@pytest.fixture
def office(app, client, sign_in):
    with app.app_context():
        user = make_user("office", unit=make_unit(kind="department", name="Văn phòng Ban"))
    sign_in(user)
    return user


def test_the_award_history_export_lists_every_row_once_in_key_order_across_batches(app, client, office,
                                                                                    monkeypatch):
    monkeypatch.setattr(xlsx_stream, "BATCH", 7)  # many batches from a few rows
    with app.app_context():
        person = make_person(unit=make_unit(name="Phòng Dân tộc huyện Tân Phú"), full_name="Điểu Thị Ánh")
        _awards(person, 40)
        AwardRecord.update(removed_at="2024-01-01 00:00:00").where(AwardRecord.decision_number == "3/QĐ-UBND").execute()

    response = client.get("/history/export.xlsx")

    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    ws = load_workbook(io.BytesIO(response.data)).active
    assert ws["A4"].value == "STT" and ws.freeze_panes == "A5"
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    assert [r[0] for r in rows] == list(range(1, 40))  # the removed row is left out
    assert [r[5] for r in rows] == sorted(r[5] for r in rows)
    assert rows[0][2:4] == ("Điểu Thị Ánh", "Phòng Dân tộc huyện Tân Phú")


def test_only_the_office_exports_the_whole_history(app, client, sign_in):
    with app.app_context():
        staff = make_user("unit_staff")
    sign_in(staff)
    assert client.get("/history/export.xlsx").status_code == 403


def _peak_while_exporting(app) -> int:
    with app.test_request_context():
        tracemalloc.start()
        export.history_xlsx().close()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_export_memory_stays_flat_as_the_rows_grow(app, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "BATCH", 500)
    with app.app_context():
        person = make_person()
        _awards(person, 1000)
    small = _peak_while_exporting(app)
    with app.app_context():
        _awards(person, 5000)
    large = _peak_while_exporting(app)
    # Six times the rows; a workbook held in memory would need about six times the memory.
    assert large < small * 1.5, (small, large)


def test_a_generated_file_is_kept_until_the_next_change(app):
    from thidua.filecache import cached_file
    app.config["READ_CACHE"] = True
    built = []

    def build():
        built.append(1)
        return io.BytesIO(f"version {len(built)}".encode())

    with app.test_request_context():
        assert cached_file("test", (1,), build).read() == b"version 1"
        assert cached_file("test", (1,), build).read() == b"version 1"
        audit.record("update", "unit", 1, comment="a change anywhere")
        assert cached_file("test", (1,), build).read() == b"version 2"
    assert len(built) == 2
