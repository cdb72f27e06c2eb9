"""Batch manners of `kinerja scan`: an existing --out is not overwritten without --force, an --out
inside an input folder is never read back, --include/--exclude globs, --pages, --password for an
encrypted PDF, --version, --verbose logging and the pages/s column."""

import json
import shutil
from pathlib import Path

import pymupdf
from typer.testing import CliRunner

from kinerja import __version__
from kinerja.cli import _Rate, app

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "samples" / "text"
PDF = ROOT / "samples" / "pdf" / "000_f36b6918ad0a50f1.pdf"  # 7 pages


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _run(*args: str):
    return CliRunner().invoke(app, [*args])


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_an_existing_out_is_refused_without_force_and_never_read_as_input(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(TEXT / "pohon_pupr_tahunan.txt", docs)
    out = docs / "out"  # inside the input folder
    assert _run("scan", str(docs), "--out", str(out), "-q", "--format", "csv").exit_code == 0
    first = (out / "documents.jsonl").read_bytes()
    res = _run("scan", str(docs), "--out", str(out), "-q")
    assert res.exit_code == 2 and "use --force" in _flat(res.output)
    assert (out / "documents.jsonl").read_bytes() == first
    res = _run("scan", str(docs), "--out", str(out), "-q", "--force", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = _jsonl(out / "documents.jsonl")
    assert [Path(r["source_path"]).name for r in rows] == ["pohon_pupr_tahunan.txt"]  # not its own CSV/JSONL


def test_include_and_exclude_globs(tmp_path):
    docs = tmp_path / "docs"
    (docs / "2024").mkdir(parents=True)
    shutil.copy(TEXT / "pohon_pupr_tahunan.txt", docs / "2024" / "pohon.txt")
    shutil.copy(TEXT / "checks_slips_lkjip.txt", docs / "lkjip.txt")
    shutil.copy(TEXT / "iku_bapperida_kota_kelompok_sasaran.txt", docs / "iku.md")
    out = tmp_path / "out"
    assert _run("scan", str(docs), "--out", str(out), "-q", "--include", "*.txt", "--exclude", "2024/*").exit_code == 0
    assert [Path(r["source_path"]).name for r in _jsonl(out / "documents.jsonl")] == ["lkjip.txt"]


def test_pages_keeps_only_the_pages_asked_for(tmp_path):
    full, part = tmp_path / "full", tmp_path / "part"
    assert _run("scan", str(PDF), "--out", str(full), "-q", "--no-ocr").exit_code == 0
    assert _run("scan", str(PDF), "--out", str(part), "-q", "--no-ocr", "--pages", "1-2").exit_code == 0
    (doc_full,), (doc_part,) = _jsonl(full / "documents.jsonl"), _jsonl(part / "documents.jsonl")
    assert doc_full["pages"] == 7 and doc_part["pages"] == 2
    pages = {r["page"] for r in _jsonl(part / "indicators.jsonl")}
    assert pages and pages <= {1, 2}
    assert {r["page"] for r in _jsonl(full / "indicators.jsonl")} - {1, 2}
    res = _run("scan", str(PDF), "--out", str(tmp_path / "bad"), "--pages", "3-1")
    assert res.exit_code == 2 and "page range" in res.output


def test_password_opens_an_encrypted_pdf(tmp_path):
    locked = tmp_path / "locked.pdf"
    doc = pymupdf.open(PDF)
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="rahasia", owner_pw="pemilik")
    doc.close()
    res = _run("scan", str(locked), "--out", str(tmp_path / "no"), "-q", "--no-ocr")
    (row,) = _jsonl(tmp_path / "no" / "documents.jsonl")
    assert row["status"] == "skipped" and "--password" in row["error"]
    res = _run("scan", str(locked), "--out", str(tmp_path / "yes"), "-q", "--no-ocr", "--password", "rahasia")
    assert res.exit_code == 0, res.output
    (row,) = _jsonl(tmp_path / "yes" / "documents.jsonl")
    assert row["status"] == "ok" and row["n_indicators"] > 0


def test_version_and_verbose_logging(tmp_path):
    res = _run("--version")
    assert res.exit_code == 0 and res.output.strip() == f"kinerja {__version__}"
    shutil.copy(TEXT / "pohon_pupr_tahunan.txt", tmp_path / "a.txt")
    res = _run("--verbose", "scan", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "-q")
    assert res.exit_code == 0
    assert "INFO kinerja: ok:" in res.output and "a.txt" in res.output and "indicators" in res.output
    res = _run("scan", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out2"), "-q")
    assert "INFO" not in res.output


class _Task:
    def __init__(self, pages: int, elapsed: float) -> None:
        self.fields, self.elapsed = {"pages": pages}, elapsed


def test_progress_shows_pages_per_second():
    assert _Rate().render(_Task(30, 12.0)).plain == "2.5 pages/s"
    assert _Rate().render(_Task(0, 0.0)).plain == "… pages/s"
