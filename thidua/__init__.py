"""The application factory."""
from __future__ import annotations

import logging
import os

from flask import Flask

from . import config as config_module
from . import db as db_module


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: settings, database, sign-in, CSRF, htmx, areas, errors, CLI."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH", os.path.join(root, "instance")),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_mapping(config_module.load(app.instance_path))
    if test_config:
        app.config.update(test_config)
    from .audit_chain import check_retention
    check_retention(app.config["AUDIT_RETENTION_MONTHS"])  # refuse to start with less than 12 months of audit log

    logging.basicConfig(level=logging.INFO)
    db_module.init_app(app)

    from . import security, web
    security.init_app(app)
    web.init_app(app)
    from . import forms_support
    forms_support.init_app(app)  # NUL in any form or query value: 400, before any view

    from .admin.views import bp as admin_bp
    from .admin import catalogue_views  # noqa: F401  (adds the catalogue routes to the admin area)
    from .admin import council_views  # noqa: F401  (adds the council roster to the admin area)
    from .admin import salary_views  # noqa: F401  (adds the base salary to the admin area)
    from .council.views import bp as council_bp
    from .council.session_views import bp as sessions_bp
    from .decisions.views import bp as decisions_bp
    from .public.views import bp as public_bp
    from .search.views import bp as search_bp
    from .auth.views import bp as auth_bp
    from .main.views import bp as main_bp
    from .personnel.views import bp as personnel_bp
    from .campaigns.views import bp as campaigns_bp
    from .registrations.views import bp as registrations_bp
    from .attachments.views import bp as attachments_bp
    from .reports.views import bp as reports_bp
    from .nominations.views import bp as nominations_bp
    from .history.views import bp as history_bp
    from .notifications.views import bp as notifications_bp
    from .notifications import admin_views as notification_admin_views  # noqa: F401  (the outbox in the admin area)
    from .dashboard.views import bp as dashboard_bp
    from .blocs.views import bp as blocs_bp
    from . import flows, inbox_sources, inbox_waiting  # noqa: F401  (transition tables and inbox providers)

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(personnel_bp)
    app.register_blueprint(campaigns_bp)
    app.register_blueprint(registrations_bp)
    app.register_blueprint(attachments_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(nominations_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(council_bp)
    app.register_blueprint(sessions_bp)
    app.register_blueprint(decisions_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(blocs_bp)
    flows.init_app(app)
    from . import notifications
    notifications.init_app(app)

    from . import cli
    cli.init_app(app)

    return app
