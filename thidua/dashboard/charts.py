"""Bar charts drawn on the server: the geometry a template turns into inline SVG, and the data table beside it.

No chart library and no script: the page's CSP allows neither inline scripts nor inline styles, so a chart is
plain SVG markup whose bars are sized in percent of the chart's width (it follows the width of a phone or a
desktop without a viewBox, so its text is never scaled down) and whose colours come from the stylesheet.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

# The bars use at most this share of the width; the value is written just after the bar's end.
BAR_SPAN = 78
ROW_HEIGHT = 44  # label line above a bar, the bar, and a gap
LABEL_LIMIT = 42  # characters; longer labels are shortened on the chart, never in the table


def number(value: int | float) -> str:
    """Format a count the Vietnamese way: 12345 → "12.345"."""
    return f"{int(value):,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    """A share as "62,5%"; "—" when there is nothing to share."""
    if not whole:
        return "—"
    value = round(Fraction(part * 100, whole), 1)
    text = f"{float(value):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def shorten(label: str, limit: int = LABEL_LIMIT) -> str:
    """Cut a long label at a word boundary, with an ellipsis, so it fits a phone's width."""
    if len(label) <= limit:
        return label
    cut = label[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


@dataclass
class Bar:
    label: str
    value: int
    highlight: bool = False
    note: str = ""   # written after the value, e.g. the share "(62,5%)"
    x_pct: float = 0.0  # filled by BarChart: bar width in percent of the chart

    @property
    def short_label(self) -> str:
        return shorten(self.label)

    @property
    def value_text(self) -> str:
        return number(self.value) + (f" ({self.note})" if self.note else "")


@dataclass
class BarChart:
    """A horizontal bar chart with its data table (headers and rows, which may hold more than the bars)."""
    id: str
    title: str
    bars: list[Bar]
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    summary: str = ""  # one sentence read by screen readers as the chart's description
    source: str = ""   # where the numbers come from, shown under the chart
    legend_highlight: str = ""  # what the highlighted colour means, when some bars are highlighted
    total_row: list | None = None

    def __post_init__(self):
        top = max((b.value for b in self.bars), default=0)
        for bar in self.bars:
            bar.x_pct = round(BAR_SPAN * bar.value / top, 2) if top else 0.0
        if not self.summary:
            self.summary = "; ".join(f"{b.label}: {b.value_text}" for b in self.bars) or "Chưa có số liệu."
        if not self.headers:
            self.headers = ["", "Số lượng"]
            self.rows = [[b.label, b.value_text] for b in self.bars]

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW_HEIGHT + 4

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)

    def placed(self):
        """Yield (bar, top y) for the template."""
        for n, bar in enumerate(self.bars):
            yield bar, n * ROW_HEIGHT
