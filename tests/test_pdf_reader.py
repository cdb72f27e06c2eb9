"""The PDF reader's named steps on synthetic boxes, and its clear errors for PDFs it cannot read."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from ingest.readers import UnsupportedInput
from ingest.readers.pdf import ScannedPDF, UnreadablePDF, read_pdf
from ingest.tables_lattice import lattice_rows
from ingest.tables_geom import (
    Segment,
    text_of,
    Word,
    grid_cells,
    grid_of,
    join_lines,
    merge_segments,
    place_words,
    ruled_regions,
)


def test_join_lines_repairs_hyphenation_and_keeps_reduplication_and_compounds():
    assert join_lines(["Persentase penyeleng-", "garaan urusan"]) == "Persentase penyelenggaraan urusan"
    assert join_lines(["Rata-", "rata lama"]) == "Rata-rata lama"
    assert join_lines(["Dokumen RKA-", "SKPD"]) == "Dokumen RKA-SKPD"
    assert join_lines(["Persentase", "pencari kerja"]) == "Persentase pencari kerja"
    assert join_lines(["Rp 7.477.615.", "000"]) == "Rp 7.477.615.000"
    assert join_lines(["11.000.00", "0.000"]) == "11.000.000.000"
    assert join_lines(["8.000.000", ".000"]) == "8.000.000.000"
    assert join_lines(["Persen 80", "12 LPK"]) == "Persen 80 12 LPK"


def _grid_segments() -> list[Segment]:
    """A 3-column, 3-row ruled grid whose first column merges rows 2 and 3 (no line between)."""
    xs, ys = [0, 50, 150, 200], [0, 20, 40, 60]
    segs = [Segment(True, ys[0], 0, 200), Segment(True, ys[1], 0, 200), Segment(True, ys[3], 0, 200)]
    segs.append(Segment(True, ys[2], 50, 200))  # the merged cell has no border at y=40
    segs += [Segment(False, x, 0, 60) for x in xs]
    return segs


def test_lattice_emits_a_merged_cell_once_and_empty_below_it():
    segs = merge_segments(_grid_segments())
    (hs, vs), = ruled_regions(segs)
    grid = grid_of(hs, vs)
    assert grid is not None and len(grid.xs) == 4 and len(grid.ys) == 4
    cells = grid_cells(grid)
    words = [
        Word(5, 5, 30, 15, "No"), Word(60, 5, 100, 15, "Indikator"), Word(160, 5, 190, 15, "Target"),
        Word(5, 25, 10, 35, "1"), Word(60, 25, 120, 35, "Persentase"), Word(160, 25, 170, 35, "80"),
        Word(60, 45, 120, 55, "Jumlah"), Word(160, 45, 170, 55, "12"),
        Word(300, 300, 320, 310, "outside"),
    ]
    rest = place_words(grid, cells, words)
    assert [w.text for w in rest] == ["outside"]
    rows = lattice_rows(grid, cells, page=3)
    assert [r.texts for r in rows] == [["No", "Indikator", "Target"], ["1", "Persentase", "80"], ["", "Jumlah", "12"]]
    assert rows[1].cells[0].rowspan == 2 and rows[1].cells[0].bbox == (0, 20, 50, 60)
    assert all(r.page == 3 and r.bbox is not None for r in rows)


def test_collinear_pieces_of_a_border_are_one_line():
    merged = merge_segments([Segment(True, 10.0, 0, 50), Segment(True, 10.8, 51, 100), Segment(True, 40, 0, 100)])
    assert [(round(s.pos), s.start, s.end) for s in merged] == [(10, 0, 100), (40, 0, 100)]


def test_a_lone_box_is_not_a_table():
    box = [Segment(True, 0, 0, 100), Segment(True, 50, 0, 100), Segment(False, 0, 0, 50), Segment(False, 100, 0, 50)]
    (hs, vs), = ruled_regions(merge_segments(box))
    assert grid_of(hs, vs) is None


def _table_pdf(path: Path, rotate: int = 0) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 60), "Tabel 3.3 Realisasi Kinerja", fontname="hebo", fontsize=12)
    xs, ys = [50, 90, 330, 420, 520], [80, 100, 130, 160]
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y))
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]))
    rows = [["No", "Indikator Kinerja", "Target", "Realisasi"], ["1", "Persentase pencari kerja", "80", "82,5"],
            ["2", "Nilai SAKIP", "70", "71,25"]]
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            page.insert_text((xs[j] + 4, ys[i] + 14), text, fontsize=9)
    page.insert_text((280, 820), "12", fontsize=9)  # a page-number footer
    if rotate:
        page.set_rotation(rotate)
    doc.save(path)


@pytest.mark.parametrize("rotate", [0, 90])
def test_read_pdf_finds_caption_table_and_drops_the_page_number(tmp_path, rotate):
    path = tmp_path / "t.pdf"
    _table_pdf(path, rotate)
    layout = read_pdf(path)
    paragraphs = [p.text for p in layout.paragraphs()]
    assert paragraphs == ["Tabel 3.3 Realisasi Kinerja"]
    assert next(layout.paragraphs()).heading
    (table,) = list(layout.tables())
    assert [r.texts for r in table.rows] == [
        ["No", "Indikator Kinerja", "Target", "Realisasi"],
        ["1", "Persentase pencari kerja", "80", "82,5"],
        ["2", "Nilai SAKIP", "70", "71,25"],
    ]
    assert layout.reader == "pdf" and table.rows[1].cells[1].bbox is not None


def test_text_printed_sideways_is_turned_upright(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((100, 700), "Indikator Kinerja Utama", fontsize=11, rotate=90)
    path = tmp_path / "side.pdf"
    doc.save(path)
    layout = read_pdf(path)
    assert [p.text for p in layout.paragraphs()] == ["Indikator Kinerja Utama"]
    assert layout.pages[0].rotation == 90 and layout.pages[0].width == 842


def test_a_scan_without_text_is_skipped_saying_ocr_found_nothing(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    path = tmp_path / "scan.pdf"
    doc.save(path)
    with pytest.raises(ScannedPDF, match="OCR"):
        read_pdf(path)
    assert issubclass(ScannedPDF, UnsupportedInput)


def test_encrypted_and_broken_pdfs_raise_a_clear_error(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "rahasia")
    enc = tmp_path / "enc.pdf"
    doc.save(enc, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    with pytest.raises(UnreadablePDF, match="password"):
        read_pdf(enc)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(UnreadablePDF):
        read_pdf(broken)


def test_a_table_part_without_a_top_rule_is_closed_by_its_vertical_lines():
    """The part of a table on the next page often has no rule above its first row."""
    segs = [Segment(True, y, 0, 200) for y in (30, 60)] + [Segment(False, x, 0, 60) for x in (0, 100, 200)]
    (hs, vs), = ruled_regions(merge_segments(segs))
    grid = grid_of(hs, vs)
    assert grid is not None and grid.ys == [0, 30, 60]
    cells = grid_cells(grid)
    place_words(grid, cells, [Word(5, 10, 40, 20, "rest"), Word(5, 40, 40, 50, "next")])
    assert [r.texts for r in lattice_rows(grid, cells, page=2)] == [["rest", ""], ["next", ""]]


def test_a_word_broken_by_a_narrow_cell_is_joined_but_a_wrapped_phrase_is_not():
    broken = [Word(0, 0, 30, 10, "Satu"), Word(0, 12, 10, 22, "an")]
    assert text_of(broken) == "Satuan"
    wrapped = [Word(0, 0, 22, 10, "Jumlah"), Word(24, 0, 30, 10, "di"), Word(0, 12, 12, 22, "ke")]
    assert text_of(wrapped) == "Jumlah di ke"
    short_line = [Word(0, 0, 20, 10, "Nilai"), Word(0, 12, 40, 22, "indeks"), Word(0, 24, 10, 34, "kab")]
    assert text_of(short_line) == "Nilai indeks kab"


def _lines_pdf(path: Path, lines: list[list[tuple[float, str]]]) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines):
        for x, text in line:
            page.insert_text((x, 100 + 14 * i), text, fontsize=9)
    doc.save(path)


def test_borderless_table_is_read_under_its_header_but_aligned_prose_is_not(tmp_path):
    table = [
        [(50, "No"), (80, "Indikator Kinerja"), (330, "Satuan"), (420, "Target")],
        [(50, "1"), (80, "Persentase jalan mantap"), (330, "%"), (420, "82,5")],
        [(50, "2"), (80, "Jumlah rambu terpasang"), (330, "Unit"), (420, "1.250")],
    ]
    _lines_pdf(tmp_path / "t.pdf", table)
    (found,) = list(read_pdf(tmp_path / "t.pdf").tables())
    assert [r.texts for r in found.rows] == [
        ["No", "Indikator Kinerja", "Satuan", "Target"],
        ["1", "Persentase jalan mantap", "%", "82,5"],
        ["2", "Jumlah rambu terpasang", "Unit", "1.250"],
    ]
    prose = [
        [(50, "f."), (80, "mengoordinasikan"), (200, "pelaksanaan"), (300, "program"), (400, "dan")],
        [(50, "kegiatan"), (130, "bidang"), (200, "sesuai"), (300, "dengan"), (400, "ketentuan")],
        [(50, "yang"), (130, "berlaku"), (200, "di"), (300, "lingkungan"), (400, "dinas")],
    ]
    _lines_pdf(tmp_path / "p.pdf", prose)
    assert not list(read_pdf(tmp_path / "p.pdf").tables())


def test_a_table_whose_bottom_rule_is_mostly_missing_is_still_a_table():
    xs = [0, 50, 100, 150, 200]
    segs = [Segment(True, 0, 0, 200), Segment(True, 20, 0, 200), Segment(True, 40, 0, 50)]
    segs += [Segment(False, x, 0, 40) for x in xs]
    (hs, vs), = ruled_regions(merge_segments(segs))
    grid = grid_of(hs, vs)
    assert grid is not None and len(grid.xs) == 5 and len(grid.ys) == 3
