"""Diagram boxes: groups of touching cells -> boxes with a header label and a tier.

A column of boxes drawn touching is split where a new full-width header starts, and unit blocks
drawn side by side split under their unit headers. A box keeps its cells as a small grid table.
Unit lists and kegiatan rows (read by `diagram_lists`) become boxes of their own shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ingest.layout import BBox, Box, Cell, Connector, Paragraph, Row, Table
from ingest.readers.diagram_cells import CellText, cells_table, first_line
from ingest.readers.diagram_geometry import SpatialIndex, x_overlap
from ingest.readers.diagram_lists import CodedRow, UnitList
from ingest.readers.diagram_text import join_lines, union
from ingest.readers.diagram_tree import tier_of
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings


@dataclass(slots=True)
class DiagramPage:
    boxes: list[Box]
    connectors: list[Connector]
    paragraphs: list[Paragraph]
    diagram: Optional[bool] = None  # the page verdict (diagram_verdict.is_diagram); None: not judged
    unread: int = 0  # boxes found on a page judged no diagram early, before they were linked (so not kept)

# A header line that opens a box (or a new box in a stack drawn touching).
HEAD = re.compile(
    r"^\W*(kinerja\s+utama|sasaran|tujuan|misi|visi|program|kegiatan|sub\s*-?\s*kegiatan|es+elon|kepala|"
    r"sekretaris|kabid|kasubbag|kasi|iku\b)",
    re.I,
)
LABEL = re.compile(r"^\W*(indikator(\s+kinerja)?(\s+utama)?|iku|ikk|ik(?=\s*:))\b", re.I)  # "IK :" abbreviates it
# A unit's own header: blocks of units drawn touching side by side split under these.
UNIT_HEAD = re.compile(r"^\W*(kepala|sekretaris|kabid|kasubb?ag|kasi|es+elon|bidang|seksi|sub\s*bag\w*|bagian|uptd?)\b", re.I)


def _head_word(cell: CellText) -> str:
    m = HEAD.match(first_line(cell))
    return re.sub(r"\s+", " ", m.group(1).lower()) if m else ""


def split_stack(cells: list[CellText], s: DiagramSettings = DEFAULT_SETTINGS) -> list[list[CellText]]:
    """A column of boxes drawn touching: a new box starts at each full-width header cell."""
    bbox = union([c.bbox for c in cells])
    width = bbox[2] - bbox[0]
    heads = [c for c in cells if (c.bbox[2] - c.bbox[0]) >= s.full_width * width and HEAD.match(first_line(c))]
    if len(heads) < 2:
        return [cells]
    heads.sort(key=lambda c: c.bbox[1])
    word = _head_word(heads[0])
    heads = [h for h in heads if _head_word(h) == word]  # the header the stack repeats
    if len(heads) < 2:
        return [cells]
    heads.sort(key=lambda c: c.bbox[1])
    groups: list[list[CellText]] = [[] for _ in heads]
    for c in cells:
        k = 0
        for i, h in enumerate(heads):
            if h.bbox[1] <= c.bbox[1] + s.tol:
                k = i
        groups[k].append(c)
    return [g for g in groups if g]


def split_columns(cells: list[CellText], s: DiagramSettings = DEFAULT_SETTINGS) -> list[list[CellText]]:
    """Unit blocks drawn touching side by side (a grid of sections, each headed by its unit):
    every cell under a unit header's width belongs to that unit; cells spanning several units
    (a band above them) stay together."""
    heads = [c for c in cells if UNIT_HEAD.match(first_line(c))]
    heads.sort(key=lambda c: c.bbox[0])
    cols: list[CellText] = []
    for h in heads:  # side by side: no two header columns overlap
        if cols and h.bbox[0] < cols[-1].bbox[2] - s.tol:
            continue
        cols.append(h)
    if len(cols) < 2:
        return [cells]
    groups: list[list[CellText]] = [[] for _ in cols]
    rest: list[CellText] = []
    for c in cells:
        k = next((i for i, h in enumerate(cols)
                  if h.bbox[0] - s.tol <= c.bbox[0] and c.bbox[2] <= h.bbox[2] + s.tol and c.bbox[1] >= h.bbox[1] - s.tol), None)
        (groups[k] if k is not None else rest).append(c)
    return [g for g in [rest, *groups] if g]


def _label(cells: list[CellText], width: float, s: DiagramSettings = DEFAULT_SETTINGS) -> Optional[str]:
    """The header band of a box: its top cell's first line when that is a label."""
    top = cells[0]
    line = first_line(top)
    alone = not any(c is not top and min(c.bbox[3], top.bbox[3]) - max(c.bbox[1], top.bbox[1]) > s.tol for c in cells)
    if ((top.bbox[2] - top.bbox[0]) < s.full_width * width and not alone) or not (HEAD.match(line) or LABEL.match(line)):
        return None  # a band alone on its row heads the box even where column walls cut it short
    if UNIT_HEAD.match(line) and len(top.lines) <= 3 and len(top.text) <= 120:
        return re.sub(r"\s+", " ", top.text).strip()  # a unit's name wrapped in its header band
    for _, more in top.lines[1:3]:  # "... ESELON III (BIDANG TATARUANG DAN" / "JASA KONSTRUKSI)"
        if line.count("(") <= line.count(")"):
            break
        line = f"{line} {more}"
    head, sep, _ = line.partition(":")
    return head.strip() if sep and len(head) <= 48 else line.strip()


def make_box(cells: list[CellText], page: int, index: int, s: DiagramSettings = DEFAULT_SETTINGS) -> Box:
    cells = sorted(cells, key=lambda c: (c.bbox[1], c.bbox[0]))
    bbox = union([c.bbox for c in cells])
    label = _label(cells, bbox[2] - bbox[0], s=s)
    return box_of(cells, cells_table(cells, page, s=s), page, index, label, tier_of(label, s=s))


def box_of(cells: list[CellText], table: Table, page: int, index: int, label: Optional[str], tier: Optional[str]) -> Box:
    """A box of these cells; its fill is the first coloured one (a header band's)."""
    fill = next((c.fill for c in cells if c.fill is not None and min(c.fill) < 0.97), None)
    return Box(text="\n".join(c.text for c in cells), page=page, bbox=union([c.bbox for c in cells]), fill=fill,
               label=label, tier=tier, table=table, index=index)


def _split_by_codes(row: CodedRow, s: DiagramSettings = DEFAULT_SETTINGS) -> list[tuple[str, str, BBox]]:
    """'2.1.1 / 2.1.1 / 2.1.1' beside one text cell holding three indicators: each code takes
    the lines printed from its own line down to the next code."""
    codes = row.code.lines
    parts: list[list[tuple[BBox, str]]] = [[] for _ in codes]
    for bbox, text in row.text.lines:
        cy = (bbox[1] + bbox[3]) / 2
        k = max((i for i, (cb, _) in enumerate(codes) if cb[1] <= cy + s.tol), default=0)
        parts[k].append((bbox, text))
    out = []
    for (cb, code), lines in zip(codes, parts):
        if lines:
            out.append((code.split()[0], join_lines(lines, row.text.bbox[2], s=s).replace("\n", " "), union([cb] + [b for b, _ in lines])))
    return out


def unit_box(u: UnitList, page: int, index: int, s: DiagramSettings = DEFAULT_SETTINGS) -> Box:
    """A unit header and its numbered indicators: one row per code, the header first."""
    rows = [Row([Cell(u.name, bbox=u.header.bbox)], page=page, bbox=u.header.bbox)]
    cells = [u.header]
    for r in u.rows:
        if r.kegiatan:
            continue
        cells.extend((r.code, r.text))
        for code, text, bbox in _split_by_codes(r, s=s):
            rows.append(Row([Cell(code, bbox=r.code.bbox), Cell(text, bbox=r.text.bbox)], page=page, bbox=bbox))
    table = Table(rows=rows, page=page, bbox=union([c.bbox for c in cells]))
    return box_of(cells, table, page, index, u.name, tier_of(u.name, s=s))


def kegiatan_box(r: CodedRow, page: int, index: int, s: DiagramSettings = DEFAULT_SETTINGS) -> Box:
    """A kegiatan row: code, name, then what is printed beside it (output, Anggaran, amount)."""
    sides = sorted(r.sides, key=lambda c: (c.bbox[0], c.bbox[1]))
    cells = [r.code, r.text, *sides]
    row = Row([Cell(c.text.replace("\n", " ") if c is r.text else c.text, bbox=c.bbox) for c in cells], page=page,
              bbox=union([c.bbox for c in cells]))
    height = max(r.code.bbox[3], r.text.bbox[3]) - min(r.code.bbox[1], r.text.bbox[1])
    own = union([c.bbox for c in cells if c.bbox[3] - c.bbox[1] <= 1.6 * height])  # not a frame shared with rows below
    row.bbox = own
    table = Table(rows=[row], page=page, bbox=own)
    box = box_of(cells, table, page, index, None, tier_of(r.text.text, s=s))
    box.bbox = own
    return box


_COLUMN_WORD = re.compile(r"^\W*(?:target|anggaran|satuan|realisasi|capaian|pagu)\W*$", re.I)


def merge_side_groups(groups: list[list[CellText]], s: DiagramSettings = DEFAULT_SETTINGS) -> set[int]:
    """A column drawn as its own small frame ("TARGET" over "70 %", "Anggaran" over an amount)
    belongs to the box it is drawn against: a header frame joins the value frame right under it,
    then the column joins the box at its left on the same row. Returns the groups merged away."""
    merged: set[int] = set()
    boxes = [union([c.bbox for c in g]) for g in groups]
    grid = SpatialIndex()
    for k, b in enumerate(boxes):
        grid.add(k, b)

    def words(k: int) -> list[str]:
        return [t for c in sorted(groups[k], key=lambda c: c.bbox[1]) for _, t in c.lines]

    def join(into: int, k: int) -> None:
        groups[into] = groups[into] + groups[k]
        boxes[into] = union([boxes[into], boxes[k]])
        merged.add(k)

    for k in range(len(groups)):  # "TARGET" alone over its value
        lines = words(k)
        if k in merged or len(lines) != 1 or not _COLUMN_WORD.match(lines[0]):
            continue
        b = boxes[k]
        under = [j for j in grid.near((b[0], b[3], b[2], b[3] + 2 * s.tol)) if j != k and j not in merged
                 and 0 <= boxes[j][1] - b[3] <= 2 * s.tol and x_overlap(boxes[j], b) >= 0.5 * (b[2] - b[0])
                 and len(words(j)) <= 3]
        if len(under) == 1:
            join(k, under[0])
    for k in range(len(groups)):  # the column beside its box
        lines = words(k)
        if k in merged or not 2 <= len(lines) <= 4 or not _COLUMN_WORD.match(lines[0]):
            continue
        b = boxes[k]
        left = [j for j in grid.near((b[0] - 4 * s.tol, b[1], b[0], b[3])) if j != k and j not in merged
                and 0 <= b[0] - boxes[j][2] <= 4 * s.tol
                and min(b[3], boxes[j][3]) - max(b[1], boxes[j][1]) >= 0.5 * (b[3] - b[1])]
        if len(left) == 1:
            join(left[0], k)
    return merged
