"""What every spreadsheet import's rows share: their errors, in Vietnamese, with the sheet line."""
from __future__ import annotations


class RowVerdict:
    """Mixin for an import row dataclass with `line`, `data` and `errors` fields."""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [f"Dòng {self.line}: {e}" for e in self.errors]

    def reject(self, message: str) -> None:
        """Mark the row invalid: it keeps its errors and loses its parsed data."""
        self.errors.append(message)
        self.data = None
