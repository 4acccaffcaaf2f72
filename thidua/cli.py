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

    @app.cli.command("deploy-check")
    def deploy_check_command():
        """List the unsafe production settings; exit non-zero when any must be fixed before going live."""
        from .deploy_check import check

        findings = check(app)
        errors = [f for f in findings if f.level == "error"]
        for finding in findings:
            label = "LỖI" if finding.level == "error" else "CẢNH BÁO"
            click.echo(f"{label} [{finding.setting}] {finding.message}", err=finding.level == "error")
        if errors:
            click.echo(f"{len(errors)} thiết lập chưa an toàn cho vận hành thật; sửa rồi chạy lại deploy-check.",
                       err=True)
            raise SystemExit(1)
        click.echo("Thiết lập đủ an toàn để vận hành"
                   + (f" ({len(findings)} cảnh báo ở trên)." if findings else "."))

    @app.cli.command("remind")
    @click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                  help="Chạy như thể hôm nay là ngày này (YYYY-MM-DD).")
    def remind_command(day):
        """Send the deadline reminders due today and the office's digest (safe to run twice: for cron)."""
        from .notifications import reminders
        with db.connection_context():
            summary = reminders.run(day.date() if day else None)
        click.echo(f"Nhắc hạn: {summary}.")

    @app.cli.command("demo-certificate")
    @click.option("--force", is_flag=True, help="Ghi đè khóa và chứng thư đã có.")
    def demo_certificate_command(force: bool):
        """Make a self-signed demo signing key and certificate at SIGNING_KEY and SIGNING_CERT (testing only)."""
        from pathlib import Path

        from .signing.certificates import write_demo_certificate

        key_path, cert_path = Path(app.config["SIGNING_KEY"]), Path(app.config["SIGNING_CERT"])
        existing = [str(path) for path in (key_path, cert_path) if path.exists()]
        if existing and not force:
            raise click.ClickException("Đã có tệp: " + ", ".join(existing)
                                       + ". Không ghi đè; dùng --force nếu thật sự muốn thay.")
        passphrase = app.config["SIGNING_PASSPHRASE"]
        write_demo_certificate(key_path, cert_path, common_name=app.config["SIGNING_NAME"],
                               organisation=app.config["AGENCY_NAME"],
                               passphrase=passphrase.encode() if passphrase else None, overwrite=True)
        click.echo(f"Khóa ký: {key_path}" + (" (mã hóa bằng SIGNING_PASSPHRASE)" if passphrase else ""))
        click.echo(f"Chứng thư số: {cert_path}")
        click.echo("CẢNH BÁO: chứng thư tự ký này chỉ dùng để thử nghiệm, không có giá trị pháp lý. "
                   "Khi vận hành thật phải dùng chứng thư số của cơ quan (chữ ký số chuyên dùng công vụ), "
                   "thường nằm trên thiết bị ký (USB token).", err=True)
