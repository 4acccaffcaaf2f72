"""`flask --app app check-files`: compare the attachment rows with the files in storage.

An upload writes its file first and its row afterwards, in the request's transaction (attachments/service.py): a
rolled-back transaction removes the file as the request ends (discard_uncommitted), but a process killed between
the two (SIGKILL, power loss, OOM) leaves a file without a row, and one killed inside `LocalStorage.put` leaves a
`.part-*.tmp`. Such orphans hold no record anyone can reach; this command lists them, and with --delete-orphans
removes those older than --min-age minutes (younger ones may belong to an upload still in progress). A row whose
file is missing is data loss: it is listed and never "repaired". Exit status 1 when anything is listed.
"""
from __future__ import annotations

import datetime
import os
import re
import time
from dataclasses import dataclass, field

import click
from flask import current_app

from .attachments.storage import _SAFE_NAME
from .db import db
from .models import Attachment

_PART = re.compile(r"^\.part-.*\.tmp$")


@dataclass
class FileReport:
    missing: list[str] = field(default_factory=list)   # stored names with a row and no file
    orphans: list[str] = field(default_factory=list)   # paths (relative to the storage root) with no row
    deleted: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.missing and not self.orphans


def storage_root(app) -> str:
    if app.config.get("STORAGE_BACKEND", "local") != "local":
        raise click.ClickException("check-files knows only the local storage (STORAGE_BACKEND=local).")
    return os.path.join(app.config["UPLOAD_FOLDER"], "files")


def check(app, delete_orphans: bool = False, min_age_minutes: float = 60) -> FileReport:
    root = storage_root(app)
    report = FileReport()
    with db.connection_context():
        names = {row.stored_name for row in Attachment.select(Attachment.stored_name)}
    stored: set[str] = set()
    cutoff = time.time() - min_age_minutes * 60
    if os.path.isdir(root):
        for folder in sorted(os.listdir(root)):
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                continue
            for name in sorted(os.listdir(path)):
                full = os.path.join(path, name)
                if _SAFE_NAME.match(name) and name[:2] == folder and name in names:
                    stored.add(name)
                    continue
                if not (_SAFE_NAME.match(name) or _PART.match(name)):
                    continue  # not ours: leave it alone, say nothing
                rel = f"{folder}/{name}"
                if delete_orphans and os.path.getmtime(full) <= cutoff:
                    os.unlink(full)
                    report.deleted.append(rel)
                else:
                    report.orphans.append(rel)
    report.missing = sorted(names - stored)
    return report


def init_app(app) -> None:
    @app.cli.command("check-files")
    @click.option("--delete-orphans", is_flag=True, help="Xóa các tệp không có bản ghi (cũ hơn --min-age phút).")
    @click.option("--min-age", default=60.0, show_default=True, help="Chỉ xóa tệp mồ côi cũ hơn số phút này.")
    def check_files_command(delete_orphans: bool, min_age: float):
        """List stored files without an attachment row, and attachment rows without their file."""
        report = check(current_app, delete_orphans, min_age)
        for name in report.missing:
            click.echo(f"missing: {name}")
        for rel in report.orphans:
            click.echo(f"orphan: {rel}")
        for rel in report.deleted:
            click.echo(f"deleted orphan: {rel}")
        click.echo(f"{len(report.missing)} missing, {len(report.orphans)} orphan(s), {len(report.deleted)} deleted "
                   f"({datetime.datetime.now():%Y-%m-%d %H:%M:%S})")
        if not report.clean:
            raise SystemExit(1)
