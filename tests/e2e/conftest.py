"""Browser journeys: the system Chromium, a live server with CSRF on and the demo data, axe checks."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
E2E_DIR = Path(__file__).parent

# Fail fast instead of Playwright's 30-second default: every wait here is for a local server.
ACTION_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/e2e as an e2e test (pytest -m "not e2e" skips them)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: Playwright cannot download its own browser here."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}; install it with "
                    f"`apt-get install chromium` (Playwright's own download is not available).",
                    pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp: the app allows only its own scripts (script-src 'self'); axe is injected.
    return {**browser_context_args, "locale": "vi-VN", "bypass_csp": True}


@pytest.fixture
def context(new_context):
    ctx = new_context()
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    return ctx


@pytest.fixture
def live_server(app):
    """Serve the app, with CSRF on and the demo data loaded, on a free local port; yield its base URL."""
    from werkzeug.serving import make_server

    from thidua import demo
    from thidua.db import db

    # Real browsers go through CSRF exactly as users do.
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        demo.load()
    # The test thread keeps its own connection for look-ups; requests open and close theirs.
    if not db.is_closed():
        db.close()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="thidua-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def check_accessibility(page, where: str = "") -> None:
    """Run axe on the page as it is now; fail listing every serious or critical violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            targets: v.nodes.map(n => n.target.join(" "))}));
        }"""
    )
    if violations:
        lines = [f"Accessibility violations on {where or page.url}:"]
        for v in violations:
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
            lines.extend(f"      {target}" for target in v["targets"])
        pytest.fail("\n".join(lines), pytrace=False)
