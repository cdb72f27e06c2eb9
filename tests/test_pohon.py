"""Pohon kinerja / cascading extraction on small, realistic text snippets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import extract
from ingest.extract.pohon_kv import KvLine, parse_blocks
from ingest.extract.pohon_meta import document_meta
from ingest.extract.pohon_units import level_of, looks_like_label
from ingest.readers.text import read_text
from ingest.stitch import stitch_tables
from kinerja.pipeline import process_layout
from schemas import Provenance


def _scan(text: str):
    layout = stitch_tables(read_text(text, "doc.txt"))
    return process_layout(layout, "0" * 64, "doc.txt")


LABELS_BEFORE = (
    "**POHON KINERJA DISNAKERTRANS KAB. MUBA TAHUN 2025**\n\n"
    "KEPALA DINAS\t\t\t\t\n"
    "No\tSASARAN\tNo\tINDIKATOR\tSATUAN TARGET\n"
    "1\tMenurunnya angka pengangguran\t1\tPersentase penurunan angka pengangguran\tPersen 0,25\n"
    "2\tMeningkatnya kualitas lembaga pelatihan\t2\tPersentase LPK yang terakreditasi\tPersen 80 12 LPK 4 BLK\n\n"
    "KASUBBAG UMUM DAN KEPEGAWAIAN\t\t\t\t\n"
    "No\tSASARAN\tNo\tINDIKATOR\tSATUAN TARGET\n"
    "1\tTersedianya data kepegawaian\t1\tJumlah dokumen kebutuhan pegawai\tDokumen 2\n\n"
    "Pengantar Kerja Ahli Muda\t\t\t\t\n"
    "No\tSASARAN\tNo\tINDIKATOR\tSATUAN TARGET\n"
    "1\tMeningkatnya penempatan tenaga kerja\t1\tJumlah pencari kerja yang ditempatkan\tOrang 1.762\n"
)


def test_labels_printed_above_tables_name_each_unit_and_fused_satuan_target_is_split():
    recs = _scan(LABELS_BEFORE).indicators
    assert [(r.org_unit, r.level) for r in recs] == [
        ("KEPALA DINAS", "eselon_ii"),
        ("KEPALA DINAS", "eselon_ii"),
        ("KASUBBAG UMUM DAN KEPEGAWAIAN", "eselon_iv"),
        ("Pengantar Kerja Ahli Muda", "fungsional"),
    ]
    assert (recs[0].satuan, recs[0].target, recs[0].target_text) == ("persen", 0.25, "Persen 0,25")
    assert (recs[1].satuan, recs[1].target) == ("persen", 80)
    assert recs[1].target_text == "Persen 80 12 LPK 4 BLK"  # the other targets are kept as printed
    assert (recs[2].satuan, recs[2].target) == ("dokumen", 2)
    assert (recs[3].satuan, recs[3].target) == ("orang", 1762)
    assert [r.line for r in recs] == [5, 6, 10, 14]
    assert all(r.table_role == "indicator" and r.page == 1 and r.source_text for r in recs)


LABELS_AFTER = (
    "**CASCADING DINAS TENAGA KERJA DAN TRANSMIGRASI DAERAH PROVINSI GORONTALO TAHUN 2024**\n\n"
    "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
    "1\tMeningkatnya pembangunan ketenagakerjaan\tIndeks Pembangunan Ketenagakerjaan\t71,10\n\n"
    "➔ **KEPALA DINAS**\n\n"
    "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
    "1\tTerpenuhinya administrasi umum\tPersentase kehadiran dalam acara\t95%\n"
    "2\tTerpenuhinya administrasi keuangan\tPersentase penyerapan anggaran\t95%\n\n"
    "➔ **Kasubag Umum**\n\n"
    "3\tTerlaksananya pengadaan barang milik daerah\tPersentase realisasi pengadaan\t100%\n\n"
    "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
    "1\tMeningkatnya pencari kerja yang ditempatkan melalui Pameran Bursa\t- Jumlah lowongan pekerjaan\t1000 lowongan\n\n"
    "KABID PENGAWASAN  \n"
    "KETENAGAKERJAAN\n\n"
    "Kerja\t- Jumlah pencari kerja yang ditempatkan\t600 orang\n\n"
    "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
    "-------\t---\t---\t---\n\n"
    "Kepala Seksi Persyaratan Kerja\n\n"
    "1\tMeningkatnya perusahaan yang memiliki PP/PKB\tPersentase perusahaan yang memiliki PP/PKB\t60%\n\n"
    "Gorontalo, Januari 2024\n"
    "KEPALA DINAS TENAGA KERJA DAN TRANSMIGRASI\n"
)


def test_labels_printed_after_tables_and_rows_continued_after_a_label():
    result = _scan(LABELS_AFTER)
    units = [r.org_unit for r in result.indicators]
    assert units == [
        "KEPALA DINAS",
        "Kasubag Umum",
        "Kasubag Umum",
        "Kasubag Umum",  # rows printed after the label, without a header, continue its table
        "KABID PENGAWASAN KETENAGAKERJAAN",  # a label wrapped onto two lines
        "KABID PENGAWASAN KETENAGAKERJAAN",
        "Kepala Seksi Persyaratan Kerja",  # a header printed alone, its rows after the label
    ]
    recs = result.indicators
    assert recs[3].line == 14 and recs[3].target == 100 and recs[3].satuan == "persen"
    # "Kerja" is the end of the sasaran cut by the page/label, not a new sasaran
    assert recs[4].sasaran == recs[5].sasaran == "Meningkatnya pencari kerja yang ditempatkan melalui Pameran Bursa Kerja"
    assert recs[5].indikator == "Jumlah pencari kerja yang ditempatkan" and recs[5].target == 600
    assert [r.level for r in recs] == ["eselon_ii", "eselon_iv", "eselon_iv", "eselon_iv", "eselon_iii", "eselon_iii", "eselon_iv"]
    assert result.document.region == "Provinsi Gorontalo" and result.document.year == 2024
    assert "Gorontalo, Januari 2024" not in units  # the signature block names no unit


def test_row_cut_by_a_page_break_is_one_row_and_numbered_continuation_keeps_its_unit():
    text = (
        "**POHON KINERJA DINAS KESEHATAN KOTA TERNATE TAHUN 2025**\n\n"
        "KEPALA BIDANG KESEHATAN MASYARAKAT\t\t\t\t\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tMeningkatnya cakupan pelayanan ibu hamil\tPersentase ibu hamil yang mendapat pelayanan K6\tpersen\t92,5\n"
        "2\tMenurunnya prevalensi stunting\tPersentase balita gizi kurang yang mendapat\t\t\n"
        "\f\t\tmakanan tambahan\tpersen\t85,75\n"
        "3\tMeningkatnya cakupan imunisasi\tPersentase bayi yang mendapat imunisasi dasar lengkap\tpersen\t93,5\n"
    )
    recs = _scan(text).indicators
    assert [r.indikator for r in recs] == [
        "Persentase ibu hamil yang mendapat pelayanan K6",
        "Persentase balita gizi kurang yang mendapat makanan tambahan",
        "Persentase bayi yang mendapat imunisasi dasar lengkap",
    ]
    assert [(r.target, r.page) for r in recs] == [(92.5, 1), (85.75, 1), (93.5, 2)]
    assert recs[1].source_text.count("\n") == 1  # both printed parts are kept
    assert {r.org_unit for r in recs} == {"KEPALA BIDANG KESEHATAN MASYARAKAT"}


def test_sasaran_carried_down_and_wrapped_sasaran_joined():
    text = (
        "**POHON KINERJA BADAN PENDAPATAN DAERAH KABUPATEN BONE TAHUN 2025**\n\n"
        "SEKRETARIS\t\t\n"
        "SASARAN\tINDIKATOR\tTARGET\n"
        "Meningkatnya kualitas pengelolaan keuangan dan\tPersentase realisasi anggaran\t95%\n"
        "aset daerah\tPersentase aset yang tercatat\t97,25%\n"
        "\tPersentase laporan keuangan tepat waktu\t100%\n"
    )
    recs = _scan(text).indicators
    assert {r.sasaran for r in recs} == {"Meningkatnya kualitas pengelolaan keuangan dan aset daerah"}
    assert [r.target for r in recs] == [95, 97.25, 100]
    assert recs[0].level == "eselon_iii"


def test_multi_year_table_gives_one_record_per_printed_year():
    text = (
        "# POHON KINERJA DINAS PEKERJAAN UMUM DAN PENATAAN RUANG KOTA PALU TAHUN 2025-2029\n\n"
        "## ESELON II\n\n"
        "NO\tSasaran Strategis\tIndikator\t\tTarget\t\t\t\n"
        "NO\tSasaran Strategis\t\t2025\t2026\t2027\t2028\t2029\n"
        "1\tMeningkatnya kemantapan jalan\tPersentase jalan kota kondisi mantap\t78,5\t80,25\t82\t-\t85,5\n"
    )
    result = _scan(text)
    recs = result.indicators
    assert [(r.year, r.target, r.target_text) for r in recs] == [
        (2025, 78.5, "78,5"), (2026, 80.25, "80,25"), (2027, 82, "82"), (2028, None, "-"), (2029, 85.5, "85,5"),
    ]
    assert all(r.indikator == "Persentase jalan kota kondisi mantap" for r in recs)
    # no unit label under an ESELON II heading: the agency itself carries the indicators
    assert {(r.org_unit, r.level, r.section) for r in recs} == {
        ("Dinas Pekerjaan Umum dan Penataan Ruang", "eselon_ii", "ESELON II")
    }
    assert result.document.agency == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert result.document.region == "Kota Palu" and result.document.year == 2025


SUB_KEGIATAN = (
    "**POHON KINERJA DINAS TENAGA KERJA KABUPATEN SAROLANGUN TAHUN 2024**\n\n"
    "Sub Kegiatan\tPenyusunan Dokumen Perencanaan Perangkat Daerah\n"
    "Sasaran Kegiatan\tPersentase Dokumen Perencanaan Perangkat Daerah\n"
    "Indikator Kegiatan\tJumlah Dokumen Perencanaan Perangkat Daerah\n"
    "Target Sub Kegiatan\t4 Dokumen\n"
    "Anggaran\tRp.18.000.000\n\n"
    "Sub Kegiatan\tPenyediaan Jasa Surat Menyurat\n"
    "\tpenyediaan jasa penunjang urusan pemerintahan daerah\n"
    "Sasaran Kegiatan Indikator Kegiatan\tJumlah Laporan Penyediaan Jasa Surat Menyurat\n"
    "Target Sub Kegiatan\t100 laporan\n"
    "Anggaran\tRp. 2.150.000\n"
    "Sub Kegiatan\tPemeliharaan Gedung Kantor\n"
    "Sasaran Kegiatan\tPersentase Pemeliharaan Barang Milik Daerah\n\n"
    "Sub Kegiatan\tPemeliharaan Gedung Kantor\n"
    "Sasaran Kegiatan\tPersentase Pemeliharaan Barang Milik Daerah\n"
    "Indikator Kegiatan\tJumlah Gedung Kantor yang\n"
    "\tDipelihara/Direhabilitasi\n"
    "Target Sub Kegiatan\t\n"
    "Anggaran\tRn 4 800 000\n"
)


def test_sub_kegiatan_blocks_become_an_indicator_and_a_budget_line():
    result = _scan(SUB_KEGIATAN)
    recs, budget = result.indicators, result.budget
    assert [r.program for r in recs] == [
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Penyediaan Jasa Surat Menyurat",
        "Pemeliharaan Gedung Kantor",  # printed twice, the first print cut short: one record
    ]
    assert all(r.level == "sub_kegiatan" for r in recs)
    first, fused, wrapped = recs
    assert (first.sasaran, first.indikator) == (
        "Persentase Dokumen Perencanaan Perangkat Daerah", "Jumlah Dokumen Perencanaan Perangkat Daerah"
    )
    assert (first.target, first.satuan, first.anggaran, first.line) == (4, "dokumen", 18_000_000, 3)
    assert fused.sasaran == "penyediaan jasa penunjang urusan pemerintahan daerah"
    assert fused.indikator == "Jumlah Laporan Penyediaan Jasa Surat Menyurat" and fused.target == 100
    assert wrapped.indikator == "Jumlah Gedung Kantor yang Dipelihara/Direhabilitasi"
    assert wrapped.target is None and wrapped.anggaran == 4_800_000
    assert [(b.level, b.name, b.anggaran) for b in budget] == [
        ("sub_kegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 18_000_000),
        ("sub_kegiatan", "Penyediaan Jasa Surat Menyurat", 2_150_000),
        ("sub_kegiatan", "Pemeliharaan Gedung Kantor", 4_800_000),
    ]
    assert "Target Sub Kegiatan\t4 Dokumen" in first.source_text


def test_sub_kegiatan_blocks_printed_as_label_colon_value_lines():
    text = (
        "# POHON KINERJA DINAS SOSIAL KOTA KENDARI TAHUN 2025\n\n"
        "Sub Kegiatan : Rehabilitasi Sosial Penyandang Disabilitas Terlantar\n"
        "Sasaran Kegiatan : Meningkatnya layanan rehabilitasi sosial\n"
        "Indikator Kegiatan : Jumlah penyandang disabilitas yang\n"
        "mendapat layanan rehabilitasi\n"
        "Target Sub Kegiatan : 120 Orang\n"
        "Pagu Anggaran : Rp 350.500.000,-\n\n"
        "Kendari, 5 Januari 2025\n"
    )
    result = _scan(text)
    (rec,) = result.indicators
    assert rec.indikator == "Jumlah penyandang disabilitas yang mendapat layanan rehabilitasi"
    assert (rec.target, rec.satuan, rec.anggaran) == (120, "orang", 350_500_000)
    assert [(b.name, b.anggaran) for b in result.budget] == [
        ("Rehabilitasi Sosial Penyandang Disabilitas Terlantar", 350_500_000)
    ]


def test_kv_lines_without_a_name_make_no_block():
    prov = Provenance(page=1, line=1)
    lines = [KvLine("Sasaran Kegiatan", "Persentase layanan", prov), KvLine("Anggaran", "Rp 1.000", prov)]
    assert parse_blocks(lines) == []


@pytest.mark.parametrize(
    "title, level",
    [
        ("KEPALA DINAS", "eselon_ii"),
        ("Kepala Badan Pendapatan Daerah", "eselon_ii"),
        ("SEKRETARIS DINAS", "eselon_iii"),
        ("Sekretaris", "eselon_iii"),
        ("KEPALA BIDANG HUBUNGAN INDUSTRIAL", "eselon_iii"),
        ("KABID LATPENTA", "eselon_iii"),
        ("KASUBBAG KEUANGAN", "eselon_iv"),
        ("Kasubag Umum", "eselon_iv"),
        ("Kepala Sub Bagian Tata Usaha", "eselon_iv"),
        ("Kepala Seksi Hiperkes", "eselon_iv"),
        ("Kasi Pelayanan", "eselon_iv"),
        ("Sub Koordinator Pasar Kerja", "eselon_iv"),
        ("Kepala UPTD Balai Pelatihan Tenaga Kerja", "eselon_iv"),
        ("Analis Kompetensi dan Kualifikasi Tenaga Kerja", "fungsional"),
        ("Pengantar Kerja Ahli Muda", "fungsional"),
        ("Penyuluh Transmigrasi", "fungsional"),
        ("BENDAHARA", "fungsional"),
        ("Pengerak Swadaya Masyarakat Ahli Muda", "fungsional"),
        ("Pranata Komputer", "fungsional"),
        ("Meningkatnya layanan kepegawaian", None),
    ],
)
def test_level_from_position_title(title, level):
    assert level_of(title) == level


@pytest.mark.parametrize(
    "text, is_label",
    [
        ("KEPALA DINAS", True),
        ("Kepala Seksi Pengawasan Norma Kerja, Jaminan Sosial, Perempuan dan Anak", True),
        ("CASCADING DINAS TENAGA KERJA TAHUN 2023", False),
        ("Kuala Tungkal, Januari 2024 Kepala Dinas Tenaga Kerja", False),
        ("NIP 19741023 100501 1 010", False),
        ("Meningkatnya pembinaan hubungan industrial", False),
    ],
)
def test_unit_labels_are_position_titles_not_titles_or_signatures(text, is_label):
    assert looks_like_label(text) is is_label


def test_printed_eselon_heading_sets_level_when_the_title_names_no_post():
    text = (
        "**POHON KINERJA DINAS PERHUBUNGAN KABUPATEN SIGI TAHUN 2025**\n\n"
        "## ESELON IV\n\n"
        "SEKSI LALU LINTAS\t\t\n"
        "SASARAN\tINDIKATOR\tTARGET\n"
        "Meningkatnya keselamatan lalu lintas\tJumlah rambu yang terpasang\t40 unit\n"
    )
    (rec,) = _scan(text).indicators
    assert (rec.org_unit, rec.level, rec.section) == ("SEKSI LALU LINTAS", "eselon_iv", "ESELON IV")
    assert (rec.target, rec.satuan) == (40, "unit")


def test_document_meta_from_the_title_area():
    layout = read_text(
        "**POHON KINERJA DISNAKERTRANS KAB. OKU TAHUN 2025**\n\n"
        "Meningkatnya LPK di Kabupaten Ogan Komering Ulu\n"
    )
    assert document_meta(layout) == {
        "title": "POHON KINERJA DISNAKERTRANS KAB. OKU TAHUN 2025",
        "agency": "Dinas Tenaga Kerja dan Transmigrasi",
        "region": "Kabupaten Ogan Komering Ulu",  # an acronym spelt out where the body prints it
        "year": "2025",
    }


def test_signing_lines_in_the_title_font_do_not_name_the_agency():
    """A PDF may print the signature block in the title's bold type above the table; the
    signer's line ('Kepala Dinas … abupaten …', misspelt) is longer than the title, so it was
    taken as the fullest title line and named the agency wrongly."""
    layout = read_text(
        "## POHON KINERJA\n\n"
        "## Kuala Tungkal, Januari 2024 Kepala Dinas Tenaga Kerja abupaten Tanjung Jabung Barat\n\n"
        "## NIP 19741023 100501 1 010\n\n"
        "## CASCADING DINAS TENAGA KERJA KABUPATEN TANJUNG JABUNG BARAT TAHUN 2024\n\n"
        "Meningkatnya akuntabilitas Dinas Tenaga Kerja\n"
    )
    meta = document_meta(layout)
    assert meta["agency"] == "Dinas Tenaga Kerja"
    assert meta["region"] == "Kabupaten Tanjung Jabung Barat"
    assert meta["title"] == "POHON KINERJA CASCADING DINAS TENAGA KERJA KABUPATEN TANJUNG JABUNG BARAT TAHUN 2024"


def test_extract_registers_pohon_for_cascading_documents():
    extraction = extract(stitch_tables(read_text(LABELS_BEFORE)))
    assert extraction.doc_type == "pohon_kinerja"
    assert extraction.meta["year"] == "2025"


def test_signature_without_a_date_line_is_not_the_last_units_label():
    text = (
        "**POHON KINERJA DINAS PERPUSTAKAAN KABUPATEN LUWU TAHUN 2025**\n\n"
        "No\tSasaran Program\tIndikator Program\tTarget\n"
        "1\tMeningkatnya minat baca masyarakat\tTingkat Gemar Membaca\t62,5\n\n"
        "KEPALA BIDANG LAYANAN\t\t\t\n"
        "No\tSasaran Program\tIndikator Program\tTarget\n"
        "1\tMeningkatnya kunjungan perpustakaan\tJumlah pengunjung perpustakaan\t12.500 orang\n\n"
        "Mengetahui,\n"
        "KEPALA DINAS PERPUSTAKAAN\n\n"
        "Drs. Andi Baso\n"
        "NIP 19680101 199303 1 002\n"
    )
    recs = _scan(text).indicators
    assert [r.org_unit for r in recs] == [None, "KEPALA BIDANG LAYANAN"]
    assert recs[1].target == 12500 and recs[1].satuan == "orang"
    assert {r.section for r in recs} == {"Sasaran Program"}  # the tier the sasaran header names


def test_a_sub_kegiatan_column_header_is_a_table_not_a_key_value_block():
    text = (
        "**CASCADING DINAS KOMUNIKASI DAN INFORMATIKA KOTA BITUNG TAHUN 2025**\n\n"
        "KEPALA SEKSI APLIKASI\t\t\t\n"
        "Sub Kegiatan\tIndikator Sub Kegiatan\tTarget\tAnggaran\n"
        "Pengembangan Aplikasi Layanan Publik\tJumlah aplikasi yang dikembangkan\t3 aplikasi\tRp 450.000.000\n"
    )
    result = _scan(text)
    (rec,) = result.indicators
    assert (rec.org_unit, rec.level) == ("KEPALA SEKSI APLIKASI", "eselon_iv")
    assert (rec.program, rec.indikator, rec.target, rec.anggaran) == (
        "Pengembangan Aplikasi Layanan Publik", "Jumlah aplikasi yang dikembangkan", 3, 450_000_000
    )
    # the combined kinerja + anggaran row gives its budget line too (one, not a key-value pair)
    assert [(b.name, b.anggaran) for b in result.budget] == [("Pengembangan Aplikasi Layanan Publik", 450_000_000)]


def test_a_label_read_into_the_last_row_of_the_last_table_still_names_the_unit():
    text = (
        "**CASCADING DINAS SOSIAL PROVINSI MALUKU UTARA TAHUN 2025**\n\n"
        "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
        "1\tMeningkatnya perlindungan sosial\tPersentase PPKS yang terlayani\t85%\n\n"
        "KEPALA DINAS\n\n"
        "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
        "1\tMeningkatnya rehabilitasi sosial\tJumlah penyandang disabilitas terlantar yang direhabilitasi\t150 orang\n"
        "KEPALA BIDANG REHABILITASI SOSIAL\t\t\t\n"
    )
    recs = _scan(text).indicators
    assert [(r.org_unit, r.target) for r in recs] == [("KEPALA DINAS", 85), ("KEPALA BIDANG REHABILITASI SOSIAL", 150)]


_PIECES = [
    "KEPALA DINAS\t\t\t", "No\tSASARAN\tINDIKATOR\tSATUAN TARGET", "No\tSasaran Strategis\tIndikator Kinerja\tTarget",
    "1\tMeningkatnya layanan\tPersentase layanan\tPersen 80", "\t\tIndeks Kepuasan\t82,5", "Kerja\t- Nilai\t0,27",
    "➔ **SEKRETARIS**", "KABID PENGAWASAN", "KETENAGAKERJAAN", "Sub Kegiatan\tPenyusunan Dokumen",
    "Sasaran Kegiatan Indikator Kegiatan\tJumlah Dokumen", "\tlanjutan", "Anggaran\tRp. 5.000", "ESELON III",
    "NO\tSasaran\t\t2021\t2022", "Target Sub Kegiatan : 4 Dokumen", "Kuala Tungkal, Januari 2024", "NIP 1970", "",
    "\f", "---\t---\t---", "9\tTujuan\tIndikator Tujuan\tTarget",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_arrangement_of_cascading_lines_extracts_without_error(lines):
    text = "**CASCADING DINAS CONTOH TAHUN 2024**\n\n" + "\n".join(lines)
    result = _scan(text)
    for rec in result.indicators:
        assert rec.page and rec.line and rec.source_text
    for line in result.budget:
        assert line.level == "sub_kegiatan" and line.name
