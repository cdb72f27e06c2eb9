"""Hostile and damaged files: entity bombs and XXE never expanded, zip bombs refused, sheets that
span the whole grid read in a blink, formulas never evaluated (and missing values said), damaged
and encrypted PDFs, legacy .doc/.xls through LibreOffice."""

import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pymupdf
import pytest
from docx import Document as WordDocument
from openpyxl import Workbook

from ingest import readers
from ingest.readers import ooxml_guard
from kinerja.pipeline import scan_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PDF = SAMPLES / "pdf" / "000_f36b6918ad0a50f1.pdf"

_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lollollollol">'
    + b"".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode() for p, n in zip("abcdefg", "bcdefgh"))
    + b'<!ENTITY x SYSTEM "file:///etc/passwd">]>'
)


def _rewrite(src: Path, dst: Path, member: str, fn) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, fn(data) if info.filename == member else data)


def _with_bomb(data: bytes, old: bytes, new: bytes) -> bytes:
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    assert old in body
    return _BOMB + body.replace(old, new)


def _workbook(path: Path, target="=B2*2") -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Indikator Kinerja", "Satuan", "Target"])
    ws.append([1, "Persentase layanan tepat waktu", "%", 80])
    ws.append([2, "Jumlah dokumen perencanaan", "dokumen", target])  # openpyxl stores no value for it
    ws.append([3, "Indeks kepuasan masyarakat", "indeks", 82])
    wb.save(path)


def _word(path: Path) -> None:
    doc = WordDocument()
    doc.add_paragraph().add_run("PERJANJIAN KINERJA TAHUN 2024").bold = True
    t = doc.add_table(rows=3, cols=4)
    for i, row in enumerate([["No", "Sasaran Strategis", "Indikator Kinerja", "Target"],
                             ["1", "Menurunnya angka kematian ibu", "Angka Kematian Ibu", "98"],
                             ["2", "Meningkatnya mutu layanan", "Angka Kematian Bayi", "8,5"]]):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    doc.save(path)


def test_a_formula_without_a_stored_value_is_a_finding_and_never_evaluated(tmp_path):
    _workbook(tmp_path / "f.xlsx")
    result = scan_file(tmp_path / "f.xlsx")
    by_name = {r.indikator: r.target for r in result.indicators}
    assert by_name == {"Persentase layanan tepat waktu": 80, "Jumlah dokumen perencanaan": None,
                       "Indeks kepuasan masyarakat": 82}
    (f,) = [f for f in result.findings if f.rule == "reader"]
    assert f.severity == "warning" and f.page == 1 and "D3" in f.message and "never evaluated" in f.message


def test_entity_bombs_and_xxe_are_never_expanded(tmp_path):
    _workbook(tmp_path / "ok.xlsx", target=2)
    _rewrite(tmp_path / "ok.xlsx", tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml",
             lambda d: _with_bomb(d, b"<t>Persentase layanan tepat waktu</t>", b"<t>&h;&x;</t>"))
    _word(tmp_path / "ok.docx")
    _rewrite(tmp_path / "ok.docx", tmp_path / "bomb.docx", "word/document.xml",
             lambda d: _with_bomb(d, b"Angka Kematian Bayi", b"Angka &h;&x; Bayi"))
    start = time.monotonic()
    xlsx, docx = scan_file(tmp_path / "bomb.xlsx"), scan_file(tmp_path / "bomb.docx")
    assert time.monotonic() - start < 5
    assert xlsx.document.status == "skipped" and "entities are never expanded" in xlsx.document.error
    assert docx.document.status in {"skipped", "failed"} and docx.document.error
    for r in (xlsx, docx):
        assert not any("lol" in (i.indikator or "") or "root:" in (i.indikator or "") for i in r.indicators)


def test_a_zip_part_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ooxml_guard, "MAX_PART_MB", 1)
    _word(tmp_path / "ok.docx")
    _rewrite(tmp_path / "ok.docx", tmp_path / "big.docx", "word/document.xml", lambda d: d + b" " * (2 << 20))
    doc = scan_file(tmp_path / "big.docx").document
    assert doc.status == "skipped" and "too large to read safely" in doc.error and "word/document.xml" in doc.error


def test_sheets_spanning_the_whole_grid_are_read_in_a_blink(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B2"] = "Indikator", "Target"
    wb.save(tmp_path / "small.xlsx")
    grow = lambda d: d.replace(b"B2", b"XFD1048576").replace(b"A1:B2", b"A1:XFD1048576")  # noqa: E731
    _rewrite(tmp_path / "small.xlsx", tmp_path / "corner.xlsx", "xl/worksheets/sheet1.xml", grow)
    ws.merge_cells("C3:D4")
    wb.save(tmp_path / "merge.xlsx")
    _rewrite(tmp_path / "merge.xlsx", tmp_path / "merged.xlsx", "xl/worksheets/sheet1.xml",
             lambda d: d.replace(b'ref="C3:D4"', b'ref="A1:XFD1048576"'))
    start = time.monotonic()
    corner, merged = scan_file(tmp_path / "corner.xlsx"), scan_file(tmp_path / "merged.xlsx")
    assert time.monotonic() - start < 5
    assert corner.document.status == "ok" and "XFD1048576" in corner.document.note
    assert "2 filled rows" in corner.document.note
    assert merged.document.status == "ok" and "merged range A1:XFD1048576" in merged.document.note


def test_a_damaged_pdf_is_repaired_with_a_warning(tmp_path):
    clean = scan_file(PDF)
    data = PDF.read_bytes()
    i = data.rindex(b"startxref")
    (tmp_path / "bad_xref.pdf").write_bytes(data[:i] + b"startxref\n999999\n%%EOF\n")
    result = scan_file(tmp_path / "bad_xref.pdf")
    assert result.document.status == "ok" and "damaged PDF repaired by" in result.document.note
    assert any(f.rule == "reader" and f.severity == "warning" and "may be missing" in f.message for f in result.findings)
    assert len(result.indicators) == len(clean.indicators)
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    cut = scan_file(tmp_path / "cut.pdf").document
    assert cut.status != "ok" and "damaged PDF" in cut.error


def test_an_encrypted_pdf_opens_when_its_user_password_is_empty(tmp_path):
    doc = pymupdf.open(PDF)
    doc.save(tmp_path / "open.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="")
    doc.save(tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    opened, locked = scan_file(tmp_path / "open.pdf"), scan_file(tmp_path / "locked.pdf")
    assert opened.document.status == "ok" and len(opened.indicators) == len(scan_file(PDF).indicators)
    assert locked.document.status == "skipped" and "needs a password" in locked.document.error


_HTML = (
    "<html><body><p><b>PERJANJIAN KINERJA TAHUN 2024</b></p><table border='1'>"
    "<tr><td>No</td><td>Sasaran Strategis</td><td>Indikator Kinerja</td><td>Target</td></tr>"
    "<tr><td>1</td><td>Menurunnya angka kematian ibu</td><td>Angka Kematian Ibu</td><td>98</td></tr>"
    "<tr><td>2</td><td>Meningkatnya mutu layanan</td><td>Persentase puskesmas terakreditasi</td><td>40%</td></tr>"
    "</table></body></html>"
)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_legacy_doc_and_xls_read_like_docx_and_xlsx(tmp_path):
    (tmp_path / "pk.html").write_text(_HTML, encoding="utf-8")
    _workbook(tmp_path / "iku.xlsx", target=160)
    for src, fmt in (("pk.html", "doc:MS Word 97"), ("iku.xlsx", "xls")):
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--convert-to", fmt, "--outdir", str(tmp_path), str(tmp_path / src)],
                       capture_output=True, timeout=120, check=True)
    doc, xls = scan_file(tmp_path / "pk.doc"), scan_file(tmp_path / "iku.xls")
    assert doc.document.status == "ok" and doc.document.reader == "doc"
    assert [(r.indikator, r.target) for r in doc.indicators] == [
        ("Angka Kematian Ibu", 98), ("Persentase puskesmas terakreditasi", 40)]
    want = scan_file(tmp_path / "iku.xlsx")
    assert xls.document.reader == "xls"
    assert [(r.indikator, r.target) for r in xls.indicators] == [(r.indikator, r.target) for r in want.indicators]
    assert len(want.indicators) == 3


def test_legacy_files_without_libreoffice_are_skipped_with_how_to_enable(tmp_path, monkeypatch):
    monkeypatch.setattr(readers.shutil, "which", lambda name: None)
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    doc = scan_file(tmp_path / "old.doc").document
    assert doc.status == "skipped" and "need LibreOffice" in doc.error and "install.sh" in doc.error


def test_pdf_javascript_launch_actions_and_embedded_files_never_run_or_land(tmp_path):
    marker = tmp_path / "ran"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names [(a) 6 0 R] >> "
        b"/EmbeddedFiles << /Names [(x.sh) 7 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /AA << /O 5 0 R >> "
        b"/Resources << /Font << /F1 9 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (IKU 2024) Tj ET\nendstream",
        b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) >> /P (-c 'touch " + str(marker).encode() + b"') >>",
        b"<< /S /JavaScript /JS (app.launchURL('http://x'); this.exportDataObject({cName: 'x.sh', nLaunch: 2});) >>",
        b"<< /Type /Filespec /F (x.sh) /EF << /F 8 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 30 >>\nstream\n#!/bin/sh\ntouch " + str(marker).encode()[:10] + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    from benchmarks.bench_bounds import _pdf

    (tmp_path / "active.pdf").write_bytes(_pdf(objs))
    before = set(tmp_path.iterdir())
    doc = scan_file(tmp_path / "active.pdf").document
    assert doc.status in {"ok", "skipped", "failed"}
    assert not marker.exists() and set(tmp_path.iterdir()) == before
