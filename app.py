"""Entry point: `python app.py` prepares the database and serves the app; gunicorn uses `app:app`."""
import gc
import os

from thidua import create_app

app = create_app()
# The loaded app's objects (modules, templates, the catalogue) live as long as the process: keep them out of the
# cyclic collector's full passes, which otherwise walk them all and land 60 ms on some unlucky request
# (the p95 of the dashboard at a ministry's scale, bench/RESULTS.md). Objects made later are collected as usual.
gc.freeze()


def prepare_database() -> None:
    """Apply migrations, and load the demo data into an empty database."""
    from thidua import demo, migrate
    from thidua.db import db

    with db.connection_context():
        migrate.apply_all()
        if app.config["LOAD_DEMO_DATA"] and demo.is_empty():
            with app.app_context():
                demo.load()


if __name__ == "__main__":
    prepare_database()
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "5000")))
