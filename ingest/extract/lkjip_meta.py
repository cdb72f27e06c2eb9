"""Document metadata from the cover and letterhead: title, agency, region, report year.

Government documents print who they are on the first page: the letterhead ("PEMERINTAH
KABUPATEN BANJAR / DINAS ..."), the cover title ("LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN
2025") and the agency and region lines. Shared by the LKjIP and IKU extractors; the words are the
nomenclature of Indonesian regional government, not any one document.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ingest.layout import Layout, Paragraph

_AGENCY_START = re.compile(
    r"^(?:KEPUTUSAN\s+|PERATURAN\s+)?(?:KEPALA\s+|PLT\.?\s+KEPALA\s+)?"
    r"((?:DINAS|BADAN|INSPEKTORAT|SEKRETARIAT|SATUAN\s+POLISI|KANTOR|RUMAH\s+SAKIT|RSUD|KECAMATAN|BAGIAN"
    r"|BIRO|UPTD?|PUSAT|LEMBAGA|KEMENTERIAN|DIREKTORAT)\b.*)$",
    re.I,
)
# The region's name must be capitalised: "Kabupaten/Kota dalam ..." in running text is no region.
_REGION = re.compile(
    r"\b((?i:kabupaten|kab\.|kota|provinsi|prov\.))\s+"
    r"([A-Z][A-Za-z'’.-]*(?:\s+(?!(?i:tahun|nomor|no)\b)[A-Z][A-Za-z'’.-]*){0,3})"
)
_REGION_KIND = {"kab.": "Kabupaten", "kabupaten": "Kabupaten", "kota": "Kota", "provinsi": "Provinsi", "prov.": "Provinsi"}
_CONNECTORS = {"dan", "di", "ke", "dari", "yang", "untuk", "serta", "atau", "pada", "dalam", "tentang"}
_ACRONYM = re.compile(r"\(?[A-Z]+[a-z]{1,2}[A-Z]+\)?[.,]?")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def title_case(text: str) -> str:
    """'DINAS TENAGA KERJA DAN TRANSMIGRASI' -> 'Dinas Tenaga Kerja dan Transmigrasi'; text that is
    not all capitals is returned as printed. Words without vowels (PMPTSP) stay acronyms."""
    text = re.sub(r"\s+", " ", text).strip(" ,.:;")
    words = text.split(" ")
    if any(re.search(r"[a-z]", w) and not _ACRONYM.fullmatch(w) for w in words):
        return text
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if word.startswith("(") or _ACRONYM.fullmatch(word) or re.search(r"\d", word):
            out.append(word)  # "(LAKIP)", "LKjIP": acronyms stay as printed
        elif i and low in _CONNECTORS:
            out.append(low)
        elif not re.search(r"[aeiou]", low) and re.search(r"[a-z]", low):
            out.append(word)
        else:
            out.append(low[:1].upper() + low[1:])
    return " ".join(out)


def head_paragraphs(layout: Layout, max_blocks: int = 60) -> list[Paragraph]:
    """Paragraphs printed before the first table or within the first blocks (cover, letterhead)."""
    return [b for b in layout.blocks[:max_blocks] if isinstance(b, Paragraph)]


def region_of(lines: Iterable[str]) -> Optional[str]:
    """'PEMERINTAH KABUPATEN BANJAR' -> 'Kabupaten Banjar' (first region named)."""
    for line in lines:
        m = _REGION.search(line)
        if m:
            name = re.split(r"\s+(?:TAHUN|NOMOR|NO\.?)\b", m.group(2), flags=re.I)[0]
            return f"{_REGION_KIND[m.group(1).lower()]} {title_case(name.upper())}".strip()
    return None


def agency_of(lines: Iterable[str]) -> Optional[str]:
    """The first line naming an agency (DINAS / BADAN / ...), cut before the region it is in."""
    for line in lines:
        m = _AGENCY_START.match(line.strip())
        if not m:
            continue
        name = _REGION.split(m.group(1))[0]
        name = re.split(r"\s+(?:TAHUN|NOMOR)\b|\s*\(", name, flags=re.I)[0]
        name = title_case(name)
        if len(name.split()) >= 2:
            return name
    return None


def report_title(paragraphs: list[Paragraph], start: re.Pattern[str]) -> Optional[Paragraph]:
    """The first paragraph whose text matches `start` (a cover title line)."""
    for p in paragraphs:
        if start.search(p.text):
            return p
    return None


def consecutive_lines(paragraphs: list[Paragraph], first: Paragraph) -> list[Paragraph]:
    """`first` and the paragraphs printed on the lines right after it (no blank line between)."""
    i = paragraphs.index(first)
    run = [first]
    for p in paragraphs[i + 1:]:
        if p.line is None or run[-1].line is None or p.line != run[-1].line + 1 or p.page != run[-1].page:
            break
        run.append(p)
    return run
