"""The batch contract: every input appears with a status, sqlite and JSONL agree, resume skips."""

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.pipeline import scan_paths
from schemas import Document, IndicatorRecord

SMALL = (
    "**POHON KINERJA DINAS CONTOH TAHUN 2025**\n\n"
    "KEPALA DINAS\t\t\t\n"
    "No\tSASARAN\tINDIKATOR\tTARGET\n"
    "1\tMeningkatnya layanan\tPersentase layanan tepat waktu\t85%\n"
    "\t\tIndeks Kepuasan Masyarakat\t82,5\n"
)


def _write(tmp: Path) -> Path:
    docs = tmp / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text(SMALL, encoding="utf-8")
    (docs / "sub" / "b.md").write_text(SMALL.replace("85%", "90%"), encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (docs / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a document")
    return docs


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_scan_api_reports_every_file_and_never_raises(tmp_path):
    results = list(scan_paths([_write(tmp_path)]))
    by_name = {Path(r.document.source_path).name: r for r in results}
    assert set(by_name) == {"a.txt", "b.md", "broken.pdf", "photo.jpg"}
    assert by_name["a.txt"].document.status == "ok"
    assert by_name["photo.jpg"].document.status == "skipped" and ".jpg" in by_name["photo.jpg"].document.error
    assert by_name["broken.pdf"].document.status in {"failed", "skipped"}
    assert by_name["broken.pdf"].document.error
    recs = by_name["a.txt"].indicators
    assert [(r.indikator, r.target, r.satuan) for r in recs] == [
        ("Persentase layanan tepat waktu", 85, "persen"),
        ("Indeks Kepuasan Masyarakat", 82.5, None),
    ]
    assert recs[1].sasaran == "Meningkatnya layanan"  # carried down the merged cell
    assert all(r.page == 1 and r.line and r.source_text for r in recs)


def test_cli_scan_writes_jsonl_and_sqlite_that_agree_and_resume_skips(tmp_path):
    docs = _write(tmp_path)
    out = tmp_path / "out"
    runner = CliRunner()
    res = runner.invoke(app, ["scan", str(docs), "--out", str(out), "--format", "csv,parquet,xlsx", "-q"])
    assert res.exit_code == 0, res.output
    for name in ("documents", "indicators", "budget", "findings"):
        assert (out / f"{name}.jsonl").exists()
        assert (out / f"{name}.csv").exists()
    assert (out / "kinerja.xlsx").exists()
    docs_rows = _jsonl(out / "documents.jsonl")
    assert len(docs_rows) == 4
    for row in docs_rows:
        Document.model_validate(row)
    indicators = _jsonl(out / "indicators.jsonl")
    for row in indicators:
        IndicatorRecord.model_validate(row)
    db = sqlite3.connect(out / "kinerja.sqlite")
    assert db.execute("SELECT count(*) FROM indicators").fetchone()[0] == len(indicators) == 4
    assert db.execute("SELECT count(*) FROM documents WHERE status='ok'").fetchone()[0] == 2
    db.close()

    (docs / "c.txt").write_text(SMALL.replace("85%", "80%"), encoding="utf-8")  # a new file; the old ones are done
    res = runner.invoke(app, ["scan", str(docs), "--out", str(out), "--resume", "-q"])
    assert res.exit_code == 0, res.output
    assert "1 file(s) scanned" in res.output and "already done" in res.output
    assert len(_jsonl(out / "documents.jsonl")) == 5

    (docs / "a.txt").write_text(SMALL.replace("85%", "95%"), encoding="utf-8")  # edited since: read again
    res = runner.invoke(app, ["scan", str(docs), "--out", str(out), "--resume", "-q"])
    assert "1 file(s) scanned" in res.output
    targets = {r["target"] for r in _jsonl(out / "indicators.jsonl") if r["source_path"] == str(docs / "a.txt")}
    assert 95 in targets and 85 not in targets


def test_a_missing_input_path_is_exit_code_2_and_nothing_is_written(tmp_path):
    (tmp_path / "a.txt").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["scan", str(tmp_path / "a.txt"), str(tmp_path / "nope.txt"), "--out", str(out), "-q"])
    assert res.exit_code == 2
    assert "no such file or folder" in res.output and "nope.txt" in res.output
    assert not (out / "documents.jsonl").exists()


def test_schema_command_prints_generated_json_schema():
    res = CliRunner().invoke(app, ["schema", "indicators"])
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert {"record_id", "indikator", "target", "page", "source_text", "corrections"} <= set(schema["properties"])


def test_identical_files_are_read_once_and_the_copy_is_skipped(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(SMALL, encoding="utf-8")
    (docs / "copy_of_a.txt").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["scan", str(docs), "--out", str(out), "-q"]).exit_code == 0
    rows = {Path(r["source_path"]).name: r for r in _jsonl(out / "documents.jsonl")}
    assert rows["a.txt"]["status"] == "ok"
    assert rows["copy_of_a.txt"]["status"] == "skipped" and "a.txt" in rows["copy_of_a.txt"]["error"]
    assert {r["source_path"] for r in _jsonl(out / "indicators.jsonl")} == {str(docs / "a.txt")}


def _crashing_reader(path):
    import os

    os._exit(3)  # what a segfault inside a PDF library looks like to the pool


def test_a_worker_crash_fails_only_its_file(tmp_path, monkeypatch):
    from ingest import readers
    from kinerja.pipeline import scan

    monkeypatch.setitem(readers.READERS, ".crash", _crashing_reader)  # workers are forked with it
    files = []
    for name in ("a.txt", "boom.crash", "b.txt", "c.txt", "d.txt"):
        f = tmp_path / name
        f.write_text(SMALL, encoding="utf-8") if name.endswith(".txt") else f.write_bytes(b"x")
        files.append(f)
    statuses = {Path(r.document.source_path).name: r.document.status for r in scan(files, jobs=2)}
    assert statuses["boom.crash"] == "failed"
    assert [statuses[n] for n in ("a.txt", "b.txt", "c.txt", "d.txt")] == ["ok"] * 4
