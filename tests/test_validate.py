"""Validator rules on records built by hand: each slip is found, and the correct rows around it
(rounded, truncated, lower-is-better both ways, band edges, rupiah-exact sums) stay silent."""

from __future__ import annotations

import pytest

from ingest.extract import ScaleBand
from ingest.readers.text import read_text
from schemas import BudgetLine, Document, IndicatorRecord
from validate import RULES, Context, validate
from validate.printed import decimals_of_text, printed

DOC = Document(document_id="d" * 64, source_path="lkjip.txt", status="ok", year=2025)
_n = iter(range(10**6))


def ind(indikator="Persentase Pencari Kerja Yang Ditempatkan", target=None, realisasi=None, capaian=None, **kw):
    """An indicator row as a table would print it: texts drive the numbers."""
    from normalize.keys import indicator_key
    from normalize.numbers import parse_percent, parse_quantity
    from normalize.polarity import infer_polarity

    n = next(_n)
    polarity = kw.pop("polarity", None) or infer_polarity(indikator, target)[0]
    rec = dict(
        record_id=f"r{n}", document_id=DOC.document_id, source_path=DOC.source_path, indikator=indikator,
        indicator_key=indicator_key(indikator), polarity=polarity,
        target_text=target, target=parse_quantity(target or "").value,
        realisasi_text=realisasi, realisasi=parse_quantity(realisasi or "").value,
        capaian_text=capaian, capaian=parse_percent(capaian or "").value,
        page=1, line=kw.pop("line", 10 + n), table_index=kw.pop("table_index", 1), row_index=kw.pop("row_index", n),
        section=kw.pop("section", "Tabel 3.3 Realisasi Kinerja"), source_text="row",
    )
    rec.update(kw)
    return IndicatorRecord(**rec)


def bud(name, level, anggaran, realisasi, persen=None, parent=None, **kw):
    n = next(_n)
    return BudgetLine(
        record_id=f"b{n}", document_id=DOC.document_id, source_path=DOC.source_path, name=name, level=level,
        anggaran=anggaran, realisasi=realisasi, persen=persen, persen_text=None if persen is None else f"{persen}%",
        parent_record_id=parent.record_id if parent else None, parent=parent.name if parent else None,
        page=2, line=100 + n, table_index=kw.pop("table_index", 9), row_index=n, source_text=name, **kw,
    )


def run(rule, indicators=(), budget=(), scale=(), layout=None, lang="id"):
    ctx = Context(DOC, list(indicators), list(budget), scale=list(scale), layout=layout, lang=lang)
    return RULES[rule](ctx)


# --- printed precision ------------------------------------------------------------------------

def test_printed_precision_reads_decimals_as_printed():
    assert decimals_of_text("80,30", 80.3) == 2
    assert decimals_of_text("1.762 Orang", 1762) == 0
    assert decimals_of_text("50.05%", 50.05) == 2
    assert decimals_of_text("Rp 12.081.204.858", 12081204858) == 0
    p = printed(50.05, "50.05")
    assert p.rounded()[0] < 50.045 + 1e-6 and p.rounded()[1] > 50.055 - 1e-6
    assert p.truncated()[0] <= 50.05 and p.truncated()[1] >= 50.06 - 1e-6


# --- capaian ----------------------------------------------------------------------------------

def test_capaian_correct_rows_are_silent():
    rows = [
        ind(target="38%", realisasi="50.05%", capaian="131.71%"),
        ind(target="24,06%", realisasi="29.71%", capaian="123,48%"),  # decimal comma and point mixed
        ind("Nilai SAKIP Perangkat Daerah", "80,30", "80,33", "100.04%"),
        ind("Nilai SAKIP Perangkat Daerah", "80,30", "80,33", "100%"),  # rounded consistently to 0 dp
        ind(target="40%", realisasi="37%", capaian="92.5%"),
        ind(target="2,5%", realisasi="5.27%", capaian="210.8%"),  # over-achievement is not an error
        ind("Tingkat Pengangguran Terbuka", "2,71%", "2.76%", "98.19%"),  # lower: target/realisasi
        ind("Persentase Penduduk Miskin", "8%", "9%", "87.5%"),  # lower: reflection form
        ind("Persentase Sampel Memenuhi Syarat", "80-90%", "85%", "100%"),  # inside a range target
        ind("Persentase Sampel Memenuhi Syarat", "80-90%", "95%", "105.56%"),  # above it: upper bound
        ind("Opini BPK", "WTP", "WTP", "100%"),
    ]
    assert run("capaian", rows) == []


def test_capaian_slip_is_an_error_with_the_expected_value_and_place():
    rec = ind(target="38%", realisasi="50.05%", capaian="113.71%", line=452)
    [f] = run("capaian", [rec])
    assert f.rule == "capaian" and f.severity == "error"
    assert f.expected == "131.71" and f.stated == "113.71%"
    assert f.line == 452 and f.record_ids == [rec.record_id]
    assert "131.71" in f.message and "Tabel 3.3" in f.message and "baris 452" in f.message


def test_capaian_lower_is_better_neither_form_fits_names_both():
    [f] = run("capaian", [ind("Persentase Penduduk Miskin", "8%", "9%", "80%")])
    assert f.severity == "error"
    assert "88.89" in f.message and "87.50" in f.message and "semakin rendah" in f.message


def test_capaian_truncation_and_whole_number_rounding_are_info_only():
    truncated = ind("Jumlah Pelaku Usaha Yang Dibina", "300 Orang", "200 Orang", "66.66%")
    whole = ind("Jumlah Pencari Kerja Yang Mendapatkan Informasi", "1000 Orang", "1762 Orang", "176%")
    found = run("capaian", [truncated, whole])
    assert [(f.severity, f.record_ids[0]) for f in found] == [("info", truncated.record_id), ("info", whole.record_id)]
    assert "dipotong" in found[0].message and "dibulatkan" in found[1].message


def test_capaian_other_polarity_formula_is_info_not_error():
    # wording says lower-is-better, the document computed realisasi/target: tell, do not accuse
    [f] = run("capaian", [ind("Tingkat Pengangguran Terbuka", "2,71%", "2.76%", "101.85%")])
    assert f.severity == "info" and "realisasi/target" in f.message


def test_capaian_ambiguous_separator_and_accounting_negatives_are_not_accused():
    # '3,900' may be 3.9 or 3900: the row fits with 3900, so the reading is in doubt, not the row
    assert run("capaian", [ind("Jumlah UTTP", "3,900", "928", "23.79")]) == []
    assert run("capaian", [ind("Nilai Ekspor", "3", "(3.14)", "(104.66)")]) == []
    assert run("capaian", [ind("Tingkat keterlambatan pelaporan", "2", "0", "1000")]) == []


def test_capaian_predikat_and_unit_cells():
    assert run("capaian", [ind("Nilai SAKIP", "A", "BB", "100%")])[0].severity == "warning"
    assert run("capaian", [ind("Jumlah Dokumen", "5 Dokumen", "5 Dokumen", "5 Dokumen")]) == []


def test_capaian_message_in_english():
    [f] = run("capaian", [ind(target="38%", realisasi="50.05%", capaian="113.71%")], lang="en")
    assert "does not follow" in f.message and "(p. 1, line" in f.message


# --- kriteria ---------------------------------------------------------------------------------

REPORT_SCALE = [
    ScaleBand(91, 100, "Sangat Tinggi"), ScaleBand(76, 90, "Tinggi"), ScaleBand(66, 75, "Sedang"),
    ScaleBand(51, 65, "Rendah"), ScaleBand(None, 50, "Sangat Rendah"),
]


@pytest.mark.parametrize("scale", [REPORT_SCALE, []], ids=["report scale", "common scale"])
def test_kriteria_band_edges_are_silent(scale):
    rows = [
        ind(target="100%", realisasi=f"{v}%", capaian=f"{v}%", kriteria=k)
        for v, k in [(91, "Sangat Tinggi"), (90, "Tinggi"), (76, "Tinggi"), (75, "Sedang"), (66, "Sedang"),
                     (65, "Rendah"), (51, "Rendah"), (50, "Sangat Rendah"), (131.71, "Sangat Tinggi")]
    ]
    assert run("kriteria", rows, scale=scale) == []


def test_kriteria_gap_between_printed_bands_takes_either_neighbour():
    rows = [ind(target="100%", realisasi="90.5%", capaian="90.5%", kriteria=k) for k in ("Tinggi", "Sangat Tinggi")]
    assert run("kriteria", rows, scale=REPORT_SCALE) == []


def test_kriteria_wrong_band_own_scale_error_common_scale_warning():
    rec = ind(target="40%", realisasi="30%", capaian="75%", kriteria="Tinggi")
    [own] = run("kriteria", [rec], scale=REPORT_SCALE)
    assert own.severity == "error" and own.expected == "Sedang" and "skala kriteria laporan" in own.message
    # without the report's scale a neighbouring band may be the report's own cut-off: only a
    # label two or more bands away is reported, as a warning
    assert run("kriteria", [rec]) == []
    [common] = run("kriteria", [ind(target="100%", realisasi="40%", capaian="40%", kriteria="Baik")])
    assert common.severity == "warning" and common.expected == "Sangat Rendah"
    # the common scale knows the Baik/Cukup family too; unknown words are left alone
    assert run("kriteria", [ind(target="40%", realisasi="30%", capaian="75%", kriteria="Cukup")]) == []
    assert run("kriteria", [ind(target="40%", realisasi="30%", capaian="75%", kriteria="Memuaskan")]) == []


def test_kriteria_mentions_band_of_recomputed_capaian():
    [f] = run("kriteria", [ind(target="100%", realisasi="60%", capaian="95%", kriteria="Tinggi")], scale=REPORT_SCALE)
    assert "Sangat Tinggi" in f.expected and "60.00%" in f.message and "Rendah" in f.message


# --- budget and sums --------------------------------------------------------------------------

def _tree(kegiatan_anggaran=600_000_001):
    prog = bud("Program : Penunjang Urusan", "program", 1_100_000_001, 1_000_000_001, 90.91)
    keg1 = bud("Kegiatan : Administrasi Keuangan", "kegiatan", kegiatan_anggaran, 550_000_001, 91.67, parent=prog)
    sub1 = bud("Sub Kegiatan : Gaji", "sub_kegiatan", 500_000_000, 460_000_000, 92.0, parent=keg1)
    sub2 = bud("Sub Kegiatan : Penatausahaan", "sub_kegiatan", 100_000_001, 90_000_001, 90.0, parent=keg1)
    keg2 = bud("Kegiatan : Administrasi Umum", "kegiatan", 500_000_000, 450_000_000, 90.0, parent=prog)
    sub3 = bud("Sub Kegiatan : Logistik", "sub_kegiatan", 500_000_000, 450_000_000, 90.0, parent=keg2)
    return [prog, keg1, sub1, sub2, keg2, sub3]


def _unlinked(lines):
    return [b.model_copy(update={"parent_record_id": None, "parent": None}) for b in lines]


def test_budget_tree_correct_to_the_rupiah_is_silent_with_or_without_links():
    assert run("sums", budget=_tree()) == [] and run("budget", budget=_tree()) == []
    assert run("sums", budget=_unlinked(_tree())) == []


def test_sums_parent_not_sum_of_children():
    for lines in (_tree(kegiatan_anggaran=600_000_002), _unlinked(_tree(kegiatan_anggaran=600_000_002))):
        found = run("sums", budget=lines)
        assert {(f.indikator, f.expected) for f in found} == {
            ("Program : Penunjang Urusan", "1.100.000.002"),  # its kegiatan now sum one rupiah more
            ("Kegiatan : Administrasi Keuangan", "600.000.001"),
        }
        assert all(f.severity == "error" for f in found)
        keg = next(f for f in found if f.indikator.startswith("Kegiatan"))
        assert len(keg.record_ids) == 3  # the kegiatan and its two sub kegiatan


def test_sums_belanja_lettered_lines_under_their_head():
    ok = [bud("Belanja Operasi", "belanja", 1_000, 900, 90.0), bud("a. Belanja Pegawai", "belanja", 600, 550, 91.67),
          bud("b. Belanja Barang dan Jasa", "belanja", 400, 350, 87.5), bud("Belanja Modal", "belanja", 100, 90, 90.0)]
    assert run("sums", budget=ok) == []
    bad = [ok[0].model_copy(update={"anggaran": 1_100.0, "persen": 81.82})] + ok[1:]
    [f] = run("sums", budget=bad)
    assert f.indikator == "Belanja Operasi" and f.expected == "1.000"


def test_budget_percent_and_overspending():
    lines = [
        bud("Sub Kegiatan : Rapat", "sub_kegiatan", 244_960_000, 244_831_564, 99.99),  # is 99.95
        bud("Sub Kegiatan : Cetak", "sub_kegiatan", 300, 200, 66.66),  # 66.666.. truncated
        bud("Sub Kegiatan : Verifikasi", "sub_kegiatan", 166_400_000, 170_025_000, 97.87),  # swapped
        bud("Sub Kegiatan : Job Fair", "sub_kegiatan", 143_860_000, 0, 0),
    ]
    found = run("budget", budget=lines)
    assert [(f.indikator, f.severity) for f in found] == [
        ("Sub Kegiatan : Rapat", "error"), ("Sub Kegiatan : Cetak", "info"), ("Sub Kegiatan : Verifikasi", "warning"),
    ]
    assert found[0].expected == "99.95"
    assert "tertukar" in found[2].message


def test_budget_columns_on_indicator_rows():
    ok = ind(anggaran=2_526_926_600, anggaran_realisasi=1_909_888_600, anggaran_capaian=75.58)
    bad = ind(anggaran=51_050_000, anggaran_realisasi=21_507_500, anggaran_capaian=62.76)
    [f] = run("budget", [ok, bad])
    assert f.record_ids == [bad.record_id] and f.expected == "42.13"


def test_efficiency_follows_the_tables_formula():
    rows = [ind(capaian=f"{c}%", serapan=s, efisiensi=e, table_index=7)
            for c, s, e in [(131.71, 85.70, 46.01), (123.48, 73.77, 49.71), (100, 88.88, 1.12), (100.04, 86.36, 13.68)]]
    [f] = run("sums", rows)
    assert f.record_ids == [rows[2].record_id] and f.expected == "11.12"
    # two rows, two formulas: nothing dominates, nothing is judged
    assert run("sums", [rows[0], ind(capaian="100%", serapan=80.0, efisiensi=125.0, table_index=8)]) == []


EVALUATION = """Tabel 3.9
Tabel Simpulan Hasil Evaluasi

KOMPONEN YANG DINILAI\t\tBOBOT\tNILAI
A\tPerencanaan Kinerja\t30\t25.03
B\tPengukuran Kinerja\t30\t23.65
C\tPelaporan Kinerja\t15\t12.01
D\tEvaluasi Internal\t25\t19.63
\t\tNILAI\t{total}
\t\tPREDIKAT\t{predikat}
"""


def test_evaluation_components_against_total_and_predikat():
    # 25.03 + 23.65 + 12.01 + 19.63 = 80.32; 80.33 is within the rounding of four figures
    assert run("sums", layout=read_text(EVALUATION.format(total="80.33", predikat="A"))) == []
    found = run("sums", layout=read_text(EVALUATION.format(total="81.32", predikat="BB")))
    assert [(f.severity, f.stated, f.expected) for f in found] == [("error", "81.32", "80.32"), ("error", "BB", "A")]
    assert found[0].line == 9  # the NILAI row


# --- cross_table ------------------------------------------------------------------------------

def test_cross_table_disagreement_is_a_warning_naming_both_tables():
    a = ind(target="52,8%", realisasi="53.6%", capaian="101%", table_index=1, section="Tabel 3.3 Realisasi")
    b = ind(realisasi="80%", capaian="151%", table_index=2, section="Tabel 3.4 Perbandingan", year=2025)
    c = ind(realisasi="53.6%", table_index=3, section="Tabel 3.6 Provinsi", year=2025)
    found = run("cross_table", [a, b, c])
    realisasi = next(f for f in found if f.message.startswith("Realisasi"))
    assert realisasi.severity == "warning" and realisasi.record_ids[0] == b.record_id
    assert "Tabel 3.3" in realisasi.message and "Tabel 3.4" in realisasi.message and "Tabel 3.6" in realisasi.message
    assert any(f.message.startswith("Capaian") and f.severity == "warning" for f in found)


def test_cross_table_precision_same_precision_and_truncation():
    sakip = "Nilai SAKIP Perangkat Daerah"
    rounded = [ind(sakip, capaian="100.04%", table_index=1), ind(sakip, capaian="100%", table_index=2)]
    assert run("cross_table", rounded) == []
    same_precision = [ind(sakip, capaian="100.04%", table_index=1), ind(sakip, capaian="100.03%", table_index=2)]
    assert [f.severity for f in run("cross_table", same_precision)] == ["warning"]
    ikki = "Nilai Indeks Kepatuhan Dan Kinerja Intern"
    truncated = [ind(ikki, capaian="106%", table_index=1), ind(ikki, capaian="106.67%", table_index=2)]
    assert [f.severity for f in run("cross_table", truncated)] == ["info"]


def test_cross_table_other_year_other_unit_stay_apart_and_typos_merge():
    apart = [
        ind(realisasi="50%", table_index=1, year=2025), ind(realisasi="40%", table_index=2, year=2024),
        ind(realisasi="30%", table_index=3, year=2025, org_unit="Bidang Penempatan"),
    ]
    assert run("cross_table", apart) == []
    typo = [
        ind("Persentase Fasilitas Perselisihan Hubungan Industrial Yang Diselesaikan", realisasi="100%", table_index=1),
        ind("Persentase Fasilitasi Perselisihan Hubungan Industrial yang diselesaikan", realisasi="90%", table_index=2),
    ]
    assert len(run("cross_table", typo)) == 1


def test_cross_table_anggaran_of_a_kegiatan_in_pk_and_budget_table():
    pk = ind(program="Kegiatan : Administrasi Keuangan Perangkat Daerah", anggaran=4_954_732_500, section="Tabel 2.3 PK")
    line = bud("Administrasi Keuangan Perangkat Daerah", "kegiatan", 5_954_732_500, 4_403_619_363)
    [f] = run("cross_table", [pk], [line])
    assert f.severity == "warning" and "4.954.732.500" in f.message and "5.954.732.500" in f.message


def test_cross_table_anggaran_orders_of_magnitude_apart_is_not_compared():
    """A Renstra row whose pagu column held a target (83) or a table in Rp juta is no contradiction."""
    line = bud("Program Kepegawaian Daerah", "program", 1_848_441_891, None)
    target_as_pagu = ind(program="PROGRAM KEPEGAWAIAN DAERAH", anggaran=83, section="Tabel 4.2 Renstra")
    in_juta = ind(program="Program Kepegawaian Daerah", anggaran=1_848, section="Tabel 3.1 (Rp juta)")
    assert run("cross_table", [target_as_pagu, in_juta], [line]) == []
    slip = ind(program="Program Kepegawaian Daerah", anggaran=1_948_441_891, section="Tabel 2.3 PK")
    assert len(run("cross_table", [slip], [line])) == 1


# --- structure --------------------------------------------------------------------------------

def test_structure_findings_and_clean_rows():
    clean = [ind("Nilai SAKIP Perangkat Daerah", "80,30", "80,33", "100.04%", satuan="nilai"),
             ind("Jumlah Pencari Kerja", "1000 Orang", "1762 Orang", "176%", satuan="orang"),
             ind("Persentase Lembaga", "N/A", "Proses Penilaian", None)]
    assert run("structure", clean) == []
    bad = [
        ind("Nilai SAKIP Perangkat Daerah", "80.30%", "80.33%", "100%"),
        ind("Jumlah Pencari Kerja", "1000", "1762", "176%", satuan="persen"),
        ind("Jumlah Dokumen Perencanaan", "5 Dokumen", "5 Dokumen", "5 Dokumen", satuan="dokumen"),
        ind("Persentase Mediasi", "100%", "5.1.0%", None),
        ind("Persentase Mediasi Berhasil", "100%", "90%", "90%", table_index=4, row_index=1),
        ind("Persentase Mediasi Berhasil", "100%", "90%", "90%", table_index=4, row_index=4),
    ]
    found = run("structure", bad)
    assert len(found) == 5, [f.message for f in found]
    assert any("persen" in f.message for f in found) and any("tidak dapat dibaca" in f.message for f in found)
    assert any("dua kali" in f.message for f in found) and any("5 Dokumen" in f.message for f in found)


# --- the runner -------------------------------------------------------------------------------

def test_a_failing_rule_becomes_an_info_finding_not_a_crash(monkeypatch):
    def broken(ctx):
        raise ValueError("boom")

    monkeypatch.setitem(RULES, "broken", broken)
    findings = validate(Context(DOC, [ind(target="38%", realisasi="50.05%", capaian="113.71%")], []))
    assert any(f.rule == "broken" and f.severity == "info" and "boom" in f.message for f in findings)
    assert any(f.rule == "capaian" and f.severity == "error" for f in findings)
    assert len({f.finding_id for f in findings}) == len(findings)


def test_cross_table_leaves_pohon_and_tables_without_readable_years():
    rows = [ind(realisasi="50%", table_index=1), ind(realisasi="40%", table_index=2)]
    pohon = Context(DOC.model_copy(update={"doc_type": "pohon_kinerja"}), rows, [])
    assert RULES["cross_table"](pohon) == []
    assert len(run("cross_table", rows)) == 1
    # a table that prints the indicator twice with different figures for one year has unread years
    unread = [ind(realisasi="94,00", table_index=3, row_index=1), ind(realisasi="88,11", table_index=3, row_index=5)]
    assert run("cross_table", [ind(realisasi="94,00", table_index=1), *unread]) == []


def test_an_indicator_repeated_under_many_sub_kegiatan_is_no_duplicate():
    """Renstra tables print one sub kegiatan per unit (puskesmas, RSUD), each with the same indicator
    and the same yearly target; only their pagu differs. That pattern is not a row printed twice."""
    per_unit = [ind("Jumlah Dokumen Operasional Pelayanan Puskesmas", "12", None, None, satuan="dokumen",
                    table_index=7, row_index=row) for row in (10, 14, 18, 22)]
    assert run("structure", per_unit) == []
    twice = [ind("Jumlah Dokumen Operasional Pelayanan Puskesmas", "12", None, None, satuan="dokumen",
                 table_index=7, row_index=row) for row in (10, 14)]
    assert [("dua kali" in f.message) for f in run("structure", twice)] == [True]
    # a row printed twice in a multi-year table is still two printed rows, however many years each carries
    yearly = [ind("Persentase Dokumen Perencanaan Tenaga Kerja", None, "68.42%", "100%", table_index=4,
                  row_index=row, year=year) for row in (17, 20) for year in (2023, 2024, 2025)]
    assert {("dua kali" in f.message) for f in run("structure", yearly)} == {True}


def test_budget_amount_with_broken_digit_grouping_is_named_not_recomputed():
    """'3.8000.000.000,00' with sisa and 82,26% fitting 3.8 milyar: the typo is the grouping, not the
    percent, so the rule names the malformed amount instead of an error at 38 milyar."""
    line = bud("Program Peningkatan Infrastruktur Perdesaan", "program", 38_000_000_000, 3_125_822_300, 82.26,
               anggaran_text="3.8000.000.000,00", realisasi_text="3.125.822.300,00")
    [f] = run("budget", budget=[line])
    assert f.severity == "warning" and "3.8000.000.000,00" in f.message and "pengelompokan" in f.message
    fine = bud("Program Peningkatan Infrastruktur Perdesaan", "program", 3_800_000_000, 3_125_822_300, 82.26,
               anggaran_text="3.800.000.000,00", realisasi_text="3.125.822.300,00")
    assert run("budget", budget=[fine]) == []


def test_cross_table_target_as_a_count_and_as_a_percent_is_no_contradiction():
    """'1 paket' in a kegiatan table and '100%' in the sasaran table measure one output two ways."""
    name = "Terlaksananya Penyediaan Prasarana Penyelenggaraan Pelayanan Publik"
    count = ind(name, target="1 paket", realisasi="1 paket", table_index=1, section="Tabel 3.5 Kegiatan")
    share = ind(name, target="100%", realisasi="100%", table_index=2, section="Tabel 3.2 Sasaran")
    assert run("cross_table", [count, share]) == []
    other = ind(name, target="2 paket", realisasi="1 paket", table_index=3, section="Tabel 3.7 Kegiatan")
    assert [f.message.split()[0] for f in run("cross_table", [count, other])] == ["Target"]


def test_program_percent_printed_as_the_mean_of_its_kegiatan_percents_is_info():
    """Some LKjIPs print a program's serapan as the plain mean of its kegiatan percents (84,5 and 55,8
    give 70,16), not realisasi/anggaran: a convention worth a note, not an error."""
    program = bud("PROGRAM PENYELENGGARAAN PENGAWASAN", "program", 630_395_770, 524_058_289, 70.16)
    kids = [bud("Penyelenggaraan Pengawasan Internal", "kegiatan", 600_664_770, 507_455_689, 84.5, parent=program),
            bud("Pengawasan dengan Tujuan Tertentu", "kegiatan", 29_731_000, 16_602_600, 55.8, parent=program)]
    for k, text in zip(kids, ("84,5", "55,8")):
        k.persen_text = text
    [f] = run("budget", budget=[program, *kids])
    assert f.severity == "info" and "rata-rata" in f.message
    program.persen = 75.0  # neither realisasi/anggaran (83,13) nor the mean (70,15)
    [f] = run("budget", budget=[program, *kids])
    assert f.severity == "error"
