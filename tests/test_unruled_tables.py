"""Tables without a full grid (ingest/tables_unruled.py) on small synthetic pages: rules between
rows only, no rules with a centred two-level header, an open frame, a headerless part on the next
page, and the page-break joiner that must not swallow a row of its own."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ingest import load
from ingest.layout import Row, Table
from ingest.readers.pdf import _own_row
from kinerja.pipeline import scan_file

COLS = [50, 80, 300, 370, 430, 500]  # No | Indikator | Satuan | Target | Realisasi | (right edge)


def _page(doc: pymupdf.Document, rows: list[list[str]], y0: float = 120, rules: bool = True, top: str = "",
          xs: list[float] = COLS, centred_head: int = 0) -> pymupdf.Page:
    page = doc.new_page(width=595, height=842)
    if top:
        page.insert_text((50, 90), top, fontsize=11, fontname="hebo")
    y = y0
    for i, row in enumerate(rows):
        if rules:
            page.draw_line((xs[0] - 4, y - 11), (xs[-1], y - 11), width=0.6)
        for j, text in enumerate(row):
            if not text:
                continue
            x = xs[j]
            if i < centred_head:
                width = pymupdf.get_text_length(text, fontsize=9)
                x = (xs[j] + xs[j + 1]) / 2 - width / 2 if j + 1 < len(xs) else x
            page.insert_text((x, y), text, fontsize=9)
        y += 20
    if rules:
        page.draw_line((xs[0] - 4, y - 11), (xs[-1], y - 11), width=0.6)
    return page


HEAD = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi"]
DATA = [
    ["1", "Persentase jalan kabupaten mantap", "%", "82,50", "80,10"],
    ["2", "Jumlah rambu terpasang", "Unit", "1.250", "1.300"],
    ["3", "Indeks kepuasan layanan", "Indeks", "3,10", "3,25"],
]


def _texts(t: Table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in t.rows]


def test_rules_between_rows_only_give_the_table(tmp_path: Path):
    doc = pymupdf.open()
    _page(doc, [HEAD, *DATA], top="Tabel 3.1 Capaian Kinerja")
    doc.save(tmp_path / "h.pdf")
    (table,) = list(load(tmp_path / "h.pdf").tables())
    assert _texts(table) == [HEAD, *DATA]


def test_no_rules_centred_two_level_header_spreads_its_group_label(tmp_path: Path):
    xs = [50, 80, 300, 370, 430, 500]
    doc = pymupdf.open()
    page = _page(doc, [], rules=False)
    page.insert_text((50, 120), "No", fontsize=9)
    page.insert_text((120, 120), "Indikator Kinerja", fontsize=9)
    page.insert_text((310, 120), "Satuan", fontsize=9)
    page.insert_text((380, 120), "Kinerja Tahun 2025", fontsize=9)  # over Target and Realisasi
    page.insert_text((380, 132), "Target", fontsize=9)
    page.insert_text((440, 132), "Realisasi", fontsize=9)
    y = 150
    for row in DATA:
        for j, text in enumerate(row):
            page.insert_text((xs[j], y), text, fontsize=9)
        y += 16
    doc.save(tmp_path / "c.pdf")
    (table,) = list(load(tmp_path / "c.pdf").tables())
    rows = _texts(table)
    assert rows[0][:3] == ["No", "Indikator Kinerja", "Satuan"] and rows[0][3] == "Kinerja Tahun 2025"
    assert rows[1][3:] == ["Target", "Realisasi"]
    assert rows[2:] == DATA
    result = scan_file(tmp_path / "c.pdf")
    got = {(r.indikator, r.target, r.realisasi) for r in result.indicators}
    assert ("Jumlah rambu terpasang", 1250.0, 1300.0) in got


def test_open_frame_keeps_the_columns_outside_the_vertical_rules(tmp_path: Path):
    doc = pymupdf.open()
    page = _page(doc, [HEAD, *DATA], top="Tabel 3.2 Capaian")
    top, bottom = 120 - 11, 120 + 20 * 4 - 11
    for x in COLS[1:-1]:  # inner verticals only: No. and Realisasi stand outside them
        page.draw_line((x - 4, top), (x - 4, bottom), width=0.6)
    doc.save(tmp_path / "o.pdf")
    (table,) = list(load(tmp_path / "o.pdf").tables())
    assert _texts(table) == [HEAD, *DATA]


def test_a_headerless_part_on_the_next_page_continues_the_table(tmp_path: Path):
    doc = pymupdf.open()
    _page(doc, [HEAD, *DATA[:2]], y0=700, rules=False, top="Tabel 3.3 Realisasi")
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "Lanjutan", fontsize=9)
    for j, text in enumerate(DATA[2]):
        page.insert_text((COLS[j], 90), text, fontsize=9)
    doc.save(tmp_path / "k.pdf")
    (table,) = list(load(tmp_path / "k.pdf").tables())
    assert _texts(table) == [HEAD, *DATA]
    assert table.breaks == [3] and table.rows[3].page == 2


def test_the_page_break_joiner_never_swallows_a_row_of_its_own():
    last = Row.from_texts(["1.", "Belanja Operasi", "1.200.000.001", "910.000.001"])
    assert _own_row(last, Row.from_texts(["", "a. Belanja Pegawai", "700.000.000", "650.000.000"]))
    assert _own_row(last, Row.from_texts(["2", "Belanja Modal", "", ""]))
    assert _own_row(last, Row.from_texts(["", "Belanja Barang", "500.000.001", ""]))
    assert not _own_row(last, Row.from_texts(["", "dan Jasa", "", ""]))


def test_a_table_of_figures_that_nothing_reads_is_a_finding(tmp_path: Path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Tabel 4.1 Data Kendaraan", fontsize=11)
    rows = [["Merk", "Tipe", "Jumlah"], ["Toyota", "Avanza", "12"], ["Honda", "Beat", "40"], ["Suzuki", "Carry", "7"]]
    xs = [50, 200, 350, 450]
    y = 110
    for row in rows:
        page.draw_line((46, y - 11), (450, y - 11), width=0.6)
        for j, text in enumerate(row):
            page.insert_text((xs[j], y), text, fontsize=9)
        y += 20
    page.draw_line((46, y - 11), (450, y - 11), width=0.6)
    doc.save(tmp_path / "n.pdf")
    result = scan_file(tmp_path / "n.pdf")
    coverage = [f for f in result.findings if f.rule == "coverage"]
    assert result.document.status == "ok" and not result.indicators
    assert any(f.severity == "info" and f.page == 1 and "Tabel 4.1" in f.message for f in coverage)
    assert any(f.severity == "warning" for f in coverage)


def test_a_page_of_too_many_ruling_lines_is_read_from_its_text_with_a_note(tmp_path: Path):
    doc = pymupdf.open()
    page = _page(doc, [HEAD, *DATA], rules=False, top="Tabel 3.4 Capaian")
    shape = page.new_shape()
    for i in range(6000):  # a hatched background: far more lines than any table draws
        shape.draw_line((50, 400 + i % 300), (545, 400 + i % 300))
    shape.finish(width=0.2)
    shape.commit()
    doc.save(tmp_path / "many.pdf")
    result = scan_file(tmp_path / "many.pdf")
    assert result.document.status == "ok"
    assert {r.indikator for r in result.indicators} >= {"Jumlah rambu terpasang"}
    assert any("ruling lines (more than 5000)" in f.message and f.page == 1 for f in result.findings)
