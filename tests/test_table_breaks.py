"""Tables that are not fully ruled, on small synthetic pages printed the way Word and report
engines print them: a header left at the foot of a page, a table resumed under a note, a short
label centred over two sub-columns, a unit wrapped under its value, and a row cut in two."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ingest import load
from ingest.layout import Table
from kinerja.pipeline import scan_file

XS = [50, 80, 250, 330, 400, 470, 540]  # No | Indikator | Satuan | Target | Realisasi | Capaian
HEAD = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"]
ROWS = [
    ["1", "Persentase dokumen tepat waktu", "persen", "100", "95", "95,00"],
    ["2", "Nilai evaluasi SAKIP internal", "nilai", "75", "77", "102,67"],
    ["3", "Persentase realisasi anggaran", "persen", "96", "90", "93,75"],
    ["4", "Jumlah laporan triwulanan", "laporan", "4", "4", "100,00"],
]


def _rule(page: pymupdf.Page, y: float, xs: list[float] = XS) -> None:
    page.draw_line((xs[0], y), (xs[-1], y), width=0.6)


def _row(page: pymupdf.Page, y: float, cells: list[str], xs: list[float] = XS, centred: bool = False) -> None:
    for j, text in enumerate(cells):
        if not text:
            continue
        x = xs[j] + 3
        if centred:
            x = (xs[j] + xs[j + 1]) / 2 - pymupdf.get_text_length(text, fontsize=9) / 2
        page.insert_text((x, y), text, fontsize=9)


def _texts(t: Table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in t.rows]


def _targets(path: Path) -> dict[str, float | None]:
    return {r.indikator: r.target for r in scan_file(path).indicators}


def test_a_header_at_the_foot_of_a_page_heads_the_rows_on_the_next(tmp_path: Path):
    """The header row fits on page 1, the rows do not: they start page 2 without a header."""
    doc = pymupdf.open()
    one = doc.new_page(width=595, height=842)
    one.insert_text((50, 80), "Tabel 3.1 Capaian Kinerja Sasaran Tahun 2024", fontsize=11)
    for k in range(40):  # body text filling the page
        one.insert_text((50, 110 + 15 * k), f"Uraian capaian kinerja paragraf {k + 1} yang panjang.", fontsize=10)
    _rule(one, 722)
    _row(one, 736, HEAD)
    _rule(one, 742)
    one.insert_text((290, 810), "12", fontsize=9)
    two = doc.new_page(width=595, height=842)
    y = 80
    for cells in ROWS:
        _row(two, y + 13, cells)
        _rule(two, y + 20)
        y += 20
    path = tmp_path / "foot.pdf"
    doc.save(path)
    targets = _targets(path)
    assert targets == {r[1]: float(r[3]) for r in ROWS}
    (table,) = [t for t in load(path).tables() if any("Nilai evaluasi" in c.text for r in t.rows for c in r.cells)]
    assert _texts(table)[0] == HEAD
    assert table.rows[0].page == 1 and table.rows[1].page == 2  # the header keeps its own page


def test_a_table_resumed_under_a_note_keeps_its_columns(tmp_path: Path):
    """The rows after '*) angka sementara' are the same table: ruled like it, with no header."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Tabel 3.2 Capaian Kinerja", fontsize=11)
    _rule(page, 100)
    _row(page, 114, HEAD)
    _rule(page, 120)
    y = 120
    for cells in ROWS[:2]:
        _row(page, y + 13, cells)
        _rule(page, y + 20)
        y += 20
    page.insert_text((50, y + 16), "*) angka sementara", fontsize=8)
    y += 24
    _rule(page, y)  # one row before the page ends, its indikator wrapped: most of its lines are one cell
    _row(page, y + 13, ["", "Persentase realisasi anggaran", "persen", "96", "90", "93,75"])  # (no number of its own)
    _row(page, y + 24, ["", "belanja langsung dan tidak"])
    _row(page, y + 35, ["", "langsung perangkat daerah"])
    _rule(page, y + 42)
    path = tmp_path / "note.pdf"
    doc.save(path)
    expected = {r[1]: float(r[3]) for r in ROWS[:2]}
    expected["Persentase realisasi anggaran belanja langsung dan tidak langsung perangkat daerah"] = 96.0
    assert _targets(path) == expected


def test_a_label_centred_over_two_year_columns_spans_them(tmp_path: Path):
    """'Capaian' centred over '2024 | 2025' (narrower than either column) heads both; before, it
    named the first column only and the second read as a bare year."""
    xs = [50, 80, 250, 330, 400, 470, 540]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Tabel 3.3 Perbandingan Capaian Kinerja", fontsize=11)
    _rule(page, 100, xs)
    _row(page, 113, ["No", "Indikator Kinerja", "Satuan", "", "", "Percepatan"], xs)
    width = pymupdf.get_text_length("Capaian", fontsize=9)
    page.insert_text(((xs[3] + xs[5]) / 2 - width / 2, 113), "Capaian", fontsize=9)
    page.draw_line((xs[3], 118), (xs[5], 118), width=0.4)
    _row(page, 129, ["", "", "", "2024", "2025", ""], xs, centred=True)
    _rule(page, 135, xs)
    _row(page, 148, ["1", "Persentase lulusan yang bekerja", "persen", "70,00", "75,00", "5,00"], xs)
    _row(page, 168, ["2", "Persentase instruktur bersertifikat", "persen", "45,00", "51,00", "6,00"], xs)
    _rule(page, 175, xs)
    path = tmp_path / "centred.pdf"
    doc.save(path)
    (table,) = list(load(path).tables())
    assert _texts(table)[:2] == [
        ["No", "Indikator Kinerja", "Satuan", "Capaian", "", "Percepatan"],
        ["", "", "", "2024", "2025", ""],
    ]
    got = {(r.indikator, r.year): r.capaian for r in scan_file(path).indicators}
    assert got[("Persentase lulusan yang bekerja", 2025)] == 75.0
    assert got[("Persentase instruktur bersertifikat", 2024)] == 45.0


def test_a_unit_wrapped_under_its_value_stays_in_the_row(tmp_path: Path):
    """No rules, a shaded header: '1000' / 'Orang' in the target cell is one value, not two rows."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Tabel 3.4 Capaian Kinerja", fontsize=11)
    page.draw_rect(pymupdf.Rect(XS[0], 100, XS[-1], 120), color=None, fill=(0.85, 0.85, 0.85))
    _row(page, 113, HEAD)
    _row(page, 135, ["1", "Jumlah pencari kerja yang", "Orang", "1000", "1762", "176,20"])
    _row(page, 146, ["", "mendapatkan informasi", "", "Orang", "Orang", ""])
    _row(page, 165, ["2", "Nilai evaluasi SAKIP internal", "nilai", "75", "77", "102,67"])
    path = tmp_path / "unit.pdf"
    doc.save(path)
    records = scan_file(path).indicators
    assert [(r.indikator, r.target, r.realisasi) for r in records] == [
        ("Jumlah pencari kerja yang mendapatkan informasi", 1000.0, 1762.0),
        ("Nilai evaluasi SAKIP internal", 75.0, 77.0),
    ]


def test_the_rest_of_a_numbered_row_printed_as_a_row_of_its_own_joins_it(tmp_path: Path):
    """A row cut by a page break and drawn as two ruled rows: the second part has no number and
    no value, only the rest of the sasaran and of the indikator."""
    xs = [50, 75, 200, 360, 420, 480, 540]
    head = ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Tabel 3.5 Capaian Kinerja Sasaran", fontsize=11)
    ys = [100, 120, 140, 160, 180]
    for y in ys:
        _rule(page, y, xs)
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.6)
    _row(page, 113, head, xs)
    _row(page, 133, ["1", "Meningkatnya Perlindungan", "Persentase Calon Pekerja Migran", "100%", "100%", "100%"], xs)
    _row(page, 153, ["", "Terhadap PMI", "Indonesia Yang Dilindungi", "", "", ""], xs)
    _row(page, 173, ["2", "Meningkatnya Akuntabilitas", "Nilai SAKIP Perangkat Daerah", "80,30", "80,33", "100,04"], xs)
    path = tmp_path / "cut.pdf"
    doc.save(path)
    records = scan_file(path).indicators
    assert [(r.sasaran, r.indikator, r.target) for r in records] == [
        ("Meningkatnya Perlindungan Terhadap PMI", "Persentase Calon Pekerja Migran Indonesia Yang Dilindungi", 100.0),
        ("Meningkatnya Akuntabilitas", "Nilai SAKIP Perangkat Daerah", 80.3),
    ]
