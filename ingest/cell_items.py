"""Several logical rows in one table row, where the format gives paragraphs but no geometry.

A Word table often lists two kegiatan in one row: the kegiatan cell holds two paragraphs, and
the output and anggaran cells hold one value paragraph for each ("120 Org" / "90 Org"). Without
heights to match (a .docx is not laid out), the items are matched by count: when the value cells
hold k values each and a text cell holds exactly k items, the row is k rows; a cell with another
count (a sasaran written once beside them all) stays whole in the first, merged over the rest.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.layout import Cell, Row

VALUE_START = re.compile(r"^(?:[<>≤≥±+\-−]\s*)?(?:Rp\.?\s*)?\d")
_CONTINUES = re.compile(r"^[a-z(/,.;:]")  # a line that carries on the one above it


def _is_values(paragraphs: list[str]) -> bool:
    return len(paragraphs) >= 2 and all(VALUE_START.match(p) for p in paragraphs)


def item_count(cells: list[list[str]]) -> int:
    """How many logical rows the row holds (1 when it is one)."""
    counts = Counter(len(ps) for ps in cells if _is_values(ps))
    if not counts:
        return 1
    k = counts.most_common(1)[0][0]
    items = [ps for ps in cells if not _is_values(ps) and len(ps) == k and not any(_CONTINUES.match(p) for p in ps)]
    return k if items else 1


def split_row(row: Row, cells: list[list[str]]) -> list[Row]:
    """`row` as the logical rows its cells' paragraphs (`cells`, one list per cell) hold."""
    k = item_count(cells)
    if k == 1:
        return [row]
    out = [[Cell("", colspan=c.colspan) for c in row.cells] for _ in range(k)]
    for j, (cell, ps) in enumerate(zip(row.cells, cells)):
        if len(ps) == k and (_is_values(ps) or not any(_CONTINUES.match(p) for p in ps)):
            for b, p in enumerate(ps):
                out[b][j] = Cell(p, colspan=cell.colspan)
        else:
            out[0][j] = Cell(cell.text, colspan=cell.colspan, rowspan=k if cell.text else 1)
    return [Row(c, page=row.page, line=row.line) for c in out]
