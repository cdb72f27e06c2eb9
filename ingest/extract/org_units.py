"""Who carries the indicators: the position of a Perjanjian Kinerja, the unit an IKU names.

A PK is the agreement of one position: PIHAK PERTAMA (or KESATU), whose "Jabatan : ..." is printed
over one or more lines before "selanjutnya disebut pihak pertama". A lampiran may head its table
with the position instead ("KEPALA DINAS ..."). An IKU names its unit ("Nama Unit Organisasi :
..."), else it belongs to the agency; an IKU of the regional government itself ("INDIKATOR KINERJA
UTAMA PEMERINTAH DAERAH PROVINSI ...") belongs to that government.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.extract.lkjip_meta import title_case
from ingest.layout import Layout, Paragraph, Table

_JABATAN = re.compile(r"^\s*jabatan\s*(?:[:;]\s*|\s+)(.+)$", re.I)  # OCR often drops the colon: "Jabatan KEPALA ..."
_FIRST_PARTY = re.compile(r"disebut[\s*_]+(?:sebagai[\s*_]+)?pihak\s+(?:pertama|kesatu|i)\b", re.I)
_STOP = re.compile(r"^\s*(?:nama|nip|pangkat|selanjutnya|selaku|alamat)\b|disebut\s+pihak", re.I)
# A heading that names a position, not an agency: "KEPALA DINAS ...", "SEKRETARIS ...", "CAMAT ..."
_POSITION = re.compile(
    r"^\s*(?:kepala|sekretaris|inspektur|camat|lurah|direktur|kabid|kasubag|kasubbag|kasi|kasie|"
    r"pelaksana\s+tugas|plt\.?|pj\.?)\b", re.I)
_PK_TITLE = re.compile(r"perjanjian\s+kinerja|penetapan\s+kinerja", re.I)
_AGENCY = re.compile(r"^\s*(?:dinas|badan|inspektorat|sekretariat|kantor|biro|rumah\s+sakit|rsud|satuan|kecamatan|bagian|bidang)\b", re.I)
_NAMED_UNIT = re.compile(
    r"^\s*(?:\d+\s*[.)]\s*)?(?:nama\s+(?:unit\s+)?(?:organisasi|unit\s+kerja|opd|skpd|instansi|perangkat\s+daerah)"
    r"|unit\s+(?:organisasi|kerja)|nama|skpd|opd|perangkat\s+daerah)\s*:\s*(.+)$", re.I)


def _clean(text: str) -> str:
    return title_case(re.sub(r"\s+", " ", text).strip(" ,.;:"))


def first_party(layout: Layout) -> Optional[str]:
    """PIHAK PERTAMA's jabatan, joined over its wrapped lines."""
    paras = _lines(layout)
    for i, p in enumerate(paras):
        m = _JABATAN.match(p.text)
        if not m:
            continue
        parts = [m.group(1)]
        for q in paras[i + 1: i + 5]:
            if _FIRST_PARTY.search(q.text):
                return _clean(" ".join(parts))
            if _STOP.search(q.text) or q.page != p.page:
                break  # another party's block
            parts.append(q.text)
    return None


def _lines(layout: Layout) -> list[Paragraph]:
    """Every printed line in reading order; a 'Jabatan | : ...' row a text or Word reader made into
    a table counts as a line."""
    out: list[Paragraph] = []
    for b in layout.blocks:
        if isinstance(b, Paragraph):
            out.append(b)
        else:
            out.extend(Paragraph(" ".join(t for t in r.texts if t.strip()), page=r.page) for r in b.rows)
    return out


def heading_lines(layout: Layout, table: Table, max_back: int = 6) -> list[Paragraph]:
    """The paragraphs printed right above a table on its page (its heading)."""
    idx = layout.blocks.index(table)
    out: list[Paragraph] = []
    for b in reversed(layout.blocks[max(0, idx - max_back): idx]):
        if not isinstance(b, Paragraph) or b.page != table.page:
            break
        out.insert(0, b)
    return out


def table_position(layout: Layout, table: Table) -> Optional[str]:
    """The position a lampiran table is headed with ('KEPALA DINAS PARIWISATA ...'), joined with
    the heading line that continues it."""
    lines = heading_lines(layout, table)
    for i, p in enumerate(lines):
        if _POSITION.match(p.text) and len(p.text.split()) <= 16:
            parts = [p.text]
            for q in lines[i + 1:]:
                if _PK_TITLE.search(q.text) or _POSITION.match(q.text) or len(q.text.split()) > 8:
                    break
                parts.append(q.text)
            return _clean(" ".join(parts))
    return None


def heading_agency(layout: Layout, table: Table) -> Optional[str]:
    """The agency a lampiran table is headed with, under its 'PERJANJIAN KINERJA TAHUN ...' line."""
    lines = heading_lines(layout, table)
    for i, p in enumerate(lines):
        if _PK_TITLE.search(p.text):
            rest = [q.text for q in lines[i + 1: i + 3] if not _PK_TITLE.search(q.text)]
            if rest and _AGENCY.match(rest[0]):
                return _clean(" ".join(rest))
    return None


def named_unit(layout: Layout, max_blocks: int = 80) -> Optional[str]:
    """'Nama Unit Organisasi : Dinas ...', 'NAMA : BAPPEDA KABUPATEN PASURUAN' printed before the IKU."""
    for b in layout.blocks[:max_blocks]:
        if isinstance(b, Paragraph) and (m := _NAMED_UNIT.match(b.text)):
            name = m.group(1).strip()
            if 1 <= len(name.split()) <= 14 and not re.search(r"\d{5,}", name):
                return _clean(name)
    return None


_GOVERNMENT = re.compile(r"\bpemerintah\s+(?:daerah\s+)?(?:provinsi|prov\.|kabupaten|kab\.|kota)\s", re.I)


def government_unit(meta: dict[str, str]) -> Optional[str]:
    """'Pemerintah Provinsi Jawa Barat' when the title names the regional government as the owner
    ('IKU PEMERINTAH DAERAH PROVINSI JAWA BARAT') and no agency was read."""
    region = meta.get("region")
    if meta.get("agency") or not region or not _GOVERNMENT.search(meta.get("title") or ""):
        return None
    return f"Pemerintah {region}"


def agency_unit(meta: dict[str, str]) -> Optional[str]:
    """The agency with its region ('Dinas Pariwisata Provinsi Sulawesi Tengah')."""
    agency, region = meta.get("agency"), meta.get("region")
    if not agency:
        return None
    if region and region.lower() not in agency.lower():
        return f"{agency} {region}"
    return agency
