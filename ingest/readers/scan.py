"""Scanned pages: one page image -> the same `PageGeometry` the PDF reader builds from a text layer.

A page without a usable text layer (an image-only scan, or a "sandwich" whose OCR words lie
hidden under or invisible over the page image) is rendered at `DPI`, turned upright (quarter
turns), deskewed, read by an OCR engine (`ingest.ocr_engines`), and its ruling lines are found
in the image with OpenCV morphology. Words and rules come back in page points of the upright,
deskewed image, so tables, stitching, extractors, normalizer and validators run unchanged; a
page whose rules cannot be recovered has none, and its tables go the unruled (stream) path.

Orientation: the direction text lines run (horizontal or vertical strokes after smearing)
decides between upright and sideways; OCR confidence then decides between a turn and its
opposite, so the common upright page pays for one OCR run only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Callable

import cv2
import numpy as np
import pymupdf

from ingest import ocr
from ingest.ocr import OcrWord
from ingest.ocr_engines import MAX_REREAD, PAGE_MIN_CONF, Engine
from ingest.ocr_engines import engine as make_engine
from ingest.readers.pdf_page import PageGeometry
from ingest.readers.scan_diagram import (
    BOX_DPI, Box, connector_strokes, diagram_geometry, find_boxes, light_text_boxes, on_borders)
from ingest.readers.scan_tiles import Frame, Rect, find_boxes_tiled, in_tiles, read_tiles, whole_scale
from ingest.tables_geom import Segment, Word

# OpenCV's own thread pool is not used: each of its threads maps a malloc arena (64 MB of address
# space) that counts against a worker's --memory, and the batch pool runs one worker per core.
cv2.setNumThreads(1)

DPI = 200  # OCR reads print well at this resolution, and an A4 page stays about 3 Mpx
MAX_PIXELS = 40_000_000  # a huge sheet (a cascade poster) is rendered at a lower resolution
MAX_SKEW = 5.0  # degrees: the tilt searched for either way (scanners tilt a page by a few degrees)
GOOD_CONF = 60.0  # mean word confidence at which the first orientation tried is kept
MIN_RULE = 0.3  # inches: a horizontal ruling line is at least this long
MIN_VRULE = 0.6  # inches, for a vertical one: the stems of letters in a column of lines line up too
REACH = 0.25  # inches: a rule ending this close to a rule across it is drawn on to meet it
MIN_VPIECE = 0.2  # inches: a solid piece of a broken vertical rule (a letter stem is shorter)
DASH_GAP = 0.03  # inches: gaps of dashed or faxed rules that are bridged
SOLID_GAP = 2  # pixels: specks of scan noise in a solid rule
RULE_GAP = 0.3  # inches: pieces of one broken rule (faxed, long dashes) this close on the same line are joined
MAX_RULE_THICK = 0.05  # inches: a stroke thicker than this is ink (letters bridged, a stamp), not a rule
MAX_DASH_THICK = 0.025  # inches: dashed rules are thin
LOW_CONF = 60.0  # a number read with less confidence than this is reported for checking


@dataclass(slots=True)
class ScanPage:
    """The geometry of one scanned page and how it was read."""

    geometry: PageGeometry
    engine: str
    turn: int  # quarter turn applied to read the page upright (degrees clockwise)
    skew: float  # degrees the page was rotated to straighten it
    conf: float  # mean word confidence (0-100)
    doubtful: list[OcrWord] = field(default_factory=list)  # numbers read with low confidence
    reread: int = 0  # doubtful words read again from their own crop, more confidently
    confs: list[float] = field(default_factory=list)  # word confidence, one per geometry word


def render_grey(page: pymupdf.Page, scale: float | None = None) -> tuple[np.ndarray, float]:
    """The page as a grey image and its pixels per point (`render_scale` unless given)."""
    scale = scale or render_scale(page)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csGRAY, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
    # MuPDF keeps the decoded scan in its store (up to 256 MB) for a page that is never drawn
    # again; emptied, a worker reading scan after scan stays within its memory limit
    pymupdf.TOOLS.store_shrink(100)
    return img, scale


def ink(grey: np.ndarray, block: int | None = None) -> np.ndarray:
    """Ink pixels (255) of a grey page: adaptive threshold (over `block` pixels, by default a
    60th of the page's shorter side), so uneven scan light and grey backgrounds do not turn into ink."""
    block = block or max(15, (min(grey.shape) // 60) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def _small(bw: np.ndarray, side: int = 1000) -> np.ndarray:
    f = side / max(bw.shape)
    return cv2.resize(bw, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else bw


def text_runs_sideways(bw: np.ndarray) -> bool:
    """True when the text lines run up or down the image: smeared along their own direction,
    printed lines become long thin blobs, and there are more of them one way than the other."""
    small = (_small(bw, 1400) > 64).astype(np.uint8) * 255

    def elongated(kernel: tuple[int, int], along_x: bool) -> int:
        smear = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))  # (width, height)
        n, _, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
        w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
        long, short = (w, h) if along_x else (h, w)
        return int(np.sum((long >= 5 * short) & (short >= 5) & (short <= 60) & (long <= 0.5 * max(small.shape))))

    return elongated((1, 7), along_x=False) > 1.3 * elongated((7, 1), along_x=True)


def skew_angle(bw: np.ndarray) -> float:
    """Degrees to rotate the image (counter-clockwise) so its text lines are level: the angle
    at which the row profile of the ink is sharpest, searched coarse then fine."""
    small = _small(bw, 900).astype(np.float32)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rows = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=sharpness)
    return float(round(best, 2))


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by `angle` degrees counter-clockwise about the centre, same size, white fill."""
    if abs(angle) < 0.05:
        return grey
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def turn(grey: np.ndarray, degrees: int) -> np.ndarray:
    """A quarter turn clockwise by `degrees` (0, 90, 180, 270)."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(grey, codes[degrees]) if degrees in codes else grey


# --- ruling lines ------------------------------------------------------------------------------


def rule_masks(bw: np.ndarray, dpi: float, gap: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical strokes in an ink image: gaps up to `gap` pixels bridged by a
    closing, then an opening with a long thin kernel keeps strokes that run far one way. Solid
    vertical strokes need only be `MIN_VPIECE` long: a faxed rule breaks into pieces, joined
    later; bridged ones must be a whole rule long (stacked letters bridge into short strokes)."""
    out = []
    for horizontal in (True, False):
        length = MIN_RULE if horizontal else MIN_VPIECE if gap <= SOLID_GAP else MIN_VRULE
        length = max(10, int(length * dpi))
        closed = bw
        if gap > 1:
            along = (gap, 1) if horizontal else (1, gap)
            closed = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, along))
        kernel = (length, 1) if horizontal else (1, length)
        out.append(cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)))
    return out[0], out[1]


def _is_rule(bw: np.ndarray, x: int, y: int, w: int, h: int, horizontal: bool, margin: int) -> bool:
    """A stroke found after bridging dashes is a rule when the ink image has it dense along its length
    (dashes included), and, for a horizontal one, clear above and below, and seldom crossed:
    the top or baseline of a line of text, bridged by the closing, has letter bodies on one
    side, and the middle of a line has stems through it. A vertical one must be nearly
    unbroken: table text hugs vertical rules, and the first letters of lines stacked in a cell,
    bridged, make a dashed vertical stroke."""
    if not horizontal:
        return float((bw[y:y + h, x:x + w] > 0).any(axis=1).mean()) >= 0.85
    band = bw[y:y + h, x:x + w] > 0
    covered = float(band.any(axis=0).mean())
    thickness = band.sum() / max(w, 1)
    if thickness > 2.5 * margin and float((band.sum(axis=0) >= 0.6 * thickness).mean()) < 0.75:
        return False  # a thick stroke is a solid rule; the bridged x-height of bold text is not
    above = (bw[max(0, y - 3 * margin):max(0, y - margin), x:x + w] > 0).any(axis=0)
    below = (bw[y + h + margin:y + h + 3 * margin, x:x + w] > 0).any(axis=0)
    if above.size != w or below.size != w:  # at the image's edge
        return covered >= 0.5
    through = float((above & below).mean())
    return covered >= 0.5 and 1 - above.mean() >= 0.7 and 1 - below.mean() >= 0.7 and through < 0.08


def _sides_inked(bw: np.ndarray, pos: float, a: float, b: float, margin: int) -> bool:
    """Ink along much of one side of a short horizontal stroke: it is part of a line of text."""
    y, x0, x1 = int(pos), int(a), int(b)
    above = (bw[max(0, y - 4 * margin):max(0, y - 2 * margin), x0:x1] > 0).any(axis=0)
    below = (bw[y + 2 * margin:y + 4 * margin, x0:x1] > 0).any(axis=0)
    return bool(above.size and above.mean() > 0.3) or bool(below.size and below.mean() > 0.3)


def _pieces(mask: np.ndarray, bw: np.ndarray, horizontal: bool, dpi: float, keep: np.ndarray,
            bridged: bool, accept: Callable[[float, float, float], bool] | None = None) -> list[tuple[float, float, float]]:
    """(position, start, end) in pixels of each thin stroke of a rule mask that is a rule; the
    rules' pixels are set in `keep`. An unbridged stroke (a solid run of ink a third of an inch
    long) is a rule as it is, whatever text hugs it; a bridged one must pass `_is_rule`."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    thick_max = max(3, MAX_RULE_THICK * dpi)
    thin_max = max(3, MAX_DASH_THICK * dpi)
    margin = max(2, int(0.01 * dpi))
    out = []
    for i, (x, y, w, h, area) in enumerate(stats[1:], start=1):
        length, across = (w, h) if horizontal else (h, w)
        thickness = area / max(length, 1)
        if horizontal and not bridged and thickness > thick_max and area >= 0.9 * w * h:
            out.extend([(float(y), float(x), float(x + w)), (float(y + h), float(x), float(x + w))])
            continue  # a dark band (a shaded header row): its edges bound the rows
        if thickness > (thin_max if bridged else thick_max) or across > 3 * thick_max:
            continue  # bridged, the x-height of a word without ascenders is a thick stroke
        if bridged and not _is_rule(bw, x, y, w, h, horizontal, margin):
            continue
        piece = (y + h / 2, float(x), float(x + w)) if horizontal else (x + w / 2, float(y), float(y + h))
        if accept is not None and not accept(*piece):
            continue
        keep[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i] = 255
        out.append(piece)
    return out


def _join(pieces: list[tuple[float, float, float]], gap: float, snap: float) -> list[tuple[float, float, float]]:
    """Pieces of one broken rule (on one line within `snap`, gaps up to `gap`) -> one rule."""
    out: list[tuple[float, float, float]] = []
    line: list[tuple[float, float, float]] = []
    for piece in sorted(pieces) + [(float("inf"), 0.0, 0.0)]:
        if line and piece[0] - line[-1][0] > snap:
            run: list[list[float]] = []
            for pos, a, b in sorted(line, key=lambda p: p[1]):
                if run and a - run[-1][2] <= gap:
                    last = run[-1]
                    n = last[3] + 1
                    last[0], last[2], last[3] = (last[0] * last[3] + pos) / n, max(last[2], b), n
                else:
                    run.append([pos, a, b, 1])
            out.extend((p, a, b) for p, a, b, _ in run)
            line = []
        line.append(piece)
    return out


def ruling_segments(bw: np.ndarray, dpi: float) -> tuple[list[Segment], np.ndarray]:
    """Ruling lines as segments in pixels, and the mask of their ink (to erase before OCR).
    Vertical rules first: a dashed horizontal one is kept only where it runs from one vertical
    rule to another, or across most of the page (bridged, a line of text looks dashed too)."""
    solid = rule_masks(bw, dpi, SOLID_GAP)
    dashed = rule_masks(bw, dpi, max(3, int(DASH_GAP * dpi)))
    keep = np.zeros_like(bw)
    segs: list[Segment] = []
    snap = max(2.0, 0.02 * dpi)
    tol = 0.05 * dpi
    width = bw.shape[1]

    margin = max(2, int(0.01 * dpi))

    def ends_at_rules(pos: float, a: float, b: float) -> list[bool]:
        return [any(abs(v.pos - x) <= tol and v.start - tol <= pos <= v.end + tol for v in segs) for x in (a, b)]

    def dashed_rule(pos: float, a: float, b: float) -> bool:
        return all(ends_at_rules(pos, a, b)) or b - a >= 0.4 * width

    def solid_rule(pos: float, a: float, b: float) -> bool:
        """A short solid stroke inside a line of text (letters' serifs touching) is no rule."""
        return b - a >= dpi or not _sides_inked(bw, pos, a, b, margin)

    for k, horizontal in ((1, False), (0, True)):
        pieces = _pieces(solid[k], bw, horizontal, dpi, keep, bridged=False, accept=solid_rule if horizontal else None)
        pieces += _pieces(dashed[k], bw, horizontal, dpi, keep, bridged=True, accept=dashed_rule if horizontal else None)
        shortest = (MIN_RULE if horizontal else MIN_VRULE) * dpi
        for pos, a, b in _join(pieces, RULE_GAP * dpi, snap):
            if b - a >= shortest:  # short vertical pieces count only as parts of a long rule
                segs.append(Segment(horizontal, pos, a, b))
    return _meet(segs, REACH * dpi), keep & _along(segs, keep.shape, max(3, int(MAX_RULE_THICK * dpi)))


def _along(segs: list[Segment], shape: tuple[int, ...], half: int) -> np.ndarray:
    """A mask of the bands along the rules kept: the stems of large letters are pieces too short
    to be rules, and must not be erased before OCR with them."""
    band = np.zeros(shape, np.uint8)
    for g in segs:
        p, a, b = int(round(g.pos)), int(g.start), int(np.ceil(g.end))
        if g.horizontal:
            band[max(0, p - half):p + half + 1, max(0, a):b + 1] = 255
        else:
            band[max(0, a):b + 1, max(0, p - half):p + half + 1] = 255
    return band


def _meet(segs: list[Segment], reach: float) -> list[Segment]:
    """A rule that stops just short of a long rule across it (scanned rules fade or break at
    the corners) is drawn on to meet it, as the table's frame was printed. Short strokes
    (stamps, signatures under a table) draw nothing on."""
    for g in segs:
        across = [c for c in segs if c.horizontal != g.horizontal and c.start - reach <= g.pos <= c.end + reach
                  and c.end - c.start >= 4 * reach]
        before = [c.pos for c in across if g.start - reach <= c.pos < g.start]
        after = [c.pos for c in across if g.end < c.pos <= g.end + reach]
        if before:
            g.start = min(before)
        if after:
            g.end = max(after)
    return segs


# --- one page ----------------------------------------------------------------------------------


def _mean_conf(words: list[OcrWord]) -> float:
    words = [w for w in words if w.conf >= PAGE_MIN_CONF]
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _reading(words: list[OcrWord]) -> float:
    """How well a page was read: its kept words weighted by their mean confidence."""
    return sum(1 for w in words if w.conf >= PAGE_MIN_CONF) * _mean_conf(words)


def _read_upright(grey: np.ndarray, engine: Engine) -> tuple[int, np.ndarray, list[OcrWord]]:
    """OCR as the image lies; if it reads badly, also turned over, and keep the better reading
    (an upside-down page reads as noise): (extra turn, image read, words). The doubtful words
    of the reading kept are then read again (`Engine.recheck`)."""
    words = engine.read(grey)
    extra, image = 0, grey
    if _mean_conf(words) < GOOD_CONF or len(words) < 5:
        over = turn(grey, 180)
        words2 = engine.read(over)
        if _reading(words2) > _reading(words):
            extra, image, words = 180, over, words2
    return extra, image, engine.recheck(image, words)


_DIGIT = set("0123456789")


def prepare(page: pymupdf.Page, scale: float | None = None) -> tuple[np.ndarray, float, int, float]:
    """The page rendered (at `scale` pixels per point, `render_scale` unless given), turned so
    its lines run across (upright or upside down), and deskewed: (grey image, pixels per point,
    quarter turn, skew degrees)."""
    grey, scale = render_grey(page, scale)
    bw = ink(grey)
    first = 90 if text_runs_sideways(bw) else 0
    if first:
        grey, bw = turn(grey, first), turn(bw, first)
    skew = skew_angle(bw)
    return rotate(grey, skew), scale, first, skew


def read_scan_page(page: pymupdf.Page, number: int, engine: Engine) -> ScanPage:
    """OCR one page into the PDF reader's geometry (points of the upright, deskewed page). A
    page too large to hold as one image at OCR resolution is read in tiles (`_read_tiled`)."""
    scale = render_scale(page)
    if in_tiles(page, scale):
        return _read_tiled(page, number, engine, scale)
    grey, scale, first, skew = prepare(page)
    bw = ink(grey)
    dpi = 72 * scale
    segs, rules = ruling_segments(bw, dpi)
    boxes = find_boxes(grey, dpi)
    clean = light_text_boxes(grey, boxes).copy()  # white text on dark boxes reads as print
    clean[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255  # rules read as "|" or "I"
    extra, clean, words = _read_upright(clean, engine)
    if extra:  # the page was upside down: the rules and boxes turn with it
        grey, bw = turn(grey, extra), turn(bw, extra)
        segs, _ = ruling_segments(bw, dpi)
        boxes = find_boxes(grey, dpi)
    h, w = clean.shape
    return _scan_page(number, (w / scale, h / scale), words, boxes, 1.0, segs, bw, dpi, (first + extra) % 360,
                      skew, engine.name)


def _read_tiled(page: pymupdf.Page, number: int, engine: Engine, scale: float) -> ScanPage:
    """A poster-sized page: turn and deskew from the page rendered at `whole_scale`; boxes from
    tiles at `BOX_DPI`; words, rules and connector strokes from tiles at `scale`, each tile
    rendered through the same turn and deskew (`scan_tiles`) and read as `read_scan_page` reads
    a whole page, so no image of the whole page at OCR resolution is ever held."""
    low = whole_scale(page, scale)
    grey, _, first, skew = prepare(page, low)
    del grey
    frame = Frame.of(page, scale, first, skew)
    boxes = find_boxes_tiled(page, frame, min(BOX_DPI, 72 * scale), find_boxes)
    block = max(15, (int(min(frame.size)) // 60) | 1)  # `ink`'s window for the whole page

    def reading(over: bool) -> tuple[list[Segment], list[Box], list[OcrWord], list[Stroke]]:
        f, bx = (frame.turned_over(), _turned_over(boxes, frame.size)) if over else (frame, boxes)
        tile_reader = _TileReader(engine, bx, 72 * scale, block, frame.size[0] * frame.size[1])
        words = read_tiles(page, f, tile_reader.read, 72 * scale)
        return tile_reader.segments(), bx, words, tile_reader.strokes()

    best, extra = reading(False), 0
    if _mean_conf(best[2]) < GOOD_CONF or len(best[2]) < 5:  # as `_read_upright`: upside down?
        over = reading(True)
        if _reading(over[2]) > _reading(best[2]):
            best, extra = over, 180
    segs, boxes, words, strokes = best
    return _scan_page(number, (frame.size[0] / scale, frame.size[1] / scale), words, boxes, 1.0, segs, None,
                      72 * scale, (first + extra) % 360, skew, engine.name, strokes)


Stroke = tuple[bool, float, float, float]


def _turned_over(boxes: list[Box], size: tuple[float, float]) -> list[Box]:
    w, h = int(round(size[0])), int(round(size[1]))
    return [(w - x1, h - y1, w - x0, h - y0, m, t) for x0, y0, x1, y1, m, t in boxes]


class _TileReader:
    """Reads one tile as `read_scan_page` reads a page (rules found and erased, dark boxes'
    print turned over, OCR, doubtful words reread: the tile's share of the page's `MAX_REREAD`),
    and gathers the tiles' rules and connector strokes in the page's pixels."""

    def __init__(self, engine: Engine, boxes: list[Box], dpi: float, block: int, pixels: float) -> None:
        self.engine, self.boxes, self.dpi, self.block, self.pixels = engine, boxes, dpi, block, pixels
        self.rules: list[Segment] = []
        self.marks: list[Stroke] = []

    def read(self, tile: np.ndarray, rect: Rect) -> list[OcrWord]:
        x0, y0, x1, y1 = rect
        bw = ink(tile, self.block)
        segs, rules = ruling_segments(bw, self.dpi)
        self.rules += [Segment(g.horizontal, g.pos + (y0 if g.horizontal else x0),
                               g.start + (x0 if g.horizontal else y0), g.end + (x0 if g.horizontal else y0)) for g in segs]
        boxes = [(a - x0, b - y0, c - x0, d - y0, m, t) for a, b, c, d, m, t in self.boxes
                 if a < x1 and c > x0 and b < y1 and d > y0]
        light = np.zeros(tile.shape, bool)  # each pixel turned over once, however many light boxes hold it
        for a, b, c, d, _, is_light in boxes:
            if is_light:
                light[max(0, b):max(0, d), max(0, a):max(0, c)] = True
        tile[light] = 255 - tile[light]
        tile[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255
        words = self.engine.recheck(tile, self.engine.read(tile), most=max(1, round(MAX_REREAD * tile.size / self.pixels)))
        if boxes:
            kept = [wd.bbox for wd in words if not on_borders(wd.bbox, boxes, self.dpi, wd.conf)]
            self.marks += [(h, p + (y0 if h else x0), a + (x0 if h else y0), b + (x0 if h else y0))
                           for h, p, a, b in connector_strokes(bw, boxes, kept, self.dpi)]
        return words

    def segments(self) -> list[Segment]:
        """The tiles' rules, pieces of one rule (in two tiles' overlap, or cut by a tile's edge) joined."""
        snap = max(2.0, 0.02 * self.dpi)
        out: list[Segment] = []
        for horizontal in (True, False):
            pieces = [(g.pos, g.start, g.end) for g in self.rules if g.horizontal == horizontal]
            out += [Segment(horizontal, p, a, b) for p, a, b in _join(pieces, RULE_GAP * self.dpi, snap)]
        return _meet(out, REACH * self.dpi)

    def strokes(self) -> list[Stroke]:
        snap = max(2.0, 0.02 * self.dpi)
        out: list[Stroke] = []
        for horizontal in (True, False):
            pieces = [(p, a, b) for h, p, a, b in self.marks if h == horizontal]
            out += [(horizontal, p, a, b) for p, a, b in _join(pieces, 2.0, snap)]
        return out


def _scan_page(number: int, size: tuple[float, float], words: list[OcrWord], boxes: list[Box], r: float,
               segs: list[Segment], bw: np.ndarray | None, dpi: float, rotation: int, skew: float, engine: str,
               strokes: list[tuple[bool, float, float, float]] | None = None) -> ScanPage:
    """The page's geometry in points: `words` and `boxes` in pixels at `r` times the resolution
    (`dpi`) of the page-wide ink image `bw` the segments and connectors are found in (or the
    connector `strokes` found already, in the words' pixels)."""
    k = 72 / dpi
    if boxes:
        words = [wd for wd in words if not on_borders(wd.bbox, boxes, dpi * r, wd.conf)]
    geo = PageGeometry(number=number, width=size[0], height=size[1], rotation=rotation)
    geo.words = [Word(b[0] * k / r, b[1] * k / r, b[2] * k / r, b[3] * k / r, wd.text) for wd in words for b in [wd.bbox]]
    geo.segments = [Segment(s.horizontal, s.pos * k, s.start * k, s.end * k) for s in segs]
    if len(boxes) >= 2:  # boxes drawn in the image: the diagram reader places the words in them
        if strokes is None and bw is not None:
            low = [(int(a / r), int(b / r), int(c / r), int(d / r), m, t) for a, b, c, d, m, t in boxes]
            strokes = [(h, p * r, a * r, b * r) for h, p, a, b in
                       connector_strokes(bw, low, [_shrunk(wd.bbox, r) for wd in words], dpi)]
        geo.drawn = diagram_geometry(boxes, strokes or [], k / r)
    heights = [wd.y1 - wd.y0 for wd in geo.words]
    geo.body_size = median(heights) / 1.2 if heights else 10.0
    doubtful = [wd for wd in words if wd.conf < LOW_CONF and _DIGIT & set(wd.text)]
    return ScanPage(geo, engine, rotation, skew, _mean_conf(words), doubtful,
                    sum(w.reread for w in words), [wd.conf for wd in words])


def _shrunk(b: tuple[float, float, float, float], r: float) -> tuple[float, float, float, float]:
    return (b[0] / r, b[1] / r, b[2] / r, b[3] / r) if r != 1.0 else b


# --- which pages, and the document's OCR setting -------------------------------------------------

FULL_PAGE = 0.85  # an image covering this share of the page is the page itself (a scan)
MIN_TEXT_CHARS = 20  # a page with less text than this and any image is a scan
MAX_TEXT_SHARE = 0.01  # share of the page its words cover, under which a page of raster is a scan
_GRID = 64  # cells per side of the grid the images' union is measured on


def raster_share(page: pymupdf.Page) -> float:
    """The share of the page that images cover (their union, on a coarse grid)."""
    r = page.rect
    if r.is_empty:
        return 0.0
    grid = np.zeros((_GRID, _GRID), bool)
    fx, fy = _GRID / r.width, _GRID / r.height
    for kind, b in page.get_bboxlog():
        box = pymupdf.Rect(b) & r if kind == "fill-image" else None
        if box is not None and not box.is_empty:
            grid[int((box.y0 - r.y0) * fy):int(np.ceil((box.y1 - r.y0) * fy)),
                 int((box.x0 - r.x0) * fx):int(np.ceil((box.x1 - r.x0) * fx))] = True
    return float(grid.mean())


def needs_ocr(page: pymupdf.Page, words: list[Word]) -> bool:
    """The page's content is in its images, not its text layer: almost no text and an image, or
    a page covered by raster whose words cover almost none of it (a scanned or exported sheet
    with a signature block or a caption typed over it). A digital page with a logo or photos
    has the images on a small part of it, or text over much of it, and keeps its text layer."""
    if sum(len(w.text) for w in words) < MIN_TEXT_CHARS:
        return bool(page.get_images(full=False))
    area = abs(page.rect)
    text = sum(max(0.0, w.x1 - w.x0) * max(0.0, w.y1 - w.y0) for w in words)
    return area > 0 and text < MAX_TEXT_SHARE * area and raster_share(page) >= FULL_PAGE


def is_sandwich(page: pymupdf.Page) -> bool:
    """A scan with an OCR text layer: a full-page image, and the page's text hidden under it or
    invisible over it. Its words come without the table rules, which exist only in the image;
    visible text over a background picture is a digital page and keeps its text layer."""
    area = abs(page.rect)
    if area <= 0:
        return False
    log = page.get_bboxlog()
    first = next((k for k, (kind, b) in enumerate(log)
                  if kind == "fill-image" and abs(pymupdf.Rect(b) & page.rect) >= FULL_PAGE * area), None)
    if first is None:
        return False
    texts = [(k, kind) for k, (kind, _) in enumerate(log) if kind.endswith("-text")]
    hidden = sum(1 for k, kind in texts if k < first or kind == "ignore-text")
    return bool(texts) and hidden >= 0.9 * len(texts)


def ocr_geometry(page: pymupdf.Page, number: int) -> tuple[PageGeometry | None, str]:
    """The page read by OCR under the document's OCR setting, or None and why not. A failure
    (engine missing, timeout) is noted on the page and never stops the document."""
    if not ocr.enabled():
        return None, "OCR is off (--no-ocr)"
    ocr.page_started()
    try:
        sp = read_scan_page(page, number, make_engine(ocr.engine_name()))
    except ocr.OcrError as exc:
        ocr.note(number, f"scanned page not read: {exc}")
        return None, str(exc)
    if not sp.geometry.words:
        return None, "OCR found no text on the page"
    ocr.keep_words(number, [(w.bbox, w.text, c) for w, c in zip(sp.geometry.words, sp.confs)])
    k = 1 / render_scale(page)
    msg = (f"p. {number} read by OCR ({sp.engine}; turned {sp.turn}°, deskewed {sp.skew:+.1f}°; "
           f"mean word confidence {sp.conf:.0f}); values come from the page image")
    if sp.reread:
        msg += f"; {sp.reread} doubtful word(s) read again from their own crop"
    if sp.doubtful:
        shown = ", ".join(f"'{w.text}' ({w.conf:.0f}) at ({w.bbox[0] * k:.0f}, {w.bbox[1] * k:.0f})" for w in sp.doubtful[:8])
        msg += f"; {len(sp.doubtful)} number(s) read with low confidence, check them: {shown}"
    ocr.note(number, msg)
    return sp.geometry, ""


def render_scale(page: pymupdf.Page) -> float:
    """Pixels per point the page is rendered at: `DPI`, less for a sheet above `MAX_PIXELS`."""
    scale = DPI / 72
    area = page.rect.width * page.rect.height * scale * scale
    return scale * (MAX_PIXELS / area) ** 0.5 if area > MAX_PIXELS else scale

