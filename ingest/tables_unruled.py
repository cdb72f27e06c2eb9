"""Tables whose grid is not fully drawn: horizontal rules only, open frames, shaded or zebra
bands, or no rules at all (the Word and LibreOffice styles besides the full grid).

One recovery for all of them, over the words and the drawings left outside full grids:

    lines -> table regions (rule clusters, header bands, continuations of the last table)
          -> columns (vertical rules, else gutters shared by the body lines; header labels split
             columns the body leaves empty) -> rows (horizontal rules, else fill bands, else
             line spacing and row anchors) -> header rows (wrapped labels joined, spanning labels
             over their sub-columns) -> Rows of the layout model

A region's header is a band of lines, from the first header line down to the first data line.
Every tolerance is in `TableSettings` or named here in line heights of the table's text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from statistics import median
from typing import Optional, Sequence

from ingest.columns import YEAR, is_header_row, is_numbering_row, role_of
from ingest.layout import BBox, Cell, Row, Table
from ingest.tables_geom import DEFAULT_SETTINGS, Segment, TableSettings, Word, join_lines, line_chunks, text_lines, text_of

# --- lines ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """One printed line and its chunks (runs of words closer than a cell gap)."""

    words: list[Word]
    chunks: list[list[Word]]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return max(w.y1 - w.y0 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _lines(words: Sequence[Word], s: TableSettings) -> list[Line]:
    out = []
    for ws in text_lines(words, s):
        out.append(Line(ws, line_chunks(ws, s), min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws)))
    return out


def _chunk_text(chunk: Sequence[Word]) -> str:
    return " ".join(w.text for w in chunk)


# A label's words: short, no measured value. "Target 2024", "(Rp)", "Capaian (%)" are labels.
FIGURE = re.compile(r"^[<>≤≥]?\s*-?\d[\d.,]*\s*%?$")  # a measured value: "82,50", "<5%"
_ENUM = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[a-zA-Z][.)]|\(?[ivx]{1,4}[.)]|[•●▪➔►\-–*])$")


def _header_line(line: Line) -> bool:
    """A line of column labels: two or more chunks, most of them naming a column role (aligned
    prose names a role now and then: "pelaksanaan", "program")."""
    if len(line.chunks) < 2:
        return False
    texts = [_chunk_text(c) for c in line.chunks]
    named = sum(1 for t in texts if _label_role(t))
    return 3 * named >= 2 * len(texts) and is_header_row(Row([Cell(t) for t in texts]))


def _label_role(text: str) -> bool:
    """A column label names its role in its first words and starts as a label does (capital,
    figure or sign); a line of wrapped cell text runs on in lower case ("melalui program")."""
    words = text.split()
    return bool(words) and not words[0][:1].islower() and role_of(" ".join(words[:3])) is not None


def _label_line(line: Line) -> bool:
    """A line that may continue a header band: the column-number row ("1 | 2 | 3"), or chunks that
    are all short labels with no figure but a year ("Target | Realisasi | %", "2021 | 2022",
    "(Rp) | Strategis")."""
    texts = [_chunk_text(c).strip() for c in line.chunks]
    if is_numbering_row(Row([Cell(t) for t in texts])):
        return True
    for t in texts:
        n = len(t.split())
        if n > 4 or re.search(r"\d", YEAR.sub("", t)):
            return False
        if n > 2 and not t.isupper() and role_of(t) is None:
            return False  # three words or more of mixed case naming no role: a cell's text
    return True


# --- regions -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Region:
    """Where a table stands on the page, and what bounds it."""

    x0: float
    y0: float
    x1: float
    y1: float
    rules: list[float] = field(default_factory=list)  # y of horizontal rules across it
    verticals: list[Segment] = field(default_factory=list)
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    columns: Optional[list[float]] = None  # boundaries given by the table it continues


def rule_clusters(segments: Sequence[Segment], min_width: float, s: TableSettings) -> list[list[Segment]]:
    """Horizontal rules stacked one under another with about the same left and right ends: the
    rules of one table drawn without (all of) its vertical lines."""
    hs = sorted((g for g in segments if g.horizontal and g.end - g.start >= min_width), key=lambda g: g.pos)
    clusters: list[list[Segment]] = []
    tol = 4 * s.snap
    for g in hs:
        for c in clusters:
            ref = c[-1]
            if abs(ref.start - g.start) <= tol and abs(ref.end - g.end) <= tol:
                c.append(g)
                break
        else:
            clusters.append([g])
    return [c for c in clusters if len(c) >= 2]


_CAPTION = re.compile(r"^(?:tabel|table|gambar|grafik|diagram)\s+[\dIVX]+(?:[.\-]\d+)*\b", re.I)


def _split_at_headers(cluster: list[Segment], lines: Sequence[Line]) -> list[list[Segment]]:
    """Tables printed one under another in the same width share a rule cluster: a header line
    inside the cluster starts a new table at the rule above it (what stands between the last
    rule of one and the first of the next, a unit label, belongs to neither)."""
    cuts: list[int] = []
    ys = [g.pos for g in cluster]
    bands: dict[int, list[Line]] = {}
    for ln in lines:
        bands.setdefault(bisect_right(ys, (ln.y0 + ln.y1) / 2), []).append(ln)
    height = median(ln.height for ln in lines) if lines else 0.0
    for ln in lines:
        cy = (ln.y0 + ln.y1) / 2
        i = bisect_right(ys, cy)
        if 1 < i < len(cluster) and _header_line(ln) and bands[i][0] is ln and not _header_band(bands.get(i - 1, [])):
            cuts.append(i - 1)  # a header row starts its band; wrapped cell text naming roles does not
        elif 0 < i < len(cluster) and (_CAPTION.match(ln.text) or (bands[i] == [ln] and _title(ln, height))):
            cuts.append(i)  # a caption or title between two tables' rules: the next table starts under it
    parts: list[list[Segment]] = []
    start = 0
    for c in sorted(set(cuts)):
        if c - start >= 1:
            parts.append(cluster[start:c])
        start = c
    parts.append(cluster[start:])
    return [p for p in parts if len(p) >= 2]


def _title(line: Line, height: float) -> bool:
    """A line in a larger type than the table's, alone in its chunk: a unit label or title."""
    return len(line.chunks) == 1 and line.height > 1.15 * height


def _header_band(band: Sequence[Line]) -> bool:
    """The lines between two rules are a header row: a header line, and only labels with it (a
    header drawn in ruled tiers, "Tahun 2025" over "Realisasi | Capaian", goes on under the rule)."""
    return any(_header_line(ln) for ln in band) and all(_header_line(ln) or _label_line(ln) for ln in band)


@dataclass(slots=True)
class Carry:
    """The last table read, which a headerless part further on may continue."""

    columns: list[float]  # boundaries, outer edges included
    numeric: set[int]

    @property
    def x0(self) -> float:
        return self.columns[0]

    @property
    def x1(self) -> float:
        return self.columns[-1]


def _fits(line: Line, cols: Sequence[float], tol: float) -> bool:
    """Every chunk of the line stays inside one column of `cols` (or starts at a column's left)."""
    for c in line.chunks:
        a, b = c[0].x0, c[-1].x1
        j = bisect_right(cols, a + tol) - 1
        if j < 0 or j >= len(cols) - 1:
            return False
        if b > cols[j + 1] + tol and len(line.chunks) > 1:
            return False
    return True


def find_regions(lines: list[Line], segments: Sequence[Segment], fills: Sequence[BBox],
                 carry: Optional[Carry], s: TableSettings) -> list[Region]:
    """Table regions on a page: each rule cluster, and each header band with the lines under it
    that keep to its columns; at the top of the page (or after a short note) lines that keep to
    the columns of the table before continue it."""
    regions: list[Region] = []
    text_w = max((ln.x1 for ln in lines), default=0) - min((ln.x0 for ln in lines), default=0)
    for cluster in rule_clusters(segments, 0.3 * max(text_w, 1.0), s):
        for c in _split_at_headers(cluster, lines):
            x0, x1 = min(g.start for g in c), max(g.end for g in c)
            y0, y1 = c[0].pos, c[-1].pos
            inside = [ln for ln in lines if y0 - 1 <= (ln.y0 + ln.y1) / 2 <= y1 + 1 and ln.x0 >= x0 - 30 and ln.x1 <= x1 + 30]
            if not inside:
                continue
            vs = [g for g in segments if not g.horizontal and x0 - s.snap <= g.pos <= x1 + s.snap and g.end > y0 and g.start < y1]
            regions.append(Region(x0, y0, x1, y1, rules=[g.pos for g in c], verticals=vs, body=inside))
    for r in regions:
        _split_header(r, fills)
        if r.header and len(r.body) <= 1:  # rules around the header only: the body runs on under them
            others = {id(x) for q in regions if q is not r for x in q.body + q.header}
            grown = _grow(lines, lines.index(r.header[0]), others, fills, s, r.header if not r.body else None)
            if grown is not None and len(grown.body) > len(r.body):
                r.header, r.body, r.y1 = grown.header, grown.body, grown.y1
    used = {id(ln) for r in regions for ln in r.header + r.body}
    k = 0
    while k < len(lines):
        ln = lines[k]
        if id(ln) in used or not _header_line(ln):
            k += 1
            continue
        region = _grow(lines, k, used, fills, s)
        if region is None:
            k += 1
            continue
        regions.append(region)
        used.update(id(x) for x in region.header + region.body)
        k += len(region.header) + len(region.body)
    regions.sort(key=lambda r: r.y0)
    if carry is not None:
        for r in regions:
            same_width = abs(r.x0 - carry.x0) <= 12 and abs(r.x1 - carry.x1) <= 12
            if not r.header and same_width and sum(_fits(ln, carry.columns, 4.0) for ln in r.body) >= 0.8 * len(r.body):
                r.columns = carry.columns  # the ruled rest of the table before, without its header
        regions = _continuations(lines, regions, carry, s) + regions
        regions.sort(key=lambda r: r.y0)
    return [r for r in regions if r.body]


def _split_header(r: Region, fills: Sequence[BBox]) -> None:
    """Separate a region's header band from its body: the lines from the first header line down
    to the first data line (or the lines inside a filled band at its top)."""
    if r.header:
        return
    body = sorted(r.body, key=lambda ln: ln.y0)
    k = next((i for i, ln in enumerate(body[:3]) if _header_line(ln)), None)
    if k is None:
        r.body = body
        return
    end = k + 1
    band = _band_at(body[k], fills)
    below = [y for y in r.rules if y > body[k].y1]
    if below and all(_header_line(ln) or _label_line(ln) for ln in body[k:]):
        r.header, r.body = body[k:], []  # rules around a header band only: its body runs on under them
        return
    if below and (below[0] < body[-1].y0):  # a ruled header row ends at the first rule under it
        end = max(end, sum(1 for ln in body if (ln.y0 + ln.y1) / 2 < below[0]))
        for y0, y1 in zip(below, below[1:]):  # tiers of column labels ruled off under the first
            tier = [ln for ln in body[end:] if y0 < (ln.y0 + ln.y1) / 2 < y1]
            if not tier or len(body) - end - len(tier) < 1 or not _header_band(tier) or any(
                is_numbering_row(Row([Cell(_chunk_text(c)) for c in ln.chunks])) for ln in tier
            ):
                break
            end += len(tier)
        r.header, r.body = body[k:end], body[end:]
        return
    while end < len(body) and (
        (band is not None and (body[end].y0 + body[end].y1) / 2 <= band[3]) or
        (band is None and _label_line(body[end]) and _under_labels(body[end], body[k:end]) and len(body) - end > 1)
    ):
        end += 1
    r.header, r.body = body[k:end], body[end:]


def _band_at(line: Line, fills: Sequence[BBox]) -> Optional[BBox]:
    cy = (line.y0 + line.y1) / 2
    for f in fills:
        if f[1] - 1 <= cy <= f[3] + 1 and f[0] - 2 <= line.x0 and line.x1 <= f[2] + 2:
            return f
    return None


def _under_labels(line: Line, header: Sequence[Line]) -> bool:
    """A line continues a header band when it stands close under it: no wider gap than a line."""
    prev = header[-1]
    return line.y0 - prev.y1 <= 1.2 * prev.height


def _grow(lines: list[Line], k: int, used: set[int], fills: Sequence[BBox], s: TableSettings,
          known: Optional[list[Line]] = None) -> Optional[Region]:
    """A header band at line k (or the `known` band, ruled off) and the data lines under it that
    keep to its columns."""
    head = list(known) if known else [lines[k]]
    band = _band_at(lines[k], fills)
    end = lines.index(head[-1]) + 1
    while not known and end < len(lines) and id(lines[end]) not in used:
        nxt = lines[end]
        inside_band = band is not None and (nxt.y0 + nxt.y1) / 2 <= band[3]
        if inside_band or (band is None and _label_line(nxt) and _under_labels(nxt, head) and _next_is_data(lines, end)):
            head.append(nxt)
            end += 1
            continue
        break
    x0 = min(ln.x0 for ln in head)
    x1 = max(ln.x1 for ln in head)
    if band is not None:
        x0, x1 = min(x0, band[0]), max(x1, band[2])
    height = median(ln.height for ln in head)
    body = _body_from(lines, end, head[-1], x0, x1, height, used)
    if not body:
        return None
    return Region(x0, head[0].y0, x1, body[-1].y1, header=head, body=body)


def _body_from(lines: list[Line], end: int, prev: Line, x0: float, x1: float, height: float, used: set[int]) -> list[Line]:
    """The data lines from line `end` on that keep under `prev` within x0..x1: no gap much wider
    than the rows' own, no running text, caption, title or next header."""
    body: list[Line] = []
    gaps: list[float] = []
    while end < len(lines) and id(lines[end]) not in used:
        ln = lines[end]
        gap = ln.y0 - prev.y1
        typical = median(gaps) if gaps else height
        if gap > max(2.5 * typical, 1.6 * height) + 2:
            break
        if ln.x0 < x0 - 3 * height or ln.x1 > x1 + 6 * height:
            break
        if _header_line(ln) and body and gap > max(1.5 * typical, height):
            break  # the next table's header, set apart as a table is (label words in a row run on)
        if _prose(ln, x0, x1, height) or _CAPTION.match(ln.text):
            break  # running text or the next table's caption
        if len(ln.chunks) == 1 and (_title(ln, height) or (
                end + 1 < len(lines) and _header_line(lines[end + 1]) and id(lines[end + 1]) not in used)):
            break  # a title in a larger type, or over the next table's header ("KEPALA DINAS")
        body.append(ln)
        gaps.append(max(gap, 0.0))
        prev = ln
        end += 1
    return body


def _next_is_data(lines: list[Line], k: int) -> bool:
    """A label line under a header is part of the header only when something follows it."""
    return k + 1 < len(lines)


def _prose(line: Line, x0: float, x1: float, height: float) -> bool:
    """A line of running text after the table: one chunk of eight words or more spanning most of
    the table's width from its left edge (longer than any cell label)."""
    if len(line.chunks) != 1:
        return False
    width = line.x1 - line.x0
    return width >= 0.75 * (x1 - x0) and abs(line.x0 - x0) <= 2 * height and len(line.words) >= 8


def _continuations(lines: list[Line], regions: list[Region], carry: Carry, s: TableSettings) -> list[Region]:
    """Lines before the page's first table (after running heads and a short note) that keep to the
    columns of the table before: the rest of that table, without its header."""
    first = min((r.y0 for r in regions), default=float("inf"))
    taken = {id(ln) for r in regions for ln in r.header + r.body}
    run = _fitting_run([ln for ln in lines if ln.y1 <= first + 1 and id(ln) not in taken], carry)
    rows = [ln for ln in run if len(ln.chunks) >= 2 or _values_in(ln, carry)]
    if rows or 0 < len(run) <= 2:  # lone cell lines are only the rest of a cut row
        return [Region(carry.x0, run[0].y0, carry.x1, run[-1].y1, body=run, columns=carry.columns)]
    return []


def _fitting_run(cand: Sequence[Line], carry: Carry) -> list[Line]:
    """The first run of lines in `cand` that keep to the columns of `carry`."""
    tol = 4.0
    run: list[Line] = []
    for ln in cand:
        inside = carry.x0 - 3 * ln.height <= ln.x0 and ln.x1 <= carry.x1 + 6 * ln.height
        cell = len(ln.chunks) >= 2 or _inset(ln, carry, tol) or (bool(run) and not _crosses(ln.chunks[0], carry.columns))
        if inside and _fits(ln, carry.columns, tol) and (_values_in(ln, carry) or cell):
            run.append(ln)  # once the rows run, a lone line inside one column is a cell's wrapped text
        elif run:
            break
    return run


def _crosses(chunk: Sequence[Word], cols: Sequence[float]) -> bool:
    """A run of words that runs over a column boundary: a title, not a cell."""
    return any(chunk[0].x0 < x - 4.0 < chunk[-1].x1 for x in cols[1:-1])


def _part_after(lines: list[Line], region: Region, carry: Carry, taken: set[int], until: float) -> Optional[Region]:
    """Rows under a title line or two that follow a table in its columns, without a header: a
    unit's rows printed under its label in the table's layout ("Kasubag Umum", then rows 7-9)."""
    k = next((i for i, ln in enumerate(lines) if ln.y0 >= region.y1 - 1), len(lines))
    titles = 0
    while k < len(lines) and titles < 2 and id(lines[k]) not in taken and len(lines[k].chunks) == 1 \
            and _crosses(lines[k].chunks[0], carry.columns):
        k, titles = k + 1, titles + 1
    if not titles or k >= len(lines) or len(lines[k].chunks) < 2 or _header_line(lines[k]):
        return None
    body = _body_from(lines, k, lines[k - 1], carry.x0, carry.x1, lines[k].height, taken)
    body = [ln for ln in body if ln.y1 <= until + 1]
    if sum(1 for ln in body if len(ln.chunks) >= 2) < 2:
        return None
    return Region(carry.x0, body[0].y0, carry.x1, body[-1].y1, body=body)


def _inset(line: Line, carry: Carry, tol: float) -> bool:
    """A lone chunk printed at the left of an inner column of the table before, and inside it:
    the rest of a cell that the page break cut (running text starts at the left margin)."""
    (c,) = line.chunks[:1] or [[]]
    for j in range(1, len(carry.columns) - 1):
        if abs(c[0].x0 - carry.columns[j]) <= 3 * tol and c[-1].x1 <= carry.columns[j + 1] + tol:
            return len(line.chunks) == 1
    return False


def _values_in(line: Line, carry: Carry) -> bool:
    for c in line.chunks:
        j = bisect_right(carry.columns, c[0].x0 + 4) - 1
        if j in carry.numeric and FIGURE.match(_chunk_text(c).strip()):
            return True
    return False


# --- columns ---------------------------------------------------------------------------------------------


def _gutters(lines: Sequence[Line], x0: float, x1: float, height: float) -> list[float]:
    """Boundaries at the gaps no body chunk covers (title lines spanning the table aside); a gap
    must be wider than the space between words."""
    spans: list[tuple[float, float]] = []
    for ln in lines:
        if len(ln.chunks) == 1 and ln.x1 - ln.x0 > 0.4 * (x1 - x0):
            continue
        spans.extend((c[0].x0, c[-1].x1) for c in ln.chunks)
    spans.sort()
    bounds: list[float] = []
    if not spans:
        return bounds
    cur = spans[0][1]
    for a, b in spans[1:]:
        if a - cur >= 0.5 * height:
            bounds.append((cur + a) / 2)
        cur = max(cur, b)
    return bounds


def columns_of(region: Region, s: TableSettings) -> list[float]:
    """Column boundaries, left to right, outer edges included."""
    height = median(ln.height for ln in region.header + region.body)
    x0 = min([region.x0, *(ln.x0 for ln in region.header + region.body)]) - 1
    x1 = max([region.x1, *(ln.x1 for ln in region.header + region.body)]) + 1
    if region.columns is not None:
        inner = list(region.columns[1:-1])
    else:
        body_h = (region.body[-1].y1 - region.body[0].y0) if region.body else 0
        vs = [g.pos for g in region.verticals if min(g.end, region.body[-1].y1) - max(g.start, region.body[0].y0) >= 0.5 * body_h]
        inner = _merge_bounds(_gutters(region.body, x0, x1, height), vs, 2 * height)
        inner = _split_by_labels(inner, region.header, x0, x1)
    inner = [b for b in inner if x0 + 2 < b < x1 - 2]
    return [x0, *sorted(inner), x1]


def _merge_bounds(gutters: list[float], rules: list[float], near: float) -> list[float]:
    """Drawn vertical rules win over the gutters found next to them."""
    rules = sorted(set(round(r, 1) for r in rules))
    out = [g for g in gutters if all(abs(g - r) > near for r in rules)]
    return sorted(out + rules)


def _split_by_labels(inner: list[float], header: Sequence[Line], x0: float, x1: float) -> list[float]:
    """Two header labels printed side by side over what the body fills as one column (a column
    empty in every row) are two columns: split between them."""
    bounds = [x0, *inner, x1]
    extra: list[float] = []
    for ln in header:
        for a, b in zip(ln.chunks, ln.chunks[1:]):
            gap_mid = (a[-1].x1 + b[0].x0) / 2
            j = bisect_right(bounds, a[-1].x1) - 1
            if 0 <= j < len(bounds) - 1 and bounds[j] <= b[0].x0 < bounds[j + 1] and a[0].x0 >= bounds[j] - 1:
                extra.append(gap_mid)
    return sorted(inner + extra)


# --- rows ---------------------------------------------------------------------------------------------------


def _col_of(x: float, cols: Sequence[float]) -> int:
    return min(max(bisect_right(cols, x) - 1, 0), len(cols) - 2)


def _slots(line: Line, cols: Sequence[float]) -> list[list[Word]]:
    """The line's words by column; a chunk crossing column boundaries (a title or a merged cell)
    goes whole to the column it starts in."""
    slots: list[list[Word]] = [[] for _ in range(len(cols) - 1)]
    for c in line.chunks:
        first = _col_of(c[0].x0 + 1, cols)
        last = _col_of(c[-1].x1 - 1, cols)
        if first == last:
            slots[first].extend(c)
            continue
        per = [_col_of(w.cx, cols) for w in c]
        if all(p == per[0] for p in per):
            slots[per[0]].extend(c)
        else:
            slots[first].extend(c)
    return slots


def _numeric_columns(lines: Sequence[Line], cols: Sequence[float]) -> set[int]:
    n = len(cols) - 1
    counts = [0] * n
    values = [0] * n
    for ln in lines:
        for j, ws in enumerate(_slots(ln, cols)):
            if ws:
                counts[j] += 1
                values[j] += bool(FIGURE.match(" ".join(w.text for w in ws).strip()))
    return {j for j in range(n) if counts[j] and values[j] * 2 >= counts[j]}


def _row_groups(region: Region, cols: Sequence[float], fills: Sequence[BBox]) -> list[list[Line]]:
    """Body lines grouped into table rows: by the horizontal rules between them, else by filled
    bands (zebra rows), else by spacing and row anchors (a number or code in the first column, a
    second value in a value column, a wider gap than the line spacing inside a cell)."""
    body = region.body
    if not body:
        return []
    inner = sorted(y for y in region.rules if body[0].y0 < y < body[-1].y1)
    if inner:
        return _split_at(body, inner)
    bands = sorted({f[1] for f in fills if f[0] <= region.x0 + 20 and f[2] >= region.x1 - 20 and body[0].y0 - 1 <= f[1] <= body[-1].y1}
                   | {f[3] for f in fills if f[0] <= region.x0 + 20 and f[2] >= region.x1 - 20 and body[0].y0 <= f[3] <= body[-1].y1 + 1})
    bands = [y for y in bands if body[0].y0 + 1 < y < body[-1].y1 - 1]
    if len(bands) >= 2:  # zebra rows (a header band's lower edge alone says nothing of the body)
        return _split_at(body, bands)
    return _by_spacing(body, cols)


def _split_at(body: list[Line], ys: list[float]) -> list[list[Line]]:
    groups: dict[int, list[Line]] = {}
    for ln in body:
        groups.setdefault(bisect_right(ys, (ln.y0 + ln.y1) / 2), []).append(ln)
    return [groups[k] for k in sorted(groups)]


def _by_spacing(body: list[Line], cols: Sequence[float]) -> list[list[Line]]:
    numeric = _numeric_columns(body, cols)
    gaps = [b.y0 - a.y1 for a, b in zip(body, body[1:])]
    height = median(ln.height for ln in body)
    leading = min(gaps) if gaps else 0.0
    spaced = bool(gaps) and max(gaps) - leading > 0.25 * height
    groups: list[list[Line]] = []
    filled: set[int] = set()
    for i, ln in enumerate(body):
        slots = _slots(ln, cols)
        used = {j for j, ws in enumerate(slots) if ws}
        if groups:
            gap = gaps[i - 1]
            anchor = 0 in used and bool(_ENUM.match(" ".join(w.text for w in slots[0]).strip()))
            clash = bool(used & filled & numeric)
            wide = spaced and gap > leading + 0.25 * height
            if not (anchor or clash or wide):
                groups[-1].append(ln)
                filled |= used
                continue
        groups.append([ln])
        filled = set(used)
    return groups


# --- the table ------------------------------------------------------------------------------------------------


def _header_rows(header: Sequence[Line], cols: Sequence[float], page: int) -> list[Row]:
    """The header band as printed cells: a label spanning two columns or more, with sub-labels
    under two of them, in a group row at its first column; every other column's lines
    joined as one label, in the group row when the column has no group (as a text conversion
    prints a merged header cell)."""
    n = len(cols) - 1
    chunks = [(li, _chunk_text(c), c[0].x0, c[-1].x1) for li, ln in enumerate(header) for c in ln.chunks]
    centre = [_col_of((x0 + x1) / 2, cols) for _, _, x0, x1 in chunks]
    spans: list[tuple[int, int, str]] = []
    leaf: list[list[str]] = [[] for _ in range(n)]
    for k, (li, text, x0, x1) in enumerate(chunks):
        covered = [j for j in range(n) if x0 - 1 <= (cols[j] + cols[j + 1]) / 2 <= x1 + 1]
        under = {centre[m] for m, c in enumerate(chunks) if c[0] > li and centre[m] in covered}
        if len(covered) >= 2 and len(under) >= 2:
            spans.append((min(covered), max(covered), text))
        elif (b := _left_span(k, chunks, centre, n)) > centre[k]:
            spans.append((centre[k], b, text))
        else:
            leaf[centre[k]].append(text)
    group = [""] * n
    grouped: set[int] = set()
    for a, b, text in spans:
        group[a] = join_lines([group[a], text]) if group[a] else text
        grouped.update(range(a, b + 1))
    if not grouped:
        return [Row([Cell(join_lines(leaf[j])) for j in range(n)], page=page)]
    top = [group[j] if j in grouped else join_lines(leaf[j]) for j in range(n)]
    sub = [join_lines(leaf[j]) if j in grouped else "" for j in range(n)]
    return [Row([Cell(t) for t in top], page=page), Row([Cell(t) for t in sub], page=page)]


def _left_span(k: int, chunks: Sequence[tuple[int, str, float, float]], centre: Sequence[int], n: int) -> int:
    """The last column a group label stands over when it is printed over the first of its
    sub-columns only ("Tahun 2025" over "Realisasi | Capaian (%)"): every next column whose own
    label starts in the tier of the sub-labels, that tier being the next one printed around them
    (a label over a wider band with a tier between, "TW II" over "Keuangan / RN | RL", is not)."""
    li, j = chunks[k][0], centre[k]
    tiers = [c[0] for m, c in enumerate(chunks) if centre[m] == j and c[0] > li]
    if not tiers or any(c[0] < li for m, c in enumerate(chunks) if centre[m] == j):
        return j  # no sub-label, or the wrapped rest of a label ("Kondisi / Awal / (2024)")
    tier = min(tiers)
    b = j
    while b + 1 < n:
        lines_at = [c[0] for m, c in enumerate(chunks) if centre[m] == b + 1]
        if not lines_at or min(lines_at) != tier:
            break
        b += 1
    between = any(li < c[0] < tier and j - 1 <= centre[m] <= b + 1 for m, c in enumerate(chunks))
    return j if between else b


def _bbox(lines: Sequence[Line]) -> BBox:
    return (min(ln.x0 for ln in lines), min(ln.y0 for ln in lines), max(ln.x1 for ln in lines), max(ln.y1 for ln in lines))


def region_table(region: Region, fills: Sequence[BBox], page: int, s: TableSettings = DEFAULT_SETTINGS) -> tuple[Table, list[float], int]:
    """The table a region prints, its column boundaries and how many header rows it has."""
    cols = columns_of(region, s)
    rows = _header_rows(region.header, cols, page) if region.header else []
    n_header = len(rows)
    for r in rows:
        r.bbox = _bbox(region.header)
    for group in _row_groups(region, cols, fills):
        per_col: list[list[Word]] = [[] for _ in range(len(cols) - 1)]
        for ln in group:
            for j, ws in enumerate(_slots(ln, cols)):
                per_col[j].extend(ws)
        cells = [Cell(text_of(ws, s), bbox=_word_bbox(ws)) for ws in per_col]
        rows.append(Row(cells, page=page, bbox=_bbox(group)))
    lines = region.header + region.body
    x0, y0, x1, y1 = _bbox(lines)
    return Table(rows=rows, page=page, bbox=(min(x0, region.x0), y0, max(x1, region.x1), y1)), cols, n_header


def _word_bbox(ws: Sequence[Word]) -> Optional[BBox]:
    if not ws:
        return None
    return (min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws))


def _is_table(table: Table, n_header: int, region: Region) -> bool:
    """Enough of a table: two columns in use, and a header over at least one data row (a unit
    with one indicator); without a header, the columns of the table it continues or two rows
    of two cells or more."""
    data = table.rows[n_header:]
    if not data:
        return False
    carry = Carry(region.columns, set()) if region.columns is not None else None
    celled = sum(1 for ln in region.body if len(ln.chunks) >= 2 or (carry is not None and _inset(ln, carry, 4.0)))
    if not n_header and 2 * celled < len(region.body):
        return len(region.body) <= 2 and region.columns is not None  # prose between two rules; a cut row's rest
    if region.columns is not None:
        return True
    if len({j for r in table.rows for j, c in enumerate(r.cells) if c.text.strip()}) < 2:
        return False
    if n_header:
        return len(data) >= 2 or any(re.search(r"\d", c.text) for r in data for c in r.cells)
    return sum(1 for r in data if sum(1 for c in r.cells if c.text.strip()) >= 2) >= 2


def unruled_tables(words: list[Word], segments: Sequence[Segment], fills: Sequence[BBox], page: int,
                   carry: Optional[Carry], s: TableSettings = DEFAULT_SETTINGS) -> tuple[list[Table], list[Word], Optional[Carry]]:
    """Tables on the page that no full grid holds, the words left outside them, and the last
    table's columns for the next page to continue."""
    lines = _lines(words, s)
    tables: list[Table] = []
    taken: set[int] = set()
    regions = find_regions(lines, segments, fills, carry, s)
    used = {id(ln) for r in regions for ln in r.header + r.body}
    k = 0
    while k < len(regions):
        region = regions[k]
        k += 1
        table, cols, n_header = region_table(region, fills, page, s)
        if not _is_table(table, n_header, region):
            continue
        tables.append(table)
        taken.update(id(w) for ln in region.header + region.body for w in ln.words)
        carry = Carry(cols, _numeric_columns(region.body, cols))
        until = regions[k].y0 if k < len(regions) else float("inf")
        if (part := _part_after(lines, region, carry, used, until)) is not None:
            regions.insert(k, part)
            used.update(id(ln) for ln in part.body)
    rest = [w for w in words if id(w) not in taken]
    return tables, rest, carry
