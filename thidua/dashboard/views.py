"""Dashboard (thống kê) for the office, leaders and the council: the agency over several years, each campaign's
progress and results, and the yearly statistical report for the Home Affairs department. Read-only."""
from __future__ import annotations

import io

from flask import Blueprint, current_app, request
from peewee import fn

from ..downloads import send_download
from .. import clock, roles
from ..authz import gate_blueprint
from ..campaigns.views import get_campaign_or_404, visible_campaigns
from ..flows import CAMPAIGN
from ..models import Campaign, CampaignUnit, Nomination
from ..web import fail, page_of, paginate, render
from . import progress as prog
from . import statistics as stats
from .workbook import XLSX_MIMETYPE, dashboard_xlsx, statistics_xlsx

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
gate_blueprint(bp, roles.OFFICE, roles.LEADER, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR)

YEAR_SPANS = (3, 5, 10)
UNIT_CHART_LIMIT = 30
DEFAULT_SPAN = 5
FIRST_YEAR = 2000  # no award history before it is expected; a guard against absurd ?year= values


def _span() -> int:
    """How many years the comparison covers (?years=), one of YEAR_SPANS."""
    try:
        span = int(request.args.get("years", DEFAULT_SPAN))
    except ValueError:
        return DEFAULT_SPAN
    return span if span in YEAR_SPANS else DEFAULT_SPAN


@bp.route("")
def index():
    """Show the awards of the last years and every campaign with its headline counts."""
    span = _span()
    # Up to the latest year of the award history (the current year's awards come the next year).
    years = prog.awards_by_year(stats.default_year(), span)
    page = paginate(visible_campaigns().order_by(Campaign.year.desc(), Campaign.issued_on.desc(), Campaign.id.desc()),
                    current_app.config["PAGE_SIZE"])
    ids = [c.id for c in page.items]
    addressed = dict(CampaignUnit.select(CampaignUnit.campaign, fn.COUNT(CampaignUnit.id))
                     .where(CampaignUnit.campaign.in_(ids)).group_by(CampaignUnit.campaign).tuples()) if ids else {}
    dossiers: dict[int, dict[str, int]] = {}
    if ids:
        for campaign_id, status, count in (Nomination.select(Nomination.campaign, Nomination.status,
                                                             fn.COUNT(Nomination.id))
                                           .where(Nomination.campaign.in_(ids))
                                           .group_by(Nomination.campaign, Nomination.status).tuples()):
            dossiers.setdefault(campaign_id, {})[status] = count
    summary = {cid: {"submitted": sum(n for s, n in counts.items() if s in prog.SUBMITTED),
                     "awarded": counts.get("awarded", 0)} for cid, counts in dossiers.items()}
    return render("dashboard/index.html", page=page, addressed=addressed, summary=summary, states=CAMPAIGN.states,
                  year_chart=prog.year_chart(years), years=years, span=span, spans=YEAR_SPANS)


def _campaign_data(campaign: Campaign, span: int, unit_limit: int | None = None) -> dict:
    progress = prog.unit_progress(campaign)
    kinds = prog.awarded_by_kind(campaign)
    people = prog.awarded_people(campaign)
    years = prog.awards_by_year(campaign.year, span)
    return {
        "campaign": campaign, "progress": progress, "people": people, "kinds": kinds, "span": span,
        "progress_chart": prog.progress_chart(campaign, progress),
        "kind_chart": prog.kind_chart(kinds), "unit_chart": prog.unit_chart(progress, limit=unit_limit),
        "gender_chart": prog.gender_chart(people), "ethnicity_chart": prog.ethnicity_chart(people),
        "year_chart": prog.year_chart(years),
    }


@bp.route("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int):
    """Show a campaign's progress per unit and its results, with charts and their data tables."""
    # A ministry addresses thousands of units: the page shows them a page at a time (the totals count them all)
    # and charts the leading units; the .xlsx keeps every row.
    data = _campaign_data(get_campaign_or_404(campaign_id), _span(), unit_limit=UNIT_CHART_LIMIT)
    return render("dashboard/campaign.html", groups=prog.PROGRESS_GROUPS, columns=prog.PROGRESS_COLUMNS,
                  spans=YEAR_SPANS, result_source=prog.RESULT_SOURCE_TEXT,
                  progress_page=page_of(data["progress"].rows, current_app.config["PAGE_SIZE"]), **data)


@bp.route("/campaigns/<int:campaign_id>.xlsx")
def campaign_xlsx(campaign_id: int):
    """Download the dashboard's tables of a campaign as .xlsx."""
    campaign = get_campaign_or_404(campaign_id)
    data = _campaign_data(campaign, _span())
    charts = [("Hồ sơ qua từng bước", data["progress_chart"]), ("Theo danh hiệu, hình thức", data["kind_chart"]),
              ("Theo đơn vị", data["unit_chart"]), ("Theo giới tính", data["gender_chart"]),
              ("Theo dân tộc", data["ethnicity_chart"]), ("Qua các năm", data["year_chart"])]
    body = dashboard_xlsx(campaign, data["progress"], charts)
    return send_download(io.BytesIO(body), mimetype=XLSX_MIMETYPE,
                         download_name=f"Thong ke {campaign.number_symbol.replace('/', '-')}.xlsx")


def _year_and_basis() -> tuple[int, str]:
    raw = request.args.get("year", "").strip()
    if not raw:
        year = stats.default_year()
    else:
        try:
            year = int(raw)
        except ValueError:
            fail(400, "Năm thống kê không hợp lệ: hãy chọn một năm, ví dụ 2021.")
        if not FIRST_YEAR <= year <= clock.today().year + 1:
            fail(400, f"Năm thống kê phải trong khoảng {FIRST_YEAR}–{clock.today().year + 1}.")
    basis = request.args.get("basis", stats.DEFAULT_BASIS)
    return year, basis if basis in stats.BASES else stats.DEFAULT_BASIS


@bp.route("/statistics")
def statistics():
    """Show the yearly statistical report on emulation and commendation, with the source of each table."""
    year, basis = _year_and_basis()
    report = stats.compute(year, basis)
    return render("dashboard/statistics.html", report=report, years=stats.year_choices(year), bases=stats.BASES,
                  stats=stats)


@bp.route("/statistics.xlsx")
def statistics_download():
    """Download the yearly statistical report as .xlsx."""
    year, basis = _year_and_basis()
    body = statistics_xlsx(stats.compute(year, basis))
    return send_download(io.BytesIO(body), mimetype=XLSX_MIMETYPE,
                         download_name=f"Thong ke thi dua khen thuong nam {year}.xlsx")
