"""Tables from geometry: words and ruling lines -> cells -> rows, for any reader that has boxes.

A chain of small pure steps, each testable on a few synthetic boxes (pdfplumber's design, over
PyMuPDF's faster words and drawings):

    segments  -> merge_segments -> ruled_regions -> grid_of -> grid_cells -> lattice_rows (tables_lattice)
    words     -> text_lines -> stream_columns -> stream_rows

Ruled (lattice) tables come from drawn lines; borderless (stream) tables from words that line up
under a header. A cell merged over several grid rows is emitted once, at its top, with empty
cells below it, exactly as a text conversion prints it, so extractors carry it down the same way.
Every tolerance lives in `TableSettings`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from ingest.layout import BBox, Cell, Row

# --- settings --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableSettings:
    """Tolerances in PDF points (1/72 inch)."""

    snap: float = 3.0  # segments this close on their axis are the same ruling line
    join: float = 3.0  # collinear segments with a gap this small are one line
    touch: float = 3.0  # a horizontal and a vertical line this close intersect
    line_width: float = 2.5  # a filled rectangle thinner than this is drawn as a line
    edge_cover: float = 0.8  # a grid edge exists when ruling covers this share of it
    frame_cover: float = 0.85  # share of each side of the outer frame that must be ruled
    min_cell: float = 2.0  # grid lines closer than this are one (double borders)
    line_overlap: float = 0.5  # words share a text line when their heights overlap this much
    word_gap: float = 0.6  # x gap, in line heights, that separates two cells in a stream line
    stream_row_gap: float = 1.1  # vertical gap, in line heights, that ends a stream table
    stream_new_row_gap: float = 0.45  # vertical gap, in line heights, that starts a new stream row
    cut_row_gap: float = 1.0  # a last row ending this close (line heights) to the text area's foot may be cut
    max_segments: int = 5000  # a page drawing more ruling lines is read from its text alone (a hatched map, a bomb)


DEFAULT_SETTINGS = TableSettings()


# --- primitives ------------------------------------------------------------------------------


@dataclass(slots=True)
class Word:
    """A printed word, in the coordinates of its reader (PDF points, OCR pixels scaled, cells)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    spaced: bool = False  # the source prints a space character before it (a gap it did not infer)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class Segment:
    """A ruling line: horizontal when `horizontal`, at `pos` (y or x) from `start` to `end`."""

    horizontal: bool
    pos: float
    start: float
    end: float


def within(g: Segment, box: BBox, tol: float) -> bool:
    """Whether a ruling line lies inside a box, give or take `tol`."""
    if g.horizontal:
        return box[1] - tol <= g.pos <= box[3] + tol and g.start >= box[0] - tol and g.end <= box[2] + tol
    return box[0] - tol <= g.pos <= box[2] + tol and g.start >= box[1] - tol and g.end <= box[3] + tol


@dataclass(slots=True)
class Grid:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    h: list[Segment] = field(default_factory=list)
    v: list[Segment] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


@dataclass(slots=True)
class GridCell:
    """A rectangle of grid slots (merged cells span several) and the words inside it."""

    top: int
    left: int
    bottom: int  # inclusive
    right: int  # inclusive
    words: list[Word] = field(default_factory=list)


def _bbox_of(words: Sequence[Word]) -> BBox:
    return (
        min(w.x0 for w in words),
        min(w.y0 for w in words),
        max(w.x1 for w in words),
        max(w.y1 for w in words),
    )


# --- text of a box ---------------------------------------------------------------------------

_HYPHEN_END = re.compile(r"(\w+)-$")
_TIGHT_SLASH = re.compile(r"[\w)]/$")
# A number the cell width cut: "7.477.615." + "000", "11.000.00" + "0.000", "8.000.000" + ".000".
_NUMBER_CUT = re.compile(r"(?:^|\s)\d{1,3}(?:[.,]\d{3})*[.,]\d{0,2}$")
_NUMBER_REST = re.compile(r"^[.,]?\d")
_WHOLE_NUMBER = re.compile(r"^(?:Rp\.?)?\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?[.,]?$")


def join_lines(lines: Iterable[str]) -> str:
    """Join the printed lines of one cell, repairing words hyphenated at a line end.

    "penyeleng-" + "garaan" -> "penyelenggaraan"; a reduplication keeps its hyphen
    ("rata-" + "rata" -> "rata-rata"), and so does a compound broken after its hyphen
    ("RKA-" + "SKPD" -> "RKA-SKPD"); a number wrapped in a narrow cell is joined back
    ("7.477.615." + "000"); a line break elsewhere is a space.
    """
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        m = _HYPHEN_END.search(out)
        if m and line[:1].islower():
            stem = m.group(1)
            first = re.match(r"\w+", line)
            if first and first.group(0).lower() == stem.lower():
                out += line  # reduplication: keep "rata-rata"
            else:
                out = out[:-1] + line
        elif m and line[:1].isalnum():
            out += line  # a compound broken after its hyphen
        elif ((_NUMBER_CUT.search(out) and _NUMBER_REST.match(line)) or re.match(r"[.,]\d{3}", line)) \
                and _WHOLE_NUMBER.match(out.rsplit(" ", 1)[-1] + line.split(" ", 1)[0]):
            out += line  # a long number wrapped inside a narrow cell (never two numbers: "87,50" "75,40")
        elif line[:1] == "%" and out[-1:].isdigit():
            out += line  # a percent sign wrapped under its number: "131.71" + "%"
        elif _TIGHT_SLASH.search(out) and (line[:1].isalnum() or line[:1] == "("):
            out += line  # "Kabupaten/" + "Kota": a slash printed tight on its left is tight on its right
        else:
            out = f"{out} {line}" if out else line
    return out


def text_lines(words: Sequence[Word], s: TableSettings = DEFAULT_SETTINGS) -> list[list[Word]]:
    """Words grouped into printed lines (top to bottom), each line left to right."""
    lines: list[list[Word]] = []
    ly0 = ly1 = 0.0  # vertical extent of the line being built
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines:
            overlap = min(ly1, w.y1) - max(ly0, w.y0)
            if overlap >= s.line_overlap * min(ly1 - ly0, w.y1 - w.y0):
                lines[-1].append(w)
                ly0, ly1 = min(ly0, w.y0), max(ly1, w.y1)
                continue
        lines.append([w])
        ly0, ly1 = w.y0, w.y1
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return lines


# Short words that do stand alone at the start of a line.
_SHORT_WORDS = {"di", "ke", "dan", "dr", "yg", "per", "pd", "the", "of", "and", "to", "in", "km", "kg", "ha", "m", "rp", "unit", "%"}


def _broken_word(line: Sequence[Word], nxt: Sequence[Word], left: float, right: float) -> bool:
    """A word wider than its cell, broken without a hyphen: a line holding one word, followed by
    a short lower-case fragment that is not a word of its own ("Satu" + "an", "Capai" + "an (%)",
    "N" + "o" in a narrow number column)."""
    head = line[-1]
    tail = re.match(r"[^\W\d_]{1,2}(?![^\W\d_])", nxt[0].text)
    if len(line) != 1 or tail is None or not tail.group(0).islower() or tail.group(0) in _SHORT_WORDS:
        return False
    if re.fullmatch(r"[^\W\d_]{1,2}", head.text):
        return len(head.text) + len(tail.group(0)) <= 3  # "N" + "o"
    first = nxt[0]
    tail_w = (first.x1 - first.x0) * len(tail.group(0)) / max(len(first.text), 1)
    too_wide = (head.x1 - head.x0) + tail_w > right - left  # the whole word fits on no line of the cell
    return len(head.text) >= 4 and head.text[-1].isalpha() and (head.x1 >= right - 1.0 or too_wide)


def text_of(words: Sequence[Word], s: TableSettings = DEFAULT_SETTINGS) -> str:
    return lines_text(text_lines(words, s))


def lines_text(lines: Sequence[Sequence[Word]]) -> str:
    """The text of a cell from its printed lines (`text_lines`), broken words and wrapped
    numbers joined."""
    if not lines:
        return ""
    left, right = min(w.x0 for ln in lines for w in ln), max(w.x1 for ln in lines for w in ln)
    parts = [" ".join(w.text for w in lines[0])]
    for prev, line in zip(lines, lines[1:]):
        text = " ".join(w.text for w in line)
        if _broken_word(prev, line, left, right):
            parts[-1] += text
        else:
            parts.append(text)
    return join_lines(parts)


# --- ruling lines -> grid --------------------------------------------------------------------


def merge_segments(segments: Iterable[Segment], s: TableSettings = DEFAULT_SETTINGS) -> list[Segment]:
    """Snap segments on their axis and join collinear pieces (a border drawn cell by cell)."""
    out: list[Segment] = []
    for horizontal in (True, False):
        group = sorted((g for g in segments if g.horizontal == horizontal), key=lambda g: g.pos)
        rows: list[list[Segment]] = []
        for g in group:
            if rows and g.pos - rows[-1][0].pos <= s.snap:
                rows[-1].append(g)
            else:
                rows.append([g])
        for row in rows:
            pos = sum(g.pos for g in row) / len(row)
            row.sort(key=lambda g: g.start)
            cur = Segment(horizontal, pos, row[0].start, row[0].end)
            for g in row[1:]:
                if g.start <= cur.end + s.join:
                    cur.end = max(cur.end, g.end)
                else:
                    out.append(cur)
                    cur = Segment(horizontal, pos, g.start, g.end)
            out.append(cur)
    return out


def _crosses(h: Segment, v: Segment, s: TableSettings) -> bool:
    return h.start - s.touch <= v.pos <= h.end + s.touch and v.start - s.touch <= h.pos <= v.end + s.touch


def ruled_regions(segments: Sequence[Segment], s: TableSettings = DEFAULT_SETTINGS) -> list[tuple[list[Segment], list[Segment]]]:
    """Groups of ruling lines that touch each other: each a candidate table (h lines, v lines)."""
    hs = [g for g in segments if g.horizontal]
    vs = [g for g in segments if not g.horizontal]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _crosses(h, v, s):
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _row_heights(hs: Sequence[Segment], s: TableSettings) -> list[float]:
    ys = _cluster((h.pos for h in hs), max(s.snap, s.min_cell))
    return [b - a for a, b in zip(ys, ys[1:])]


def stack_regions(regions: list[tuple[list[Segment], list[Segment]]], line_height: float,
                  s: TableSettings = DEFAULT_SETTINGS) -> list[tuple[list[Segment], list[Segment]]]:
    """Ruled blocks one on top of the other, as wide as each other, with a band of one line
    between them: one table whose row of one merged cell (a group title spanning the table) has
    no vertical line to join the blocks (an open frame draws no outer sides)."""
    def extent(hs: list[Segment]) -> tuple[float, float, float, float]:
        return (min(h.start for h in hs), min(h.pos for h in hs), max(h.end for h in hs), max(h.pos for h in hs))

    def framed(hs: list[Segment], vs: list[Segment]) -> bool:
        x0, _, x1, _ = extent(hs)
        return any(abs(v.pos - x0) <= 2 * s.snap for v in vs) and any(abs(v.pos - x1) <= 2 * s.snap for v in vs)

    ordered = sorted(regions, key=lambda r: extent(r[0])[1])
    out: list[tuple[list[Segment], list[Segment]]] = []
    for hs, vs in ordered:
        if out and not framed(*out[-1]) and not framed(hs, vs):  # a framed block's title rows have sides
            a = extent(out[-1][0])
            b = extent(hs)
            same_width = abs(a[0] - b[0]) <= 2 * s.snap and abs(a[2] - b[2]) <= 2 * s.snap
            row = min(_row_heights(out[-1][0] + hs, s), default=line_height)  # a one-line row of the table
            if same_width and 0 < b[1] - a[3] <= min(1.15 * row + 1, 2.4 * line_height):
                out[-1] = (out[-1][0] + hs, out[-1][1] + vs)
                continue
        out.append((list(hs), list(vs)))
    return out


def _cluster(values: Iterable[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _covered(segs: Sequence[Segment], pos: float, a: float, b: float, s: TableSettings) -> bool:
    """Ruling at `pos` covers most of the span a..b."""
    total = 0.0
    for g in segs:
        if abs(g.pos - pos) <= s.snap:
            total += max(0.0, min(g.end, b) - max(g.start, a))
    return total >= s.edge_cover * (b - a)


def _open_ends(vs: Sequence[Segment], xs: list[float], ys: list[float], s: TableSettings) -> list[Segment]:
    """Closing rules where both outer vertical lines run on past the top or bottom rule."""
    outer = [[v for v in vs if abs(v.pos - x) <= s.snap] for x in (xs[0], xs[-1])]
    if not all(outer):
        return []
    out: list[Segment] = []
    top = max(min(v.start for v in side) for side in outer)
    if top < ys[0] - s.join:
        out.append(Segment(True, top, xs[0], xs[-1]))
    bottom = min(max(v.end for v in side) for side in outer)
    if bottom > ys[-1] + s.join:
        out.append(Segment(True, bottom, xs[0], xs[-1]))
    return out


def _implicit_sides(hs: Sequence[Segment], xs: list[float], ys: list[float], s: TableSettings) -> list[Segment]:
    """An open frame: the horizontal rules run on past the outermost vertical line (the No. or
    Target column stands outside the vertical rules). The rules' common extent is the table's
    edge there, an implicit vertical side."""
    out: list[Segment] = []
    reach = 4 * s.snap
    starts = [min((h.start for h in hs if abs(h.pos - y) <= s.snap), default=xs[0]) for y in ys]
    ends = [max((h.end for h in hs if abs(h.pos - y) <= s.snap), default=xs[-1]) for y in ys]
    left = sorted(x for x in starts if x < xs[0] - reach)
    right = sorted(x for x in ends if x > xs[-1] + reach)
    if len(left) >= max(2, 0.6 * len(ys)):
        out.append(Segment(False, left[len(left) // 2], ys[0], ys[-1]))
    if len(right) >= max(2, 0.6 * len(ys)):
        out.append(Segment(False, right[len(right) // 2], ys[0], ys[-1]))
    return out


def grid_of(hs: Sequence[Segment], vs: Sequence[Segment], s: TableSettings = DEFAULT_SETTINGS) -> Optional[Grid]:
    """The row and column boundaries of a ruled region, if its outer frame is drawn. A table cut
    by a page break may have no rule above (or below) its part on this page: when both outer
    vertical lines run past the last horizontal one, their ends close the grid."""
    xs = _cluster((v.pos for v in vs), max(s.snap, s.min_cell))
    ys = _cluster((h.pos for h in hs), max(s.snap, s.min_cell))
    if len(xs) < 2 or len(ys) < 2:
        return None
    hs = list(hs) + _open_ends(vs, xs, ys, s)
    ys = _cluster((h.pos for h in hs), max(s.snap, s.min_cell))
    vs = list(vs) + _implicit_sides(hs, xs, ys, s)
    xs = _cluster((v.pos for v in vs), max(s.snap, s.min_cell))
    grid = Grid(xs, ys, list(hs), vs)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows * n_cols < 2:
        return None  # one box: a frame or a diagram node, not a table
    def share(ruled: list[bool]) -> float:
        return sum(ruled) / len(ruled)

    top = share([_covered(hs, ys[0], xs[j], xs[j + 1], s) for j in range(n_cols)])
    bottom = share([_covered(hs, ys[-1], xs[j], xs[j + 1], s) for j in range(n_cols)])
    left = share([_covered(vs, xs[0], ys[i], ys[i + 1], s) for i in range(n_rows)])
    right = share([_covered(vs, xs[-1], ys[i], ys[i + 1], s) for i in range(n_rows)])
    # both sides ruled, and the top or the bottom (the other may be open at a page break)
    if min(left, right, max(top, bottom)) < s.frame_cover:
        return None
    return grid


def grid_cells(grid: Grid, s: TableSettings = DEFAULT_SETTINGS) -> list[GridCell]:
    """Merge grid slots not separated by a drawn edge into cells (merged cells become one)."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    owner = [[-1] * n_cols for _ in range(n_rows)]
    cells: list[GridCell] = []
    for i in range(n_rows):
        for j in range(n_cols):
            if owner[i][j] >= 0:
                continue
            right = j
            while right + 1 < n_cols and owner[i][right + 1] < 0 and not _covered(
                grid.v, grid.xs[right + 1], grid.ys[i], grid.ys[i + 1], s
            ):
                right += 1
            bottom = i
            while bottom + 1 < n_rows and all(
                owner[bottom + 1][k] < 0 for k in range(j, right + 1)
            ) and not any(
                _covered(grid.h, grid.ys[bottom + 1], grid.xs[k], grid.xs[k + 1], s) for k in range(j, right + 1)
            ):
                bottom += 1
            cells.append(GridCell(i, j, bottom, right))
            for a in range(i, bottom + 1):
                for b in range(j, right + 1):
                    owner[a][b] = len(cells) - 1
    return cells


def place_words(grid: Grid, cells: list[GridCell], words: Sequence[Word]) -> list[Word]:
    """Put each word into the cell under its centre; return the words outside the grid."""
    index = {(i, j): c for c in cells for i in range(c.top, c.bottom + 1) for j in range(c.left, c.right + 1)}
    x0, y0, x1, y1 = grid.bbox
    outside: list[Word] = []
    for w in words:
        cx, cy = w.cx, w.cy
        if not (x0 <= cx <= x1 and y0 <= cy <= y1):
            outside.append(w)
            continue
        i = min(max(bisect_right(grid.ys, cy) - 1, 0), len(grid.ys) - 2)
        j = min(max(bisect_right(grid.xs, cx) - 1, 0), len(grid.xs) - 2)
        index[(i, j)].words.append(w)
    return outside


# --- borderless (stream) tables ---------------------------------------------------------------


def line_chunks(line: Sequence[Word], s: TableSettings = DEFAULT_SETTINGS) -> list[list[Word]]:
    """A text line split where the gap between words is wider than a cell gap."""
    height = max(w.y1 - w.y0 for w in line)
    wide = _split_line(line, lambda gap: gap > s.word_gap * height * 1.5)
    gaps = sorted(b.x0 - a.x1 for a, b in zip(line, line[1:]))
    space = gaps[len(gaps) // 4] if gaps else 0.0  # the line's usual word space (cell gaps are the wide quarter)
    tight = _split_line(line, lambda gap: gap > s.word_gap * height * 1.5 or (gap >= 0.5 * height and gap >= 2.5 * max(space, 0.5)))
    # cells padded thinly (an HTML print) stand a few word spaces apart: a row of three cells or
    # more; two pieces of a line (a running foot and its page number) stay one line
    return tight if len(tight) >= 3 and len(tight) > len(wide) else wide


def _split_line(line: Sequence[Word], cut: Callable[[float], bool]) -> list[list[Word]]:
    chunks: list[list[Word]] = [[line[0]]]
    for w in line[1:]:
        if cut(w.x0 - chunks[-1][-1].x1):
            chunks.append([w])
        else:
            chunks[-1].append(w)
    return chunks


def stream_columns(lines: Sequence[Sequence[Word]], s: TableSettings = DEFAULT_SETTINGS) -> list[float]:
    """Column boundaries of aligned lines: the x positions no chunk crosses."""
    spans = sorted((c[0].x0, c[-1].x1) for line in lines for c in line_chunks(line, s))
    if not spans:
        return []
    bounds = [spans[0][0]]
    cur_end = spans[0][1]
    for a, b in spans[1:]:
        if a > cur_end:
            bounds.append((cur_end + a) / 2)
        cur_end = max(cur_end, b)
    bounds.append(cur_end)
    return bounds


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[<>≤≥]?\s*-?[\d.,]+\s*%?", text.strip()))


def stream_rows(lines: Sequence[Sequence[Word]], bounds: Sequence[float], page: int, s: TableSettings = DEFAULT_SETTINGS) -> list[Row]:
    """Rows of a borderless table. A line that only continues wrapped text (no number in a
    column that holds numbers, a small gap above) belongs to the row above it."""
    n_cols = len(bounds) - 1
    per_line: list[list[list[Word]]] = []
    for line in lines:
        slots: list[list[Word]] = [[] for _ in range(n_cols)]
        for w in line:
            j = min(max(bisect_right(list(bounds), w.cx) - 1, 0), n_cols - 1)
            slots[j].append(w)
        per_line.append(slots)
    numeric_cols = set()
    for j in range(n_cols):
        texts = [" ".join(w.text for w in sl[j]) for sl in per_line if sl[j]]
        if texts and sum(_numeric(t) for t in texts) >= 0.5 * len(texts):
            numeric_cols.add(j)
    groups: list[list[int]] = []
    for k, slots in enumerate(per_line):
        if groups:
            prev = lines[k - 1]
            height = max(w.y1 - w.y0 for w in lines[k])
            gap = min(w.y0 for w in lines[k]) - max(w.y1 for w in prev)
            has_number = any(slots[j] for j in numeric_cols)
            if not has_number and gap < s.stream_new_row_gap * height:
                groups[-1].append(k)
                continue
        groups.append([k])
    rows: list[Row] = []
    for g in groups:
        cells: list[Cell] = []
        for j in range(n_cols):
            ws = [w for k in g for w in per_line[k][j]]
            cells.append(Cell(text_of(ws, s), bbox=_bbox_of(ws) if ws else None))
        all_words = [w for k in g for w in lines[k]]
        rows.append(Row(cells, page=page, bbox=_bbox_of(all_words)))
    return rows
