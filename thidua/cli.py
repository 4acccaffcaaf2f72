"""Command-line tasks: `flask --app app <command>`."""
from __future__ import annotations

import click

from . import demo, migrate
from .db import db


def init_app(app) -> None:
    @app.cli.command("migrate")
    def migrate_command():
        """Apply pending database migrations."""
        with db.connection_context():
            applied = migrate.apply_all()
        click.echo("\n".join(f"Đã áp dụng: {name}" for name in applied) or "Cơ sở dữ liệu đã ở phiên bản mới nhất.")

    @app.cli.command("demo-data")
    def demo_data_command():
        """Load the demo Committee, its units and one user per role (safe to run twice)."""
        with db.connection_context():
            migrate.apply_all()
            created = demo.load()
        click.echo(f"Dữ liệu mẫu: thêm {created} bản ghi mới.")
