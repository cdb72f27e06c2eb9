"""A page too large to hold as one image at OCR resolution, read by OCR in overlapping tiles.

A cascade poster (a 2.4 m wide sheet exported as one picture) renders at about 40 Mpx for OCR,
and the page-wide image work (rules, boxes, connectors) costs some 20 bytes a pixel: beyond a
worker's `--memory`. So the page-wide work runs on a render at a lower resolution (`whole_scale`),
and only OCR sees the full resolution, one tile at a time: each tile is rendered straight from
the page by MuPDF through the same quarter turn and deskew (one affine matrix, `Frame`), read,
and its words mapped back. Tiles overlap by `OVERLAP`; a word belongs to the tile whose core
holds its centre, so a word cut by one tile's edge is read whole in its neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

import cv2
import numpy as np
import pymupdf

from ingest.ocr import OcrWord
from ingest.readers.scan_diagram import Box

WHOLE_PIXELS = 8_000_000  # a page up to this size at OCR resolution (A3 at 200 dpi) is read whole
LOW_PIXELS = 4_000_000  # the page-wide image of a larger page: its picture decodes at a reduced size
TILE = 1600  # pixels: side of a tile's core (rules are found in a tile at some 20 bytes a pixel)
OVERLAP = 1.5  # inches each side: longer than a word, so a word cut at one edge is whole in the next tile


def in_tiles(page: pymupdf.Page, scale: float) -> bool:
    """The page at `scale` pixels per point is too large to read as one image (`WHOLE_PIXELS`)."""
    return page.rect.width * page.rect.height * scale * scale > WHOLE_PIXELS


def whole_scale(page: pymupdf.Page, scale: float) -> float:
    """Pixels per point of the whole-page image of a page read in tiles (`LOW_PIXELS`, at
    most `scale`): what its turn and tilt are judged on."""
    return min(scale, (LOW_PIXELS / max(page.rect.width * page.rect.height, 1.0)) ** 0.5)


@dataclass(frozen=True, slots=True)
class Frame:
    """Page points -> pixels of the upright, deskewed page image at one resolution: `m` is the
    2 x 3 affine matrix, `size` (width, height) the image's."""

    m: np.ndarray
    size: tuple[float, float]

    @property
    def dpi(self) -> float:
        return 72 * float(np.hypot(self.m[0, 0], self.m[1, 0]))

    @staticmethod
    def of(page: pymupdf.Page, scale: float, quarter: int, skew: float) -> "Frame":
        """The frame `scan.prepare` builds at `scale`: rendered, turned `quarter` degrees
        clockwise (0 or 90), then rotated `skew` degrees about the image's centre."""
        w, h = page.rect.width * scale, page.rect.height * scale
        m = np.array([[scale, 0.0, 0.0], [0.0, scale, 0.0]])
        if quarter == 90:  # (x, y) -> (h - y, x)
            m = _then(np.array([[0.0, -1.0, h], [1.0, 0.0, 0.0]]), m)
            w, h = h, w
        if abs(skew) >= 0.05:
            m = _then(cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0), m)
        return Frame(m, (w, h))

    def scaled(self, f: float) -> "Frame":
        """The same frame at `f` times the resolution."""
        return Frame(self.m * f, (self.size[0] * f, self.size[1] * f))

    def turned_over(self) -> "Frame":
        """The frame turned 180 degrees (the page was upside down)."""
        w, h = self.size
        return Frame(_then(np.array([[-1.0, 0.0, w], [0.0, -1.0, h]]), self.m), self.size)


def _then(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The affine map: b, then a (both 2 x 3)."""
    return (np.vstack([a, [0, 0, 1]]) @ np.vstack([b, [0, 0, 1]]))[:2]


def render_tile(page: pymupdf.Page, frame: Frame, rect: tuple[int, int, int, int]) -> np.ndarray:
    """The grey pixels of `rect` (x0, y0, x1, y1 in the frame's pixels), rendered from the page
    through the frame's matrix; white where the rectangle lies off the page."""
    x0, y0, x1, y1 = rect
    a, c, e = frame.m[0]
    b, d, f = frame.m[1]
    mat = pymupdf.Matrix(a, b, c, d, e - x0, f - y0)
    inv = ~mat
    corners = [pymupdf.Point(x, y) * inv for x in (0, x1 - x0) for y in (0, y1 - y0)]
    clip = pymupdf.Rect(min(p.x for p in corners), min(p.y for p in corners),
                        max(p.x for p in corners), max(p.y for p in corners)) & page.rect
    out = np.full((y1 - y0, x1 - x0), 255, np.uint8)
    if clip.is_empty:
        return out
    pix = page.get_pixmap(matrix=mat, clip=clip, colorspace=pymupdf.csGRAY, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    px0, py0 = pix.x, pix.y  # the pixmap's top-left in the tile's pixels
    ax0, ay0 = max(0, px0), max(0, py0)
    ax1, ay1 = min(x1 - x0, px0 + pix.width), min(y1 - y0, py0 + pix.height)
    if ax1 > ax0 and ay1 > ay0:
        out[ay0:ay1, ax0:ax1] = img[ay0 - py0:ay1 - py0, ax0 - px0:ax1 - px0]
    return out


Rect = tuple[int, int, int, int]


def tiles(width: float, height: float, overlap: int) -> Iterator[tuple[Rect, Rect]]:
    """(core, tile) rectangles covering an image: cores partition it, each tile is its core
    grown by `overlap` pixels within the image."""
    w, h = int(np.ceil(width)), int(np.ceil(height))
    nx, ny = max(1, round(w / TILE)), max(1, round(h / TILE))
    xs = [round(i * w / nx) for i in range(nx + 1)]
    ys = [round(j * h / ny) for j in range(ny + 1)]
    for j in range(ny):
        for i in range(nx):
            core = (xs[i], ys[j], xs[i + 1], ys[j + 1])
            yield core, (max(0, core[0] - overlap), max(0, core[1] - overlap),
                         min(w, core[2] + overlap), min(h, core[3] + overlap))


def read_tiles(page: pymupdf.Page, frame: Frame, read: Callable[[np.ndarray, Rect], list[OcrWord]],
               dpi: float) -> list[OcrWord]:
    """Words of the whole frame, read tile by tile (`read` gets each tile's pixels and its
    rectangle, and returns words in the tile's pixels), in the frame's pixels."""
    out: list[OcrWord] = []
    for core, rect in tiles(*frame.size, int(OVERLAP * dpi)):
        dx, dy = rect[0], rect[1]
        tile = render_tile(page, frame, rect)
        pymupdf.TOOLS.store_shrink(100)  # the decoded part of the page picture: each tile needs another
        for wd in read(tile, rect):
            cx, cy = dx + (wd.bbox[0] + wd.bbox[2]) / 2, dy + (wd.bbox[1] + wd.bbox[3]) / 2
            if core[0] <= cx < core[2] and core[1] <= cy < core[3]:
                out.append(replace(wd, bbox=_moved(wd.bbox, dx, dy),
                                   ink=_moved(wd.ink, dx, dy) if wd.ink is not None else None))
    return out


def _moved(b: tuple[float, float, float, float], dx: float, dy: float) -> tuple[float, float, float, float]:
    return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)


BOX_OVERLAP = 4.0  # inches each side: a box up to this size is whole in some tile


def find_boxes_tiled(page: pymupdf.Page, frame: Frame, dpi: float,
                     find: Callable[[np.ndarray, float], list[Box]]) -> list[Box]:
    """The page's boxes (`find`, i.e. `scan_diagram.find_boxes`) found tile by tile at `dpi`
    and returned in the frame's pixels. Boxes are looked for at about 100 dpi, which a poster
    exceeds the memory for as one image. A box touching an edge a tile shares with another is
    cut: it is dropped when another tile holds it (or most of it) whole, and the pieces of a box
    larger than the overlap are joined."""
    f = dpi / frame.dpi
    small = frame.scaled(f)
    whole: list[Box] = []
    cut: list[Box] = []
    w, h = int(np.ceil(small.size[0])), int(np.ceil(small.size[1]))
    slack = 2
    for _, rect in tiles(*small.size, int(BOX_OVERLAP * dpi)):
        tile = render_tile(page, small, rect)
        pymupdf.TOOLS.store_shrink(100)
        x0, y0, x1, y1 = rect
        for a, b, c, d, mean, light in find(tile, dpi):
            box = (round((a + x0) / f), round((b + y0) / f), round((c + x0) / f), round((d + y0) / f), mean, light)
            inner = (a <= slack and x0 > 0) or (b <= slack and y0 > 0) or \
                    (c >= x1 - x0 - slack and x1 < w) or (d >= y1 - y0 - slack and y1 < h)
            (cut if inner else whole).append(box)
    out = _distinct(whole)
    pieces = [p for p in cut if not any(_covered(p, q) for q in out)]
    return out + _joined(pieces)


def _area(b: Box) -> float:
    return max(0, b[2] - b[0]) * max(0, b[3] - b[1])


def _overlap(p: Box, q: Box) -> float:
    return _area((max(p[0], q[0]), max(p[1], q[1]), min(p[2], q[2]), min(p[3], q[3]), 0.0, False))


def _covered(p: Box, q: Box) -> bool:
    return _overlap(p, q) >= 0.8 * _area(p)


def _distinct(boxes: list[Box]) -> list[Box]:
    """Boxes found whole in two tiles' overlap count once."""
    out: list[Box] = []
    for b in sorted(boxes, key=lambda b: -_area(b)):
        if not any(_overlap(b, o) >= 0.9 * max(_area(b), _area(o)) for o in out):
            out.append(b)
    return out


def _joined(pieces: list[Box]) -> list[Box]:
    """Pieces of one box cut by tile edges -> the box: pieces that overlap and span the same
    width (cut across) or the same height (cut down) within a tenth of it."""
    out: list[Box] = []
    for p in sorted(pieces, key=lambda b: -_area(b)):
        for k, o in enumerate(out):
            same_w = abs(p[0] - o[0]) + abs(p[2] - o[2]) <= 0.1 * (o[2] - o[0])
            same_h = abs(p[1] - o[1]) + abs(p[3] - o[3]) <= 0.1 * (o[3] - o[1])
            if _overlap(p, o) > 0 and (same_w or same_h):
                n = _area(o) + _area(p)
                mean = (o[4] * _area(o) + p[4] * _area(p)) / n if n else o[4]
                out[k] = (min(o[0], p[0]), min(o[1], p[1]), max(o[2], p[2]), max(o[3], p[3]), mean, o[5])
                break
        else:
            out.append(p)
    return out
