"""Command-line tasks: `flask --app app <command>`."""
from __future__ import annotations

import click

from . import demo, migrate
from .db import db


def init_app(app) -> None:
    init_audit_and_backup(app)
    from .file_check import init_app as init_file_check
    init_file_check(app)

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


def init_audit_and_backup(app) -> None:
    """The audit chain (verify-audit, prune-audit) and instance backup (backup, restore) commands."""
    @app.cli.command("verify-audit")
    def verify_audit_command():
        """Walk the audit log's hash chain; exit 1 naming the first row that was edited or deleted."""
        from . import audit_chain
        with db.connection_context():
            result = audit_chain.verify()
        if not result.ok:
            click.echo(result.message(), err=True)
            raise SystemExit(1)
        click.echo(result.message())

    @app.cli.command("prune-audit")
    def prune_audit_command():
        """Remove audit rows older than AUDIT_RETENTION_MONTHS (at least 12), keeping the chain verifiable."""
        from . import audit_chain
        with db.connection_context():
            pruned = audit_chain.prune(app.config["AUDIT_RETENTION_MONTHS"])
        if pruned.count:
            click.echo(f"Đã xóa {pruned.count} dòng nhật ký trước {pruned.cutoff:%d/%m/%Y} (UTC), đến dòng số "
                       f"{pruned.through_id}; đã ghi dòng mốc để kiểm tra chuỗi.")
        else:
            click.echo(f"Không có dòng nhật ký nào trước {pruned.cutoff:%d/%m/%Y} (UTC).")

    @app.cli.command("backup")
    @click.argument("dest")
    def backup_command(dest):
        """Back up the database and attached files into DEST, with a manifest of SHA-256 checksums."""
        from . import backup
        try:
            summary = backup.backup(app, dest)
        except backup.BackupError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Đã sao lưu cơ sở dữ liệu ({summary.database}) và {summary.files} tệp vào {summary.path}.")

    @app.cli.command("restore")
    @click.argument("src")
    def restore_command(src):
        """Restore a backup from SRC into this EMPTY instance, after checking every checksum."""
        from . import backup
        try:
            summary = backup.restore(app, src)
        except backup.BackupError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Đã khôi phục cơ sở dữ liệu ({summary.database}) và {summary.files} tệp vào {summary.path}.")
