"""Excel reader (.xlsx via openpyxl): a plain table sheet -> layout tables; a cascading sheet
(position blocks, coloured sasaran cells, framed columns) -> the same boxes a drawn diagram gives.

A sheet is laid out in points (column widths, row heights) and turned into the page geometry the
PDF diagram reader works on: cell borders are drawn segments, solid fills are fills, and each
non-empty cell (a merged range counts once) is a printed word at its centre. So one set of rules
finds boxes, tiers and parents for both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ingest.columns import is_header_row, role_of
from ingest.layout import Cell, Layout, Page, Paragraph, Row, Table
from ingest.readers.diagram import Word, diagram_from_geometry
from ingest.readers.diagram_geometry import Fill, Geometry

_PT_PER_CHAR = 5.25  # Excel column width unit (one '0' of the default font) in points
_DEFAULT_WIDTH = 8.43
_DEFAULT_HEIGHT = 15.0


def _color(cell) -> Optional[tuple[float, float, float]]:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = getattr(fill.fgColor, "rgb", None)
    if not isinstance(rgb, str) or len(rgb) < 6:
        return None  # theme or indexed colours carry no RGB here
    h = rgb[-6:]
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _grid(ws) -> list[list[str]]:
    return [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]


def _is_plain_table(rows: list[list[str]]) -> bool:
    """A header row near the top and most filled rows with three or more values."""
    filled = [r for r in rows if sum(1 for t in r if t) >= 1]
    if len(filled) < 3:
        return False
    head = next((i for i, r in enumerate(filled[:8]) if _names_columns(r)), None)
    if head is None:
        return False
    body = filled[head + 1:]
    wide = sum(1 for r in body if sum(1 for t in r if t) >= 3)
    return bool(body) and wide >= 0.6 * len(body)


def _names_columns(texts: list[str]) -> bool:
    """A header row naming two different column roles ("Sasaran 1 | Sasaran 2" does not)."""
    if not is_header_row(Row.from_texts(texts)):
        return False
    return len({role_of(t) for t in texts if t} - {None, "year", "no"}) >= 2


def _sheet_table(rows: list[list[str]], page: int, index: int) -> Table:
    out = [Row([Cell(t) for t in r], page=page, line=n + 1) for n, r in enumerate(rows)]
    return Table(rows=[r for r in out if not r.is_empty()], page=page, index=index)


def sheet_geometry(ws) -> tuple[Geometry, list[Word], tuple[float, float]]:
    """Borders, fills and cell texts of a sheet in points."""
    max_row, max_col = ws.max_row, ws.max_column
    xs = [0.0]
    for c in range(1, max_col + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        width = dim.width if dim is not None and dim.width else _DEFAULT_WIDTH
        xs.append(xs[-1] + (0 if dim is not None and dim.hidden else width * _PT_PER_CHAR))
    ys = [0.0]
    for r in range(1, max_row + 1):
        dim = ws.row_dimensions.get(r)
        height = dim.height if dim is not None and dim.height else _DEFAULT_HEIGHT
        ys.append(ys[-1] + (0 if dim is not None and dim.hidden else height))
    span: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        span[(rng.min_row, rng.min_col)] = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        covered.update((r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1))
    geo = Geometry()
    words: list[Word] = []
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        for cell in row:
            r, c = cell.row, cell.column
            if (r, c) in covered and (r, c) not in span:
                continue  # inside a merged range: drawn by its first cell
            r0, c0, r1, c1 = span.get((r, c), (r, c, r, c))
            x0, y0, x1, y1 = xs[c0 - 1], ys[r0 - 1], xs[c1], ys[r1]
            b = cell.border
            if b is not None:
                if b.top is not None and b.top.style:
                    geo.hsegs.append((y0, x0, x1))
                if b.bottom is not None and b.bottom.style:
                    geo.hsegs.append((y1, x0, x1))
                if b.left is not None and b.left.style:
                    geo.vsegs.append((x0, y0, y1))
                if b.right is not None and b.right.style:
                    geo.vsegs.append((x1, y0, y1))
            color = _color(cell)
            if color is not None and min(color) < 0.97:
                geo.fills.append(Fill((x0, y0, x1, y1), color))
                geo.hsegs.extend([(y0, x0, x1), (y1, x0, x1)])
                geo.vsegs.extend([(x0, y0, y1), (x1, y0, y1)])
            text = _text(cell.value)
            if text and x1 > x0 and y1 > y0:
                cy = (y0 + y1) / 2
                h = min(ys[r0] - ys[r0 - 1], y1 - y0) / 4  # a small glyph height: rows read as lines
                words.append(Word((x0 + 1, cy - h, x1 - 1, cy + h), text))
    return geo, words, (xs[-1], ys[-1])


def read_xlsx(path: Path) -> Layout:
    """Every sheet: a plain table stays a table, anything else is read as a diagram."""
    layout = Layout(source_path=str(path), reader="xlsx")
    wb = load_workbook(path, data_only=True)
    try:
        for number, ws in enumerate(wb.worksheets, start=1):
            rows = _grid(ws)
            layout.pages.append(Page(number=number))
            if ws.title:
                layout.blocks.append(Paragraph(ws.title, page=number, heading=True))
            if _is_plain_table(rows):
                layout.blocks.append(_sheet_table(rows, number, len(list(layout.tables()))))
                continue
            geo, words, (w, h) = sheet_geometry(ws)
            layout.pages[-1].width, layout.pages[-1].height = w, h
            dp = diagram_from_geometry(geo, words, w * h, number, len(layout.boxes))
            layout.blocks.extend(dp.paragraphs)
            layout.boxes.extend(dp.boxes)
            layout.connectors.extend(dp.connectors)
    finally:
        wb.close()
    return layout
