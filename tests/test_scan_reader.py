"""Issue 14: scanned pages read by OCR into the PDF reader's geometry (ingest/readers/scan.py).

The scans in samples/scans/ are sample PDFs printed to images, tilted, noised, JPEG-compressed
and wrapped back into image-only PDFs (samples/render_scans.py); their records must match the
digital PDF's. Runs the real Tesseract engine (CI installs it); pages are few and small.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from ingest import ocr, readers
from ingest.readers import scan
from ingest.readers.pdf import ScannedPDF, read_pdf
from kinerja.pipeline import scan_file
from kinerja.workers import Limits

ROOT = Path(__file__).resolve().parent.parent
SCANS = sorted((ROOT / "samples" / "scans").glob("*_scan.pdf"))
needs_tesseract = pytest.mark.skipif(
    ocr.tesseract() is None and not os.environ.get("CI"), reason="tesseract is not installed"
)


def _page_image() -> np.ndarray:
    """A white page with a solid rule, a dashed rule, a rule broken by a fax gap, a vertical
    rule, and a line of text whose baseline must not be taken for a rule."""
    img = np.full((800, 1000), 255, np.uint8)
    cv2.line(img, (100, 100), (900, 100), 0, 3)
    for x in range(100, 900, 14):
        cv2.line(img, (x, 300), (x + 8, 300), 0, 2)
    cv2.line(img, (100, 500), (480, 500), 0, 3)
    cv2.line(img, (500, 500), (900, 500), 0, 3)
    cv2.line(img, (100, 100), (100, 700), 0, 3)
    cv2.putText(img, "Meningkatnya kualitas pelayanan", (150, 420), cv2.FONT_HERSHEY_COMPLEX, 1.2, 0, 2)
    return img


def test_ruling_lines_solid_dashed_and_broken_but_not_text_baselines():
    segs, mask = scan.ruling_segments(scan.ink(_page_image()), dpi=200)
    horizontal = sorted((round(s.pos), round(s.start), round(s.end)) for s in segs if s.horizontal)
    vertical = [s for s in segs if not s.horizontal]
    assert [h[0] for h in horizontal] == [100, 300, 500]  # no rule under the text at y=420
    assert all(h[1] <= 105 and h[2] >= 895 for h in horizontal)  # dashes bridged, the gap joined
    assert len(vertical) == 1 and vertical[0].end - vertical[0].start > 550
    assert mask[420, 300] == 0 and mask[100, 500] == 255


def test_skew_is_measured_and_a_sideways_page_is_seen():
    img = _page_image()
    tilted = scan.rotate(img, 1.5)
    assert abs(scan.skew_angle(scan.ink(tilted)) + 1.5) <= 0.3
    text = np.full((1000, 800), 255, np.uint8)
    for y in range(100, 900, 40):
        cv2.putText(text, "Persentase capaian target kinerja", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    assert not scan.text_runs_sideways(scan.ink(text))
    assert scan.text_runs_sideways(scan.ink(scan.turn(text, 90)))


def _image_pdf(tmp_path: Path, hide_text: bool | None) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(230)
    if hide_text:  # an OCR layer under the scan image
        page.insert_text((72, 72), "Indikator Kinerja Utama")
    page.insert_image(page.rect, pixmap=pix, keep_proportion=False)
    if hide_text is False:  # visible text printed over a background picture
        page.insert_text((72, 72), "Indikator Kinerja Utama")
    path = tmp_path / "page.pdf"
    doc.save(path)
    return path


def test_sandwich_pages_are_told_from_text_over_a_background(tmp_path):
    assert scan.is_sandwich(pymupdf.open(_image_pdf(tmp_path, hide_text=True))[0])
    assert not scan.is_sandwich(pymupdf.open(_image_pdf(tmp_path, hide_text=False))[0])


def test_no_ocr_skips_a_scan_and_says_why(tmp_path):
    path = SCANS[0]
    with ocr.session(enabled=False), pytest.raises(ScannedPDF, match=r"OCR is off \(--no-ocr\)"):
        read_pdf(path)


@pytest.fixture(scope="module")
def results():
    if ocr.tesseract() is None and not os.environ.get("CI"):
        pytest.skip("tesseract is not installed")
    out = {}
    for path in SCANS:
        digital = ROOT / "samples" / "pdf" / path.name.replace("_scan.pdf", ".pdf")
        out[path.stem] = (scan_file(digital), scan_file(path))
    return out


FIELDS = ("indikator", "sasaran", "satuan", "year", "target", "realisasi", "capaian")


@needs_tesseract
def test_scanned_samples_give_the_digital_records(results):
    """Records of the scans against their digital PDFs, every field compared: at least 95 %
    identical records and 97 % identical targets (the issue's bar; 35/35 and 35/35 with the
    second look at doubtful words and the '!'-for-'I' repair, Tesseract 5.3)."""
    assert len(results) >= 3
    total = same = targets = same_targets = 0
    for stem, (digital, scanned) in results.items():
        assert scanned.document.status == "ok", scanned.document.error
        assert scanned.document.reader == "ocr"
        assert any(f.rule == "ocr" and "read by OCR" in f.message for f in scanned.findings)
        want = Counter(tuple(getattr(r, f) for f in FIELDS) for r in digital.indicators)
        got = Counter(tuple(getattr(r, f) for f in FIELDS) for r in scanned.indicators)
        total += sum(want.values())
        same += sum((want & got).values())
        want_t = Counter((r.year, r.target) for r in digital.indicators if r.target is not None)
        got_t = Counter((r.year, r.target) for r in scanned.indicators if r.target is not None)
        targets += sum(want_t.values())
        same_targets += sum((want_t & got_t).values())
        assert len(scanned.indicators) <= len(digital.indicators) + 1, stem
    assert same_targets >= 0.97 * targets, f"targets {same_targets}/{targets}"
    assert same >= 0.95 * total, f"records {same}/{total}"


@needs_tesseract
def test_a_sideways_scanned_page_is_turned_upright(results):
    digital, scanned = results["pdf_iku_borderless_scan"]
    assert len(scanned.indicators) == len(digital.indicators)
    want = {(r.indikator, r.target) for r in digital.indicators}
    got = {(r.indikator, r.target) for r in scanned.indicators}
    assert len(want & got) >= len(want) - 2, want - got


@needs_tesseract
def test_an_upside_down_page_is_read_turned_over(tmp_path):
    from ingest.ocr_engines import engine

    src = pymupdf.open(ROOT / "samples" / "pdf" / "pdf_iku_borderless.pdf")[0]
    pix = src.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    ok, png = cv2.imencode(".png", cv2.rotate(grey, cv2.ROTATE_180))
    doc = pymupdf.open()
    page = doc.new_page(width=src.rect.width, height=src.rect.height)
    page.insert_image(page.rect, stream=png.tobytes())
    got = scan.read_scan_page(page, 1, engine("tesseract"))
    assert got.turn == 180
    words = {w.text for w in got.geometry.words}
    assert {"Indikator", "Sasaran"} <= words


def _long_scan_reader(path):
    """Stands in for a long scan: three pages 'OCR'd' at 0.5 s each, then the text read."""
    for _ in range(3):
        ocr.page_started()
        time.sleep(0.5)
    return readers.READERS[".txt"](path)


def _hanging_scan_reader(path):
    ocr.page_started()
    time.sleep(60)


def test_a_long_scan_gets_time_for_each_ocr_page_and_a_hung_page_still_times_out(tmp_path, monkeypatch):
    """--timeout bounds a document; each page it OCRs adds OCR_PAGE_SECONDS, so a scan that needs
    longer than the limit in all is read, and a page that hangs is still stopped."""
    from kinerja import pipeline

    monkeypatch.setattr(pipeline, "OCR_PAGE_SECONDS", 0.6)
    monkeypatch.setitem(readers.READERS, ".longscan", _long_scan_reader)
    monkeypatch.setitem(readers.READERS, ".hungscan", _hanging_scan_reader)
    text = (ROOT / "samples" / "text").glob("*.txt")
    files = []
    for name in ("a.longscan", "b.hungscan"):
        (tmp_path / name).write_text(next(text).read_text(encoding="utf-8"), encoding="utf-8")
        files.append(tmp_path / name)
    start = time.monotonic()
    got = {Path(r.document.source_path).name: r.document for r in pipeline.scan(files, jobs=2, limits=Limits(timeout=1.0, memory_mb=None))}
    assert time.monotonic() - start < 10
    assert got["a.longscan"].status == "ok", got["a.longscan"].error
    assert got["b.hungscan"].status == "failed"
    assert "timed out" in got["b.hungscan"].error and "plus 0.6 s its pages asked for" in got["b.hungscan"].error
