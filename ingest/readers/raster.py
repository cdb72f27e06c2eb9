"""Raster images pasted into a digital diagram page -> OCR words and ruling segments.

Cascading sheets are often drawn as vectors with the small year tables pasted in as pictures
(a screenshot of a spreadsheet under each kegiatan box), so their values have no text layer.
`read_rasters` reads those pictures and hands the diagram reader what a vector table would
have given it: words in page space and the table's walls (the picture's frame and its ruling
lines) as segments, so the picture becomes cells and a box like any drawn table.

Cheap tests come first, so pages without such pictures pay almost nothing: the page must hold
image XObjects and the walls of at least two drawn boxes; an image must be neither a background
(a large share of the page) nor a speck, must not sit under the page's own words (a shadow
behind a text box), and its pixels must look like dark print on a light ground (not a photo, a
chart or logo in colour, a soft shadow); and the page must read as a diagram from its vectors
alone (the diagram reader's verdict, made before it asks). Only then does Tesseract run. Within a document, a picture found to hold no print (an
ornament or letterhead on every page) is not looked at again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

import pymupdf

from ingest.layout import BBox
from ingest import ocr
from ingest.readers.diagram_geometry import SpatialIndex

Point = tuple[float, float]
Affine = tuple[float, float, float, float, float, float]

MAX_PAGE_SHARE = 0.25  # an image covering more of the page is a background
MIN_WIDTH, MIN_HEIGHT = 30.0, 10.0  # points: smaller images are marks, bullets, icons
MAX_WORD_COVER = 0.03  # share of the image covered by the page's own words: it lies under text
MAX_IMAGES = 60  # per page; more text images than this is a scan, not a diagram with pictures
OCR_DPI = 300  # Tesseract reads print best at about this resolution
MAX_SIDE = 5000  # pixels: a huge image is read at a lower resolution

# Pixel test (on a subsample of the image in grey): a light ground (most pixels near the most
# common value), some dark ink, little colour.
MIN_GROUND = 0.55
INK_SHARE = (0.005, 0.30)
MAX_COLOUR = 0.05
SAMPLES = 8000
MIN_EDGES = 0.15  # ink/ground changes per ink pixel along a row: strokes, not solid areas
TEST_DPI = 100
TEST_SIDE = 800  # pixels: the pixel test needs no more


@dataclass(slots=True)
class Candidate:
    xref: int
    to_page: Affine  # unit square of the image (top-left origin) -> unrotated page space
    bbox: BBox  # display space


@dataclass(slots=True)
class RasterText:
    """One image read: words and walls in display space (the page's rotation applied)."""

    bbox: BBox
    words: list[tuple[BBox, str]]
    hsegs: list[tuple[float, float, float]]  # y, x0, x1
    vsegs: list[tuple[float, float, float]]  # x, y0, y1


def _compose(t: Affine, m: tuple[float, ...]) -> Affine:
    """Apply t, then m (PyMuPDF matrix order)."""
    a, b, c, d, e, f = t
    A, B, C, D, E, F = m
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _map(t: Affine, x: float, y: float) -> Point:
    return (t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5])


def map_bbox(t: Affine, b: BBox) -> BBox:
    """A bbox through a matrix: the box around its four mapped corners."""
    pts = [_map(t, x, y) for x in (b[0], b[2]) for y in (b[1], b[3])]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def _area(b: BBox) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _inter(a: BBox, b: BBox) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def candidates(page: pymupdf.Page, m: tuple[float, ...], word_boxes: list[BBox]) -> list[Candidate]:
    """Images that may hold print of their own: not backgrounds, not specks, not under words;
    one candidate per image shown (an image repeated at the same place counts once)."""
    listed = page.get_images(full=False)
    memo = ocr.judged() or {}
    if all(memo.get(item[0]) is False for item in listed):
        return []  # no pictures, or only ones already found to hold no print
    page_box = map_bbox(tuple(m), tuple(page.cropbox))  # type: ignore[arg-type]
    page_area = _area(page_box)
    words = SpatialIndex(size=96.0)
    for i, wb in enumerate(word_boxes):
        words.add(i, wb)
    kept: list[tuple[dict, BBox]] = []
    for info in page.get_image_info():
        to_page: Affine = tuple(info["transform"])  # type: ignore[assignment]
        bbox = map_bbox(_compose(to_page, m), (0.0, 0.0, 1.0, 1.0))
        clipped = (max(bbox[0], page_box[0]), max(bbox[1], page_box[1]), min(bbox[2], page_box[2]), min(bbox[3], page_box[3]))
        w, h = clipped[2] - clipped[0], clipped[3] - clipped[1]
        if w < MIN_WIDTH or h < MIN_HEIGHT or w * h > MAX_PAGE_SHARE * page_area:
            continue
        if _word_cover(bbox, words, word_boxes) <= MAX_WORD_COVER:
            kept.append((info, bbox))
    xrefs = _xrefs(page, listed, [info for info, _ in kept]) if kept else []
    out: list[Candidate] = []
    for (info, bbox), xref in zip(kept, xrefs):
        if xref <= 0 or any(c.xref == xref and _inter(c.bbox, bbox) > 0.9 * _area(bbox) for c in out):
            continue  # an inline image (no object to decode), or the same image twice in a place
        out.append(Candidate(xref, tuple(info["transform"]), bbox))  # type: ignore[arg-type]
    if ocr.judged() is not None:  # a page template's background or banner: not looked at again
        for item in listed:
            if all(c.xref != item[0] for c in out):
                memo.setdefault(item[0], False)
    return out


def _xrefs(page: pymupdf.Page, listed: list, infos: list[dict]) -> list[int]:
    """The image object of each shown image: by its pixel size when that names one image of the
    page, else from PyMuPDF's xref lookup (which hashes every image's pixels, so only then)."""
    by_size: dict[tuple[int, int], list[int]] = {}
    for item in listed:
        by_size.setdefault((item[2], item[3]), []).append(item[0])
    found = [by_size.get((i["width"], i["height"]), []) for i in infos]
    if all(len(f) == 1 for f in found):
        return [f[0] for f in found]
    numbered = {i["number"]: i.get("xref") or 0 for i in page.get_image_info(xrefs=True)}
    return [numbered.get(i["number"], 0) for i in infos]


def _word_cover(bbox: BBox, words: SpatialIndex, word_boxes: list[BBox]) -> float:
    covered = 0.0
    for i in words.near(bbox):
        w = word_boxes[i]
        if bbox[0] <= (w[0] + w[2]) / 2 <= bbox[2] and bbox[1] <= (w[1] + w[3]) / 2 <= bbox[3]:
            covered += _area(w)
    return covered / max(_area(bbox), 1.0)


def _flatten(doc: pymupdf.Document, cand: Candidate) -> Optional[tuple[pymupdf.Document, pymupdf.Page]]:
    """The image alone on a page of its printed size, with its soft mask: MuPDF then composites
    it over white and scales it as the sheet shows it (left raw, the transparent ground of a
    pasted screenshot reads as black)."""
    try:
        img = doc.extract_image(cand.xref)
        smask = img.get("smask") if img else 0
        mask = doc.extract_image(smask)["image"] if smask else None
    except Exception:  # an image MuPDF cannot decode is no text to read
        return None
    if not img or not img.get("colorspace") or min(img.get("width", 0), img.get("height", 0)) < 8:
        return None
    t = cand.to_page
    width, height = (t[0] ** 2 + t[1] ** 2) ** 0.5, (t[2] ** 2 + t[3] ** 2) ** 0.5
    sheet = pymupdf.open()
    page = sheet.new_page(width=max(width, 1.0), height=max(height, 1.0))
    try:
        page.insert_image(page.rect, stream=img["image"], mask=mask, keep_proportion=False)
    except Exception:  # a mask of another size or an encoding PyMuPDF cannot re-insert
        return None
    return sheet, page


def ground_of(grey: bytes) -> int:
    """The most common grey value (the paper the print is on), from a subsample."""
    step = max(1, len(grey) // SAMPLES)
    counts = [0] * 256
    for v in grey[::step]:
        counts[v] += 1
    return max(range(256), key=counts.__getitem__)


def looks_like_print(rgb: bytes, grey: bytes, width: int) -> bool:
    """Dark print on a light ground: most pixels near a light ground value, a little ink far
    darker than it drawn in thin strokes (not solid dark areas), few saturated pixels (photos,
    coloured logos). `rgb` and `grey` are the image's samples, `width` pixels a row."""
    if not grey or width <= 0:
        return False
    ground = ground_of(grey)
    if ground < 150:
        return False
    sample = grey[::max(1, len(grey) // SAMPLES)]
    near = sum(1 for v in sample if abs(v - ground) <= 12) / len(sample)
    ink_lut = bytes((0x31 if v < ground - 100 else 0x30) for v in range(256))
    marks = sample.translate(ink_lut)
    ink = marks.count(b"1") / len(sample)
    if near < MIN_GROUND or not INK_SHARE[0] <= ink <= INK_SHARE[1]:
        return False
    inked = edges = 0
    n_rows = len(grey) // width
    for r in range(0, n_rows, max(1, n_rows // 200)):
        line = grey[r * width:(r + 1) * width].translate(ink_lut)
        inked += line.count(b"1")
        edges += line.count(b"01") + line.count(b"10")
    if inked and edges / inked < MIN_EDGES:
        return False  # solid dark shapes (a mask, a silhouette), not strokes of letters
    return _saturated(rgb, len(rgb) // 3) <= MAX_COLOUR


# --- ruling lines ------------------------------------------------------------------------------

_DARKER = 24  # a ruling line is at least this much darker than the ground (light grey rules)
_PIPE = re.compile(r"^[|\[\]Il1!/\\—–_-]+$")


def _runs(line: bytes, lut: bytes, min_len: int) -> list[tuple[int, int]]:
    bits = line.translate(lut)
    if b"1" * min_len not in bits:  # most rows and columns: no run long enough, found in C
        return []
    return [(mt.start(), mt.end()) for mt in re.finditer(b"1{%d,}" % min_len, bits)]


def _lines_along(rows: Callable[[int], bytes], n: int, lut: bytes, min_len: int, max_thick: int) -> list[tuple[float, int, int]]:
    """Thin dark runs repeated in neighbouring rows -> one line each (centre, start, end);
    a run thicker than max_thick is a filled band, not a line."""
    groups: list[list[int]] = []  # [first_row, last_row, start, end]
    open_: list[list[int]] = []
    for r in range(n):
        still: list[list[int]] = []
        for a, b in _runs(rows(r), lut, min_len):
            g = next((g for g in open_ if g[1] == r - 1 and abs(g[2] - a) <= 3 and abs(g[3] - b) <= 3), None)
            if g is None:
                g = [r, r, a, b]
                groups.append(g)
            else:
                g[1], g[2], g[3] = r, min(g[2], a), max(g[3], b)
            still.append(g)
        open_ = still
    return [((g[0] + g[1]) / 2, g[2], g[3]) for g in groups if g[1] - g[0] + 1 <= max_thick]


def ruling_lines(grey: bytes, width: int, height: int, words: list[ocr.OcrWord]) -> tuple[list[tuple[float, int, int]], list[tuple[float, int, int]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling lines in pixels. The OCR'd words
    are blanked first, so letter strokes are not taken for rules and short cell walls count."""
    buf = bytearray(grey)
    real = [w for w in words if not _PIPE.match(w.text)]
    for w in real:
        x0, y0, x1, y1 = (int(v) for v in w.bbox)
        x0, x1 = max(0, x0 - 1), min(width, x1 + 1)
        blank = b"\xff" * (x1 - x0)
        for y in range(max(0, y0 - 1), min(height, y1 + 1)):
            buf[y * width + x0:y * width + x1] = blank
    ground = ground_of(grey)
    lut = bytes((0x31 if v <= ground - _DARKER else 0x30) for v in range(256))
    heights = sorted(w.bbox[3] - w.bbox[1] for w in real) or [0.02 * height]
    text_h = max(heights[len(heights) // 2], 6.0)
    data = bytes(buf)
    hs = _lines_along(lambda r: data[r * width:(r + 1) * width], height, lut, int(2.5 * text_h), max(3, int(0.6 * text_h)))
    vs = _lines_along(lambda c: data[c::width], width, lut, int(1.2 * text_h), max(3, int(0.6 * text_h)))
    return hs, vs


def _without_long_rules(grey: bytes, w: int, h: int, dpi: int) -> bytes:
    """The image with the rules that cross most of it painted over in the ground colour: a
    wall close to a value is otherwise read as a '|' or glued to it ("80" -> "B0)")."""
    ground = ground_of(grey)
    lut = bytes((0x31 if v <= ground - _DARKER else 0x30) for v in range(256))
    thick = max(3, round(1.5 * dpi / 72))
    floor = round(24 * dpi / 72)  # a rule this long (points) is longer than any letter stroke
    hs = _lines_along(lambda r: grey[r * w:(r + 1) * w], h, lut, max(floor, w // 2), thick)
    vs = _lines_along(lambda c: grey[c::w], w, lut, max(floor, h // 2), thick)
    if not hs and not vs:
        return grey
    buf = bytearray(grey)
    pad = thick // 2 + 1
    for y, a, b in hs:
        for r in range(max(0, int(y) - pad), min(h, int(y) + pad + 1)):
            buf[r * w + a:r * w + b] = bytes([ground]) * (b - a)
    for x, a, b in vs:
        x0, x1 = max(0, int(x) - pad), min(w, int(x) + pad + 1)
        for r in range(a, b):
            buf[r * w + x0:r * w + x1] = bytes([ground]) * (x1 - x0)
    return bytes(buf)


# --- one image, one page -----------------------------------------------------------------------


@dataclass(slots=True)
class _Prepared:
    cand: Candidate
    grey: bytes  # at OCR resolution
    width: int
    height: int
    clean: bytes  # long rules painted over, for the OCR


def _saturated(rgb: bytes, n: int) -> float:
    """Share of pixels in a bright colour (dark navy or maroon print is ink, not colour)."""
    picks = range(0, n, max(1, n // SAMPLES))
    hits = 0
    for i in picks:
        px = rgb[3 * i:3 * i + 3]
        hi = max(px)
        hits += hi > 150 and hi - min(px) > 60
    return hits / max(len(picks), 1)


def printed(doc: pymupdf.Document, cand: Candidate) -> bool:
    """The candidate looks like print: judged on its own pixels (cheap), or, when it has a
    transparent ground (which reads black in its own pixels), composited over white."""
    try:
        pix = pymupdf.Pixmap(doc, cand.xref)
    except Exception:  # an image MuPDF cannot decode is no text to read
        return False
    if pix.colorspace is None or min(pix.width, pix.height) < 8:
        return False
    if pix.alpha:
        flat = _flatten(doc, cand)
        if flat is None:
            return False
        _, sheet = flat
        side = max(sheet.rect.width, sheet.rect.height)
        pix = sheet.get_pixmap(dpi=max(1, min(TEST_DPI, int(TEST_SIDE * 72 / side))), colorspace=pymupdf.csRGB)
    elif pix.colorspace.n != 3:  # a new pixmap: never alter one MuPDF may share
        pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
    return looks_like_print(pix.samples, pymupdf.Pixmap(pymupdf.csGRAY, pix).samples, pix.width)


def _printed_once(doc: pymupdf.Document, cand: Candidate) -> bool:
    """`printed`, remembering within the document the picture objects that failed, so an
    ornament repeated on every page costs one test."""
    memo = ocr.judged()
    if memo is not None and memo.get(cand.xref) is False:
        return False
    verdict = printed(doc, cand)
    if memo is not None:
        memo[cand.xref] = verdict
    return verdict


def prepare(doc: pymupdf.Document, cand: Candidate) -> Optional[_Prepared]:
    """The picture at OCR resolution, and a copy with its long rules painted over for the OCR."""
    flat = _flatten(doc, cand)
    if flat is None:
        return None
    _, sheet = flat
    side = max(sheet.rect.width, sheet.rect.height)
    dpi = max(1, min(OCR_DPI, int(MAX_SIDE * 72 / side)))
    pix = sheet.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    grey = pix.samples
    return _Prepared(cand, grey, pix.width, pix.height, _without_long_rules(grey, pix.width, pix.height, dpi))


def finish(p: _Prepared, words: list[ocr.OcrWord], m: tuple[float, ...]) -> Optional[RasterText]:
    """OCR'd words and the image's walls, in display space; None without a readable word."""
    if not words:
        return None
    px = _compose((1.0 / p.width, 0.0, 0.0, 1.0 / p.height, 0.0, 0.0), _compose(p.cand.to_page, m))
    hs, vs = ruling_lines(p.grey, p.width, p.height, words)
    b = p.cand.bbox
    out = RasterText(b, [(map_bbox(px, wd.bbox), wd.text) for wd in words], [], [])
    out.hsegs += [(b[1], b[0], b[2]), (b[3], b[0], b[2])]  # the picture's frame is the box's wall
    out.vsegs += [(b[0], b[1], b[3]), (b[2], b[1], b[3])]
    segs = [(_map(px, x0, y), _map(px, x1, y)) for y, x0, x1 in hs] + [(_map(px, x, y0), _map(px, x, y1)) for x, y0, y1 in vs]
    for (ax, ay), (bx, by) in segs:
        if abs(ay - by) <= abs(ax - bx):
            out.hsegs.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
        else:
            out.vsegs.append(((ax + bx) / 2, min(ay, by), max(ay, by)))
    return out


def read_rasters(page: pymupdf.Page, m: tuple[float, ...], word_boxes: list[BBox], number: int) -> list[RasterText]:
    """Every picture of print on a page the diagram reader judged a diagram, read."""
    if not ocr.enabled():
        return []
    cands = candidates(page, m, word_boxes)
    shown = [c for c in cands if _printed_once(page.parent, c)]
    if not shown:
        return []
    reason = ocr.unavailable_reason()
    if reason is not None:
        ocr.note(number, f"images on this diagram page were not read: OCR skipped, {reason}")
        return []
    if len(shown) > MAX_IMAGES:
        ocr.note(number, f"{len(shown)} images on this page look like print; only the first {MAX_IMAGES} were read")
        shown = shown[:MAX_IMAGES]
    ready = [p for p in (prepare(page.parent, c) for c in shown) if p is not None]
    try:
        read = ocr.ocr_greys([(p.clean, p.width, p.height) for p in ready])
    except ocr.OcrError as exc:
        ocr.note(number, f"images on this diagram page were not read: {exc}")
        return []
    return [r for p, words in zip(ready, read) if (r := finish(p, words, m)) is not None]
