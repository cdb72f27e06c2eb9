"""The diagram stage on pages that are no diagram: one read of the page, and a cheap "no two
headed boxes here" answer before every word is placed in a cell."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ingest.readers import pdf
from ingest.readers.diagram import _words, turn_matrix
from ingest.readers.diagram_gate import may_hold_headed_boxes
from ingest.readers.diagram_geometry import page_geometry
from ingest.readers.diagram_settings import DEFAULT_SETTINGS
from ingest.readers.diagram_stages import find_boxes
from ingest.readers.diagram_verdict import can_be_diagram

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "diagrams"


def _gate(page) -> bool:
    m = turn_matrix(page, 0)
    geo = page_geometry(page.get_cdrawings(), m)
    return may_hold_headed_boxes(_words(page, m)[0], geo, page.rect.width * page.rect.height)


def _ruled_table(page, top=80):
    """A performance table: header row of cascade words, three rows, every cell ruled."""
    xs = (40, 70, 250, 430, 500)
    heads = ("No", "Sasaran Strategis", "Indikator Kinerja", "Target")
    for r in range(4):
        y = top + r * 30
        for k in range(4):
            page.draw_rect((xs[k], y, xs[k + 1], y + 30), color=(0, 0, 0), width=0.5)
            text = heads[k] if r == 0 else ("%d" % r, "Meningkatnya mutu layanan", "Persentase layanan tepat waktu", "90 %")[k]
            page.insert_text((xs[k] + 3, y + 18), text, fontsize=8)


def _tree(page):
    """A goal box over two programme boxes, joined by drawn lines, as a pohon kinerja draws them."""
    def box(x0, y0, head):
        page.draw_rect((x0, y0, x0 + 240, y0 + 20), color=(0.2, 0.2, 0.5), fill=(0.8, 0.9, 1.0))
        page.insert_text((x0 + 5, y0 + 14), head, fontsize=8)
        page.draw_rect((x0, y0 + 20, x0 + 240, y0 + 80), color=(0.2, 0.2, 0.5))
        page.insert_text((x0 + 5, y0 + 36), "Meningkatnya kualitas pelayanan publik daerah", fontsize=8)
    box(175, 300, "SASARAN STRATEGIS")
    box(40, 460, "SASARAN PROGRAM")
    box(310, 460, "SASARAN PROGRAM")
    page.draw_line((295, 380), (295, 420), color=(0, 0, 0))
    page.draw_line((160, 420), (430, 420), color=(0, 0, 0))
    for x in (160, 430):
        page.draw_line((x, 420), (x, 460), color=(0, 0, 0))


def test_a_ruled_table_headed_by_cascade_words_is_ruled_out_without_reading_its_cells():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _ruled_table(page)
    page.insert_text((40, 60), "Sasaran dan indikator kinerja program tahun ini:", fontsize=9)
    assert not _gate(page)


def test_headed_boxes_drawn_apart_pass_the_gate_and_text_outside_cells_does_not():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 60), "Sasaran strategis dan program kegiatan", fontsize=9)
    assert not _gate(page)  # cascade words in running text: no cell, no box
    _ruled_table(page)
    _tree(page)
    assert _gate(page)


def test_the_diagram_stage_reads_each_page_once(tmp_path, monkeypatch):
    """Tables and diagram share one read of the page's drawings and words."""
    doc = pymupdf.open()
    _ruled_table(doc.new_page(width=595, height=842))
    _tree(doc.new_page(width=595, height=842))
    path = tmp_path / "two.pdf"
    doc.save(path)
    calls = {"drawings": 0, "textpages": 0}
    real_drawings, real_textpage = pymupdf.Page.get_cdrawings, pymupdf.Page.get_textpage

    def drawings(self, *a, **k):
        calls["drawings"] += 1
        return real_drawings(self, *a, **k)

    def textpage(self, *a, **k):
        calls["textpages"] += 1
        return real_textpage(self, *a, **k)

    monkeypatch.setattr(pymupdf.Page, "get_cdrawings", drawings)
    monkeypatch.setattr(pymupdf.Page, "get_textpage", textpage)
    layout = pdf.read_pdf(path)
    assert [b.label for b in layout.boxes if b.label] == ["SASARAN STRATEGIS", "SASARAN PROGRAM", "SASARAN PROGRAM"]
    assert calls == {"drawings": 2, "textpages": 2}


def _strict(page) -> bool:
    m = turn_matrix(page, 0)
    geo = page_geometry(page.get_cdrawings(), m)
    return may_hold_headed_boxes(_words(page, m)[0], geo, page.rect.width * page.rect.height, strict=True)


def _grid(page, heads, rows, xs, top=80, h=30):
    """A ruled table: a header row, then body rows, every cell drawn."""
    for r, texts in enumerate([heads, *rows]):
        y = top + r * h
        for k, text in enumerate(texts):
            page.draw_rect((xs[k], y, xs[k + 1], y + h), color=(0, 0, 0), width=0.5)
            page.insert_text((xs[k] + 3, y + 18), text, fontsize=7)


def test_a_header_row_of_cascade_words_side_by_side_is_ruled_out_on_a_table_page():
    """Every column header a cascade word ("Program/Kegiatan | Sasaran | Indikator"), units
    named in a column of the body: cells drawn touching on one row are one box, so none of them
    heads one, and a unit's name heads only a unit list, which needs cells of row codes."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    xs = (40, 140, 260, 380, 520, 640)
    body = [("Program Destinasi", "Meningkatnya kunjungan", "Jumlah kunjungan", "Jumlah wisatawan",
             "Bidang Destinasi")] * 3
    _grid(page, ("Program/Kegiatan", "Sasaran", "Indikator", "Definisi", "Penanggung Jawab"), body, xs)
    assert _gate(page)  # the loose test (pages without tables) lets it through
    assert not _strict(page)
    geo = page_geometry(page.get_cdrawings(), turn_matrix(page, 0))
    found = find_boxes(geo, _words(page, turn_matrix(page, 0))[0], page.rect.width * page.rect.height, 1)
    assert not can_be_diagram(found.boxes)  # the full reading agrees: no headed box


def test_a_cascade_word_inside_a_sentence_opens_no_cell():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for y in (80, 200):
        page.draw_rect((40, y, 300, y + 60), color=(0, 0, 0), width=0.5)
        page.insert_text((45, y + 20), "Jumlah Sasaran yang dicapai oleh dinas", fontsize=8)
    assert _gate(page)  # the loose test asks only for no word above it
    assert not _strict(page)
    page.insert_text((45, 330), "x", fontsize=8)  # no drawn cell: still nothing
    for y in (400, 520):
        page.draw_rect((40, y, 300, y + 60), color=(0, 0, 0), width=0.5)
        page.insert_text((45, y + 20), "- Sasaran yang dicapai oleh dinas", fontsize=8)  # a dash before it is no word
    assert _strict(page)


def test_the_strict_gate_lets_every_sample_diagram_through():
    """The strict test only rules out what the full reading would not read as a diagram."""
    for name in ("diagram_box_tree", "diagram_rotated", "diagram_unit_grid", "diagram_unit_lists"):
        doc = pymupdf.open(SAMPLES / f"{name}.pdf")
        page = doc[0]
        m = turn_matrix(page, None)
        geo = page_geometry(page.get_cdrawings(), m)
        assert may_hold_headed_boxes(_words(page, m)[0], geo, page.rect.width * page.rect.height, strict=True), name
