"""When a report may be sent."""
from __future__ import annotations

from ..attachments import service as attachments


def submit_blocker(report) -> str | None:
    """Say why the report cannot be sent now, or None."""
    if report.campaign.status != "published":
        return "Kế hoạch thi đua đã kết thúc, không nhận báo cáo nữa."
    if not report.body.strip() and not attachments.list_for("report", report.id):
        return "Báo cáo chưa có nội dung: hãy viết nội dung hoặc đính kèm tệp báo cáo."
    return None
