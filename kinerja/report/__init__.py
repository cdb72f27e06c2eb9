"""`kinerja report`: what an auditor hands over. From a scan's output folder or database it
writes one self-contained HTML file (summary, findings with their page images, indicator and budget
tables), the page images the findings cite, and an XLSX workbook for the auditor's own checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kinerja.export import _atomic
from kinerja.report.data import ReportInputError, load
from kinerja.report.evidence import cite
from kinerja.report.html import render_html
from kinerja.report.pages import render, source_finder
from kinerja.report.xlsx import write_workbook

HTML_NAME = "index.html"
XLSX_NAME = "laporan.xlsx"
PAGES_DIR = "halaman"

__all__ = ["ReportInputError", "Written", "write_report"]


@dataclass
class Written:
    html: Path
    xlsx: Path
    images: int
    findings: int
    documents: int


def write_report(source: Path, out: Path, lang: str = "id", max_images: int = 200, root: Optional[Path] = None) -> Written:
    """Read `source` (a scan's --out folder, or its kinerja.sqlite) and write the report into `out`."""
    ds = load(source)
    cited = cite(ds)
    out.mkdir(parents=True, exist_ok=True)
    find = source_finder(ds.origin, root)
    for old in (out / PAGES_DIR).glob("*.png"):  # images of an earlier report would be left unlinked
        old.unlink()
    shots = render(cited, out / PAGES_DIR, find, max_images)
    html = render_html(ds, cited, shots, find, lang, str(source))
    with _atomic(out / HTML_NAME) as tmp:
        tmp.write_text(html, encoding="utf-8")
    with _atomic(out / XLSX_NAME) as tmp:
        write_workbook(ds, cited, tmp, lang)
    images = len({s.image for s in shots.values() if s.image})
    return Written(out / HTML_NAME, out / XLSX_NAME, images, len(cited), len(ds.documents))
