"""Rows of a ruled grid, and the logical rows a single ruled row sometimes holds.

Word tables often put several indicators in one ruled row: the indicator cell holds two items one
below the other, and the target and realisasi cells hold one value for each, at the same heights
("Persentase wilayah bebas banjir ... 80 %" and "Ketersediaan air embung ... 2 buah" between the
same two rules). Read as one row, the second indicator is glued to the first and its values are
lost or joined. A ruled row is cut into sub-rows where

- a value cell (a cell whose lines begin with a number) starts a new value, and
- a text cell starts a new item at about the same height: a line that begins with a bullet or an
  enumerator, or a capital after a gap wider than the row's line spacing.

Each cell is then cut where it has a bullet or a gap at the cut. A wrapped sentence (lines with
no gap between them) is never cut,
and a cell that does not break at every cut (a sasaran merged over the sub-rows) keeps its whole
text in the first sub-row with a rowspan over the rest, as a merged cell is printed.
"""

from __future__ import annotations

import re
from statistics import median
from typing import Optional, Sequence

from ingest.cell_items import VALUE_START
from ingest.layout import Cell, Row
from ingest.tables_geom import DEFAULT_SETTINGS, Grid, GridCell, TableSettings, Word, lines_text, text_lines

_ITEM_MARK = re.compile(r"^(?:[•●▪◦·\-–*➔►]|\(?[a-zA-Z0-9]{1,3}[.)](?=\s|$))")
_GAP = 1.35  # a line pitch this many times the row's usual one is a gap between items


def _top(line: Sequence[Word]) -> float:
    return min(w.y0 for w in line)


def _cy(line: Sequence[Word]) -> float:
    return (min(w.y0 for w in line) + max(w.y1 for w in line)) / 2


def _text(line: Sequence[Word]) -> str:
    return " ".join(w.text for w in line)


def _starts_item(line: Sequence[Word], prev: Sequence[Word], pitch: float, capital: bool = True) -> bool:
    """A line that begins a new item: a bullet or enumerator, or (a capital, when `capital`)
    after a gap."""
    text = _text(line)
    if _ITEM_MARK.match(text):
        return True
    return (text[:1].isupper() or not capital) and _cy(line) - _cy(prev) > _GAP * pitch


def _is_value_cell(lines: list[list[Word]]) -> bool:
    return len(lines) >= 2 and bool(VALUE_START.match(_text(lines[0])))


def _row_pitch(cells: Sequence[list[list[Word]]]) -> Optional[float]:
    """The usual distance between consecutive lines of wrapped text in this row (value cells,
    whose lines stand at the items' heights, do not set it)."""
    steps = [_cy(b) - _cy(a) for lines in cells if not _is_value_cell(lines) for a, b in zip(lines, lines[1:])]
    if not steps:
        steps = [min(_cy(b) - _cy(a) for lines in cells for a, b in zip(lines, lines[1:]))]
    return median(steps)


def _breaks(lines: list[list[Word]], pitch: float) -> list[float]:
    """Tops of the lines where a text cell starts a new item."""
    return [_top(b) for a, b in zip(lines, lines[1:]) if _starts_item(b, a, pitch)]


def sub_row_cuts(cells: Sequence[list[list[Word]]]) -> list[float]:
    """Heights at which one ruled row divides into logical rows (empty when it does not).

    `cells` are the printed lines of each single-row cell of the ruled row."""
    if not any(len(lines) >= 2 for lines in cells):
        return []
    pitch = _row_pitch(cells)
    if pitch is None or pitch <= 0:
        return []
    values = [lines for lines in cells if _is_value_cell(lines)]
    if not values:
        return []
    starts = sorted(_top(b) for lines in values for b in lines[1:] if VALUE_START.match(_text(b)))
    items = sorted(y for lines in cells if not _is_value_cell(lines) for y in _breaks(lines, pitch))
    cuts: list[float] = []
    for y in starts:
        near = [t for t in items if abs(t - y) <= 1.2 * pitch]
        if not near:
            continue
        cut = min([y] + near) - 0.25 * pitch
        if not cuts or cut - cuts[-1] > 0.8 * pitch:
            cuts.append(cut)
    return cuts


def _band(y: float, cuts: Sequence[float]) -> int:
    return sum(1 for c in cuts if y > c)


def _splits(lines: list[list[Word]], cuts: Sequence[float], pitch: float) -> bool:
    """Whether a cell breaks cleanly at every cut it has text on both sides of."""
    if _is_value_cell(lines):
        return True
    for a, b in zip(lines, lines[1:]):
        if _band(_cy(a), cuts) != _band(_cy(b), cuts) and not _starts_item(b, a, pitch, capital=False):
            return False
    return True


def _split_row(grid: Grid, row_cells: list[GridCell], i: int, slots: list[Cell], page: int,
               lines: dict[int, list[list[Word]]]) -> Optional[list[Row]]:
    """The sub-rows of ruled row `i`, or None when it holds one logical row. `lines` holds each
    cell's printed lines, by id."""
    single = [c for c in row_cells if c.bottom == i and c.words]
    cuts = sub_row_cuts([lines[id(c)] for c in single])
    if not cuts:
        return None
    pitch = _row_pitch([lines[id(c)] for c in single]) or 1.0
    k = len(cuts) + 1
    edges = [grid.ys[i], *cuts, grid.ys[i + 1]]
    out = [list(slots)] + [[Cell("") for _ in slots] for _ in range(k - 1)]
    for c in single:
        ls = lines[id(c)]
        j = c.left
        whole = not _is_value_cell(ls) and all(_band(_cy(line), cuts) == 0 for line in ls)
        if whole or not _splits(ls, cuts, pitch):  # printed beside all the sub-rows: merged over them
            out[0][j] = Cell(slots[j].text, bbox=slots[j].bbox, colspan=slots[j].colspan, rowspan=k)
            continue
        out[0][j] = Cell("", colspan=slots[j].colspan)
        for b in range(k):
            band = [line for line in ls if _band(_cy(line), cuts) == b]
            if band:
                bbox = (grid.xs[c.left], edges[b], grid.xs[c.right + 1], edges[b + 1])
                out[b][j] = Cell(lines_text(band), bbox=bbox, colspan=slots[j].colspan)
    for c in row_cells:
        if c.bottom > i:  # merged down over later ruled rows: it spans these sub-rows too
            cell = out[0][c.left]
            out[0][c.left] = Cell(cell.text, bbox=cell.bbox, colspan=cell.colspan, rowspan=cell.rowspan + k - 1)
    return [Row(cells, page=page, bbox=(grid.xs[0], edges[b], grid.xs[-1], edges[b + 1]))
            for b, cells in enumerate(out) if any(x.text.strip() for x in cells)]


def lattice_rows(grid: Grid, cells: list[GridCell], page: int, s: TableSettings = DEFAULT_SETTINGS) -> list[Row]:
    """One Row per grid row (or per logical row it holds); a merged cell's text sits in its top-left
    slot, the rest are empty."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    slots: list[list[Cell]] = [[Cell("") for _ in range(n_cols)] for _ in range(n_rows)]
    starting: list[list[GridCell]] = [[] for _ in range(n_rows)]
    lines: dict[int, list[list[Word]]] = {}
    for c in cells:
        bbox = (grid.xs[c.left], grid.ys[c.top], grid.xs[c.right + 1], grid.ys[c.bottom + 1])
        lines[id(c)] = text_lines(c.words, s)
        slots[c.top][c.left] = Cell(
            lines_text(lines[id(c)]), bbox=bbox, colspan=c.right - c.left + 1, rowspan=c.bottom - c.top + 1
        )
        starting[c.top].append(c)
    rows: list[Row] = []
    for i in range(n_rows):
        bbox = (grid.xs[0], grid.ys[i], grid.xs[-1], grid.ys[i + 1])
        row = Row(slots[i], page=page, bbox=bbox)
        if row.is_empty() and not any(c.rowspan > 1 for c in row.cells):
            continue
        rows.extend(_split_row(grid, starting[i], i, slots[i], page, lines) or [row])
    return rows
