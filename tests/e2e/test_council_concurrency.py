"""The secret ballot under load: threads hit the live server (CSRF on, demo data) at the same moment, through the
real forms, as browsers would. Whatever the interleaving, no vote is lost and none is counted twice, and every
refusal is a clear Vietnamese message, never a 500.

No browser here: each "browser" is a urllib opener with its own cookie jar, signed in through /login.
"""
from __future__ import annotations

import datetime
import html
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pytest

from thidua import demo, roles
from thidua.council import sessions
from thidua.council.sessions import CLOSED_MESSAGE
from thidua.models import (BallotReceipt, CouncilMember, CouncilSession, LineResult, Nomination, Unit, User,
                           VoteCount)
from tests.campaign_factories import make_campaign, person_in
from tests.council_factories import MEETING, verified
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.e2e

SENT = "Đã gửi phiếu bầu."
ALREADY = "đã được ghi nhận trước đó"
DEMO_MEMBERS = ("hoidong", "hoidong2", "hoidong3")  # the demo council: truongban chairs it, these three sit on it
TIMEOUT = 30


# A browser without a browser -------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int            # of the last response, after any redirect
    url: str
    text: str              # the page as plain text
    redirects: list[int] = field(default_factory=list)


def _plain(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split()).replace(" /", "/")


class Browser:
    """One user's cookies; every request follows redirects and remembers the redirect codes it saw."""

    def __init__(self, base: str, jar: http.cookiejar.CookieJar | None = None):
        self.base = base
        self.jar = jar or http.cookiejar.CookieJar()
        self.csrf = ""

    def tab(self) -> "Browser":
        """Another tab (or a second click) of the same signed-in browser, with a copy of its cookies, so that
        each request reads its own flash message."""
        jar = http.cookiejar.CookieJar()
        for cookie in self.jar:
            jar.set_cookie(cookie)
        other = Browser(self.base, jar)
        other.csrf = self.csrf
        return other

    def request(self, path: str, data: dict | None = None) -> Answer:
        seen: list[int] = []

        class Redirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                seen.append(code)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), Redirects())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(self.base + path, data=body, timeout=TIMEOUT) as response:
                raw = response.read().decode()
                status, url = response.status, response.url
        except urllib.error.HTTPError as error:
            raw = error.read().decode(errors="replace")
            status, url = error.code, error.url
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', raw)
        if found:
            self.csrf = found.group(1)
        return Answer(status, url, _plain(raw), seen)

    def get(self, path: str) -> Answer:
        return self.request(path)

    def post(self, path: str, **fields) -> Answer:
        return self.request(path, {"csrf_token": self.csrf, **fields})


def signed_in(base: str, username: str, password: str = demo.DEMO_PASSWORD) -> Browser:
    browser = Browser(base)
    browser.get("/login")
    answer = browser.post("/login", username=username, password=password)
    assert answer.status == 200 and answer.url.endswith("/inbox"), f"{username} could not sign in: {answer.text}"
    return browser


def in_threads(*jobs) -> list:
    """Run the jobs from their own threads, released together by a barrier; return their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index, job):
        try:
            barrier.wait(timeout=TIMEOUT)
            results[index] = job()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a request hung"
    assert not errors, errors
    return results


# The meeting --------------------------------------------------------------------------------------------------

class Council:
    """A published plan with verified dossiers of Tân Phú, and the demo council plus extra members."""

    def __init__(self, app, base: str, extra_members: int = 0):
        self.app, self.base = app, base
        with app.app_context():
            self.unit = Unit.get(Unit.code == "PDT-TP")
            self.office = User.get(User.username == "vanphong")
            self.campaign = make_campaign(self.office, units=[self.unit])
            self.extra = []
            for n in range(extra_members):
                user = make_user(roles.COUNCIL_MEMBER, full_name=f"Phạm Thị Ủy Viên {n + 1}")
                CouncilMember.create(user=user, role="member", served_from=datetime.date(2021, 1, 1))
                self.extra.append(user.username)
        self.chair = signed_in(base, "truongban")
        # The chair votes too, from another tab than the one they run the session in.
        self.voters = {"truongban": self.chair.tab()}
        self.voters.update({name: signed_in(base, name) for name in DEMO_MEMBERS})
        self.voters.update({name: signed_in(base, name, DEFAULT_PASSWORD) for name in self.extra})

    def new_session(self, title: str) -> "Vote":
        """Two fresh verified dossiers and a session in draft whose agenda holds them."""
        with self.app.app_context():
            for _ in range(2):
                verified(self.campaign, self.unit, self.office, person=person_in(self.unit))
            session = sessions.create(self.campaign, {"title": title, "meets_at": MEETING,
                                                      "place": "Phòng họp Ban Dân tộc"}, self.office)
        return Vote(self, session.id)


class Vote:
    def __init__(self, council: Council, session_id: int):
        self.council, self.id = council, session_id
        self.items = [i.id for i in sessions.items_of(self.session())]
        assert len(self.items) == 2

    def session(self) -> CouncilSession:
        return CouncilSession.get_by_id(self.id)

    def act(self, action: str, browser: Browser | None = None) -> Answer:
        answer = (browser or self.council.chair).post(f"/council/sessions/{self.id}/actions/{action}")
        return answer

    def open(self, absent: tuple[str, ...] = ()) -> None:
        """The chair opens attendance, marks everyone but `absent` present (htmx-less form posts) and opens
        voting; every voter then draws their ballot (which also gives them a fresh CSRF token)."""
        chair = self.council.chair
        assert self.act("open_attendance").status == 200
        for row in sessions.attendance_of(self.session()):
            if row.seat.user.username not in absent:
                answer = chair.post(f"/council/sessions/{self.id}/attendance/{row.id}", present="1")
                assert answer.status == 200 and answer.redirects == [303], answer.text
        answer = self.act("open_voting")
        assert answer.status == 200 and "Phiên họp: đang bỏ phiếu." in answer.text, answer.text
        for name, browser in self.council.voters.items():
            if name not in absent:
                sheet = browser.get(f"/council/sessions/{self.id}/ballot")
                assert sheet.status == 200 and "Gửi phiếu (chỉ gửi một lần)" in sheet.text, sheet.text

    def ballot(self, browser: Browser, choices: tuple[bool, bool], round_: int = 1) -> Answer:
        lines = {f"line-{item}": "yes" if yes else "no" for item, yes in zip(self.items, choices)}
        return browser.post(f"/council/sessions/{self.id}/ballot", round=str(round_), **lines)

    def receipts(self) -> int:
        return BallotReceipt.select().where(BallotReceipt.session == self.id).count()

    def running_totals(self) -> list[tuple[int, int]]:
        """(yes, no) per line, summed over the channels, as the running totals hold them."""
        totals = []
        for item in self.items:
            rows = list(VoteCount.select().where(VoteCount.item == item, VoteCount.round == 1))
            totals.append((sum(r.yes for r in rows), sum(r.no for r in rows)))
        return totals

    def results(self) -> list[tuple[int, int]]:
        return [(r.yes, r.no) for r in (LineResult.get(LineResult.item == item, LineResult.round == 1)
                                        for item in self.items)]


def expected_totals(choices: list[tuple[bool, bool]]) -> list[tuple[int, int]]:
    return [(sum(c[line] for c in choices), sum(not c[line] for c in choices)) for line in range(2)]


def assert_sent(answer: Answer, who: str) -> None:
    assert answer.status == 200 and answer.redirects == [303] and SENT in answer.text, \
        f"{who}: {answer.status} {answer.redirects} {answer.text[:400]}"


# The tests ----------------------------------------------------------------------------------------------------

def test_seven_voters_submitting_at_the_same_moment_are_each_counted_once(app, live_server):
    council = Council(app, live_server, extra_members=3)
    vote = council.new_session("Xét khen thưởng năm 2021 — bỏ phiếu đồng thời")
    vote.open()
    names = list(council.voters)
    assert len(names) == 7
    # Each voter's own pattern, so that a vote counted twice or on the wrong line would show.
    choices = [(n % 3 != 0, n % 2 == 0) for n in range(len(names))]

    answers = in_threads(*(lambda b=council.voters[name], c=c: vote.ballot(b, c)
                           for name, c in zip(names, choices)))

    for name, answer in zip(names, answers):
        assert_sent(answer, name)
    assert vote.receipts() == 7
    assert vote.running_totals() == expected_totals(choices)
    progress = council.chair.get(f"/council/sessions/{vote.id}/progress")
    assert "Đã gửi phiếu: 7/7 thành viên có mặt" in progress.text

    answer = vote.act("close")
    assert answer.status == 200 and "Phiên họp: đã kết thúc bỏ phiếu." in answer.text, answer.text
    assert vote.results() == expected_totals(choices)
    assert vote.receipts() == 7


def test_one_member_submitting_from_five_tabs_at_once_is_counted_once(app, live_server):
    council = Council(app, live_server)
    vote = council.new_session("Xét khen thưởng năm 2021 — bấm gửi nhiều lần")
    vote.open()
    member = council.voters["hoidong"]
    assert vote.running_totals() == [(0, 0), (0, 0)]

    # Each lambda binds its own browser tab, opened here, not in the thread.
    answers = in_threads(*(lambda t=member.tab(): vote.ballot(t, (True, False)) for _ in range(5)))  # noqa: B008

    statuses = [(a.status, a.redirects) for a in answers]
    print(f"\nfive submissions of one ballot: {statuses}")
    assert all(a.status != 500 for a in answers), statuses
    sent = [a for a in answers if SENT in a.text]
    assert len(sent) == 1, statuses
    assert_sent(sent[0], "the counted submission")
    for answer in answers:
        if answer is sent[0]:
            continue
        # A second submission lands on the session page saying it was already counted (or, at worst, is a
        # clear 409) — never a second count, never an error page of the server.
        if answer.status == 409:
            assert "đã gửi phiếu trong vòng bỏ phiếu này" in answer.text, answer.text
        else:
            assert answer.status == 200 and answer.redirects == [303] and ALREADY in answer.text, answer.text
    assert vote.receipts() == 1
    assert vote.running_totals() == [(1, 0), (0, 1)]

    # Later, a reload of the form and one more press: still one vote.
    again = vote.ballot(member.tab(), (False, True))
    assert again.status == 200 and ALREADY in again.text
    assert vote.running_totals() == [(1, 0), (0, 1)]
    sheet = member.get(f"/council/sessions/{vote.id}/ballot")
    assert "Bạn đã gửi phiếu vòng 1." in sheet.text

    assert vote.act("close").status == 200
    assert vote.results() == [(1, 0), (0, 1)]


@pytest.mark.parametrize("delays", [(0.0, 0.0), (0.02, 0.0), (0.05, 0.15)],
                         ids=["all-at-once", "close-a-little-later", "close-amid-ballots"])
def test_closing_while_members_submit_never_loses_an_accepted_ballot(app, live_server, delays):
    """Each ballot is either in the result or refused with the closing message; the mix depends on timing."""
    close_delay, ballot_delay = delays
    council = Council(app, live_server, extra_members=2)
    vote = council.new_session("Xét khen thưởng năm 2021 — kết thúc khi đang bỏ phiếu")
    vote.open()
    names = list(council.voters)
    choices = [(n % 2 == 0, n % 3 == 0) for n in range(len(names))]
    closing_tab = council.chair.tab()

    def close():
        time.sleep(close_delay)
        return vote.act("close", closing_tab)

    def submit(browser, c, n):
        time.sleep(ballot_delay * n / len(names))  # spread the ballots over the window
        return vote.ballot(browser, c)

    *answers, closed = in_threads(*(lambda b=council.voters[name], c=c, n=n: submit(b, c, n)
                                    for n, (name, c) in enumerate(zip(names, choices))), close)

    assert closed.status == 200 and "Phiên họp: đã kết thúc bỏ phiếu." in closed.text, closed.text
    accepted = []
    for name, c, answer in zip(names, choices, answers):
        if answer.status == 409:
            assert CLOSED_MESSAGE in answer.text, f"{name}: {answer.text}"
        else:
            assert_sent(answer, name)
            accepted.append(c)
    print(f"\n{len(accepted)} of {len(names)} ballots arrived before the close ({delays})")
    assert vote.receipts() == len(accepted)
    assert vote.results() == expected_totals(accepted)
    assert vote.running_totals() == expected_totals(accepted)
    assert vote.session().status == "closed"
    # The dossiers moved on with the frozen result.
    statuses = {n.status for n in Nomination.select().where(Nomination.id.in_(
        [i.nomination_id for i in sessions.items_of(vote.session())]))}
    assert statuses <= {"passed", "not_passed"}


def test_refusals_are_clear_and_change_nothing(app, live_server):
    council = Council(app, live_server)
    with app.app_context():
        outsider = make_user(roles.COUNCIL_MEMBER, full_name="Võ Văn Ngoài Hội Đồng")  # the role, but no seat
    stranger = signed_in(live_server, outsider.username, DEFAULT_PASSWORD)
    unit_head = signed_in(live_server, "tanphu.tp")
    vote = council.new_session("Xét khen thưởng năm 2021 — phiếu không hợp lệ")
    vote.open(absent=("hoidong3",))
    absent = council.voters["hoidong3"]
    absent.get(f"/council/sessions/{vote.id}")  # a CSRF token of their own

    # A member marked absent: refused, with what to do.
    answer = vote.ballot(absent, (True, True))
    assert answer.status == 403 and "Bạn không có tên trong danh sách có mặt" in answer.text, answer.text
    assert absent.get(f"/council/sessions/{vote.id}/ballot").status == 403

    # Someone with the council member role but no seat on this council, and someone outside the council.
    stranger.get("/inbox")
    answer = vote.ballot(stranger, (True, True))
    assert answer.status == 403 and "Không có quyền truy cập" in answer.text, answer.text
    assert "Bạn không phải thành viên Hội đồng của phiên họp này." in answer.text
    answer = vote.ballot(unit_head, (True, True))
    assert answer.status == 403 and "Không có quyền truy cập" in answer.text

    # A sheet with a line left blank, or a choice that is neither yes nor no: the sheet comes back, nothing counted.
    member = council.voters["hoidong"]
    answer = member.post(f"/council/sessions/{vote.id}/ballot", round="1", **{f"line-{vote.items[0]}": "yes"})
    assert answer.status == 422 and "Còn 1 dòng chưa chọn" in answer.text, answer.text
    answer = member.post(f"/council/sessions/{vote.id}/ballot", round="1",
                         **{f"line-{vote.items[0]}": "yes", f"line-{vote.items[1]}": "có lẽ"})
    assert answer.status == 422 and "Còn 1 dòng chưa chọn" in answer.text, answer.text
    # A sheet drawn for another round.
    answer = vote.ballot(member, (True, True), round_=2)
    assert answer.status == 409 and "Vòng bỏ phiếu này đã kết thúc" in answer.text, answer.text
    # A request without the form's token.
    answer = member.request(f"/council/sessions/{vote.id}/ballot",
                            {"round": "1", f"line-{vote.items[0]}": "yes", f"line-{vote.items[1]}": "yes"})
    assert answer.status == 400 and "Vui lòng tải lại trang" in answer.text, answer.text
    assert vote.receipts() == 0 and vote.running_totals() == [(0, 0), (0, 0)]

    # The member can still vote properly after all that.
    assert_sent(vote.ballot(member, (True, False)), "hoidong")
    assert vote.act("close").status == 200

    # A submission after the close (a sheet left open in a tab).
    late = vote.ballot(council.voters["hoidong2"], (True, True))
    assert late.status == 409 and CLOSED_MESSAGE in late.text, late.text
    assert vote.receipts() == 1
    assert vote.results() == [(1, 0), (0, 1)] == vote.running_totals()
