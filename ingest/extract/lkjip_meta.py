"""Document metadata from the cover and letterhead: title, agency, region, report year.

Government documents print who they are on the first page: the letterhead ("PEMERINTAH
KABUPATEN BANJAR / DINAS ..."), the cover title ("LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN
2025") and the agency and region lines. Shared by the LKjIP and IKU extractors; the words are the
nomenclature of Indonesian regional government, not any one document.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Optional

from ingest.layout import Layout, Paragraph

_AGENCY_WORDS = (
    r"DINAS|BADAN|INSPEKTORAT|SEKRETARIAT|SATUAN\s+POLISI|KANTOR|RUMAH\s+SAKIT|RSUD|KECAMATAN|BAGIAN"
    r"|BIRO|UPTD?|PUSAT|LEMBAGA|KEMENTERIAN|DIREKTORAT|BAPPEDA|BAPENDA|BAPPERIDA"
)
_AGENCY_START = re.compile(
    rf"^(?:KEPUTUSAN\s+|PERATURAN\s+)?(?:KEPALA\s+|PLT\.?\s+KEPALA\s+)?((?:{_AGENCY_WORDS})\b.*)$", re.I
)
# "Tahun 2025", "Tahun Anggaran 2025" in a title
TITLE_YEAR = re.compile(r"\btahun(?:\s+anggaran)?\s+((?:19|20)\d\d)\b", re.I)
# The region's name must be capitalised: "Kabupaten/Kota dalam ..." in running text is no region.
# Nor does a name start with a connector: "PROVINSI DAN JAWA ..." is a two-column letterhead read
# across ("PEMERINTAH PROVINSI JAWA BARAT" beside "DINAS KOMUNIKASI DAN INFORMATIKA").
_REGION = re.compile(
    r"\b((?i:kabupaten|kab\.|kota|provinsi|prov\.))\s+"
    r"(?!(?i:dan|di|ke|dari|yang|untuk|serta|atau|pada|dalam|tentang)\b)"
    r"([A-Z][A-Za-z'’.-]*(?:\s+(?!(?i:tahun|nomor|no)\b)[A-Z][A-Za-z'’.-]*){0,3})"
)
_AGENCY_INSIDE = re.compile(rf"\b((?:{_AGENCY_WORDS})\b[^,.;:]*?)\s+(?i:kabupaten|kab\.|kota|provinsi|prov\.)\s+[A-Z]", re.I)
# Where an agency name ends: an address, a parenthesis, or the clause a sentence goes on with.
_AGENCY_END = re.compile(
    r"\s*\(|\s+(?:jl\.?|jalan|telp\.?|komplek|kompleks|alamat|merupakan|adalah|yang|mempunyai|sebagai|dibentuk"
    r"|telah|dalam|nomor|tahun|menyusun|melaksanakan|pada)\b",
    re.I,
)
_GENERIC_AGENCY = {"dinas", "badan", "kantor", "bagian", "biro", "pusat", "lembaga", "satuan", "sekretariat", "uptd",
                   "upt", "direktorat", "kementerian", "kecamatan", "rumah"}
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


def _page_stripped(text: str) -> str:
    """A line without its page number ('Laporan Kinerja ... Tahun 2022 iv' -> '... Tahun 2022')."""
    return re.sub(r"\s+(?:\d{1,3}|[ivxlc]{1,6})\s*$", "", text.strip(), flags=re.I)


def running_lines(layout: Layout, min_count: int = 3) -> set[str]:
    """Page headers and footers: lines printed on many pages (page numbers aside)."""
    counts = Counter(_page_stripped(p.text).lower() for p in layout.paragraphs() if len(p.text) < 120)
    return {t for t, n in counts.items() if n >= min_count and t}


_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:[ivxlc]{1,6}|[A-Z]{1,4}\s*[-–.]\s*\d{1,3}|\d{1,3})[-–\s]*$", re.I)


def is_running(text: str, running: set[str]) -> bool:
    """A page header, footer or bare page number ('33', 'iv', 'III-24')."""
    return bool(_PAGE_NUMBER.match(text)) or _page_stripped(text).lower() in running


def region_of(lines: Iterable[str]) -> Optional[str]:
    """'PEMERINTAH KABUPATEN BANJAR' -> 'Kabupaten Banjar' (first region named)."""
    for line in lines:
        m = _REGION.search(line)
        if m:
            name = re.split(r"\s+(?:TAHUN|NOMOR|NO\.?)\b", m.group(2), flags=re.I)[0]
            return f"{_REGION_KIND[m.group(1).lower()]} {title_case(name.upper())}".strip()
    return None


def _agency_name(text: str) -> Optional[str]:
    """An agency name cut before its region, address, or the clause a sentence goes on with."""
    name = _REGION.split(text)[0]
    name = _AGENCY_END.split(name)[0]
    name = title_case(name)
    words = name.split()
    if not words or len(words) > 10:
        return None
    if len(words) == 1 and words[0].lower() in _GENERIC_AGENCY:
        return None
    return name


_WRAP_END = re.compile(r"(?:\b(?:dan|serta|&)|,)\s*$", re.I)


def joined_title(lines: list[str], i: int, max_lines: int = 3) -> str:
    """Line `i` with the lines a wrapped title continues it on: "DINAS PEKERJAAN UMUM DAN" ends on
    a connector, so "PENATAAN RUANG KABUPATEN ..." below is the rest of the name."""
    text = lines[i].strip()
    for nxt in lines[i + 1: i + max_lines]:
        if not _WRAP_END.search(text) or not nxt.strip():
            break
        text = f"{text} {nxt.strip()}"
    return text


def agency_of(lines: Iterable[str]) -> Optional[str]:
    """The first line that starts with an agency (DINAS / BADAN / INSPEKTORAT ...), else the agency
    named most often before a region inside the lines ('Laporan Kinerja Inspektorat Kabupaten ...')."""
    lines = list(lines)
    for i, line in enumerate(lines):
        m = _AGENCY_START.match(joined_title(lines, i))
        if m and (name := _agency_name(m.group(1))):
            return name
    mentions: Counter[str] = Counter()
    printed: dict[str, str] = {}
    for line in lines:
        for m in _AGENCY_INSIDE.finditer(line):
            if name := _agency_name(m.group(1)):
                mentions[name.lower()] += 1
                printed.setdefault(name.lower(), name)
    return printed[mentions.most_common(1)[0][0]] if mentions else None


def following_lines(paragraphs: list[Paragraph], first: Paragraph, max_lines: int = 6) -> list[Paragraph]:
    """`first` and the short lines printed right after it: the next text lines with no blank line
    between (text inputs), or the next short lines on the same page (PDF lines carry no number)."""
    i = paragraphs.index(first)
    run = [first]
    for p in paragraphs[i + 1: i + max_lines]:
        prev = run[-1]
        if p.page != prev.page:
            break
        if p.line is not None and prev.line is not None and p.line != prev.line + 1:
            break
        if len(p.text.split()) > 14 or re.match(r"^\d{1,2}[.)]\s", p.text):  # a sentence or a list item
            break
        run.append(p)
    return run


