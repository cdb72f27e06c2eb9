"""The year of every indicator row, decided in one place for every document family.

Order: the row's own year column (set by the extractor); the year its table caption or box header
names ("Tabel 3.1 Capaian Kinerja Tahun 2022"); the single year of the document title (text of a
diagram banner counts: "POHON KINERJA ... TA. 2016"); the year of the signing date
("Batulicin, 01 Nopember 2017"). A title or caption naming a period ("2025-2029") or two years
names no single year.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ingest.extract import Extraction
from ingest.layout import Layout, Paragraph

_MONTHS = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember"
)
# "Tahun 2025", "Tahun Anggaran 2016", "TA. 2016", "T.A 2016", "TH 2017"; not a regulation's
# "Nomor 12 Tahun 1950" and not a period "Tahun 2025-2029" / "2025 s.d. 2029".
_TITLE_YEAR = re.compile(
    r"(?<!\w)(?:tahun(?:\s+anggaran)?|t\.?\s?a\.?|th\.?|thn\.?)\s*:?\s*((?:19|20)\d\d)\b"
    r"(?!\s*(?:[-–—/]|s\.?\s*d|sampai|hingga)\s*(?:19|20)?\d\d)",
    re.I,
)
_PERIOD = re.compile(r"(?:19|20)\d\d\s*(?:[-–—/]|s\.?\s*d\.?|sampai|hingga)\s*(?:19|20)\d\d")
_REGULATION = re.compile(r"\b(?:nomor|no\.?)\s+[\w./-]+\s*$", re.I)
# "Bandung, 12 Juni 2017", "Bandung,    Juni 2017", "Pada tanggal : 4 Januari 2021"
_SIGNED = re.compile(
    rf"(?:^[A-Z][\w .'-]{{1,40}},|tanggal\s*:?)\s*(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+((?:19|20)\d\d)\b", re.I
)
# Where a title ends: the body of a decree or an agreement starts.
_BODY = re.compile(r"^[\s*#>-]*(?:menimbang|mengingat|dalam\s+rangka|kata\s+pengantar|daftar\s+isi|bab\s+[i1]\b)", re.I)


def single_year(text: Optional[str]) -> Optional[int]:
    """The one year a title or caption names ('... Tahun 2016'), or None (none, a period, several)."""
    if not text:
        return None
    years = {
        int(m.group(1)) for m in _TITLE_YEAR.finditer(text)
        if not _REGULATION.search(text[: m.start()])
    }
    return years.pop() if len(years) == 1 else None


def _title_lines(layout: Layout, max_blocks: int = 30) -> list[str]:
    """The lines of the first page before the body starts, and the short texts of diagram banners."""
    lines: list[str] = []
    first_page = layout.pages[0].number if layout.pages else 1
    for block in layout.blocks[:max_blocks]:
        if not isinstance(block, Paragraph):
            if lines:
                break
            continue
        if block.page != first_page or _BODY.match(block.text):
            break
        lines.append(block.text)
    lines += [b.text for b in layout.boxes if b.page == first_page and len(b.text.split()) <= 25]
    return lines


def signing_year(lines: Iterable[str]) -> Optional[int]:
    """The year of the first signing date printed ('Batulicin, 01 Nopember 2017')."""
    for line in lines:
        if m := _SIGNED.search(line.strip()):
            return int(m.group(1))
    return None


def document_year(extraction: Extraction, layout: Layout) -> tuple[Optional[int], Optional[str]]:
    """The document's year and where it was read: the family's title reading, else the title
    area, else the signing date. A title that names a period ('IKU ... Tahun 2024-2026') gives
    its rows no single year."""
    title = " ".join([extraction.meta.get("title") or "", *_title_lines(layout)])
    if _PERIOD.search(title):
        return None, None
    printed = str(extraction.meta.get("year") or "")
    if printed.isdigit():
        return int(printed), "title"
    if (year := single_year(title)) is not None:
        return year, "title"
    if (year := signing_year(p.text for p in layout.paragraphs())) is not None:
        return year, "signing date"
    return None, None


def fill_years(extraction: Extraction, layout: Layout) -> Extraction:
    """Give every row without a year column the year of its caption, else the document's; the
    document's year is recorded in meta (with `year_source`) when a family did not read one."""
    year, source = document_year(extraction, layout)
    if year is not None and not str(extraction.meta.get("year") or "").isdigit():  # keep a family's reading
        extraction.meta["year"] = str(year)
        extraction.meta["year_source"] = source or ""
    for raw in extraction.indicators:
        if raw.year is None:
            raw.year = single_year(raw.section) or year
    return extraction
