"""Document metadata of a pohon kinerja / cascading from its title area: title, agency, region,
year. Titles print these in many shapes ("POHON KINERJA DISNAKERTRANS KAB. OKI TAHUN 2025",
"CASCADING DINAS TENAGA KERJA DAN TRANSMIGRASI DAERAH PROVINSI SULAWESI UTARA TAHUN 2023"), so
the rules are regexes over the first headings, with common agency acronyms spelt out and an
abbreviated region expanded when the body spells it out ("KAB. OKI" -> "Kabupaten Ogan Komering
Ilir" when that name is printed and its initials match).
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.extract.pohon_units import is_date_line
from ingest.layout import Layout, Paragraph

# Common acronyms of regional agencies (perangkat daerah), spelt out.
_AGENCY_ACRONYMS: dict[str, str] = {
    "disnakertrans": "Dinas Tenaga Kerja dan Transmigrasi",
    "disnaker": "Dinas Tenaga Kerja",
    "dinkes": "Dinas Kesehatan",
    "disdik": "Dinas Pendidikan",
    "disdikbud": "Dinas Pendidikan dan Kebudayaan",
    "dinsos": "Dinas Sosial",
    "dpupr": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "dinas pupr": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "disdukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
    "diskominfo": "Dinas Komunikasi dan Informatika",
    "dlh": "Dinas Lingkungan Hidup",
    "dishub": "Dinas Perhubungan",
    "bappeda": "Badan Perencanaan Pembangunan Daerah",
    "bapperida": "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
    "bpkad": "Badan Pengelolaan Keuangan dan Aset Daerah",
    "bkpsdm": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "bpbd": "Badan Penanggulangan Bencana Daerah",
    "satpol pp": "Satuan Polisi Pamong Praja",
}
_SMALL_WORDS = {"dan", "di", "ke", "serta", "atau", "yang", "untuk", "dari", "pada"}
# Short words that are words, not acronyms, when a title is printed in capitals.
_SHORT_WORDS = {"umum", "kota", "air", "alam", "daya", "laut", "desa", "adat", "seni", "haji", "anak", "guru", "kab."}
_REGION_KIND = r"(?:kabupaten|kab\.?|kota|provinsi|prov\.?)"
_STOP = r"(?=\s+(?:tahun|th\.?|periode)\b|\s*$|\s*[,(])"
_AGENCY = re.compile(
    r"\b((?:dinas|badan|kantor|inspektorat|sekretariat|satuan|rumah\s+sakit|rsud|kecamatan)\b.*?)"
    rf"(?=\s+(?:daerah\s+)?{_REGION_KIND}\s|{_STOP})",
    re.I,
)
_REGION = re.compile(rf"\b({_REGION_KIND})\s+((?:[\w.'-]+\s*?)+?){_STOP}", re.I)
_YEAR = re.compile(r"\btahun\s+(?:anggaran\s+)?((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\s*$", re.I)
_NIP = re.compile(r"nip\b", re.I)
_TITLE_START = re.compile(r"pohon\s+kinerja|cascading|cascade|indikator\s+kinerja|rencana|perjanjian", re.I)


def _is_acronym(word: str) -> bool:
    """'OKI', 'PUPR', 'UPTD' are acronyms; 'PALU', 'UMUM' are words printed in capitals."""
    if not re.fullmatch(r"[A-Z]{2,6}", word) or word.lower() in _SHORT_WORDS:
        return False
    return len(word) <= 3 or sum(ch in "AIUEO" for ch in word) <= 1


def smart_title(text: str) -> str:
    """'DINAS TENAGA KERJA DAN TRANSMIGRASI' -> 'Dinas Tenaga Kerja dan Transmigrasi'."""
    words = re.sub(r"\s+", " ", text).strip().split(" ")
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i and lw in _SMALL_WORDS:
            out.append(lw)
        elif i and _is_acronym(w):
            out.append(w)  # acronyms: OKI, PUPR, UPTD
        else:
            out.append(w[:1].upper() + w[1:].lower())
    return " ".join(out)


def _title_lines(layout: Layout, max_blocks: int = 12) -> list[str]:
    lines: list[str] = []
    for block in layout.blocks[:max_blocks]:
        if not isinstance(block, Paragraph):
            if lines:
                break
            continue
        if _TITLE_START.search(block.text) or (block.heading and not _signing(block.text)):
            lines.append(block.text)
    return lines


def _signing(text: str) -> bool:
    """A signature-block line printed in the title's font: the place and date, or the NIP. It
    names the signer's position, not the document's unit."""
    return is_date_line(text) or bool(_NIP.match(text.strip()))


def _agency(text: str) -> Optional[str]:
    m = _AGENCY.search(text)
    if m:
        name = re.sub(r"\s+daerah$", "", m.group(1).strip(" ,"), flags=re.I)
        return smart_title(name)
    for acronym, name in _AGENCY_ACRONYMS.items():
        if re.search(rf"\b{re.escape(acronym)}\b", text, re.I):
            return name
    return None


def _region(text: str, body: str) -> Optional[str]:
    m = _REGION.search(text)
    if not m:
        return None
    kind = m.group(1).lower().rstrip(".")
    kind = {"kab": "Kabupaten", "kabupaten": "Kabupaten", "kota": "Kota", "prov": "Provinsi", "provinsi": "Provinsi"}[kind]
    name = m.group(2).strip(" .,")
    if _is_acronym(name):  # look for the spelt-out name in the body
        pattern = rf"\b(?i:{_REGION_KIND})\s+((?:[A-Z][a-z]+\s+){{{len(name) - 1}}}[A-Z][a-z]+)"
        for full in re.finditer(pattern, body):
            words = full.group(1).split()
            if "".join(w[0] for w in words).upper() == name:
                return f"{kind} {full.group(1)}"
        return f"{kind} {name}"
    return f"{kind} {smart_title(name)}"


def document_meta(layout: Layout) -> dict[str, str]:
    """title, agency, region and year as printed in the title area (keys only when found)."""
    lines = _title_lines(layout)
    meta: dict[str, str] = {}
    if not lines:
        return meta
    title = " ".join(lines)
    meta["title"] = title
    body = layout.text()
    for line in sorted(lines, key=lambda s: -len(s)):  # the fullest title line names most
        if "agency" not in meta and (agency := _agency(line)):
            meta["agency"] = agency
        if "region" not in meta and (region := _region(line, body)):
            meta["region"] = region
        if "year" not in meta and (y := _YEAR.search(line)):
            meta["year"] = y.group(1) or y.group(2)
    return meta
