"""What one PDF page prints, as plain geometry: words, text lines with their font, ruling lines.

PyMuPDF gives words and drawings in the page's unrotated space. Landscape content printed
sideways on a portrait sheet (text running up or down) is turned so its text runs left to right;
every later step then works on horizontal text only. Coordinates stay in PDF points.

The page is read once: what PyMuPDF returned (its words and drawings, unrotated) is kept in
`PageGeometry.printed`, so a later stage that reads the same page its own way (the diagram
reader) does not ask MuPDF again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from typing import Callable, Optional

import pymupdf

from ingest.layout import BBox
from ingest.tables_geom import DEFAULT_SETTINGS, Segment, TableSettings, Word, within

Transform = Callable[[float, float], tuple[float, float]]


@dataclass(slots=True)
class FontSpan:
    bbox: BBox
    size: float
    bold: bool


@dataclass(slots=True)
class PrintedPage:
    """The page as PyMuPDF read it, unrotated: `get_cdrawings()` and the words of the text page
    (x0, y0, x1, y1, text, block, line, word), read with `TEXT_FLAGS`."""

    drawings: list[dict]
    words: list[tuple]


TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP


@dataclass(slots=True)
class PageGeometry:
    """Everything later steps need from a page, in reading-upright coordinates."""

    number: int
    width: float
    height: float
    rotation: int  # degrees the content was turned to read upright (0, 90, 180, 270)
    words: list[Word] = field(default_factory=list)
    spans: list[FontSpan] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    fills: list[BBox] = field(default_factory=list)  # filled (non-white) areas: header bands, zebra rows
    body_size: float = 10.0
    printed: Optional[PrintedPage] = None  # None when the words came from OCR of the page image
    drawn: Optional[object] = None  # OCR'd page: the boxes and connectors in its image (diagram Geometry)


def _text_turn(blocks: list[dict]) -> int:
    """The quarter turn that makes most printed characters run left to right."""
    weight: dict[int, int] = {}
    for b in blocks:
        for line in b.get("lines", ()):
            dx, dy = line["dir"]
            turn = 0 if dx > 0.7 else 180 if dx < -0.7 else 90 if dy < -0.7 else 270 if dy > 0.7 else 0
            n = sum(len(s["text"]) for s in line["spans"])
            weight[turn] = weight.get(turn, 0) + n
    return max(weight, key=lambda k: weight[k]) if weight else 0


def _transform(turn: int, width: float, height: float) -> tuple[Transform, float, float]:
    if turn == 90:  # text runs up the sheet
        return (lambda x, y: (height - y, x)), height, width
    if turn == 270:  # text runs down the sheet
        return (lambda x, y: (y, width - x)), height, width
    if turn == 180:
        return (lambda x, y: (width - x, height - y)), width, height
    return (lambda x, y: (x, y)), width, height


def _box(t: Transform, x0: float, y0: float, x1: float, y1: float) -> BBox:
    ax, ay = t(x0, y0)
    bx, by = t(x1, y1)
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def _is_white(color: object) -> bool:
    return isinstance(color, (tuple, list)) and len(color) >= 3 and min(color[:3]) > 0.95


def ruling_segments(drawings: list[dict], t: Transform, s: TableSettings = DEFAULT_SETTINGS) -> list[Segment]:
    """Horizontal and vertical lines drawn on the page: stroked lines, thin filled rectangles
    (how many producers draw borders) and the edges of stroked rectangles."""
    out: list[Segment] = []

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        bx0, by0, bx1, by1 = _box(t, x0, y0, x1, y1)
        if by1 - by0 <= s.line_width and bx1 - bx0 > s.line_width:
            out.append(Segment(True, (by0 + by1) / 2, bx0, bx1))
        elif bx1 - bx0 <= s.line_width and by1 - by0 > s.line_width:
            out.append(Segment(False, (bx0 + bx1) / 2, by0, by1))

    for d in drawings:
        stroked = d.get("color") is not None and not _is_white(d.get("color"))
        filled = d.get("fill") is not None and not _is_white(d.get("fill"))
        if not stroked and not filled:
            continue
        for item in _painted(d) if not stroked else d["items"]:
            kind = item[0]
            if kind == "l" and stroked:
                (px, py), (qx, qy) = item[1], item[2]
                add(min(px, qx), min(py, qy), max(px, qx), max(py, qy))
            elif kind in ("re", "qu"):
                x0, y0, x1, y1 = _item_rect(item)
                if x1 - x0 <= s.line_width or y1 - y0 <= s.line_width:
                    if filled or stroked:
                        add(x0, y0, x1, y1)
                elif stroked:
                    add(x0, y0, x1, y0)
                    add(x0, y1, x1, y1)
                    add(x0, y0, x0, y1)
                    add(x1, y0, x1, y1)
    return out


def _painted(d: dict) -> list[tuple]:
    """The items a drawing paints. A fill of one rectangle inside another by the even-odd rule
    paints only the ring between them (WeasyPrint draws CSS borders so): the ring's sides, as
    rectangles, so a border 0.4 pt thick is a rule and not a shaded area."""
    items = d["items"]
    if not (d.get("even_odd") and d.get("fill") is not None and len(items) == 2 and all(i[0] == "re" for i in items)):
        return items
    a, b = _item_rect(items[0]), _item_rect(items[1])
    outer, inner = (a, b) if (b[2] - b[0]) * (b[3] - b[1]) <= (a[2] - a[0]) * (a[3] - a[1]) else (b, a)
    if not (outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]):
        return items
    sides = [(outer[0], outer[1], outer[2], inner[1]), (outer[0], inner[3], outer[2], outer[3]),
             (outer[0], inner[1], inner[0], inner[3]), (inner[2], inner[1], outer[2], inner[3])]
    return [("re", side) for side in sides if side[2] - side[0] > 0.01 and side[3] - side[1] > 0.01]


def _item_rect(item: tuple) -> BBox:
    """The normalised rectangle of a `get_cdrawings` "re" item, or the bounding box of a "qu"."""
    if item[0] == "re":
        x0, y0, x1, y1 = item[1]
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    xs = [p[0] for p in item[1]]
    ys = [p[1] for p in item[1]]
    return (min(xs), min(ys), max(xs), max(ys))


def filled_areas(drawings: list[dict], t: Transform, s: TableSettings = DEFAULT_SETTINGS) -> list[BBox]:
    """Rectangles painted in a colour other than white and wider than a rule: the shaded header
    band of a table, its zebra rows, the cells of a coloured grid."""
    out: list[BBox] = []
    for d in drawings:
        fill = d.get("fill")
        if fill is None or _is_white(fill):
            continue
        for item in _painted(d):
            if item[0] in ("re", "qu"):
                x0, y0, x1, y1 = _item_rect(item)
                if x1 - x0 > s.line_width and y1 - y0 > s.line_width:
                    out.append(_box(t, x0, y0, x1, y1))
    return out


def _gutter(a: BBox, b: BBox, axis: int, gap: float) -> Optional[Segment]:
    """The rule a thin white gap between two fills stands for: between `a` and `b` side by side
    (axis 0) or one above the other (axis 1), along the stretch they share."""
    lo, hi = (a, b) if a[axis] <= b[axis] else (b, a)
    width = hi[axis] - lo[axis + 2]
    if not 0.2 <= width <= gap:
        return None
    start, end = max(a[1 - axis], b[1 - axis]), min(a[3 - axis], b[3 - axis])
    if end - start < 0.5 * min(a[3 - axis] - a[1 - axis], b[3 - axis] - b[1 - axis]):
        return None
    return Segment(axis == 1, (lo[axis + 2] + hi[axis]) / 2, start, end)


def _joined_fills(fills: list[BBox]) -> list[BBox]:
    """Fills that touch one above the other over the same width, joined: Word paints a shaded
    cell as its text area plus thin padding strips above and below."""
    out: list[BBox] = []
    for f in sorted(fills, key=lambda f: f[1]):
        for k, g in enumerate(out):
            overlap = min(f[2], g[2]) - max(f[0], g[0])
            if abs(f[1] - g[3]) <= 0.5 and overlap >= 0.8 * min(f[2] - f[0], g[2] - g[0]):
                out[k] = (min(f[0], g[0]), g[1], max(f[2], g[2]), max(f[3], g[3]))
                break
        else:
            out.append(f)
    return out


_TALL_ROW = 60.0  # points: a band of shaded cells this tall is a table row of its own, not a zebra stripe


def mosaic_edges(fills: list[BBox], ruled: list[Segment], s: TableSettings = DEFAULT_SETTINGS) -> list[Segment]:
    """The rules of a table drawn as shaded cells with thin white gutters and no lines.

    Some Word table styles shade every cell and leave white gaps between them: the gaps are the
    table's rules. A gutter no wider than a rule snap between two shaded cells becomes a ruling
    line, and the outline of a group of such cells its frame, when the group has cells both side
    by side and one above the other, or is one band of cells taller than a few lines (a table row
    that fills a page), and no rules are drawn over it. Zebra rows (white rows between them), a
    shaded header band, or cells shaded without gutters add nothing."""
    if len(fills) < 4 or len(fills) > 600:
        return []
    gap = s.snap + 1.0
    cells = [f for f in _joined_fills(fills) if f[2] - f[0] >= 6 and f[3] - f[1] >= 6]
    links: dict[int, list[tuple[int, Segment]]] = {i: [] for i in range(len(cells))}
    for i, a in enumerate(cells):
        for j in range(i + 1, len(cells)):
            for axis in (0, 1):
                g = _gutter(a, cells[j], axis, gap)
                if g is not None:
                    links[i].append((j, g))
                    links[j].append((i, g))
    out: list[Segment] = []
    seen: set[int] = set()
    for start in range(len(cells)):
        if start in seen or not links[start]:
            continue
        group, todo, rules = {start}, [start], []
        while todo:
            for j, g in links[todo.pop()]:
                rules.append(g)
                if j not in group:
                    group.add(j)
                    todo.append(j)
        seen |= group
        both = any(g.horizontal for g in rules) and any(not g.horizontal for g in rules)
        tall = len(group) >= 3 and max(cells[i][3] - cells[i][1] for i in group) >= _TALL_ROW
        if not (both or tall):
            continue
        x0, y0 = min(cells[i][0] for i in group), min(cells[i][1] for i in group)
        x1, y1 = max(cells[i][2] for i in group), max(cells[i][3] for i in group)
        if sum(1 for g in ruled if g.end - g.start >= 12 and within(g, (x0, y0, x1, y1), s.snap)) > 2:
            continue  # shaded cells of a table that draws its rules: they are its rules
        out += rules + [Segment(True, y0, x0, x1), Segment(True, y1, x0, x1),
                        Segment(False, x0, y0, y1), Segment(False, x1, y0, y1)]
    return out


# Arrows printed before a label, and the symbol-font glyphs (Wingdings, Symbol) Word uses for
# them: dropped, as the text reader drops them.
_ARROWS = re.compile(r"[➔→⇒►▶➜➤\uf0e0-\uf0f0]")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)


def page_geometry(page: pymupdf.Page, number: int, s: TableSettings = DEFAULT_SETTINGS) -> PageGeometry:
    """Words, font spans and ruling lines of one page (the only place that reads the page)."""
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    info = page.get_text("dict", textpage=textpage)
    blocks = [b for b in info["blocks"] if b.get("type", 0) == 0]
    turn = _text_turn(blocks)
    rect = page.cropbox if page.cropbox else page.rect
    t, width, height = _transform(turn, rect.width, rect.height)
    geo = PageGeometry(number=number, width=width, height=height, rotation=turn)
    sizes: list[float] = []
    for b in blocks:
        for line in b["lines"]:
            for sp in line["spans"]:
                if not sp["text"].strip():
                    continue
                bold = bool(sp["flags"] & 16) or bool(_BOLD_FONT.search(sp.get("font", "")))
                geo.spans.append(FontSpan(_box(t, *sp["bbox"]), sp["size"], bold))
                sizes.extend([sp["size"]] * len(sp["text"]))
    geo.body_size = median(sizes) if sizes else 10.0
    printed_words = page.get_text("words", textpage=textpage)
    words = [(x0, y0, x1, y1, _ARROWS.sub("", text)) for x0, y0, x1, y1, text, *_ in printed_words]
    words = [w for w in words if w[4]]
    if turn == 0:
        geo.words = [Word(*w) for w in words]
    else:
        geo.words = [Word(*_box(t, *w[:4]), w[4]) for w in words]
    drawings = page.get_cdrawings()
    geo.fills = filled_areas(drawings, t, s)
    ruled = ruling_segments(drawings, t, s)
    geo.segments = ruled + mosaic_edges(geo.fills, ruled, s)
    geo.printed = PrintedPage(drawings, printed_words)
    return geo
