"""Unit lists on one-sheet pohon kinerja: a unit's header box ("BIDANG ...", "SEKSI ...") with
numbered rows under it ("2.1.1 | <indikator>"), and kegiatan rows ("53.10 | Kegiatan ...") whose
output and Anggaran are printed in cells beside them.

These sheets draw every row as its own little frame, touching tall side frames that run past
several units, so boxes found by touching cells cut them wrongly. Their own structure is plain
though: a code cell, the text cell right of it, and the nearest unit header above them. Rows are
grouped under headers here (cells, not boxes), and what is left goes through the box reading.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ingest.layout import BBox
from ingest.columns import role_of
from ingest.extract.pohon_units import level_of
from ingest.readers.diagram_cells import CellText
from ingest.readers.diagram_geometry import SpatialIndex
from ingest.readers.diagram_text import union
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings

CODE_LINE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){1,3}\.?$")
_CODES = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,3})\.?(?:\s+\1\.?)*$")  # "5.1.1 5.1.1": one code printed twice
# A unit's name as its header prints it; rank 2 heads rank 3 (a bidang its seksi).
UNIT_NAME = re.compile(
    r"^\W*(?:kepala\s+\w+|sekretari(?:at|s)|bidang|bagian|balai|uptd?|seksi|sub\s*-?\s*bag\w*|sub\s*-?\s*bid\w*|"
    r"kasi|kabid|kasubb?ag)\b", re.I)
_LOWER_UNIT = re.compile(r"^\W*(?:seksi|sub\s*-?\s*bag\w*|sub\s*-?\s*bid\w*|kasi|kasubb?ag)\b", re.I)
_TOP_UNIT = re.compile(r"^\W*kepala\s+(?:dinas|badan|biro|kantor)\b", re.I)
KEGIATAN_NAME = re.compile(r"^\W*(?:sub\s*-?\s*kegiatan|kegiatan|program)\b", re.I)
# What a kegiatan prints beside its name: an output value, a column word, an amount.
_SIDE = re.compile(r"^\W*(?:anggaran|target|output|keluaran|satuan|pagu|rp\.?|[<>≤≥]?\s*\d)", re.I)
_ANGGARAN_WORD = re.compile(r"^\W*(?:anggaran|pagu|rp)", re.I)


def unit_rank(name: str) -> int:
    """1 for the head of the agency, 2 for a bidang / bagian / balai, 3 for a seksi / subbag
    (also when printed as its post: "Kepala Seksi ...", "Kepala Sub Bagian ...")."""
    if _TOP_UNIT.match(name):
        return 1
    return 3 if _LOWER_UNIT.match(name) or level_of(name) == "eselon_iv" and not _FIELD_UNIT.match(name) else 2


_MIDDLE_UNIT = re.compile(r"^\W*(?:bidang|bagian|sekretari(?:at|s)|kabid|kabag|kepala\s+(?:bidang|bagian))\b", re.I)
_FIELD_UNIT = re.compile(r"^\W*(?:kepala\s+)?(?:uptd?|balai)\b", re.I)


def unit_tier(name: str, heads_units: bool) -> str:
    """The eselon a unit header names: a bidang or bagian is eselon III, a seksi or subbagian
    eselon IV, the head of the agency eselon II. A UPT(D) or balai is eselon III when units
    (its seksi) hang under it, else eselon IV (a Kepala UPTD without sub-units, as SAKIP
    cascades rank it). More specific than a legend band at the margin, which names the band
    of the programme structure (KEGIATAN), not the position."""
    if _TOP_UNIT.match(name):
        return "eselon_ii"
    if _LOWER_UNIT.match(name):
        return "eselon_iv"
    if _MIDDLE_UNIT.match(name):
        return "eselon_iii"
    named = level_of(name)  # "Kepala Seksi ...", "Kepala Sub Bagian ...": ranked as the table path ranks posts
    if _FIELD_UNIT.match(name):
        return "eselon_iii" if heads_units or named == "eselon_iii" else "eselon_iv"
    return named if named in ("eselon_ii", "eselon_iii", "eselon_iv") else "eselon_iii"


@dataclass(slots=True)
class CodedRow:
    code: CellText
    text: CellText
    sides: list[CellText] = field(default_factory=list)  # output / Anggaran cells beside a kegiatan
    cells: list[int] = field(default_factory=list)  # indices of the code and text cells

    @property
    def bbox(self) -> BBox:
        return union([c.bbox for c in (self.code, self.text, *self.sides)])

    @property
    def kegiatan(self) -> bool:
        return bool(KEGIATAN_NAME.match(self.text.text))


@dataclass(slots=True)
class UnitList:
    header: CellText
    rows: list[CodedRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return re.sub(r"\s+", " ", self.header.text).strip()


def _is_code(cell: CellText) -> bool:
    return bool(cell.lines) and all(_CODES.match(t.strip()) for _, t in cell.lines)


def _is_header(cell: CellText) -> bool:
    text = cell.text
    return (bool(UNIT_NAME.match(text)) and len(text) <= 100 and len(cell.lines) <= 4
            and not any(CODE_LINE.match(t.strip()) for _, t in cell.lines))


def _v_overlap(a: BBox, b: BBox) -> float:
    return min(a[3], b[3]) - max(a[1], b[1])


def _h_overlap(a: BBox, b: BBox) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def _text_cells(code: CellText, cells: list[CellText], taken: set[int], grid: SpatialIndex, s: DiagramSettings = DEFAULT_SETTINGS) -> list[int]:
    """The cells printed right of a code cell (sharing its wall), on its row: one, or one per
    code when a single code frame runs beside several text frames."""
    out = []
    b = code.bbox
    for i in sorted(grid.near((b[2] - 2 * s.tol, b[1], b[2] + 4 * s.tol, b[3]))):
        c = cells[i]
        if i in taken or c is code or _is_code(c):
            continue
        gap = c.bbox[0] - code.bbox[2]
        h = min(c.bbox[3] - c.bbox[1], code.bbox[3] - code.bbox[1])
        if -2 * s.tol <= gap <= 4 * s.tol and _v_overlap(c.bbox, code.bbox) >= 0.5 * h:
            out.append(i)
    if len(out) > max(1, len(code.lines)):
        return []  # more frames beside it than codes in it: not a row of this code
    return sorted(out, key=lambda i: cells[i].bbox[1])


def _line_height(cell: CellText) -> float:
    hs = [b[3] - b[1] for b, _ in cell.lines]
    return max(sum(hs) / len(hs), 1.0) if hs else 8.0


def unit_lists(cells: list[CellText], s: DiagramSettings = DEFAULT_SETTINGS) -> tuple[list[UnitList], set[int]]:
    """Unit headers with the coded rows that hang under them; the indices of the cells used."""
    headers = [i for i, c in enumerate(cells) if _is_header(c)]
    if not headers:
        return [], set()
    taken: set[int] = set(headers)
    rows: list[CodedRow] = []
    grid = SpatialIndex()
    for i, c in enumerate(cells):
        grid.add(i, c.bbox)
    for i, c in enumerate(cells):
        if i in taken or not _is_code(c):
            continue
        js = _text_cells(c, cells, taken, grid, s=s)
        if not js:
            continue
        taken.update((i, *js))
        parts = [cells[j] for j in js]
        text = parts[0] if len(parts) == 1 else type(c)(
            union([p.bbox for p in parts]), [ln for p in parts for ln in p.lines], parts[0].fill)
        rows.append(CodedRow(c, text, cells=[i, *js]))
    lists = {h: UnitList(cells[h]) for h in headers}
    bottoms = {h: cells[h].bbox[3] for h in headers}
    index = {id(c): i for i, c in enumerate(cells)}
    for row in sorted(rows, key=lambda r: r.bbox[1]):
        box = row.bbox
        above = [h for h in headers if cells[h].bbox[3] <= box[1] + 2 * s.tol
                 and _h_overlap(cells[h].bbox, box) >= 0.5 * min(box[2] - box[0], cells[h].bbox[2] - cells[h].bbox[0])]
        if not above:
            continue
        h = max(above, key=lambda k: cells[k].bbox[3])
        if box[1] - bottoms[h] > 3 * _line_height(cells[h]):
            continue  # too far below the list it would continue
        lists[h].rows.append(row)
        bottoms[h] = max(bottoms[h], box[3])
    found = [u for u in lists.values() if u.rows]
    used = {index[id(u.header)] for u in found} | {i for u in found for r in u.rows for i in r.cells}
    _attach_sides(found, cells, used, s=s)
    used |= {index[id(c)] for u in found for r in u.rows for c in r.sides}
    return found, used


def _attach_sides(lists: list[UnitList], cells: list[CellText], used: set[int], s: DiagramSettings = DEFAULT_SETTINGS) -> None:
    """A kegiatan row's output value and Anggaran: the cells right of its text on its row, as
    far as a chain of small gaps reaches. A cell spanning several rows is skipped (it is no
    one row's), but the chain runs past it."""
    order = sorted((i for i in range(len(cells)) if not _is_header(cells[i])), key=lambda i: cells[i].bbox[0])
    lefts = [cells[i].bbox[0] for i in order]
    taken: set[int] = set()
    tall: dict[int, set[int]] = {}
    grid = SpatialIndex()
    for i, c in enumerate(cells):
        grid.add(i, c.bbox)
    for u in lists:
        for row in u.rows:
            if not row.kegiatan:
                continue
            rb = (row.code.bbox[0], min(row.code.bbox[1], row.text.bbox[1]), row.text.bbox[2],
                  max(row.code.bbox[3], row.text.bbox[3]))
            height = rb[3] - rb[1]
            right = rb[2]
            reach = max(4 * _line_height(row.text), 40.0)
            for i in order[bisect_left(lefts, rb[2] - 2 * s.tol):]:
                c = cells[i]
                if i in taken:
                    continue
                if c.bbox[0] - right > reach:
                    break
                h = c.bbox[3] - c.bbox[1]
                if _v_overlap(c.bbox, rb) < 0.5 * min(h, height):
                    continue
                if i in used or _is_code(c) or not _SIDE.match(c.text) or _in_header_row(i, cells, grid, s=s):
                    break  # the next column's own cells, or a table's header row: the row ends here
                right = max(right, c.bbox[2])
                if h <= s.side_span * height:
                    row.sides.append(c)
                    taken.add(i)
                else:
                    tall.setdefault(i, set()).add(id(row))
    _share_tall(lists, cells, tall, s=s)


def _in_header_row(i: int, cells: list[CellText], grid: SpatialIndex, s: DiagramSettings = DEFAULT_SETTINGS) -> bool:
    """The cell is one of a row of column words drawn touching side by side (SATUAN | TARGET |
    REALISASI | CAPAIAN ...): the header of a table, which stays whole, not a kegiatan's column."""
    if role_of(cells[i].text) is None:
        return False
    row = {i}
    edge = [i]
    while edge and len(row) < s.header_cells:
        b = cells[edge.pop()].bbox
        for j in grid.near((b[0] - 2 * s.tol, b[1], b[2] + 2 * s.tol, b[3])):
            o = cells[j].bbox
            if (j not in row and abs(o[1] - b[1]) <= 2 * s.tol and role_of(cells[j].text) is not None
                    and (abs(o[0] - b[2]) <= 2 * s.tol or abs(o[2] - b[0]) <= 2 * s.tol)):
                row.add(j)
                edge.append(j)
    return len(row) >= s.header_cells


def _share_tall(lists: list[UnitList], cells: list[CellText], tall: dict[int, set[int]], s: DiagramSettings = DEFAULT_SETTINGS) -> None:
    """One output frame drawn beside several kegiatan of one unit is their shared output: each
    gets it, provided it runs beside nothing else of that unit (not its header, not an
    indicator row, not a kegiatan whose row did not reach it). A frame running beside kegiatan
    of several units (the bidang's target printed once beside all its seksi's kegiatan) is
    theirs only when it is the one value beside each of them: no kegiatan it reaches has an
    output of its own or another frame beside it; else it is no one's."""
    rows = {id(r): r for u in lists for r in u.rows}
    frames: dict[int, int] = {}
    for row_ids in tall.values():
        for rid in row_ids:
            frames[rid] = frames.get(rid, 0) + 1
    for i, row_ids in tall.items():
        c = cells[i]
        if not _SIDE.match(c.text) or _ANGGARAN_WORD.match(c.text):
            continue
        owners = [u for u in lists if any(id(r) in row_ids for r in u.rows)]
        if len(owners) > 1:
            mine = [rows[rid] for rid in row_ids]
            if all(frames[id(r)] == 1 and not any(_output(side) for side in r.sides) for r in mine):
                for r in mine:
                    r.sides.append(c)
            continue
        if len(owners) != 1:
            continue
        u = owners[0]
        level = [r for r in [None, *u.rows] if _v_overlap((r or u.header).bbox, c.bbox) > 2 * s.tol]
        known = [r for r in level if r is not None and id(r) in row_ids]
        if len(known) == len(level):  # every overlapping row (not the header) is one of these rows
            for r in known:
                r.sides.append(c)


def _output(cell: CellText) -> bool:
    """A value printed beside a kegiatan as its output (not its Anggaran or an amount)."""
    return bool(_SIDE.match(cell.text)) and not _ANGGARAN_WORD.match(cell.text) and not _COLUMN_ONLY.match(cell.text)


_COLUMN_ONLY = re.compile(r"^\W*(?:anggaran|target|output|keluaran|satuan|pagu)\W*$", re.I)
