"""The pages the benchmark drives, who opens each, and how to count a page's queries in process.

The records a page shows are picked from the generated data by query (the busiest person, the last page of the
dossier list…), so the same list works at every scale and on both backends.
"""
from __future__ import annotations

import math
import time
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    name: str        # the row of the results table
    user: str | None  # the bench account that opens it (None: signed out)
    path: str


@contextmanager
def counted_queries(database):
    """Collect the SQL of every query the database runs meanwhile, through Peewee's query hooks."""
    calls: list[str] = []

    def hook(event):
        calls.append(event.sql)
    database.query_hooks.append(hook)
    try:
        yield calls
    finally:
        database.query_hooks.remove(hook)


def pick_pages(page_size: int) -> list[PageSpec]:
    """The benchmark's pages, with the ids of real records of the generated database."""
    from peewee import fn

    from thidua.models import AwardRecord, Campaign, CouncilSession, Decision, DecisionLine, Nomination
    campaign = Campaign.select().where(Campaign.status == "published", Campaign.kind == "annual").get()
    dossiers = Nomination.select().count()
    last_page = max(1, math.ceil(dossiers / page_size))
    dossier = (Nomination.select().where(Nomination.campaign == campaign, Nomination.status == "submitted")
               .order_by(Nomination.id).first())
    busiest = (AwardRecord.select(AwardRecord.person, fn.COUNT(AwardRecord.id).alias("n"))
               .where(AwardRecord.person.is_null(False)).group_by(AwardRecord.person)
               .order_by(fn.COUNT(AwardRecord.id).desc(), AwardRecord.person).limit(1).get())
    tally = CouncilSession.select().where(CouncilSession.status == "closed").order_by(CouncilSession.id.desc()).get()
    # A decision of typical length (the median of the signed ones), not the longest.
    sizes = sorted(DecisionLine.select(DecisionLine.decision, fn.COUNT(DecisionLine.id)).join(Decision)
                   .where(Decision.status == "signed").group_by(DecisionLine.decision).tuples(), key=lambda r: r[1])
    decision = sizes[len(sizes) // 2][0]
    return [
        PageSpec("Trang đăng nhập (sign-in)", None, "/login"),
        PageSpec("Việc cần xử lý (inbox)", "bench.office", "/inbox"),
        PageSpec("Bảng theo dõi phong trào (campaign dashboard)", "bench.office",
                 f"/dashboard/campaigns/{campaign.id}"),
        PageSpec("Danh sách hồ sơ, trang đầu (dossier list, first)", "bench.office", "/nominations?status=all"),
        PageSpec("Danh sách hồ sơ, trang cuối (dossier list, last)", "bench.office",
                 f"/nominations?status=all&page={last_page}"),
        PageSpec("Hồ sơ đề nghị (dossier page)", "bench.office", f"/nominations/{dossier.id}"),
        PageSpec("Lịch sử khen thưởng một người (person page)", "bench.office",
                 f"/history/people/{busiest.person_id}"),
        PageSpec("Tìm kiếm (search)", "bench.office", "/search?q=nguyen+van+hung"),
        PageSpec("Kết quả kiểm phiếu (council tally page)", "bench.leader", f"/council/sessions/{tally.id}"),
        PageSpec("Bảng tổng hợp .xlsx (compiled export)", "bench.office", f"/campaigns/{campaign.id}/compile.xlsx"),
        PageSpec("Quyết định .pdf (decision PDF)", "bench.leader", f"/decisions/{decision}/document.pdf"),
    ]


CEILING = PageSpec("Trần của hệ thống: /health (ceiling)", None, "/health")


def profile(app, pages: list[PageSpec], password: str, repeat: int = 3) -> dict[str, dict]:
    """Open each page in process with Flask's test client: queries, bytes and the best of `repeat` times."""
    from thidua.db import db
    clients = {}
    out = {}
    for spec in pages:
        client = clients.get(spec.user)
        if client is None:
            client = clients[spec.user] = app.test_client()
            if spec.user:
                client.post("/login", data={"username": spec.user, "password": password})
        best = math.inf
        for _ in range(repeat):
            with counted_queries(db.obj) as calls:
                started = time.perf_counter()
                response = client.get(spec.path)
                body = response.get_data()
                best = min(best, time.perf_counter() - started)
        out[spec.name] = {"status": response.status_code, "queries": len(calls), "bytes": len(body),
                          "ms": round(best * 1000, 1), "sql": calls}
    return out
