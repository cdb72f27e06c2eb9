"""Join tables that a page break (or a blank line in a text conversion) cut in two.

A table that starts without a header row and follows another table with nothing printed in
between is the same table continued: its rows are appended, and the first of them is marked so
extractors can join a row that the break cut in half. A repeated header row at the top of the
continuation is dropped. Used by every reader, so extractors see one table either way.
"""

from __future__ import annotations

from ingest.columns import is_header_row
from ingest.layout import Block, Layout, Row, Table


def _header_texts(table: Table) -> list[str] | None:
    for row in table.rows[:3]:
        if is_header_row(row):
            return [c.text.strip().lower() for c in row.cells]
    return None


def _starts_with_header(table: Table) -> bool:
    return any(is_header_row(r) for r in table.rows[:2])


def _width(table: Table) -> int:
    """Columns actually printed: trailing empty cells (runs of TABs) do not count."""
    return max((max((i + 1 for i, c in enumerate(r.cells) if c.text.strip()), default=0) for r in table.rows), default=0)


def _compatible(prev: Table, nxt: Table) -> bool:
    a, b = _width(prev), _width(nxt)
    return abs(a - b) <= 1 or b <= a


def _drop_repeated_header(prev: Table, rows: list[Row]) -> list[Row]:
    """The continuation without the header rows (one or several) repeated from the top of prev."""
    top = [[c.text.strip().lower() for c in r.cells] for r in prev.rows[:4]]
    k = 0
    while k < len(rows) and [c.text.strip().lower() for c in rows[k].cells] in top:
        k += 1
    return rows[k:]


def stitch_tables(layout: Layout) -> Layout:
    """Merge continued tables in place and number all tables in reading order."""
    blocks: list[Block] = []
    for block in layout.blocks:
        prev = blocks[-1] if blocks else None
        if isinstance(block, Table) and isinstance(prev, Table):
            prev_header = _header_texts(prev)
            head = block.rows[0]
            repeated = prev_header is not None and [c.text.strip().lower() for c in head.cells] == prev_header
            if repeated:
                block.rows = _drop_repeated_header(prev, block.rows)
                if not block.rows:
                    continue  # only the header was repeated: the table ended at the page foot
            if (repeated or not _starts_with_header(block)) and _compatible(prev, block):
                prev.breaks.append(len(prev.rows))
                prev.rows.extend(block.rows)
                continue
        blocks.append(block)
    layout.blocks = blocks
    for i, t in enumerate(layout.tables()):
        t.index = i
    return layout

