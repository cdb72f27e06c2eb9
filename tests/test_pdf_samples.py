"""Issue 4's bar: every sample PDF yields the records of its text form (>= 99% identical).

The PDFs in samples/pdf/ are Word-style exports of the text samples (samples/render_pdfs.py):
bordered and borderless tables, merged Sasaran cells, repeated headers, rows cut by page breaks,
landscape pages. The same extractors run on both; only the reader differs.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kinerja.pipeline import scan_file
from record_keys import unbroken

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
FIELDS = (
    "indikator", "sasaran", "org_unit", "level", "satuan", "year", "target", "realisasi", "capaian",
    "kriteria", "anggaran",
)


def _key(record) -> tuple:
    return tuple(unbroken(getattr(record, f)) for f in FIELDS)


def test_every_sample_pdf_has_its_text_form():
    assert len(PDFS) >= 9
    for pdf in PDFS:
        assert (ROOT / "samples" / "text" / f"{pdf.stem}.txt").exists(), pdf.name


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_pdf_gives_the_records_of_its_text_form(pdf: Path):
    from_text = scan_file(ROOT / "samples" / "text" / f"{pdf.stem}.txt")
    from_pdf = scan_file(pdf)
    assert from_pdf.document.status == "ok", from_pdf.document.error
    assert from_pdf.document.reader == "pdf"
    expected = Counter(_key(r) for r in from_text.indicators)
    got = Counter(_key(r) for r in from_pdf.indicators)
    matched = sum((expected & got).values())
    assert expected, "the text form yields records"
    missing = list((expected - got).elements())[:3]
    assert matched >= 0.99 * sum(expected.values()), f"{matched}/{sum(expected.values())}; missing e.g. {missing}"
    assert len(from_pdf.indicators) <= 1.02 * len(from_text.indicators) + 1


def test_pdf_records_carry_page_and_bbox():
    result = scan_file(ROOT / "samples" / "pdf" / "pdf_lkjip_dinkes.pdf")
    assert result.indicators
    for r in result.indicators:
        assert r.page >= 1 and r.bbox is not None and r.source_text
        x0, y0, x1, y1 = r.bbox
        assert 0 <= x0 < x1 and 0 <= y0 < y1
    # the 7-column table was printed on a landscape page
    layout_pages = {r.page for r in result.indicators}
    assert layout_pages == {2}


def test_a_table_crossing_pages_keeps_each_rows_page():
    result = scan_file(ROOT / "samples" / "pdf" / "004_22ba43ded69af889.pdf")
    pages_by_table: dict[int, set[int]] = {}
    for r in result.indicators:
        pages_by_table.setdefault(r.table_index, set()).add(r.page)
    assert any(len(p) > 1 for p in pages_by_table.values())
