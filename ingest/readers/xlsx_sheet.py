"""A worksheet in points: its cells' texts and fills, and the geometry (borders as segments,
solid fills as fills, each non-empty cell a word at its centre) that the diagram stages read."""

from __future__ import annotations

from typing import Optional

from openpyxl.utils import get_column_letter

from ingest.readers.diagram_geometry import Fill, Geometry
from ingest.tables_geom import Word

_PT_PER_CHAR = 5.25  # Excel column width unit (one '0' of the default font) in points
_DEFAULT_WIDTH = 8.43
_DEFAULT_HEIGHT = 15.0


def cell_color(cell) -> Optional[tuple[float, float, float]]:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = getattr(fill.fgColor, "rgb", None)
    if not isinstance(rgb, str) or len(rgb) < 6:
        return None  # theme or indexed colours carry no RGB here
    h = rgb[-6:]
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def sheet_geometry(ws) -> tuple[Geometry, list[Word], list[float], list[float]]:
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
            color = cell_color(cell)
            if color is not None and min(color) < 0.97:
                geo.fills.append(Fill((x0, y0, x1, y1), color))
                geo.hsegs.extend([(y0, x0, x1), (y1, x0, x1)])
                geo.vsegs.extend([(x0, y0, y1), (x1, y0, y1)])
            text = cell_text(cell.value)
            if text and x1 > x0 and y1 > y0:
                cy = (y0 + y1) / 2
                h = min(ys[r0] - ys[r0 - 1], y1 - y0) / 4  # a small glyph height: rows read as lines
                words.append(Word(x0 + 1, cy - h, x1 - 1, cy + h, text))
    return geo, words, xs, ys
