"""Excel drawing shapes (xl/drawings): text boxes and connectors drawn over a sheet -> the walls,
words and connector marks the diagram reader takes from a PDF page's drawings.

A pohon kinerja drawn in Excel with shapes holds its text in text boxes, not cells, and its
arrows are connector shapes; openpyxl keeps neither. Each shape is placed on the sheet in points
by its anchor (the cell it starts in plus an offset in EMU), a group's children by the group's
own coordinate space. A box is drawn where the shape is outlined or filled (an outline-less
white text box is no wall, as in a PDF); each non-empty paragraph is one printed line laid out
top-down inside it; a connector becomes the elbow of lines joining its two ends, so the
connector stage finds the boxes it joins.
"""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from lxml import etree

from ingest.layout import BBox
from ingest.readers.diagram_geometry import Color, Geometry, add_rect
from ingest.readers.ooxml_guard import safe_parser, sheet_titles
from ingest.tables_geom import Word

EMU_PER_PT = 12700
_XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
_INSET = 45720 / EMU_PER_PT  # a text box's default top/left inset (0.05 inch)
_WHITE = {"lt1", "bg1", "lt2", "bg2"}


@dataclass(slots=True)
class Shape:
    """One drawn shape in sheet points: a box (`lines` of text, outline, fill) or a connector."""

    bbox: BBox
    lines: list[tuple[str, float]] = field(default_factory=list)  # paragraph text, font size (pt)
    stroked: bool = False
    fill: Optional[Color] = None
    ends: Optional[tuple[tuple[float, float], tuple[float, float]]] = None  # a connector: start, end


def sheet_shapes(data: io.BytesIO | Path) -> dict[str, list[tuple[_Anchor, list[tuple[BBox, Shape]]]]]:
    """Sheet title -> the shapes drawn over it (anchors not yet placed: see `place`)."""
    try:
        zf = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError):
        return {}
    out: dict[str, list[tuple[_Anchor, list[tuple[BBox, Shape]]]]] = {}  # per sheet, as _anchored gives them
    with zf:
        names = set(zf.namelist())
        theme = _theme(zf, names)
        for part, title in sheet_titles(zf).items():
            rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
            if rels not in names:
                continue
            for rel in _xml(zf, rels):
                if rel.get("Type") != _DRAWING:
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(part), rel.get("Target", "")))
                try:
                    if target in names:
                        out.setdefault(title, []).extend(_anchored(_xml(zf, target), theme))
                except ValueError:  # a number that is none: the drawing is left unread, the cells are not
                    continue
    return out


def _xml(zf: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(zf.read(name), safe_parser())
    except etree.XMLSyntaxError:
        return etree.Element("none")


def _theme(zf: zipfile.ZipFile, names: set[str]) -> dict[str, Color]:
    """Scheme colour name (accent1, dk2, ...) -> RGB, from the workbook's theme."""
    out: dict[str, Color] = {}
    for name in sorted(n for n in names if n.startswith("xl/theme/") and n.endswith(".xml"))[:1]:
        for scheme in _xml(zf, name).iter(f"{_A}clrScheme"):
            for slot in scheme:
                rgb = next((c.get("lastClr") or c.get("val") for c in slot), None)  # sysClr: its last colour
                if _hex(rgb):
                    out[etree.QName(slot).localname] = _hex(rgb)  # type: ignore[assignment]
    out.setdefault("lt1", (1.0, 1.0, 1.0))
    out.setdefault("dk1", (0.0, 0.0, 0.0))
    for alias, name in (("bg1", "lt1"), ("tx1", "dk1"), ("bg2", "lt2"), ("tx2", "dk2")):
        if name in out:
            out.setdefault(alias, out[name])
    return out


@dataclass(slots=True)
class _Anchor:
    """Where a top-level shape sits: cell (col, row) plus offsets in EMU, or absolute EMU."""

    start: tuple[int, int, float, float]  # col, row, col offset, row offset
    end: Optional[tuple[int, int, float, float]] = None
    ext: Optional[tuple[float, float]] = None  # width, height in EMU (oneCellAnchor)


def _anchored(root, theme: dict[str, Color]) -> list[tuple[_Anchor, list[tuple[BBox, Shape]]]]:
    """Per anchor: its shapes with boxes in the anchor's own frame (0..1 of its width/height)."""
    out = []
    for anchor in root:
        kind = etree.QName(anchor).localname
        if kind not in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"):
            continue
        if kind == "absoluteAnchor":
            pos, ext = anchor.find(f"{_XDR}pos"), anchor.find(f"{_XDR}ext")
            if pos is None or ext is None:
                continue
            where = _Anchor((0, 0, float(pos.get("x", 0)), float(pos.get("y", 0))),
                            ext=(float(ext.get("cx", 0)), float(ext.get("cy", 0))))
        else:
            start = _cell_pos(anchor.find(f"{_XDR}from"))
            if start is None:
                continue
            ext = anchor.find(f"{_XDR}ext")
            end = _cell_pos(anchor.find(f"{_XDR}to"))
            where = _Anchor(start, end, None if ext is None else (float(ext.get("cx", 0)), float(ext.get("cy", 0))))
        shape = next((c for c in anchor if etree.QName(c).localname in ("sp", "cxnSp", "grpSp")), None)
        if shape is None:
            continue
        frame = _xfrm(shape)
        if frame is None:
            continue
        out.append((where, list(_shapes(shape, frame, theme))))
    return out


def _cell_pos(el) -> Optional[tuple[int, int, float, float]]:
    if el is None:
        return None
    get = {etree.QName(c).localname: (c.text or "0") for c in el}
    try:
        return int(get.get("col", 0)), int(get.get("row", 0)), float(get.get("colOff", 0)), float(get.get("rowOff", 0))
    except ValueError:
        return None


def _xfrm(shape) -> Optional[tuple[float, float, float, float]]:
    """A top-level shape's own frame (x, y, width, height in EMU): what its anchor spans."""
    x = shape.find(f"{_XDR}spPr/{_A}xfrm")
    if x is None:
        x = shape.find(f"{_XDR}grpSpPr/{_A}xfrm")
    off, ext = (None, None) if x is None else (x.find(f"{_A}off"), x.find(f"{_A}ext"))
    if off is None or ext is None:
        return None
    return float(off.get("x", 0)), float(off.get("y", 0)), float(ext.get("cx", 0)), float(ext.get("cy", 0))


def _shapes(shape, frame: tuple[float, float, float, float], theme: dict[str, Color], to_frame=None):
    """(box in frame units 0..1, Shape) for a shape and, for a group, all its descendants."""
    fx, fy, fw, fh = frame
    norm = to_frame or (lambda x, y: ((x - fx) / (fw or 1), (y - fy) / (fh or 1)))
    kind = etree.QName(shape).localname
    if kind == "grpSp":
        x = shape.find(f"{_XDR}grpSpPr/{_A}xfrm")
        if x is None:
            return
        off, ext, coff, cext = (x.find(f"{_A}{t}") for t in ("off", "ext", "chOff", "chExt"))
        if None in (off, ext, coff, cext):
            return
        ox, oy, ew, eh = float(off.get("x", 0)), float(off.get("y", 0)), float(ext.get("cx", 0)), float(ext.get("cy", 0))
        cx, cy, cw, ch = (float(coff.get("x", 0)), float(coff.get("y", 0)),
                          float(cext.get("cx", 0)) or 1, float(cext.get("cy", 0)) or 1)

        def child(x: float, y: float, norm=norm):  # child space -> the group's space -> the frame
            return norm(ox + (x - cx) * ew / cw, oy + (y - cy) * eh / ch)

        for c in shape:
            if etree.QName(c).localname in ("sp", "cxnSp", "grpSp"):
                yield from _shapes(c, frame, theme, child)
        return
    props = shape.find(f"{_XDR}spPr")
    x = None if props is None else props.find(f"{_A}xfrm")
    if x is None or x.find(f"{_A}off") is None or x.find(f"{_A}ext") is None:
        return
    off, ext = x.find(f"{_A}off"), x.find(f"{_A}ext")
    x0, y0 = float(off.get("x", 0)), float(off.get("y", 0))
    w, h = float(ext.get("cx", 0)), float(ext.get("cy", 0))
    rot = float(x.get("rot", 0)) / 60000
    mx, my = x0 + w / 2, y0 + h / 2
    if kind == "cxnSp":
        a = (x0 + w, y0) if x.get("flipH") == "1" else (x0, y0)
        b = (x0, y0 + h) if x.get("flipH") == "1" else (x0 + w, y0 + h)
        if x.get("flipV") == "1":
            a, b = (a[0], y0 + h), (b[0], y0)
        a, b = norm(*_turn(a, (mx, my), rot)), norm(*_turn(b, (mx, my), rot))
        yield (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])), Shape((0, 0, 0, 0), ends=(a, b))
        return
    if rot % 180 == 90:  # a quarter turn about the centre: the drawn box is the frame turned
        x0, y0, w, h = mx - h / 2, my - w / 2, h, w
    p0, p1 = norm(x0, y0), norm(x0 + w, y0 + h)
    out = Shape((0, 0, 0, 0), lines=_lines(shape), stroked=_stroked(shape, props), fill=_fill(props, theme))
    yield (p0[0], p0[1], p1[0], p1[1]), out


def _turn(p: tuple[float, float], c: tuple[float, float], degrees: float) -> tuple[float, float]:
    if not degrees:
        return p
    t = math.radians(degrees)
    dx, dy = p[0] - c[0], p[1] - c[1]
    return c[0] + dx * math.cos(t) - dy * math.sin(t), c[1] + dx * math.sin(t) + dy * math.cos(t)


def _lines(shape) -> list[tuple[str, float]]:
    out = []
    for p in shape.iter(f"{_A}p"):
        text = " ".join("".join(t.text or "" for t in p.iter(f"{_A}t")).split())
        if text:
            run = next((r for r in p.iter(f"{_A}rPr") if r.get("sz")), None)
            out.append((text, float(run.get("sz")) / 100 if run is not None else 11.0))
    return out


def _stroked(shape, props) -> bool:
    ln = props.find(f"{_A}ln")
    if ln is not None and ln.find(f"{_A}noFill") is not None:
        return False
    if ln is not None and (ln.find(f"{_A}solidFill") is not None or ln.find(f"{_A}gradFill") is not None):
        return True
    ref = shape.find(f"{_XDR}style/{_A}lnRef")
    return ref is not None and ref.get("idx", "0") != "0"  # the theme's line style


def _fill(props, theme: dict[str, Color]) -> Optional[Color]:
    solid = props.find(f"{_A}solidFill")
    if solid is None:
        return None
    for c in solid:
        name = etree.QName(c).localname
        if name == "srgbClr" and _hex(c.get("val")):
            return _hex(c.get("val"))
        if name == "schemeClr":
            return theme.get(c.get("val", ""), (1.0, 1.0, 1.0) if c.get("val") in _WHITE else (0.5, 0.5, 0.5))
    return None


def _hex(v: Optional[str]) -> Optional[Color]:
    if not v or len(v) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in v):
        return None
    return tuple(int(v[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def place(anchored, xs: list[float], ys: list[float]) -> list[Shape]:
    """The shapes in sheet points, given the sheet's column and row edges (`xs`, `ys`; columns
    and rows past them have the default size)."""
    def at(edges: list[float], i: int, step: float) -> float:
        return edges[i] if i < len(edges) else edges[-1] + (i - len(edges) + 1) * step

    out = []
    for where, shapes in anchored:
        c, r, dx, dy = where.start
        x0 = at(xs, c, 8.43 * 5.25) + dx / EMU_PER_PT
        y0 = at(ys, r, 15.0) + dy / EMU_PER_PT
        if where.end is not None and where.ext is None:
            c1, r1, dx1, dy1 = where.end
            x1, y1 = at(xs, c1, 8.43 * 5.25) + dx1 / EMU_PER_PT, at(ys, r1, 15.0) + dy1 / EMU_PER_PT
        elif where.ext is not None:
            x1, y1 = x0 + where.ext[0] / EMU_PER_PT, y0 + where.ext[1] / EMU_PER_PT
        else:
            continue
        w, h = x1 - x0, y1 - y0
        for (u0, v0, u1, v1), s in shapes:
            s.bbox = (x0 + u0 * w, y0 + v0 * h, x0 + u1 * w, y0 + v1 * h)
            if s.ends is not None:
                (a, b), (c2, d) = s.ends
                s.ends = ((x0 + a * w, y0 + b * h), (x0 + c2 * w, y0 + d * h))
            out.append(s)
    return out


def add_shapes(shapes: list[Shape], geo: Geometry, words: list[Word]) -> tuple[float, float]:
    """Walls, fills, words and connector marks of placed shapes, as a PDF page's drawings give;
    returns how far right and down the shapes reach."""
    for s in shapes:
        if s.ends is not None:
            geo.marks.extend(_elbow(*s.ends))
            continue
        x0, y0, x1, y1 = s.bbox
        if x1 - x0 <= 1 or y1 - y0 <= 1:
            continue
        add_rect(geo, s.bbox, s.fill, s.stroked)
        if not s.lines:
            continue
        room = y1 - y0 - 2 * _INSET
        step = min(1.2 * max(size for _, size in s.lines), room / len(s.lines))
        for k, (text, size) in enumerate(s.lines):
            cy = y0 + _INSET + (k + 0.5) * step
            half = min(size, step) * 0.4
            words.append(Word(x0 + _INSET, cy - half, x1 - _INSET, cy + half, text))
    return max([0.0] + [s.bbox[2] for s in shapes]), max([0.0] + [s.bbox[3] for s in shapes])


def _elbow(a: tuple[float, float], b: tuple[float, float], thin: float = 0.5) -> list[BBox]:
    """The lines of a connector from `a` to `b`: straight when level or plumb, else an elbow
    turning halfway along its longer direction (how Excel's elbow connectors are drawn)."""
    (ax, ay), (bx, by) = a, b

    def seg(p, q) -> BBox:
        return (min(p[0], q[0]) - thin, min(p[1], q[1]) - thin, max(p[0], q[0]) + thin, max(p[1], q[1]) + thin)

    if abs(ax - bx) < 1 or abs(ay - by) < 1:
        return [seg(a, b)]
    if abs(by - ay) >= abs(bx - ax):
        my = (ay + by) / 2
        return [seg(a, (ax, my)), seg((ax, my), (bx, my)), seg((bx, my), b)]
    mx = (ax + bx) / 2
    return [seg(a, (mx, ay)), seg((mx, ay), (mx, by)), seg((mx, by), b)]
