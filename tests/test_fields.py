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
