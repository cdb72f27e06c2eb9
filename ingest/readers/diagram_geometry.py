"""Page geometry for diagram reading: drawings -> segments, fills and connector candidates.

Every coordinate is in the page's displayed orientation (the rotation applied), so "above" means
above on the printed sheet. Lookups go through a bucket grid, so a page with thousands of
drawings (hatching, shadows, spreadsheet borders) costs about linear time, never pairwise.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional
from ingest.layout import BBox
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings

Color = tuple[float, float, float]


@dataclass(slots=True)
class Fill:
    bbox: BBox
    color: Color


@dataclass(slots=True)
class Geometry:
    """What a page's drawings say about boxes: horizontal and vertical segments (every rectangle
    edge, border and axis-aligned line), coloured fills, and marks that may connect boxes."""

    hsegs: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vsegs: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    fills: list[Fill] = field(default_factory=list)
    marks: list[BBox] = field(default_factory=list)  # lines, arrows: connector candidates


def _transform(pt: tuple[float, float], m: tuple[float, ...]) -> tuple[float, float]:
    a, b, c, d, e, f = m
    x, y = pt
    return (a * x + c * y + e, b * x + d * y + f)


Point = tuple[float, float]
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mapper(m: tuple[float, ...]) -> Callable[[Point], Point]:
    """`_transform` by `m`; for an upright page (the identity) the same floats without the
    arithmetic: 1 * x + 0 * y + 0 is x itself, only -0.0 becomes 0.0, as x + 0.0 does."""
    if tuple(m) == _IDENTITY:
        return lambda pt: (pt[0] + 0.0, pt[1] + 0.0)
    return lambda pt: _transform(pt, m)


def _rect(points: Iterable[tuple[float, float]]) -> BBox:
    xs, ys = zip(*points)
    return (min(xs), min(ys), max(xs), max(ys))


def _item_points(item: tuple) -> list[tuple[float, float]]:
    kind = item[0]
    if kind == "re":
        x0, y0, x1, y1 = item[1]
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    if kind == "qu":
        return [tuple(p) for p in item[1]]
    return [tuple(p) for p in item[1:] if isinstance(p, (tuple, list)) and len(p) == 2]


def _is_light(color: Optional[Color]) -> bool:
    return color is None or min(color) > 0.97


def add_rect(geo: Geometry, r: BBox, fill: Optional[Color], stroked: bool, s: DiagramSettings = DEFAULT_SETTINGS) -> None:
    x0, y0, x1, y1 = r
    w, h = x1 - x0, y1 - y0
    if min(w, h) <= s.thin:
        if w >= h:
            geo.hsegs.append(((y0 + y1) / 2, x0, x1))
        else:
            geo.vsegs.append(((x0 + x1) / 2, y0, y1))
        geo.marks.append(r)
        return
    if not stroked and _is_light(fill):
        return  # unstroked white paint on white paper (a text box's background) draws no wall
    geo.hsegs.extend([(y0, x0, x1), (y1, x0, x1)])
    geo.vsegs.extend([(x0, y0, y1), (x1, y0, y1)])
    if fill is not None:
        geo.fills.append(Fill(r, tuple(fill)))  # type: ignore[arg-type]


def page_geometry(drawings: list[dict], matrix: tuple[float, ...], s: DiagramSettings = DEFAULT_SETTINGS) -> Geometry:
    """Sort every drawn path into segments, fills and connector marks (display coordinates)."""
    geo = Geometry()
    upright = tuple(matrix) == _IDENTITY
    at = _mapper(matrix)
    for path in drawings:
        items = path.get("items") or []
        if not items:
            continue
        fill = path.get("fill")
        stroked = path.get("color") is not None and "s" in (path.get("type") or "")
        kinds = {it[0] for it in items}
        if kinds <= {"re", "qu"}:
            for it in items:
                if upright and it[0] == "re":  # the bbox of its four corners, untransformed
                    x0, y0, x1, y1 = it[1]
                    r = (min(x0, x1) + 0.0, min(y0, y1) + 0.0, max(x0, x1) + 0.0, max(y0, y1) + 0.0)
                else:
                    r = _rect(at(p) for p in _item_points(it))
                add_rect(geo, r, fill, stroked, s=s)
            continue
        pts = [at(p) for it in items for p in _item_points(it)]
        if not pts:
            continue
        r = _rect(pts)
        w, h = r[2] - r[0], r[3] - r[1]
        closed = abs(pts[0][0] - pts[-1][0]) < s.tol and abs(pts[0][1] - pts[-1][1]) < s.tol
        if "c" in kinds and closed and min(w, h) >= 12 and len(items) <= 16:
            add_rect(geo, r, fill, stroked, s=s)  # a rounded box
            continue
        if kinds == {"l"} and fill is None:
            for it in items:
                (ax, ay), (bx, by) = at(tuple(it[1])), at(tuple(it[2]))
                if abs(ay - by) <= s.thin:
                    geo.hsegs.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) <= s.thin:
                    geo.vsegs.append(((ax + bx) / 2, min(ay, by), max(ay, by)))
                elif min(abs(ax - bx), abs(ay - by)) > s.diagonal:
                    continue  # a long slanted stroke: hatching or decoration, not a connector
                geo.marks.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
            continue
        geo.marks.append(r)  # arrows, arrowheads, block arrows, curved connectors
    return geo


class SpatialIndex:
    """Buckets over bboxes: the items near a point or a box without scanning them all (not a
    table grid: that is `ingest.tables_geom.Grid`)."""

    def __init__(self, size: float = 64.0) -> None:
        self.size = size
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    def _keys(self, b: BBox) -> Iterator[tuple[int, int]]:
        s = self.size
        for i in range(int(b[0] // s), int(b[2] // s) + 1):
            for j in range(int(b[1] // s), int(b[3] // s) + 1):
                yield (i, j)

    def add(self, idx: int, b: BBox) -> None:
        for k in self._keys(b):
            self.cells[k].append(idx)

    def near(self, b: BBox) -> set[int]:
        out: set[int] = set()
        for k in self._keys(b):
            out.update(self.cells.get(k, ()))
        return out


class RayCaster:
    """Nearest segment above, below, left and right of a point (the walls of its cell)."""

    def __init__(self, hsegs: list[tuple[float, float, float]], vsegs: list[tuple[float, float, float]], size: float = 48.0,
                 tol: float = DEFAULT_SETTINGS.tol):
        self.size = size
        self.tol = tol
        self.h = self._bucket(hsegs)
        self.v = self._bucket(vsegs)

    def _bucket(self, segs: list[tuple[float, float, float]]) -> dict[int, tuple[list[float], list[tuple[float, float, float]]]]:
        raw: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
        for seg in segs:
            _, a, b = seg
            for k in range(int((a - self.tol) // self.size), int((b + self.tol) // self.size) + 1):
                raw[k].append(seg)
        out = {}
        for k, lst in raw.items():
            lst.sort()
            out[k] = ([s[0] for s in lst], lst)
        return out

    def _cast(self, table: dict, along: float, at: float, forward: bool) -> Optional[float]:
        bucket = table.get(int(along // self.size))
        if bucket is None:
            return None
        keys, segs = bucket
        i = bisect_left(keys, at)
        rng = range(i, len(segs)) if forward else range(i - 1, -1, -1)
        for j in rng:
            pos, a, b = segs[j]
            if a - self.tol <= along <= b + self.tol:
                return pos
        return None

    def cell(self, x: float, y: float) -> Optional[BBox]:
        top = self._cast(self.h, x, y, False)
        bottom = self._cast(self.h, x, y, True)
        left = self._cast(self.v, y, x, False)
        right = self._cast(self.v, y, x, True)
        if None in (top, bottom, left, right):
            return None
        return (left, top, right, bottom)  # type: ignore[return-value]


def x_overlap(a: BBox, b: BBox) -> float:
    """How far two bboxes overlap left to right (0 when apart)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
