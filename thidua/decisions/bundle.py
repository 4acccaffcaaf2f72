"""The bundle of a proposal upward: the tờ trình, each dossier's documents and the council's minutes in one .zip,
with a manifest (file, size, SHA-256, which dossier) so the receiving body can check nothing is missing."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
import zipfile

from flask import current_app

from ..attachments.storage import get_storage
from ..models import Attachment, Decision
from ..models.nomination import COMPONENTS
from ..vnsort import text_key
from . import document, files, services


def _safe(text: str) -> str:
    return "".join(c for c in text if c not in '\\/:*?"<>|').strip() or "tep"


def build_bundle(decision: Decision):
    """Return a file object holding the .zip (spooled to disk past 10 MB, so memory stays flat)."""
    from ..documents.pdf import render_decision_pdf
    storage = get_storage(current_app)
    lines = services.lines_of(decision)
    attachments = list(Attachment.select().where(
        Attachment.owner_type == "nomination", Attachment.owner_id.in_([ln.nomination_id for ln in lines] or [0]),
        Attachment.removed_at.is_null()).order_by(Attachment.owner_id, Attachment.component, Attachment.id))
    by_nomination: dict[int, list[Attachment]] = {}
    for a in attachments:
        by_nomination.setdefault(a.owner_id, []).append(a)
    manifest, missing = [], []
    out = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        def add(name: str, data: bytes, nomination: str = "", component: str = "") -> None:
            zf.writestr(name, data)
            manifest.append({"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                             "dossier": nomination, "component": component})

        signed = files.signed_pdf(decision) if decision.status == "signed" else None
        letter = signed[1] if signed and signed[1] is not None else render_decision_pdf(document.build(decision))
        add(f"00 - {_safe(decision.number_symbol.replace('/', '-'))} - to trinh.pdf", letter,
            component="Tờ trình (bản ký số)" if signed else "Tờ trình (dự thảo)")
        for i, ln in enumerate(lines, start=1):
            who = services.nominee_name(ln.nomination)
            folder = f"{i:02d} - {_safe(who)}"
            for a in by_nomination.get(ln.nomination_id, []):
                try:
                    with storage.open(a.stored_name) as handle:
                        data = handle.read()
                except OSError:
                    missing.append(f"{folder}/{_safe(a.original_name)}")
                    continue
                add(f"{folder}/{_safe(a.original_name)}", data, who, COMPONENTS.get(a.component, a.component))
        if decision.session_id:
            from ..council.minutes import build_minutes
            from ..documents.pdf import render_minutes_pdf
            add("99 - bien ban hop Hoi dong.pdf", render_minutes_pdf(build_minutes(decision.session)),
                component="Biên bản họp Hội đồng Thi đua - Khen thưởng")
        table = io.StringIO()
        writer = csv.DictWriter(table, fieldnames=["file", "bytes", "sha256", "dossier", "component"])
        writer.writeheader()
        writer.writerows(sorted(manifest, key=lambda m: (text_key(m["file"]))))
        zf.writestr("manifest.csv", "\ufeff" + table.getvalue())
        zf.writestr("manifest.json", json.dumps({"decision": decision.number_symbol, "summary": decision.summary,
                                                 "dossiers": len(lines), "files": manifest,
                                                 "missing_from_storage": missing},
                                                ensure_ascii=False, indent=2))
    out.seek(0)
    return out
