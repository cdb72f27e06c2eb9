"""Diagram reading: a PDF page's vector drawings and words -> boxes, connectors, free labels.

Pohon kinerja and cascading sheets are drawn, not tabled: boxes with a coloured header band,
stacked cells, small year tables, arrows between tiers. Each word is placed in its *cell* (the
nearest drawn edge above, below, left and right of it); cells that share an edge form one box;
a stack of boxes drawn touching is split where a new full-width header starts. Words in no cell
are free labels (titles, tier bands such as "ESELON II" at the margin). Connectors are the drawn
marks between boxes. `read_diagram_page` is a pure function of a page, so any PDF reader can
call it per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ingest.columns import role_of
from ingest.layout import Box, Cell, Connector, Paragraph, Row, Table
from ingest.readers.diagram_geometry import TOL, Geometry, Grid, RayCaster, page_geometry
from ingest.readers.raster import add_raster_tables, map_bbox
from ingest.readers.diagram_text import Word, free_lines, join_lines, text_lines, union
from ingest.readers.diagram_lists import CodedRow, UnitList, unit_lists, unit_rank, unit_tier
from ingest.readers.diagram_tree import (
    RANK, PageBoxes, assign_band_tiers, assign_legend_tiers, build_tree, hang_across_pages, legend_boxes,
    tier_of)

BBox = tuple[float, float, float, float]

# A header line that opens a box (or a new box in a stack drawn touching).
HEAD = re.compile(
    r"^\W*(kinerja\s+utama|sasaran|tujuan|misi|visi|program|kegiatan|sub\s*-?\s*kegiatan|es+elon|kepala|"
    r"sekretaris|kabid|kasubbag|kasi|iku\b)",
    re.I,
)
LABEL = re.compile(r"^\W*(indikator(\s+kinerja)?(\s+utama)?|iku|ikk)\b", re.I)
# A unit's own header: blocks of units drawn touching side by side split under these.
UNIT_HEAD = re.compile(r"^\W*(kepala|sekretaris|kabid|kasubb?ag|kasi|es+elon|bidang|seksi|sub\s*bag\w*|bagian|uptd?)\b", re.I)
_MAX_CELL_SHARE = 0.4  # a "cell" covering this much of the page is a frame, not a box


@dataclass(slots=True)
class CellText:
    bbox: BBox  # the drawn cell
    lines: list[tuple[BBox, str]] = field(default_factory=list)
    fill: Optional[tuple[float, float, float]] = None

    @property
    def text(self) -> str:
        return join_lines(self.lines, self.bbox[2])


@dataclass(slots=True)
class DiagramPage:
    boxes: list[Box]
    connectors: list[Connector]
    paragraphs: list[Paragraph]


def _cells(words: list[Word], geo: Geometry, page_area: float) -> tuple[list[CellText], list[Word]]:
    """Each word into the cell its drawn walls enclose; words without walls are free."""
    caster = RayCaster(geo.hsegs, geo.vsegs)
    by_cell: dict[tuple[int, ...], list[Word]] = {}
    free: list[Word] = []
    for w in words:
        cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
        cell = caster.cell(cx, cy)
        if cell is None or (cell[2] - cell[0]) * (cell[3] - cell[1]) > _MAX_CELL_SHARE * page_area:
            free.append(w)
            continue
        by_cell.setdefault(tuple(round(v, 1) for v in cell), []).append(w)  # type: ignore[arg-type]
    by_cell = _cut_cells(_same_cells(by_cell))
    fills = Grid()
    for i, f in enumerate(geo.fills):
        fills.add(i, f.bbox)
    cells = []
    for key, ws in by_cell.items():
        bbox: BBox = key  # type: ignore[assignment]
        cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
        inside = [geo.fills[i] for i in fills.near((cx, cy, cx, cy))
                  if geo.fills[i].bbox[0] - TOL <= bbox[0] and bbox[2] <= geo.fills[i].bbox[2] + TOL
                  and geo.fills[i].bbox[1] - TOL <= bbox[1] and bbox[3] <= geo.fills[i].bbox[3] + TOL]
        fill = None
        if inside:
            smallest = min(inside, key=lambda f: (f.bbox[2] - f.bbox[0]) * (f.bbox[3] - f.bbox[1]))
            fill = smallest.color
        cells.append(CellText(bbox, text_lines(ws), fill))
    cells.sort(key=lambda c: (c.bbox[1], c.bbox[0]))
    return cells, free


def _same_cells(by_cell: dict[tuple[float, ...], list[Word]]) -> dict[tuple[float, ...], list[Word]]:
    """Rays cast from different words of one cell can stop at walls drawn a hair apart (a
    double border): cells whose four edges agree within 2 * TOL are one cell."""
    keys = list(by_cell)
    grid = Grid()
    for i, k in enumerate(keys):
        grid.add(i, (k[0], k[1], k[0], k[1]))  # by the top-left corner: only near twins are candidates
    into: dict[int, int] = {}
    d = 2 * TOL
    for i, k in enumerate(keys):
        if i in into:
            continue
        for j in grid.near((k[0] - d, k[1] - d, k[0] + d, k[1] + d)):
            o = keys[j]
            if (j > i and j not in into and abs(k[0] - o[0]) <= d and abs(k[1] - o[1]) <= d
                    and abs(k[2] - o[2]) <= d and abs(k[3] - o[3]) <= d):
                into[j] = i
    if not into:
        return by_cell
    out: dict[tuple[float, ...], list[Word]] = {}
    for i, k in enumerate(keys):
        if i not in into:
            out[k] = list(by_cell[k])
    for j, i in into.items():
        out[keys[i]].extend(by_cell[keys[j]])
    return out


_CUT = 0.15  # a wall with this share of a word's width on either side runs through the word


def _cut_cells(by_cell: dict[tuple[float, ...], list[Word]]) -> dict[tuple[float, ...], list[Word]]:
    """A line drawn through a printed sentence (a connector crossing a box) is no wall: the two
    cells either side of a wall that cuts a word in two are one cell."""
    keys = list(by_cell)
    into: dict[int, int] = {}
    edges: dict[tuple[int, int], list[int]] = {}  # (side, wall position in TOL steps) -> cells
    for j, o in enumerate(keys):
        for side in (0, 2):
            edges.setdefault((side, round(o[side] / TOL)), []).append(j)

    def root(i: int) -> int:
        while i in into:
            i = into[i]
        return i

    def beyond(i: int, side: int, wall: float, cy: float) -> Optional[int]:
        """The first cell whose `side` edge is this wall at the word's height."""
        step = round(wall / TOL)
        found = [j for s in (step - 1, step, step + 1) for j in edges.get((side, s), ())
                 if j != i and abs(keys[j][side] - wall) <= TOL and keys[j][1] <= cy <= keys[j][3]]
        return min(found, default=None)

    for i, k in enumerate(keys):
        for w in by_cell[k]:
            width = w.bbox[2] - w.bbox[0]
            cy = (w.bbox[1] + w.bbox[3]) / 2
            for wall, side in ((k[2], 0), (k[0], 2)):  # its right wall (a left wall beyond), its left wall
                if not (w.bbox[2] - wall > _CUT * width and wall - w.bbox[0] > _CUT * width):
                    continue
                j = beyond(i, side, wall, cy)
                if j is not None and root(j) != root(i):
                    into[root(j)] = root(i)
    if not into:
        return by_cell
    groups: dict[int, list[int]] = {}
    for i in range(len(keys)):
        groups.setdefault(root(i), []).append(i)
    out: dict[tuple[float, ...], list[Word]] = {}
    for members in groups.values():
        key = tuple(union([keys[i] for i in members]))  # type: ignore[misc]
        out.setdefault(key, []).extend(w for i in members for w in by_cell[keys[i]])
    return out


def _touch(a: BBox, b: BBox) -> bool:
    """Two cells share an edge (or one holds the other)."""
    ox = min(a[2], b[2]) - max(a[0], b[0])
    oy = min(a[3], b[3]) - max(a[1], b[1])
    return (ox > TOL and oy > -TOL) or (oy > TOL and ox > -TOL)


def _components(cells: list[CellText]) -> list[list[int]]:
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grid = Grid()
    for i, c in enumerate(cells):
        b = c.bbox
        grid.add(i, (b[0] - TOL, b[1] - TOL, b[2] + TOL, b[3] + TOL))
    for i, c in enumerate(cells):
        for j in grid.near(c.bbox):
            if j > i and _touch(c.bbox, cells[j].bbox):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(cells)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _first_line(cell: CellText) -> str:
    return cell.lines[0][1] if cell.lines else ""


def _head_word(cell: CellText) -> str:
    m = HEAD.match(_first_line(cell))
    return re.sub(r"\s+", " ", m.group(1).lower()) if m else ""


def _split_stack(cells: list[CellText]) -> list[list[CellText]]:
    """A column of boxes drawn touching: a new box starts at each full-width header cell."""
    bbox = union([c.bbox for c in cells])
    width = bbox[2] - bbox[0]
    heads = [c for c in cells if (c.bbox[2] - c.bbox[0]) >= 0.8 * width and HEAD.match(_first_line(c))]
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
            if h.bbox[1] <= c.bbox[1] + TOL:
                k = i
        groups[k].append(c)
    return [g for g in groups if g]


def _split_columns(cells: list[CellText]) -> list[list[CellText]]:
    """Unit blocks drawn touching side by side (a grid of sections, each headed by its unit):
    every cell under a unit header's width belongs to that unit; cells spanning several units
    (a band above them) stay together."""
    heads = [c for c in cells if UNIT_HEAD.match(_first_line(c))]
    heads.sort(key=lambda c: c.bbox[0])
    cols: list[CellText] = []
    for h in heads:  # side by side: no two header columns overlap
        if cols and h.bbox[0] < cols[-1].bbox[2] - TOL:
            continue
        cols.append(h)
    if len(cols) < 2:
        return [cells]
    groups: list[list[CellText]] = [[] for _ in cols]
    rest: list[CellText] = []
    for c in cells:
        k = next((i for i, h in enumerate(cols)
                  if h.bbox[0] - TOL <= c.bbox[0] and c.bbox[2] <= h.bbox[2] + TOL and c.bbox[1] >= h.bbox[1] - TOL), None)
        (groups[k] if k is not None else rest).append(c)
    return [g for g in [rest, *groups] if g]


def cells_table(cells: list[CellText], page: int) -> Table:
    """A box's cells as a grid: one row per distinct top edge, one column per distinct left edge;
    a cell spanning columns keeps its text in its first column."""
    lefts: list[float] = []
    for x in sorted(c.bbox[0] for c in cells):
        if not lefts or x - lefts[-1] > 2 * TOL:
            lefts.append(x)
    tops: list[float] = []
    for y in sorted(c.bbox[1] for c in cells):
        if not tops or y - tops[-1] > 2 * TOL:
            tops.append(y)

    def slot(values: list[float], v: float) -> int:
        return min(range(len(values)), key=lambda i: abs(values[i] - v))

    grid: list[list[Cell]] = [[Cell("") for _ in lefts] for _ in tops]
    for c in cells:
        r, k = slot(tops, c.bbox[1]), slot(lefts, c.bbox[0])
        span = sum(1 for x in lefts[k:] if x < c.bbox[2] - TOL)
        old = grid[r][k].text
        grid[r][k] = Cell(f"{old}\n{c.text}".strip() if old else c.text, bbox=c.bbox, colspan=max(span, 1))
    rows = [Row(cells=g, page=page, bbox=None) for g in grid]
    for row in rows:
        boxes = [c.bbox for c in row.cells if c.bbox]
        row.bbox = union(boxes) if boxes else None
    return Table(rows=[r for r in rows if not r.is_empty()], page=page, bbox=union([c.bbox for c in cells]))


def _label(cells: list[CellText], width: float) -> Optional[str]:
    """The header band of a box: its top cell's first line when that is a label."""
    top = cells[0]
    line = _first_line(top)
    alone = not any(c is not top and min(c.bbox[3], top.bbox[3]) - max(c.bbox[1], top.bbox[1]) > TOL for c in cells)
    if ((top.bbox[2] - top.bbox[0]) < 0.8 * width and not alone) or not (HEAD.match(line) or LABEL.match(line)):
        return None  # a band alone on its row heads the box even where column walls cut it short
    if UNIT_HEAD.match(line) and len(top.lines) <= 3 and len(top.text) <= 120:
        return re.sub(r"\s+", " ", top.text).strip()  # a unit's name wrapped in its header band
    for _, more in top.lines[1:3]:  # "... ESELON III (BIDANG TATARUANG DAN" / "JASA KONSTRUKSI)"
        if line.count("(") <= line.count(")"):
            break
        line = f"{line} {more}"
    head, sep, _ = line.partition(":")
    return head.strip() if sep and len(head) <= 48 else line.strip()


def _make_box(cells: list[CellText], page: int, index: int) -> Box:
    cells = sorted(cells, key=lambda c: (c.bbox[1], c.bbox[0]))
    bbox = union([c.bbox for c in cells])
    label = _label(cells, bbox[2] - bbox[0])
    return _box_of(cells, cells_table(cells, page), page, index, label, tier_of(label))


def _connectors(geo: Geometry, boxes: list[Box], page: int, siblings: list[list[int]]) -> list[Connector]:
    """Marks outside every box, joined where they touch; a mark network that reaches one box
    above and others below says the upper box is their parent."""
    grid = Grid()
    for i, b in enumerate(boxes):
        grid.add(i, b.bbox)

    def inside(m: BBox) -> bool:
        """A box's own walls and rules: wholly inside it, or from inside it along one of its walls
        (a wall drawn on past the box). A rule running on out of the box is its connector stub."""
        cx, cy = (m[0] + m[2]) / 2, (m[1] + m[3]) / 2
        for i in grid.near((cx, cy, cx, cy)):  # both need the mark's centre in the box
            b = boxes[i].bbox
            if b[0] - TOL <= m[0] and m[2] <= b[2] + TOL and b[1] - TOL <= m[1] and m[3] <= b[3] + TOL:
                return True
            if b[0] - TOL <= cx <= b[2] + TOL and b[1] - TOL <= cy <= b[3] + TOL and (
                    min(abs(cx - b[0]), abs(cx - b[2])) <= TOL or min(abs(cy - b[1]), abs(cy - b[3])) <= TOL):
                return True
        return False

    marks = [m for m in geo.marks if not inside(m)]
    parent = list(range(len(marks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    mgrid = Grid()
    grown = [(m[0] - 2 * TOL, m[1] - 2 * TOL, m[2] + 2 * TOL, m[3] + 2 * TOL) for m in marks]
    for i, g in enumerate(grown):
        mgrid.add(i, g)
    for i, g in enumerate(grown):
        for j in mgrid.near(g):
            if j > i and g[0] <= marks[j][2] and marks[j][0] <= g[2] and g[1] <= marks[j][3] and marks[j][1] <= g[3]:
                parent[find(j)] = find(i)
    nets: dict[int, list[int]] = {}
    for i in range(len(marks)):
        nets.setdefault(find(i), []).append(i)
    out: list[Connector] = []
    for members in nets.values():
        touched: set[int] = set()
        for i in members:
            for j in grid.near(grown[i]):
                b = boxes[j].bbox
                g = grown[i]
                if g[0] <= b[2] and b[0] <= g[2] and g[1] <= b[3] and b[1] <= g[3]:
                    touched.add(j)
        if len(touched) < 2:
            continue
        pts = [((marks[i][0] + marks[i][2]) / 2, (marks[i][1] + marks[i][3]) / 2) for i in members]
        heads: list[int] = []
        for j in touched:
            b = boxes[j]
            ups = [boxes[k] for k in touched if boxes[k].bbox[3] <= b.bbox[1] + TOL and _higher(boxes[k], b)]
            if not ups:
                heads.append(b.index)
                continue
            # a bus runs past several tiers: each box hangs from the nearest box above it on it
            src = max(ups, key=lambda a: (a.bbox[3], _overlap(a.bbox, b.bbox)))
            out.append(Connector(page=page, points=pts, source=src.index, target=b.index))
        if len(heads) >= 2:
            siblings.append(sorted(heads))  # a bus that joins boxes side by side: one parent
    return out


def _higher(a: Box, b: Box) -> bool:
    ra, rb = RANK.get(a.tier or ""), RANK.get(b.tier or "")
    return ra < rb if ra is not None and rb is not None else True


def _overlap(a: BBox, b: BBox) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0]))


def turn_matrix(page, turn: Optional[int]) -> tuple[float, ...]:
    """Unrotated page space -> the upright sheet: by a quarter turn the caller measured (the
    direction the text runs), else by the page's /Rotate."""
    if turn is None:
        return tuple(page.rotation_matrix)
    w, h = page.cropbox.width, page.cropbox.height
    return {
        90: (0.0, 1.0, -1.0, 0.0, h, 0.0),
        180: (-1.0, 0.0, 0.0, -1.0, w, h),
        270: (0.0, -1.0, 1.0, 0.0, 0.0, w),
    }.get(turn, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))


def read_diagram_page(page, number: int, start: int = 0, turn: Optional[int] = None) -> DiagramPage:
    """Boxes, connectors and free labels of one `fitz.Page` (1-based `number`); box indices
    start at `start` so pages can be appended to one Layout."""
    m = turn_matrix(page, turn)
    try:
        drawings = page.get_cdrawings()
    except AttributeError:  # older PyMuPDF
        drawings = page.get_drawings()
    geo = page_geometry(drawings, m)
    words = [Word(map_bbox(m, tuple(w[:4])), w[4]) for w in page.get_text("words")]
    add_raster_tables(page, m, geo, words, number)  # tables pasted in as pictures: OCR (raster.py)
    return diagram_from_geometry(geo, words, page.rect.width * page.rect.height, number, start)


def diagram_from_geometry(geo: Geometry, words: list[Word], page_area: float, number: int, start: int = 0) -> DiagramPage:
    """The reader-independent part: cells, boxes, stacks, connectors, tiers and parents."""
    cells, free = _cells(words, geo, page_area)
    lists, used = unit_lists(cells)
    rest = [c for i, c in enumerate(cells) if i not in used]
    groups: list[list[CellText]] = []
    heads: list[int] = []  # per group: the group heading its stack (itself when alone)
    for comp in _components(rest):
        group = [g for col in _split_columns([rest[i] for i in comp]) for g in _split_stack(col)]
        head = len(groups)
        for g in group:
            heads.append(head if len(group) > 1 else len(groups))
            groups.append(g)
    merged = merge_side_groups(groups)
    boxes: list[Box] = []
    stacks: dict[int, int] = {}
    made: dict[int, Box] = {}
    for k, g in enumerate(groups):
        if k in merged:
            continue
        made[k] = _make_box(g, number, start + len(boxes))
        boxes.append(made[k])
    for k, head in enumerate(heads):
        if head != k and k in made and head in made:
            stacks[made[k].index] = made[head].index
            stacks.setdefault(made[head].index, made[head].index)
    known: list[tuple[Box, Box]] = []
    units: list[tuple[UnitList, Box]] = []
    for u in lists:
        ubox = _unit_box(u, number, start + len(boxes))
        boxes.append(ubox)
        units.append((u, ubox))
        for row in u.rows:
            if row.kegiatan:
                kbox = _kegiatan_box(row, number, start + len(boxes))
                boxes.append(kbox)
                known.append((kbox, ubox))
    unit_links = _unit_parents(units)
    known.extend(unit_links)
    known.extend(_summary_parents(boxes))
    legend = legend_boxes(boxes)
    bands = [(b.bbox, b.tier or "") for b in legend]
    boxes = [b for b in boxes if b not in legend]
    boxes.sort(key=lambda b: (b.bbox[1], b.bbox[0]))
    remap = {b.index: start + i for i, b in enumerate(boxes)}
    for b in boxes:
        b.index = remap[b.index]
    stacks = {remap[k]: remap[v] for k, v in stacks.items() if k in remap and v in remap}
    paragraphs = [Paragraph(text, page=number, bbox=bbox) for bbox, text in free_lines(free)]
    assign_legend_tiers(boxes, bands)
    assign_band_tiers(boxes, paragraphs)
    siblings: list[list[int]] = []
    connectors = _connectors(geo, boxes, number, siblings)
    parents = {child.index: parent.index for child, parent in known}
    build_tree(PageBoxes(boxes, stacks, parents=parents, siblings=siblings), connectors)
    heads = {id(up) for _, up in unit_links}
    for u, ubox in units:  # set after the tree: a legend band's rank placed the unit in it
        ubox.tier = unit_tier(u.name, id(ubox) in heads)
    return DiagramPage(boxes, connectors, paragraphs)


def _box_of(cells: list[CellText], table: Table, page: int, index: int, label: Optional[str], tier: Optional[str]) -> Box:
    """A box of these cells; its fill is the first coloured one (a header band's)."""
    fill = next((c.fill for c in cells if c.fill is not None and min(c.fill) < 0.97), None)
    return Box(text="\n".join(c.text for c in cells), page=page, bbox=union([c.bbox for c in cells]), fill=fill,
               label=label, tier=tier, table=table, index=index)


def _split_by_codes(row: CodedRow) -> list[tuple[str, str, BBox]]:
    """'2.1.1 / 2.1.1 / 2.1.1' beside one text cell holding three indicators: each code takes
    the lines printed from its own line down to the next code."""
    codes = row.code.lines
    parts: list[list[tuple[BBox, str]]] = [[] for _ in codes]
    for bbox, text in row.text.lines:
        cy = (bbox[1] + bbox[3]) / 2
        k = max((i for i, (cb, _) in enumerate(codes) if cb[1] <= cy + TOL), default=0)
        parts[k].append((bbox, text))
    out = []
    for (cb, code), lines in zip(codes, parts):
        if lines:
            out.append((code.split()[0], join_lines(lines, row.text.bbox[2]).replace("\n", " "), union([cb] + [b for b, _ in lines])))
    return out


def _unit_box(u: UnitList, page: int, index: int) -> Box:
    """A unit header and its numbered indicators: one row per code, the header first."""
    rows = [Row([Cell(u.name, bbox=u.header.bbox)], page=page, bbox=u.header.bbox)]
    cells = [u.header]
    for r in u.rows:
        if r.kegiatan:
            continue
        cells.extend((r.code, r.text))
        for code, text, bbox in _split_by_codes(r):
            rows.append(Row([Cell(code, bbox=r.code.bbox), Cell(text, bbox=r.text.bbox)], page=page, bbox=bbox))
    table = Table(rows=rows, page=page, bbox=union([c.bbox for c in cells]))
    return _box_of(cells, table, page, index, u.name, tier_of(u.name))


def _kegiatan_box(r: CodedRow, page: int, index: int) -> Box:
    """A kegiatan row: code, name, then what is printed beside it (output, Anggaran, amount)."""
    sides = sorted(r.sides, key=lambda c: (c.bbox[0], c.bbox[1]))
    cells = [r.code, r.text, *sides]
    row = Row([Cell(c.text.replace("\n", " ") if c is r.text else c.text, bbox=c.bbox) for c in cells], page=page,
              bbox=union([c.bbox for c in cells]))
    height = max(r.code.bbox[3], r.text.bbox[3]) - min(r.code.bbox[1], r.text.bbox[1])
    own = union([c.bbox for c in cells if c.bbox[3] - c.bbox[1] <= 1.6 * height])  # not a frame shared with rows below
    row.bbox = own
    table = Table(rows=[row], page=page, bbox=own)
    box = _box_of(cells, table, page, index, None, tier_of(r.text.text))
    box.bbox = own
    return box


def _unit_parents(units: list[tuple[UnitList, Box]]) -> list[tuple[Box, Box]]:
    """A seksi hangs under the nearest bidang (a unit of the rank above) drawn over it."""
    out = []
    for u, box in units:
        rank = unit_rank(u.name)
        ups = [(b, v) for v, b in units if unit_rank(v.name) == rank - 1 and b.bbox[3] <= box.bbox[1] + TOL
               and _overlap(b.bbox, box.bbox) > 0]
        if ups:
            out.append((box, max(ups, key=lambda x: x[0].bbox[3])[0]))
    return out


_SUMMARY_ROLES = {"satuan", "target", "realisasi", "capaian", "kriteria", "tahun", "anggaran"}


def summary_roles(table: Table) -> Optional[dict[int, str]]:
    """A small table whose header row names only value columns (Satuan | Target | Realisasi |
    Capaian ...) and no indikator: column -> role (the first column of each role), else None."""
    if len(table.rows) < 2:
        return None
    head = [(k, c.text.strip()) for k, c in enumerate(table.rows[0].cells) if c.text.strip()]
    roles = [(k, role_of(t)) for k, t in head]
    if len(head) < 2 or any(r not in _SUMMARY_ROLES for _, r in roles):
        return None
    out: dict[int, str] = {}
    for (k, r), (_, text) in zip(roles, head):
        if r in ("target", "capaian") and _END_TARGET.search(text):
            out[k] = "keterangan"  # the Renstra end target (another year), or capaian against it
        elif r not in out.values():
            out[k] = r  # type: ignore[assignment]
    return out


_END_TARGET = re.compile(r"renstra|\bakhir\b", re.I)


def _summary_parents(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """A summary table drawn right under a box gives its values to that box."""
    out = []
    for box in boxes:
        if box.table is None or summary_roles(box.table) is None:
            continue
        ups = [b for b in boxes if b is not box and b.bbox[3] <= box.bbox[1] + TOL and _overlap(b.bbox, box.bbox) > 0
               and box.bbox[1] - b.bbox[3] <= 4 * _line_height(box)]
        if ups:
            out.append((box, max(ups, key=lambda b: b.bbox[3])))
    return out


def _line_height(box: Box) -> float:
    rows = [r.bbox[3] - r.bbox[1] for r in (box.table.rows if box.table else []) if r.bbox]
    return min(rows) if rows else 10.0


_COLUMN_WORD = re.compile(r"^\W*(?:target|anggaran|satuan|realisasi|capaian|pagu)\W*$", re.I)


def merge_side_groups(groups: list[list[CellText]]) -> set[int]:
    """A column drawn as its own small frame ("TARGET" over "70 %", "Anggaran" over an amount)
    belongs to the box it is drawn against: a header frame joins the value frame right under it,
    then the column joins the box at its left on the same row. Returns the groups merged away."""
    merged: set[int] = set()
    boxes = [union([c.bbox for c in g]) for g in groups]
    grid = Grid()
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
        under = [j for j in grid.near((b[0], b[3], b[2], b[3] + 2 * TOL)) if j != k and j not in merged
                 and 0 <= boxes[j][1] - b[3] <= 2 * TOL and _overlap(boxes[j], b) >= 0.5 * (b[2] - b[0])
                 and len(words(j)) <= 3]
        if len(under) == 1:
            join(k, under[0])
    for k in range(len(groups)):  # the column beside its box
        lines = words(k)
        if k in merged or not 2 <= len(lines) <= 4 or not _COLUMN_WORD.match(lines[0]):
            continue
        b = boxes[k]
        left = [j for j in grid.near((b[0] - 4 * TOL, b[1], b[0], b[3])) if j != k and j not in merged
                and 0 <= b[0] - boxes[j][2] <= 4 * TOL
                and min(b[3], boxes[j][3]) - max(b[1], boxes[j][1]) >= 0.5 * (b[3] - b[1])]
        if len(left) == 1:
            join(left[0], k)
    return merged


TABLE_PAGE = 0.8  # share of a page's words in tables above which the page is a table page


def is_diagram(dp: DiagramPage, table_share: float = 0.0, continues: bool = False) -> bool:
    """A page of boxes joined by connectors or headed by cascade labels, not a page whose ruled
    tables merely look like boxes. On a table page the boxes must name two or more tiers, or
    one when the page `continues` a diagram (the lowest tier of a tree carried over a page)."""
    labelled = [b for b in dp.boxes if _headed_content(b)]
    if len(labelled) < 2:
        return False  # cells of a table (a header cell alone is no box) carry no cascade content
    tiers = {tier_of(b.label) for b in labelled} - {None}
    if table_share >= TABLE_PAGE:  # a grid of ruled unit blocks, each naming its tier
        return len(tiers) >= (1 if continues else 2) and len(labelled) >= 3 and _side_by_side(dp.boxes)
    if dp.connectors:
        return True
    # captioned tables stacked down the page are a tabled cascade, not a drawing
    return len(labelled) >= 0.15 * len(dp.boxes) and _side_by_side(dp.boxes)


_HEADER_WORDS = re.compile(
    r"^(?:tujuan|sasaran|program|kegiatan|sub|indikator|kinerja|utama|satuan|target|realisasi|capaian|"
    r"dan|/|n/|tahun|strategis|renstra|no|uraian|pernyataan)[,.:/]*$", re.I)


def _headed_content(box: Box) -> bool:
    """A box with a cascade header and something under it that is not more header words (a
    table's header cell "Indikator Tujuan, Sasaran, Program" is not)."""
    if not box.label:
        return False
    rest = box.text[len(box.label):].split() if box.text.startswith(box.label) else box.text.split()[1:]
    words = [w for w in rest if any(ch.isalpha() for ch in w)]
    return len(words) >= 3 and sum(1 for w in words if _HEADER_WORDS.match(w)) < 0.5 * len(words)


def _side_by_side(boxes: list[Box]) -> bool:
    """Two boxes printed next to each other (one row of a tree), found by a sweep down the page."""
    ordered = sorted(boxes, key=lambda b: b.bbox[1])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.bbox[1] >= a.bbox[3] - TOL:
                break
            if min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0]) < TOL:
                return True
    return False


def _covered(bbox: Optional[BBox], boxes: list[Box]) -> bool:
    """Read from inside the boxes: its centre in one, or it runs through two or more of them (a
    line or table read straight across boxes drawn side by side)."""
    if bbox is None:
        return False
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    if any(b.bbox[0] - TOL <= cx <= b.bbox[2] + TOL and b.bbox[1] - TOL <= cy <= b.bbox[3] + TOL for b in boxes):
        return True
    half = 0.5 * (bbox[3] - bbox[1])
    crossed = [b for b in boxes if _overlap(bbox, b.bbox) > TOL and min(bbox[3], b.bbox[3]) - max(bbox[1], b.bbox[1]) > half]
    return len(crossed) >= 2


def pdf_page_hook(page, geo, content, layout) -> None:
    """`ingest.readers.pdf` PAGE_HOOKS entry: on a diagram page, add its boxes and connectors to
    the layout and drop the tables and paragraphs read from inside the boxes (the boxes hold
    that text now, so nothing is extracted twice)."""
    dp = read_diagram_page(page, geo.number, len(layout.boxes), turn=geo.rotation)
    continues = any(b.page == geo.number - 1 for b in layout.boxes)
    if not is_diagram(dp, getattr(content, "table_share", 0.0), continues):
        return
    layout.boxes.extend(dp.boxes)
    layout.connectors.extend(dp.connectors)
    hang_across_pages(layout.boxes, geo.number)  # earlier pages are all read by now
    content.tables = [t for t in content.tables if not _covered(t.bbox, dp.boxes)]
    content.paragraphs = [p for p in content.paragraphs if not _covered(p.bbox, dp.boxes)]
