"""Tables without a full grid (ingest/tables_unruled.py) on small synthetic pages: rules between
rows only, no rules with a centred two-level header, an open frame, a headerless part on the next
page, a header ruled in tiers, a unit title between rows, words broken in narrow cells, labels
repeated on one page, and the page-break joiner that must not swallow a row of its own."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ingest import load
from ingest.layout import Layout, Paragraph, Row, Table
from ingest.readers.pdf_cut_rows import _own_row
from ingest.stitch import stitch_tables
from ingest.tables_geom import Word, text_of
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


def _rules(page: pymupdf.Page, *ys: float) -> None:
    """Horizontal rules across the table's width (COLS), one at each height."""
    for y in ys:
        page.draw_line((COLS[0] - 4, y), (COLS[-1], y), width=0.6)


def _cells(page: pymupdf.Page, y: float, cells: list[str]) -> None:
    """One printed line of a table: each non-empty cell at its column's left edge (COLS)."""
    for x, t in zip(COLS, cells):
        if t:
            page.insert_text((x, y), t, fontsize=9)


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


def test_a_header_ruled_in_tiers_is_one_band_with_its_group_label_spread(tmp_path: Path):
    """Rules under every row, the header's too: "Tahun 2025" printed at the left of its first
    sub-column spans "Realisasi | Capaian (%)" ruled off beneath it."""
    doc = pymupdf.open()
    head = ["No", "Indikator Kinerja", "Satuan", "Tahun 2025", ""]
    tier = ["", "", "", "Realisasi", "Capaian (%)"]
    data = [["1", "Persentase jalan kabupaten mantap", "%", "80,10", "97,09"],
            ["2", "Jumlah rambu terpasang", "Unit", "1.300", "104,00"]]
    _page(doc, [head, tier, *data], top="Tabel 3.4 Perbandingan")
    doc.save(tmp_path / "t.pdf")
    (table,) = list(load(tmp_path / "t.pdf").tables())
    rows = _texts(table)
    assert rows[0] == head and rows[1] == tier and rows[2:] == data
    got = {(r.indikator, r.realisasi, r.capaian) for r in scan_file(tmp_path / "t.pdf").indicators}
    assert ("Jumlah rambu terpasang", 1300.0, 104.0) in got


def test_a_unit_title_ends_a_table_and_heads_the_rows_under_it(tmp_path: Path):
    """A unit label in a larger type between rows printed in one table's columns: the rows above
    and below are two tables, the label stands between them as text."""
    doc = pymupdf.open()
    page = _page(doc, [HEAD, *DATA[:2]], rules=False)
    page.insert_text((50, 178), "Kepala Seksi Jalan", fontsize=12, fontname="hebo")
    for j, text in enumerate(DATA[2]):
        page.insert_text((COLS[j], 198), text, fontsize=9)
    for j, text in enumerate(["4", "Panjang jalan yang dibangun", "Km", "12,5", "11,0"]):
        page.insert_text((COLS[j], 214), text, fontsize=9)
    doc.save(tmp_path / "u.pdf")
    layout = load(tmp_path / "u.pdf")
    first, second = list(layout.tables())
    assert _texts(first) == [HEAD, *DATA[:2]]
    assert _texts(second) == [DATA[2], ["4", "Panjang jalan yang dibangun", "Km", "12,5", "11,0"]]
    between = [b.text for b in layout.blocks[layout.blocks.index(first) + 1:layout.blocks.index(second)]]
    assert between == ["Kepala Seksi Jalan"]


def test_a_word_broken_in_a_narrow_cell_is_joined_only_when_it_fits_no_line():
    def cell(*lines: list[tuple[float, float, str]]) -> list[Word]:
        return [Word(x0, 100 + 10 * i, x1, 108 + 10 * i, t) for i, ln in enumerate(lines) for x0, x1, t in ln]
    assert text_of(cell([(10, 34, "Capai")], [(10, 20, "an"), (22, 36, "(%)")])) == "Capaian (%)"
    assert text_of(cell([(10, 15, "N")], [(10, 14, "o")])) == "No"
    assert text_of(cell([(10, 38, "131.71")], [(10, 16, "%")])) == "131.71%"
    # room for "Data ab" on the cell's wide line: the break was the writer's, not the cell's
    assert text_of(cell([(10, 30, "Data")], [(10, 20, "ab"), (22, 60, "cdefgh"), (62, 110, "ijklmnop")])) == "Data ab cdefgh ijklmnop"
    assert text_of(cell([(10, 40, "Jumlah")], [(10, 20, "di"), (22, 60, "desa")])) == "Jumlah di desa"


def test_a_label_repeated_on_one_page_is_not_a_running_head():
    """Two tables of one page under the same unit label are not one table cut by furniture; a line
    printed at the same height on two pages is."""
    def table(page: int, y: float, texts: list[str]) -> Table:
        return Table(rows=[Row.from_texts(HEAD, page=page), Row.from_texts(texts, page=page)], page=page, bbox=(50, y, 500, y + 40))
    label = "Sub Koordinator Jalan dan Jembatan"
    blocks = [table(1, 100, DATA[0]), Paragraph(label, page=1, bbox=(50, 300, 200, 310)), table(1, 320, DATA[1]),
              Paragraph(label, page=1, bbox=(50, 500, 200, 510)), table(1, 520, DATA[2])]
    tables = list(stitch_tables(Layout("x.pdf", "pdf", blocks=blocks)).tables())
    assert len(tables) == 3
    head = "Laporan Kinerja Dinas Pekerjaan Umum"
    blocks = [table(1, 600, DATA[0]), Paragraph(head, page=1, bbox=(50, 800, 300, 810)),
              Paragraph(head, page=2, bbox=(50, 800, 300, 810)), table(2, 100, DATA[1])]
    (joined,) = list(stitch_tables(Layout("y.pdf", "pdf", blocks=blocks)).tables())
    assert len(joined.rows) == 3


IKU_HEAD = ["Sasaran", "Indikator", "Definisi Operasional", "Penanggung Jawab"]
IKU_XS = [50, 150, 260, 420, 540]
IKU_ROWS = [  # the lines of each cell, printed top-aligned with no extra spacing between rows
    [["Meningkatnya", "kualitas tenaga", "kerja"], ["Persentase lulusan", "bersertifikat"],
     ["Lulusan yang memiliki", "sertifikat kompetensi", "dibagi jumlah peserta", "pelatihan"], ["Kepala Bidang", "Pelatihan"]],
    [["Meningkatnya", "penempatan kerja"], ["Persentase pencari", "kerja ditempatkan"],
     ["Pencari kerja yang", "ditempatkan dibagi", "pencari kerja terdaftar"], ["Kepala Bidang", "Penempatan"]],
    [["Terfasilitasinya", "hubungan industrial"], ["Jumlah perselisihan", "yang diselesaikan"],
     ["Perselisihan yang", "selesai melalui", "mediasi"], ["Kepala Bidang", "Hubungan Industrial"]],
]


def _iku_page(doc: pymupdf.Document, rows: list[list[list[str]]], head: bool, y: float,
              running: str = "") -> pymupdf.Page:
    page = doc.new_page(width=595, height=842)
    if running:  # a running head at the top right, one run, as Typst and Word print a document's short title
        page.insert_text((540 - pymupdf.get_text_length(running, fontsize=8), 40), running, fontsize=8)
    if head:
        page.draw_rect((46, y - 12, 540, y + 4), color=None, fill=(0.85, 0.85, 0.85))
        for x, label in zip(IKU_XS, IKU_HEAD):
            page.insert_text((x, y), label, fontsize=9, fontname="hebo")
        y += 16
    for row in rows:
        for x, lines in zip(IKU_XS, row):
            for k, text in enumerate(lines):
                page.insert_text((x, y + 11 * k), text, fontsize=9)
        y += 11 * max(len(lines) for lines in row)
    return page


def _joined(row: list[list[str]]) -> list[str]:
    return [" ".join(lines) for lines in row]


def test_multi_line_rows_with_no_rules_and_no_spacing_split_where_columns_start_again(tmp_path: Path):
    """No rules, no row gap, no No. column: a row ends where its columns, having stopped, start
    again on one line (the Typst and Word look of an IKU annex without row rules)."""
    doc = pymupdf.open()
    _iku_page(doc, IKU_ROWS, head=True, y=120)
    doc.save(tmp_path / "iku.pdf")
    (table,) = list(load(tmp_path / "iku.pdf").tables())
    assert _texts(table) == [IKU_HEAD, *map(_joined, IKU_ROWS)]


def test_a_running_head_at_the_same_height_is_no_row_of_the_table_carried_on(tmp_path: Path):
    doc = pymupdf.open()
    _iku_page(doc, IKU_ROWS[:2], head=True, y=680, running="Lampiran Keputusan Kepala Dinas")
    _iku_page(doc, IKU_ROWS[2:], head=False, y=90, running="Lampiran Keputusan Kepala Dinas")
    doc.save(tmp_path / "run.pdf")
    (table,) = list(load(tmp_path / "run.pdf").tables())
    assert _texts(table) == [IKU_HEAD, *map(_joined, IKU_ROWS)]
    assert table.rows[-1].page == 2


def test_a_value_a_little_more_than_a_word_space_after_long_text_keeps_its_column(tmp_path: Path):
    """'... Tanah Transmigrasi' ends 6 pt before '388 Sertifikat': one run of words across the column
    boundary, cut where the Target column's text starts in the other rows."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    xs = [50, 80, 230, 405]  # 'Rekapitulasi ... Transmigrasi' is 169 pt long at 9 pt
    head = ["No", "Sasaran", "Indikator Kinerja", "Target"]
    for x, label in zip(xs, head):
        page.insert_text((x, 120), label, fontsize=9, fontname="hebo")
    rows = [["1", "Tersedianya permukiman", "Persentase kawasan yang difasilitasi", "20%"],
            ["", "", "Persentase satuan permukiman", "60%"],
            ["", "", "Rekapitulasi Sertifikat Tanah Transmigrasi", "388 Sertifikat"]]
    y = 140
    for row in rows:
        for j, text in enumerate(row):
            page.insert_text((xs[j], y), text, fontsize=9)
        y += 16
    doc.save(tmp_path / "t.pdf")
    (table,) = list(load(tmp_path / "t.pdf").tables())
    assert [r[-1] for r in _texts(table)] == ["Target", "20%", "60%", "388 Sertifikat"]
    assert _texts(table)[-1][2] == "Rekapitulasi Sertifikat Tanah Transmigrasi"



def test_a_headerless_part_after_a_foot_printed_on_every_page_continues_the_table():
    """A short title at the foot of every page between a table and a headerless part is furniture;
    a unit label printed at one height on two pages of four is not."""
    def table(page: int, y: float, rows: list[list[str]]) -> Table:
        return Table(rows=[Row.from_texts(r, page=page) for r in rows], page=page, bbox=(50, y, 500, y + 40))
    foot = "Indikator Kinerja Utama Dinas Tenaga Kerja"
    blocks = [table(1, 600, [HEAD, DATA[0]]), Paragraph(foot, page=1, bbox=(50, 800, 300, 810)),
              table(2, 100, [DATA[1], DATA[2]]), Paragraph(foot, page=2, bbox=(50, 800, 300, 810))]
    (joined,) = list(stitch_tables(Layout("f.pdf", "pdf", blocks=blocks)).tables())
    assert len(joined.rows) == 4
    label = "Kepala Sub Bagian Tata Usaha"
    blocks = [table(1, 100, [HEAD, DATA[0]]), table(2, 100, [HEAD, DATA[0]]), Paragraph(label, page=2, bbox=(50, 300, 200, 310)),
              table(2, 320, [DATA[1]]), Paragraph(label, page=3, bbox=(50, 300, 200, 310)), table(3, 320, [DATA[2]]),
              table(4, 100, [HEAD, DATA[0]])]
    firsts = [[c.text for c in t.rows[0].cells] for t in stitch_tables(Layout("g.pdf", "pdf", blocks=blocks)).tables()]
    assert DATA[1] in firsts and DATA[2] in firsts  # each part under the label is a table of its own


def test_a_header_label_run_on_after_the_label_before_it_keeps_its_column(tmp_path: Path):
    """'Program/Kegiatan/Sub' ends 6 pt before 'Anggaran': one run across the boundary, cut where
    the Anggaran column's figures start."""
    first = "Program/Kegiatan/Sub Kegiatan"
    x_amount = 80 + pymupdf.get_text_length(first, fontsize=9, fontname="hebo") + 6
    xs = [50, 80, x_amount, x_amount + 110]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, label in zip(xs, ["No", first, "Anggaran", "Penanggung Jawab"]):
        page.insert_text((x, 120), label, fontsize=9, fontname="hebo")
    rows = [["1", "Penempatan Kerja", "Rp 2.526.926.600", "Kepala Dinas"],
            ["2", "Perlindungan Pekerja", "Rp 2.782.864.500", "Kepala Dinas"],
            ["3", "Penunjang Urusan", "Rp 6.771.413.758", "Sekretaris"]]
    for i, row in enumerate(rows):
        for x, text in zip(xs, row):
            page.insert_text((x, 140 + 16 * i), text, fontsize=9)
    doc.save(tmp_path / "h.pdf")
    (table,) = list(load(tmp_path / "h.pdf").tables())
    assert _texts(table)[0] == ["No", first, "Anggaran", "Penanggung Jawab"]


def test_tables_stacked_in_one_width_with_an_empty_band_between_are_not_one_rows_cell(tmp_path: Path):
    """Two tables ruled only at their top, under the header and at their foot, one under the
    other in the same width: the empty band between the first's foot and the second's top rule
    is the space between two tables, not a row. Before, every rule was read as a row boundary,
    so each table's body became one row and its printed figures ran together ("82,501.250")."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _rules(page, 109, 129, 169, 193, 253)
    _cells(page, 120, HEAD)
    _cells(page, 140, DATA[0])
    _cells(page, 160, DATA[1])
    _cells(page, 204, ["", "Sub Bagian Umum dan Keuangan"])
    _cells(page, 224, ["4", "Jumlah laporan keuangan", "Dokumen", "12", "12"])
    _cells(page, 244, ["5", "Jumlah laporan kepegawaian", "Dokumen", "4", "4"])
    doc.save(tmp_path / "s.pdf")
    rows = [r for t in load(tmp_path / "s.pdf").tables() for r in _texts(t)]
    assert rows == [HEAD, DATA[0], DATA[1], ["", "Sub Bagian Umum dan Keuangan", "", "", ""],
                    ["4", "Jumlah laporan keuangan", "Dokumen", "12", "12"],
                    ["5", "Jumlah laporan kepegawaian", "Dokumen", "4", "4"]]


def test_a_header_line_of_wrapped_period_labels_starts_the_header(tmp_path: Path):
    """'Tahun / 2025' wrapped in its cell leaves a first header line where most labels are the
    bare period word. That line is still the header's first line: before, it fell out of the
    table as a paragraph, and with it the labels No and Indikator Kinerja."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _rules(page, 109, 137, 159)
    _cells(page, 120, ["No", "Indikator Kinerja", "Tahun", "Tahun", "Tahun"])
    _cells(page, 131, ["", "", "2023", "2024", "2025"])
    _cells(page, 150, ["1", "Persentase jalan kabupaten mantap", "80,10", "81,20", "82,50"])
    doc.save(tmp_path / "t.pdf")
    (table,) = list(load(tmp_path / "t.pdf").tables())
    assert _texts(table) == [["No", "Indikator Kinerja", "Tahun 2023", "Tahun 2024", "Tahun 2025"],
                             ["1", "Persentase jalan kabupaten mantap", "80,10", "81,20", "82,50"]]


def test_a_running_foot_printed_a_tenth_of_the_page_up_is_furniture(tmp_path: Path):
    """Chromium prints its page foot about a tenth of the page above the edge, outside the fixed
    margin share: known by repeating as every page's last line, it is dropped, and the table the
    page breaks cut reads as one (before: two tables, and the foot as a paragraph on each page)."""
    doc = pymupdf.open()
    n = 1
    for k in range(4):
        page = doc.new_page(width=595, height=842)
        y = 80
        if k == 0:
            _cells(page, y, HEAD)
            y += 20
        while y < 720:
            _cells(page, y, [str(n), f"Jumlah dokumen perencanaan nomor {n}", "Dokumen", str(n + 10), str(n + 9)])
            y, n = y + 20, n + 1
        page.insert_text((50, 750), "Laporan Kinerja Instansi Pemerintah Tahun 2025 Dinas Contoh", fontsize=8)
    doc.save(tmp_path / "f.pdf")
    layout = load(tmp_path / "f.pdf")
    (table,) = list(layout.tables())
    assert len(table.rows) == n
    assert not [b for b in layout.blocks if isinstance(b, Paragraph) and "Laporan Kinerja" in b.text]


def test_a_title_that_repeats_the_running_head_under_it_is_kept(tmp_path: Path):
    """The first line under the running head repeats its words on the title page: it is the
    title, not furniture (the pohon extractor reads the agency and year from it)."""
    doc = pymupdf.open()
    head = "CASCADING KINERJA DINAS KESEHATAN KABUPATEN CONTOH TAHUN 2025"
    for k in range(3):
        page = doc.new_page(width=842, height=595)
        page.insert_text((50, 40), head, fontsize=7)
        if k == 0:
            page.insert_text((50, 66), head, fontsize=11, fontname="hebo")
        _cells(page, 120, [str(k + 1), "Angka kematian ibu", "per 100.000 KH", "98,5", "97"])
    doc.save(tmp_path / "t.pdf")
    texts = [b.text for b in load(tmp_path / "t.pdf").blocks if isinstance(b, Paragraph)]
    assert texts.count(head) == 1


def test_a_border_painted_as_an_even_odd_ring_is_a_rule_not_a_shaded_area():
    """WeasyPrint paints a CSS border as one rectangle inside another filled by the even-odd
    rule: only the 0.4 pt ring between them is ink. Read as two filled rectangles it was a tall
    shaded area above the header band, and the two made a one-cell grid that took the header."""
    from ingest.readers.pdf_page import page_geometry

    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(80, 0, 796, 61.96))
    shape.draw_rect(pymupdf.Rect(80, 0, 796, 62.36))
    shape.finish(fill=(0.5, 0.5, 0.5), color=None, even_odd=True)
    shape.commit()
    page.draw_rect(pymupdf.Rect(80, 64.4, 796, 91.1), fill=(0.86, 0.9, 0.95), color=None)
    geo = page_geometry(page, 1)
    assert [tuple(round(v, 1) for v in f) for f in geo.fills] == [(80.0, 64.4, 796.0, 91.1)]
    assert [(g.horizontal, round(g.pos, 1), round(g.start), round(g.end)) for g in geo.segments] == [(True, 62.2, 80, 796)]
