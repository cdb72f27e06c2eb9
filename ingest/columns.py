"""Column roles: what a table header says each column holds.

Headers are matched on their words, tolerant of typos ("DIFINISI", "PENANGGUNGJAWAB") and of
multi-level headers ("Tahun 2025" over "Realisasi | Capaian (%)", "Anggaran" over "Target |
Realisasi"). The result is one `ColumnRole` per column, which extractors map rows through.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from rapidfuzz import fuzz

from ingest.layout import Row

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

# Ordered: the first rule whose pattern matches a header cell wins.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("no", re.compile(r"^(no|no\.|nomor|nomer|#)$")),
    # a quarter of the year ("TW I", "Triwulan II", "Trw. 3", "Q4"): a rencana aksi's staged targets
    ("triwulan", re.compile(r"^(tw|trw|triwulan|q)\s*\.?\s*-?\s*(i{1,3}|iv|[1-4])$")),
    ("satuan_target", re.compile(r"^satuan\s*/?\s*target$")),
    ("penanggung_jawab", re.compile(r"penanggung\s*-?\s*jawab|^pj$|pelaksana")),
    ("definisi", re.compile(r"d[ie]finisi|penjelasan|deskripsi")),
    ("formula", re.compile(r"formula|formulasi|rumus|cara (per)?hitung|metode perhitungan")),
    ("sumber_data", re.compile(r"sumber data")),
    ("sumber_dana", re.compile(r"sumber\s+(dana|pendanaan|anggaran|pembiayaan)")),  # APBD / DAK: not an amount
    ("penanggung_jawab", re.compile(r"^(satuan|unit)\s+kerja|^opd\b|^perangkat\s+daerah|pengampu")),
    ("baseline", re.compile(r"kondisi\s+(awal|eksisting)|baseline|data\s+dasar|^(eksisting|existing)\b")),  # the measured starting point
    ("realisasi_provinsi", re.compile(r"realisasi\s+(prov|provinsi)")),
    ("realisasi_nasional", re.compile(r"realisasi\s+nasional")),
    ("serapan", re.compile(r"penyerapan|serapan|^(?:%|persentase) ?realisasi (?:anggaran|keuangan)")),
    ("efisiensi", re.compile(r"efisiensi")),
    ("anggaran_realisasi", re.compile(r"realisasi\s+(anggaran|keuangan)")),
    ("polaritas", re.compile(r"polaritas|polarisasi|^sifat( indikator)?$")),  # higher/lower is better
    ("indikator", re.compile(r"indikator|^ikk?$|^iku$")),
    ("anggaran", re.compile(r"target keuangan|^pagu")),
    ("kriteria", re.compile(r"kriteria|kategori|predikat|interpretasi")),
    ("capaian", re.compile(r"capaian|pencapaian|% ?capai|^%$")),  # "Target | Realisasi | %"
    ("realisasi", re.compile(r"realisasi|realisai|capaian s\.?d")),
    ("target", re.compile(r"target|\brencana\b|sasaran target")),
    ("satuan", re.compile(r"satuan|unit ukur|^sat\.?$")),  # "Sat": the short header of a unit column
    ("anggaran", re.compile(r"anggaran|pagu|keuangan|alokasi|dana|biaya")),
    ("sasaran", re.compile(r"^sasaran\b")),  # "Sasaran Program", "Sasaran Kegiatan": a sasaran tier
    ("program", re.compile(r"program|kegiatan|sub ?kegiatan")),
    ("sasaran", re.compile(r"sasaran|tujuan|kinerja utama|kinerja$")),
    ("keterangan", re.compile(r"keterangan|^ket\.?$|catatan|^alasan|dasar pertimbangan")),
    ("belanja", re.compile(r"belanja|uraian|jenis")),
]

_KNOWN_WORDS = [
    "sasaran", "indikator", "satuan", "target", "realisasi", "capaian", "kriteria", "formulasi",
    "definisi", "penanggungjawab", "anggaran", "keterangan", "program", "kegiatan", "tujuan",
]

# A top-level header that turns the roles under it into budget roles.
_BUDGET_GROUP = re.compile(r"anggaran|keuangan|pagu|dana")
_MEASURE = {"target", "realisasi", "capaian"}
_IDENTITY = {"no", "sasaran", "indikator", "program", "satuan", "keterangan", "belanja"}


def _norm(text: str) -> str:
    t = text.lower().replace("\n", " ")
    t = re.sub(r"[*_:()\[\]]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _repair_word(word: str) -> str:
    """Map a misspelt header word onto the known header vocabulary (score >= 85)."""
    if len(word) < 5:
        return word
    best = max(_KNOWN_WORDS, key=lambda k: fuzz.ratio(word, k))
    return best if fuzz.ratio(word, best) >= 85 else word


def role_of(text: str) -> Optional[str]:
    """The role a single header cell names, or None."""
    t = _norm(text)
    if not t:
        return None
    if YEAR.fullmatch(t) or re.fullmatch(r"(tahun|th\.?|thn\.?)\s*(19|20)\d\d", t):
        return "year"
    for candidate in (t, " ".join(_repair_word(w) for w in t.split())):
        for role, pattern in _RULES:
            if pattern.search(candidate):
                return role
    return None


@dataclass(slots=True)
class ColumnRole:
    index: int
    role: Optional[str]
    year: Optional[int] = None
    label: str = ""
    year_printed: Optional[int] = None  # the year as read, where `year` was repaired (see year_sequence)


_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?(?:\s*=\s*[\d()\s+\-x×*/:.,]+)?")


def is_numbering_row(row: Row) -> bool:
    """The '1 | 2 | 3 | 4' row printed under many headers, some saying how a column is computed
    ('13 = 9 + 10', '(5) = (4)/(3) x 100'); '(2) | (3) | (4)' where the numbering column ('(1)')
    stands outside the table read."""
    vals = [c.text.strip() for c in row.cells if c.text.strip()]
    numbers = [_COLUMN_NUMBER.fullmatch(v) for v in vals]
    if len(vals) < 3 or not all(numbers):
        return False
    nums = [int(m.group(1)) for m in numbers if m]
    if nums != sorted(nums):
        return False
    # from 1, or '(2) | (3) | (4)' in a run: the table's first column was read apart from it
    return nums[0] in (0, 1) or (all(v[0] == "(" for v in vals) and nums == list(range(nums[0], nums[0] + len(nums))))


_HEADER_WORDS = 6


def _header_role(text: str) -> Optional[str]:
    """The role a header cell names; a longer cell must name it in its first words, since a data
    sentence ends with role words by accident ("... Evaluasi dan Pelaporan Program")."""
    words = text.split()
    if len(words) > 3 and role_of(" ".join(words[:3])) is None:
        return None
    return role_of(text)


def is_header_row(row: Row) -> bool:
    """Two or more cells name a column role and no cell carries a measured value."""
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    if len(texts) >= 4 and re.fullmatch(r"\d{1,2}\.?", texts[0]) and all(_header_role(t) for t in texts[1:]):
        texts = texts[1:]  # a group number printed in the header's first cell: "1 | Sasaran | Indikator | Target"
    if len(texts) < 2:
        return False
    # Header cells are short labels; a data row of long sentences names roles only by accident
    # ("Laporan Capaian Kinerja ..." is an indicator, not a Capaian column).
    if 2 * sum(len(t.split()) <= _HEADER_WORDS for t in texts) < len(texts):
        return False
    if any(n >= 2 and 2 * n >= len(texts) for t, n in Counter(texts).items() if len(t.split()) >= 3):
        return False  # one phrase in most cells: the wrapped rest of a row whose cells repeat it
    roles = [_header_role(t) for t in texts]
    named = [r for r in roles if r and r != "year"]
    years = [r for r in roles if r == "year"]
    if len(named) + len(years) < max(2, len(texts) // 2):
        return False
    # a measured value, bare or with its unit ("85%", "2 Program", "1 Orang")
    if any(re.fullmatch(r"[<>≤≥]?\s*\d[\d.,]*\s*(?:%|[A-Za-z/]{1,12})?", t) for t in texts if role_of(t) != "year"):
        return False
    return bool(named) or len(years) >= 3


def _forward_fill(cells: list[str], below: Optional[list[str]]) -> list[str]:
    """Spread a merged top header cell over the empty cells to its right that have text below."""
    out = list(cells)
    last = ""
    for i, c in enumerate(out):
        if c.strip():
            last = c
        elif below is not None and i < len(below) and below[i].strip() and last:
            out[i] = last
    return out


def _wrapped_label(printed: list[list[str]], i: int) -> bool:
    """The last two header cells printed in column i are one label wrapped onto two lines ('Sasaran'
    / 'Strategis', 'Indikator' / 'Kinerja'): the lower row prints only under printed cells, the
    lower cell is a word or two and no year, and the joined label names what the upper names."""
    cells = [row[i].strip() for row in printed if row[i].strip()]
    if len(cells) < 2 or not printed[-1][i].strip() or not printed[-2][i].strip():
        return False
    if any(low.strip() and not up.strip() for up, low in zip(printed[-2], printed[-1])):
        return False  # cells under a merged top cell: a sub-header ('Target Triwulan' / 'TW I | TW II')
    upper, lower = cells[-2], cells[-1]
    if len(lower.split()) > 2 or re.search(r"\d", lower) or role_of(upper) in (None, "year"):
        return False
    return role_of(f"{upper} {lower}") == role_of(upper)


# The lowest header cell of a money sub-column under a spanning header: "Rp", "Rp (juta)", "Pagu".
_MONEY_SUB = re.compile(r"^\(?\s*(?:rp\b\.?|rupiah|pagu|dana|anggaran|keuangan)", re.I)


def _budget_subcolumn(stack: list[str]) -> bool:
    """A measure sub-column that counts money: its own cell says so, or it sits under a budget
    header ('Anggaran' / 'Realisasi'). Under a header naming both ('Target Kinerja dan Kerangka
    Pendanaan' / 'K | Rp') only the money half is."""
    if _MONEY_SUB.match(stack[-1].strip()):
        return True
    top = _norm(stack[0])
    return bool(_BUDGET_GROUP.search(top)) and not re.search(r"\bkinerja\b|\btarget\b", top)


def column_roles(header_rows: list[Row]) -> list[ColumnRole]:
    """Combine one or more header rows into one role per column."""
    if not header_rows:
        return []
    width = max(len(r.cells) for r in header_rows)
    grid = [[(r.cells[i].text if i < len(r.cells) else "") for i in range(width)] for r in header_rows]
    printed = [list(row) for row in grid]
    for k in range(len(grid) - 1):
        grid[k] = _forward_fill(grid[k], grid[k + 1])
    roles: list[ColumnRole] = []
    for i in range(width):
        stack = [grid[k][i].strip() for k in range(len(grid)) if grid[k][i].strip()]
        label = " / ".join(dict.fromkeys(stack))
        role: Optional[str] = None
        year: Optional[int] = None
        for text in reversed(stack):  # the lowest header cell is the most specific
            r = role_of(text)
            y = YEAR.search(text)
            if year is None and y:
                year = int(y.group(1))
            if role is None and r and r != "year":
                role = r
        if _wrapped_label(printed, i):  # 'Indikator' over 'Kinerja': one label wrapped, not two
            role = role_of(stack[-2])
            label = " / ".join(dict.fromkeys(stack[:-2] + [f"{stack[-2]} {stack[-1]}"]))
        if stack and role_of(stack[-1]) == "year" and role in _IDENTITY:
            role = None  # a bare year under a spread identity header is that year's measure
        if role == "baseline":  # 'Kondisi Awal (2024)' is that year's realisasi; without a year, a note
            role = "realisasi" if year is not None else "baseline"  # (kept in the record's extra)
        if role is None and year is not None:
            role = "target"
            for text in stack:
                r = role_of(text)
                if r in _MEASURE:
                    role = r
        if role in _MEASURE and len(stack) > 1 and _budget_subcolumn(stack):
            role = {"target": "anggaran", "realisasi": "anggaran_realisasi", "capaian": "anggaran_capaian"}[role]
        roles.append(ColumnRole(index=i, role=role, year=year, label=label))
    return year_sequence(roles)


def year_sequence(roles: list[ColumnRole]) -> list[ColumnRole]:
    """A year misread in a run of yearly columns ('2022 2023 2024 2028 2026' in a scan): when all
    the other columns of one measure count up a year at a time from the first, and the odd one
    differs from the year its place calls for in one digit only, it is that year. The year as
    read is kept (`year_printed`), so the records record the change as a Correction."""
    by_measure: dict[str, list[ColumnRole]] = {}
    for r in roles:
        if r.role in _MEASURE and r.year is not None:
            by_measure.setdefault(r.role, []).append(r)
    for run in by_measure.values():
        if len(run) < 4:
            continue
        years = [r.year for r in run if r.year is not None]  # (all of them: the run holds dated columns only)
        first = years[0] if years[1] == years[0] + 1 else years[1] - 1
        odd = [k for k, y in enumerate(years) if y != first + k]
        if len(odd) != 1:
            continue
        r, want = run[odd[0]], first + odd[0]
        if sum(a != b for a, b in zip(str(r.year), str(want))) == 1 and want not in years:
            r.year_printed, r.year = r.year, want
    return roles
