"""Layouts no seed has: a Perjanjian Kinerja with a Rencana Aksi annex, a Renstra five-year table,
an Inspektorat LKjIP with captions below tables and footers inside tables, a cascading printing two
tiers side by side, an IKU decree with Alasan / Sumber Data / Penanggung Jawab columns.

Each sample is checked against its golden file (read by eye against the document), and the rules
that made them readable are tested on small tables of their own, so a rule holds beyond the
sample that showed it was missing.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

from make_expected import current, first_difference, golden  # noqa: E402

from ingest import extract, load  # noqa: E402
from ingest.columns import role_of  # noqa: E402
from ingest.layout import Paragraph, Table  # noqa: E402
from ingest.readers.text import read_text  # noqa: E402
from ingest.stitch import stitch_tables  # noqa: E402
from kinerja.pipeline import scan_file  # noqa: E402

TEXT = ROOT / "samples" / "text"
STEMS = [
    "unseen_pk_badan_rencana_aksi",
    "unseen_renstra_dinas_lima_tahun",
    "unseen_lkjip_inspektorat_pagu_sisa",
    "unseen_cascading_dua_tingkat",
    "unseen_iku_kota_pj_trailing",
    "unseen_lkjip_kecamatan_baris_sasaran",
]


def _doc(text: str):
    return extract(stitch_tables(read_text(text)))


@pytest.mark.parametrize("stem", STEMS)
def test_unseen_sample_matches_golden(stem):
    indicators, budget = current(stem)
    want, want_budget = golden(stem)
    assert indicators == want, first_difference(indicators, want)
    assert budget == want_budget, first_difference(budget, want_budget)


@pytest.mark.parametrize("stem", STEMS)
def test_unseen_samples_raise_no_finding_on_correct_rows(stem):
    result = scan_file(TEXT / f"{stem}.txt")
    assert result.document.status == "ok"
    assert [f for f in result.findings if f.severity == "error"] == []
    assert all(r.line and r.source_text and r.indikator for r in result.indicators)


def test_perjanjian_kinerja_tables_budget_and_rencana_aksi():
    result = scan_file(TEXT / "unseen_pk_badan_rencana_aksi.txt")
    doc = result.document
    assert (doc.doc_type, doc.year, doc.region) == ("perjanjian_kinerja", 2025, "Kabupaten Muara Lestari")
    pk = [r for r in result.indicators if r.line < 45]
    aksi = [r for r in result.indicators if r.line > 45]
    assert len(pk) == 5 and len(aksi) == 5  # a "---|---" rule row no longer cuts the table off its header
    assert [b.anggaran for b in result.budget] == [9845250000, 3120700000, 12965950000]
    first = aksi[0]
    assert first.target == 7.5 and first.keterangan == "TW I: 1,5 %, TW II: 3 %, TW III: 5,5 %, TW IV: 7,5 %"
    ikm = next(r for r in aksi if r.indikator.startswith("Indeks Kepuasan"))
    assert ikm.indikator.endswith("layanan pajak") and ikm.target == 82.5  # cut by the page break, joined


def test_renstra_tujuan_program_rows_and_baseline():
    result = scan_file(TEXT / "unseen_renstra_dinas_lima_tahun.txt")
    rows = result.indicators
    assert len(rows) == 8 * 6 and {r.year for r in rows} == set(range(2024, 2030))
    padi = [r for r in rows if r.indikator == "Produksi padi"]
    assert padi[0].year == 2024 and padi[0].realisasi == 182450 and padi[0].target is None
    assert padi[1].target == 185000 and padi[1].sasaran == "Meningkatnya produksi tanaman pangan"
    assert padi[1].parent_sasaran == "Meningkatkan produksi dan produktivitas pertanian"
    program = next(r for r in rows if r.indikator.startswith("Luas lahan sawah"))
    assert program.program.startswith("Program Penyediaan dan Pengembangan Prasarana")
    assert program.level == "program" and program.sasaran == "Meningkatnya nilai tambah hasil pertanian"
    pph = next(r for r in rows if r.indikator.startswith("Skor Pola Pangan"))
    assert pph.section.startswith("Tabel 5.1")  # continued past a repeated page footer


def test_inspektorat_lkjip_caption_below_footer_row_and_wrapped_indicator():
    result = scan_file(TEXT / "unseen_lkjip_inspektorat_pagu_sisa.txt")
    pk = [r for r in result.indicators if r.table_role == "perjanjian_kinerja"]
    assert len(pk) == 5 and pk[0].section.startswith("Tabel 2.1.")
    measured = [r for r in result.indicators if r.table_role == "realisasi_kinerja"]
    assert len(measured) == 5 and all(r.realisasi is not None and r.capaian is not None for r in measured)
    assert measured[2].capaian == 96.62 and measured[3].capaian == 125
    assert measured[4].indikator.endswith("mengikuti diklat teknis pengawasan")
    assert [b.persen for b in result.budget] == [96.14, 97.03, 97.18, 96.45]


def test_cascading_two_tiers_side_by_side_and_unit_names():
    rows = scan_file(TEXT / "unseen_cascading_dua_tingkat.txt").indicators
    top = rows[:5]
    assert [r.level for r in top] == [None, "program", "program", None, "program"]
    assert top[0].indikator == "Indeks SPBE" and top[0].target == 3.1
    assert top[1].program == "Program Aplikasi Informatika" and top[1].target == 80
    assert top[2].parent_sasaran == top[0].sasaran  # a program row under the sasaran above it
    assert {r.org_unit for r in rows[5:]} == {"SEKRETARIAT", "BIDANG APLIKASI INFORMATIKA"}


def test_iku_unit_in_name_and_trailing_penanggung_jawab():
    rows = scan_file(TEXT / "unseen_iku_kota_pj_trailing.txt").indicators
    assert len(rows) == 6
    assert rows[0].satuan == "persen" and rows[0].penanggung_jawab == "Bappeda"
    ipm = rows[3]
    assert ipm.formula.startswith("Rata-rata") and ipm.penanggung_jawab == "Bappeda"


def test_kecamatan_sasaran_rows_spanning_a_pipe_table_name_the_rows_under_them():
    rows = scan_file(TEXT / "unseen_lkjip_kecamatan_baris_sasaran.txt").indicators
    first = [r for r in rows if r.table_role == "realisasi_kinerja"]
    assert len(first) == 3 and not any(r.indikator.startswith("Sasaran") for r in rows)
    assert [r.sasaran for r in first] == [
        "Meningkatnya kualitas pelayanan administrasi kecamatan",
        "Meningkatnya kualitas pelayanan administrasi kecamatan",
        "Meningkatnya partisipasi masyarakat dalam pembangunan",
    ]
    assert len([r for r in rows if r.table_role == "perbandingan_tahun"]) == 9


# --- the general rules, on small tables of their own ---


def test_pipe_rule_row_without_outer_pipes_keeps_header_and_rows_together():
    layout = read_text("No\tIndikator\tTarget\n---|---|---\n1\tA\t5\n2\tB\t6\n")
    assert [type(b).__name__ for b in layout.blocks] == ["Table"] and len(layout.blocks[0].rows) == 3


def test_quarter_headers_are_staged_targets_not_the_year_target():
    assert role_of("TW II") == role_of("Triwulan IV") == role_of("Trw. 3") == "triwulan"
    ex = _doc("No\tIndikator\tTarget\tTarget Triwulan\n\t\t\tTW I\tTW II\n1\tRasio X\t40\t10\t20\n")
    (raw,) = ex.indicators
    assert raw.fields["target"] == "40" and raw.fields["keterangan"] == "TW I: 10, TW II: 20"


def test_footer_between_table_halves_does_not_stop_the_join():
    text = (
        "No\tIndikator\tSatuan\tTarget\tRealisasi\n1\tA\t%\t5\t6\n\n"
        "Dinas Contoh - Laporan Kinerja 2024\t7\n\n2\tB\t%\t8\t9\n"
    )
    layout = stitch_tables(read_text(text))
    tables = list(layout.tables())
    assert len(tables) == 1 and len(tables[0].rows) == 3
    assert any(isinstance(b, Paragraph) and b.text.endswith("7") for b in layout.blocks)


def test_a_label_between_two_tables_still_separates_them():
    text = "No\tIndikator\tTarget\n1\tA\t5\n\nBIDANG PELAYANAN\n\nNo\tIndikator\tTarget\n1\tB\t6\n"
    assert len(list(stitch_tables(read_text(text)).tables())) == 2


def test_kondisi_awal_is_the_baseline_year_realisasi():
    ex = _doc("Indikator\tKondisi Awal (2020)\tTarget 2021\tTarget 2022\nRasio X\t10\t12\t14\n")
    got = [(r.year, r.fields.get("realisasi"), r.fields.get("target")) for r in ex.indicators]
    assert got == [(2020, "10", None), (2021, None, "12"), (2022, None, "14")]


def test_wrapped_indicator_row_joins_but_an_indicator_without_target_stays():
    ex = _doc(
        "No\tIndikator\tTarget\tRealisasi\n1\tPersentase desa yang\t5\t6\n\tmemiliki dokumen\t\t\n"
        "2\tRasio Y\t7\t8\n\tIndeks Z\t\t\n"
    )
    names = [r.fields["indikator"] for r in ex.indicators]
    assert names == ["Persentase desa yang memiliki dokumen", "Rasio Y", "Indeks Z"]


def test_caption_below_is_used_only_when_no_table_follows_it():
    text = (
        "LAPORAN KINERJA\nBAB III\n\nNo\tIndikator\tTarget\tRealisasi\n1\tA\t5\t6\n\nTabel 3.1 Capaian A\n\n"
        "BAB IV\n\nTabel 4.1\nCapaian B\n\nNo\tIndikator\tTarget\tRealisasi\n1\tB\t5\t6\n"
    )
    ex = extract(stitch_tables(read_text(text)), "lkjip")
    assert [r.section for r in ex.indicators] == ["Tabel 3.1 Capaian A", "Tabel 4.1 Capaian B"]


def test_program_rows_in_a_generic_table_keep_the_sasaran_above():
    ex = _doc(
        "RENCANA STRATEGIS\n\nSasaran\tIndikator\tTarget 2025\tTarget 2026\n"
        "Meningkatnya X\tIndeks X\t1\t2\nProgram Y\tJumlah Y\t3\t4\n"
    )
    program = [r for r in ex.indicators if r.fields.get("program")]
    assert len(program) == 2 and all(r.fields["sasaran"] == "Meningkatnya X" and r.level == "program" for r in program)


def test_two_tiers_side_by_side_in_a_generic_table():
    ex = _doc(
        "Sasaran\tIndikator\tTarget\tProgram\tIndikator Program\tTarget\n"
        "Meningkatnya X\tIndeks X\t1\tProgram Y\tJumlah Y\t3\n\t\t\tProgram Z\tJumlah Z\t4\n"
    )
    got = [(r.level, r.fields.get("indikator"), r.fields.get("target"), r.parent_sasaran) for r in ex.indicators]
    assert got == [
        (None, "Indeks X", "1", None),
        ("program", "Jumlah Y", "3", "Meningkatnya X"),
        ("program", "Jumlah Z", "4", "Meningkatnya X"),
    ]


def test_samples_are_text_tables_not_special_cased():
    layout = load(TEXT / "unseen_cascading_dua_tingkat.txt")
    assert sum(isinstance(b, Table) for b in layout.blocks) == 3


def test_header_labels_wrapped_onto_a_second_row_are_one_label():
    for second in ("\tStrategis\tKinerja\t", "\tStrategis\tKinerja\t2025"):
        ex = _doc(f"PERJANJIAN KINERJA\n\nNo\tSasaran\tIndikator\tTarget\n{second}\n1\tMeningkatnya X\tIndeks X\t80\n")
        (raw,) = ex.indicators
        assert raw.fields == {"sasaran": "Meningkatnya X", "indikator": "Indeks X", "target": "80"}
    pohon = _doc(
        "**POHON KINERJA DINAS X**\n\n**KEPALA DINAS**\n\nNo\tSasaran\tIndikator\tSatuan\tTarget\n"
        "\tStrategis\tKinerja\t\t\n1\tMeningkatnya X\tIndeks X\tIndeks\t80\n"
    )
    (raw,) = pohon.indicators
    assert raw.fields["indikator"] == "Indeks X" and raw.section == "Sasaran Strategis"


def test_kondisi_awal_without_a_year_is_no_realisasi_and_yearless_capaian_is_the_last_years():
    lkjip = _doc(
        "# LAPORAN KINERJA DINAS X TAHUN 2024\n\nBAB I\nPENDAHULUAN\n\n"
        "No\tIndikator\tKondisi Awal\tTarget 2024\tRealisasi 2024\tCapaian (%)\n1\tIndeks X\t70\t80\t84\t105\n"
    )
    (raw,) = lkjip.indicators
    assert (raw.fields["realisasi"], raw.fields["capaian"], raw.year) == ("84", "105", 2024)
    renstra = _doc(
        "RENSTRA\n\nIndikator\tKondisi Awal (2018)\tTarget 2022\tTarget 2023\tRealisasi 2023\tCapaian (%)\n"
        "Indeks X\t70\t75\t80\t84\t105\n"
    )
    got = {r.year: r.fields for r in renstra.indicators}
    assert "capaian" not in got[2018] and "capaian" not in got[2022] and got[2023]["capaian"] == "105"


def test_funding_source_and_work_unit_headers_are_not_amounts_or_units():
    assert role_of("Sumber Dana") == role_of("Sumber Pendanaan") == "sumber_dana"
    assert role_of("Satuan Kerja") == role_of("Unit Kerja") == role_of("OPD Pengampu") == "penanggung_jawab"
    ex = _doc(
        "**PERJANJIAN KINERJA TAHUN 2025**\n\nNo\tIndikator\tTarget\tAnggaran (Rp)\tSumber Dana\tUnit Kerja\n"
        "1\tIndeks X\t80\t1.250.000.000\tAPBD\tBidang X\n"
    )
    (raw,) = ex.indicators
    assert raw.fields["anggaran"] == "1.250.000.000" and raw.fields["penanggung_jawab"] == "Bidang X"


def test_generic_caption_printed_below_the_table():
    ex = _doc(
        "**PERJANJIAN KINERJA TAHUN 2025**\n\nNo\tSasaran\tIndikator\tTarget\n1\tMeningkatnya X\tIndeks X\t80\n\n"
        "Tabel 1. Sasaran dan Target Kinerja 2025\n\n"
        "Demikian perjanjian ini dibuat dengan sebenar-benarnya untuk dilaksanakan dengan penuh tanggung jawab oleh kedua belah pihak.\n"
    )
    assert ex.indicators[0].section == "Tabel 1. Sasaran dan Target Kinerja 2025"


def test_budget_rows_spaced_total_and_fused_kegiatan_label():
    ex = _doc(
        "**PERJANJIAN KINERJA TAHUN 2017**\n\nNo\tProgram\tAnggaran (Rp)\n"
        "1\tProgram Pelayanan Administrasi Perkantoran\t20.000.000\n\tKegiatanPenyediaan Jasa Kantor\t5.000.000\n"
        "\tJ U M L A H\t20.000.000\n"
    )
    got = [(b.level, b.name) for b in ex.budget]
    assert got == [
        ("program", "Program Pelayanan Administrasi Perkantoran"),
        ("kegiatan", "Kegiatan Penyediaan Jasa Kantor"),
        ("total", "J U M L A H"),
    ]


def test_average_row_under_an_indicator_table_is_no_record():
    ex = _doc(
        "PERJANJIAN KINERJA\n\nSasaran\tIndikator\tTarget\tRealisasi\tCapaian\n"
        "Meningkatnya X\tIndeks X\t80\t84\t105\nRata-rata capaian\t\t\t\t105\n"
    )
    assert [r.fields["indikator"] for r in ex.indicators] == ["Indeks X"]


def test_capaian_of_a_row_holding_several_sub_indicators_is_not_called_wrong():
    from kinerja.pipeline import process_layout

    text = (
        "# LAPORAN KINERJA DINAS X TAHUN 2024\n\nBAB I\nPENDAHULUAN\n\n"
        "No\tIndikator\tTarget\tRealisasi\tCapaian (%)\n"
        "1\tTingkat konsumsi pangan a. energi b. protein\t100 2.050 56\t2.165 (105,60) 60,5 (108,03)\t106,8\n"
        "2\tIndeks X\t80\t84\t90\n"
    )
    result = process_layout(stitch_tables(read_text(text)), "doc", "<text>")
    errors = [f for f in result.findings if f.rule == "capaian" and f.severity == "error"]
    assert [f.indikator for f in errors] == ["Indeks X"]  # the wrong single row is still caught


def test_unit_names_in_capitals_are_labels_but_document_parts_are_not():
    from ingest.extract.pohon_units import level_of, looks_like_label

    assert looks_like_label("SEKRETARIAT") and level_of("SEKRETARIAT") == "eselon_iii"
    assert looks_like_label("SUB BAGIAN UMUM DAN KEPEGAWAIAN") and level_of("SUB BAGIAN UMUM") == "eselon_iv"
    assert looks_like_label("BIDANG APLIKASI INFORMATIKA")
    assert not looks_like_label("BAGIAN II") and not looks_like_label("Bidang aplikasi mempunyai tugas")


def test_merged_sasaran_printed_mid_group_and_wrapped_sasaran():
    mid = _doc(
        "**PERJANJIAN KINERJA TAHUN 2025**\n\nNo\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
        "1\tMeningkatnya A\tIndeks A\t80\n2\t\tIndeks D\t70\n\tMeningkatnya D\tRasio E\t9\n"
    )
    assert [r.fields["sasaran"] for r in mid.indicators] == ["Meningkatnya A", "Meningkatnya D", "Meningkatnya D"]
    wrapped = _doc(
        "**PERJANJIAN KINERJA TAHUN 2025**\n\nNo\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
        "1\tMeningkatnya kualitas\tIndeks A\t80\n\tpelayanan publik\tRasio B\t5\n"
        "2\tMeningkatnya X\tIndeks X\t1\n\tterlaksananya Y\tIndeks Y\t2\n"
    )
    assert [r.fields["sasaran"] for r in wrapped.indicators] == [
        "Meningkatnya kualitas pelayanan publik", "Meningkatnya kualitas pelayanan publik",
        "Meningkatnya X", "terlaksananya Y",
    ]
