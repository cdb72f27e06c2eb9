"""Cascade sheets laid out by position: rows of position headers ("KEPALA BAGIAN ...",
"Kepala Subbagian ...") each heading the block of cells under it; one box per block, parents from
the sasaran fill colours or the numbering ("1.1" under "Sasaran 1")."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ingest.layout import Box, Paragraph
from ingest.readers.diagram_boxes import HEAD, LABEL, DiagramPage, make_box
from ingest.readers.diagram_cells import CellText
from ingest.readers.diagram_kinds import set_kinds
from ingest.readers.diagram_tree import RANK, PageBoxes, build_tree, tier_of
from ingest.readers.xlsx_sheet import cell_color, cell_text

_POSITION_TIERS = {"eselon_ii", "eselon_iii", "eselon_iv"}
_NUMBER_ONLY = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})*\.?\)?$")
INDICATOR_WORD = re.compile(r"^(?:persentase|prosentase|presentase|jumlah|indeks|rasio|tingkat|nilai|cakupan|angka)\b", re.I)


@dataclass(slots=True)
class SheetCell:
    r0: int
    c0: int
    r1: int
    c1: int
    text: str
    fill: Optional[tuple[float, float, float]]


def sheet_cells(ws) -> list[SheetCell]:
    """Non-empty cells (a merged range once), with a bare number ("1.1.") joined to the text
    cell printed right of it in the same row."""
    span = {(r.min_row, r.min_col): (r.max_row, r.max_col) for r in ws.merged_cells.ranges}
    cells: list[SheetCell] = []
    for row in ws.iter_rows():
        for cell in row:
            text = cell_text(cell.value)
            if not text:
                continue
            r1, c1 = span.get((cell.row, cell.column), (cell.row, cell.column))
            color = cell_color(cell)
            cells.append(SheetCell(cell.row, cell.column, r1, c1, text, color if color and min(color) < 0.97 else None))
    cells.sort(key=lambda c: (c.r0, c.c0))
    out: list[SheetCell] = []
    for c in cells:
        prev = out[-1] if out else None
        if prev is not None and prev.r0 == c.r0 and _NUMBER_ONLY.match(prev.text) and c.c0 <= prev.c1 + 2:
            out[-1] = SheetCell(prev.r0, c.c0, max(prev.r1, c.r1), c.c1, f"{prev.text} {c.text}", c.fill or prev.fill)
            continue
        out.append(c)
    return out


def _position_rows(cells: list[SheetCell]) -> dict[int, list[SheetCell]]:
    """Rows that print positions ("KEPALA BAGIAN ...", "Kepala Subbagian ...") as block headers."""
    rows: dict[int, list[SheetCell]] = {}
    for c in cells:
        rows.setdefault(c.r0, []).append(c)
    out: dict[int, list[SheetCell]] = {}
    last: set[int] = set()
    for r in sorted(rows):
        cs = rows[r]
        named = [c for c in cs if len(c.text.split()) <= 10 and tier_of(c.text) in _POSITION_TIERS]
        if named and (len(named) >= 2 or len(cs) == 1):
            out[r] = sorted(cs, key=lambda c: c.c0)
            last |= {c.c0 for c in cs}
        elif len(cs) >= 3 and last and all(_plain_name(c) for c in cs) and \
                sum(c.c0 in last for c in cs) >= 0.6 * len(cs):
            out[r] = sorted(cs, key=lambda c: c.c0)  # the staff under each position, same columns
    return out


def _plain_name(c: SheetCell) -> bool:
    """A short unfilled, unnumbered cell that is neither a header nor an indicator: a job title."""
    return (c.fill is None and len(c.text.split()) <= 8 and not _NUMBER_ONLY.match(c.text.split()[0])
            and not HEAD.match(c.text) and not LABEL.match(c.text) and not INDICATOR_WORD.match(c.text))


# First words of job titles (jabatan pelaksana and fungsional) printed as a staff member's block
# header. A sasaran ("Tersedianya ...") or a kegiatan ("Pengelolaan ...") never starts with one.
_JOB_TITLE = re.compile(
    r"^(?:analis|pengadministrasi|pengumpul|pengolah|operator|caraka|pengelola|perencana|pengkaji|pranata|"
    r"bendahara|verifikator|penyusun|arsiparis|auditor|pengemudi|penata|petugas|teknisi|juru|statistisi|"
    r"pramu\w*|staf|pelaksana|penyuluh|pengawas|pemeriksa|penelaah|fasilitator|pustakawan|widyaiswara|"
    r"pengantar|pemroses|pengurus|penerjemah|administrator|pengevaluasi|pengendali)\b",
    re.I,
)


def _job_title(c: SheetCell, known: set[str]) -> bool:
    """A staff title heading its own block inside a column: a title already printed as a block
    header, or a plain name starting with a job-title word."""
    return _plain_name(c) and (c.text.lower() in known or bool(_JOB_TITLE.match(c.text)))


def _stacked(band: list[SheetCell], known: set[str]) -> list[tuple[Optional[SheetCell], list[SheetCell]]]:
    """A column band in which further staff titles are printed under the first block's cells:
    each title starts its own block (None: the cells before the first title, under the header)."""
    out: list[tuple[Optional[SheetCell], list[SheetCell]]] = [(None, [])]
    for c in sorted(band, key=lambda c: (c.r0, c.c0)):
        if _job_title(c, known):
            out.append((c, []))
        else:
            out[-1][1].append(c)
    return [(t, cs) for t, cs in out if t is not None or cs]


def _bands(cells: list[SheetCell], c_lo: int, c_hi: int) -> list[tuple[int, int]]:
    """Side-by-side columns inside a block: where one row repeats a header ("Sasaran 1 |
    Sasaran 2", "Indikator : | Indikator :"), each repeat starts a column band."""
    best: list[int] = []
    rows: dict[int, list[SheetCell]] = {}
    for c in cells:
        rows.setdefault(c.r0, []).append(c)
    for cs in rows.values():
        starts = sorted(c.c0 for c in cs if HEAD.match(c.text) or LABEL.match(c.text))
        if len(starts) > len(best):
            best = starts
    if len(best) < 2:
        return [(c_lo, c_hi)]
    best[0] = c_lo
    return [(a, (best[i + 1] - 1) if i + 1 < len(best) else c_hi) for i, a in enumerate(best)]


def _pt_box(xs: list[float], ys: list[float], r0: int, c0: int, r1: int, c1: int) -> tuple[float, float, float, float]:
    return (xs[c0 - 1], ys[r0 - 1], xs[c1], ys[r1])


def position_blocks(ws, number: int, start: int, xs: list[float], ys: list[float]) -> Optional[DiagramPage]:
    """A cascade sheet printed as rows of position headers, each heading the block of cells
    under it up to the next header row: one box per block (per column band of a block)."""
    cells = sheet_cells(ws)
    heads = _position_rows(cells)
    if len(heads) < 2:
        return None
    head_rows = sorted(heads)
    titles = {c.text.lower() for cs in heads.values() for c in cs}
    boxes: list[Box] = []
    for k, r in enumerate(head_rows):
        r_end = head_rows[k + 1] - 1 if k + 1 < len(head_rows) else ws.max_row
        row_heads = heads[r]
        row_tiers = Counter(t for t in (tier_of(h.text) for h in row_heads) if t)
        row_tier = row_tiers.most_common(1)[0][0] if row_tiers else "fungsional"
        for j, h in enumerate(row_heads):
            c_hi = row_heads[j + 1].c0 - 1 if j + 1 < len(row_heads) else ws.max_column
            inside = [c for c in cells if r < c.r0 <= r_end and h.c0 <= c.c0 <= c_hi]
            for lo, hi in _bands(inside, h.c0, c_hi):
                band = [c for c in inside if lo <= c.c0 <= hi]
                for title, part in _stacked(band, titles) if row_tier == "fungsional" else [(None, band)]:
                    top = title or h
                    head = CellText(_pt_box(xs, ys, top.r0, lo, top.r1, hi), [(_pt_box(xs, ys, top.r0, lo, top.r1, hi), top.text)], top.fill)
                    body = [CellText(_pt_box(xs, ys, c.r0, lo, c.r1, hi), [(_pt_box(xs, ys, c.r0, c.c0, c.r1, c.c1), c.text)], c.fill)
                            for c in part]
                    box = make_box([head, *body], number, start + len(boxes))
                    box.tier = tier_of(top.text) or row_tier
                    box.label = top.text  # the position heads the block: it is the org unit
                    box.fills = {c.text: c.fill for c in part if c.fill is not None}
                    boxes.append(box)
    pb = PageBoxes(boxes)
    pb.parents = _colour_parents(boxes)
    pb.links = dict.fromkeys(pb.parents, "colour")
    for child, parent in _numbered_parents(boxes).items():
        if child not in pb.parents:
            pb.parents[child], pb.links[child] = parent, "numbering"
    build_tree(pb, [])
    set_kinds(boxes)
    # the sheet's title cells above the first header row ("PENGUKURAN KINERJA ... TAHUN 2016")
    # head no block: they are the page's title lines
    titles_above = [Paragraph(c.text, page=number, line=c.r0, bbox=_pt_box(xs, ys, c.r0, c.c0, c.r1, c.c1), heading=True)
                    for c in cells if c.r0 < head_rows[0]]
    return DiagramPage(boxes, [], titles_above)


def _colour_parents(boxes: list[Box]) -> dict[int, int]:
    """A cascade coloured by lineage: the nearest box above of a higher tier whose sasaran fill
    is the same colour is the parent."""
    out: dict[int, int] = {}
    for b in boxes:
        if b.fill is None or b.tier not in RANK:
            continue
        above = [a for a in boxes if a.fill == b.fill and a.tier in RANK and RANK[a.tier] < RANK[b.tier]
                 and a.bbox[3] <= b.bbox[1] + 1]
        if above:
            def key(a: Box) -> tuple:
                overlap = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
                return (overlap > 0, RANK[a.tier], a.bbox[3])

            out[b.index] = max(above, key=key).index
    return out


_SUB_NUMBER = re.compile(r"^\s*(\d{1,2})\.\d{1,2}\b")
_SASARAN_NUMBER = re.compile(r"^\s*sasaran\s+(\d{1,2})\W*$", re.I)


def _numbered_parents(boxes: list[Box]) -> dict[int, int]:
    """A cascade numbered by lineage: indicators "1.1", "1.2" serve "Sasaran 1", so the one box of
    the nearest higher tier above that prints "Sasaran 1" is the parent (when the fills disagree)."""
    out: dict[int, int] = {}
    for b in boxes:
        if b.tier not in RANK:
            continue
        numbers = {m.group(1) for m in map(_SUB_NUMBER.match, b.text.split("\n")) if m}
        above = [a for a in boxes if a.tier in RANK and RANK[a.tier] < RANK[b.tier] and a.bbox[3] <= b.bbox[1] + 1]
        if len(numbers) != 1 or not above:
            continue
        nearest = max(RANK[a.tier] for a in above)
        (n,) = numbers
        named = [a for a in above if RANK[a.tier] == nearest
                 and any((m := _SASARAN_NUMBER.match(line)) and m.group(1) == n for line in a.text.split("\n"))]
        if len(named) == 1:
            out[b.index] = named[0].index
    return out
