"""What every area's views and services share about forms: field errors, statuses, the search box."""
from __future__ import annotations

import unicodedata

from flask import request


class FieldError(Exception):
    """A value the rules or the database refused, reported against one form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def apply_field_error(form, error: FieldError) -> None:
    """Show a service's refusal beside its field, or above the form when no field matches."""
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def form_status(form) -> int:
    """422 for a submitted form shown again (so htmx swaps the errors in), 200 for a fresh one."""
    return 422 if form.is_submitted() else 200


def search_term() -> str:
    """The ?q= of a list page, trimmed, and composed so that typed and stored diacritics compare equal."""
    return unicodedata.normalize("NFC", (request.args.get("q") or "").strip()[:100])
