"""DOCX: merged cells printed once (like a PDF), paragraphs with headings, explicit page breaks."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_BREAK

from ingest.readers.docx import read_docx
from kinerja.pipeline import scan_file


def _write(path) -> None:
    doc = Document()
    doc.add_paragraph().add_run("PERJANJIAN KINERJA TAHUN 2024").bold = True
    doc.add_paragraph("Dinas Kesehatan Kabupaten Lembah Hijau")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    t = doc.add_table(rows=4, cols=4)
    for j, h in enumerate(["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]):
        t.cell(0, j).text = h
    rows = [["1", "Menurunnya angka kematian ibu", "Angka Kematian Ibu", "98"],
            ["", "", "Angka Kematian Bayi", "8,5"],
            ["2", "Meningkatnya mutu layanan", "Persentase puskesmas terakreditasi", "40%"]]
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    t.cell(1, 1).merge(t.cell(2, 1))  # Sasaran over two indicators
    t.cell(1, 0).merge(t.cell(2, 0))
    doc.save(path)


def test_docx_merged_cells_come_once_then_empty(tmp_path):
    path = tmp_path / "pk.docx"
    _write(path)
    layout = read_docx(path)
    paragraphs = list(layout.paragraphs())
    assert paragraphs[0].heading and not paragraphs[1].heading
    (table,) = list(layout.tables())
    assert table.page == 2 and len(layout.pages) == 2
    assert [r.texts for r in table.rows[1:]] == [
        ["1", "Menurunnya angka kematian ibu", "Angka Kematian Ibu", "98"],
        ["", "", "Angka Kematian Bayi", "8,5"],
        ["2", "Meningkatnya mutu layanan", "Persentase puskesmas terakreditasi", "40%"],
    ]


def test_docx_scans_into_records_with_the_sasaran_carried_down(tmp_path):
    path = tmp_path / "pk.docx"
    _write(path)
    result = scan_file(path)
    assert result.document.status == "ok" and result.document.reader == "docx"
    by_name = {r.indikator: r for r in result.indicators}
    assert by_name["Angka Kematian Bayi"].sasaran == "Menurunnya angka kematian ibu"
    assert by_name["Angka Kematian Bayi"].target == 8.5
    assert by_name["Angka Kematian Bayi"].page == 2
