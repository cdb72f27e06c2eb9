"""Position titles of a pohon kinerja / cascading: which printed lines name a unit, and its tier.

A cascading prints one table per position (Kepala Dinas, Sekretaris, Kabid, Kasubbag, Kasi,
functional posts). The position vocabulary lives here, in one place, so recognising a label and
inferring its level (eselon II/III/IV or fungsional) use the same words. Document titles and
signature blocks ("Kuala Tungkal, Januari 2024 / KEPALA DINAS ...") also start with position
words; `is_excluded` keeps them out.
"""

from __future__ import annotations

import re
from typing import Optional

# Ordered: the first pattern that matches at the start of a title decides its level, so
# "Kepala Sub Bagian" is tested before "Kepala Bagian" and "Kepala Dinas".
_LEVELS: list[tuple[str, str]] = [
    ("eselon_iv", r"kepala\s+sub\s*-?\s*(?:bagian|bag\.?|bidang|bid\.?)|kasub+a?g|kasub+id|kasubag|kasubbag"
                  r"|kepala\s+seksi|kasie?\b|sub\s*-?\s*koordinator|subkoor|kepala\s+upt[d]?\b|^upt[d]?\b"
                  r"|kepala\s+unit|kepala\s+(?:puskesmas|pustu)|lurah|kepala\s+kelurahan|sekretaris\s+(?:kecamatan|kelurahan)"),
    ("eselon_ii", r"kepala\s+(?:dinas|badan|kantor|satuan|pelaksana)|kadis\b|kaban\b|inspektur\b(?!\s+pembantu)"
                  r"|sekretaris\s+daerah|asisten\b|staf\s+ahli|direktur\b"),
    ("eselon_iii", r"sekretaris\b|kepala\s+bidang|kabid\b|kepala\s+bagian|kabag\b|inspektur\s+pembantu|irban\b"
                   r"|kepala\s+balai|kepala\s+upt[d]?\s+kelas\s+a|camat\b"),
    ("fungsional", r"analis|pengantar\s+kerja|penyuluh|pengelola|penyusun|bendahara|peng+e?rak\s+swadaya"
                   r"|pranata|perencana\b|arsiparis|auditor|mediator|instruktur"
                   r"|fungsional|jabatan\s+fungsional|pengadministrasi|verifikator|pengolah\s+data|operator"
                   r"|penata\s+|pengawas\b|dokter|perawat|bidan\b|teknik\s+jalan|pelaksana\b|staf\b"),
]
# Units named without their post ("SEKRETARIAT", "BIDANG APLIKASI INFORMATIKA", "SUB BAGIAN UMUM",
# "SEKSI ..."): a label only when printed as a short line in capitals, since prose starts so too.
_UNIT_NAMES: list[tuple[str, str]] = [
    ("eselon_iv", r"sub\s*-?\s*(?:bagian|bag\.?|bidang)\b|subbag|seksi\b"),
    ("eselon_iii", r"sekretariat\b|bidang\b|bagian\b"),
]
_UNIT_NAME = re.compile("|".join(rf"^(?:{p})" for _, p in _UNIT_NAMES), re.I)
_LEVELS += _UNIT_NAMES
_COMPILED = [(level, re.compile(rf"^(?:{pattern})", re.I)) for level, pattern in _LEVELS]
# A class-A UPTD is headed at eselon III, unlike other UPTDs.
_UPTD_A = re.compile(r"^kepala\s+upt[d]?\s+kelas\s+a\b", re.I)

ESELON_HEADING = re.compile(r"^\s*eselon\s+(iv|v|i{1,3})\b", re.I)
_ESELON_LEVEL = {"i": "eselon_i", "ii": "eselon_ii", "iii": "eselon_iii", "iv": "eselon_iv", "v": "eselon_v"}

_MONTHS = r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember"
_DATE_LINE = re.compile(rf"^[A-Z][\w .'-]{{1,40}},\s*(?:\d{{1,2}}\s+)?(?:{_MONTHS})\b\s*(?:19|20)\d\d", re.I)
_TITLE_WORDS = re.compile(
    r"pohon\s+kinerja|cascading|cascade|\b(?:19|20)\d\d\b|\bnip\b|pembina|penata\s+tk|\blampiran\b|tabel\b", re.I
)


def eselon_of_heading(text: str) -> Optional[str]:
    """'ESELON III' (possibly followed by text) -> 'eselon_iii'."""
    m = ESELON_HEADING.match(text)
    return _ESELON_LEVEL[m.group(1).lower()] if m else None


def level_of(title: Optional[str]) -> Optional[str]:
    """The tier a position title names, from its first words; None if it names no known post."""
    if not title:
        return None
    t = re.sub(r"\s+", " ", title).strip(" .:-*")
    if _UPTD_A.match(t):
        return "eselon_iii"
    for level, pattern in _COMPILED:
        if pattern.match(t):
            return level
    return None


_MARKS = re.compile(r"^[\s•·▪●◦➔→⇒►▶➜➤*\-–]+(?=\w)")


def strip_marks(text: str) -> str:
    """A unit label without the bullet or arrow printed before it ("➔ Kepala Bidang Jalan")."""
    return _MARKS.sub("", text)


def is_date_line(text: str) -> bool:
    """'Kuala Tungkal, Januari 2024': the place and date that open a signature block."""
    return bool(_DATE_LINE.match(text.strip()))


def is_excluded(text: str) -> bool:
    """Titles, dates and signature lines that start with a position word but name no unit."""
    t = text.strip()
    return bool(_TITLE_WORDS.search(t)) or is_date_line(t) or len(t) > 160 or len(t.split()) > 18


def looks_like_label(text: str) -> bool:
    """A printed position title: it starts with a known post and is not a title or signature."""
    t = text.strip()
    if not t or is_excluded(t) or t.endswith((".", ";")) or re.search(r"\d[\d.,]*\s*%", t):
        return False
    if _UNIT_NAME.match(t) and (
        not (t.isupper() and len(t.split()) <= 8) or re.match(r"^\S+\s+(?:[IVX]+|[A-Z]|\d+)\b", t)
    ):  # "BAGIAN II", "BIDANG A": a part of the document, not a unit
        return False
    return level_of(t) is not None


def is_label_tail(text: str) -> bool:
    """The second line of a wrapped label ('KABID PENGAWASAN / KETENAGAKERJAAN'): short, no digits."""
    t = text.strip()
    return bool(t) and len(t.split()) <= 5 and not re.search(r"\d", t) and (t.isupper() or t[:1].islower())


def join_title_cells(cells: list[str]) -> str:
    """One title from a title row's cells: a truncated copy ('KASUBBA' | 'KASUBBAG UMUM') is
    dropped, cells split mid-title are joined."""
    parts = [re.sub(r"\s+", " ", c).strip() for c in cells if c.strip()]
    kept: list[str] = []
    for i, p in enumerate(parts):
        longer = [q for j, q in enumerate(parts) if j != i and len(q) > len(p)]
        if any(q.upper().startswith(p.upper()[: max(4, len(p) - 2)]) for q in longer):
            continue
        kept.append(p)
    return " ".join(kept)
