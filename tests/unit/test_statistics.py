"""The yearly statistical report against a known dataset: award history by kind, subject, gender, ethnicity and
staff, decided by the Committee or higher up; proposals upward; the leader's decisions; the .xlsx cells."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from thidua import roles
from thidua.dashboard import statistics as stats
from thidua.dashboard.workbook import statistics_xlsx
from thidua.models import AwardRecord, Decision, DecisionLine
from tests.campaign_factories import make_campaign, person_in
from tests.council_factories import verified
from tests.factories import make_unit, make_user

CHO_RO, MA = "32", "28"
YEAR = 2021


@pytest.fixture(autouse=True)
def context(app):
    with app.app_context():
        yield


def record(code, name, person=None, unit=None, year=YEAR, source="manual", removed=False, decided_on=None):
    return AwardRecord.create(subject="individual" if person else "collective", person=person, unit=unit,
                              award_code=code, award_name=name, year=year, source=source,
                              decided_on=decided_on or datetime.date(year, 12, 28),
                              removed_at=datetime.datetime(2022, 1, 5) if removed else None)


@pytest.fixture
def known():
    """3 LĐTT women of an ethnic minority, 2 LĐTT Kinh men, 1 CSTĐCS (Kinh woman), 1 collective TTLĐTT,
    1 Bằng khen tỉnh for a community member of an ethnic minority; plus a removed LĐTT and a LĐTT of 2020, which
    must not count."""
    unit = make_unit(name="Phòng Dân tộc huyện Tân Phú")
    for n in range(3):
        record("LDTT", "Lao động tiên tiến", person_in(unit, f"Điểu Thị Hoa {n}", gender="female", ethnicity=CHO_RO),
               source="decision")
    for n in range(2):
        record("LDTT", "Lao động tiên tiến", person_in(unit, f"Nguyễn Văn Nam {n}", gender="male", ethnicity="01"),
               source="decision")
    record("CSTDCS", "Chiến sĩ thi đua cơ sở", person_in(unit, "Trần Thị Lan", gender="female", ethnicity="01"))
    record("TTLDTT", "Tập thể lao động tiên tiến", unit=unit)
    elder = person_in(unit, "Điểu Khen", gender="male", ethnicity=CHO_RO, is_staff=False,
                      position="Người có uy tín")
    record("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", elder, source="import")
    record("LDTT", "Lao động tiên tiến", person_in(unit, "K’ Văn Gỡ", gender="male", ethnicity=MA), removed=True)
    record("LDTT", "Lao động tiên tiến", person_in(unit, "Lê Văn Cũ", gender="male"), year=2020)
    return unit


def cells(row: stats.StatRow) -> list[int]:
    return [getattr(row, attr) for _, attr in stats.STAT_COLUMNS]


def by_name(report: stats.Statistics, name: str) -> stats.StatRow:
    return next(r for r in report.all_rows if r.name == name)


def test_counts_by_kind_subject_gender_ethnicity_and_staff(known):
    report = stats.compute(YEAR)
    # total, collective, individual, male, female, minority, Kinh, staff, others
    assert cells(by_name(report, "Lao động tiên tiến")) == [5, 0, 5, 2, 3, 3, 2, 5, 0]
    assert cells(by_name(report, "Chiến sĩ thi đua cơ sở")) == [1, 0, 1, 0, 1, 0, 1, 1, 0]
    assert cells(by_name(report, "Tập thể lao động tiên tiến")) == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert cells(by_name(report, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")) == [1, 0, 1, 1, 0, 1, 0, 0, 1]
    assert cells(by_name(report, "Chiến sĩ thi đua cấp tỉnh")) == [0] * 9  # the catalogue's rows are all there


def test_subtotals_totals_and_who_decides(known):
    report = stats.compute(YEAR)
    (_, _, titles, title_sum), (_, _, forms, form_sum) = report.groups
    assert cells(title_sum) == [7, 1, 6, 2, 4, 3, 3, 6, 0]
    assert cells(form_sum) == [1, 0, 1, 1, 0, 1, 0, 0, 1]
    assert cells(report.total) == [8, 1, 7, 3, 4, 4, 3, 6, 1]
    assert report.by_committee.total == 7 and report.by_higher.total == 1
    assert by_name(report, "Lao động tiên tiến").decider_label == "Trưởng Ban"
    assert by_name(report, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh").decider_label == "Cấp trên"
    assert dict(report.sources) == {"decision": 5, "manual": 2, "import": 1}


def test_year_of_the_decision_instead_of_the_achievement(known):
    late = AwardRecord.get(AwardRecord.award_code == "CSTDCS")
    late.decided_on = datetime.date(2022, 1, 10)
    late.save()
    AwardRecord.update(decided_on=None).where(AwardRecord.award_code == "TTLDTT").execute()
    report = stats.compute(YEAR, "decision")
    assert report.total.total == 6 and report.undated == 1  # CSTĐCS moved to 2022; the undated one is reported
    assert stats.compute(2022, "decision").total.total == 1
    assert stats.compute(YEAR, "nonsense").basis == "achievement"


def _signed(kind, campaign, office, nominations, number, amount=None, corrects=None, outcomes=()):
    decision = Decision.create(kind=kind, campaign=campaign, summary="Về việc khen thưởng", created_by=office,
                               status="signed", number=number, symbol="QĐ-BDT" if kind == "decision" else "TTr-BDT",
                               year=YEAR, signed_on=datetime.date(YEAR, 12, 28), total_amount=amount,
                               corrects=corrects, correction_kind="revoke" if corrects else None)
    for n, nomination in enumerate(nominations):
        DecisionLine.create(decision=decision, nomination=nomination, nomination_version=1, position=n,
                            outcome=outcomes[n] if outcomes else None)
    return decision


def test_proposals_upward_and_the_leaders_decisions():
    office = make_user(roles.OFFICE)
    unit = make_unit()
    campaign = make_campaign(office, units=[unit])
    ldtt = [verified(campaign, unit, office, "LDTT") for _ in range(2)]
    original = _signed("decision", campaign, office, ldtt, 1, amount=894_000)
    _signed("decision", campaign, office, ldtt[:1], 2, corrects=original)  # a revocation repeats a line
    upward = [verified(campaign, unit, office, "CSTDT") for _ in range(3)] + [
        verified(campaign, unit, office, "TTLDXS", collective=True)]
    _signed("proposal", campaign, office, upward, 1, outcomes=["awarded", "not_awarded", None, "awarded"])
    report = stats.compute(YEAR)
    rows = {p.code: p for p in report.proposals}
    cstdt = rows["CSTDT"]
    assert (cstdt.individual, cstdt.awarded, cstdt.refused, cstdt.pending) == (3, 1, 1, 1)
    assert (rows["TTLDXS"].collective, rows["TTLDXS"].awarded) == (1, 1)
    assert report.proposal_total.total == 4
    d = report.decisions
    assert (d.decisions, d.individuals, d.collectives, d.amount, d.revocations) == (1, 2, 0, 894_000, 1)
    assert stats.compute(2020).decisions.decisions == 0


def _row(ws, label):
    for row in ws.iter_rows(values_only=True):
        if row[1] == label:
            return list(row)
    raise AssertionError(f"no row {label!r}")


def test_workbook_cells(app, known):
    wb = load_workbook(io.BytesIO(statistics_xlsx(stats.compute(YEAR))))
    ws = wb.active
    assert ws.title == "Thống kê TĐKT 2021"
    assert ws["A1"].value == app.config["AGENCY_PARENT"] and ws["A2"].value == app.config["AGENCY_SHORT"]
    assert ws["I1"].value == "Biểu số: ……" and "chưa đối chiếu" in ws["I2"].value
    assert ws["A4"].value == "BÁO CÁO THỐNG KÊ CÔNG TÁC THI ĐUA, KHEN THƯỞNG" and ws["A5"].value == "Năm 2021"
    assert ws["D12"].value == "1 = 2 + 3"
    assert _row(ws, "Lao động tiên tiến") == ["1", "Lao động tiên tiến", "Trưởng Ban", 5, 0, 5, 2, 3, 3, 2, 5, 0]
    assert _row(ws, "Chiến sĩ thi đua cơ sở")[3:] == [1, 0, 1, 0, 1, 0, 1, 1, 0]
    assert _row(ws, "Tập thể lao động tiên tiến")[3:] == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert _row(ws, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")[2:] == ["Cấp trên", 1, 0, 1, 1, 0, 1, 0, 0, 1]
    assert _row(ws, "DANH HIỆU THI ĐUA")[0] == "I" and _row(ws, "DANH HIỆU THI ĐUA")[3:] == [7, 1, 6, 2, 4, 3, 3, 6, 0]
    assert _row(ws, "TỔNG CỘNG (I + II)")[3:] == [8, 1, 7, 3, 4, 4, 3, 6, 1]
    assert _row(ws, "Trong đó: thuộc thẩm quyền Trưởng Ban quyết định")[3] == 7
    texts = [row[0] for row in ws.iter_rows(values_only=True) if isinstance(row[0], str)]
    assert any(t.startswith("Nguồn: lịch sử khen thưởng") for t in texts)
    assert any("Theo quyết định trong hệ thống: 5" in t for t in texts)
    assert "A4:L4" in {str(r) for r in ws.merged_cells.ranges}
