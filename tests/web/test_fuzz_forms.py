"""Issue 8, point 11: hostile values posted to every form never give a 500 nor an unescaped echo.

The forms are found, not listed: a user holding every role crawls the app's pages from "/" and
collects each POST form with its fields and their current values; every text field then gets the
nasty value (fixed strings, then a short hypothesis search). POST routes the crawl did not reach are
posted the union of all field names seen, at URLs built from the first row of the matching table.
Every POST endpoint of the URL map is posted to; a NUL anywhere is refused with 400 in Vietnamese.
"""
from __future__ import annotations

import datetime
import re
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua import clock, roles
from thidua.forms_support import NUL_REFUSED

MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")  # never in a body unescaped
NASTY = [
    # markup and SQL in one value: each marker is looked for in every answer
    "Nguyễn Thị Ánh Tuyết <script>alert(1)</script>\"><img src=x onerror=alert(1)>' OR 1=1 -- 😀 {{7*7}}",
    "tên\x00<script>alert(1)</script>",                          # NUL: 400, in Vietnamese
    "\x01\x02\x0b\x0c\x1b\x7f\u2028\u2029 ‮gnp.exe Ǹ̷̢ 𝔘𝔫𝔦 中文 العربية",  # controls, bidi, other scripts
    "Ứ" * 10_000,                                                # very long
    "99999999999999999999",                                      # numbers past every column
    "",
]
HYPOTHESIS = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ <>\"'&;-=/\\\x00\x1b",
            max_size=60),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY[1:4]), st.text(max_size=20)),
)
TEXT_TYPES = {"text", "search", "email", "tel", "url", "password", "number", "date", "datetime-local", "time",
              "month", "textarea", None, ""}
SKIP_PATH = re.compile(r"(\.(pdf|docx|xlsx|zip|json|csv)$)|^/files/|^/logout|^/static/")
MAX_PAGES = 400


# -- finding the forms ---------------------------------------------------------

class _Page(HTMLParser):
    """Links and POST forms of one page: each form as (action, [(name, type, value)], text names)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, list] | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for hx in ("hx-get",):
            if a.get(hx):
                self.links.append(a[hx])
        if tag == "form":
            method = (a.get("method") or "get").lower()
            action = a.get("hx-post") or a.get("action") or ""
            self._form = {"post": method == "post" or bool(a.get("hx-post")), "action": action, "fields": []}
            self.forms.append(self._form)
            if not self._form["post"] and a.get("action"):
                self.links.append(a["action"])
        elif a.get("hx-post") and tag != "form":
            self.forms.append({"post": True, "action": a["hx-post"], "fields": []})
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "image", "file", "reset"):
                if kind == "submit" and not any(f[1] == "submit" for f in self._form["fields"]):
                    self._form["fields"].append((name, "submit", a.get("value") or ""))
                return
            self._form["fields"].append((name, kind, a.get("value") or ""))
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            if not any(f[1] == "submit" for f in self._form["fields"]):
                self._form["fields"].append((name, "submit", a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._select[1].append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea[0], "textarea", self._textarea[1]))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options = self._select
            chosen = [v for v, selected in options if selected] or [v for v, _s in options if v][:1] or [""]
            self._form["fields"].append((name, "select", chosen[0]))
            self._select = None
        elif tag == "form":
            self._form = None


def crawl(client, adapter) -> tuple[dict[str, list[tuple[str, list]]], set[str]]:
    """Every POST form reachable from "/" by links: {endpoint: [(url, fields)]}, and every field name."""
    seen, keys, queue = set(), {"/"}, ["/"]
    forms: dict[str, list[tuple[str, list]]] = {}
    names: set[str] = set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or SKIP_PATH.search(path):
            continue
        seen.add(url)
        response = client.get(url, follow_redirects=True)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        url = response.request.path
        page = _Page()
        page.feed(response.get_data(as_text=True))
        for link in page.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "localhost":
                continue
            # One page per path and distinct query keys: list pages' filters and pages add nothing.
            key = parts.path + ("?" + "&".join(sorted(k for k, _v in parse_qsl(parts.query))) if parts.query else "")
            if key not in keys:
                keys.add(key)
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for form in page.forms:
            if not form["post"]:
                continue
            action = urlsplit(urljoin(url, form["action"] or url)).path
            try:
                endpoint, _args = adapter.match(action, method="POST")
            except Exception:  # noqa: BLE001 - a form posting nowhere is a bug of its own, found elsewhere
                continue
            known = forms.setdefault(endpoint, [])
            if not known:
                known.append((action, form["fields"]))
            names.update(name for name, _kind, _value in form["fields"])
    return forms, names


# -- the world -----------------------------------------------------------------

def build_world(app, make_user, make_unit):
    """Records in many states, all of one unit, and a user of that unit holding every role."""
    from tests.campaign_factories import make_registration, person_in
    from tests.decision_factories import SignOff
    from tests.factories import make_person
    with app.app_context():
        signoff = SignOff(dossiers=2)
        unit = signoff.unit
        user = make_user(*roles.ALL, unit=unit, full_name="Người Thử Mọi Quyền")
        make_person(unit=unit)
        person_in(unit, "Điểu Văn Sang")
        make_registration(signoff.campaign, unit, user)
    return user


MODELS_BY_ARG = {
    "campaign_id": "Campaign", "decision_id": "Decision", "nomination_id": "Nomination",
    "registration_id": "Registration", "person_id": "Person", "unit_id": "Unit", "user_id": "User",
    "session_id": "CouncilSession", "report_id": "Report", "notification_id": "Notification",
    "attachment_id": "Attachment", "email_id": "OutgoingEmail", "seat_id": "CouncilSeat", "rule_id": "VoteRule",
    "regime_id": "LegalRegime", "kind_id": "AwardKind", "param_id": "HistoryParameter",
}
STRING_ARGS = {"action": "submit", "component": "to_trinh", "token": "khong-co", "fmt": "pdf"}


def fallback_url(app, rule, user_id: int) -> str:
    """A URL of rule with the first row of each id's table (another user than the fuzzing one)."""
    from thidua import models
    values = {}
    for arg in rule.arguments:
        if arg in STRING_ARGS:
            values[arg] = STRING_ARGS[arg]
            continue
        model = getattr(models, MODELS_BY_ARG.get(arg, ""), None)
        query = model.select(model.id).order_by(model.id) if model is not None else None
        if query is not None and arg == "user_id":
            query = query.where(model.id != user_id)
        row = query.first() if query is not None else None
        values[arg] = row.id if row is not None else 1
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **values)


# -- checks --------------------------------------------------------------------

def check(response, sent: dict, where: str, problems: list[str]) -> None:
    body = response.get_data(as_text=True)
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
        return
    for marker in MARKERS:
        if marker in body:
            problems.append(f"{where}: unescaped {marker!r} in the {response.status_code} answer")
    signed_out = "/login" in response.headers.get("Location", "")  # after a fuzzed /logout: the gate answers first
    if any("\x00" in v for v in sent.values()) and response.status_code != 400 and not signed_out:
        problems.append(f"{where}: NUL answered {response.status_code}, not 400")
    elif any("\x00" in v for v in sent.values()) and NUL_REFUSED not in body and not signed_out:
        problems.append(f"{where}: NUL refused without the Vietnamese message")


def post_and_check(client, url: str, data: dict, where: str, problems: list[str]) -> None:
    response = client.post(url, data=data)
    check(response, data, where, problems)
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and location and not urlsplit(location).netloc \
            and not SKIP_PATH.search(urlsplit(location).path):
        check(client.get(location), {}, f"{where} → {location}", problems)


def payload(fields: list, value) -> dict:
    """The form's current values, every text field set to value (a str, or one per field)."""
    data, values = {}, iter(value) if isinstance(value, list) else None
    for name, kind, current in fields:
        if kind in TEXT_TYPES and name not in ("csrf_token", "version", "next"):
            data[name] = next(values, "") if values is not None else value
        else:
            data.setdefault(name, current)
    return data


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2021, 6, 1))


@pytest.fixture
def warm_sqlite(database_url):
    """Hold one more connection to a SQLite test database for the test's length.

    Every request opens and closes its connection; closing the last one checkpoints and removes
    the WAL, with fsyncs, which makes a thousand requests slow. A second, idle connection avoids it.
    """
    if not database_url.startswith("sqlite"):
        yield
        return
    import sqlite3
    keeper = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    keeper.execute("SELECT 1").fetchall()
    yield
    keeper.close()


def test_every_form_survives_hostile_values(app, client, sign_in, make_user, make_unit, fixed_today, warm_sqlite):
    from thidua.models import User, UserRole
    started = time.monotonic()
    user = build_world(app, make_user, make_unit)
    password_hash = User.get_by_id(user.id).password_hash

    def restore_and_sign_in():
        """Undo what a post may have done to the fuzzing user (password, roles, lock), sign in if needed."""
        User.update(active=True, password_hash=password_hash, must_change_password=False).where(
            User.id == user.id).execute()
        have = {r.role for r in UserRole.select().where(UserRole.user == user.id)}
        for role in set(roles.ALL) - have:
            UserRole.create(user=user.id, role=role)
        if not signed_in():
            sign_in(User.get_by_id(user.id))
            assert signed_in(), "the fuzzing user cannot sign in again"

    def signed_in() -> bool:
        response = client.get("/")
        return response.status_code in (200, 302, 303) and "/login" not in response.headers.get("Location", "")

    restore_and_sign_in()
    adapter = app.url_map.bind("localhost")
    forms, names = crawl(client, adapter)
    crawled = time.monotonic()
    generic = [(name, "text", "") for name in sorted(names | {"name", "title", "comment", "q", "username",
                                                              "password", "full_name", "reason", "note"})]
    problems: list[str] = []
    posted: set[str] = set()
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)
    for rule in rules:
        found = rule.endpoint in forms
        targets = forms.get(rule.endpoint) or [(fallback_url(app, rule, user.id), generic)]
        # A route the crawl did not reach gets fewer values: its fallback URL mostly answers 404.
        values, examples = (NASTY, 3) if found else (NASTY[:4], 1)
        for url, fields in targets:
            restore_and_sign_in()
            for value in values:
                post_and_check(client, url, payload(fields, value), f"{rule.endpoint} {url} {value[:30]!r}",
                               problems)
            text_fields = [f for f in fields if f[1] in TEXT_TYPES] or [("q", "text", "")]

            @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(st.lists(HYPOTHESIS, min_size=len(text_fields), max_size=len(text_fields)))
            def search(values):  # called at once below: url and fields are this iteration's
                post_and_check(client, url, payload(fields, values),  # noqa: B023
                               f"{rule.endpoint} {url} {values!r:.80}", problems)  # noqa: B023
            search()
        posted.add(rule.endpoint)
        restore_and_sign_in()
    # Each form the crawl found again, as htmx sends it: the fragment answers are checked too.
    for endpoint, targets in forms.items():
        url, fields = targets[0]
        restore_and_sign_in()
        for value in NASTY[:1]:
            response = client.post(url, data=payload(fields, value), headers={"HX-Request": "true"})
            check(response, payload(fields, value), f"{endpoint} {url} (htmx) {value!r}", problems)
    finished = time.monotonic()
    print(f"\nfuzz: {len(rules)} POST routes, {len(forms)} found as forms by the crawl, "
          f"world+crawl {crawled - started:.1f}s, posts {finished - crawled:.1f}s, {len(problems)} problems")
    assert posted == {r.endpoint for r in rules}
    assert problems == [], "\n".join(problems[:40])
    assert len(forms) >= 25, sorted(forms)  # the crawl reaches the forms, not only the fallbacks


def test_nul_in_a_query_or_a_form_is_400_in_vietnamese(app, client, sign_in, make_user):
    sign_in(make_user(roles.OFFICE))
    for response in (client.get("/search?q=a%00b"), client.post("/login", data={"username": "a\x00"}),
                     client.post("/notifications/read-all", data={"x": "\x00"})):
        assert response.status_code == 400 and NUL_REFUSED in response.get_data(as_text=True)
