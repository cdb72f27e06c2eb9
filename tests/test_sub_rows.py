"""Several logical rows inside one ruled row (ingest/tables_lattice.py), and tables drawn as
shaded cells with white gutters instead of lines (ingest/readers/pdf_page.mosaic_edges), on small
synthetic pages built the way Word prints them."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ingest import load
from ingest.layout import Table
from ingest.tables_geom import join_lines
from kinerja.pipeline import scan_file

XS = [50, 80, 250, 330, 400, 470, 540]  # No | Indikator | Satuan | Target | Realisasi | Capaian
HEAD = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"]


def _grid(page: pymupdf.Page, ys: list[float], xs: list[float] = XS) -> None:
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.6)
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.6)


def _put(page: pymupdf.Page, col: int, y: float, *lines: str, xs: list[float] = XS, step: float = 11) -> None:
    for k, text in enumerate(lines):
        page.insert_text((xs[col] + 3, y + k * step), text, fontsize=9)


def _texts(t: Table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in t.rows]


def _lkjip(tmp_path: Path, body) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Tabel 3.1 Capaian Kinerja Sasaran Tahun 2024", fontsize=11)
    ys = [100, 120, 260]
    _grid(page, ys)
    for j, text in enumerate(HEAD):
        _put(page, j, 113, text)
    body(page)
    path = tmp_path / "lkjip.pdf"
    doc.save(path)
    return path


def test_two_indicators_in_one_ruled_row_give_two_records(tmp_path: Path):
    """Each indicator's values stand at the height its text starts, after a blank line."""
    def body(page: pymupdf.Page) -> None:
        _put(page, 0, 133, "1")
        _put(page, 1, 133, "Persentase wilayah bebas", "banjir", "", "", "Ketersediaan air embung", "untuk irigasi")
        _put(page, 2, 133, "%", "", "", "", "buah")
        _put(page, 3, 133, "80", "", "", "", "2")
        _put(page, 4, 133, "80,53", "", "", "", "2")
        _put(page, 5, 133, "100,66", "", "", "", "100,00")
    path = _lkjip(tmp_path, body)
    (table,) = list(load(path).tables())
    assert _texts(table)[1:] == [
        ["1", "Persentase wilayah bebas banjir", "%", "80", "80,53", "100,66"],
        ["", "Ketersediaan air embung untuk irigasi", "buah", "2", "2", "100,00"],
    ]
    assert table.rows[0].cells[0].rowspan == 1 and table.rows[1].cells[0].rowspan == 2
    got = {(r.indikator, r.target, r.realisasi, r.capaian) for r in scan_file(path).indicators}
    assert got == {("Persentase wilayah bebas banjir", 80.0, 80.53, 100.66),
                   ("Ketersediaan air embung untuk irigasi", 2.0, 2.0, 100.0)}


def test_lettered_items_split_without_a_gap_and_a_merged_sasaran_stays_whole(tmp_path: Path):
    """List letters mark the items; the sasaran to their left runs beside both and is not cut."""
    xs = [50, 200, 330, 400, 470, 540]

    def body(page: pymupdf.Page) -> None:
        _put(page, 0, 133, "Meningkatnya kualitas", "infrastruktur jalan", "dan jembatan", xs=xs)
        _put(page, 1, 133, "a. Panjang jalan", "    dibangun", "b. Jumlah jembatan", "    direhabilitasi", xs=xs)
        _put(page, 2, 133, "12,5 km", "", "4 unit", xs=xs)
        _put(page, 3, 133, "11,0 km", "", "4 unit", xs=xs)
        _put(page, 4, 133, "88,00", "", "100,00", xs=xs)

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    ys = [100, 120, 200]
    _grid(page, ys, xs)
    for j, text in enumerate(["Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"]):
        _put(page, j, 113, text, xs=xs)
    body(page)
    doc.save(tmp_path / "b.pdf")
    (table,) = list(load(tmp_path / "b.pdf").tables())
    rows = _texts(table)[1:]
    assert rows == [
        ["Meningkatnya kualitas infrastruktur jalan dan jembatan", "a. Panjang jalan dibangun", "12,5 km", "11,0 km", "88,00"],
        ["", "b. Jumlah jembatan direhabilitasi", "4 unit", "4 unit", "100,00"],
    ]
    assert table.rows[1].cells[0].rowspan == 2


def test_a_wrapped_indicator_or_a_wrapped_value_is_one_row(tmp_path: Path):
    """A lower-case continuation, a capital with no gap, a unit or a number cut by the cell edge
    on the next line: none of them starts a row."""
    def body(page: pymupdf.Page) -> None:
        _put(page, 0, 133, "1")
        _put(page, 1, 133, "Persentase jalan kabupaten", "dalam kondisi mantap", "Kabupaten Grobogan")
        _put(page, 2, 133, "%")
        _put(page, 3, 133, "1.584.085.", "000")
        _put(page, 4, 133, "80,10", "(Baik)")
        _put(page, 5, 133, "97,09", "%")
    path = _lkjip(tmp_path, body)
    (table,) = list(load(path).tables())
    assert _texts(table)[1:] == [["1", "Persentase jalan kabupaten dalam kondisi mantap Kabupaten Grobogan", "%",
                                  "1.584.085.000", "80,10 (Baik)", "97,09%"]]


def test_two_printed_numbers_on_two_lines_are_never_joined():
    assert join_lines(["87,50", "75,40"]) == "87,50 75,40"
    assert join_lines(["11.000.00", "0.000"]) == "11.000.000.000"


def test_a_line_broken_after_a_tight_slash_joins_tight():
    """Kabupaten/Kota is printed tight hundreds of times for every "a/ b"; a slash spaced on its left keeps the space."""
    assert join_lines(["Calon Pekerja Migran Indonesia (CPMI)/", "Pekerja Migran"]) == "Calon Pekerja Migran Indonesia (CPMI)/Pekerja Migran"
    assert join_lines(["Daerah Kabupaten/", "Kota"]) == "Daerah Kabupaten/Kota"
    assert join_lines(["Pemeliharaan /", "Rehabilitasi"]) == "Pemeliharaan / Rehabilitasi"
    assert join_lines(["target/", "- realisasi"]) == "target/ - realisasi"


def _shaded_table(page: pymupdf.Page, rows: list[list[str]], xs: list[float], heights: list[float], y0: float,
                  gutter: float = 1.0, fill=(0.85, 0.87, 0.80)) -> float:
    """Cells painted one by one with a white gap between them and no line drawn."""
    y = y0
    for row, h in zip(rows, heights):
        for j, text in enumerate(row):
            rect = pymupdf.Rect(xs[j] + gutter / 2, y + gutter / 2, xs[j + 1] - gutter / 2, y + h - gutter / 2)
            page.draw_rect(rect, color=None, fill=fill, width=0)
            for k, line in enumerate(text.split("\n")):
                page.insert_text((xs[j] + 3, y + 11 + k * 11), line, fontsize=9)
        y += h
    return y


def test_a_table_of_shaded_cells_with_white_gutters_is_read_as_a_grid(tmp_path: Path):
    xs = [50, 80, 250, 320, 390, 460]
    rows = [["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi"],
            ["1.", "Jumlah atlet berprestasi\ntingkat provinsi", "Orang", "120", "90"],
            ["2.", "Jumlah event olahraga", "Event", "4", "5"]]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "Tabel 3.2 Capaian Kinerja", fontsize=11)
    _shaded_table(page, rows, xs, [18, 30, 18], 100)
    doc.save(tmp_path / "m.pdf")
    (table,) = list(load(tmp_path / "m.pdf").tables())
    assert _texts(table) == [[c.replace("\n", " ") for c in r] for r in rows]
    indikator = table.rows[1].cells[1].bbox  # the painted cell, gutters as its rules (not its words' box)
    assert indikator is not None and abs(indikator[0] - 80) < 1 and abs(indikator[2] - 250) < 1


def test_zebra_rows_with_gutters_stay_one_table(tmp_path: Path):
    """Every other row shaded, with gutters: the white rows between the stripes are part of the
    same table, not the gaps between one-row tables."""
    xs = [50, 80, 250, 320, 390, 460]
    head = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi"]
    data = [[str(i), f"Indikator nomor {i}", "%", f"{80 + i}", f"{78 + i}"] for i in range(1, 6)]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 100
    for i, row in enumerate([head, *data]):
        if i % 2 == 1:
            _shaded_table(page, [row], xs, [18], y)
        else:
            for j, text in enumerate(row):
                page.insert_text((xs[j] + 3, y + 11), text, fontsize=9)
        y += 18
    doc.save(tmp_path / "z.pdf")
    tables = list(load(tmp_path / "z.pdf").tables())
    assert len(tables) == 1 and _texts(tables[0]) == [head, *data]


def test_a_docx_row_listing_two_kegiatan_in_paragraphs_gives_two_rows(tmp_path: Path):
    """A .docx has no heights: items are matched by count. The sasaran written once beside them,
    and a value whose unit sits in a paragraph of its own ("0,045" / "(%)"), stay whole."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(table.rows[0].cells, ["Sasaran Program", "Target", "Kegiatan", "Output", "Anggaran (Rp)"]):
        cell.text = text
    body = [["Meningkatnya daya saing pemuda"], ["0,045", "(%)"],
            ["Pelatihan Wirausaha Pemuda", "Pelatihan Komputer bagi pemuda"], ["120 Org", "90 Org"],
            ["100.000.000", "36.000.000"]]
    for cell, paragraphs in zip(table.rows[1].cells, body):
        cell.text = paragraphs[0]
        for p in paragraphs[1:]:
            cell.add_paragraph(p)
    document.save(tmp_path / "ra.docx")
    (table_read,) = list(load(tmp_path / "ra.docx").tables())
    assert _texts(table_read)[1:] == [
        ["Meningkatnya daya saing pemuda", "0,045 (%)", "Pelatihan Wirausaha Pemuda", "120 Org", "100.000.000"],
        ["", "", "Pelatihan Komputer bagi pemuda", "90 Org", "36.000.000"],
    ]
    assert table_read.rows[1].cells[0].rowspan == 2


def test_arrows_and_bullets_before_a_unit_label_are_stripped(tmp_path: Path):
    """"➔ Kepala Bidang ..." (an arrow glyph) and "• Kepala Seksi ..." head their tables in a PDF
    as they do in a text conversion: the unit is the label without its mark."""
    xs = [50, 250, 330, 400]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 70), "POHON KINERJA DINAS PEKERJAAN UMUM TAHUN 2025", fontsize=11)
    writer = pymupdf.TextWriter(page.rect)
    writer.append((50, 100), "\u2794 Kepala Bidang Bina Marga", font=pymupdf.Font("cjk"), fontsize=10)
    writer.write_text(page)
    page.insert_text((50, 220), "\u2022 Kepala Seksi Pemeliharaan Jalan", fontsize=10)
    for top, rows in ((110, [["Indikator Kinerja", "Satuan", "Target"], ["Persentase jalan mantap", "%", "82,5"]]),
                      (230, [["Indikator Kinerja", "Satuan", "Target"], ["Panjang jalan dipelihara", "Km", "120"]])):
        _grid(page, [top, top + 20, top + 40], xs)
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                _put(page, j, top + 13 + 20 * i, text, xs=xs)
    doc.save(tmp_path / "pohon.pdf")
    got = {(r.indikator, r.org_unit) for r in scan_file(tmp_path / "pohon.pdf").indicators}
    assert got == {("Persentase jalan mantap", "Kepala Bidang Bina Marga"),
                   ("Panjang jalan dipelihara", "Kepala Seksi Pemeliharaan Jalan")}
