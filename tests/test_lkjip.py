"""LKjIP extraction: every indicator table with its caption and role, budget lines with their
hierarchy, the report's own kriteria scale, and the cover metadata, on small report snippets."""

from pathlib import Path

import pytest

from ingest import extract, load
from ingest.extract.lkjip import extract_lkjip
from ingest.extract.lkjip_scale import parse_band
from ingest.readers.text import read_text
from ingest.stitch import stitch_tables

ROOT = Path(__file__).resolve().parents[1]
COVER = "**LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)\nTAHUN 2024**\n\n**DINAS SOSIAL\nKABUPATEN MAJU JAYA\nTAHUN 2025**\n\nBAB I PENDAHULUAN\n\n"


def lkjip(body: str, cover: str = COVER):
    return extract_lkjip(stitch_tables(read_text(cover + body)))


def rows(text: str) -> str:
    return "\n".join("\t".join(cells) for cells in (line.split("|") for line in text.strip().splitlines())) + "\n"


def test_cover_gives_title_year_agency_region():
    meta = lkjip("").meta
    assert meta["title"] == "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2024"
    assert meta["year"] == "2024"  # the year reported on, not the year the report was printed
    assert meta["agency"] == "Dinas Sosial" and meta["region"] == "Kabupaten Maju Jaya"


def test_realisasi_table_with_two_line_caption_and_kriteria():
    body = "Tabel 3.3\nRealisasi Kinerja\n\n" + rows(
        """No|Sasaran Strategis|Indikator Kinerja|Target|Satuan|Realisasi|Capaian (%)|Kriteria
1|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|Persen|7,9%|94,67%|Sangat Tinggi
||Jumlah keluarga penerima bantuan|1.200 KK|KK|1.150 KK|95,83%|Sangat Tinggi"""
    )
    recs = lkjip(body).indicators
    assert [r.table_role for r in recs] == ["realisasi_kinerja"] * 2
    assert {r.section for r in recs} == {"Tabel 3.3 Realisasi Kinerja"}
    assert recs[1].fields["sasaran"] == "Menurunnya kemiskinan"  # merged cell carried down
    assert recs[0].fields["realisasi"] == "7,9%" and recs[0].fields["kriteria"] == "Sangat Tinggi"
    assert all(r.year == 2024 for r in recs)  # the report year when the header prints none
    assert recs[1].prov.line == recs[0].prov.line + 1 and recs[1].prov.source_text.startswith("Jumlah keluarga")


def test_fused_caption_and_sasaran_strategis_role():
    body = "Tabel 2.2**Tabel Sasaran Strategis Tahun 2024**\n\n" + rows(
        """No|Sasaran Strategis|Indikator Kinerja Utama|Target 2024
1|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%"""
    )
    (rec,) = lkjip(body).indicators
    assert rec.section == "Tabel 2.2 Tabel Sasaran Strategis Tahun 2024"
    assert rec.table_role == "sasaran_strategis" and rec.year == 2024


def test_multi_year_comparison_gives_one_record_per_year():
    body = "Tabel 3.4 Perbandingan Capaian dengan Tahun Sebelumnya\n\n" + rows(
        """No|Indikator Kinerja|Satuan|Tahun 2024||Tahun 2023|
|||Realisasi|Capaian (%)|Realisasi|Capaian (%)
1|Persentase penduduk miskin|Persen|7,9%|94,67%|8,4%|N/A"""
    )
    recs = lkjip(body).indicators
    assert [(r.table_role, r.year, r.fields.get("realisasi")) for r in recs] == [
        ("perbandingan_tahun", 2023, "8,4%"),
        ("perbandingan_tahun", 2024, "7,9%"),
    ]


@pytest.mark.parametrize(
    "caption, header, year",
    [
        ("Tabel 3.5 Perbandingan dengan Target Akhir Renstra", "Target Akhir Renstra (2026)", 2026),
        ("Tabel 3.5 Capaian terhadap Target Jangka Menengah 2021-2026", "Target Akhir Periode", 2026),
    ],
)
def test_renstra_end_target_takes_the_end_year(caption, header, year):
    body = f"{caption}\n\n" + rows(
        f"""No|Indikator Kinerja|Satuan|Realisasi 2024|{header}|Capaian (%)
1|Persentase penduduk miskin|Persen|7,9%|6,5%|78,46%"""
    )
    done, rec = lkjip(body).indicators  # the realisasi of its own year, and the end target of the end year
    assert rec.table_role == "target_akhir_renstra" and rec.year == year
    assert (rec.fields["target"], rec.fields["realisasi"], rec.fields["capaian"]) == ("6,5%", "7,9%", "78,46%")
    assert done.year == 2024 and done.fields["realisasi"] == "7,9%" and "target" not in done.fields


def test_province_national_efficiency_and_kinerja_anggaran_roles():
    body = (
        "Tabel 3.6 Perbandingan dengan Provinsi dan Nasional\n\n"
        + rows("No|Indikator Kinerja|Realisasi 2024|Realisasi Provinsi|Realisasi Nasional\n1|Persentase penduduk miskin|7,9%|8,2%|9,0%")
        + "\nTabel 3.7 Efisiensi Penggunaan Sumber Daya\n\n"
        + rows("No|Sasaran Strategis|Capaian Kinerja (%)|Serapan Anggaran (%)|Efisiensi (%)\n1|Menurunnya kemiskinan|94,67|90,10|4,57")
        + "\n- Realisasi anggaran per sasaran sesuai Perjanjian Kinerja\n\n"
        + rows(
            """No|Sasaran|Indikator Kinerja|Kinerja|||Anggaran||
|||Target|Realisasi|Capaian (%)|Target|Realisasi|Capaian (%)
1|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|7,9%|94,67%|1.000.000.000|901.000.000|90,10%"""
        )
    )
    recs = lkjip(body).indicators
    assert [r.table_role for r in recs] == ["perbandingan_provinsi_nasional", "efisiensi", "kinerja_anggaran"]
    prov, eff, ang = recs
    assert prov.fields["realisasi_provinsi"] == "8,2%" and prov.year == 2024
    assert eff.fields == {"sasaran": "Menurunnya kemiskinan", "capaian": "94,67", "serapan": "90,10", "efisiensi": "4,57"}
    assert ang.section == "Realisasi anggaran per sasaran sesuai Perjanjian Kinerja"  # lead-in line, no caption
    assert ang.fields["anggaran_realisasi"] == "901.000.000" and ang.fields["anggaran_capaian"] == "90,10%"


def test_perjanjian_kinerja_and_front_matter_summary():
    summary = rows("No|Sasaran|Indikator|Target Keuangan\n1|Menurunnya kemiskinan|Persentase penduduk miskin|Rp 1.000.000.000")
    cover = COVER.replace("BAB I PENDAHULUAN\n\n", "Ringkasan capaian tahun ini.\n\n" + summary + "\nBAB I PENDAHULUAN\n\n")
    body = "Tabel 2.3\nPerjanjian Kinerja Tahun 2024\n\n" + rows(
        """No|Sasaran|Indikator Kinerja|Target|Satuan|Program/Kegiatan|Anggaran|Penanggung Jawab
1|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|Persen|Program : Perlindungan Sosial|Rp 1.000.000.000|Kepala Dinas"""
    )
    summary_rec, pk = lkjip(body, cover).indicators
    assert summary_rec.table_role == "ringkasan" and summary_rec.fields["anggaran"] == "Rp 1.000.000.000"
    assert pk.table_role == "perjanjian_kinerja" and pk.section == "Tabel 2.3 Perjanjian Kinerja Tahun 2024"
    assert pk.fields["program"] == "Program : Perlindungan Sosial" and pk.fields["penanggung_jawab"] == "Kepala Dinas"


def test_row_cut_by_page_break_is_joined():
    body = "Tabel 3.3 Realisasi Kinerja\n\n" + rows(
        """No|Sasaran|Indikator Kinerja|Target|Realisasi|Capaian (%)
1|Meningkatnya perlindungan|Persentase penyandang disabilitas yang|100%|100%|100%"""
    ) + "\n" + rows("|terlantar|mendapat rehabilitasi sosial|||\n2|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|7,9%|94,67%")
    recs = lkjip(body).indicators
    assert len(recs) == 2
    assert recs[0].fields["indikator"] == "Persentase penyandang disabilitas yang mendapat rehabilitasi sosial"
    assert recs[0].fields["sasaran"] == "Meningkatnya perlindungan terlantar"
    assert "\n" in recs[0].prov.source_text  # both printed lines are the evidence


@pytest.mark.parametrize(
    "text, low, high, low_inc, high_inc",
    [
        ("91% ≤ 100%", 91, 100, True, True),
        ("≤ 50 %", None, 50, True, True),
        ("91 - 100", 91, 100, True, True),
        (">90 – 100", 90, 100, False, True),
        ("<60", None, 60, True, False),
        ("76 s.d. 90,99", 76, 90.99, True, True),
        ("90 < x ≤ 100", 90, 100, False, True),
        ("> 100", 100, None, False, True),
    ],
)
def test_scale_bands_are_parsed_as_printed(text, low, high, low_inc, high_inc):
    band = parse_band(text)
    assert band is not None
    assert (band.low, band.high, band.low_inclusive, band.high_inclusive) == (low, high, low_inc, high_inc)


def test_report_scale_table_fills_extraction_scale_and_grade_tables_do_not():
    body = "Tabel 3.1 Skala Nilai\n\n" + rows(
        """No|Interval Nilai Realisasi Kinerja|Kriteria Penilaian
1|91% ≤ 100%|Sangat Tinggi
2|76 % ≤ 90%|Tinggi
3|≤ 50 %|Sangat Rendah"""
    ) + "\nTabel 3.9 Predikat SAKIP\n\n" + rows("Predikat|Nilai|Interpretasi\nAA|>90 – 100|Istimewa\nA|>80 – 90|Memuaskan")
    scale = lkjip(body).scale
    assert [(b.label, b.low, b.high) for b in scale] == [
        ("Sangat Tinggi", 91, 100), ("Tinggi", 76, 90), ("Sangat Rendah", None, 50),
    ]


def test_budget_by_belanja_type_keeps_sub_items_under_their_group():
    body = "Tabel 3.10 Realisasi Jenis Belanja\n\n" + rows(
        """No|Belanja|Anggaran|Realisasi|Capaian (%)
1.|Belanja Operasi|1.500.000|1.200.000|80%
|a. Belanja Pegawai|1.000.000|900.000|90%
|b. Belanja Barang dan Jasa|500.000|300.000|60%
2|Belanja Modal|200.000|100.000|50%"""
    )
    budget = lkjip(body).budget
    assert [(b.level, b.name, b.parent_index) for b in budget] == [
        ("belanja", "Belanja Operasi", None),
        ("belanja", "Belanja Pegawai", 0),
        ("belanja", "Belanja Barang dan Jasa", 0),
        ("belanja", "Belanja Modal", None),
    ]
    assert (budget[1].anggaran, budget[1].realisasi, budget[1].persen) == ("1.000.000", "900.000", "90%")
    assert budget[0].section == "Tabel 3.10 Realisasi Jenis Belanja"


def test_budget_by_program_keeps_hierarchy_and_joins_wrapped_names():
    body = "Tabel 3.11 Realisasi Anggaran\n\n" + rows(
        """No|Program/Kegiatan/Sub Kegiatan|Anggaran|Realisasi|Persentase capaian
1|Program : Perlindungan Sosial|300.000|250.000|83,33%
|Kegiatan : Rehabilitasi Sosial|300.000|250.000|83,33%
|Sub Kegiatan : Pemberian Layanan Rehabilitasi Sosial bagi|200.000|150.000|75%
|Penyandang Disabilitas Terlantar|||
|Sub Kegiatan : Penyediaan Alat Bantu|100.000|100.000|100%
2|Program : Penanganan Bencana|50.000|50.000|100%"""
    )
    budget = lkjip(body).budget
    assert [(b.level, b.parent_index) for b in budget] == [
        ("program", None), ("kegiatan", 0), ("sub_kegiatan", 1), ("sub_kegiatan", 1), ("program", None),
    ]
    assert budget[2].name == "Pemberian Layanan Rehabilitasi Sosial bagi Penyandang Disabilitas Terlantar"
    assert budget[0].name == "Perlindungan Sosial"


def test_budget_levels_from_codes_capitals_and_totals():
    body = "Tabel 3.8 Realisasi per Program\n\n" + rows(
        """Kode|Program/Kegiatan/Sub Kegiatan|Pagu (Rp)|Realisasi (Rp)|Serapan (%)
1.06.02|PROGRAM REHABILITASI SOSIAL|300.000|250.000|83,33
1.06.02.2.01|Rehabilitasi Sosial Dasar|300.000|250.000|83,33
1.06.02.2.01.0004|Pemberian Alat Bantu|300.000|250.000|83,33
|JUMLAH|300.000|250.000|83,33"""
    ) + "\nTabel 3.7 Realisasi Belanja\n\n" + rows(
        """Uraian|Anggaran (Rp)|Realisasi (Rp)|Capaian (%)
BELANJA OPERASI|300.000|250.000|83,33
Belanja Barang dan Jasa|300.000|250.000|83,33
JUMLAH|300.000|250.000|83,33"""
    )
    budget = lkjip(body).budget
    assert [(b.level, b.code, b.parent_index) for b in budget] == [
        ("program", "1.06.02", None), ("kegiatan", "1.06.02.2.01", 0), ("sub_kegiatan", "1.06.02.2.01.0004", 1),
        ("total", None, None), ("belanja", None, None), ("belanja", None, 4), ("total", None, None),
    ]
    assert budget[0].persen == "83,33"


def test_banjar_lkjip_seed_tables_budget_and_scale():
    ex = extract(load(ROOT / "samples" / "text" / "004_22ba43ded69af889.txt"))
    assert ex.doc_type == "lkjip" and ex.meta["year"] == "2025" and ex.meta["region"] == "Kabupaten Banjar"
    roles = {r.table_role for r in ex.indicators}
    assert roles == {
        "ringkasan", "tujuan", "sasaran_strategis", "perjanjian_kinerja", "realisasi_kinerja", "perbandingan_tahun",
        "target_akhir_renstra", "perbandingan_provinsi_nasional", "efisiensi", "kinerja_anggaran",
    }
    realisasi = [r for r in ex.indicators if r.section == "Tabel 3.3 Realisasi Kinerja"]
    assert len(realisasi) == 24 and all(r.fields.get("kriteria") for r in realisasi)
    assert len(ex.budget) == 68
    assert sum(b.level == "sub_kegiatan" for b in ex.budget) == 43  # the report says 43 Sub Kegiatan
    assert [b.label for b in ex.scale] == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    assert all(r.prov.line and r.prov.source_text for r in ex.indicators)


def test_tujuan_column_becomes_parent_and_labelled_rows_name_their_program():
    body = "Capaian sasaran tahun ini tampak sebagai berikut :\n\n" + rows(
        """TUJUAN|SASARAN|INDIKATOR|TARGET|REALISASI|%
Meningkatkan kesejahteraan sosial|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|7,9%|94,67"""
    ) + "\nTabel 3.8\nPerbandingan Realisasi Kinerja dan\nRealisasi Anggaran Tahun 2024\n\n" + rows(
        """SASARAN/ PROGRAM|INDIKATOR|Kinerja|||Anggaran||
|Target|Realisasi|Capaian %|Anggaran|Realisasi|Capaian %
Sasaran : Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|7,9%|94,67|||
Program : Perlindungan Sosial|Jumlah KPM yang dibantu|1.000|950|95|500.000|450.000|90"""
    )
    first, sasaran_row, program_row = lkjip(body).indicators
    assert first.section == "Capaian sasaran tahun ini tampak sebagai berikut"
    assert first.fields["sasaran"] == "Menurunnya kemiskinan" and first.parent_sasaran == "Meningkatkan kesejahteraan sosial"
    assert first.fields["capaian"] == "94,67"  # a bare "%" column next to target and realisasi
    assert sasaran_row.section == "Tabel 3.8 Perbandingan Realisasi Kinerja dan Realisasi Anggaran Tahun 2024"
    assert sasaran_row.fields["sasaran"] == "Menurunnya kemiskinan"
    assert program_row.fields["program"] == "Program : Perlindungan Sosial"
    assert program_row.fields["sasaran"] == "Menurunnya kemiskinan" and program_row.table_role == "kinerja_anggaran"


def test_agency_province_in_caption_is_not_a_comparison_and_page_numbers_are_not_captions():
    body = "Tabel 2.1 Perjanjian Kinerja Dinas Sosial Provinsi Maju Jaya Tahun 2024\n\n" + rows(
        "No|Sasaran Strategis|Indikator Kinerja|Target\n1|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%"
    ) + "\nTabel 2.2 Target Renstra Dinas Sosial 2021-2026\n\n" + rows(
        """No|Sasaran|Indikator|Target 2024|Target 2025|Target 2026
1|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|7,0%|6,5%"""
    ) + "\n33\n\n" + rows("No|Sasaran|Indikator|Target|Realisasi\n1|Menurunnya kemiskinan|Persentase penduduk miskin|7,5%|7,9%")
    recs = lkjip(body).indicators
    assert [r.table_role for r in recs] == ["perjanjian_kinerja"] + ["target_renstra"] * 3 + ["realisasi_kinerja"]
    assert [r.year for r in recs[1:4]] == [2024, 2025, 2026]
    assert recs[-1].section is None  # a bare page number is no caption


def test_budget_realisasi_printed_as_a_second_money_column():
    body = "Tabel 3.6 Pagu Anggaran dan Realisasi\n\n" + rows(
        """Kode Rekening|Program/Kegiatan|Anggaran|Realisasi Keuangan (Rp)|%
1.13.01|Program Pelayanan Administrasi Perkantoran|100.000|90.000|90"""
    )
    (line,) = lkjip(body).budget
    assert (line.level, line.code, line.name) == ("program", "1.13.01", "Program Pelayanan Administrasi Perkantoran")
    assert (line.anggaran, line.realisasi, line.persen) == ("100.000", "90.000", "90")


def test_scale_printed_as_a_list_of_lines_when_no_table():
    body = (
        "Kriteria capaian kinerja yang digunakan adalah sebagai berikut:\n\n"
        "- 91 - 100 : Sangat Baik\n- 76 - 90 : Baik\n- 66 – 75 (Cukup)\n- ≤ 65 : Kurang\n\n"
        "Capaian tahun ini: Target 80 : Realisasi 90.\n"
    )
    scale = lkjip(body).scale
    assert [(b.label, b.low, b.high) for b in scale] == [
        ("Sangat Baik", 91, 100), ("Baik", 76, 90), ("Cukup", 66, 75), ("Kurang", None, 65),
    ]


@pytest.mark.parametrize(
    "body",
    [
        rows("SKALA NILAI|KATEGORI PENILAIAN\n≥ 100 %|Sangat Baik\n> 80 - < 100 %|Baik\n> 55 - < 80 %|Cukup\n< 55 %|Kurang"),
        "Penilaian dilakukan dengan skala sebagai berikut :\n\n\uf0b7 Lebih dari 100 % : Sangat Baik\n"
        "\uf0b7 100% > nilai > 80 % : Baik\n\uf0b7 80 % > nilai > 55 % : Cukup\n\uf0b7 55% > Nilai : Kurang\n",
        "Pemaknaan capaian terbagi atas kualifikasi sebagai berikut :\n\nPersentase : > 100 Sangat Baik\n"
        "80 – 100 Baik\n55 – 80 Cukup\n<55 Kurang\n",
    ],
)
def test_scales_printed_in_other_shapes(body):
    scale = lkjip(body).scale
    assert [b.label.title() for b in scale] == ["Sangat Baik", "Baik", "Cukup", "Kurang"]
    assert scale[0].low == 100 and scale[0].high is None and scale[-1].low is None and scale[-1].high == 55
    assert scale[1].low == 80 and scale[1].high == 100


def test_unlabelled_rows_under_program_rows_are_kegiatan_and_title_rows_are_not_lines():
    body = "Tabel 3.13 Jumlah Anggaran dan Realisasi APBD\n\n" + rows(
        """No.|Program / Kegiatan|Anggaran (Rp)|Realisasi (Rp)|%
|Inspektorat Kabupaten Maju Jaya|||
1|PROGRAM PENYELENGGARAAN PENGAWASAN|630.000|524.000|83,2
|Penyelenggaraan Pengawasan Internal|600.000|507.000|84,5
|Penyelenggaraan Pengawasan dengan Tujuan Tertentu|30.000|17.000|56,7
2|PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH|100.000|90.000|90"""
    )
    budget = lkjip(body).budget
    assert [(b.level, b.parent_index) for b in budget] == [
        ("program", None), ("kegiatan", 0), ("kegiatan", 0), ("program", None),
    ]
    assert budget[1].persen == "84,5"


def test_renstra_end_year_from_the_period_the_report_names_and_absorption_percent():
    body = "Renstra Dinas Sosial periode 2021-2026 menjadi acuan.\n\nTabel 3.5 Perbandingan sampai dengan Akhir Periode Renstra\n\n" + rows(
        "No|Indikator Kinerja|Realisasi 2024|Target Akhir Renstra|Capaian\n1|Persentase penduduk miskin|7,9%|6,5%|78,46%"
    ) + "\nTabel 3.9 Pencapaian Kinerja dan Penyerapan Anggaran\n\n" + rows(
        "No|Sasaran|Indikator Kinerja|% Capaian Kinerja|% Realisasi Anggaran|% Tingkat Efisiensi\n1|Menurunnya kemiskinan|Persentase penduduk miskin|94,24%|83,13%|11,11%"
    )
    done, renstra, eff = lkjip(body).indicators
    assert done.year == 2024 and renstra.table_role == "target_akhir_renstra" and renstra.year == 2026
    assert eff.table_role == "efisiensi" and eff.fields["serapan"] == "83,13%" and eff.fields["efisiensi"] == "11,11%"


def test_a_second_column_of_the_same_measure_is_not_glued_onto_the_first():
    body = "Tabel 3.6 Perbandingan Realisasi Kinerja dengan Realisasi di Level Nasional\n\n" + rows(
        "No|Indikator Kinerja|Realisasi 2022|Realisasi Daerah|Realisasi Nasional\n1|Maturitas SPIP|Level 3 (3,157)|Level 3 (3,141)|Level 3 (3,10)"
    )
    (rec,) = lkjip(body).indicators
    assert rec.table_role == "perbandingan_provinsi_nasional"
    assert rec.fields["realisasi"] == "Level 3 (3,157)" and rec.fields["keterangan"] == "Level 3 (3,141)"
    assert rec.fields["realisasi_nasional"] == "Level 3 (3,10)"


def test_belanja_items_numbered_under_their_group():
    body = "Tabel 3.10 Realisasi Belanja\n\n" + rows(
        """No|Jenis Belanja|Anggaran|Realisasi|Capaian (%)
1|Belanja Operasi|1.500|1.200|80
1.1|Belanja Pegawai|1.000|900|90
1.2|Belanja Barang dan Jasa|500|300|60
2|Belanja Modal|200|100|50
|Jumlah|1.700|1.300|76,47"""
    )
    budget = lkjip(body).budget
    assert [(b.level, b.parent_index) for b in budget] == [
        ("belanja", None), ("belanja", 0), ("belanja", 0), ("belanja", None), ("total", None),
    ]
