"""What the validators must NOT compare: figures whose column means something other than the
year's target, realisasi or capaian, and rows whose cells cannot be trusted. Each case also
carries a genuine slip, so a test that passes only because nothing is read would fail."""

from __future__ import annotations

from ingest.readers.text import read_text
from ingest.stitch import stitch_tables
from kinerja.pipeline import process_layout

HEAD = "**LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN 2025**\n\n**DINAS CONTOH**\n\n"

REALISASI = """Tabel 3.3
Realisasi Kinerja

No\tIndikator Kinerja\tTarget\tSatuan\tRealisasi\tCapaian (%)
1\tPersentase Layanan Tepat Waktu\t80%\tPersen\t84%\t105%
2\tPersentase Dokumen Tepat Waktu\t50%\tPersen\t50%\t100%
3\tPersentase Sarana Layak\t60%\tPersen\t45%\t75%
4\tPersentase Aduan Selesai\t40%\tPersen\t44%\t110%

"""


def _findings(text: str):
    result = process_layout(stitch_tables(read_text(HEAD + text, "guards.txt")), "g" * 64, "guards.txt")
    return [f for f in result.findings if f.rule in ("cross_table", "capaian", "kriteria")]


def test_renstra_target_and_growth_columns_are_not_compared_with_the_years_figures():
    text = REALISASI + """Tabel 3.4
Perbandingan Realisasi Kinerja Tahun 2025 Terhadap Tahun 2024

No\tIndikator Kinerja\tRealisasi 2024\tRealisasi 2025\tCapaian Kinerja (%)
1\tPersentase Layanan Tepat Waktu\t70%\t84%\t120%
2\tPersentase Dokumen Tepat Waktu\t50%\t50%\t100%
3\tPersentase Sarana Layak\t40%\t54%\t135%

Tabel 3.5
Perbandingan Realisasi Kinerja Dengan Target Akhir Renstra

No\tIndikator Kinerja\tRealisasi 2025\tTarget Akhir Renstra\tCapaian Akhir Renstra (%)
1\tPersentase Layanan Tepat Waktu\t84%\t100%\t84%
2\tPersentase Dokumen Tepat Waktu\t50%\t100%\t50%
"""
    found = _findings(text)
    # the only disagreement is the realisasi of 'Sarana Layak': 45% in Tabel 3.3, 54% in Tabel 3.4
    assert [(f.rule, f.severity) for f in found] == [("cross_table", "warning")], [f.message for f in found]
    assert "Realisasi" in found[0].message and "45%" in found[0].message and "54%" in found[0].message


def test_a_row_shifted_by_an_empty_cell_is_not_compared():
    text = REALISASI + """Tabel 3.6
Capaian Kinerja Menurut Bidang

No\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)
1\tPersentase Layanan Tepat Waktu\tPersen\t80%\t84%\t105%
2\tPersentase Dokumen Tepat Waktu\tPersen\t50%\t50%\t100%
3\tPersentase Sarana Layak\tPersen\t60%\t45%\t75%
4\tPersentase Aduan Selesai\t\tPersen\t40%\t44%\t110%
5\tPersentase Dokumen Tepat Waktu Bidang\tPersen\t50%\t55%\t100%
"""
    found = _findings(text)
    # row 4 carries a stray empty cell and must not be accused; row 5 is a real slip (55 / 50 is 110%)
    assert [(f.rule, f.severity) for f in found] == [("capaian", "error")], [f.message for f in found]
    assert "110.00" in found[0].message


def test_kegiatan_pagu_in_a_paragraph_is_not_held_against_the_whole_budget():
    text = """Tabel 3.11
Realisasi Anggaran Berdasarkan Program, Kegiatan Dan Sub Kegiatan

No\tProgram/Kegiatan/Sub Kegiatan\tAnggaran\tRealisasi\tPersentase capaian
1\tProgram : Penunjang Urusan Pemerintahan Daerah\t1.000.000.000\t900.000.000\t90.00%
\tKegiatan : Administrasi Keuangan Perangkat Daerah\t1.000.000.000\t900.000.000\t90.00%
2\tProgram : Penempatan Tenaga Kerja\t500.000.000\t400.000.000\t80.00%
\tKegiatan : Pelayanan antar Kerja\t500.000.000\t400.000.000\t80.00%

Kegiatan Pelayanan antar Kerja dengan pagu anggaran Rp 500.000.000 dan realisasi Rp 400.000.000 atau serapan 80,00%.

Berdasarkan tabel di atas Pagu Anggaran 1.500.000.000 dengan realisasi anggaran 1.200.000.000 yang artinya serapan anggaran mencapai 80.00%.
"""
    result = process_layout(stitch_tables(read_text(HEAD + text, "guards.txt")), "g" * 64, "guards.txt")
    found = [(f.rule, f.severity, f.line) for f in result.findings]
    lines = (HEAD + text).split("\n")
    total_line = next(n for n, t in enumerate(lines, start=1) if t.startswith("Berdasarkan"))
    # the total paragraph says realisasi 1.200.000.000; the programs sum to 1.300.000.000
    assert found == [("narrative", "warning", total_line)], found


def test_a_kegiatan_named_kegiatan_among_unlabelled_kegiatan_is_their_sibling():
    """A program's kegiatan printed without a label, one of them named 'Kegiatan ...': the rows after
    it are its siblings, not its sub kegiatan, so no sums error on it."""
    text = (
        "# LAPORAN KINERJA DINAS X TAHUN 2016\n\nBAB III\nAKUNTABILITAS KEUANGAN\n\n"
        "No\tProgram/Kegiatan\tAnggaran (Rp)\tRealisasi (Rp)\t%\n"
        "1\tPROGRAM UPAYA KESEHATAN MASYARAKAT\t2.000.000.000\t1.500.000.000\t75,00%\n"
        "\tPembinaan Program Kesehatan Ibu dan Anak\t500.000.000\t400.000.000\t80,00%\n"
        "\tKegiatan Gerakan Penyelamatan Masa Depan\t400.000.000\t300.000.000\t75,00%\n"
        "\tPencegahan Kurang Gizi\t600.000.000\t500.000.000\t83,33%\n"
        "\tPeningkatan Pelayanan Kesehatan Rujukan\t500.000.000\t300.000.000\t60,00%\n"
        "2\tPROGRAM OBAT DAN PERBEKALAN KESEHATAN\t900.000.000\t800.000.000\t88,89%\n"
        "\tKegiatan Pengadaan Obat\t900.000.000\t800.000.000\t88,89%\n"
        "\tSub Kegiatan Obat Dasar\t500.000.000\t450.000.000\t90,00%\n"
        "\tSub Kegiatan Obat Rujukan\t300.000.000\t350.000.000\t116,67%\n"
    )
    result = process_layout(stitch_tables(read_text(text, "sibling.txt")), "s" * 64, "sibling.txt")
    levels = [(b.level, b.name.split()[0]) for b in result.budget]
    assert levels[1:5] == [("kegiatan", "Pembinaan"), ("kegiatan", "Kegiatan"), ("kegiatan", "Pencegahan"),
                           ("kegiatan", "Peningkatan")]
    sums = [f for f in result.findings if f.rule == "sums" and f.severity == "error"]
    # the one real slip stays: the anggaran of 'Kegiatan Pengadaan Obat' is not the sum of its sub kegiatan
    assert len(sums) == 1 and sums[0].message.startswith("Anggaran 'Kegiatan Pengadaan Obat")
    assert sums[0].stated == "900.000.000"


def test_a_column_numbering_row_with_formulas_is_no_indicator():
    """Evaluasi RKPD tables number their columns '1 | 2 | ... | 13 = 9 + 10 | 15 = 14 / 6 x 100':
    that row is part of the header, not an indicator whose satuan is '5'."""
    text = (
        "Tabel 1 Evaluasi Hasil Renja\n\n"
        "No\tIndikator Kinerja\tSatuan\tTarget\tRealisasi TW I\tRealisasi TW II\tRealisasi\tCapaian (%)\n"
        "1\t2\t3\t4\t5\t6\t7 = 5 + 6\t8 = 7 / 4 x 100\n"
        "1\tPersentase Dokumen Tepat Waktu\tPersen\t100\t40\t60\t100\t100\n"
    )
    result = process_layout(stitch_tables(read_text(HEAD + text, "rkpd.txt")), "r" * 64, "rkpd.txt")
    assert [r.indikator for r in result.indicators] == ["Persentase Dokumen Tepat Waktu"]
    assert [f.message for f in result.findings if f.rule == "structure"] == []
