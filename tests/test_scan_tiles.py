"""A page too large for one image at OCR resolution (a cascade poster) is read in tiles: the
tiles must give the page's own pixels, and the tiled reading the digital sheet's records."""

from __future__ import annotations

import os

import numpy as np
import pymupdf
import pytest

from ingest import ocr
from ingest.readers import scan, scan_tiles
from kinerja.pipeline import scan_file
from tests.test_scan_diagram import FIELDS, TREE, _scanned


@pytest.mark.parametrize("rotate", [0, 90])
def test_tiles_drawn_through_the_turn_and_deskew_are_the_page_image(tmp_path, rotate):
    doc = pymupdf.open(_scanned(TREE, tmp_path / "tree_scan.pdf", tilt=2.0))
    page = doc[0]
    page.set_rotation(rotate)
    whole, scale, first, skew = scan.prepare(page)
    assert abs(skew) > 1.0
    frame = scan_tiles.Frame.of(page, scale, first, skew)
    h, w = whole.shape
    assembled = np.zeros_like(whole)
    for (x0, y0, x1, y1), rect in scan_tiles.tiles(w, h, 40):
        tile = scan_tiles.render_tile(page, frame, rect)
        assembled[y0:y1, x0:x1] = tile[y0 - rect[1]:y1 - rect[1], x0 - rect[0]:x1 - rect[0]]
    inked = (whole < 128) | (assembled < 128)
    assert ((whole < 128) == (assembled < 128))[inked].mean() > 0.9  # the same print, at the same place
    assert np.abs(assembled.astype(int) - whole.astype(int)).mean() < 4


@pytest.mark.skipif(ocr.tesseract() is None and not os.environ.get("CI"), reason="tesseract is not installed")
def test_a_page_read_in_tiles_gives_the_digital_records(tmp_path, monkeypatch):
    """The scanned box tree read as if it were a poster: boxes, words, rules and connectors cut
    by tile edges must come back whole, in the page's points."""
    monkeypatch.setattr(scan_tiles, "WHOLE_PIXELS", 1_000_000)
    monkeypatch.setattr(scan_tiles, "TILE", 1200)  # 2 x 1 tiles: the tree cut down its middle
    want = [tuple(getattr(r, f) for f in FIELDS) for r in scan_file(TREE).indicators]
    pdf = _scanned(TREE, tmp_path / "tree_scan.pdf")
    page = pymupdf.open(pdf)[0]
    assert scan_tiles.in_tiles(page, scan.render_scale(page))
    scanned = scan_file(pdf)
    got = [tuple(getattr(r, f) for f in FIELDS) for r in scanned.indicators]
    assert scanned.document.reader == "ocr" and len(want) == 8
    assert sum(1 for r in got if r in want) >= 7 and len(got) <= len(want) + 1, (got, want)
