"""Excel reader (.xlsx via openpyxl): a plain table sheet -> layout tables; a cascading sheet
(position blocks, coloured sasaran cells, framed columns) -> the same boxes a drawn diagram gives.

A sheet is laid out in points (column widths, row heights) and turned into the page geometry the
PDF diagram reader works on: cell borders are drawn segments, solid fills are fills, and each
non-empty cell (a merged range counts once) is a printed word at its centre. So one set of rules
finds boxes, tiers and parents for both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import re
from collections import Counter
from dataclasses import dataclass

from ingest.columns import is_header_row, role_of
from ingest.layout import Box, Cell, Layout, Page, Paragraph, ReadIssue, Row, Table
from ingest.readers.unsupported import UnsupportedInput
from ingest.readers.ooxml_guard import check_xlsx
from ingest.readers.xlsx_shapes import add_shapes, place, sheet_shapes
from ingest.readers.diagram import diagram_from_geometry
from ingest.readers.diagram_boxes import HEAD, LABEL, DiagramPage, make_box
from ingest.readers.diagram_cells import CellText
from ingest.readers.diagram_kinds import set_kinds
from ingest.tables_geom import Word
from ingest.readers.diagram_geometry import Fill, Geometry
from ingest.readers.diagram_tree import RANK, PageBoxes, build_tree, tier_of

_PT_PER_CHAR = 5.25  # Excel column width unit (one '0' of the default font) in points
_DEFAULT_WIDTH = 8.43
_DEFAULT_HEIGHT = 15.0


def _color(cell) -> Optional[tuple[float, float, float]]:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = getattr(fill.fgColor, "rgb", None)
    if not isinstance(rgb, str) or len(rgb) < 6:
        return None  # theme or indexed colours carry no RGB here
    h = rgb[-6:]
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _grid(ws) -> list[list[str]]:
    return [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]


MAX_SHEET_CELLS = 2_000_000  # rows x columns; past it a sheet is read from its filled cells only


def _filled_grid(ws) -> list[list[str]]:
    """The filled cells of a huge sparse sheet (one value at A1, one at XFD1048576) as a grid of
    its filled rows and columns: linear in the cells stored, not in the sheet's area."""
    filled = {(r, c): _text(cell.value) for (r, c), cell in ws._cells.items() if cell.value is not None}
    filled = {k: t for k, t in filled.items() if t}
    cols = sorted({c for _, c in filled})
    if len(cols) > 256:  # not a table: one value a row, in reading order
        return [[t] for _, t in sorted(filled.items())]
    index = {c: i for i, c in enumerate(cols)}
    rows: dict[int, list[str]] = {}
    for (r, c), t in filled.items():
        rows.setdefault(r, [""] * len(cols))[index[c]] = t
    return [rows[r] for r in sorted(rows)]


def _refusal(exc: BaseException | None) -> DefusedXmlException | None:
    """The defusedxml refusal behind an openpyxl load error, if that is what it is."""
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _note_formulas(layout: Layout, page: int, title: str, cells: list[str]) -> None:
    if cells:
        shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
        layout.issues.append(ReadIssue(stage="formulas", page=page, message=(
            f"sheet {title!r}: {len(cells)} formula cell(s) without a stored value ({shown}) read as empty; "
            "formulas are never evaluated: open and save the file in Excel or LibreOffice to store their values")))


def _is_plain_table(rows: list[list[str]]) -> bool:
    """A header row near the top and most filled rows with three or more values."""
    filled = [r for r in rows if sum(1 for t in r if t) >= 1]
    if len(filled) < 3:
        return False
    head = next((i for i, r in enumerate(filled[:8]) if _names_columns(r)), None)
    if head is None:
        return False
    body = filled[head + 1:]
    wide = sum(1 for r in body if sum(1 for t in r if t) >= 3)
    return bool(body) and wide >= 0.6 * len(body)


def _names_columns(texts: list[str]) -> bool:
    """A header row naming two different column roles ("Sasaran 1 | Sasaran 2" does not)."""
    if not is_header_row(Row.from_texts(texts)):
        return False
    return len({role_of(t) for t in texts if t} - {None, "year", "no"}) >= 2


def _sheet_table(rows: list[list[str]], page: int, index: int) -> Table:
    out = [Row([Cell(t) for t in r], page=page, line=n + 1) for n, r in enumerate(rows)]
    return Table(rows=[r for r in out if not r.is_empty()], page=page, index=index)


def sheet_geometry(ws) -> tuple[Geometry, list[Word], list[float], list[float]]:
    """Borders, fills and cell texts of a sheet in points."""
    max_row, max_col = ws.max_row, ws.max_column
    xs = [0.0]
    for c in range(1, max_col + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        width = dim.width if dim is not None and dim.width else _DEFAULT_WIDTH
        xs.append(xs[-1] + (0 if dim is not None and dim.hidden else width * _PT_PER_CHAR))
    ys = [0.0]
    for r in range(1, max_row + 1):
        dim = ws.row_dimensions.get(r)
        height = dim.height if dim is not None and dim.height else _DEFAULT_HEIGHT
        ys.append(ys[-1] + (0 if dim is not None and dim.hidden else height))
    span: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        span[(rng.min_row, rng.min_col)] = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        covered.update((r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1))
    geo = Geometry()
    words: list[Word] = []
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        for cell in row:
            r, c = cell.row, cell.column
            if (r, c) in covered and (r, c) not in span:
                continue  # inside a merged range: drawn by its first cell
            r0, c0, r1, c1 = span.get((r, c), (r, c, r, c))
            x0, y0, x1, y1 = xs[c0 - 1], ys[r0 - 1], xs[c1], ys[r1]
            b = cell.border
            if b is not None:
                if b.top is not None and b.top.style:
                    geo.hsegs.append((y0, x0, x1))
                if b.bottom is not None and b.bottom.style:
                    geo.hsegs.append((y1, x0, x1))
                if b.left is not None and b.left.style:
                    geo.vsegs.append((x0, y0, y1))
                if b.right is not None and b.right.style:
                    geo.vsegs.append((x1, y0, y1))
            color = _color(cell)
            if color is not None and min(color) < 0.97:
                geo.fills.append(Fill((x0, y0, x1, y1), color))
                geo.hsegs.extend([(y0, x0, x1), (y1, x0, x1)])
                geo.vsegs.extend([(x0, y0, y1), (x1, y0, y1)])
            text = _text(cell.value)
            if text and x1 > x0 and y1 > y0:
                cy = (y0 + y1) / 2
                h = min(ys[r0] - ys[r0 - 1], y1 - y0) / 4  # a small glyph height: rows read as lines
                words.append(Word(x0 + 1, cy - h, x1 - 1, cy + h, text))
    return geo, words, xs, ys


# --- cascade sheets laid out by position ---------------------------------------------------------

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
            text = _text(cell.value)
            if not text:
                continue
            r1, c1 = span.get((cell.row, cell.column), (cell.row, cell.column))
            color = _color(cell)
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
    return DiagramPage(boxes, [], [])


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


def read_xlsx(path: Path) -> Layout:
    """Every sheet: a plain table stays a table, anything else is read as a diagram."""
    layout = Layout(source_path=str(path), reader="xlsx")
    package = check_xlsx(path)
    try:  # stored values only (no formula is evaluated), external links dropped, not followed
        wb = load_workbook(package.data, data_only=True, keep_links=False)
    except (DefusedXmlException, ValueError) as exc:  # openpyxl wraps the refusal in a ValueError
        why = _refusal(exc)
        if why is None:
            raise
        raise UnsupportedInput(f"refused: the workbook's XML declares entities ({type(why).__name__}); "
                               "entities are never expanded (XXE, entity bombs)") from exc
    layout.issues.extend(ReadIssue(stage="sheet guard", message=n) for n in package.notes)
    shapes = sheet_shapes(package.data)
    try:
        for number, ws in enumerate(wb.worksheets, start=1):
            _note_formulas(layout, number, ws.title, package.formulas_without_value.get(ws.title, []))
            layout.pages.append(Page(number=number))
            if ws.title:
                layout.blocks.append(Paragraph(ws.title, page=number, heading=True))
            if ws.max_row * ws.max_column > MAX_SHEET_CELLS:
                rows = _filled_grid(ws)
                layout.issues.append(ReadIssue(stage="sheet guard", page=number, message=(
                    f"sheet {ws.title!r} spans {ws.dimensions} ({ws.max_row * ws.max_column:,} cells): read as a "
                    f"table of its {len(rows)} filled rows and their filled columns, without its drawing")))
                layout.blocks.append(_sheet_table(rows, number, len(list(layout.tables()))))
                continue
            rows = _grid(ws)
            if _is_plain_table(rows):
                layout.blocks.append(_sheet_table(rows, number, len(list(layout.tables()))))
                continue
            geo, words, xs, ys = sheet_geometry(ws)
            layout.pages[-1].width, layout.pages[-1].height = xs[-1], ys[-1]
            dp = position_blocks(ws, number, len(layout.boxes), xs, ys)
            if dp is None:
                reach = add_shapes(place(shapes.get(ws.title, []), xs, ys), geo, words)  # text boxes, connectors
                width, height = layout.pages[-1].width, layout.pages[-1].height = max(xs[-1], reach[0]), max(ys[-1], reach[1])
                dp = diagram_from_geometry(geo, words, width * height, number, len(layout.boxes))
            layout.blocks.extend(dp.paragraphs)
            layout.boxes.extend(dp.boxes)
            layout.connectors.extend(dp.connectors)
    finally:
        wb.close()
    return layout
