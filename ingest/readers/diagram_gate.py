"""The cheap first question on every PDF page: could two boxes here carry a header?

A page is a diagram only when two or more of its boxes open with a cascade header
(`diagram_verdict.can_be_diagram`). A box's header is the first line of its top cell, and that
cell must be alone on its row of the box or span nearly all of the box's width. Most pages of a
table document print such words ("Sasaran", "Indikator", "Program") only in running text,
outside any drawn cell, or in the header row of a ruled table, where the cell has a
neighbour as wide as a column beside it. Both are told by casting the rays of a few words,
without placing every word of the page in its cell, so a table page costs almost nothing.

The test only rules pages out where the full reading could not find two headed boxes; every
page it lets through is read in full. The strict test (pages with tables) follows the full
reading's rules one by one: a label starts its cell's first line (`_LABEL_START`, nothing but
punctuation before it), cells drawn touching on one row are one box unless unit columns
(`diagram_boxes.split_columns`) or a word across their wall part them, and a unit's name heads
a box only as a unit list over cells of row codes. The loose test (pages without tables) lets
every unit header through and any cell beside another header word; the boxes of the pages it
lets through are counted for the note that they make no diagram. `benchmarks/bench_diagram.py
--gate` checks the strict test against the full reading on a corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Iterable

from ingest.layout import BBox
from ingest.readers.diagram_geometry import Geometry, SpatialIndex, RayCaster
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings
from ingest.tables_geom import Word

# The first words of every header a box can be labelled by (diagram_boxes.HEAD and LABEL, the
# unit names of diagram_lists): a page without two of them has no two headed boxes.
HEADER_START = re.compile(
    r"^\W*(?:kinerja|sasaran|tujuan|misi|visi|program|kegiatan|sub|es+elon|kepala|sekretari|kabid|kasub|kasi|iku|"
    r"ikk|ik|indikator|bidang|bagian|balai|upt|seksi)", re.I)
# ... of them, the words a unit's header starts with (diagram_boxes.UNIT_HEAD, diagram_lists.UNIT_NAME)
_UNIT_START = re.compile(r"^\W*(?:kepala|sekretari|kabid|kabag|kasub|kasi|es+elon|bidang|seksi|sub|bagian|balai|upt)", re.I)
# ... of them, the words a box label (diagram_boxes.HEAD, LABEL) can start with; a unit's name
# ("Bidang ...", "Seksi ...") labels only a unit list, which needs a cell of row codes ("2.1.1").
_LABEL_START = re.compile(
    r"^\W*(?:kinerja|sasaran|tujuan|misi|visi|program|kegiatan|sub|es+elon|kepala|sekretaris|kabid|kasubbag|kasi|"
    r"iku|ikk|ik|indikator)", re.I)
_PAGE: BBox = (-1e9, -1e9, 1e9, 1e9)  # a column every cell lies in
_LETTER = re.compile(r"\w")
_CODE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){1,3}\.?$")  # a unit list's row code (diagram_lists._CODES)


def may_hold_headed_boxes(words: list[Word], geo: Geometry, page_area: float,
                          s: DiagramSettings = DEFAULT_SETTINGS, strict: bool = False) -> bool:
    """False only when no two cells of the page can open a box with a header.

    `strict` is for a page with tables, where only the verdict counts: a cell counts only when
    its first word can start a box label, and a unit header only when a unit list or blocks of
    units may cut its neighbours away. Without it (a page with no table, whose boxes are counted
    for the note that they make no diagram, `diagram._note_unread`) the looser first test."""
    starts = [w for w in words if HEADER_START.match(w.text)]
    if len(starts) < 2:
        return False
    cells = _Cells(words, geo, page_area, s)
    found: dict[BBox, list[Word]] = {}
    for w in starts:
        cell = cells.of(w)
        if cell is not None and cells.first_in(w, cell, strict):
            found.setdefault(cell, []).append(w)
    if len(found) < 2:
        return False
    units = [c for c, ws in found.items() if any(_UNIT_START.match(w.text) for w in ws)]
    if not strict:
        if units:
            return True  # unit headers: boxes of their own shape
        headed = set(found)
        return _two(not all(cells.crowded_loose(w, c, headed) for w in ws) for c, ws in found.items())
    if units and _unit_list(units, words, cells):
        return True  # a unit list (a unit header over cells of row codes): a box of its own shape
    columns = units if _side_by_side(units, s) else []
    if any(cells._cut(u) for u in columns):
        columns = [_PAGE]  # a unit header cut by a line through a word may be wider: any cell may be in its column
    return _two(any(_LABEL_START.match(w.text) and not cells.crowded(w, c, columns) for w in ws) for c, ws in found.items())


def _two(verdicts: Iterable[bool]) -> bool:
    """Two of them true (asked one by one, as far as needed)."""
    n = 0
    for v in verdicts:
        n += v
        if n >= 2:
            return True
    return False


def _unit_list(units: list[BBox], words: list[Word], cells: _Cells) -> bool:
    """Whether a unit list (`diagram_lists.unit_lists`) may be read: a unit header cell short
    enough to be one (`_is_header`: at most 100 characters) with a cell of row codes ("2.1.1",
    every word a code) somewhere under it. Joined cells only grow and gain words, so this holds
    for the cells the full reading makes as well."""
    tol = cells.s.tol
    headers = [u for u in units if sum(len(o.text) for o in cells.own(u)) <= 100]
    if not headers:
        return False
    top = min(u[3] for u in headers)
    for w in words:
        if not _CODE.match(w.text):
            continue
        cell = cells.of(w)
        if cell is not None and top <= cell[1] + 2 * tol and all(_CODE.match(o.text) for o in cells.own(cell)):
            return True
    return False


def _side_by_side(cells: list[BBox], s: DiagramSettings) -> bool:
    """Two of the cells printed next to each other, not over each other: the least blocks of
    units `split_columns` splits (drawn cells only grow when joined, so this holds for them too)."""
    ordered = sorted(cells)
    return any(b[0] >= a[2] - s.tol for i, a in enumerate(ordered) for b in ordered[i + 1:])


class _Cells:
    """Rays cast from single words: the cell each is printed in (as `diagram_cells` finds it)."""

    def __init__(self, words: list[Word], geo: Geometry, page_area: float, s: DiagramSettings):
        self.words = words
        self.s = s
        self.max_area = s.max_cell_share * page_area
        self.caster = RayCaster(geo.hsegs, geo.vsegs, tol=s.tol)
        self._grid: SpatialIndex | None = None
        self._centres: list[tuple[float, float]] = []
        self._of: dict[int, BBox | None] = {}  # id(word) -> its cell, each cast once
        self._rows: list[int] = []  # word indices by the height of their centre (for `_across`)
        self._heights: list[float] = []
        self._crossed: dict[tuple[float, float, float], bool] = {}
        self._inside: dict[BBox, list[Word]] = {}

    def at(self, x: float, y: float) -> BBox | None:
        cell = self.caster.cell(x, y)
        if cell is None or (cell[2] - cell[0]) * (cell[3] - cell[1]) > self.max_area:
            return None
        return tuple(round(v, 1) for v in cell)  # type: ignore[return-value]

    def of(self, w: Word) -> BBox | None:
        key = id(w)
        if key not in self._of:
            self._of[key] = self.at((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2)
        return self._of[key]

    def inside(self, box: BBox) -> list[Word]:
        """The words whose centre lies in `box` (each box looked up once)."""
        if box in self._inside:
            return self._inside[box]
        if self._grid is None:
            self._grid = SpatialIndex()
            self._centres = [((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2) for w in self.words]
            size, cells = self._grid.size, self._grid.cells
            for i, (cx, cy) in enumerate(self._centres):  # a point falls in one bucket (SpatialIndex.add)
                cells[(int(cx // size), int(cy // size))].append(i)
        out = []
        for i in self._grid.near(box):
            cx, cy = self._centres[i]
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                out.append(self.words[i])
        self._inside[box] = out
        return out

    def own(self, cell: BBox) -> list[Word]:
        """The words printed in `cell` (their centre in it and their rays stopping at its walls)."""
        return [o for o in self.inside(cell) if self._same(self.of(o), cell)]

    def _same(self, a: BBox | None, b: BBox) -> bool:
        """The same cell, allowing for walls drawn a hair apart (`diagram_cells._same_cells`)."""
        return a is not None and all(abs(p - q) <= 2 * self.s.tol for p, q in zip(a, b))

    def first_in(self, w: Word, cell: BBox, strict: bool = False) -> bool:
        """No word of the same cell is printed on a line clearly above `w`'s, nor before it on its
        own line when `strict` (a header's pattern matches from the start of the cell's first
        line, past punctuation only): it may open the cell."""
        h = w.bbox[3] - w.bbox[1]
        cy = (w.bbox[1] + w.bbox[3]) / 2
        for o in self.inside(cell):
            oh = o.bbox[3] - o.bbox[1]
            ocy = (o.bbox[1] + o.bbox[3]) / 2
            above = ocy < cy - 1.5 * max(h, oh, 1.0)
            before = strict and o.x1 <= w.x0 and abs(ocy - cy) <= 0.1 * min(h, oh) and _LETTER.search(o.text) is not None
            if (above or before) and self._same(self.of(o), cell):
                return False
        return True

    def crowded(self, w: Word, cell: BBox, columns: list[BBox]) -> bool:
        """A cell with a neighbour beside it on its row that holds words, touches it
        (`diagram_cells._touch`) and is more than a quarter of its width: in one box with it,
        the cell is neither alone on its row nor most of the box's width, so it heads no box (a
        ruled table's header row). The neighbour may be in another box only when blocks of
        units split the cells into columns (`diagram_boxes.split_columns`, under the unit
        header cells `columns`) and one of the two lies in such a column, or when a word is
        printed across the wall between them (one cell, cut by a line drawn through it)."""
        s = self.s
        cy = (w.bbox[1] + w.bbox[3]) / 2
        width = cell[2] - cell[0]
        for x, left in ((cell[0] - 3 * s.tol, True), (cell[2] + 3 * s.tol, False)):
            side = self.at(x, cy)
            if side is None:
                continue
            touches = (side[2] - cell[0] if left else cell[2] - side[0]) > -s.tol
            rows = min(side[3], cell[3]) - max(side[1], cell[1]) > s.tol
            if not (touches and rows and side[2] - side[0] > 0.25 * width + 4 * s.tol):
                continue
            if not any(self._same(self.of(o), side) for o in self.inside(side)):
                continue  # an empty cell is no cell
            if self._in_column(cell, columns) or self._in_column(side, columns) or self._cut(cell, side[2] if left else side[0]):
                continue
            return True
        return False

    def crowded_loose(self, w: Word, cell: BBox, headed: set[BBox]) -> bool:
        """`crowded` as the loose first test asks it: a neighbour within two tolerances of the
        wall crowds, but not one that may head a box itself (`headed`, or holding a header
        word), and a word across either cell's walls keeps the cell a possible header."""
        s = self.s
        cy = (w.bbox[1] + w.bbox[3]) / 2
        width = cell[2] - cell[0]
        for x, wall in ((cell[0] - 3 * s.tol, cell[0]), (cell[2] + 3 * s.tol, cell[2])):
            side = self.at(x, cy)
            if side is None or side in headed:
                continue
            shares = abs(side[2] - wall) <= 2 * s.tol or abs(side[0] - wall) <= 2 * s.tol
            rows = min(side[3], cell[3]) - max(side[1], cell[1]) > s.tol
            if not (shares and rows and side[2] - side[0] > 0.25 * width + 4 * s.tol):
                continue
            held = self.inside(side)
            if any(HEADER_START.match(o.text) for o in held):
                continue  # it may open a box of its own
            if not any(self._same(self.of(o), side) for o in held):
                continue  # an empty cell is no cell
            if self._cut(cell) or self._cut(side):
                continue
            return True
        return False

    def _in_column(self, cell: BBox, columns: list[BBox]) -> bool:
        """Under one of the unit header cells' width, from its top down (with room for walls
        drawn a hair apart)."""
        d = 2 * self.s.tol
        return any(u[0] - d <= cell[0] and cell[2] <= u[2] + d and cell[1] >= u[1] - d for u in columns)

    def _cut(self, cell: BBox, *more: float) -> bool:
        """A word printed across one of the cell's side walls or the `more` walls at its height
        (`diagram_cells._cut_cells`)."""
        return any(self._across(wall, cell[1], cell[3]) for wall in (cell[0], cell[2], *more))

    def _across(self, wall: float, y0: float, y1: float) -> bool:
        """A word whose centre lies between `y0` and `y1`, within 201 pt of `wall`, and whose
        bbox runs across it."""
        key = (wall, y0, y1)
        if key not in self._crossed:
            if not self._rows:  # the words by the height of their centre, once per page
                self._rows = sorted(range(len(self.words)), key=lambda i: self.words[i].y0 + self.words[i].y1)
                self._heights = [self.words[i].y0 + self.words[i].y1 for i in self._rows]
            found = False
            lo, hi = (wall - 1.0) - 200.0, (wall + 1.0) + 200.0
            start = bisect_left(self._heights, 2 * y0 - 1.0)  # centre heights doubled, a point of slack
            for k in range(start, bisect_right(self._heights, 2 * y1 + 1.0)):
                o = self.words[self._rows[k]]
                cx, cy = (o.x0 + o.x1) / 2, (o.y0 + o.y1) / 2
                if o.x0 < wall < o.x1 and y0 <= cy <= y1 and lo <= cx <= hi:
                    found = True
                    break
            self._crossed[key] = found
        return self._crossed[key]
