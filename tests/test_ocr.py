"""OCR of table pictures pasted into digital diagram pages (ingest/ocr.py, ingest/readers/raster.py).

samples/ocr/diagram_raster_tables.pdf (samples/render_raster.py): a vector cascade whose two year
tables are PNG pictures under the kegiatan boxes, on an upright page and again on a /Rotate 90
page, plus a faint background picture and a coloured emblem that hold no print.
"""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

from ingest import load, ocr
from ingest.readers import raster
from ingest.readers.diagram import read_diagram_page, turn_matrix
from kinerja.pipeline import scan_file

SAMPLE = Path(__file__).parent.parent / "samples" / "ocr" / "diagram_raster_tables.pdf"
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture
def needs_tesseract() -> None:
    """In CI a missing tesseract is a broken set-up (.ci/run installs it): fail, never skip."""
    if ocr.tesseract() is None:
        if IN_CI:
            pytest.fail("tesseract is not installed in CI: .ci/run must apt-get install tesseract-ocr tesseract-ocr-ind")
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ind)")


def _raster_boxes(layout):
    return [b for b in layout.boxes if b.table and "REALISASI" in b.text.upper()]


def test_pictured_tables_become_boxes_with_cells(needs_tesseract) -> None:
    layout = load(SAMPLE)
    boxes = _raster_boxes(layout)
    assert [b.page for b in boxes] == [1, 1, 2, 2]
    for page in (1, 2):  # the rotated page gives the same cells at the same displayed places
        unit, group = sorted((b for b in boxes if b.page == page), key=lambda b: b.bbox[0])
        for box, row, x0 in ((unit, ["Unit", "450", "396", "88%"], 112.0), (group, ["Kelompok", "24", "27", "112,5%"], 502.0)):
            rows = [r.texts for r in box.table.rows]
            assert rows[0][:3] == ["SATUAN", "TARGET", "REALISASI"]
            assert rows[0][3].startswith("CAPAIAN")
            assert rows[1] == row
            assert box.bbox[0] == pytest.approx(x0, abs=2) and box.bbox[1] == pytest.approx(338, abs=2)
            assert all(r.page == page for r in box.table.rows)


def test_pictured_values_reach_the_kegiatan_records(needs_tesseract) -> None:
    result = scan_file(SAMPLE)
    got = {(r.page, r.indikator): (r.satuan, r.target, r.realisasi, r.capaian) for r in result.indicators if r.level == "kegiatan"}
    assert got[(1, "Jumlah sambungan rumah baru")] == ("unit", 450, 396, 88)
    assert got[(1, "Jumlah kelompok pengelola terlatih")] == ("kelompok", 24, 27, 112.5)
    assert got[(2, "Jumlah sambungan rumah baru")] == ("unit", 450, 396, 88)
    assert not [f for f in result.findings if f.rule == "ocr"]


def test_pictures_without_print_are_not_ocred(needs_tesseract, monkeypatch) -> None:
    sent: list[tuple[int, int]] = []
    real = ocr.ocr_greys

    def spy(images, *args, **kwargs):
        sent.extend((w, h) for _, w, h in images)
        return real(images, *args, **kwargs)

    monkeypatch.setattr(ocr, "ocr_greys", spy)
    doc = pymupdf.open(SAMPLE)
    page = doc[0]
    m = turn_matrix(page, None)
    cands = raster.candidates(page, m, [])
    assert len(cands) == 3  # the emblem and the two tables; the full-page background is no candidate
    read = raster.read_rasters(page, m, [], 1)
    assert len(sent) == 2 and len(read) == 2  # the emblem failed the pixel test: never sent to OCR
    assert all(w > 400 for w, _ in sent)  # tables at OCR resolution (about 300 dpi)


def test_ocr_off_reads_no_pictures() -> None:
    with ocr.session(enabled=False) as s:
        layout = load(SAMPLE)
    assert not _raster_boxes(layout) and not s.notes
    result = scan_file(SAMPLE, ocr=False)
    assert result.document.status == "ok" and not [f for f in result.findings if f.rule == "ocr"]


def test_missing_tesseract_is_a_visible_note_not_a_crash(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    result = scan_file(SAMPLE)
    assert result.document.status == "ok"
    notes = [f for f in result.findings if f.rule == "ocr"]
    assert [(f.severity, f.page) for f in notes] == [("info", 1)]  # once per document, at its first page
    assert "tesseract is not installed" in notes[0].message
    assert result.document.n_findings == len(result.findings)


def test_no_picture_on_a_page_costs_no_ocr(monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise AssertionError("OCR ran on a page without pictures")

    monkeypatch.setattr(ocr, "ocr_greys", boom)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Tabel 1 Realisasi Kinerja")
    assert raster.read_rasters(page, turn_matrix(page, None), [], 1) == []


def test_parse_tsv_keeps_confident_words_and_drops_rule_marks() -> None:
    tsv = "\n".join([
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "4\t1\t1\t1\t1\t0\t10\t10\t200\t20\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t10\t40\t20\t96.5\tTarget",
        "5\t1\t1\t1\t1\t2\t60\t10\t5\t20\t91.0\t|",
        "5\t1\t1\t1\t1\t3\t70\t10\t30\t20\t88.0\t100%",
        "5\t1\t1\t1\t1\t4\t110\t10\t30\t20\t12.0\tS0)",
    ])
    words = ocr.parse_tsv(tsv)
    assert [(w.text, w.bbox) for w in words] == [("Target", (10, 10, 50, 30)), ("100%", (70, 10, 100, 30))]


def test_ruling_lines_found_between_words() -> None:
    """Grey rules on a white ground: a frame row, a header rule, two column walls; letters blanked."""
    w, h = 300, 100
    px = bytearray(b"\xff" * (w * h))
    for x in range(w):
        for y in (40, 41):
            px[y * w + x] = 190  # header rule, two pixels thick
    for y in range(h):
        for x in (100, 200):
            px[y * w + x] = 170  # column walls
    for y in range(10, 30):  # a 'letter' block inside a word box
        for x in range(20, 24):
            px[y * w + x] = 20
    words = [ocr.OcrWord((15, 8, 60, 32), "Satuan", 95.0)]
    hs, vs = raster.ruling_lines(bytes(px), w, h, words)
    assert [(round(y), a, b) for y, a, b in hs] == [(40, 0, 300)]
    assert sorted(round(x) for x, _, _ in vs) == [100, 200]


def _table_picture() -> bytes:
    doc = pymupdf.open(SAMPLE)
    page = doc[0]
    cand = raster.candidates(page, turn_matrix(page, None), [])[1]
    return pymupdf.Pixmap(doc, cand.xref).tobytes("png")


def test_a_table_picture_on_a_page_of_text_is_not_ocred(monkeypatch, tmp_path) -> None:
    """OCR is for diagram pages: a report page with a pasted table and running text keeps its
    picture unread (and costs no Tesseract run)."""
    monkeypatch.setattr(ocr, "ocr_greys", lambda *a, **k: pytest.fail("OCR ran on a page that is no diagram"))
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 530, 200), "Tabel 3.1 Capaian kinerja. " * 12, fontsize=10)
    page.draw_rect(pymupdf.Rect(60, 210, 530, 240), width=0.6)  # one drawn frame, no cascade
    page.insert_image(pymupdf.Rect(120, 260, 346, 302), stream=_table_picture())
    path = tmp_path / "report.pdf"
    doc.save(path)
    layout = load(path)
    assert not _raster_boxes(layout)


def test_a_picture_repeated_on_every_page_is_judged_once(monkeypatch, tmp_path) -> None:
    """A batch of diagram sheets with a letterhead ornament on every page: one pixel test per
    document, not one per page."""
    calls: list[int] = []
    real = raster.printed
    monkeypatch.setattr(raster, "printed", lambda doc, cand: calls.append(cand.xref) or real(doc, cand))
    src = pymupdf.open(SAMPLE)
    emblem = next(c for c in raster.candidates(src[0], turn_matrix(src[0], None), []) if c.bbox[2] - c.bbox[0] < 50)
    png = pymupdf.Pixmap(src, emblem.xref).tobytes("png")
    doc = pymupdf.open()
    xref = 0
    for k in range(6):
        page = doc.new_page(width=595, height=842)
        xref = page.insert_image(pymupdf.Rect(500, 20, 560, 80), stream=png, xref=xref)
        for x in (60, 320):  # two headed boxes side by side: the page is judged a diagram
            page.draw_rect(pymupdf.Rect(x, 120, x + 240, 240), width=0.8)
            page.insert_text((x + 10, 140), "Sasaran", fontsize=9)
            page.insert_text((x + 10, 160), f"Meningkatnya kualitas layanan publik {k}", fontsize=9)
    path = tmp_path / "letterhead.pdf"
    doc.save(path)
    with ocr.session(enabled=True):
        load(path)
    assert calls == [xref]


def test_a_picture_that_breaks_the_reader_is_a_note(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("damaged image stream")

    monkeypatch.setattr(raster, "candidates", broken)
    result = scan_file(SAMPLE)
    assert result.document.status == "ok" and len(result.indicators) >= 6  # the drawing is still read
    notes = [f for f in result.findings if f.rule == "ocr"]
    assert notes and notes[0].page == 1 and "damaged image stream" in notes[0].message


def test_a_page_is_judged_once_before_its_pictures_are_read(monkeypatch) -> None:
    """A ruled page that is no diagram, with a table pasted in as a picture: the verdict on its
    vectors is the page's verdict (its boxes are read once, and no OCR runs)."""
    from ingest.readers import diagram

    def boom(*args, **kwargs):
        raise AssertionError("OCR ran on a page judged no diagram")

    reads: list[int] = []
    real = diagram.diagram_from_geometry
    monkeypatch.setattr(diagram, "diagram_from_geometry", lambda *a, **k: reads.append(1) or real(*a, **k))
    monkeypatch.setattr(ocr, "ocr_greys", boom)
    src = pymupdf.open(SAMPLE)
    table = max(raster.candidates(src[0], turn_matrix(src[0], None), []), key=lambda c: c.bbox[2] - c.bbox[0])
    png = pymupdf.Pixmap(src, table.xref).tobytes("png")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(5):  # a plain ruled grid: walls enough for boxes, no cascade header
        page.draw_line((60, 100 + 30 * i), (540, 100 + 30 * i))
        page.draw_line((60 + 120 * i, 100), (60 + 120 * i, 220))
        if i < 4:
            page.insert_text((66, 120 + 30 * i), f"Baris {i} nilai {i * 7}", fontsize=9)
    page.insert_image(pymupdf.Rect(60, 300, 400, 420), stream=png)
    with ocr.session(enabled=True):
        dp = read_diagram_page(page, 1)
    assert dp.diagram is False and len(reads) == 1
