"""Issue 13, stop 5: fields a table's shape used to lose, each on a small synthetic page: a value
merged over several rows, combined kinerja + anggaran tables, money sub-columns under a spanning
header, numbers cut by a stray space, and a grade's value checked against the printed capaian."""

import docx
import pymupdf

from ingest.readers.text import read_text
from ingest.stitch import stitch_tables
from kinerja.pipeline import process_layout, scan_file


def _scan(text: str):
    layout = stitch_tables(read_text(text, "doc.txt"))
    return process_layout(layout, "0" * 64, "doc.txt")


# --- a value printed once in a cell merged over several rows -----------------------------------

INDICATORS = ["Jumlah atlet berprestasi tingkat daerah", "Jumlah kejuaraan yang diikuti atlet",
              "Jumlah pelatih bersertifikat"]


def _merged_target_pdf(path):
    """A ruled PK table whose No, Sasaran and Target cells are merged over three indicator rows;
    then a second table, so the merge must not run past its own rows."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 60), "PERJANJIAN KINERJA TAHUN 2023", fontsize=12)
    page.insert_text((50, 78), "KEPALA BIDANG OLAHRAGA DINAS PEMUDA DAN OLAHRAGA KABUPATEN CONTOH", fontsize=9)
    xs, ys = [50, 80, 230, 470, 545], [100, 125, 160, 195, 230, 260]
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]))
    for y in (ys[0], ys[1], ys[4], ys[5]):
        page.draw_line((xs[0], y), (xs[-1], y))
    for y in ys[2:4]:  # inside the merge only the indikator column is ruled
        page.draw_line((xs[2], y), (xs[3], y))
    for x, head in zip(xs, ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]):
        page.insert_text((x + 3, ys[0] + 16), head, fontsize=9)
    page.insert_text((xs[0] + 3, ys[1] + 20), "1", fontsize=9)
    page.insert_text((xs[1] + 3, ys[1] + 20), "Meningkatnya prestasi", fontsize=9)
    for k, name in enumerate(INDICATORS):
        page.insert_text((xs[2] + 3, ys[k + 1] + 20), name, fontsize=9)
    page.insert_text((xs[3] + 12, ys[2] + 20), "100%", fontsize=9)
    page.insert_text((xs[0] + 3, ys[4] + 18), "2", fontsize=9)
    page.insert_text((xs[1] + 3, ys[4] + 18), "Meningkatnya partisipasi", fontsize=9)
    page.insert_text((xs[2] + 3, ys[4] + 18), "Jumlah klub olahraga aktif", fontsize=9)
    page.insert_text((xs[3] + 12, ys[4] + 18), "12 klub", fontsize=9)
    doc.save(path)


def test_a_target_merged_over_rows_of_a_ruled_pdf_is_each_rows_target(tmp_path):
    _merged_target_pdf(tmp_path / "pk.pdf")
    recs = scan_file(tmp_path / "pk.pdf", ocr=False).indicators
    assert [(r.indikator, r.target, r.satuan, r.sasaran) for r in recs] == [
        *((name, 100, "persen", "Meningkatnya prestasi") for name in INDICATORS),
        ("Jumlah klub olahraga aktif", 12, "klub", "Meningkatnya partisipasi"),
    ]


def test_a_target_merged_over_rows_of_a_word_table_is_each_rows_target(tmp_path):
    document = docx.Document()
    document.add_paragraph("PERJANJIAN KINERJA TAHUN 2023")
    document.add_paragraph("SEKRETARIS DINAS PEMUDA DAN OLAHRAGA KABUPATEN CONTOH")
    table = document.add_table(rows=5, cols=4)
    for cell, text in zip(table.rows[0].cells, ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]):
        cell.text = text
    for k, name in enumerate(INDICATORS):
        table.cell(k + 1, 2).text = name
    for col, text in ((0, "1"), (1, "Meningkatnya layanan"), (3, "100%")):
        table.cell(1, col).merge(table.cell(3, col)).text = text
    for col, text in enumerate(["2", "Meningkatnya tata kelola", "Nilai SAKIP perangkat daerah", "80 nilai"]):
        table.cell(4, col).text = text
    document.save(tmp_path / "pk.docx")
    recs = scan_file(tmp_path / "pk.docx", ocr=False).indicators
    assert [(r.target, r.satuan) for r in recs] == [(100, "persen")] * 3 + [(80, "nilai")]


def test_a_merged_cell_fills_only_rows_that_print_their_own_indicator():
    # a text table has no merges: an empty target stays empty, nothing is invented
    text = (
        "PERJANJIAN KINERJA TAHUN 2023\nDINAS CONTOH KABUPATEN CONTOH\n\n"
        "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
        "1\tMeningkatnya layanan\tIndeks kepuasan masyarakat\t85\n"
        "2\tMeningkatnya tata kelola\tNilai SAKIP perangkat daerah\t\n"
    )
    assert [r.target for r in _scan(text).indicators] == [85, None]


# --- combined kinerja + anggaran tables -------------------------------------------------------

COMBINED = (
    "LAPORAN KINERJA DINAS PERHUBUNGAN KABUPATEN CONTOH TAHUN 2016\n\n"
    "No\tProgram/Kegiatan\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\tAnggaran (Rp)\tRealisasi Anggaran (Rp)\n"
    "1\tKegiatan : Pemilihan Awak Kendaraan Umum Teladan\tJumlah peserta AKUT\t30 orang\t30 orang\t100\t452.750.000\t434.143.683\n"
    "2\tEvaluasi Angkutan Penumpang Umum\tJumlah angkutan umum dievaluasi\t120 unit\t98 unit\t81,67\t550.200.000\t158.752.796\n"
    "\t\tJumlah trayek dievaluasi\t12 trayek\t12 trayek\t100\t\t\n"
)


def test_a_combined_kinerja_and_anggaran_table_gives_budget_lines_too():
    result = _scan(COMBINED)
    assert len(result.indicators) == 3
    assert [(b.name, b.level, b.anggaran, b.realisasi, b.extra.get("indikator")) for b in result.budget] == [
        ("Pemilihan Awak Kendaraan Umum Teladan", "kegiatan", 452_750_000, 434_143_683, "Jumlah peserta AKUT"),
        ("Evaluasi Angkutan Penumpang Umum", None, 550_200_000, 158_752_796, "Jumlah angkutan umum dievaluasi"),
    ]


def test_a_combined_row_repeats_no_line_a_budget_table_already_gives():
    text = COMBINED + (
        "\n\nTabel 3.9 Realisasi Anggaran\n\n"
        "No\tProgram/Kegiatan\tAnggaran (Rp)\tRealisasi (Rp)\n"
        "1\tPemilihan Awak Kendaraan Umum Teladan\t452.750.000\t434.143.683\n"
    )
    lines = _scan(text).budget
    assert [(b.name, b.anggaran) for b in lines] == [
        ("Pemilihan Awak Kendaraan Umum Teladan", 452_750_000), ("Evaluasi Angkutan Penumpang Umum", 550_200_000)]


def test_an_indicator_amount_is_a_line_only_where_the_document_has_no_budget_table():
    text = (
        "LAPORAN KINERJA INSPEKTORAT KABUPATEN CONTOH TAHUN 2022\n\n"
        "No\tSasaran\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\tAnggaran\tRealisasi Anggaran\n"
        "1\tMeningkatnya pengawasan\tPersentase tindak lanjut hasil pengawasan\t85%\t90%\t105,88\t"
        "Rp 630.395.770\tRp 524.058.289\n"
    )
    (line,) = _scan(text).budget
    assert (line.name, line.anggaran, line.extra["sasaran"]) == (
        "Persentase tindak lanjut hasil pengawasan", 630_395_770, "Meningkatnya pengawasan")



def test_a_realisasi_column_printing_money_beside_the_anggaran_is_the_lines_realisasi():
    text = (
        "LAPORAN KINERJA DINAS PERINDUSTRIAN KABUPATEN CONTOH TAHUN 2016\n\n"
        "Sasaran\tIndikator Kinerja Utama (IKU)\tNama Program / Kegiatan\tAnggaran\tRealisasi\tCapaian\n"
        "Tersedianya tenaga kerja kompeten\tPeningkatan jumlah wirausaha baru\t"
        "Program Pengembangan Kewirausahaan\t15,827,000,000.00\t13,655,835,085.00\t86.28\n"
        "\tPeningkatan jumlah SDM bersertifikat\tProgram Penataan Struktur Industri\t225,000,000.00\t187,358,500.00\t83.27\n"
    )
    lines = _scan(text).budget
    assert [(b.anggaran, b.realisasi, b.persen) for b in lines] == [
        (15_827_000_000, 13_655_835_085, 86.28), (225_000_000, 187_358_500, 83.27)]


def test_a_pagu_table_by_work_unit_gives_lines_with_the_total_subcolumns_amount():
    text = (
        "LAPORAN KINERJA BALAI BESAR WILAYAH SUNGAI CONTOH TAHUN 2022\n\n"
        "Tabel III.2 Pagu Anggaran\n\n"
        "No\tSatuan Kerja\tPagu Akhir\t\t\t\n"
        "\t\tRPM\tPLN\tSBSN\tTotal\n"
        "1\tSatuan Kerja Balai Contoh\t40.289.995.000\t39.026.560.000\t-\t79.316.555.000\n"
        "2\tSNVT Pembangunan Bendungan\t824.552.811.000\t-\t-\t824.552.811.000\n"
    )
    lines = _scan(text).budget
    assert [(b.name, b.level, b.anggaran) for b in lines] == [
        ("Satuan Kerja Balai Contoh", None, 79_316_555_000), ("SNVT Pembangunan Bendungan", None, 824_552_811_000)]
    # 'Rp.' printed in a column of its own before the figure
    split = (
        "LAPORAN KINERJA BALAI BESAR WILAYAH SUNGAI CONTOH TAHUN 2022\n\n"
        "No\tSatuan Kerja\tPagu Awal\t\tKeterangan\n"
        "1\tSatuan Kerja Balai Contoh\tRp.\t75.723.303.000\tRevisi DIPA\n"
    )
    assert [(b.name, b.anggaran) for b in _scan(split).budget] == [("Satuan Kerja Balai Contoh", 75_723_303_000)]


def test_a_row_a_stray_empty_cell_widened_keeps_its_name_and_amounts_in_their_columns():
    text = (
        "LAPORAN KINERJA DINAS KESEHATAN PROVINSI CONTOH TAHUN 2016\n\n"
        "No\tProgram / Kegiatan\tAlokasi Anggaran\tRealisasi Anggaran\tKeterangan\n"
        "1\tPencegahan Kurang Gizi\t592.922.000\t529.513.000\tTercapai\n"
        "\t\tPengendalian Penyakit Tidak Menular\t515.102.000\t476.950.840\tTercapai\n"
        "\tPengembangan Gedung Balai Pelatihan\t\t65.148.032.865\t58.115.297.710\tTercapai\n"
    )
    lines = _scan(text).budget
    assert [(b.name, b.anggaran, b.realisasi) for b in lines] == [
        ("Pencegahan Kurang Gizi", 592_922_000, 529_513_000),
        ("Pengendalian Penyakit Tidak Menular", 515_102_000, 476_950_840),
        ("Pengembangan Gedung Balai Pelatihan", 65_148_032_865, 58_115_297_710)]

def test_a_phantom_empty_cell_without_a_position_does_not_push_the_amount_into_realisasi():
    """A page read with cell positions: the program row carries one empty cell the grid split added
    (no bbox), so the row is one cell wider than the table; the allocation belongs to Alokasi."""
    from ingest.layout import Cell, Layout, Page, Paragraph, Row, Table
    xs = [(85, 109), (109, 325), (325, 411), (411, 496), (496, 589)]

    def row(texts, y, phantom_at=None):
        cells = [Cell(t, (x0, y, x1, y + 20)) for t, (x0, x1) in zip(texts, xs)]
        if phantom_at is not None:
            cells.insert(phantom_at, Cell(""))
        return Row(cells, page=1, line=int(y), bbox=(85, y, 589, y + 20))
    table = Table([
        row(["No", "Program / Kegiatan", "Alokasi Anggaran", "Realisasi Anggaran", "% Keuangan"], 100),
        row(["", "PROGRAM PENGENDALIAN PENYAKIT", "3.945.810.000", "", ""], 120, phantom_at=2),
        row(["", "Pencegahan dan Pengendalian Penyakit Menular", "640.582.600", "522.204.200", "81,52%"], 140),
    ], page=1)
    layout = Layout("doc.pdf", "pdf", pages=[Page(1, 595, 842)], blocks=[
        Paragraph("LAPORAN KINERJA DINAS KESEHATAN PROVINSI CONTOH TAHUN 2016", page=1), table])
    lines = process_layout(layout, "0" * 64, "doc.pdf").budget
    assert [(b.name, b.anggaran, b.realisasi) for b in lines] == [
        ("PROGRAM PENGENDALIAN PENYAKIT", 3_945_810_000, None),
        ("Pencegahan dan Pengendalian Penyakit Menular", 640_582_600, 522_204_200)]

def test_a_program_name_drifted_into_the_unlabelled_column_beside_it_is_still_the_lines_name():
    """An OCR'd PK budget table: the column edge moved, so some names sit in an unlabelled column
    left of PROGRAM, never beside a name of their own; '1 330.965.360' lost its first separator."""
    text = (
        "PERJANJIAN KINERJA PERUBAHAN TAHUN 2020\nBADAN PERENCANAAN PEMBANGUNAN DAERAH KABUPATEN CONTOH\n\n"
        "\tNo.\t\tPROGRAM\tANGGARAN\tKETERANGAN\n"
        "\t1.\t\tPelayanan Administrasi Perkantoran\t1.830.632.226\tAPBD\n"
        "\t2.\tProgram Perencanaan Sosial Budaya\t\t647.235.864\tAPBD\n"
        "6\t\tProgram Penelitian dan Pengembangan\t\t1 330.965.360\tAPBD\n"
    )
    lines = _scan(text).budget
    assert [(b.name, b.anggaran) for b in lines] == [
        ("Pelayanan Administrasi Perkantoran", 1_830_632_226),
        ("Program Perencanaan Sosial Budaya", 647_235_864),
        ("Program Penelitian dan Pengembangan", 1_330_965_360)]

# --- sub-columns under a spanning header ------------------------------------------------------


def test_kinerja_and_rp_sub_columns_under_a_spanning_year_header():
    text = (
        "RENCANA STRATEGIS DINAS PEKERJAAN UMUM KABUPATEN CONTOH 2022-2026\n\n"
        "No\tIndikator\tSatuan\tTarget Kinerja Program dan Kerangka Pendanaan\t\t\t\n"
        "\t\t\tTahun 2022\t\tTahun 2023\t\n"
        "\t\t\ttarget\tRp (juta)\ttarget\tRp (juta)\n"
        "1\tTingkat kemantapan jalan\t%\t85,06\t12.500\t86,14\t13.250,5\n"
        "2\tPersentase areal irigasi terairi\t%\t85,00\t48.114.709.000\t85,50\t\n"
    )
    recs = _scan(text).indicators
    assert [(r.year, r.target, r.anggaran) for r in recs] == [
        (2022, 85.06, 12_500_000_000), (2023, 86.14, 13_250_500_000),
        (2022, 85, 48_114_709_000), (2023, 85.5, None),  # already printed in rupiah: not scaled again
    ]


# --- numbers cut by a stray space -------------------------------------------------------------


def test_a_grouped_number_cut_by_a_stray_space_is_one_number():
    text = (
        "LAPORAN KINERJA BADAN CONTOH PROVINSI CONTOH TAHUN 2016\n\n"
        "No\tProgram\tAnggaran (Rp)\tRealisasi (Rp)\t%\n"
        "1\tProgram Pelayanan Administrasi Perkantoran\t48. 592.221.203,-\t43.636.151.309,-\t89,80\n"
        "2\tProgram Pembinaan Olahraga Prestasi\t1.800. 500.000\t1,584,085, 700\t87,98\n"
    )
    assert [(b.anggaran, b.realisasi) for b in _scan(text).budget] == [
        (48_592_221_203, 43_636_151_309), (1_800_500_000, 1_584_085_700)]


def test_two_numbers_parted_by_a_comma_and_space_are_not_joined():
    from normalize.numbers import rejoin_split_number

    assert rejoin_split_number("5, 100") == "5, 100"
    assert rejoin_split_number("target 12,5, 100 orang") == "target 12,5, 100 orang"


# --- a grade's value checked against the printed capaian --------------------------------------


def test_a_grade_reading_follows_the_capaian_the_document_prints():
    text = (
        "LAPORAN KINERJA INSPEKTORAT KABUPATEN CONTOH TAHUN 2022\n\n"
        "No\tSasaran\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\n"
        "1\tMeningkatnya pengawasan\tMaturitas SPIP\tLevel 3\tLevel 3 (3,35)\t100%\n"
        "2\tMeningkatnya kapabilitas\tKapabilitas APIP\tLevel 3\tLevel 3 (3,35)\t111,67%\n"
    )
    first, second = _scan(text).indicators
    assert (first.target, first.realisasi) == (3, 3)  # the document computed 3 / 3
    assert any(c.rule == "grade_value" and c.field == "realisasi" and c.to == "3" for c in first.corrections)
    assert (second.target, second.realisasi) == (3, 3.35)  # 3,35 / 3 = 111,67 %
    assert not any(c.rule == "grade_value" for c in second.corrections)


# --- issue 13, stop 6: a unit printed in parentheses at the end of the name -----------------------

def test_a_unit_in_parentheses_after_the_name_is_the_satuan_unless_it_is_an_acronym():
    text = (
        "INDIKATOR KINERJA UTAMA DINAS PEKERJAAN UMUM KABUPATEN CONTOH TAHUN 2024\n\n"
        "No\tIndikator Kinerja\tTarget\n"
        "1\tJumlah embung yang dibangun (Lokasi)\t4\n"
        "2\tJumlah Dokumen Perencanaan yang tersusun (Dokumen)\t3\n"
        "3\tPenduduk miskin (ribu orang)\t12,5\n"
        "4\tIndeks Kepuasan Masyarakat (IKM)\t82\n"
        "5\tPuskesmas yang melaksanakan Pelayanan Kesehatan Masyarakat (Perkesmas)\t20\n"
    )
    got = {r.indikator.split(" (")[0]: r.satuan for r in _scan(text).indicators}
    assert got == {"Jumlah embung yang dibangun": "lokasi", "Jumlah Dokumen Perencanaan yang tersusun": "dokumen",
                   "Penduduk miskin": "ribu orang", "Indeks Kepuasan Masyarakat": None,
                   "Puskesmas yang melaksanakan Pelayanan Kesehatan Masyarakat": None}
