"""Nothing lost, nothing hung: a page that raises, text in any encoding, things that are not files,
a second writer, a kill during export, markup and bad bytes in names, and per-document bounds."""

import fcntl
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest import readers
from ingest.readers import pdf
from kinerja.cli import app
from kinerja.pipeline import scan, scan_file, walk_inputs
from kinerja.workers import Limits

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PDF = SAMPLES / "pdf" / "000_f36b6918ad0a50f1.pdf"  # 7 pages, indicators on each
TEXT = SAMPLES / "text" / "pohon_pupr_tahunan.txt"
SMALL = (
    "**POHON KINERJA DINAS CONTOH TAHUN 2025**\n\n"
    "No\tSASARAN\tINDIKATOR\tTARGET\n"
    "1\tMeningkatnya layanan\tPersentase layanan tepat waktu\t85%\n"
)


def _rows(result):
    return [(r.page, r.indikator, r.target_text, r.satuan) for r in result.indicators]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- per-page isolation ------------------------------------------------------------------------


def test_a_page_that_raises_is_a_warning_and_the_document_reads_the_rest(monkeypatch):
    clean = scan_file(PDF)

    def broken_page(page, geo, content, layout):
        if geo.number == 3:
            raise ValueError("broken content stream")

    monkeypatch.setattr(pdf, "PAGE_HOOKS", [broken_page, *pdf.PAGE_HOOKS])
    result = scan_file(PDF)
    doc = result.document
    assert doc.status == "ok" and doc.note == "1 page not read (p. 3)"
    (finding,) = [f for f in result.findings if f.rule == "reader"]
    assert finding.page == 3 and finding.severity == "warning"
    assert "broken_page" in finding.message and "ValueError: broken content stream" in finding.message
    others = [r for r in _rows(clean) if r[0] != 3]
    got = _rows(result)
    assert 3 not in {r[0] for r in got}
    # every other page reads as before; p. 2 is not joined to p. 4, only its last row (cut at the
    # page break, its end printed on p. 3) comes back shorter
    assert [r for r in got if r[0] != 2] == [r for r in others if r[0] != 2]
    assert [r[2] for r in got if r[0] == 2] == [r[2] for r in others if r[0] == 2]
    assert doc.pages == 7


def test_a_document_whose_every_page_raises_is_failed(monkeypatch):
    def broken(geo, settings, carry=None):
        raise RuntimeError("no page today")

    monkeypatch.setattr(pdf, "read_page", broken)
    doc = scan_file(PDF).document
    assert doc.status == "failed" and "no page could be read" in doc.error and "tables and text" in doc.error


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"), ("cp1252", "cp1252"),
])
def test_text_in_any_common_encoding_gives_the_same_rows(tmp_path, encoding, expected):
    text = TEXT.read_text(encoding="utf-8") + "\nCatatan: Kabupaten Café\n"  # one non-ASCII letter
    reference = tmp_path / "ref.txt"
    reference.write_text(text, encoding="utf-8")
    f = tmp_path / f"doc-{encoding}.txt"
    f.write_bytes(text.encode(encoding))
    want, got = scan_file(reference), scan_file(f)
    assert got.document.encoding == expected
    assert len(want.indicators) > 20 and _rows(got) == _rows(want)


# --- what is not a regular file ----------------------------------------------------------------


def test_pipes_devices_links_and_unreadable_folders_get_status_rows(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text(SMALL, encoding="utf-8")
    os.mkfifo(docs / "pipe.txt")
    (docs / "zero.txt").symlink_to("/dev/zero")
    (docs / "sub" / "loop").symlink_to(docs)  # a loop back to the top
    (docs / "outside.txt").symlink_to(TEXT)
    (docs / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, rows = walk_inputs([docs])
    assert [f.name for f in files] == ["a.txt", "pipe.txt"]
    why = {Path(r.document.source_path).name: (r.document.status, r.document.error) for r in rows}
    assert why["locked"] == ("failed", "cannot read folder: Permission denied")
    for name in ("zero.txt", "loop", "outside.txt"):
        assert why[name][0] == "skipped" and "symbolic link" in why[name][1] and "not followed" in why[name][1]
    start = time.monotonic()
    pipe = scan_file(docs / "pipe.txt").document
    zero = scan_file(docs / "zero.txt").document  # named on its own: followed, and found to be a device
    assert time.monotonic() - start < 5
    assert pipe.status == "skipped" and "named pipe" in pipe.error
    assert zero.status == "skipped" and "device" in zero.error


# --- the output folder -------------------------------------------------------------------------


def test_a_second_scan_into_the_same_out_refuses_and_leaves_the_first_db(tmp_path):
    (tmp_path / "a.txt").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(tmp_path / "a.txt"), "--out", str(out), "-q"]).exit_code == 0
    with (out / ".kinerja.lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running scan holds
        res = runner.invoke(app, ["scan", str(tmp_path / "a.txt"), "--out", str(out), "-q"])
    assert res.exit_code == 2 and "another kinerja process is writing to" in res.output
    db = sqlite3.connect(out / "kinerja.sqlite")
    assert db.execute("SELECT count(*) FROM indicators").fetchone()[0] == 1
    db.close()


def test_a_failing_export_keeps_the_previous_files_whole(tmp_path, monkeypatch):
    from kinerja import export

    (tmp_path / "a.txt").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(tmp_path / "a.txt"), "--out", str(out), "-q"]).exit_code == 0
    before = (out / "indicators.jsonl").read_bytes()
    real_dumps = json.dumps
    calls = {"n": 0}

    def dying_dumps(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # a kill in the middle of writing the JSONL files
        return real_dumps(*args, **kwargs)

    monkeypatch.setattr(export.json, "dumps", dying_dumps)
    runner.invoke(app, ["scan", str(tmp_path / "a.txt"), "--out", str(out), "-q"])
    assert (out / "indicators.jsonl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_control_characters_and_markup_never_break_the_output(tmp_path):
    bad = SMALL.replace("Persentase layanan", "Persentase\x07 layanan\x1b[31m [/x]")
    name = os.fsdecode(b"caf\xe9 [bold].txt")  # not valid UTF-8, and rich markup
    src = tmp_path / "docs"
    src.mkdir()
    (src / name).write_text(bad, encoding="utf-8")
    (src / "[red]x.pdf").write_bytes(b"%PDF-1.4 not a pdf")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["scan", str(src), "--out", str(out), "--format", "csv,xlsx", "-q"])
    assert res.exit_code == 0, res.output
    assert "[red]x.pdf" in res.output  # printed as text, not read as a style
    docs = {r["source_path"]: r for r in _jsonl(out / "documents.jsonl")}
    assert docs[str(src / "caf\\xe9 [bold].txt")]["status"] == "ok"
    (row,) = _jsonl(out / "indicators.jsonl")
    assert row["indikator"].startswith("Persentase layanan") and "\x07" not in row["indikator"]
    assert "\x1b" not in (out / "indicators.csv").read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    assert load_workbook(out / "kinerja.xlsx")["indicators"].max_row == 2


# --- bounds ------------------------------------------------------------------------------------


def _sleeping_reader(path):
    time.sleep(60)


def _hungry_reader(path):
    blocks = []
    while True:
        blocks.append(bytearray(64 << 20))


def _dying_reader(path):
    os._exit(3)


def test_a_document_past_its_time_or_memory_fails_alone_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setitem(readers.READERS, ".slow", _sleeping_reader)
    monkeypatch.setitem(readers.READERS, ".hungry", _hungry_reader)
    files = []
    for name in ("a.txt", "x.slow", "b.txt", "x.hungry", "c.txt"):
        f = tmp_path / name
        f.write_text(SMALL, encoding="utf-8")
        files.append(f)
    start = time.monotonic()
    results = {Path(r.document.source_path).name: r.document for r in scan(files, jobs=2, limits=Limits(timeout=3, memory_mb=300))}
    assert time.monotonic() - start < 20
    assert results["x.slow"].status == "failed" and "timed out" in results["x.slow"].error
    assert results["x.slow"].document_id  # recorded with its hash, so --resume knows it
    assert results["x.hungry"].status == "failed" and "out of memory" in results["x.hungry"].error
    assert [results[n].status for n in ("a.txt", "b.txt", "c.txt")] == ["ok"] * 3


def test_resume_does_not_retry_a_failed_file_unless_asked(tmp_path, monkeypatch):
    monkeypatch.setitem(readers.READERS, ".crash", _dying_reader)
    src = tmp_path / "docs"
    src.mkdir()
    (src / "a.txt").write_text(SMALL, encoding="utf-8")
    (src / "boom.crash").write_bytes(b"x")
    out = tmp_path / "out"
    runner = CliRunner()
    res = runner.invoke(app, ["scan", str(src), "--out", str(out), "-q"])
    assert res.exit_code == 3 and "worker process died" in res.output  # 3: some documents failed
    res = runner.invoke(app, ["scan", str(src), "--out", str(out), "-q", "--resume"])
    assert "0 file(s) scanned" in res.output and "2 already done" in res.output
    res = runner.invoke(app, ["scan", str(src), "--out", str(out), "-q", "--resume", "--retry-failed"])
    assert "1 file(s) scanned (0 ok, 1 failed" in res.output
