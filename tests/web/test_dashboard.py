"""Dashboard and statistics pages: the progress table per unit, results by gender and ethnicity, charts with
their data tables, .xlsx exports, a number of queries that does not grow with the number of units, and access."""
import datetime
import io
import itertools
import re
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from thidua import roles
from thidua.db import db
from thidua.models import (AgendaItem, AwardRecord, CouncilSession, Decision, DecisionLine, Nomination, Report)
from tests.campaign_factories import make_campaign, make_registration, person_in
from tests.council_factories import verified
from tests.factories import make_unit

KINH, CHO_RO = "01", "32"
_numbers = itertools.count(1)  # decision numbers are unique per year and symbol


class Tables(HTMLParser):
    """Collect the text of every cell of the tables with a given class, row by row."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.depth, self.rows, self.cell = css_class, 0, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self.css_class in (attrs.get("class") or "").split():
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table_rows(html: str, css_class: str) -> list[list[str]]:
    parser = Tables(css_class)
    parser.feed(html)
    return parser.rows


def set_status(nomination, status):
    Nomination.update(status=status).where(Nomination.id == nomination.id).execute()


def signed(kind, campaign, office, nominations):
    decision = Decision.create(kind=kind, campaign=campaign, summary="Về việc khen thưởng", created_by=office,
                               status="signed", number=next(_numbers),
                               symbol="QĐ-BDT" if kind == "decision" else "TTr-BDT", year=campaign.year,
                               signed_on=datetime.date(campaign.year, 12, 28))
    for n, nomination in enumerate(nominations):
        DecisionLine.create(decision=decision, nomination=nomination, nomination_version=1, position=n)
    return decision


class World:
    """A published campaign addressed to `units` district offices, each with a registration, a report and dossiers
    at every stage: a council session, a signed decision and a proposal upward."""

    def __init__(self, units: int = 3):
        from tests.factories import make_user
        self.office = make_user(roles.OFFICE, full_name="Trần Thị Thu Hà")
        self.units = [make_unit(name=f"Phòng Dân tộc huyện Số {n:02d}") for n in range(1, units + 1)]
        self.campaign = make_campaign(self.office, units=self.units)
        self.session = CouncilSession.create(campaign=self.campaign, title="Xét khen thưởng năm 2021",
                                             meets_at=datetime.datetime(2021, 12, 20, 8), place="Phòng họp",
                                             created_by=self.office)
        awarded, upward = [], []
        for n, unit in enumerate(self.units):
            self.fill(unit, n, awarded, upward)
        signed("decision", self.campaign, self.office, awarded)
        signed("proposal", self.campaign, self.office, upward)

    def fill(self, unit, n, awarded, upward):
        women = person_in(unit, f"Điểu Thị Mai {n}", gender="female", ethnicity=CHO_RO)
        men = person_in(unit, f"Nguyễn Văn Hùng {n}", gender="male", ethnicity=KINH)
        make_registration(self.campaign, unit, self.office, status="accepted" if n % 2 == 0 else "returned",
                          lines=[("individual", women, "LDTT"), ("individual", men, "LDTT"),
                                 ("collective", None, "TTLDTT")])
        Report.create(campaign=self.campaign, unit=unit, kind="annual", status="submitted", created_by=self.office)
        draft = verified(self.campaign, unit, self.office, "LDTT")
        set_status(draft, "draft")
        verified(self.campaign, unit, self.office, "LDTT")  # waits for the council
        first = verified(self.campaign, unit, self.office, "LDTT", person=women)
        second = verified(self.campaign, unit, self.office, "CSTDCS", person=men)
        higher = verified(self.campaign, unit, self.office, "CSTDT")
        for nomination in (first, second, higher):
            AgendaItem.create(session=self.session, nomination=nomination)
        set_status(first, "awarded")
        set_status(second, "awarded")
        set_status(higher, "proposed")
        awarded += [first, second]
        upward.append(higher)


@pytest.fixture
def build(app):
    """Build a World inside an app context (hashing passwords reads the app's settings), then leave it."""
    def _build(units: int = 3) -> World:
        with app.app_context():
            return World(units)
    return _build


@pytest.fixture
def office(client, sign_in):
    def _office(world):
        sign_in(world.office)
        return world.office
    return _office


def test_progress_table_per_unit_with_totals(client, office, build):
    world = build(3)
    other = make_unit(name="Phòng Dân tộc huyện Chưa Gửi")  # addressed, with no records at all
    from thidua.models import CampaignUnit
    CampaignUnit.create(campaign=world.campaign, unit=other)
    office(world)
    response = client.get(f"/dashboard/campaigns/{world.campaign.id}")
    assert response.status_code == 200
    rows = table_rows(response.get_data(as_text=True), "dash-progress")
    header, body, total = rows[:2], rows[2:-1], rows[-1]
    assert header[1][:4] == ["Trạng thái", "Số dòng", "Đã gửi", "Đã tiếp nhận"]
    by_unit = {r[0]: r[1:] for r in body}
    # state, lines, reports sent/accepted, drafted/submitted/returned/verified, agenda/passed/not passed,
    # in decision/proposed upward/awarded
    assert by_unit["Phòng Dân tộc huyện Số 01"] == ["Đã được chấp nhận", "3", "1", "0", "5", "4", "0", "4", "3", "3",
                                                   "0", "2", "1", "2"]
    assert by_unit["Phòng Dân tộc huyện Số 02"][0] == "Bị trả lại"
    assert by_unit["Phòng Dân tộc huyện Chưa Gửi"] == ["Chưa đăng ký"] + ["0"] * 13
    assert total == ["Tổng cộng", "2/4 đơn vị đã nộp", "9", "3", "0", "15", "12", "0", "12", "9", "9", "0", "6", "3",
                     "6"]


def test_results_by_gender_and_ethnicity_with_charts_and_data_tables(client, office, build):
    world = build(2)
    office(world)
    html = client.get(f"/dashboard/campaigns/{world.campaign.id}").get_data(as_text=True)
    assert "2/4" in html and "(50%)" in html  # ethnic-minority share of awarded individuals, highlighted
    ethnicity = table_rows(html, "dash-table")
    assert ["Dân tộc thiểu số (tổng)", "2 (50%)"] in ethnicity and ["– Chơ Ro", "2 (50%)"] in ethnicity
    assert ["Nữ", "2 (50%)"] in ethnicity and ["Nam", "2 (50%)"] in ethnicity
    assert ["Lao động tiên tiến", "2", "0", "2"] in ethnicity
    # Every chart is inline SVG described for screen readers, with its data table; no script, no inline style.
    # Six charts; the one of several years has no award history here, so it shows its empty table only.
    assert html.count('<svg class="dash-bars"') == 5 and html.count('<details class="dash-data">') == 6
    assert 'role="img"' in html and "<desc id=" in html
    assert "style=" not in html and re.findall(r"<script(?![^>]*src=)", html) == []


def test_dashboard_xlsx_has_the_progress_table_and_each_chart_table(client, office, build):
    world = build(2)
    office(world)
    response = client.get(f"/dashboard/campaigns/{world.campaign.id}.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(response.data))
    assert wb.sheetnames == ["Tiến độ theo đơn vị", "Hồ sơ qua từng bước", "Theo danh hiệu, hình thức", "Theo đơn vị",
                             "Theo giới tính", "Theo dân tộc", "Qua các năm"]
    ws = wb["Tiến độ theo đơn vị"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    unit_row = next(r for r in rows if r[0] == "Phòng Dân tộc huyện Số 01")
    assert unit_row[1:] == ["Đã được chấp nhận", 3, 1, 0, 5, 4, 0, 4, 3, 3, 0, 2, 1, 2]
    assert next(r for r in rows if r[0] == "Tổng cộng")[1:5] == ["1 đơn vị đã nộp", 6, 2, 0]
    assert ws.freeze_panes == "C9"
    ethnic = [list(r) for r in wb["Theo dân tộc"].iter_rows(values_only=True)]
    assert ["Dân tộc thiểu số (tổng)", "2 (50%)"] in ethnic


@contextmanager
def counted_queries():
    """Collect the SQL of every query the database runs meanwhile (peewee's query hooks)."""
    calls: list[str] = []

    def hook(event):
        calls.append(event.sql)
    db.obj.query_hooks.append(hook)
    try:
        yield calls
    finally:
        db.obj.query_hooks.remove(hook)


@pytest.mark.parametrize("path", ["/dashboard/campaigns/{id}", "/dashboard/campaigns/{id}.xlsx"])
def test_query_count_does_not_grow_with_the_number_of_units(app, client, sign_in, path, build):
    counts = []
    for size in (3, 30):
        world = build(size)
        the_client = app.test_client()
        sign_in(world.office, the_client=the_client)
        with counted_queries() as calls:
            assert the_client.get(path.format(id=world.campaign.id)).status_code == 200
        counts.append(len(calls))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 25, counts


def test_statistics_query_count_does_not_grow_with_the_history(client, sign_in, make_user):
    office = make_user(roles.OFFICE)
    sign_in(office)
    counts = []
    for size in (3, 40):
        unit = make_unit()
        for n in range(size):
            person = person_in(unit, gender="female" if n % 2 else "male", ethnicity=CHO_RO if n % 3 else KINH)
            AwardRecord.create(subject="individual", person=person, award_code="LDTT",
                               award_name="Lao động tiên tiến", year=2021)
        with counted_queries() as calls:
            assert client.get("/dashboard/statistics?year=2021").status_code == 200
        counts.append(len(calls))
    assert counts[0] == counts[1], counts


def test_statistics_page_names_its_sources_and_downloads(client, sign_in, make_user):
    unit = make_unit()
    woman = person_in(unit, "Điểu Thị Mai", gender="female", ethnicity=CHO_RO)
    AwardRecord.create(subject="individual", person=woman, award_code="LDTT", award_name="Lao động tiên tiến",
                       year=2021, source="decision")
    sign_in(make_user(roles.LEADER))
    html = client.get("/dashboard/statistics?year=2021").get_data(as_text=True)
    assert "Chưa đối chiếu với mẫu biểu chính thức" in html
    assert html.count("Nguồn số liệu:") == 3
    row = next(r for r in table_rows(html, "dash-stat") if r[1:2] == ["Lao động tiên tiến"])
    assert row == ["1", "Lao động tiên tiến", "Trưởng Ban", "1", "0", "1", "0", "1", "1", "0", "1", "0"]
    response = client.get("/dashboard/statistics.xlsx?year=2021&basis=decision")
    assert response.status_code == 200 and "nam 2021" in response.headers["Content-Disposition"]
    assert client.get("/dashboard/statistics?year=abc").status_code == 400
    assert client.get("/dashboard/statistics?year=1850").status_code == 400


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD, roles.ADMIN])
def test_unit_users_and_the_administrator_are_refused(client, sign_in, make_user, role):
    office = make_user(roles.OFFICE)
    campaign = make_campaign(office, units=[make_unit()])
    sign_in(make_user(role))
    for path in ("/dashboard", f"/dashboard/campaigns/{campaign.id}", f"/dashboard/campaigns/{campaign.id}.xlsx",
                 "/dashboard/statistics", "/dashboard/statistics.xlsx"):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("role", [roles.OFFICE, roles.LEADER, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR])
def test_office_leaders_and_council_may_read(client, sign_in, make_user, role):
    office = make_user(roles.OFFICE)
    campaign = make_campaign(office, units=[make_unit()])
    sign_in(make_user(role))
    html = client.get("/dashboard").get_data(as_text=True)
    assert campaign.number_symbol in html
    assert client.get(f"/dashboard/campaigns/{campaign.id}").status_code == 200
    # The navigation item is for the office and leaders; the council reaches the page from the campaign.
    assert ('href="/dashboard"' in html) == (role in (roles.OFFICE, roles.LEADER))
    detail = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert f'href="/dashboard/campaigns/{campaign.id}"' in detail


def test_a_draft_campaign_is_hidden_from_leaders(client, sign_in, make_user):
    office = make_user(roles.OFFICE)
    draft = make_campaign(office, status="draft")
    sign_in(make_user(roles.LEADER))
    assert client.get(f"/dashboard/campaigns/{draft.id}").status_code == 404
