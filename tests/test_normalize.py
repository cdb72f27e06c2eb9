"""The normalizer on real-looking rows: word repair with an audit trail, OCR'd numbers, the
thousands-or-decimal choice from neighbours, polarity, indicator keys, and the records built."""

import json

import pytest
from typer.testing import CliRunner

from ingest.extract import Extraction, RawIndicator
from kinerja.cli import app
from normalize.keys import indicator_key
from normalize.ocr import fix_homoglyphs, fix_percent_sign, fix_rupiah_prefix
from normalize.polarity import from_figures, infer_polarity
from normalize.reading import dot_is_decimal
from normalize.records import to_records
from normalize.repair import repair
from schemas import Provenance


# --- word repair ---

@pytest.mark.parametrize(
    "printed, repaired",
    [
        ("Presentase tenaga kerja yang ditempatkan", "Persentase tenaga kerja yang ditempatkan"),
        ("Prosentase OPD yang sesuai SOTK", "Persentase OPD yang sesuai SOTK"),
        ("Terlaksananya Perindugan PMI (Pra dan Purna Penempatan)", "Terlaksananya Perlindungan PMI (Pra dan Purna Penempatan)"),
        ("Persentase Adminirtrasi Kepegawian Perangkat Daerah", "Persentase Administrasi Kepegawaian Perangkat Daerah"),
        ("Meningkatnya Kopesertaan yang megikuti BPJS", "Meningkatnya Kepesertaan yang mengikuti BPJS"),
        ("Meningkatnya Penerimaan Perpanjangn IMTA", "Meningkatnya Penerimaan Perpanjangan IMTA"),
        ("Meningkatnya akuntabilitas Dinas Tenaga Keria", "Meningkatnya akuntabilitas Dinas Tenaga Kerja"),
        ("Manerapkan UMP menjadi UMK", "Menerapkan UMP menjadi UMK"),
        ("PERSENTASE PERUSAHAAA YANG DIBINA", "PERSENTASE PERUSAHAAN YANG DIBINA"),
        ("Angka Kematian Ibu (AK!) per 100.000 kelahiran hidup", "Angka Kematian Ibu (AKI) per 100.000 kelahiran hidup"),
    ],
)
def test_slips_are_repaired_keeping_case(printed, repaired):
    assert repair(printed)[0] == repaired


@pytest.mark.parametrize(
    "text",
    [
        "Jumlah LPK, BLK, PMI, UMK, SKPD, BMD, AKAD, IKM, TKA, IMTA, RKA dan DPA",  # abbreviations
        "Desa Galam, Rabah, Tabuk dan Cintapuri di Kabupaten Banjar",  # proper names
        "Layanan daring dan luring melalui homestay dan kuliner",  # real words the lexicon lacks
        "Perencanaan pelatihan (training need analysis) yang incremental",  # English kept as printed
        "Penyediaan Jasa Konsultansi Konstruksi",  # an extra consonant makes another real word
        "tidak sampai tahap penvidikan",  # two readings ('penyidikan', 'pendidikan'): left alone
        "Terkenda/inya pe~anjian",  # fragments of OCR-broken words
        "Jumlah SP2D dan 2a",
        "Gerakan Ayo Sekolah! dan SEHAT! di desa",  # exclamation marks as printed
    ],
)
def test_correct_words_names_and_doubtful_slips_are_left_alone(text):
    assert repair(text) == (text, ())


def test_every_fix_says_what_where_and_why():
    text, fixes = repair("Persentase Perselisiahn yang diselesaikan")
    assert text == "Persentase Perselisihan yang diselesaikan"
    (fix,) = fixes
    assert (fix.original, fix.replacement, fix.rule) == ("Perselisiahn", "Perselisihan", "lexicon_fuzzy")
    assert 0.8 <= fix.score < 1 and text[fix.start:fix.start + len(fix.replacement)] == "Perselisihan"


@pytest.mark.parametrize("printed, repaired", [
    ("Jumlah doku men perencanaan", "Jumlah dokumen perencanaan"),  # broken in a narrow cell, no hyphen
    ("Meningkatnya Parti sipasi perusahaan", "Meningkatnya Partisipasi perusahaan"),
    ("Kompetensi/K eterampilan", "Kompetensi/Keterampilan"),
    ("Persentase sarana t erpelihara", "Persentase sarana terpelihara"),
])
def test_a_word_broken_over_two_lines_is_joined(printed, repaired):
    text, fixes = repair(printed)
    assert text == repaired
    assert [f.rule for f in fixes] == ["split_word"]


@pytest.mark.parametrize("text", ["di laksanakan program", "per tahun anggaran", "pemerintah ber IMB", "kegiatan a. Belanja"])
def test_two_words_are_not_joined(text):
    assert repair(text) == (text, ())


# --- OCR'd numbers ---

def test_homoglyphs_inside_numbers_only():
    assert fix_homoglyphs("1O0%").text == "100%"
    assert fix_homoglyphs("2.5OO orang").text == "2.500 orang"
    assert fix_homoglyphs("l5 Dokumen").text == "15 Dokumen"
    assert fix_homoglyphs("2.5\u041e\u041e orang").text == "2.500 orang"  # Cyrillic capital O
    assert fix_homoglyphs("\u0422\u0444. 2.100.000") is None  # the prefix is not a number
    assert fix_homoglyphs("Orang 100") is None and fix_homoglyphs("Nilai 80") is None


def test_mangled_rupiah_prefix():
    assert fix_rupiah_prefix("Тф. 2.100.000", money_column=False).text == "Rp 2.100.000"
    assert fix_rupiah_prefix("Ro. 83.400.000", money_column=True) is None  # already read as Rupiah
    assert fix_rupiah_prefix("Kg. 2.100.000", money_column=False) is None  # a Latin word outside a money column
    assert fix_rupiah_prefix("Kp 2.100.000", money_column=True).text == "Rp 2.100.000"
    assert fix_rupiah_prefix("Тф. 80", money_column=True) is None  # not grouped like money


def test_percent_sign_read_as_digit_needs_percent_neighbours():
    row = ["74%", "75%", "80%", "859", "6 90°", "% 95%"]
    assert [fix_percent_sign(t, row) and fix_percent_sign(t, row).text for t in row] == [None, None, None, "85%", "90%", "95%"]
    row = ["35%", "40%", "419", "6 42°", "6 43%"]
    assert [fix_percent_sign(t, row) and fix_percent_sign(t, row).text for t in row[2:]] == ["41%", "42%", "43%"]
    assert fix_percent_sign("859", ["859"]) is None  # no context: kept as printed
    assert fix_percent_sign("859", ["12 orang", "15 orang"]) is None  # neighbours are not percents
    assert fix_percent_sign("359", ["74%", "75%", "80%"]) is None  # 35 does not fit among 74-80


def test_thousands_or_decimal_from_neighbours():
    assert dot_is_decimal(["3.75", "4.10"])[0] is True
    assert dot_is_decimal(["86,5"])[0] is False
    assert dot_is_decimal(["12.500.000"])[0] is False
    assert dot_is_decimal(["1250", "1300"])[0] is False
    assert dot_is_decimal(["4", "5"])[0] is True
    assert dot_is_decimal(["-"])[0] is None


# --- polarity ---

@pytest.mark.parametrize(
    "indikator, polarity",
    [
        ("Tingkat Pengangguran Terbuka", "lower_is_better"),
        ("Persentase penurunan angka pengangguran", "higher_is_better"),
        ("Persentase kasus hubungan industrial yang diselesaikan", "higher_is_better"),
        ("Angka Kematian Bayi", "lower_is_better"),
        ("Prevalensi stunting", "lower_is_better"),
        ("Rata-rata lama waktu penyelesaian perizinan", "lower_is_better"),
        ("Persentase daerah bebas banjir", "higher_is_better"),
        ("Indeks Pencapaian SPM Suburusan Bencana", "higher_is_better"),
        ("Jumlah dokumen perencanaan", "higher_is_better"),
    ],
)
def test_polarity_from_wording(indikator, polarity):
    assert infer_polarity(indikator)[0] == polarity


def test_polarity_evidence_order_and_source():
    assert infer_polarity("Laju inflasi", "3,5 ± 1") == ("range", "target:range")
    assert infer_polarity("Rasio dokter", context=("semakin rendah rasio semakin baik",)) == (
        "lower_is_better", "explicit:statement",
    )
    assert infer_polarity("Angka Kematian Ibu", polaritas="Maximize") == ("higher_is_better", "explicit:column")
    # the document's own figures: 80 target, 60 realisasi, capaian 125 fits only (2 - r/t)
    assert infer_polarity("Persentase sekolah", target=80, realisasi=60, capaian=125) == ("lower_is_better", "figures:capaian")
    assert from_figures(80, 60, 75) == "higher_is_better"
    assert from_figures(80, 80, 100) is None  # realisasi equal to target fits every formula
    assert from_figures(80, 60, 50) is None  # fits no formula: the figures decide nothing


# --- indicator keys ---

@pytest.mark.parametrize(
    "a, b",
    [
        ("Presentase Pencari Kerja yang Ditempatkan", "persentase penempatan pencari kerja"),
        ("Jumlah kebijakan yang disosialisasika n", "Jumlah kebijakan yang disosialisasikan"),
        ("c) Prevalensi Hipertensi", "3 Prevalensi Hipertensi"),
        ("AKI - Angka Kematian Ibu", "Angka Kematian Ibu (AKI)"),
        ("Persentase Perlindungan PMI", "Persentase Perlindungan PMI (%)"),
    ],
)
def test_same_indicator_same_key(a, b):
    assert indicator_key(a) == indicator_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Angka Kematian Ibu", "Angka Kematian Bayi"),
        ("Jumlah Tenaga Kerja yang Ditempatkan", "Persentase Tenaga Kerja yang Ditempatkan"),
        ("Persentase ASN dengan Diklat PIM III", "Persentase ASN dengan Diklat PIM IV"),
        ("Jumlah Dokumen RKA-SKPD", "Jumlah Dokumen Perubahan RKA-SKPD"),
    ],
)
def test_near_duplicates_keep_apart(a, b):
    assert indicator_key(a) != indicator_key(b)


# --- records: every change is a Correction, the printed text stays ---

def _raw(fields, row, line, year=None):
    return RawIndicator(
        fields=fields, year=year,
        prov=Provenance(page=1, line=line, table_index=0, row_index=row, source_text=" | ".join(fields.values())),
    )


def test_records_carry_corrections_and_keep_printed_text():
    extraction = Extraction(
        doc_type="pohon_kinerja",
        indicators=[
            *[
                _raw({"indikator": "Presentase tenaga kerja yang ditempatkan", "target": t}, 0, 34, year)
                for t, year in (("35%", 2022), ("40%", 2023), ("419", 2024), ("6 42°", 2025))
            ],
            _raw({"indikator": "Jumlah Perselisiahn", "target": "4.250", "realisasi": "3.75"}, 1, 35),
            _raw({"indikator": "Anggaran kegiatan", "anggaran": "Тф. 2.100.000"}, 2, 36),
        ],
    )
    records, _ = to_records(extraction, document_id="d" * 64, source_path="x.txt")
    assert [r.target for r in records[:4]] == [35, 40, 41, 42]
    r2024 = records[2]
    assert r2024.target_text == "419" and r2024.indikator_raw == "Presentase tenaga kerja yang ditempatkan"
    assert r2024.indikator == "Persentase tenaga kerja yang ditempatkan"
    rules = {(c.field, c.from_, c.to, c.rule) for c in r2024.corrections}
    assert ("target", "419", "41%", "ocr_percent_sign") in rules
    assert ("indikator", "Presentase", "Persentase", "spelling_variant") in rules
    perselisihan = records[4]
    assert perselisihan.target == pytest.approx(4.25)  # the realisasi beside it writes a decimal point
    assert ("target", "4.250", "4.25", "number_reading") in {(c.field, c.from_, c.to, c.rule) for c in perselisihan.corrections}
    assert records[5].anggaran == 2_100_000
    assert any(c.rule == "ocr_rupiah_prefix" for c in records[5].corrections)
    assert records[0].indicator_key == records[1].indicator_key
    assert all(c.model_dump(by_alias=True)["from"] for r in records for c in r.corrections)


def test_a_doubtful_number_stays_null_with_its_text():
    extraction = Extraction(doc_type="iku", indicators=[_raw({"indikator": "Persentase X", "target": "859"}, 0, 1)])
    (rec,), _ = to_records(extraction, document_id="e" * 64, source_path="y.txt")
    assert rec.target == 859 and rec.target_text == "859" and not rec.corrections  # no percent neighbours: as printed


# --- kinerja indicators ---

def test_indicators_command_groups_variants(tmp_path):
    doc = tmp_path / "pk.txt"
    doc.write_text(
        "INDIKATOR KINERJA UTAMA\n"
        "No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tMeningkatnya penempatan\tPresentase tenaga kerja yang ditempatkan\tPersen\t80\n"
        "2\tMeningkatnya penempatan\tPersentase Tenaga Kerja Ditempatkan\tPersen\t85\n"
        "3\tMeningkatnya penempatan\tJumlah tenaga kerja yang ditempatkan\tOrang\t120\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["scan", str(doc), "--out", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["indicators", str(out / "kinerja.sqlite"), "--json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)
    by_key = {g["key"]: g for g in groups}
    pct = by_key[indicator_key("Persentase tenaga kerja yang ditempatkan")]
    assert pct["count"] == 2 and pct["documents"] == 1
    assert {v["text"] for v in pct["variants"]} == {
        "Presentase tenaga kerja yang ditempatkan", "Persentase Tenaga Kerja Ditempatkan",
    }
    assert by_key[indicator_key("Jumlah tenaga kerja yang ditempatkan")]["count"] == 1
    table = runner.invoke(app, ["indicators", str(out / "kinerja.sqlite")])
    assert table.exit_code == 0 and "indicator keys" in table.output


def test_budget_lines_record_their_repairs_too():
    from ingest.extract import RawBudget

    extraction = Extraction(
        doc_type="pohon_kinerja",
        budget=[RawBudget(name="Penyediaan Jasa Surat Menyurat", anggaran="Тф. 2.100.000", prov=Provenance(page=1, line=266))],
    )
    _, (line,) = to_records(extraction, document_id="f" * 64, source_path="z.txt")
    assert line.anggaran == 2_100_000 and line.anggaran_text == "Тф. 2.100.000"
    assert [(c.field, c.to, c.rule) for c in line.corrections] == [("anggaran", "Rp 2.100.000", "ocr_rupiah_prefix")]


def test_a_polaritas_column_is_the_strongest_evidence(tmp_path):
    from kinerja.pipeline import scan_file

    doc = tmp_path / "iku.txt"
    doc.write_text(
        "INDIKATOR KINERJA UTAMA\n"
        "No\tSasaran\tIndikator Kinerja\tPolaritas\tSatuan\tTarget\n"
        "1\tMeningkatnya kesehatan\tRasio dokter terhadap penduduk\tMinimize\tRasio\t5\n"
        "2\tMeningkatnya kesehatan\tAngka Kematian Ibu\tMaximize\tAngka\t80\n"
        "3\tMeningkatnya kesehatan\tAngka Kematian Bayi\t\tAngka\t12\n",
        encoding="utf-8",
    )
    got = [(r.indikator, r.polarity, r.polarity_source) for r in scan_file(doc).indicators]
    assert got == [
        ("Rasio dokter terhadap penduduk", "lower_is_better", "explicit:column"),
        ("Angka Kematian Ibu", "higher_is_better", "explicit:column"),
        ("Angka Kematian Bayi", "lower_is_better", "wording:kematian"),
    ]
