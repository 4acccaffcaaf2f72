"""Open every benchmark page once in process (Flask's test client) and print time, queries and bytes; with a
name fragment, also the queries of the matching pages — the quick loop for finding what to fix.

    python -m bench.profile_pages sqlite:////work/bench-data/m.sqlite3 ["dossier page"]
"""
from __future__ import annotations

import os
import sys
from collections import Counter


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("INSTANCE_PATH", "/tmp/thidua-bench-instance")
    from bench.generate import BENCH_PASSWORD
    from bench.pages import pick_pages, profile
    from thidua import create_app
    from thidua.db import db
    app = create_app({"DATABASE_URL": argv[0], "LOAD_DEMO_DATA": False, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "10000 per minute"})
    with app.app_context():
        db.connect(reuse_if_open=True)
        pages = pick_pages(app.config["PAGE_SIZE"])
        db.close()
    only = argv[1] if len(argv) > 1 else None
    results = profile(app, [p for p in pages if not only or only in p.name], BENCH_PASSWORD)
    for name, r in results.items():
        print(f"{r['ms']:8.1f} ms {r['queries']:4d} q {r['bytes']:9d} B {r['status']} {name}")
        if only:
            for sql, n in Counter(r["sql"]).most_common():
                print(f"   {n:3d} × {sql[:400]}")


if __name__ == "__main__":
    main()
