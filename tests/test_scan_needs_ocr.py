"""Which PDF pages are scans: raster covering the page, weighed against the text layer.

A sheet exported as one picture with a signature block typed over it has a little visible
text; it is still a scan (its content is in the image), so with OCR off its document says it
needs OCR, and with OCR on the page is read from its image. Digital pages with a logo, or a
background picture under much text, keep their text layer."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from ingest import ocr
from ingest.readers import scan
from ingest.readers.pdf import ScannedPDF, read_pdf
from kinerja.pipeline import scan_file

SIGNATURE = ("Mengetahui", "KEPALA DINAS PARIWISATA", "Dra. NAMA PEJABAT, M.Pd", "NIP. 19680825 199412 2 006")


def _sheet() -> np.ndarray:
    """A white sheet with a box of printed words (the picture's content), rasterised at 200 dpi."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.draw_rect(pymupdf.Rect(100, 80, 700, 240), color=(0, 0, 0), width=1.5)
    page.insert_text((130, 130), "SASARAN STRATEGIS", fontsize=20)
    page.insert_text((130, 190), "Meningkatnya kunjungan wisata", fontsize=20)
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()


def _pdf(tmp_path: Path, name: str, image: np.ndarray, rect: pymupdf.Rect | None, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    ok, png = cv2.imencode(".png", image)
    page.insert_image(rect or page.rect, stream=png.tobytes(), keep_proportion=False)
    for k, line in enumerate(lines):  # visible text typed over the picture
        page.insert_text((560, 470 + 14 * k), line, fontsize=9)
    path = tmp_path / name
    doc.save(path)
    return path


def test_a_raster_sheet_with_a_signature_typed_over_it_is_a_scan(tmp_path):
    path = _pdf(tmp_path, "sheet.pdf", _sheet(), None, list(SIGNATURE))
    page = pymupdf.open(path)[0]
    words = [scan.Word(*w[:5]) for w in page.get_text("words")]
    assert sum(len(w.text) for w in words) > scan.MIN_TEXT_CHARS  # the old "< 20 chars" rule misses it
    assert scan.needs_ocr(page, words)
    assert not scan.is_sandwich(page)  # the text is visible: not a sandwich either
    with ocr.session(enabled=False), pytest.raises(ScannedPDF, match=r"need|OCR is off"):
        read_pdf(path)
    doc = scan_file(path, ocr=False).document
    assert doc.status == "skipped" and "OCR is off" in doc.error


def test_digital_pages_with_a_logo_or_a_background_keep_their_text_layer(tmp_path):
    logo = np.full((200, 200), 90, np.uint8)
    text = [f"Persentase capaian kinerja program ke-{k} terhadap target tahunan dinas" for k in range(30)]
    page = pymupdf.open(_pdf(tmp_path, "logo.pdf", logo, pymupdf.Rect(40, 20, 110, 90), SIGNATURE[:2]))[0]
    assert scan.raster_share(page) < 0.05
    assert not scan.needs_ocr(page, [scan.Word(*w[:5]) for w in page.get_text("words")])
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=cv2.imencode(".png", np.full((50, 50), 240, np.uint8))[1].tobytes(),
                      keep_proportion=False)
    for k, line in enumerate(text):  # a page of text on a full-page background picture
        page.insert_text((40, 60 + 24 * k), line, fontsize=11)
    assert scan.raster_share(page) >= scan.FULL_PAGE
    assert not scan.needs_ocr(page, [scan.Word(*w[:5]) for w in page.get_text("words")])


@pytest.mark.skipif(ocr.tesseract() is None and not os.environ.get("CI"), reason="tesseract is not installed")
def test_with_ocr_on_the_raster_sheet_is_read_from_its_image(tmp_path):
    path = _pdf(tmp_path, "sheet.pdf", _sheet(), None, list(SIGNATURE))
    with ocr.session(enabled=True) as s:
        layout = read_pdf(path)
    assert layout.reader == "ocr" and any("read by OCR" in m for _, m in s.notes)
    text = " ".join(w.text for b in layout.blocks for w in [b] if hasattr(b, "text")) + " ".join(
        c.text for t in layout.tables() for r in t.rows for c in r.cells)
    assert "kunjungan" in text.lower()  # the picture's words, which the text layer never had


def test_a_digital_document_with_an_unread_scanned_page_says_which(tmp_path):
    doc = pymupdf.open(_pdf(tmp_path, "sheet.pdf", _sheet(), None, list(SIGNATURE)))
    first = doc.new_page(0, width=595, height=842)
    for k in range(20):
        first.insert_text((40, 60 + 24 * k), f"Persentase capaian kinerja program ke-{k} terhadap target", fontsize=11)
    path = tmp_path / "mixed.pdf"
    doc.save(path)
    result = scan_file(path, ocr=False)
    assert result.document.status == "ok"
    notes = [f.message for f in result.findings if f.rule == "reader"]
    assert any("(p. 2)" in m and "OCR is off" in m for m in notes), notes
