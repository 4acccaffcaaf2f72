"""Large .xlsx exports with flat memory: rows go from the database cursor into openpyxl's write-only worksheet
(which spills them to a temporary file as they come), and the finished workbook is sent from a temporary file,
never built in memory. A 100,000-row export stays within a few tens of megabytes (bench/run.py measures it)."""
from __future__ import annotations

import tempfile

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


def saved(wb: Workbook):
    """The finished workbook in a temporary file, rewound, for send_download (which closes it when sent)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response that streams it
    wb.save(out)
    out.seek(0)
    return out


def by_key(query, key_fields, batch: int = BATCH):
    """Yield the rows of query in the order of key_fields (ascending, unique together), BATCH rows per query,
    each batch starting after the last key seen: no OFFSET, no whole result held by the driver."""
    last = None
    while True:
        page = query
        if last is not None:
            page = page.where(_after(key_fields, last))
        rows = list(page.order_by(*key_fields).limit(batch))
        if not rows:
            return
        yield from rows
        if len(rows) < batch:
            return
        last = [getattr(rows[-1], f.name) for f in key_fields]


def _after(fields, values):
    """(a, b, c) > (x, y, z) spelled out, which both SQLite and PostgreSQL plan as an index range."""
    condition = fields[-1] > values[-1]
    for field, value in zip(reversed(fields[:-1]), reversed(values[:-1])):
        condition = (field > value) | ((field == value) & condition)
    return condition
