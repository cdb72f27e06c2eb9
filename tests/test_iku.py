"""IKU decrees: the Lampiran table as indicator records (sasaran carried down or given by group
rows, rows continued across page breaks, nested tables folded into their cell) and the decree's
metadata."""

from pathlib import Path

from ingest import extract, load
from ingest.extract.iku import extract_iku
from ingest.readers.text import read_text
from ingest.stitch import stitch_tables

ROOT = Path(__file__).resolve().parents[1]

DECREE = """PEMERINTAH KABUPATEN MAJU JAYA
DINAS PEKERJAAN UMUM DAN PENATAAN RUANG

KEPUTUSAN BUPATI MAJU JAYA
NOMOR 188.45/123/KUM/2023

TENTANG

PENETAPAN INDIKATOR KINERJA UTAMA
DINAS PEKERJAAN UMUM DAN PENATAAN RUANG

Menimbang : bahwa Peraturan Menteri Nomor 53 Tahun 2014 tanggal 24 November 2014 menjadi acuan;

Ditetapkan di Maju Jaya pada tanggal 2 Januari 2023

"""


def iku(text: str):
    return extract_iku(stitch_tables(read_text(text)))


def test_decree_metadata_from_generic_wording():
    meta = iku(DECREE).meta
    assert meta["nomor"] == "188.45/123/KUM/2023" and meta["tahun"] == "2023"
    assert meta["tanggal"] == "2 Januari 2023"  # the signing date, not a date in the considerations
    assert meta["agency"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert meta["region"] == "Kabupaten Maju Jaya"
    assert meta["title"].startswith("Keputusan Bupati Maju Jaya Nomor 188.45/123/KUM/2023 tentang Penetapan")


def test_lampiran_rows_carry_sasaran_and_join_a_definisi_cut_by_a_page_break():
    table = (
        "SASARAN\tINDIKATOR KINERJA\tDEFINISI OPERASIONAL\tFORMULASI PERHITUNGAN\tPENANGGUNG JAWAB\n"
        "Meningkatnya kualitas jalan\tPersentase jalan mantap\tPanjang jalan dalam kondisi baik dan\t"
        "(Jalan mantap / Total jalan) x 100%\tKabid Bina Marga\n"
        "\tIndeks kepuasan pengguna jalan\tNilai survei kepuasan\tRata-rata nilai survei\tKabid Bina Marga\n"
        "\n"
        "\t\tsedang terhadap panjang jalan kabupaten\t\t\n"
        "Meningkatnya akses air minum\tPersentase rumah tangga dengan akses air minum layak\tRumah tangga "
        "terlayani\t(RT terlayani / Total RT) x 100%\tKabid Cipta Karya\n"
    )
    recs = iku(DECREE + "INDIKATOR KINERJA UTAMA\n\n" + table).indicators
    assert [r.fields["sasaran"] for r in recs] == [
        "Meningkatnya kualitas jalan", "Meningkatnya kualitas jalan", "Meningkatnya akses air minum",
    ]
    assert recs[1].fields["definisi"] == "Nilai survei kepuasan sedang terhadap panjang jalan kabupaten"
    assert recs[0].fields["formula"] == "(Jalan mantap / Total jalan) x 100%"
    assert all(r.table_role == "iku" and r.section == "INDIKATOR KINERJA UTAMA" for r in recs)


def test_nested_html_table_stays_in_its_cell_and_its_copies_are_not_indicators():
    nested = (
        '<table border="1"><tr><th>Kategori</th><th>Nilai</th></tr><tr><td>A</td><td>>90 – 100</td></tr>'
        "<tr><td>C</td><td><60</td></tr></table>"
    )
    text = (
        "SASARAN\tINDIKATOR\tDEFINISI\tFORMULASI\tPENANGGUNG JAWAB\n"
        f"Tata kelola baik\tIndeks kepatuhan intern\tNilai indeks\t{nested}\tKategori\tNilai\tA\t>90 – 100\tC\t<60\tSekretaris\n"
        "\t\t\tKategori\tNilai\t\t\t\n"
        "\t\t\tA\t>90 – 100\t\t\t\n"
        "C\t<60\t\t\t\t\t\n"
        "Indeks = Σ (Unsur Kinerja × 40%) + (Unsur Kepatuhan × 60%)\t\t\t\t\t\t\t\n"
        "Laporan tepat waktu\tPersentase laporan tepat waktu\tLaporan\tJumlah laporan tepat waktu\tKasubbag Umum\n"
    )
    recs = iku(text).indicators
    assert [r.fields["indikator"] for r in recs] == ["Indeks kepatuhan intern", "Persentase laporan tepat waktu"]
    first = recs[0].fields
    assert first["penanggung_jawab"] == "Sekretaris"
    assert first["formula"].startswith("Kategori Nilai A >90 – 100 C <60")  # "<60" is text, not a tag
    assert first["formula"].endswith("(Unsur Kepatuhan × 60%)")


def test_numbered_layout_with_sasaran_group_rows_and_sumber_data():
    text = (
        "No\tIndikator Kinerja Utama\tPenjelasan / Definisi\tFormula\tSumber Data\tPenanggung Jawab\n"
        "Sasaran Strategis 1 : Meningkatnya kualitas perencanaan\t\t\t\t\t\n"
        "1.\tPersentase program RPJMD dalam RKPD\tKeselarasan program\tProgram RKPD / Program RPJMD x 100%\tRKPD\tSekretaris\n"
        "Sasaran Strategis 2 : Meningkatnya inovasi daerah\t\t\t\t\t\n"
        "2.\tJumlah inovasi daerah yang diterapkan\tInovasi yang diterapkan\tJumlah inovasi\tDatabase inovasi\tKabid Inovasi\n"
    )
    recs = iku(text).indicators
    assert [(r.fields["sasaran"], r.fields["indikator"]) for r in recs] == [
        ("Meningkatnya kualitas perencanaan", "Persentase program RPJMD dalam RKPD"),
        ("Meningkatnya inovasi daerah", "Jumlah inovasi daerah yang diterapkan"),
    ]
    assert recs[1].fields["sumber_data"] == "Database inovasi" and recs[1].prov.row_index == 4


def test_banjar_iku_decree_seed():
    layout = load(ROOT / "samples" / "text" / "001_38a1594dae9657c6.txt")
    ex = extract(layout)
    assert ex.doc_type == "iku"
    assert len(ex.indicators) == 93
    meta = ex.meta
    assert (meta["nomor"], meta["tahun"], meta["tanggal"]) == ("17 Tahun 2023", "2023", "8 Mei 2023")
    assert meta["agency"] == "Dinas Tenaga Kerja dan Transmigrasi" and meta["region"] == "Kabupaten Banjar"
    by_line = {r.prov.line: r for r in ex.indicators}
    ikki = by_line[119].fields
    assert ikki["penanggung_jawab"] == "Sekretaris" and "Σ" in ikki["formula"]
    assert "Skla Upah" in by_line[100].fields["definisi"]  # continued after the page break
    assert by_line[177].fields["sasaran"] == by_line[175].fields["sasaran"]  # merged sasaran cell
    assert all(r.fields.get("sasaran") and r.fields.get("indikator") and r.fields.get("penanggung_jawab") for r in ex.indicators)
    assert not any(r.fields["indikator"] in {"Nilai", "Kategori", "Interpretasi"} for r in ex.indicators)


def test_decree_number_printed_on_the_line_after_nomor_and_lampiran_without_decree():
    text = (
        "PEMERINTAH KABUPATEN MAJU JAYA\n\nKEPUTUSAN KEPALA BADAN PERENCANAAN\nPEMBANGUNAN DAERAH KABUPATEN MAJU JAYA NOMOR\n"
        ": 050/01.7/424.101/2021\nTENTANG\nPENETAPAN REVIU INDIKATOR KINERJA UTAMA\n"
        "KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH,\n\nMenimbang : bahwa ...\n"
    )
    meta = iku(text).meta
    assert meta["nomor"] == "050/01.7/424.101/2021" and meta["year"] == "2021"
    assert meta["title"].endswith("tentang Penetapan Reviu Indikator Kinerja Utama")
    lampiran = iku("**INDIKATOR KINERJA UTAMA (IKU)\nDINAS KESEHATAN PROVINSI MAJU JAYA TAHUN 2017**\n\nkata pengantar\n").meta
    assert lampiran["year"] == "2017" and lampiran["agency"] == "Dinas Kesehatan"
    assert lampiran["region"] == "Provinsi Maju Jaya" and "nomor" not in lampiran


def test_indicator_numbers_printed_in_their_own_sub_column():
    text = (
        "No.\tSasaran Strategis\tIndikator Kinerja\t\tFormulasi perhitungan\n"
        "1.\tMeningkatnya kualitas perencanaan\t1.1\tPersentase dokumen perencanaan tepat waktu\tDokumen tepat waktu / dokumen x 100%\n"
        "\t\t1.2\tIndeks kualitas RKPD\tNilai penilaian provinsi\n"
    )
    recs = iku(text).indicators
    assert [r.fields["indikator"] for r in recs] == ["Persentase dokumen perencanaan tepat waktu", "Indeks kualitas RKPD"]
    assert recs[1].fields["sasaran"] == "Meningkatnya kualitas perencanaan"


def test_every_seed_record_points_back_to_its_line():
    ex = extract(load(ROOT / "samples" / "text" / "001_38a1594dae9657c6.txt"))
    assert all(r.prov.page == 1 and r.prov.line and r.prov.table_index == 0 and r.prov.row_index for r in ex.indicators)
    assert all(r.fields["indikator"].split()[0] in r.prov.source_text for r in ex.indicators)


def test_unlabelled_spanning_rows_in_the_number_column_are_sasaran_and_wrapped_cells_join():
    text = (
        "No\tIndikator Kinerja Utama\tFormula\tPenanggung Jawab\n"
        "Meningkatnya kualitas pelayanan publik\t\t\t\n"
        "1\tIndeks Kepuasan Masyarakat\tRata-rata nilai survei\tSekretaris\n"
        "\tterhadap pelayanan dinas\t\t\n"
        "Meningkatnya akuntabilitas kinerja\t\t\t\n"
        "2\tNilai SAKIP\tHasil evaluasi\tSekretaris\n"
    )
    recs = iku(text).indicators
    assert [(r.fields["sasaran"], r.fields["indikator"]) for r in recs] == [
        ("Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat terhadap pelayanan dinas"),
        ("Meningkatnya akuntabilitas kinerja", "Nilai SAKIP"),
    ]


def test_indicators_listed_under_uraian_with_their_sumber_data_and_no_targets():
    """A scanned IKU decree (issue 14) lists its indicators under 'URAIAN', with 'DASAR
    PERTIMBANGAN' and 'SUMBER DATA' and no targets; a budget's 'Uraian' with amounts stays a budget."""
    table = (
        "NO.\tURAIAN\tDASAR PERTIMBANGAN\tSUMBER DATA\n"
        "1.\tJumlah SDM yang memiliki kompetensi bidang TIK\tKumulatif tahunan SDM bersertifikat\tBidang Telematika\n"
        "2.\tPersentase pengadaan barang dan jasa secara elektronik\tPaket e-procurement dibagi semua paket\tBalai LPSE\n"
    )
    recs = iku(DECREE + "INDIKATOR KINERJA UTAMA\n\n" + table).indicators
    assert [r.fields["indikator"] for r in recs] == [
        "Jumlah SDM yang memiliki kompetensi bidang TIK", "Persentase pengadaan barang dan jasa secara elektronik",
    ]
    assert recs[1].fields["sumber_data"] == "Balai LPSE"
    assert recs[0].fields["keterangan"] == "Kumulatif tahunan SDM bersertifikat"
    budget = "NO.\tURAIAN\tANGGARAN\tSUMBER DATA\n1.\tBelanja pegawai\t1.250.000\tDPA\n"
    assert iku(DECREE + "\n" + budget).indicators == []


def test_a_year_misread_in_a_run_of_yearly_columns_is_repaired_and_recorded(tmp_path):
    """'2028' printed (OCR'd) between 2024 and 2026 is 2025, recorded as a Correction; a run that
    does not count up a year at a time is left as printed."""
    from kinerja.pipeline import scan_file

    head = "NO\tINDIKATOR KINERJA UTAMA\tTARGET\t\t\t\t\n\t\t{}\n"
    row = "1.\tPersentase jalan mantap\t80\t81\t82\t83\t84\n"
    path = tmp_path / "iku.txt"
    path.write_text(DECREE + "INDIKATOR KINERJA UTAMA\n\n" + head.format("2022\t2023\t2024\t2028\t2026") + row)
    recs = scan_file(path).indicators
    assert [r.year for r in recs] == [2022, 2023, 2024, 2025, 2026]
    fixed = [c for r in recs for c in r.corrections if c.field == "year"]
    assert [(c.from_, c.to, c.rule) for c in fixed] == [("2028", "2025", "year_sequence")]
    path.write_text(DECREE + "INDIKATOR KINERJA UTAMA\n\n" + head.format("2022\t2023\t2025\t2027\t2029") + row)
    assert [r.year for r in scan_file(path).indicators] == [2022, 2023, 2025, 2027, 2029]
