"""Large .xlsx exports with flat memory: rows go from the database cursor into openpyxl's write-only worksheet
(which spills them to a temporary file as they come), and the finished workbook is sent from a temporary file,
never built in memory. A 100,000-row export stays within a few tens of megabytes (bench/run.py measures it)."""
from __future__ import annotations

import tempfile
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# Rows fetched per query when reading by key: bounded memory on PostgreSQL too, whose client keeps a whole result.
BATCH = 5000


def as_text_row(ws, values: list) -> list:
    """Values as written, except text that openpyxl would read as a formula ("=HYPERLINK(…)" typed by a user)."""
    out = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            value = cell
        out.append(value)
    return out


class RowStyle:
    """One cell style (border, alignment…) set up once and copied onto every cell of a row: setting a style
    attribute per cell makes openpyxl hash the style each time, which multiplies an export's time by ten."""

    def __init__(self, ws, **style):
        prototype = WriteOnlyCell(ws)
        for name, value in style.items():
            setattr(prototype, name, value)
        self.ws = ws
        self.style = prototype._style

    def row(self, values: list) -> list:
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text typed by users ("=HYPERLINK(…)") stays text, never a formula
            cell._style = copy(self.style)
            cells.append(cell)
        return cells


def saved(wb: Workbook):
    """The finished workbook in a temporary file, rewound, for send_download (which closes it when sent)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response that streams it
    wb.save(out)
    out.seek(0)
    return out


def by_key(query, key_fields, batch: int | None = None):
    """Yield the rows of query as tuples in the order of key_fields (ascending, unique together, and selected
    first), BATCH rows per query, each batch starting after the last key seen: no OFFSET, no whole result held
    by the driver, and plain tuples rather than model instances (a third of the time and memory)."""
    batch = batch or BATCH
    last = None
    width = len(key_fields)
    while True:
        page = query
        if last is not None:
            page = page.where(_after(key_fields, last))
        rows = page.order_by(*key_fields).limit(batch).tuples()
        count = 0
        for row in rows:
            count += 1
            last = row[:width]
            yield row
        if count < batch:
            return


def _after(fields, values):
    """(a, b, c) > (x, y, z) spelled out, which both SQLite and PostgreSQL plan as an index range."""
    condition = fields[-1] > values[-1]
    for field, value in zip(reversed(fields[:-1]), reversed(values[:-1])):
        condition = (field > value) | ((field == value) & condition)
    return condition
