"""Issue 13: every field a document prints, right (year, org_unit, satuan, numbers, budget lines),
each rule on a small synthetic page."""

from ingest.readers.text import read_text
from ingest.stitch import stitch_tables
from kinerja.pipeline import process_layout


def _scan(text: str):
    layout = stitch_tables(read_text(text, "doc.txt"))
    return process_layout(layout, "0" * 64, "doc.txt")


# --- year -------------------------------------------------------------------------------------

IKU_WRAPPED_TITLE = (
    "INDIKATOR KINERJA UTAMA (IKU)\n"
    "DINAS KESEHATAN PROVINSI JAWA TENGAH\n"
    "TAHUN 2019\n\n"
    "Nama Unit Organisasi : Dinas Kesehatan Provinsi Jawa Tengah\n\n"
    "NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA UTAMA\tPENJELASAN / FORMULASI\tSUMBER DATA\n"
    "1\tMeningkatnya derajat kesehatan\tAngka kematian ibu\tJumlah kematian ibu dibagi kelahiran hidup\tProfil Kesehatan\n"
    "2\tMeningkatnya mutu layanan\tJumlah puskesmas terakreditasi\tJumlah puskesmas\tLaporan Kab/Kota\n"
)


def test_year_of_a_wrapped_title_reaches_every_row_without_a_year_column():
    recs = _scan(IKU_WRAPPED_TITLE).indicators
    assert [r.year for r in recs] == [2019, 2019]


def test_row_year_column_wins_over_the_title_year():
    text = (
        "**POHON KINERJA DINAS PERHUBUNGAN KABUPATEN CONTOH TAHUN 2024**\n\n"
        "No\tSasaran Strategis\tIndikator Kinerja\tSatuan\tTarget 2025\tTarget 2026\n"
        "1\tMeningkatnya keselamatan\tPersentase jalan berperlengkapan\t%\t60\t65\n"
        "\n## Tabel 2 Program\n\n"
        "No\tSasaran Strategis\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tMeningkatnya layanan\tJumlah trayek dilayani\ttrayek\t6\n"
    )
    recs = _scan(text).indicators
    assert [(r.indikator, r.year) for r in recs] == [
        ("Persentase jalan berperlengkapan", 2025), ("Persentase jalan berperlengkapan", 2026),
        ("Jumlah trayek dilayani", 2024),
    ]


def test_signing_date_gives_the_year_when_nothing_else_does():
    text = (
        "CASCADING\n"
        "BADAN KEPEGAWAIAN DAERAH KABUPATEN CONTOH\n\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tMeningkatnya kompetensi ASN\tPersentase ASN bersertifikat\t%\t80\n\n"
        "Batulicin, 01 Nopember 2017\n"
        "KEPALA BADAN KEPEGAWAIAN DAERAH\n"
    )
    result = _scan(text)
    assert [r.year for r in result.indicators] == [2017]
    assert result.document.year == 2017


def test_a_period_title_gives_rows_no_single_year():
    text = (
        "**INDIKATOR KINERJA UTAMA DINAS PARIWISATA KABUPATEN CONTOH TAHUN 2025-2029**\n\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tMeningkatnya kunjungan\tJumlah wisatawan\torang\t1000\n\n"
        "Contoh, 2 Januari 2025\n"
    )
    assert [r.year for r in _scan(text).indicators] == [None]


# --- org_unit ---------------------------------------------------------------------------------

PK = (
    "PERJANJIAN KINERJA TAHUN 2023\n\n"
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, kami yang bertanda tangan di bawah ini:\n\n"
    "Nama : JOKE R. SOJOW, S.Sos\n"
    "Jabatan : Kepala Sub Bagian Umum dan Kepegawaian\n"
    "Dinas Pemuda dan Olahraga\n"
    "Selanjutnya disebut pihak pertama,\n"
    "Nama : EDWIN LONTENG, S.Pd.\n"
    "Jabatan : Sekretaris Dinas Pemuda dan Olahraga\n"
    "Selaku atasan pihak pertama, selanjutnya disebut pihak kedua.\n\n"
    "PERJANJIAN KINERJA TAHUN 2023\n"
    "DINAS PEMUDA DAN OLAHRAGA KABUPATEN CONTOH\n\n"
    "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
    "1\tMeningkatnya tata kelola\tPersentase administrasi keuangan tepat waktu\t100%\n"
)


def test_pk_rows_belong_to_pihak_pertama_whose_jabatan_wraps():
    recs = _scan(PK).indicators
    assert recs and all(r.org_unit == "Kepala Sub Bagian Umum dan Kepegawaian Dinas Pemuda dan Olahraga" for r in recs)
    assert all(r.year == 2023 for r in recs)


def test_pk_lampiran_table_headed_with_a_position_takes_that_position():
    text = (
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2016\n"
        "KEPALA DINAS PARIWISATA DAN KEBUDAYAAN\n"
        "PROVINSI JAWA BARAT\n\n"
        "No\tSasaran Strategis\tIndikator Sasaran\tTarget\n"
        "1\tMeningkatnya kunjungan wisatawan\tJumlah kunjungan wisatawan mancanegara\t1.100.000 Orang\n"
    )
    recs = _scan(text).indicators
    assert [r.org_unit for r in recs] == ["Kepala Dinas Pariwisata dan Kebudayaan Provinsi Jawa Barat"]


def test_iku_rows_belong_to_the_named_unit_else_to_the_agency():
    assert {r.org_unit for r in _scan(IKU_WRAPPED_TITLE).indicators} == {"Dinas Kesehatan Provinsi Jawa Tengah"}
    unnamed = IKU_WRAPPED_TITLE.replace("Nama Unit Organisasi : Dinas Kesehatan Provinsi Jawa Tengah\n\n", "")
    assert {r.org_unit for r in _scan(unnamed).indicators} == {"Dinas Kesehatan Provinsi Jawa Tengah"}



def test_iku_agency_whose_title_wraps_after_a_connector_keeps_its_whole_name():
    text = (
        "KEPUTUSAN KEPALA DINAS PEKERJAAN UMUM DAN\n"
        "PENATAAN RUANG KABUPATEN CONTOH\n"
        "NOMOR 050/018/2022\n"
        "TENTANG\n"
        "PENETAPAN INDIKATOR KINERJA UTAMA (IKU) TAHUN 2022\n\n"
        "No\tSasaran Strategis\tIndikator Kinerja Utama\tTarget (%)\tFormulasi\n"
        "1\tMeningkatnya kualitas jalan\tTingkat kemantapan jalan\t85.17\tPanjang jalan mantap dibagi panjang jalan\n"
    )
    recs = _scan(text).indicators
    assert [r.org_unit for r in recs] == ["Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Contoh"]

def test_iku_of_the_regional_government_itself_belongs_to_that_government():
    text = (
        "INDIKATOR KINERJA UTAMA\n"
        "PEMERINTAH DAERAH PROVINSI CONTOH\n\n"
        "No\tSasaran\tIndikator Kinerja Utama\tSatuan\tKondisi Awal\tTarget 2018\n"
        "1\tMeningkatnya kualitas hidup\tIndeks Pembangunan Manusia\tpoin\t68,8\t72,5\n"
    )
    recs = _scan(text).indicators
    assert {r.org_unit for r in recs} == {"Pemerintah Provinsi Contoh"}
    # a dinas's own IKU keeps the dinas, though its letterhead names the government
    text = text.replace("PEMERINTAH DAERAH PROVINSI CONTOH", "DINAS KESEHATAN PROVINSI CONTOH")
    assert {r.org_unit for r in _scan(text).indicators} == {"Dinas Kesehatan Provinsi Contoh"}

def test_a_two_column_letterhead_read_across_gives_no_region():
    # OCR reads a logo, then "PEMERINTAH PROVINSI JAWA BARAT" beside "DINAS KOMUNIKASI DAN INFORMATIKA"
    text = (
        "NG q N: A DINAS PEMERINTAH KOMUNIKASI PROVINSI DAN JAWA INFORMATIKA BARAT Jalan Contoh No. 5\n"
        "KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA\n"
        "PROVINSI CONTOH RAYA\n"
        "NOMOR 050/018/2017\n"
        "TENTANG\n"
        "INDIKATOR KINERJA UTAMA TAHUN 2017\n\n"
        "No\tSasaran Strategis\tIndikator Kinerja Utama\tTarget (%)\n"
        "1\tMeningkatnya layanan informasi\tPersentase informasi publik tersampaikan\t90\n"
    )
    recs = _scan(text).indicators
    assert [r.org_unit for r in recs] == ["Dinas Komunikasi dan Informatika Provinsi Contoh Raya"]

def test_pk_first_party_whose_jabatan_lost_its_colon_in_ocr():
    text = PK.replace("Jabatan : Kepala Sub", "Jabatan Kepala Sub")
    recs = _scan(text).indicators
    assert {r.org_unit for r in recs} == {"Kepala Sub Bagian Umum dan Kepegawaian Dinas Pemuda dan Olahraga"}

# --- typed raw rows ---------------------------------------------------------------------------


def test_sumber_data_and_unnamed_printed_columns_reach_the_record():
    recs = _scan(IKU_WRAPPED_TITLE).indicators
    assert [r.sumber_data for r in recs] == ["Profil Kesehatan", "Laporan Kab/Kota"]
    text = (
        "PERJANJIAN KINERJA TAHUN 2024\n"
        "DINAS CONTOH KABUPATEN CONTOH\n\n"
        "No\tSasaran\tIndikator Kinerja\tTarget\tSumber Dana\n"
        "1\tMeningkatnya layanan\tPersentase layanan tepat waktu\t90%\tAPBD\n"
    )
    (rec,) = _scan(text).indicators
    assert rec.extra == {"sumber_dana": "APBD"}


# --- satuan -----------------------------------------------------------------------------------


def test_a_bare_percent_under_the_target_label_is_the_satuan():
    text = (
        "LAPORAN KINERJA DINAS CONTOH PROVINSI CONTOH TAHUN 2016\n\n"
        "No\tSasaran Program\tIndikator Kinerja\tTarget %\tRealisasi %\tCapaian %\n"
        "4\tMeningkatkan kelengkapan jalan\tProsentase ketersediaan fasilitas perlengkapan jalan\t21,00\t20,03\t95,00\n"
    )
    (rec,) = _scan(text).indicators
    assert (rec.satuan, rec.target, rec.realisasi) == ("persen", 21, 20.03)


def test_satuan_as_printed_from_the_value_cells_in_order():
    text = (
        "LAPORAN KINERJA DINAS CONTOH KABUPATEN CONTOH TAHUN 2016\n\n"
        "No\tSasaran\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\n"
        "1\tMeningkatnya akreditasi\tJumlah puskesmas terakreditasi\t64 PKM\t60\t93,75\n"
        "2\tMeningkatnya air baku\tKapasitas air baku tertampung\t5 meter kubik\t5\t100\n"
        "3\tMeningkatnya layanan\tJumlah LPK terakreditasi\t30\t21 LPK\t70\n"
    )
    recs = _scan(text).indicators
    assert [(r.satuan, r.target) for r in recs] == [("pkm", 64), ("meter kubik", 5), ("lpk", 30)]


def test_unit_column_wins_and_header_unit_comes_last():
    text = (
        "PERJANJIAN KINERJA TAHUN 2024\nDINAS CONTOH KABUPATEN CONTOH\n\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tTarget (Dok)\n"
        "1\tMeningkatnya perencanaan\tJumlah dokumen perencanaan\tNaskah\t3\n"
        "2\tMeningkatnya pelaporan\tJumlah laporan kinerja\t\t4\n"
        "3\tMeningkatnya arsip\tJumlah arsip tertata\t\t12 lembar\n"
    )
    recs = _scan(text).indicators
    assert [r.satuan for r in recs] == ["naskah", "dokumen", "lembar"]



def test_a_sat_column_is_the_satuan_and_a_split_superscript_unit_is_kept():
    text = (
        "LAPORAN KINERJA BALAI WILAYAH SUNGAI CONTOH TAHUN 2022\n\n"
        "No\tIndikator Kinerja\tSat\tTarget\tRealisasi\n"
        "1\tPertumbuhan industri manufaktur\tTriliun Rupiah\t185.80\t168.49\n"
        "2\tJumlah SDM IKM bersertifikat\t0rang\t3,000\t2,345\n"
        "\n## Tabel 2\n\n"
        "No\tIndikator Kinerja\tTarget\tRealisasi\n"
        "1\tJumlah kumulatif kapasitas tampung\t0,07096 Miliar m 3\t0,07096 Miliar m 3\n"
    )
    recs = _scan(text).indicators
    assert [r.satuan for r in recs] == ["triliun rupiah", "orang", "miliar m3"]
    assert recs[2].target == 0.07096

# --- numbers ----------------------------------------------------------------------------------


def test_grade_plus_value_takes_the_value_in_parentheses():
    text = (
        "LAPORAN KINERJA INSPEKTORAT KABUPATEN CONTOH TAHUN 2022\n\n"
        "No\tSasaran\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\n"
        "1\tMeningkatnya pengawasan\tMaturitas SPIP\tLevel 3 (3,35)\tLevel 3 (3,157)\t94,24%\n"
        "2\tMeningkatnya akuntabilitas\tNilai Evaluasi AKIP PD\tNilai A (83)\tNilai A (81,59)\t98,30%\n"
    )
    recs = _scan(text).indicators
    assert [(r.target, r.realisasi, r.satuan) for r in recs] == [(3.35, 3.157, "level"), (83, 81.59, "nilai")]


def test_capaian_printed_with_its_kriteria_is_split():
    text = (
        "LAPORAN KINERJA DINAS CONTOH KABUPATEN CONTOH TAHUN 2016\n\n"
        "No\tSasaran\tIndikator Kinerja\tTarget\tRealisasi\tKategori Penilaian\n"
        "1\tMeningkatnya penempatan\tPersentase serapan tenaga kerja\t87,45 %\t72,16 %\t82,51 % (Baik)\n"
    )
    (rec,) = _scan(text).indicators
    assert (rec.capaian, rec.kriteria) == (82.51, "Baik")


def test_decimal_separator_is_decided_per_document_and_recorded():
    text = (
        "CASCADING DINAS PEKERJAAN UMUM KABUPATEN CONTOH TAHUN 2022\n\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tMeningkatnya jalan\tTingkat kemantapan jalan\t%\t85.17\n"
        "2\tMeningkatnya drainase\tPersentase wilayah bebas genangan\t%\t84.50\n"
        "3\tMeningkatnya drainase\tPanjang drainase terbangun\tm\t12,000\n"
    )
    recs = _scan(text).indicators
    assert [r.target for r in recs] == [85.17, 84.5, 12000]
    assert any(c.rule == "decimal_separator" and c.to == "12000" for c in recs[2].corrections)
    # the same cell in a document that writes decimal commas is twelve
    comma = text.replace("85.17", "85,17").replace("84.50", "84,50")
    assert _scan(comma).indicators[2].target == 12



def test_a_table_that_writes_decimal_points_reads_its_comma_groups_as_thousands_in_a_mixed_document():
    text = (
        "LAPORAN KINERJA DINAS PERDAGANGAN KABUPATEN CONTOH TAHUN 2016\n\n"
        "Tabel 3.1 Capaian 2015\n\n"
        "No\tIndikator Kinerja\tTarget\tRealisasi\n"
        "1\tTerkendalinya inflasi daerah\t3\t0,79\n"
        "\n## Tabel 3.2 Capaian 2016\n\n"
        "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian (%)\n"
        "1\tPertumbuhan industri manufaktur\t185.80\t168.49\t90.68\n"
        "2\tJumlah unit usaha IKM\t202,955\t203,440\t100.24\n"
        "3\tJumlah koperasi aktif\t1.250\t1.310 Unit\t104.80\n"
    )
    recs = {r.indikator: r for r in _scan(text).indicators}
    # a count unit the row prints decides its own dotted cells, whatever the table does
    assert recs["Jumlah koperasi aktif"].target == 1250
    usaha = recs["Jumlah unit usaha IKM"]
    assert (usaha.target, usaha.realisasi) == (202955, 203440)
    assert any(c.rule == "decimal_separator" and c.to == "202955" for c in usaha.corrections)
    assert recs["Terkendalinya inflasi daerah"].realisasi == 0.79  # the other table keeps its comma


CAPAIAN_AS_ACHIEVED = (
    "LAPORAN KINERJA BALAI WILAYAH SUNGAI CONTOH TAHUN 2022\n\n"
    "No\tIndikator Kinerja\tTarget\tCapaian\tKeterangan\n"
    "1\tPenurunan luas kawasan terkena dampak banjir\t15,99 Ha\t15,99 Ha\tTercapai\n"
    "2\tJumlah potensi tenaga listrik\t2 MW\t2 MW\tTercapai\n"
    "3\tTingkat layanan prasarana SDA\t61%\t65,5%\tTercapai\n"
)


def test_a_capaian_column_printing_the_targets_units_is_the_realisasi():
    recs = _scan(CAPAIAN_AS_ACHIEVED).indicators
    assert [(r.realisasi, r.capaian) for r in recs] == [(15.99, None), (2, None), (65.5, None)]
    assert all(any(c.rule == "capaian_column_is_realisasi" for c in r.corrections) for r in recs)
    # a percentage beside a target with a unit: the column is a capaian, as printed
    mixed = CAPAIAN_AS_ACHIEVED.replace("2 MW\t2 MW", "2 MW\t100")
    kept = _scan(mixed).indicators
    assert [(r.realisasi, r.capaian) for r in kept] == [(None, 15.99), (None, 100), (None, 65.5)]

# --- budget lines -----------------------------------------------------------------------------

PK_WITH_LIST = PK + (
    "\nProgram Anggaran Keterangan\n"
    "1 Program Peningkatan\n"
    "Pengembangan Sistem Pelaporan Rp 177.792.500 APBD\n"
    "Capaian Kinerja dan Keuangan\n"
    "2 Program Pengembangan Nilai Budaya 15.199,500,000 APBD\n"
    "3 Program Kepemudaan dan APBN\n"
    "Rp 5.799.120.000\n"
    "Keolahragaan (Dekonsentrasi)\n\n"
    "Bandung, Juni 2023\n"
    "KEPALA DINAS PEMUDA DAN OLAHRAGA\n"
)


def test_a_borderless_program_list_under_a_pk_gives_budget_lines():
    lines = _scan(PK_WITH_LIST).budget
    assert [(b.name, b.anggaran, b.keterangan) for b in lines] == [
        ("Program Peningkatan Pengembangan Sistem Pelaporan Capaian Kinerja dan Keuangan", 177792500, "APBD"),
        ("Program Pengembangan Nilai Budaya", 15199500000, "APBD"),
        ("Program Kepemudaan dan Keolahragaan", 5799120000, "APBN Dekonsentrasi"),
    ]


def test_a_numbered_amount_list_right_under_a_pks_table_gives_budget_lines_without_a_header():
    text = PK + (
        "\n- Brucellosis (prevalensi/ %) 3\n"  # the table's last row, fallen out of it
        "1. Peningkatan Produksi Pertanian (APBD) Rp. 30.903.396.770,-\n"
        "2. Pencegahan dan Penanggulangan Penyakit, Tanaman, Ternak Rp.4.868.180.000,-\n"
        "dan Ikan (APBD)\n"
        "3. Pemenuhan Pangan Asal Ternak dan Agribisnis Peternakan Rp.51.727.133.000,-\n"
        "Rakyat (APBN)\n\n"
        "Bandung, Juni 2016\n"
        "PIHAK KEDUA,\n"
    )
    lines = _scan(text).budget
    assert [(b.name, b.anggaran, b.keterangan) for b in lines] == [
        ("Peningkatan Produksi Pertanian", 30903396770, "APBD"),
        ("Pencegahan dan Penanggulangan Penyakit, Tanaman, Ternak dan Ikan", 4868180000, "APBD"),
        ("Pemenuhan Pangan Asal Ternak dan Agribisnis Peternakan Rakyat", 51727133000, "APBN"),
    ]
    # one numbered line with an amount is a sentence; a list far below the table is not this list
    prose = PK + "\nCatatan:\n1. Belanja pegawai sebesar Rp. 1.234.567.000,- telah dibayarkan\n"
    assert _scan(prose).budget == []
    far = PK + "\nCatatan:\nBerikut rincian dana\nuntuk tahun berjalan\n" + text[len(PK):]
    assert _scan(far).budget == []


def test_a_program_list_whose_header_ocr_joined_to_its_first_item_and_an_unlabelled_total():
    text = PK + (
        "\nProgram Anggaran Keterangan 1. Program Penunjang Urusan Pemerintahan Daerah Rp. 23,665,554,229.00 APBD\n"
        "2. Program Pengelolaan Sumber Daya Air (SDA) Rp. 48,114,709,000.00 APBD\n"
        "3. Program Penataan Bangunan Gedung Rp. 500,000,000.00 APBD\n"
        "Rp. 72,280,263,229.00\n\n"
        "Purwodadi, 31 Januari 2022\n"
    )
    lines = _scan(text).budget
    assert [(b.name, b.anggaran, b.keterangan) for b in lines] == [
        ("Program Penunjang Urusan Pemerintahan Daerah", 23_665_554_229, "APBD"),
        ("Program Pengelolaan Sumber Daya Air (SDA)", 48_114_709_000, "APBD"),
        ("Program Penataan Bangunan Gedung", 500_000_000, "APBD"),
    ]


def test_a_merged_grouping_column_is_the_parent_of_the_innermost_lines():
    text = (
        "PERJANJIAN KINERJA TAHUN 2023\nDINAS CONTOH KABUPATEN CONTOH\n\n"
        "No\tKegiatan\t\tAnggaran (Rp)\tTotal Anggaran (Rp)\n"
        "1\tSekretariatan\tAdministrasi Keuangan Perangkat Daerah\t1.037.280.089\t1.081.165.389\n"
        "\t\tAdministrasi Umum Perangkat Daerah\t9.885.300\t\n"
        "\t\tPenyediaan Jasa Penunjang Urusan\t34.000.000\t\n"
    )
    lines = _scan(text).budget
    assert [(b.level, b.name, b.anggaran, b.parent) for b in lines] == [
        ("program", "Sekretariatan", 1081165389, None),
        ("kegiatan", "Administrasi Keuangan Perangkat Daerah", 1037280089, "Sekretariatan"),
        ("kegiatan", "Administrasi Umum Perangkat Daerah", 9885300, "Sekretariatan"),
        ("kegiatan", "Penyediaan Jasa Penunjang Urusan", 34000000, "Sekretariatan"),
    ]


def test_a_merged_grouping_column_stays_merged_when_the_signature_block_shares_its_table():
    # a Word PK whose signature block sits in the rows of the budget table, under the name columns
    text = (
        "PERJANJIAN KINERJA TAHUN 2023\nDINAS CONTOH KABUPATEN CONTOH\n\n"
        "No\tKegiatan\t\tAnggaran (Rp)\tTotal Anggaran (Rp)\n"
        "1\tSekretariatan\tAdministrasi Keuangan Perangkat Daerah\t1.037.280.089\t1.081.165.389\n"
        "\t\tAdministrasi Umum Perangkat Daerah\t9.885.300\t\n"
        "\t\tPenyediaan Jasa Penunjang Urusan\t34.000.000\t\n"
        "\tContoh, Januari 2023\t\t\t\n"
        "\tPIHAK KEDUA,\t\t\t\n"
        "\tDrs. NAMA PEJABAT, M.Si\t\t\t\n"
    )
    lines = _scan(text).budget
    assert [(b.level, b.name, b.anggaran, b.parent) for b in lines] == [
        ("program", "Sekretariatan", 1081165389, None),
        ("kegiatan", "Administrasi Keuangan Perangkat Daerah", 1037280089, "Sekretariatan"),
        ("kegiatan", "Administrasi Umum Perangkat Daerah", 9885300, "Sekretariatan"),
        ("kegiatan", "Penyediaan Jasa Penunjang Urusan", 34000000, "Sekretariatan"),
    ]


def test_a_range_keeps_its_text_unit_and_bounds():
    text = (
        "PERJANJIAN KINERJA TAHUN 2024\nDINAS CONTOH KABUPATEN CONTOH\n\n"
        "No\tSasaran\tIndikator Kinerja\tTarget\n"
        "1\tTerkendalinya inflasi\tTingkat inflasi\t5-6%\n"
    )
    (rec,) = _scan(text).indicators
    assert (rec.target_text, rec.satuan, rec.target_low, rec.target_high) == ("5-6%", "persen", 5, 6)


def test_a_baseline_column_is_the_realisasi_of_its_year_and_without_a_year_is_kept():
    text = (
        "RENCANA STRATEGIS DINAS CONTOH KABUPATEN CONTOH TAHUN 2014-2018\n\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tKondisi Awal 2013\tTarget 2014\n"
        "1\tMeningkatnya layanan\tPersentase layanan tepat waktu\t%\t60\t65\n\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tEksisting\tTarget 2014\n"
        "1\tMeningkatnya layanan\tPersentase layanan tepat waktu\t%\t60\t65\n"
    )
    recs = _scan(text).indicators
    assert [(r.year, r.target, r.realisasi, r.extra) for r in recs] == [
        (2013, None, 60, {}), (2014, 65, None, {}), (2014, 65, None, {"baseline": "60"}),
    ]


def test_renstra_end_column_year_applies_to_that_column_only():
    text = (
        "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) INSPEKTORAT KABUPATEN CONTOH TAHUN 2022\n\n"
        "BAB III AKUNTABILITAS KINERJA\n\nRenstra Perubahan 2018-2023 menetapkan sasaran.\n\n"
        "Tabel 3.5 Perbandingan Realisasi Kinerja sampai dengan Akhir Periode Renstra\n\n"
        "No\tSasaran\tIndikator Kinerja\tRealisasi 2022\tTarget Akhir Renstra\tCapaian Realisasi\n"
        "1\tMeningkatnya pengawasan\tMaturitas SPIP\tLevel 3 (3,157)\tLevel 3 (3,6)\t87,69%\n"
    )
    recs = _scan(text).indicators
    assert [(r.year, r.target, r.realisasi, r.capaian) for r in recs] == [(2022, None, 3.157, None), (2023, 3.6, 3.157, 87.69)]
