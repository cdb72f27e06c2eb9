"""Where tables stand on a page whose grid is not fully drawn: rule clusters split at header
lines and titles, header bands grown down over their data lines, and headerless parts that
continue the table before (after a page break, a note or a unit title)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from statistics import median
from typing import Optional, Sequence

from ingest.columns import is_numbering_row
from ingest.layout import BBox, Cell, Row
from ingest.table_lines import FIGURE, Line, chunk_text, header_line, label_line
from ingest.tables_geom import Segment, TableSettings, Word

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
    header_page: Optional[int] = None  # the page its header is printed on, when not this one


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
    rule of one and the first of the next, a unit label, belongs to neither). An empty band a
    line high or more, with rows above and below it, is the space between two tables (a blank
    band right under a header is an empty row of the table)."""
    cuts: list[int] = []
    ys = [g.pos for g in cluster]
    bands: dict[int, list[Line]] = {}
    for ln in lines:
        bands.setdefault(bisect_right(ys, (ln.y0 + ln.y1) / 2), []).append(ln)
    height = median(ln.height for ln in lines) if lines else 0.0
    for ln in lines:
        cy = (ln.y0 + ln.y1) / 2
        i = bisect_right(ys, cy)
        if 1 < i < len(cluster) and header_line(ln) and bands[i][0] is ln and _header_band(bands[i]) \
                and not _header_band(bands.get(i - 1, [])):
            cuts.append(i - 1)  # a header row is labels only; cells whose first words name roles are not
        elif 0 < i < len(cluster) and (_CAPTION.match(ln.text) or (bands[i] == [ln] and _title(ln, height))):
            cuts.append(i)  # a caption or title between two tables' rules: the next table starts under it
    for k in range(1, len(ys)):
        if k not in bands and ys[k] - ys[k - 1] >= height > 0 and sum(0 < j < k for j in bands) >= 2 \
                and any(k < j < len(ys) for j in bands):
            cuts.append(k)  # an empty band a line high: the bottom rule of one table, the top of the next
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
    return any(header_line(ln) for ln in band) and all(header_line(ln) or label_line(ln) for ln in band)


@dataclass(slots=True)
class Carry:
    """The last table read, which a headerless part further on may continue; or a header printed
    at the foot of a page, whose rows begin on the next (`header`, from `header_page`)."""

    columns: list[float]  # boundaries, outer edges included
    numeric: set[int]
    header: list[Line] = field(default_factory=list)
    header_page: Optional[int] = None

    @property
    def x0(self) -> float:
        return self.columns[0]

    @property
    def x1(self) -> float:
        return self.columns[-1]


def _fits(line: Line, cols: Sequence[float], tol: float) -> bool:
    """Every chunk of the line starts in a column of `cols` of its own, and runs on at most into
    the next column when no other chunk starts there (a boundary measured on a page whose text
    stopped short of it)."""
    starts = [bisect_right(cols, c[0].x0 + tol) - 1 for c in line.chunks]
    if any(j < 0 or j >= len(cols) - 1 for j in starts) or len(set(starts)) < len(starts):
        return False
    if len(line.chunks) == 1:
        return True
    for k, c in enumerate(line.chunks):
        end = bisect_right(cols, c[-1].x1 - tol) - 1
        nxt = starts[k + 1] if k + 1 < len(starts) else len(cols) - 1
        if end > starts[k] + 1 or end >= nxt:
            return False
    return True


def _as_wide(region: Region, carry: Carry) -> bool:
    return abs(region.x0 - carry.x0) <= 12 and abs(region.x1 - carry.x1) <= 12


def _keeps_to(region: Region, carry: Carry) -> bool:
    """As wide as the table before, and most of its lines in that table's columns."""
    return _as_wide(region, carry) and sum(_fits(ln, carry.columns, 4.0) for ln in region.body) >= 0.8 * len(region.body)


def resumes(region: Region, carry: Carry) -> bool:
    """A headerless region that is the table above resumed (under a note, in rules of its own):
    as wide as it, its lines in its columns, none a title running across them."""
    return (
        not region.header and region.columns is None and bool(region.body) and _keeps_to(region, carry)
        and not any(len(ln.chunks) == 1 and _crosses(ln.chunks[0], carry.columns) for ln in region.body)
    )


def _union(a: BBox, b: BBox) -> BBox:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def bands_of(fills: Sequence[BBox], tol: float = 1.5, tall: float = 60.0) -> list[BBox]:
    """Filled areas as bands: cells shaded one by one side by side (Word shades a header cell by
    cell) are one band across the table, and the two or three tiers of a shaded header, touching
    one above the other over the same width, are one band. Rows apart (zebra stripes) stay apart."""
    rows: list[BBox] = []
    for f in sorted(set(fills), key=lambda f: (round(f[1]), f[0])):
        last = rows[-1] if rows else None
        if last and abs(f[1] - last[1]) <= tol and abs(f[3] - last[3]) <= tol and -tol <= f[0] - last[2] <= tol:
            rows[-1] = _union(last, f)
        else:
            rows.append(f)
    out: list[BBox] = []
    tiers: list[int] = []
    for f in sorted(rows, key=lambda f: (f[1], f[0])):
        for k, g in enumerate(out):
            stacked = abs(f[1] - g[3]) <= tol and abs(f[0] - g[0]) <= 2 * tol and abs(f[2] - g[2]) <= 2 * tol
            if stacked and tiers[k] < 3 and f[3] - g[1] <= tall:
                out[k], tiers[k] = _union(g, f), tiers[k] + 1
                break
        else:
            out.append(f)
            tiers.append(1)
    return out


def find_regions(lines: list[Line], segments: Sequence[Segment], fills: Sequence[BBox],
                 carry: Optional[Carry], s: TableSettings) -> list[Region]:
    """Table regions on a page: each rule cluster, and each header band with the lines under it
    that keep to its columns; at the top of the page (or after a short note) lines that keep to
    the columns of the table before continue it. A region may be a header alone (`foot_header`)."""
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
                head = r.header if len(r.header) > len(grown.header) else grown.header  # tiers ruled off stay
                r.header, r.body, r.y1 = head, [ln for ln in grown.body if ln not in head], grown.y1
    used = {id(ln) for r in regions for ln in r.header + r.body}
    k = 0
    while k < len(lines):
        ln = lines[k]
        if id(ln) in used or not header_line(ln):
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
    if carry is not None and carry.header:
        first = next((r for r in regions if r.body), None)
        if first is not None and not first.header and _as_wide(first, carry):
            first.header, first.header_page = carry.header, carry.header_page
            taken = {id(ln) for r in regions for ln in r.header + r.body}
            above = [ln for ln in lines if ln.y1 <= first.y0 + 1 and id(ln) not in taken]
            while above and len(above[-1].chunks) >= 2 and first.body[0].y0 - above[-1].y1 <= 2 * above[-1].height \
                    and above[-1].x0 >= first.x0 - 6 and above[-1].x1 <= first.x1 + 6:
                first.body.insert(0, above.pop())  # the first row, above the first rule (its top rule stayed behind)
                first.y0 = first.body[0].y0
        return regions
    if carry is not None:
        for r in regions:
            if not r.header and _keeps_to(r, carry):
                r.columns = carry.columns  # the ruled rest of the table before, without its header
        regions = _continuations(lines, regions, carry, s) + regions
        regions.sort(key=lambda r: r.y0)
    return regions


def foot_header(lines: Sequence[Line], regions: Sequence[Region], taken: set[int]) -> Optional[Region]:
    """A header band at the foot of the page with no rows under it: its table begins on the next
    page (Word moves a row that does not fit, not the header above it). At most two lines (a page
    number, a running foot) may follow it."""
    bare = [r for r in regions if r.header and not r.body]
    if not bare:
        return None
    last = max(bare, key=lambda r: r.y0)
    below = [ln for ln in lines if ln.y0 > last.y1 - 1 and id(ln) not in taken]
    if len(below) > 2 or any(r.body and r.y0 > last.y0 for r in regions):
        return None
    return last


def _split_header(r: Region, fills: Sequence[BBox]) -> None:
    """Separate a region's header band from its body: the lines from the first header line down
    to the first data line (or the lines inside a filled band at its top)."""
    if r.header:
        return
    body = sorted(r.body, key=lambda ln: ln.y0)
    k = next((i for i, ln in enumerate(body[:3]) if header_line(ln)), None)
    if k is None:
        r.body = body
        return
    end = k + 1
    band = _band_at(body[k], fills)
    below = [y for y in r.rules if y > body[k].y1]
    if below and all(header_line(ln) or label_line(ln) for ln in body[k:]):
        r.header, r.body = body[k:], []  # rules around a header band only: its body runs on under them
        return
    if below and (below[0] < body[-1].y0):  # a ruled header row ends at the first rule under it
        end = max(end, sum(1 for ln in body if (ln.y0 + ln.y1) / 2 < below[0]))
        for y0, y1 in zip(below, below[1:]):  # tiers of column labels ruled off under the first
            tier = [ln for ln in body[end:] if y0 < (ln.y0 + ln.y1) / 2 < y1]
            if not tier or len(body) - end - len(tier) < 1 or not _header_band(tier) or any(
                is_numbering_row(Row([Cell(chunk_text(c)) for c in ln.chunks])) for ln in tier
            ):
                break
            end += len(tier)
        r.header, r.body = body[k:end], body[end:]
        return
    while end < len(body) and (
        (band is not None and (body[end].y0 + body[end].y1) / 2 <= band[3]) or
        (band is None and label_line(body[end]) and _under_labels(body[end], body[k:end]) and len(body) - end > 1)
    ):
        end += 1
    r.header, r.body = body[k:end], body[end:]


def _band_at(line: Line, fills: Sequence[BBox]) -> Optional[BBox]:
    cy = (line.y0 + line.y1) / 2
    for f in fills:
        if f[1] - 1 <= cy <= f[3] + 1 and f[0] - 2 <= line.x0 and line.x1 <= f[2] + max(2.0, 0.1 * (f[2] - f[0])):
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
        if inside_band or (band is None and label_line(nxt) and _under_labels(nxt, head) and _next_is_data(lines, end)):
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
        if header_line(ln) and body and gap > max(1.5 * typical, height):
            break  # the next table's header, set apart as a table is (label words in a row run on)
        if _prose(ln, x0, x1, height) or _CAPTION.match(ln.text):
            break  # running text or the next table's caption
        if len(ln.chunks) == 1 and (_title(ln, height) or (
                end + 1 < len(lines) and header_line(lines[end + 1]) and id(lines[end + 1]) not in used)):
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
        cell = len(ln.chunks) >= 2 or inset(ln, carry.columns, tol) or (bool(run) and not _crosses(ln.chunks[0], carry.columns))
        if inside and _fits(ln, carry.columns, tol) and (_values_in(ln, carry) or cell):
            run.append(ln)  # once the rows run, a lone line inside one column is a cell's wrapped text
        elif run:
            break
    return run


def _crosses(chunk: Sequence[Word], cols: Sequence[float]) -> bool:
    """A run of words that runs over a column boundary: a title, not a cell."""
    return any(chunk[0].x0 < x - 4.0 < chunk[-1].x1 for x in cols[1:-1])


def part_after(lines: list[Line], region: Region, carry: Carry, taken: set[int], until: float) -> Optional[Region]:
    """Rows under a title line or two that follow a table in its columns, without a header: a
    unit's rows printed under its label in the table's layout ("Kasubag Umum", then rows 7-9)."""
    k = next((i for i, ln in enumerate(lines) if ln.y0 >= region.y1 - 1), len(lines))
    titles = 0
    while k < len(lines) and titles < 2 and id(lines[k]) not in taken and len(lines[k].chunks) == 1 \
            and _crosses(lines[k].chunks[0], carry.columns):
        k, titles = k + 1, titles + 1
    if not titles or k >= len(lines) or len(lines[k].chunks) < 2 or header_line(lines[k]):
        return None
    body = _body_from(lines, k, lines[k - 1], carry.x0, carry.x1, lines[k].height, taken)
    body = [ln for ln in body if ln.y1 <= until + 1]
    if sum(1 for ln in body if len(ln.chunks) >= 2) < 2:
        return None
    return Region(carry.x0, body[0].y0, carry.x1, body[-1].y1, body=body)


def inset(line: Line, cols: Sequence[float], tol: float) -> bool:
    """A lone chunk printed at the left of an inner column of the table before, and inside it:
    the rest of a cell that the page break cut (running text starts at the left margin)."""
    (c,) = line.chunks[:1] or [[]]
    for j in range(1, len(cols) - 1):
        if abs(c[0].x0 - cols[j]) <= 3 * tol and c[-1].x1 <= cols[j + 1] + tol:
            return len(line.chunks) == 1
    return False


def _values_in(line: Line, carry: Carry) -> bool:
    for c in line.chunks:
        j = bisect_right(carry.columns, c[0].x0 + 4) - 1
        if j in carry.numeric and FIGURE.match(chunk_text(c).strip()):
            return True
    return False
