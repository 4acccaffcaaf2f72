"""Every main page makes a bounded number of queries: the same number for a small Committee as for one with two and
a half times the units, five times the people, dossiers and history, three times the council seats — and no more
than its budget.

Both databases are filled by the benchmark's generator (bench/generate.py) with multi-row inserts, at two small
scales, so the test takes seconds; queries are counted through Peewee's query hooks.
"""
from __future__ import annotations

import shutil

from bench.generate import BENCH_PASSWORD, Scale, fill
from bench.pages import counted_queries

SMALL = Scale(units=8, people=40, users=14, award_rows=120, dossiers=40, years=2, audit_rows=60, council_members=3)
LARGE = Scale(units=20, people=200, users=40, award_rows=600, dossiers=200, years=2, audit_rows=300,
              council_members=9)
BUDGET = 15
# Pages that honestly need more, each with the reason.
OWN_BUDGET = {
    # A CSTĐ cơ sở dossier: the legal checks read the person's awards, initiatives, ratings and disciplines, the
    # year's proposals and the unit's staff for the cap, besides the dossier, its files, comments and history.
    "dossier page": 20,
    # Opening a person's record is logged (personal data): the audit chain's append is six statements.
    "person history": 18,
}


def _fresh_url(backend, tmp_path, name: str) -> str:
    kind, where = backend
    if kind == "sqlite":
        path = tmp_path / f"{name}.sqlite3"
        shutil.copy(where, path)
        return f"sqlite:///{path}"
    from tests.conftest import _postgres_tables, _restore_seed_rows
    from thidua.db import open_database
    url, seeds = where
    database = open_database(url)
    with database.connection_context(), database.atomic():
        tables = ", ".join(f'"{t}"' for t in _postgres_tables(database))
        database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        _restore_seed_rows(database, seeds)
    return url


def _pages() -> list[tuple[str, str, str]]:
    """(name, bench account, path) of every main page, on the records of the generated data."""
    from peewee import fn

    from thidua.models import AwardKind, AwardRecord, Campaign, CouncilSession, Decision, Nomination, User
    campaign = Campaign.select().where(Campaign.status == "published", Campaign.kind == "annual").get()
    # Records of the same shape at both sizes: a dossier waiting for the office, a person awarded in the app.
    dossier = (Nomination.select().join(AwardKind)
               .where(Nomination.campaign == campaign, Nomination.status == "submitted", AwardKind.code == "CSTDCS")
               .order_by(Nomination.id).first())
    person = (AwardRecord.select(AwardRecord.person).where(AwardRecord.source == "decision",
                                                           AwardRecord.person.is_null(False))
              .group_by(AwardRecord.person).order_by(fn.COUNT(AwardRecord.id).desc(), AwardRecord.person).get())
    closed = CouncilSession.select().where(CouncilSession.status == "closed").order_by(CouncilSession.id).first()
    voting = CouncilSession.get(CouncilSession.status == "voting")
    decision = Decision.select().order_by(Decision.id).first()
    staff_unit = User.get(User.username == "bench.staff").unit_id
    return [
        ("inbox, office", "bench.office", "/inbox"),
        ("inbox, unit staff", "bench.staff", "/inbox"),
        ("inbox, leader", "bench.leader", "/inbox"),
        ("campaign dashboard", "bench.office", f"/dashboard/campaigns/{campaign.id}"),
        ("campaigns", "bench.office", "/campaigns"),
        ("campaign page", "bench.office", f"/campaigns/{campaign.id}"),
        ("compiled list", "bench.office", f"/campaigns/{campaign.id}/compile"),
        ("compiled .xlsx", "bench.office", f"/campaigns/{campaign.id}/compile.xlsx"),
        ("dossier list, first page", "bench.office", "/nominations?status=all"),
        ("dossier list, last page", "bench.office", "/nominations?status=all&page=999999"),
        ("dossier list, unit", "bench.staff", "/nominations"),
        ("dossier page", "bench.office", f"/nominations/{dossier.id}"),
        ("person history", "bench.office", f"/history/people/{person.person_id}"),
        ("unit history", "bench.office", f"/history/units/{staff_unit}"),
        ("award-history export", "bench.office", "/history/export.xlsx"),
        ("search", "bench.office", "/search?q=nguyen"),
        ("council tally", "bench.leader", f"/council/sessions/{closed.id}"),
        ("ballot", "bench.member01", f"/council/sessions/{voting.id}/ballot"),
        ("decisions", "bench.leader", "/decisions"),
        ("decision page", "bench.leader", f"/decisions/{decision.id}"),
        ("people", "bench.office", "/people/"),
        ("units", "bench.office", "/units"),
        ("notifications", "bench.office", "/notifications"),
    ]


def _queries_per_page(backend, tmp_path, scale: Scale, name: str) -> dict[str, int]:
    from tests.conftest import TEST_CONFIG
    from thidua import create_app
    from thidua.db import db
    app = create_app({**TEST_CONFIG, "DATABASE_URL": _fresh_url(backend, tmp_path, name)})
    with app.app_context():
        db.connect(reuse_if_open=True)
        fill(app, scale)
        pages = _pages()
        db.close()
    clients, counts = {}, {}
    for page, username, path in pages:
        if username not in clients:
            clients[username] = app.test_client()
            clients[username].post("/login", data={"username": username, "password": BENCH_PASSWORD})
        client = clients[username]
        client.get(path)  # once to warm what is cached per process (the catalogue, compiled templates)
        with counted_queries(db.obj) as calls:
            response = client.get(path)
        assert response.status_code == 200, (page, path, response.status_code)
        counts[page] = len(calls)
    return counts


def test_no_main_page_makes_more_queries_with_more_data_or_more_than_its_budget(backend, tmp_path):
    small = _queries_per_page(backend, tmp_path, SMALL, "small")
    large = _queries_per_page(backend, tmp_path, LARGE, "large")

    grows = {page: (small[page], large[page]) for page in small if large[page] > small[page]}
    assert not grows, f"queries grow with the data (small, large): {grows}"
    over = {page: n for page, n in large.items() if n > OWN_BUDGET.get(page, BUDGET)}
    assert not over, f"over the budget of {BUDGET} queries: {over}"
