"""Boxes and connectors of a diagram drawn in a page image -> the diagram reader's `Geometry`.

A scanned (or exported-as-picture) pohon kinerja has no vector drawings, so the diagram reader
(`ingest.readers.diagram`) would find no walls to place the OCR words in. This module finds, in
the upright, deskewed page image the scan reader OCRs, what the vector reader gets from the
PDF's drawings:

- boxes: regions filled darker than the paper (coloured or shaded boxes; an opening removes
  text strokes and thin lines first) and the insides of drawn outlines (holes of the ink), kept
  when they are nearly rectangular; each gives its four edges as segments, and its fill;
- connectors: the remaining ink outside every box and word, split into horizontal and vertical
  strokes by morphology, each a mark and a segment, as a drawn line would be.

Everything is returned in page points, so `diagram_from_geometry` runs unchanged. Dark boxes
print white text, which OCR reads badly: `light_text_boxes` lets the scan reader turn their
pixels over before OCR.
"""

from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np

from ingest.readers.diagram_geometry import Fill, Geometry

BOX_DPI = 100  # boxes are found on the image reduced to this resolution
PAPER_DELTA = 28  # grey levels darker than the paper at which a pixel is fill or ink
MIN_BOX_W, MIN_BOX_H = 0.3, 0.12  # inches: smaller rectangles are letters, bullets, specks
MAX_BOX_SHARE = 0.6  # a rectangle covering more of the page is a frame or background
RECTANGULAR = 0.82  # a region filling this share of its bounding box is a box (rounded corners pass)
STROKES = (0.035, 0.09)  # inches: fill strokes thinner than this (text, lines; then arrows) are opened away
MIN_MARK = 0.08  # inches: a connector stroke is at least this long
TEXT_CONTRAST = 60  # grey levels between a box's fill and its print


Box = tuple[int, int, int, int, float, bool]  # pixels x0, y0, x1, y1, mean grey, print lighter than fill


def paper(grey: np.ndarray) -> int:
    """The paper's grey: the brightest common level (most of a page is paper or near it)."""
    return int(np.percentile(grey, 90))


def find_boxes(grey: np.ndarray, dpi: float) -> list[Box]:
    """Filled and outlined rectangles of the image, in pixels, without near-duplicates (the
    outline of a filled box and its fill), larger first. They are looked for at `BOX_DPI` at
    most: boxes are large, and a poster-sized sheet must stay within a worker's memory."""
    f = min(1.0, BOX_DPI / dpi)
    if f < 1.0:
        small = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        return [(int(a / f), int(b / f), min(grey.shape[1], int(c / f)), min(grey.shape[0], int(d / f)), m, t)
                for a, b, c, d, m, t in find_boxes(small, dpi * f)]
    h, w = grey.shape
    dark = (grey < paper(grey) - PAPER_DELTA).astype(np.uint8) * 255
    found: list[tuple[int, int, int, int]] = []
    for stroke in STROKES:  # thin strokes first; then arrows and connectors that join boxes
        k = max(3, int(stroke * dpi))
        filled = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
        contours, _ = cv2.findContours(filled, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        found += _rects(contours, dpi, w * h)
    contours, hier = cv2.findContours(dark, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hier is not None:  # the holes of the ink: insides of outlines drawn round a box
        found += _rects([c for c, hh in zip(contours, hier[0]) if hh[3] >= 0], dpi, w * h)
    found.sort(key=lambda r: -(r[2] - r[0]) * (r[3] - r[1]))
    kept: list[tuple[int, int, int, int]] = []
    slack = max(2, int(0.03 * dpi))
    for r in found:
        if not any(all(abs(a - b) <= slack for a, b in zip(r, o)) for o in kept):
            kept.append(r)
    return [(x0, y0, x1, y1, float(grey[y0:y1, x0:x1].mean()), _light_text(grey[y0:y1, x0:x1])) for x0, y0, x1, y1 in kept]


def _light_text(region: np.ndarray) -> bool:
    """Its print is lighter than its fill: more pixels stand out above the fill's grey than below."""
    ground = float(np.median(region))
    return int((region > ground + TEXT_CONTRAST).sum()) > int((region < ground - TEXT_CONTRAST).sum())


def _rects(contours: Sequence[Any], dpi: float, area: int) -> list[tuple[int, int, int, int]]:
    out = []
    for c in contours:
        x, y, bw, bh = cv2.boundingRect(c)
        if bw < MIN_BOX_W * dpi or bh < MIN_BOX_H * dpi or bw * bh > MAX_BOX_SHARE * area:
            continue
        if cv2.contourArea(c) >= RECTANGULAR * bw * bh:
            out.append((x, y, x + bw, y + bh))
    return out


def light_text_boxes(grey: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """The image with the pixels of dark boxes turned over, so their light text reads as print."""
    out = grey
    for x0, y0, x1, y1, _, light in boxes:
        if light:
            if out is grey:
                out = grey.copy()
            out[y0:y1, x0:x1] = 255 - out[y0:y1, x0:x1]
    return out


CORNER_CONF = 60  # a word read with less confidence, up to `CORNER_SPECK` in across, in a box's corner is its corner
CORNER_SPECK = 0.2  # inches


def on_borders(bbox: tuple[float, float, float, float], boxes: list[Box], dpi: float, conf: float = 100.0) -> bool:
    """A small mark in a corner of a box: its rounded corner, left after the rules were erased,
    which OCR took for a letter ("N", "4", "%"); or, read with low confidence, the rounded corner
    with the end of a filled header band in it ("Fa", "AS"). Print sits further in from both walls."""
    x0, y0, x1, y1 = bbox
    size = max(x1 - x0, y1 - y0)
    if size <= 0.08 * dpi:
        near = 0.04 * dpi
    elif conf < CORNER_CONF and size <= CORNER_SPECK * dpi:
        near = 0.06 * dpi
    else:
        return False
    for a, b, c, d, *_ in boxes:
        if a - near <= x0 and x1 <= c + near and b - near <= y0 and y1 <= d + near:
            if min(x0 - a, c - x1) <= near and min(y0 - b, d - y1) <= near:  # in a corner
                return True
    return False


def connector_strokes(ink: np.ndarray, boxes: list[Box], words: list[tuple[float, float, float, float]],
                      dpi: float) -> list[tuple[bool, float, float, float]]:
    """(horizontal, position, start, end) in pixels of each straight stroke of ink outside every
    box and word: the lines and arrows drawn between boxes (looked for at `BOX_DPI` at most)."""
    f = min(1.0, BOX_DPI / dpi)
    if f < 1.0:
        small = (cv2.resize(ink, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) > 64).astype(np.uint8) * 255
        sb = [(int(a * f), int(b * f), int(c * f), int(d * f), m, t) for a, b, c, d, m, t in boxes]
        sw = [(a * f, b * f, c * f, d * f) for a, b, c, d in words]
        return [(h, p / f, a / f, b / f) for h, p, a, b in connector_strokes(small, sb, sw, dpi * f)]
    rest = ink.copy()
    pad = max(2, int(0.015 * dpi))
    for x0, y0, x1, y1, *_ in boxes:
        rest[max(0, y0 + pad):max(0, y1 - pad), max(0, x0 + pad):max(0, x1 - pad)] = 0  # inside only: edges join lines
    for wx0, wy0, wx1, wy1 in words:
        rest[max(0, int(wy0)):int(wy1) + 1, max(0, int(wx0)):int(wx1) + 1] = 0
    length = max(5, int(MIN_MARK * dpi))
    out: list[tuple[bool, float, float, float]] = []
    for horizontal in (True, False):
        kernel = (length, 1) if horizontal else (1, length)
        mask = cv2.morphologyEx(rest, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, bw, bh, _ in stats[1:]:
            if horizontal:
                out.append((True, y + bh / 2, float(x), float(x + bw)))
            else:
                out.append((False, x + bw / 2, float(y), float(y + bh)))
    return out


def diagram_geometry(boxes: list[Box], strokes: list[tuple[bool, float, float, float]], k: float) -> Geometry:
    """Boxes and strokes (pixels) -> the diagram reader's geometry in points (`k` points per pixel):
    four walls and a fill per box, a segment and a mark per stroke, as drawn vectors give."""
    geo = Geometry()
    for x0, y0, x1, y1, mean, _ in boxes:
        a, b, c, d = x0 * k, y0 * k, x1 * k, y1 * k
        geo.hsegs += [(b, a, c), (d, a, c)]
        geo.vsegs += [(a, b, d), (c, b, d)]
        g = mean / 255
        if g < 0.95:
            geo.fills.append(Fill((a, b, c, d), (g, g, g)))
    for horizontal, pos, start, end in strokes:
        p, s, e = pos * k, start * k, end * k
        if horizontal:
            geo.hsegs.append((p, s, e))
            geo.marks.append((s, p - 0.5, e, p + 0.5))
        else:
            geo.vsegs.append((p, s, e))
            geo.marks.append((p - 0.5, s, p + 0.5, e))
    return geo
