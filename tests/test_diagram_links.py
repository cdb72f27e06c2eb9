"""Each parent link of a diagram says how it was found (IndicatorRecord.parent_link): a drawn
connector, the nearest box of a higher printed tier, or (a tree drawn left to right) the nearest box in the column to its left. Synthetic
pages in a style of their own: landscape, thin grey walls, Times, pale fills; the
links asserted were checked by hand against the drawing."""

from __future__ import annotations

import pymupdf

from kinerja.pipeline import scan_file


def _cell(page, rect, lines, fill=None):
    page.draw_rect(rect, color=(0.45, 0.45, 0.45), fill=fill, width=0.6)
    y = rect[1] + 11
    for line in lines:
        page.insert_text((rect[0] + 4, y), line, fontsize=7.5, fontname="tiro")
        y += 10


def _links(tmp_path, draw, name):
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    draw(page)
    doc.save(tmp_path / name)
    result = scan_file(tmp_path / name)
    assert result.document.status == "ok", result.document.error
    by_id = {r.record_id: r for r in result.indicators}
    return sorted((r.sasaran or r.program or "", by_id[r.parent_record_id].sasaran if r.parent_record_id else None,
                   r.parent_link) for r in result.indicators)


def test_links_record_connector_and_tier(tmp_path):
    """A SASARAN STRATEGIS box over two SASARAN PROGRAM boxes joined by drawn lines, and a
    SASARAN KEGIATAN box drawn under the right programme with no line to it."""
    root, left, right, keg = ("Meningkatnya mutu air baku", "Meningkatnya layanan air minum",
                              "Meningkatnya sanitasi permukiman", "Terbangunnya instalasi limbah komunal")

    def draw(page):
        _cell(page, (320, 40, 540, 60), ["SASARAN STRATEGIS"], fill=(0.95, 0.9, 0.8))
        _cell(page, (320, 60, 540, 95), [root, "Indikator: Indeks kualitas air 70"])
        page.draw_line((430, 95), (430, 125), color=(0.3, 0.3, 0.3))
        page.draw_line((200, 125), (660, 125), color=(0.3, 0.3, 0.3))
        for x0, goal in ((90, left), (550, right)):
            page.draw_line((x0 + 110, 125), (x0 + 110, 150), color=(0.3, 0.3, 0.3))
            _cell(page, (x0, 150, x0 + 220, 170), ["SASARAN PROGRAM"], fill=(0.85, 0.92, 0.85))
            _cell(page, (x0, 170, x0 + 220, 195), [goal])
        _cell(page, (560, 300, 770, 320), ["SASARAN KEGIATAN"], fill=(0.9, 0.9, 1.0))
        _cell(page, (560, 320, 770, 355), [keg, "Indikator: Jumlah IPAL komunal 12 unit"])

    assert _links(tmp_path, draw, "links.pdf") == sorted([
        (root, None, None),
        (left, root, "connector"),
        (right, root, "connector"),
        (keg, right, "tier"),
    ])


def test_a_tree_drawn_left_to_right_without_lines_links_by_column(tmp_path):
    """TUJUAN at the left, SASARAN boxes in the next column, a PROGRAM right of each, no lines."""
    tujuan, a, b = "Meningkatkan kesejahteraan petani", "Meningkatnya produksi padi", "Meningkatnya harga gabah"

    def draw(page):
        _cell(page, (30, 250, 200, 300), [f"TUJUAN : {tujuan}"], fill=(1, 0.92, 0.8))
        for y, goal in ((150, a), (370, b)):
            _cell(page, (260, y, 450, y + 30), [f"SASARAN : {goal}"], fill=(0.85, 0.9, 1))
            _cell(page, (260, y + 30, 450, y + 50), [f"INDIKATOR 1: Produksi di {goal.split()[-1]}"])
            _cell(page, (510, y, 700, y + 30), ["PROGRAM : Program peningkatan tanaman pangan"], fill=(0.9, 1, 0.9))
            _cell(page, (510, y + 30, 700, y + 50), [f"INDIKATOR 1: Luas tanam {goal.split()[-1]}"])

    links = _links(tmp_path, draw, "ltr.pdf")
    assert [(s, p, k) for s, p, k in links if p is not None] == sorted([
        (a, tujuan, "column"),
        (b, tujuan, "column"),
        ("Program peningkatan tanaman pangan", a, "column"),
        ("Program peningkatan tanaman pangan", b, "column"),
    ])
