"""A page of drawn text boxes that make no pohon kinerja (a map of which agencies serve which
indicators, no cascade headers) says so in the output instead of coming back ok with nothing."""

from __future__ import annotations

import pymupdf

from kinerja.pipeline import scan_file

AGENCIES = ["DINAS PERTANIAN", "DINAS PERHUBUNGAN", "DINAS TENAGA KERJA", "BAPPEDA", "DINAS KOMINFO", "KECAMATAN"]
AIMS = ["Program pengembangan desa wisata", "Program penataan jalan destinasi", "Jumlah tenaga kerja terlatih"]


def _map(page) -> None:
    """Three aims across the top (two of them programs), six agency boxes under them, each joined
    to an aim by a line (rounded grey boxes, Times, landscape)."""
    for i, aim in enumerate(AIMS):
        x0 = 60 + 250 * i
        page.draw_rect((x0, 80, x0 + 200, 130), color=(0.4, 0.4, 0.4), fill=(0.95, 0.9, 0.8), radius=0.2, width=0.8)
        page.insert_textbox((x0 + 8, 90, x0 + 192, 128), aim, fontsize=10, fontname="tiro")
    for j, name in enumerate(AGENCIES):
        x0 = 40 + 125 * j
        page.draw_rect((x0, 300, x0 + 110, 330), color=(0.4, 0.4, 0.4), fill=(0.85, 0.92, 0.85), radius=0.2, width=0.8)
        page.insert_textbox((x0 + 6, 308, x0 + 106, 328), name, fontsize=8, fontname="tiro")
        aim = j // 2
        page.draw_line((x0 + 55, 300), (160 + 250 * aim, 130), color=(0, 0, 0), width=0.7)


def test_a_page_of_unheaded_boxes_is_reported_not_silently_empty(tmp_path):
    doc = pymupdf.open()
    _map(doc.new_page(width=842, height=595))
    doc.save(tmp_path / "map.pdf")
    result = scan_file(tmp_path / "map.pdf")
    assert result.document.status == "ok"
    notes = [f for f in result.findings if f.rule == "reader" and "boxes holding text" in f.message]
    assert len(notes) == 1 and notes[0].page == 1, [f.message for f in result.findings]
    assert "draws 9 boxes" in notes[0].message
    assert "boxes holding text" in (result.document.note or "")


def test_a_diagram_page_and_a_page_of_few_boxes_give_no_such_note(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    for i, aim in enumerate(AIMS):  # three boxes: too few to say anything about
        page.draw_rect((60 + 250 * i, 80, 260 + 250 * i, 130), color=(0.4, 0.4, 0.4), width=0.8)
        page.insert_textbox((68 + 250 * i, 90, 252 + 250 * i, 128), aim, fontsize=10, fontname="tiro")
    doc.save(tmp_path / "few.pdf")
    for path in (tmp_path / "few.pdf", "samples/diagrams/diagram_box_tree.pdf"):
        result = scan_file(path)
        assert not any("boxes holding text" in f.message for f in result.findings), path
