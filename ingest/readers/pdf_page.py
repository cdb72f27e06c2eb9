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
from ingest.tables_geom import DEFAULT_SETTINGS, Segment, TableSettings, Word

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
        for item in d["items"]:
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
        for item in d["items"]:
            if item[0] in ("re", "qu"):
                x0, y0, x1, y1 = _item_rect(item)
                if x1 - x0 > s.line_width and y1 - y0 > s.line_width:
                    out.append(_box(t, x0, y0, x1, y1))
    return out


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
    words = page.get_text("words", textpage=textpage)
    if turn == 0:
        geo.words = [Word(x0, y0, x1, y1, text) for x0, y0, x1, y1, text, *_ in words]
    else:
        geo.words = [Word(*_box(t, x0, y0, x1, y1), text) for x0, y0, x1, y1, text, *_ in words]
    drawings = page.get_cdrawings()
    geo.segments = ruling_segments(drawings, t, s)
    geo.fills = filled_areas(drawings, t, s)
    geo.printed = PrintedPage(drawings, words)
    return geo
