"""Diagram cells: each printed word into the cell its drawn walls enclose.

A word's cell is found by casting rays to the nearest wall above, below, left and right of it.
Walls drawn a hair apart (double borders) give one cell, and a line drawn through a printed word
(a connector crossing a box) is no wall. Cells that touch form the groups boxes are made of.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ingest.layout import BBox, Cell, Row, Table
from ingest.readers.diagram_columns import column_lines
from ingest.readers.diagram_geometry import Geometry, SpatialIndex, RayCaster
from ingest.readers.diagram_text import join_lines, union
from ingest.tables_geom import Word
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings


@dataclass(slots=True)
class CellText:
    bbox: BBox  # the drawn cell
    lines: list[tuple[BBox, str]] = field(default_factory=list)
    fill: Optional[tuple[float, float, float]] = None

    @property
    def text(self) -> str:
        return join_lines(self.lines, self.bbox[2])


def word_cells(words: list[Word], geo: Geometry, page_area: float, s: DiagramSettings = DEFAULT_SETTINGS) -> tuple[list[CellText], list[Word]]:
    """Each word into the cell its drawn walls enclose; words without walls are free."""
    caster = RayCaster(geo.hsegs, geo.vsegs, tol=s.tol)
    by_cell: dict[tuple[float, ...], list[Word]] = {}
    free: list[Word] = []
    max_area = s.max_cell_share * page_area
    for w in words:
        cell = caster.cell((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2)
        if cell is None or (cell[2] - cell[0]) * (cell[3] - cell[1]) > max_area:
            free.append(w)
            continue
        by_cell.setdefault((round(cell[0], 1), round(cell[1], 1), round(cell[2], 1), round(cell[3], 1)), []).append(w)
    by_cell = _cut_cells(_same_cells(by_cell, s=s))
    fills = SpatialIndex()
    for i, f in enumerate(geo.fills):
        fills.add(i, f.bbox)
    cells = []
    for key, ws in by_cell.items():
        bbox: BBox = key  # type: ignore[assignment]
        cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
        inside = [geo.fills[i] for i in fills.near((cx, cy, cx, cy))
                  if geo.fills[i].bbox[0] - s.tol <= bbox[0] and bbox[2] <= geo.fills[i].bbox[2] + s.tol
                  and geo.fills[i].bbox[1] - s.tol <= bbox[1] and bbox[3] <= geo.fills[i].bbox[3] + s.tol]
        fill = None
        if inside:
            smallest = min(inside, key=lambda f: (f.bbox[2] - f.bbox[0]) * (f.bbox[3] - f.bbox[1]))
            fill = smallest.color
        cells.append(CellText(bbox, column_lines(ws, s=s), fill))
    cells.sort(key=lambda c: (c.bbox[1], c.bbox[0]))
    return cells, free


def _same_cells(by_cell: dict[tuple[float, ...], list[Word]], s: DiagramSettings = DEFAULT_SETTINGS) -> dict[tuple[float, ...], list[Word]]:
    """Rays cast from different words of one cell can stop at walls drawn a hair apart (a
    double border): cells whose four edges agree within 2 * s.tol are one cell."""
    keys = list(by_cell)
    grid = SpatialIndex()
    for i, k in enumerate(keys):
        grid.add(i, (k[0], k[1], k[0], k[1]))  # by the top-left corner: only near twins are candidates
    into: dict[int, int] = {}
    d = 2 * s.tol
    for i, k in enumerate(keys):
        if i in into:
            continue
        for j in grid.near((k[0] - d, k[1] - d, k[0] + d, k[1] + d)):
            o = keys[j]
            if (j > i and j not in into and abs(k[0] - o[0]) <= d and abs(k[1] - o[1]) <= d
                    and abs(k[2] - o[2]) <= d and abs(k[3] - o[3]) <= d):
                into[j] = i
    if not into:
        return by_cell
    out: dict[tuple[float, ...], list[Word]] = {}
    for i, k in enumerate(keys):
        if i not in into:
            out[k] = list(by_cell[k])
    for j, i in into.items():
        out[keys[i]].extend(by_cell[keys[j]])
    return out


def _cut_cells(by_cell: dict[tuple[float, ...], list[Word]], s: DiagramSettings = DEFAULT_SETTINGS) -> dict[tuple[float, ...], list[Word]]:
    """A line drawn through a printed sentence (a connector crossing a box) is no wall: the two
    cells either side of a wall that cuts a word in two are one cell."""
    keys = list(by_cell)
    into: dict[int, int] = {}
    edges: dict[tuple[int, int], list[int]] = {}  # (side, wall position in s.tol steps) -> cells
    for j, o in enumerate(keys):
        for side in (0, 2):
            edges.setdefault((side, round(o[side] / s.tol)), []).append(j)

    def root(i: int) -> int:
        while i in into:
            i = into[i]
        return i

    def beyond(i: int, side: int, wall: float, cy: float) -> Optional[int]:
        """The first cell whose `side` edge is this wall at the word's height."""
        step = round(wall / s.tol)
        found = [j for n in (step - 1, step, step + 1) for j in edges.get((side, n), ())
                 if j != i and abs(keys[j][side] - wall) <= s.tol and keys[j][1] <= cy <= keys[j][3]]
        return min(found, default=None)

    for i, k in enumerate(keys):
        for w in by_cell[k]:
            width = w.bbox[2] - w.bbox[0]
            cy = (w.bbox[1] + w.bbox[3]) / 2
            for wall, side in ((k[2], 0), (k[0], 2)):  # its right wall (a left wall beyond), its left wall
                if not (w.bbox[2] - wall > s.cut * width and wall - w.bbox[0] > s.cut * width):
                    continue
                other = beyond(i, side, wall, cy)
                if other is not None and root(other) != root(i):
                    into[root(other)] = root(i)
    if not into:
        return by_cell
    groups: dict[int, list[int]] = {}
    for i in range(len(keys)):
        groups.setdefault(root(i), []).append(i)
    out: dict[tuple[float, ...], list[Word]] = {}
    for members in groups.values():
        key = tuple(union([keys[i] for i in members]))  # type: ignore[misc]
        out.setdefault(key, []).extend(w for i in members for w in by_cell[keys[i]])
    return out


def _touch(a: BBox, b: BBox, s: DiagramSettings = DEFAULT_SETTINGS) -> bool:
    """Two cells share an edge (or one holds the other)."""
    ox = min(a[2], b[2]) - max(a[0], b[0])
    oy = min(a[3], b[3]) - max(a[1], b[1])
    return (ox > s.tol and oy > -s.tol) or (oy > s.tol and ox > -s.tol)


def touching_groups(cells: list[CellText], s: DiagramSettings = DEFAULT_SETTINGS) -> list[list[int]]:
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grid = SpatialIndex()
    for i, c in enumerate(cells):
        b = c.bbox
        grid.add(i, (b[0] - s.tol, b[1] - s.tol, b[2] + s.tol, b[3] + s.tol))
    for i, c in enumerate(cells):
        for j in grid.near(c.bbox):
            if j > i and _touch(c.bbox, cells[j].bbox, s=s):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(cells)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def first_line(cell: CellText) -> str:
    return cell.lines[0][1] if cell.lines else ""


def cells_table(cells: list[CellText], page: int, s: DiagramSettings = DEFAULT_SETTINGS) -> Table:
    """A box's cells as a grid: one row per distinct top edge, one column per distinct left edge;
    a cell spanning columns keeps its text in its first column."""
    lefts: list[float] = []
    for x in sorted(c.bbox[0] for c in cells):
        if not lefts or x - lefts[-1] > 2 * s.tol:
            lefts.append(x)
    tops: list[float] = []
    for y in sorted(c.bbox[1] for c in cells):
        if not tops or y - tops[-1] > 2 * s.tol:
            tops.append(y)

    def slot(values: list[float], v: float) -> int:
        return min(range(len(values)), key=lambda i: abs(values[i] - v))

    grid: list[list[Cell]] = [[Cell("") for _ in lefts] for _ in tops]
    for c in cells:
        r, k = slot(tops, c.bbox[1]), slot(lefts, c.bbox[0])
        span = sum(1 for x in lefts[k:] if x < c.bbox[2] - s.tol)
        old = grid[r][k].text
        grid[r][k] = Cell(f"{old}\n{c.text}".strip() if old else c.text, bbox=c.bbox, colspan=max(span, 1))
    rows = [Row(cells=g, page=page, bbox=None) for g in grid]
    for row in rows:
        boxes = [c.bbox for c in row.cells if c.bbox]
        row.bbox = union(boxes) if boxes else None
    return Table(rows=[r for r in rows if not r.is_empty()], page=page, bbox=union([c.bbox for c in cells]))
