"""Links between diagram boxes drawn apart: connectors, unit ranks, value tables.

Connectors are the marks outside every box, joined where they touch; a mark network that
reaches one box above and others below says the upper box is their parent. A seksi hangs under
the bidang drawn over it, and a small value table drawn right under a box gives it its values.
"""

from __future__ import annotations


from ingest.layout import BBox, Box, Connector
from ingest.readers.diagram_kinds import is_indicator_list, summary_roles
from ingest.readers.diagram_geometry import Geometry, SpatialIndex, x_overlap
from ingest.readers.diagram_lists import UnitList, unit_rank
from ingest.readers.diagram_tree import RANK
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings

def connectors(geo: Geometry, boxes: list[Box], page: int, siblings: list[list[int]], s: DiagramSettings = DEFAULT_SETTINGS) -> list[Connector]:
    """Marks outside every box, joined where they touch; a mark network that reaches one box
    above and others below says the upper box is their parent."""
    grid = SpatialIndex()
    for i, b in enumerate(boxes):
        grid.add(i, b.bbox)

    def inside(m: BBox) -> bool:
        """A box's own walls and rules: wholly inside it, or from inside it along one of its walls
        (a wall drawn on past the box). A rule running on out of the box is its connector stub."""
        cx, cy = (m[0] + m[2]) / 2, (m[1] + m[3]) / 2
        for i in grid.near((cx, cy, cx, cy)):  # both need the mark's centre in the box
            b = boxes[i].bbox
            if b[0] - s.tol <= m[0] and m[2] <= b[2] + s.tol and b[1] - s.tol <= m[1] and m[3] <= b[3] + s.tol:
                return True
            if b[0] - s.tol <= cx <= b[2] + s.tol and b[1] - s.tol <= cy <= b[3] + s.tol and (
                    min(abs(cx - b[0]), abs(cx - b[2])) <= s.tol or min(abs(cy - b[1]), abs(cy - b[3])) <= s.tol):
                return True
        return False

    marks = [m for m in geo.marks if not inside(m)]
    parent = list(range(len(marks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    mgrid = SpatialIndex()
    grown = [(m[0] - 2 * s.tol, m[1] - 2 * s.tol, m[2] + 2 * s.tol, m[3] + 2 * s.tol) for m in marks]
    for i, g in enumerate(grown):
        mgrid.add(i, g)
    for i, g in enumerate(grown):
        for j in mgrid.near(g):
            if j > i and g[0] <= marks[j][2] and marks[j][0] <= g[2] and g[1] <= marks[j][3] and marks[j][1] <= g[3]:
                parent[find(j)] = find(i)
    nets: dict[int, list[int]] = {}
    for i in range(len(marks)):
        nets.setdefault(find(i), []).append(i)
    out: list[Connector] = []
    for members in nets.values():
        touched: set[int] = set()
        for i in members:
            for j in grid.near(grown[i]):
                bb = boxes[j].bbox
                g = grown[i]
                if g[0] <= bb[2] and bb[0] <= g[2] and g[1] <= bb[3] and bb[1] <= g[3]:
                    touched.add(j)
        if len(touched) < 2:
            continue
        pts = [((marks[i][0] + marks[i][2]) / 2, (marks[i][1] + marks[i][3]) / 2) for i in members]
        heads: list[int] = []
        for j in touched:
            b = boxes[j]
            ups = [boxes[k] for k in touched if boxes[k].bbox[3] <= b.bbox[1] + s.tol and _higher(boxes[k], b)]
            if not ups:
                heads.append(b.index)
                continue
            # a bus runs past several tiers: each box hangs from the nearest box above it on it
            src = max(ups, key=lambda a: (a.bbox[3], x_overlap(a.bbox, b.bbox)))
            out.append(Connector(page=page, points=pts, source=src.index, target=b.index))
        if len(heads) >= 2:
            siblings.append(sorted(heads))  # a bus that joins boxes side by side: one parent
    return out


def _higher(a: Box, b: Box) -> bool:
    ra, rb = RANK.get(a.tier or ""), RANK.get(b.tier or "")
    return ra < rb if ra is not None and rb is not None else True


def unit_parents(units: list[tuple[UnitList, Box]], s: DiagramSettings = DEFAULT_SETTINGS) -> list[tuple[Box, Box]]:
    """A seksi hangs under the nearest bidang (a unit of the rank above) drawn over it."""
    out = []
    for u, box in units:
        rank = unit_rank(u.name)
        ups = [(b, v) for v, b in units if unit_rank(v.name) == rank - 1 and b.bbox[3] <= box.bbox[1] + s.tol
               and x_overlap(b.bbox, box.bbox) > 0]
        if ups:
            out.append((box, max(ups, key=lambda x: x[0].bbox[3])[0]))
    return out


def summary_parents(boxes: list[Box], s: DiagramSettings = DEFAULT_SETTINGS) -> list[tuple[Box, Box]]:
    """A summary table drawn right under a box gives its values to that box."""
    out = []
    for box in boxes:
        if box.table is None or summary_roles(box.table) is None:
            continue
        ups = [b for b in boxes if b is not box and b.bbox[3] <= box.bbox[1] + s.tol and x_overlap(b.bbox, box.bbox) > 0
               and box.bbox[1] - b.bbox[3] <= s.summary_gap * _line_height(box)]
        if ups:
            out.append((box, max(ups, key=lambda b: b.bbox[3])))
    return out


def indicator_parents(boxes: list[Box], s: DiagramSettings = DEFAULT_SETTINGS) -> list[tuple[Box, Box]]:
    """A box headed "Indikator" / "IK :" drawn right under a goal box (a small gap, the same
    column) holds that goal's indicators: it hangs under it, whatever the connectors say."""
    out = []
    for box in boxes:
        if not is_indicator_list(box):
            continue
        width = box.bbox[2] - box.bbox[0]
        ups = [b for b in boxes if b is not box and b.bbox[3] <= box.bbox[1] + s.tol and not is_indicator_list(b)
               and x_overlap(b.bbox, box.bbox) >= 0.5 * min(width, b.bbox[2] - b.bbox[0])
               and box.bbox[1] - b.bbox[3] <= s.summary_gap * _line_height(box)]
        if ups:
            out.append((box, max(ups, key=lambda b: b.bbox[3])))
    return out


def _line_height(box: Box) -> float:
    rows = [r.bbox[3] - r.bbox[1] for r in (box.table.rows if box.table else []) if r.bbox]
    return min(rows) if rows else 10.0
