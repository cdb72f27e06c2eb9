"""Page images that findings cite, rendered with PyMuPDF and the cited cells highlighted.

Boxes are in the reader's coordinates: points of the unrotated page (its /Rotate left out) turned
so its text reads upright (ingest.readers.pdf_page), so the page is rendered the same way and a box
maps onto the image by scaling alone. Only pages that findings cite are drawn, the most severe findings
first, up to a limit; each image is checked against the file the scan read (its sha256 is the
document_id), so a file edited since is not shown with boxes that no longer fit it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import cv2
import numpy as np
import pymupdf

from ingest.readers.pdf_page import _text_turn
from kinerja.pipeline import sha256_file
from kinerja.report.evidence import Cited

_LONG_SIDE = 1400  # pixels: legible cells without multi-megabyte images
_MAX_ZOOM = 2.0
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_FILL = (0, 215, 255)  # BGR: amber, the cells the finding is about
_EDGE = (0, 0, 220)  # BGR: red
_PART_FILL = (255, 200, 120)  # BGR: light blue, the cells it was checked against (parts of a sum)
_PART_EDGE = (200, 90, 0)


@dataclass
class Shot:
    """What a finding links to: an image file (relative to the report), or why there is none."""

    image: Optional[str] = None
    why: Optional[str] = None  # a WORDS key
    located: bool = True  # False: the cells' boxes were not known, the whole page is the evidence
    focus: float = 0.0  # height of the first marked cell, as a fraction of the image's (to scroll to it)


def source_finder(origin: Path, root: Optional[Path]) -> Callable[[str], Optional[Path]]:
    """Where a stored source_path is now: as given, under --root, or relative to the folder of
    the scan output and its parents (paths are stored as the scan was given them)."""
    bases = [root] if root else []
    start = origin if origin.is_dir() else origin.parent
    bases += [Path.cwd(), start.resolve(), *start.resolve().parents[:3]]

    def find(source_path: str) -> Optional[Path]:
        p = Path(source_path)
        if p.is_absolute():
            return p if p.is_file() else None
        for base in bases:
            q = base / p
            if q.is_file():
                return q
        return None

    return find


def _turn(page: pymupdf.Page) -> int:
    blocks = [b for b in page.get_text("dict")["blocks"] if b.get("type", 0) == 0]
    return _text_turn(blocks)


def _draw(page: pymupdf.Page, boxes: list[tuple[tuple[float, float, float, float], bool]]) -> tuple[bytes, Optional[float]]:
    """PNG bytes of the page with the boxes highlighted (amber the main ones, blue the parts
    they were checked against), and where the first main box is (a fraction of the height;
    None when no box fell on the page)."""
    if page.rotation:  # the reader's coordinates ignore /Rotate (its own turn stands in): so does the image
        page.set_rotation(0)  # the document is only read; this change is never saved
    turn = _turn(page)
    w, h = page.rect.width, page.rect.height
    zoom = min(_MAX_ZOOM, _LONG_SIDE / max(w, h, 1.0))
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom).prerotate(turn), alpha=False)
    samples = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    img = cv2.cvtColor(samples, cv2.COLOR_RGB2BGR if pix.n == 3 else cv2.COLOR_GRAY2BGR)
    shade = img.copy()
    rects = []
    for (x0, y0, x1, y1), main in sorted(boxes, key=lambda b: b[1]):  # the main boxes drawn last, on top
        a = (max(0, int(x0 * zoom) - 2), max(0, int(y0 * zoom) - 2))
        b = (min(pix.width - 1, int(x1 * zoom) + 2), min(pix.height - 1, int(y1 * zoom) + 2))
        if b[0] <= a[0] or b[1] <= a[1]:
            continue
        cv2.rectangle(shade, a, b, _FILL if main else _PART_FILL, thickness=-1)
        rects.append((a, b, main))
    img = cv2.addWeighted(shade, 0.35, img, 0.65, 0)
    for a, b, main in rects:
        cv2.rectangle(img, a, b, _EDGE if main else _PART_EDGE, thickness=2 if main else 1)
    ok, png = cv2.imencode(".png", img, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    assert ok
    first = next(((a, b) for a, b, main in rects if main), rects[0][:2] if rects else None)
    return png.tobytes(), ((first[0][1] + first[1][1]) / 2 / pix.height if first else None)


def render(cited: list[Cited], folder: Path, find: Callable[[str], Optional[Path]], limit: int) -> dict[int, Shot]:
    """id(cited) -> Shot for every finding. Images go to `folder`; identical ones (the same page
    with the same boxes) are drawn once and counted once against `limit`."""
    folder.mkdir(parents=True, exist_ok=True)
    shots: dict[int, Shot] = {}
    drawn: dict[tuple, Shot] = {}
    files: dict[str, Optional[Path] | str] = {}  # source path -> file, or the WORDS key why not
    open_docs: dict[Path, pymupdf.Document] = {}
    try:
        for c in sorted(cited, key=lambda c: c.rank):  # the most severe first, while the limit lasts
            shots[id(c)] = _shot(c, folder, find, limit, drawn, files, open_docs)
    finally:
        for d in open_docs.values():
            d.close()
    return shots


def _source(c: Cited, find, files: dict) -> Path | str:
    sp = str(c.document.get("source_path") or c.finding.get("source_path") or "")
    if sp not in files:
        path = find(sp) if sp else None
        if path is None:
            files[sp] = "file_missing"
        else:
            doc_id = str(c.document.get("document_id") or "")
            if _HEX64.match(doc_id) and sha256_file(path) != doc_id:
                files[sp] = "file_changed"
            else:
                files[sp] = path
    return files[sp]


def _shot(c: Cited, folder: Path, find, limit: int, drawn: dict, files: dict, open_docs: dict) -> Shot:
    page = c.page
    if page is None:
        return Shot(why="no_page")
    src = _source(c, find, files)
    if isinstance(src, str):
        return Shot(why=src)
    if src.suffix.lower() != ".pdf":
        return Shot(why="no_image")  # text, DOCX and XLSX inputs: the report shows the printed text
    boxes = list(dict.fromkeys((m.bbox, m.main) for m in c.marks if m.page == page and m.bbox is not None))
    key = (str(src), page, tuple(boxes))
    if key in drawn:
        return drawn[key]
    if len(drawn) >= limit:
        return Shot(why="image_limit")
    if src not in open_docs:
        open_docs[src] = pymupdf.open(src)
    pdf = open_docs[src]
    if not 1 <= page <= pdf.page_count:
        return Shot(why="no_page")
    png, focus = _draw(pdf[page - 1], list(boxes))
    doc_id = str(c.document.get("document_id") or "doc")[:12]
    name = f"{doc_id}-p{page}-{len(drawn) + 1}.png"
    (folder / name).write_bytes(png)
    shot = Shot(image=f"{folder.name}/{name}", located=focus is not None, focus=round(focus or 0.0, 3))
    drawn[key] = shot
    return shot
