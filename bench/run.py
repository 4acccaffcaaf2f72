"""Drive the app under gunicorn with wrk and write the results to bench/RESULTS.md.

    apt-get install -y wrk
    python -m bench.generate L sqlite:////work/bench-data/l.sqlite3      # once, about 5 minutes
    python -m bench.generate M sqlite:////work/bench-data/m.sqlite3      # the 100,000-row export's data
    python -m bench.run sqlite:////work/bench-data/l.sqlite3 --export-db sqlite:////work/bench-data/m.sqlite3

In one run, against one server on 127.0.0.1: every page of bench/pages.py, signed in as the bench account of
its role, with one gunicorn worker and one connection (no concurrency), beside /health, the trivial route that
shows what this stack reaches on this machine; then the inbox and the dossier list with two workers at sixteen
connections, beside /health again; fifty council members casting their ballots at the same second; and the
peak memory of a 100,000-row award-history export. Queries per request are counted in process (Peewee's query
hooks) on the same database. Lists show PAGE_SIZE=50 rows, the size the HTML budget speaks of.

The ballots are stored: a database can take them once (the runner says so and skips them the second time).
"""
from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import json
import os
import platform
import re
import subprocess  # nosec B404 - starts gunicorn and wrk, fixed argument lists
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.generate import BENCH_PASSWORD
from bench.pages import CEILING, PageSpec, pick_pages, profile

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PORT = 8765
PAGE_SIZE = 50
BASE = f"http://127.0.0.1:{PORT}"

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def server_env(db_url: str) -> dict:
    env = dict(os.environ)
    env.update({"DATABASE_URL": db_url, "SECRET_KEY": "bench-secret", "LOAD_DEMO_DATA": "0",
                "LOGIN_RATE_LIMIT": "100000 per minute", "PAGE_SIZE": str(PAGE_SIZE), "DATABASE_POOL_SIZE": "4",
                "INSTANCE_PATH": env.get("INSTANCE_PATH", "/tmp/thidua-bench-instance")})
    return env


class Server:
    """gunicorn serving app:app on 127.0.0.1 with the given number of sync workers."""

    def __init__(self, db_url: str, workers: int):
        self.proc = subprocess.Popen(  # nosec B603 - fixed arguments
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{PORT}", "--log-level",
             "warning", "app:app"], cwd=ROOT, env=server_env(db_url))
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{BASE}/health", timeout=1).read()  # nosec B310 - our own server
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def sign_in(username: str) -> str:
    """Sign in through the real form (CSRF token included); return the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": BENCH_PASSWORD, "csrf_token": token})
    opener.open(f"{BASE}/login", data=data.encode()).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie


def wrk(path: str, cookie: str | None, seconds: int, connections: int = 1, threads: int = 1) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script.name]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args + [BASE + path], capture_output=True, text=True, check=True).stdout  # nosec B603
    os.unlink(script.name)
    requests, micros, size, p50, p95, errors = map(int, re.search(r"RESULT (.*)", out).group(1).split())
    return {"rps": requests / (micros / 1e6), "p50": p50 / 1000, "p95": p95 / 1000,
            "bytes": size // max(requests, 1), "requests": requests, "errors": errors}


def external_requests(cookie: str) -> list[str]:
    """Addresses outside the app that the first page (the inbox) would make the browser load."""
    request = urllib.request.Request(f"{BASE}/inbox", headers={"Cookie": cookie})
    html = urllib.request.urlopen(request).read().decode()  # nosec B310 - our own server
    found = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
    return [u for u in found if "127.0.0.1" not in u]


def cast_ballots(session_id: int, members: list[str]) -> dict:
    """Every member submits a full ballot at the same moment (a barrier); report latencies and the stored rows."""
    cookies = {m: sign_in(m) for m in members}
    forms = {}
    for member, cookie in cookies.items():
        request = urllib.request.Request(f"{BASE}/council/sessions/{session_id}/ballot", headers={"Cookie": cookie})
        html = urllib.request.urlopen(request).read().decode()  # nosec B310 - our own server
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        if token is None:
            return {"skipped": "the session is not open for voting any more (ballots were cast by an earlier run)"}
        fields = {"csrf_token": token.group(1), "round": re.search(r'name="round" value="(\d+)"', html).group(1)}
        for line in sorted(set(re.findall(r'name="(line-\d+)"', html))):
            fields[line] = "yes"
        forms[member] = urllib.parse.urlencode(fields).encode()
    barrier = threading.Barrier(len(members))
    times, statuses = [], []

    def vote(member):
        request = urllib.request.Request(f"{BASE}/council/sessions/{session_id}/ballot", data=forms[member],
                                         headers={"Cookie": cookies[member]})
        opener = urllib.request.build_opener(NoRedirect)
        barrier.wait()
        started = time.perf_counter()
        try:
            status = opener.open(request).status
        except urllib.error.HTTPError as error:
            status = error.code
        times.append(time.perf_counter() - started)
        statuses.append(status)

    threads = [threading.Thread(target=vote, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return {"ballots": len(members), "statuses": sorted(set(statuses)),
            "p50": times[len(times) // 2] * 1000, "p95": times[int(len(times) * 0.95) - 1] * 1000,
            "max": times[-1] * 1000}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def stored_ballots(db_url: str, session_id: int) -> dict:
    from thidua.db import open_database
    from thidua.models import BallotReceipt, VoteCount
    database = open_database(db_url)
    with database.connection_context():
        receipts = BallotReceipt.select().where(BallotReceipt.session == session_id).count()
        totals = sorted({c.yes + c.no for c in VoteCount.select().join_from(VoteCount, VoteCount.item.rel_model)
                         .where(VoteCount.item.rel_model.session == session_id)})
    return {"receipts": receipts, "votes_per_line": totals}


def export_memory(db_url: str) -> dict:
    """The award-history export in a fresh process: rows, seconds, peak resident memory of that process."""
    code = ("import json, os, resource, time; os.environ.setdefault('INSTANCE_PATH', '/tmp/thidua-bench-instance');"
            "from thidua import create_app; from thidua.db import db; from thidua.history import export;"
            f"app = create_app({{'DATABASE_URL': {db_url!r}, 'LOAD_DEMO_DATA': False, 'SECRET_KEY': 'x'}});"
            "ctx = app.app_context(); ctx.push(); db.connect();"
            "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; t = time.perf_counter();"
            "f = export.history_xlsx(); s = time.perf_counter() - t; size = f.seek(0, 2);"
            "from thidua.models import AwardRecord; n = AwardRecord.select().count();"
            "print(json.dumps({'rows': n, 'seconds': s, 'bytes': size, 'base_mb': base / 1024,"
            "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,  # nosec B603
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    import sqlite3
    return (f"{cpu}, {os.cpu_count()} cores (shared with other work while measuring), "
            f"{int(mem) // 1024 // 1024} GB RAM; Linux {platform.release()}; Python {platform.python_version()}; "
            f"SQLite {sqlite3.sqlite_version}; gunicorn sync workers; wrk 4.1.0")


def queries(db_url: str, pages: list[PageSpec]) -> dict:
    from thidua import create_app
    app = create_app({"DATABASE_URL": db_url, "LOAD_DEMO_DATA": False, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "100000 per minute", "PAGE_SIZE": PAGE_SIZE})
    return profile(app, pages, BENCH_PASSWORD, repeat=1)


def table(rows: list[dict], ceiling: dict) -> str:
    out = ["| page | account | req/s | p50 ms | p95 ms | bytes | queries | ratio to ceiling |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['name']} | {r['user'] or '—'} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                   f"{r['bytes']:,} | {r.get('queries', '—')} | {r['rps'] / ceiling['rps']:.1%} |")
    return "\n".join(out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the app under gunicorn with wrk.")
    parser.add_argument("db", help="the generated L database (sqlite:///… or postgresql://…)")
    parser.add_argument("--export-db", help="a database with 100,000 award rows (scale M) for the export probe")
    parser.add_argument("--seconds", type=int, default=10, help="per page (default 10)")
    parser.add_argument("--label", default="", help="a name for this run in RESULTS.md (e.g. SQLite, PostgreSQL)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--skip-ballots", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("INSTANCE_PATH", "/tmp/thidua-bench-instance")
    sys.path.insert(0, str(ROOT))

    from thidua.db import open_database
    from thidua.models import CouncilSession, User
    database = open_database(args.db)
    with database.connection_context():
        pages = pick_pages(PAGE_SIZE)
        voting = CouncilSession.select().where(CouncilSession.status == "voting").first()
        members = [u.username for u in User.select().where(User.username.startswith("bench.member"))]
        members = ["bench.leader"] + members
    log("queries per page, in process…")
    counted = queries(args.db, pages + [CEILING])

    results = {"label": args.label, "db": args.db.split("@")[-1], "when": datetime.datetime.now().isoformat(" ",
                                                                                                         "minutes")}
    log("one worker, one connection…")
    server = Server(args.db, workers=1)
    try:
        cookies = {u: sign_in(u) for u in {p.user for p in pages if p.user}}
        rows = []
        for spec in [CEILING] + pages:
            log(f"  {spec.path}")
            wrk(spec.path, cookies.get(spec.user), 2)  # warm-up
            r = wrk(spec.path, cookies.get(spec.user), args.seconds)
            r.update(name=spec.name, user=spec.user, path=spec.path, queries=counted[spec.name]["queries"])
            rows.append(r)
        results["serial"] = rows
        results["external"] = external_requests(cookies["bench.office"])
    finally:
        server.stop()

    log("two workers, sixteen connections…")
    server = Server(args.db, workers=2)
    try:
        office = sign_in("bench.office")
        concurrent = []
        for name, path, cookie in [(CEILING.name, CEILING.path, None),
                                   ("Việc cần xử lý (inbox)", "/inbox", office),
                                   ("Danh sách hồ sơ, trang đầu (dossier list, first)", "/nominations?status=all",
                                    office)]:
            wrk(path, cookie, 2, connections=16, threads=2)
            r = wrk(path, cookie, args.seconds, connections=16, threads=2)
            r.update(name=name, user="bench.office" if cookie else None, path=path)
            concurrent.append(r)
        results["concurrent"] = concurrent
        if voting is not None and not args.skip_ballots:
            log("fifty ballots at once…")
            results["ballots"] = cast_ballots(voting.id, members)
            results["ballots"].update(stored_ballots(args.db, voting.id))
        else:
            results["ballots"] = _earlier_ballots(args) or {"skipped": "no session open for voting, or --skip-ballots"}
    finally:
        server.stop()

    if args.export_db:
        log("export memory…")
        results["export"] = export_memory(args.export_db)
    results["machine"] = machine()
    Path(args.out).with_suffix(f".{args.label or 'run'}.json").write_text(json.dumps(results, indent=1,
                                                                                    ensure_ascii=False))
    text = report(results)
    write_section(Path(args.out), args.label or "run", text)
    print(text)


HEADER = """# Benchmark results

Written by `python -m bench.run` (README, "Đo hiệu năng"): one section per run label, replaced when that label
runs again; the raw numbers of each run sit beside this file as RESULTS.<label>.json. What the numbers mean for
issue 9's targets, and what is not met, is at the end of this file.
"""


def write_section(path: Path, label: str, text: str) -> None:
    """Put this run's section into RESULTS.md, in place of an earlier run with the same label."""
    start, end = f"<!-- run:{label} -->", f"<!-- end:{label} -->"
    current = path.read_text() if path.exists() else HEADER
    block = f"{start}\n{text}{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        marker = "<!-- notes -->"
        if marker in current:
            before, after = current.split(marker, 1)
            current = f"{before}{block}\n\n{marker}{after}"
        else:
            current = f"{current.rstrip()}\n\n{block}\n"
    path.write_text(current)


def _earlier_ballots(args) -> dict | None:
    """The ballots of an earlier run with this label (a database takes them once), marked as such."""
    path = Path(args.out).with_suffix(f".{args.label or 'run'}.json")
    if not path.exists():
        return None
    earlier = json.loads(path.read_text())
    ballots = earlier.get("ballots", {})
    if "skipped" in ballots:
        return None
    return {**ballots, "earlier": ballots.get("earlier") or earlier["when"]}


def report(results: dict) -> str:
    serial = results["serial"]
    ceiling = serial[0]
    lines = [f"### {results['label'] or 'Run'} — {results['db']} ({results['when']})", "",
             f"Machine: {results['machine']}", "",
             "One gunicorn worker, one connection (wrk -t1 -c1), lists of 50 rows:", "", table(serial, ceiling), ""]
    conc = results["concurrent"]
    lines += ["Two gunicorn workers, sixteen connections (wrk -t2 -c16), side by side:", "",
              table(conc, conc[0]), ""]
    b = results["ballots"]
    if "skipped" in b:
        lines.append(f"Ballots: skipped ({b['skipped']}).")
    else:
        lines.append(f"{b['ballots']} council members submitting at the same second: HTTP {b['statuses']}, "
                     f"p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms, slowest {b['max']:.0f} ms; stored receipts "
                     f"{b['receipts']}, votes counted per agenda line {b['votes_per_line']}"
                     + (f" (measured in the run of {b['earlier']}, same database)." if b.get("earlier") else "."))
    if "export" in results:
        e = results["export"]
        lines.append(f"Award-history export of {e['rows']:,} rows: {e['seconds']:.1f} s, {e['bytes']:,} bytes of "
                     f".xlsx, peak resident memory {e['peak_mb']:.0f} MB (the process before exporting: "
                     f"{e['base_mb']:.0f} MB).")
    lines.append("Requests the first page load makes outside the app: "
                 f"{len(results['external'])}{' ' + str(results['external']) if results['external'] else ''}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
