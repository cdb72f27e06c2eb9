"""Issue 16, stop 6: false-alarm classes found on real reports after combined kinerja+anggaran
tables and merged cells came in, and the unit checks that point at a row contradicting itself.
Each test holds the finding that must be raised beside the look-alike that must stay silent."""

from __future__ import annotations

from pathlib import Path

from docx import Document as Docx

from ingest.readers.text import read_text
from ingest.stitch import stitch_tables
from kinerja.pipeline import process_layout, scan_file
from schemas import BudgetLine, Document, IndicatorRecord
from validate.context import Context
from validate.cross_table import _budget_vs_indicators

HEAD = "**LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN 2025**\n\n**DINAS CONTOH**\n\n"


def _run(text: str):
    return process_layout(stitch_tables(read_text(HEAD + text, "t.txt")), "t" * 64, "t.txt").findings


def test_a_satuan_cell_against_the_unit_printed_with_its_own_figure():
    table = (
        "Tabel 3.1\nTarget Kinerja\n\nNo\tIndikator Kinerja\tSatuan\tTarget\n"
        "1\tKepuasan wajib pajak atas layanan\tIndeks\t75 %\n"
        "2\tPersentase wajib pajak tepat waktu\tPersen\t80 %\n"
        "3\tPersentase panjang saluran irigasi yang terbangun\t\t12 km\n"
        "4\tJumlah tenaga kerja terlatih\tOrang\t500 orang\n\n"
    )
    found = [(f.stated, f.indikator) for f in _run(table) if f.rule == "structure"]
    assert ("Indeks", "Kepuasan wajib pajak atas layanan") in found
    assert ("12 km", "Persentase panjang saluran irigasi yang terbangun") in found
    assert not [x for x in found if x[1].startswith(("Persentase wajib", "Jumlah tenaga"))]


def test_kegiatan_rows_the_reader_merged_into_one_cell_each_count_in_the_sum():
    def table(merged: str) -> str:
        return ("Tabel 3.9\nRealisasi Anggaran\n\nKode\tProgram/Kegiatan\tAnggaran (Rp)\tRealisasi (Rp)\n"
                "1\tProgram Pengembangan Transmigrasi\t1.000.000.000\t900.000.000\n"
                "1.01\tSosialisasi Program Transmigrasi\t400.000.000\t350.000.000\n"
                f"1.02 1.03\tPelaksanaan Kerjasama Pembinaan Masyarakat\t{merged}\t300.000.000 250.000.000\n\n")
    assert not [f for f in _run(table("350.000.000 250.000.000")) if f.rule == "sums"]
    wrong = [f for f in _run(table("350.000.000 150.000.000")) if f.rule == "sums"]
    assert [(f.severity, f.stated) for f in wrong] == [("error", "1.000.000.000")]


def test_a_paragraph_naming_one_program_is_not_held_against_the_whole_budget():
    budget = ("Tabel 3.7\nRealisasi Anggaran\n\nNo\tProgram\tAnggaran (Rp)\tRealisasi (Rp)\n"
              "1\tProgram Pelayanan Administrasi Perkantoran\t3.000.000.000\t2.500.000.000\n"
              "2\tProgram Pembangunan Jalan\t5.000.000.000\t4.000.000.000\n\n")
    named = ("Sasaran ini didukung oleh Program Pembangunan Jalan yang terdiri dari 3 kegiatan dengan alokasi "
             "anggaran sebesar Rp 5.500.000.000 dengan realisasi sebesar Rp 4.000.000.000 atau 72,73 %.\n\n")
    whole = ("Secara keseluruhan pagu anggaran dinas sebesar Rp 8.500.000.000 dengan realisasi sebesar "
             "Rp 6.500.000.000 atau 76,47 %.\n\n")
    assert not [f for f in _run(budget + named) if "jumlah 2 program" in f.message]
    assert [f.stated for f in _run(budget + whole) if "jumlah 2 program" in f.message] == ["8.500.000.000"]


def _rec(**kw) -> IndicatorRecord:
    return IndicatorRecord(record_id=kw.pop("record_id"), document_id="d" * 64, source_path="p.pdf", **kw)


def test_a_plan_rows_anggaran_is_compared_with_a_budget_line_of_the_same_year_only():
    doc = Document(document_id="d" * 64, source_path="p.pdf", status="ok")
    plan = [_rec(record_id=f"i{y}", indikator="Persentase sarana", program="Program Sarana Aparatur",
                 year=y, anggaran=a, table_index=4, row_index=6) for y, a in ((2023, 650e6), (2024, 975e6))]
    line = lambda rid, year, table, amount: BudgetLine(  # noqa: E731
        record_id=rid, document_id="d" * 64, source_path="p.pdf", level="program", name="Program Sarana Aparatur",
        anggaran=amount, table_index=table, row_index=6 if table == 4 else 1, extra={"year": year} if year else {})
    same_row = [line("b1", "2023", 4, 650e6), line("b2", "2024", 4, 975e6)]
    ctx = Context(document=doc, indicators=plan, budget=same_row + [line("b3", "2024", 9, 990e6), line("b4", None, 9, 700e6)])
    found = _budget_vs_indicators(ctx)
    assert [(f.stated, f.expected) for f in found] == [("990.000.000", "975.000.000")]


def test_a_capaian_merged_over_a_sasarans_rows_is_not_each_rows_own(tmp_path: Path):
    d = Docx()
    d.add_paragraph("LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2016")
    d.add_paragraph("Tabel 2. Tingkat Capaian Sasaran")
    rows = [("No", "Sasaran", "Indikator Sasaran", "Target", "Realisasi", "Capaian Sasaran"),
            ("1.", "Peningkatan ketersediaan pangan", "Skor Pola Pangan Harapan", "85", "86", "80,5"),
            ("", "", "Jumlah Tonase Cadangan Pangan", "450", "270", ""),
            ("2.", "Peningkatan keamanan pangan", "Persentase sampel pangan segar tersertifikat", "85", "98,5", "105,00")]
    t = d.add_table(rows=len(rows), cols=6)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    for j in (0, 1, 5):
        t.cell(1, j).merge(t.cell(2, j))
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 5).text = "1.", "Peningkatan ketersediaan pangan", "80,5"
    path = tmp_path / "lkjip.docx"
    d.save(path)
    capaian = [f for f in scan_file(path, ocr=False).findings if f.rule == "capaian" and f.severity == "error"]
    assert [f.stated for f in capaian] == ["105,00"]  # 98,5 / 85 = 115,88: the row's own capaian is checked
