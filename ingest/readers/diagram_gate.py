"""The cheap first question on every PDF page: could two boxes here carry a header?

A page is a diagram only when two or more of its boxes open with a cascade header
(`diagram_verdict.can_be_diagram`). A box's header is the first line of its top cell, and that
cell must be alone on its row of the box or span nearly all of the box's width. Most pages of a
table document print such words ("Sasaran", "Indikator", "Program") only in running text,
outside any drawn cell, or in the header row of a ruled table, where the cell has a
neighbour as wide as a column beside it. Both are told by casting the rays of a few words,
without placing every word of the page in its cell, so a table page costs almost nothing.

The test only rules pages out where the full reading could not find two headed boxes; every
page it lets through is read in full. Unit headers ("Bidang ...", "Kepala Seksi ...") head
boxes of their own shape, and blocks of units split side by side under them, so a page that
prints one at the start of a cell is always let through.
"""

from __future__ import annotations

import re

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


def may_hold_headed_boxes(words: list[Word], geo: Geometry, page_area: float,
                          s: DiagramSettings = DEFAULT_SETTINGS) -> bool:
    """False only when no two cells of the page can open a box with a header."""
    starts = [w for w in words if HEADER_START.match(w.text)]
    if len(starts) < 2:
        return False
    cells = _Cells(words, geo, page_area, s)
    found: dict[BBox, list[Word]] = {}
    for w in starts:
        cell = cells.of(w)
        if cell is not None and cells.first_in(w, cell):
            found.setdefault(cell, []).append(w)
    if len(found) < 2:
        return False
    if any(_UNIT_START.match(w.text) for ws in found.values() for w in ws):
        return True  # unit headers: boxes of their own shape
    heads = [c for c, ws in found.items() if not all(cells.crowded(w, c, set(found)) for w in ws)]
    return len(heads) >= 2


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
        """The words whose centre lies in `box`."""
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
        return out

    def _same(self, a: BBox | None, b: BBox) -> bool:
        """The same cell, allowing for walls drawn a hair apart (`diagram_cells._same_cells`)."""
        return a is not None and all(abs(p - q) <= 2 * self.s.tol for p, q in zip(a, b))

    def first_in(self, w: Word, cell: BBox) -> bool:
        """No word of the same cell is printed on a line clearly above `w`'s: it may open the cell."""
        h = w.bbox[3] - w.bbox[1]
        cy = (w.bbox[1] + w.bbox[3]) / 2
        for o in self.inside(cell):
            oh = o.bbox[3] - o.bbox[1]
            if (o.bbox[1] + o.bbox[3]) / 2 < cy - 1.5 * max(h, oh, 1.0) and self._same(self.of(o), cell):
                return False
        return True

    def crowded(self, w: Word, cell: BBox, headed: set[BBox]) -> bool:
        """A cell with a neighbour beside it on its row that holds words, shares its wall and is
        more than a quarter of its width: in one box with it, the cell is neither alone on its
        row nor most of the box's width (a ruled table's header row). A neighbour that may head
        a box itself, or a word printed across the wall between them (one cell, cut by a line
        drawn through it), keeps the cell a possible header."""
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

    def _cut(self, cell: BBox) -> bool:
        """A word printed across one of the cell's side walls (`diagram_cells._cut_cells`)."""
        for wall in (cell[0], cell[2]):
            probe = (wall - 1.0, cell[1], wall + 1.0, cell[3])
            for o in self.inside((probe[0] - 200.0, probe[1], probe[2] + 200.0, probe[3])):
                if o.bbox[0] < wall < o.bbox[2]:
                    return True
        return False
