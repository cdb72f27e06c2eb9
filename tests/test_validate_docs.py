"""Validators end to end on whole documents read by the pipeline: a clean control report where
every rule stays silent, the same report with one slip of each kind, and the Banjar LKjIP seed
whose slips were checked by hand."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.pipeline import scan_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "text"
CLEAN = SAMPLES / "checks_clean_lkjip.txt"
SLIPS = SAMPLES / "checks_slips_lkjip.txt"
BANJAR = SAMPLES / "004_22ba43ded69af889.txt"


def _line(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [n for n, text in enumerate(lines, start=1) if fragment in text]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


def _found(path: Path) -> set[tuple[str, str, int]]:
    result = scan_file(path)
    assert result.document.status == "ok", result.document.error
    assert not any("failed" in f.message and f.severity == "info" and "validator" in f.message for f in result.findings)
    return {(f.rule, f.severity, f.line) for f in result.findings}


def test_clean_report_only_notes_the_truncated_capaian():
    # lower-is-better rows computed both ways, capaian on every band edge, a range target, budgets
    # exact to the rupiah, figures rounded consistently across tables and paragraphs
    assert _found(CLEAN) == {("capaian", "info", _line(CLEAN, "66.66%"))}


def test_every_injected_slip_is_reported_where_it_was_printed():
    found = _found(SLIPS)
    L = lambda fragment: _line(SLIPS, fragment)  # noqa: E731
    accident = [n for n, t in enumerate(SLIPS.read_text(encoding="utf-8").split("\n"), start=1)
                if t.startswith("1\tAngka Kecelakaan Kerja")]
    expected = {
        ("capaian", "error", L("113.71%")),  # higher-is-better recomputed
        ("capaian", "error", L("Penduduk Miskin")),  # lower-is-better: neither form gives 80%
        ("kriteria", "error", L("Lembaga Pelatihan Aktif")),  # 75% is Sedang on the report's own scale
        ("structure", "warning", L("Yang Mendapatkan Informasi\t1000")),  # Jumlah ... in persen
        ("structure", "warning", L("5.1.0%")),  # unreadable value
        ("cross_table", "warning", L("5.35%")),  # another realisasi / capaian for the same indicator
        ("structure", "warning", L("80.30%")),  # percent on a Nilai indicator
        ("structure", "warning", L("4\tPersentase Pencari Kerja")),  # duplicated row
        ("structure", "warning", L("5 Dokumen\t5 Dokumen\t5 Dokumen")),  # unit in the capaian column
        ("sums", "error", L("128.21%")),  # efficiency is not capaian - serapan
        ("sums", "error", L("\tNILAI\t")),  # evaluation total is not the sum of its components
        ("sums", "error", L("1.110.000.001")),  # program is not the sum of its kegiatan
        ("budget", "error", L("95.00%")),  # percent does not follow from anggaran and realisasi
        ("budget", "warning", L("120.000.000")),  # realisasi above anggaran
        ("narrative", "warning", L("sebanyak 1.011")),  # list total is not the sum of its items
        ("narrative", "error", L("= 50.50")),  # division redone
        ("narrative", "error", L("Capaian 137.71%")),  # restated capaian recomputed
        ("narrative", "warning", L("Realisasi 2.67%")),  # paragraph against the tables
        ("narrative", "error", L("terdiri dari Rp 710")),  # parts of a whole
        # issue 16: the kinds of check added there
        ("narrative", "warning", L("Rp 250,000,000")),  # comma thousands against the budget line named
        ("sums", "error", L("70,00\t66,00")),  # growth column: 66 - 70 is -4, not 4
        ("sums", "error", L("400 + 601 = 1.011")),  # a calculation written in a cell
        ("capaian", "error", accident[0]),  # 'kecelakaan': lower is better, computed the other way round
        ("structure", "warning", accident[1]),  # the same row printed twice, one under the other
        ("cross_table", "warning", L("210.000.000")),  # a program's anggaran in two budget tables
        # stop 5: prose differences and remainders, satuan and capaian formula across tables
        ("narrative", "warning", L("lebih rendah 6 poin")),  # 100 - 91 is 9 points, not 6
        ("narrative", "warning", L("sisa anggaran sebesar Rp 40.000.000")),  # 500 - 450 million is 50
        ("cross_table", "warning", L("\tDokumen\t100%")),  # satuan Dokumen here, Persen in Tabel 3.2
        ("cross_table", "warning", L("131.58%")),  # 38/50 in Tabel 3.2, 50/38 here: one is the wrong way round
    }
    assert expected <= found, sorted(expected - found)
    # no error on a row that was left correct
    slip_lines = {line for _, _, line in expected} | {L("Pagu Anggaran")} | set(accident)
    assert {line for _, sev, line in found if sev == "error"} <= slip_lines


def test_banjar_lkjip_hand_checked_slips_and_no_error_on_correct_rows():
    found = _found(BANJAR)
    L = lambda fragment: _line(BANJAR, fragment)  # noqa: E731
    expected = {
        ("cross_table", "warning", L("Nilai SAKIP Perangkat Daerah\tNilai\t80.33\t100.03%")),  # 100.03 vs 100.04
        ("cross_table", "warning", L("Tenaga Kerja\tPersen\t5.35%\t214%")),  # 5.35% vs 5.27%
        ("cross_table", "warning", L("37.13%\t92.825%")),  # capaian 92.825% vs 92.5%
        ("cross_table", "warning", L("37.13%\t82.51%")),  # capaian 82.51% vs 82.22%
        ("capaian", "error", L("1762 Orang\t800 Orang\t800%")),  # 1762 / 800 = 220.25%
        ("capaian", "error", L("6.44%\t17.53%\t37.11%")),  # 6.44 / 17.53 = 36.74%
        ("sums", "error", L("100%\t88.88%\t1.12%")),  # efficiency 100 - 88.88 = 11.12
        ("sums", "error", L("5.954.732.500")),  # kegiatan is not the sum of its sub kegiatan
        ("sums", "error", L("Daerah Kabupaten/Kota\t6.771.413.758\t5.847.942.483")),  # program sum
        ("sums", "error", L("Kegiatan : Administrasi Umum Perangkat Daerah\t513")),  # realisasi off by 100.000
        ("cross_table", "warning", L("5.954.732.500")),  # 4.954.732.500 in the PK table
        ("budget", "warning", L("166.400.000\t170.025.000")),  # realisasi above anggaran (swapped)
        ("budget", "error", L("244.960.000\t244.831.564\t99.99%")),  # is 99.95%
        ("budget", "error", L("51.050.000\t21.507.500\t62.76%")),  # is 42.13%
        ("narrative", "warning", L("terdaftar sampai dengan TW IV sebanyak 1.762")),  # 515 + 1.274 = 1.789
    }
    assert expected <= found, sorted(expected - found)
    # realisasi 80% (Tabel 3.4, 3.5, 3.12) against 53.6% (Tabel 3.3, 3.6): placed on the minority
    messages = [f.message for f in scan_file(BANJAR).findings if f.rule == "cross_table" and f.severity == "warning"]
    assert any(m.startswith("Realisasi") and "80%" in m and "53.6%" in m for m in messages)
    # the realisasi table (Tabel 3.3) is right apart from truncations: no error or warning there
    first = L("Indikator Kinerja\tTarget\tSatuan\tRealisasi\tCapaian (%)\tKriteria")
    last = L("Terpeliharanya Sarana Dan Prasarana Sesuai Kebutuhan Perangkat Daerah\tPersentase Sarana Dan Prasarana Sesuai Kebutuhan Yang Berkualitas\t100%\tPersen\t100%\t100%\tSangat")
    assert not {(r, s, n) for r, s, n in found if first <= n <= last and s == "error"}
    assert ("capaian", "info", L("52,8%\tPersen\t53.6%\t101%")) in found  # 101.52% cut to 101%


def test_kinerja_check_prints_findings_and_filters_by_severity():
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(SLIPS), "--severity", "warning", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "capaian" in res.output and "does not follow" in res.output
    assert "truncated" not in res.output  # the info on the 66.66% row is below --severity warning
    res = runner.invoke(app, ["check", str(CLEAN)])
    assert res.exit_code == 0 and "0 error, 0 warning, 1 info" in res.output
    assert runner.invoke(app, ["check", str(CLEAN), "--severity", "loud"]).exit_code != 0
