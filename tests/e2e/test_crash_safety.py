"""Issue 8, point 8: the server process is killed (SIGKILL) in the middle of a load of transitions and uploads.

The app runs as it does in production, a separate gunicorn process (one worker, several threads) on a database
prepared with the migrations and a set of records to move (a SQLite file, then the PostgreSQL test database when
TEST_DATABASE_URL is set), attachments stored under an instance folder of its own.
Unit heads upload files to their reports, send the reports and submit their registrations while office users
accept whatever has arrived, all from threads over HTTP with real sign-in and CSRF. Mid-load the whole process
group is SIGKILLed: no request gets to finish, no handler to clean up. The server is started again on the same
files, and then:

- every record's state is the state_after of its last transition in the audit log (draft, and no transition,
  for one never moved), and each transition starts where the one before it ended: no audit row claims a state its
  record does not have, and no state change lacks its row;
- every attachment row's file is in storage; a file written by an upload whose commit the kill prevented has no
  row: `flask --app app check-files` lists exactly those, `--delete-orphans` removes them, and a second check is
  clean.

On PostgreSQL the killed worker's connections drop and the server rolls back what they had not committed; the
test shows that the app's own boundaries hold there too (a state change and its audit row commit together, a
file's row only after its file is whole).
"""
from __future__ import annotations

import datetime
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.attachment_samples import pdf_bytes
from tests.e2e.test_council_concurrency import Answer, Browser, _plain, signed_in
from tests.factories import DEFAULT_PASSWORD
from tests.notification_support import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
UNITS = 10
CAMPAIGNS = 4
OFFICE_USERS = 3
KILL_AFTER_SUCCESSES = 40   # transitions and uploads answered 303 before the kill
KILL_AT_THE_LATEST = 6.0    # seconds of load


class Uploader(Browser):
    """A Browser that can also send a file (multipart/form-data)."""

    def upload(self, path: str, filename: str, data: bytes) -> Answer:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{self.csrf}\r\n'.encode(),
                 (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                  f"Content-Type: application/pdf\r\n\r\n").encode() + data + b"\r\n",
                 f"--{boundary}--\r\n".encode()]
        seen: list[int] = []

        class Redirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                seen.append(code)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), Redirects())
        request = urllib.request.Request(self.base + path, data=b"".join(parts),
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with opener.open(request, timeout=30) as response:
                raw, status, url = response.read().decode(), response.status, response.url
        except urllib.error.HTTPError as error:
            raw, status, url = error.read().decode(errors="replace"), error.code, error.url
        return Answer(status, url, _plain(raw), seen)


def _sign_in(base: str, username: str) -> Uploader:
    plain = signed_in(base, username, DEFAULT_PASSWORD)
    browser = Uploader(base, plain.jar)
    browser.csrf = plain.csrf
    return browser


# The instance: a database, an upload folder, a server process ------------------------------------------------

class Instance:
    def __init__(self, tmp: Path, database_url: str):
        self.tmp = tmp
        self.uploads = tmp / "uploads"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ,
                    "DATABASE_URL": database_url,
                    "INSTANCE_PATH": str(tmp / "instance"),
                    "UPLOAD_FOLDER": str(self.uploads),
                    "SECRET_KEY": uuid.uuid4().hex * 2,
                    "LOAD_DEMO_DATA": "0",
                    "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "64",
                    "LOGIN_RATE_LIMIT": "10000 per minute",
                    "HUEY_SQLITE_PATH": str(tmp / "huey.sqlite3")}
        self.process: subprocess.Popen | None = None
        self.log = open(tmp / "server.log", "ab")

    def start(self) -> None:
        # A session of its own, so that the kill takes the master and its worker at once.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "8", "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "1", "app:app"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.tmp / "server.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(self.base + "/login", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        pytest.fail("the server did not start: " + (self.tmp / "server.log").read_text()[-3000:])

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=60)


def _prepare(instance: Instance) -> dict:
    """Make units (each with a head), office users, plans, draft registrations and reports."""
    from thidua import create_app, roles
    from thidua.db import db, is_sqlite
    from thidua.models import Report
    from tests.campaign_factories import make_campaign, make_registration, person_in
    from tests.conftest import TEST_CONFIG
    from tests.factories import make_unit, make_user

    app = create_app({**TEST_CONFIG, "DATABASE_URL": instance.env["DATABASE_URL"],
                      "UPLOAD_FOLDER": str(instance.uploads)})
    with app.app_context(), db.connection_context():
        office = [make_user(roles.OFFICE).username for _ in range(OFFICE_USERS)]
        author = make_user(roles.OFFICE)
        units = [make_unit() for _ in range(UNITS)]
        heads = {unit.id: make_user(roles.UNIT_HEAD, unit=unit).username for unit in units}
        far = {"registration_deadline": datetime.date(2099, 2, 15), "nomination_deadline": datetime.date(2099, 11, 30)}
        campaigns = [make_campaign(author, units=units, **far) for _ in range(CAMPAIGNS)]
        work = {unit.id: [] for unit in units}
        for campaign in campaigns:
            for unit in units:
                registration = make_registration(campaign, unit, author,
                                                 lines=[("individual", person_in(unit), "LDTT")])
                report = Report.create(campaign=campaign, unit=unit, kind="annual", period="Năm 2021",
                                       created_by=author)
                work[unit.id].append((registration.id, report.id))
        if is_sqlite():
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"office": office, "heads": heads, "work": work}


# The load ------------------------------------------------------------------------------------------------------

class Load:
    def __init__(self, instance: Instance, plan: dict):
        self.instance, self.plan = instance, plan
        self.successes = 0
        self.lock = threading.Lock()
        self.enough = threading.Event()
        self.unexpected: list[str] = []

    def _count(self, answer: Answer, what: str) -> None:
        if answer.redirects == [303] and answer.status == 200:
            with self.lock:
                self.successes += 1
                if self.successes >= KILL_AFTER_SUCCESSES:
                    self.enough.set()
        elif answer.status not in (409,) and answer.status < 500:
            with self.lock:
                self.unexpected.append(f"{what}: {answer.status} {answer.text[:200]}")
        elif answer.status >= 500:
            with self.lock:
                self.unexpected.append(f"{what}: {answer.status}")

    def head(self, unit_id: int, browser: Uploader) -> None:
        for registration_id, report_id in self.plan["work"][unit_id]:
            browser.get(f"/reports/{report_id}")
            for n in range(2):
                self._count(browser.upload(f"/reports/{report_id}/files", f"bao-cao-{report_id}-{n}.pdf",
                                           pdf_bytes(f"Bao cao {report_id} {n}")), "upload")
            self._count(browser.post(f"/reports/{report_id}/actions/submit"), "submit report")
            browser.get(f"/registrations/{registration_id}")
            self._count(browser.post(f"/registrations/{registration_id}/actions/submit"), "submit registration")

    def office(self, browser: Uploader) -> None:
        pending = [pair for pairs in self.plan["work"].values() for pair in pairs]
        while pending:
            registration_id, report_id = pending.pop(0)
            answers = [browser.post(f"/registrations/{registration_id}/actions/accept"),
                       browser.post(f"/reports/{report_id}/actions/accept")]
            for answer in answers:
                self._count(answer, "accept")
            if any(a.status == 409 for a in answers):
                pending.append((registration_id, report_id))  # not sent yet: come back to it
                time.sleep(0.01)

    def run(self) -> tuple[int, float]:
        """Run the load until KILL_AFTER_SUCCESSES or KILL_AT_THE_LATEST, kill the server, return (successes, s)."""
        heads = {unit_id: _sign_in(self.instance.base, name) for unit_id, name in self.plan["heads"].items()}
        office = [_sign_in(self.instance.base, name) for name in self.plan["office"]]
        for browser in office:
            browser.get("/inbox")

        def guarded(job):
            def run():
                try:
                    job()
                except (urllib.error.URLError, http.client.HTTPException, OSError):
                    pass  # the server is gone: this thread's work ends here
            return run

        threads = [threading.Thread(target=guarded(lambda u=u, b=b: self.head(u, b))) for u, b in heads.items()]
        threads += [threading.Thread(target=guarded(lambda b=b: self.office(b))) for b in office]
        started = time.monotonic()
        for t in threads:
            t.start()
        self.enough.wait(KILL_AT_THE_LATEST)
        self.instance.kill()
        elapsed = time.monotonic() - started
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads), "a client thread hung after the kill"
        return self.successes, elapsed


# The checks ----------------------------------------------------------------------------------------------------

def _states_agree_with_the_audit_log(instance: Instance) -> dict:
    from thidua import flows
    from thidua.db import db, open_database
    from thidua.models import AuditLog, Registration, Report

    open_database(instance.env["DATABASE_URL"])
    counts = {"moved": 0, "still": 0, "transitions": 0}
    with db.connection_context():
        for machine, model in ((flows.REGISTRATION, Registration), (flows.REPORT, Report)):
            actions = [t.action for t in machine.transitions]
            for record in model.select():
                rows = list(AuditLog.select().where(AuditLog.object_type == machine.object_type,
                                                    AuditLog.object_id == record.id, AuditLog.action.in_(actions))
                            .order_by(AuditLog.id))
                if not rows:
                    assert record.status == "draft", f"{machine.object_type} #{record.id} moved without a trace"
                    counts["still"] += 1
                    continue
                counts["moved"] += 1
                counts["transitions"] += len(rows)
                assert rows[0].state_before == "draft"
                for earlier, later in zip(rows, rows[1:]):
                    assert later.state_before == earlier.state_after, f"{machine.object_type} #{record.id}"
                assert rows[-1].state_after == record.status, (
                    f"{machine.object_type} #{record.id} is {record.status!r}, its last audit row says "
                    f"{rows[-1].state_after!r}")
    db.close()
    return counts


def _files_on_disk(instance: Instance) -> set[str]:
    root = instance.uploads / "files"
    return {f"{p.parent.name}/{p.name}" for p in root.glob("*/*")} if root.exists() else set()


def _attachment_names(instance: Instance) -> set[str]:
    from thidua.db import db, open_database
    from thidua.models import Attachment

    open_database(instance.env["DATABASE_URL"])
    with db.connection_context():
        names = {f"{a.stored_name[:2]}/{a.stored_name}" for a in Attachment.select()}
    db.close()
    return names


def test_a_server_killed_mid_load_restarts_with_states_audit_and_files_in_agreement(backend, tmp_path):
    from tests.conftest import empty_database_url
    started = time.monotonic()
    instance = Instance(tmp_path, empty_database_url(backend, tmp_path))
    plan = _prepare(instance)
    try:
        instance.start()
        load = Load(instance, plan)
        successes, load_seconds = load.run()
        assert not load.unexpected, load.unexpected[:10]
        assert successes >= 10, f"only {successes} changes went through before the kill: the load did not run"

        instance.start()  # the same files, after the crash
        # The restarted server serves, and changes records as before.
        browser = _sign_in(instance.base, plan["heads"][next(iter(plan["heads"]))])
        assert browser.get("/inbox").status == 200
    finally:
        instance.stop()

    counts = _states_agree_with_the_audit_log(instance)
    rows, files = _attachment_names(instance), _files_on_disk(instance)
    assert rows, "no upload went through before the kill"
    missing = rows - files
    assert not missing, f"attachment rows without their file: {sorted(missing)}"
    left_by_the_kill = files - rows
    # Whether the kill fell between an upload's write and its commit is luck; what such a kill leaves is planted
    # too, so that check-files is always shown to find it: a whole file without its row, and a half-written one.
    planted = {"ab/ab" + uuid.uuid4().hex[2:], "cd/.part-killed.tmp"}
    for rel in planted:
        (instance.uploads / "files" / rel).parent.mkdir(parents=True, exist_ok=True)
        (instance.uploads / "files" / rel).write_bytes(pdf_bytes("mo coi"))
    orphans = left_by_the_kill | planted

    # check-files sees exactly what this test sees, and cleans it up.
    checked = instance.flask("check-files")
    listed = {line.split(": ", 1)[1] for line in checked.stdout.splitlines() if line.startswith("orphan: ")}
    assert "missing:" not in checked.stdout, checked.stdout
    assert listed == orphans, (checked.stdout, checked.stderr)
    assert checked.returncode == 1, (checked.stdout, checked.stderr)
    # Young orphans may be uploads in progress: the default minimum age keeps them.
    assert instance.flask("check-files", "--delete-orphans").returncode == 1
    assert _files_on_disk(instance) == files | planted
    cleaned = instance.flask("check-files", "--delete-orphans", "--min-age", "0")
    assert cleaned.returncode == 0, (cleaned.stdout, cleaned.stderr)
    assert _files_on_disk(instance) == rows
    again = instance.flask("check-files")
    assert again.returncode == 0 and again.stdout.startswith("0 missing, 0 orphan(s)"), again.stdout

    print(f"\n{backend[0]}: killed after {successes} answered changes in {load_seconds:.1f} s of load; "
          f"{counts['moved']} records moved ({counts['transitions']} transitions), {counts['still']} untouched; "
          f"{len(rows)} attachments, {len(left_by_the_kill)} orphan file(s) left by the kill; "
          f"{time.monotonic() - started:.1f} s in all")
