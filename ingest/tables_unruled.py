"""Tables whose grid is not fully drawn: horizontal rules only, open frames, shaded or zebra
bands, or no rules at all (the Word and LibreOffice styles besides the full grid).

One recovery for all of them, over the words and the drawings left outside full grids:

    lines -> table regions (rule clusters, header bands, continuations of the last table)
          -> columns (vertical rules, else gutters shared by the body lines; header labels split
             columns the body leaves empty) -> rows (horizontal rules, else fill bands, else
             line spacing and row anchors) -> header rows (wrapped labels joined, spanning labels
             over their sub-columns) -> Rows of the layout model

A region's header is a band of lines, from the first header line down to the first data line.
Lines and their chunks are `ingest.table_lines`; regions are `ingest.table_regions`; this module
turns a region into a Table. Tolerances are in `TableSettings` or named in line heights of the
table's text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from statistics import median
from typing import Optional, Sequence

from ingest.cell_items import VALUE_START
from ingest.layout import BBox, Cell, Row, Table
from ingest.table_lines import FIGURE, Line, chunk_text, lines_of
from ingest.table_regions import Carry, Region, bands_of, find_regions, foot_header, inset, part_after, resumes
from ingest.tables_geom import DEFAULT_SETTINGS, Segment, TableSettings, Word, join_lines, text_of

__all__ = ["FIGURE", "Carry", "unruled_tables"]

_ENUM = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[a-zA-Z][.)]|\(?[ivx]{1,4}[.)]|[•●▪➔►\-–*])$")  # a row anchor: "1", "1.2.", "a)", "ii.", a bullet

# A value starts a cell: a figure (cell_items.VALUE_START: "1000", "Rp 5.000", "<5%") or a grade
# ("B", "BB (70)"); a wrapped unit ("Orang") or label ("Tahun 2025") does not.
_GRADE = re.compile(r"^[A-E][A-E]?[+\-]?(?:\s*\(|$)")

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
        inner = _split_by_labels(inner, region.header, region.body, x0, x1)
    inner = [b for b in inner if x0 + 2 < b < x1 - 2]
    return [x0, *sorted(inner), x1]


def _merge_bounds(gutters: list[float], rules: list[float], near: float) -> list[float]:
    """Drawn vertical rules win over the gutters found next to them."""
    rules = sorted(set(round(r, 1) for r in rules))
    out = [g for g in gutters if all(abs(g - r) > near for r in rules)]
    return sorted(out + rules)


def _split_by_labels(inner: list[float], header: Sequence[Line], body: Sequence[Line], x0: float, x1: float) -> list[float]:
    """Two header labels printed side by side over what the body fills as one column (a column
    empty in every row) are two columns: split between them, left of where the body's text
    starts when that is inside the gap (a centred label over left-aligned text). The labels may
    stand in different tiers ('Tahun 2023' over 'Capaian (%)', 'Keterangan' beside it)."""
    bounds = [x0, *inner, x1]
    extra: list[float] = []
    right_of: dict[float, float] = {}  # the split before each right-hand label, by where it starts
    for ln in header:
        for a, b in zip(ln.chunks, ln.chunks[1:]):
            split = (a[-1].x1 + b[0].x0) / 2
            j = bisect_right(bounds, a[-1].x1) - 1
            if 0 <= j < len(bounds) - 1 and bounds[j] <= b[0].x0 < bounds[j + 1] and a[0].x0 >= bounds[j] - 1:
                starts = [c[0].x0 for bl in body for c in bl.chunks if bounds[j] <= c[0].x0 < bounds[j + 1]]
                left = min(starts, default=split)
                ends = [c[-1].x1 for bl in body for c in bl.chunks if bounds[j] <= c[0].x0 < b[0].x0 - 2]
                if a[-1].x1 < left < split and sum(abs(x - left) <= 2 for x in starts) >= 2:
                    split = left - 1  # (text aligned at one left edge, row after row)
                elif ends and split < max(ends) < b[0].x0 - 1:
                    split = (max(ends) + b[0].x0) / 2  # the left column's text runs on past the middle
                start = next((k for k in right_of if abs(k - b[0].x0) <= 2), b[0].x0)
                right_of[start] = max(split, right_of.get(start, split))  # one split per gap, past every tier's label
    extra.extend(right_of.values())
    chunks = [(li, c) for li, ln in enumerate(header) for c in ln.chunks]
    for li, c in chunks:  # a label right of all a column's body text, beside a label of another tier
        j = bisect_right(bounds, c[0].x0) - 1
        if not 0 <= j < len(bounds) - 1 or c[-1].x1 > bounds[j + 1] + 2:
            continue
        ends = [ch[-1].x1 for bl in body for ch in bl.chunks if bounds[j] <= ch[0].x0 < bounds[j + 1]]
        if ends and max(ends) + 4 < c[0].x0 and any(
            lo != li and bounds[j] <= o[0].x0 and o[-1].x1 < c[0].x0 - 2 for lo, o in chunks
        ):
            extra.append((max(ends) + c[0].x0) / 2)  # ('Capaian (%)' | 'Keterangan', the column empty on this page)
    return sorted(set(inner + extra))


# --- rows ---------------------------------------------------------------------------------------------------


def col_of(x: float, cols: Sequence[float]) -> int:
    return min(max(bisect_right(cols, x) - 1, 0), len(cols) - 2)


def _slots(line: Line, cols: Sequence[float]) -> list[list[Word]]:
    """The line's words by column; a chunk crossing column boundaries (a title or a merged cell)
    goes whole to the column it starts in."""
    slots: list[list[Word]] = [[] for _ in range(len(cols) - 1)]
    for c in line.chunks:
        first = col_of(c[0].x0 + 1, cols)
        last = col_of(c[-1].x1 - 1, cols)
        if first == last:
            slots[first].extend(c)
            continue
        per = [col_of(w.cx, cols) for w in c]
        if all(p == per[0] for p in per):
            slots[per[0]].extend(c)
        else:
            slots[first].extend(c)
    return slots


def numeric_columns(lines: Sequence[Line], cols: Sequence[float]) -> set[int]:
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
    numeric = numeric_columns(body, cols)
    gaps = [b.y0 - a.y1 for a, b in zip(body, body[1:])]
    height = median(ln.height for ln in body)
    leading = min(gaps) if gaps else 0.0
    spaced = bool(gaps) and max(gaps) - leading > 0.25 * height
    groups: list[list[Line]] = []
    filled: set[int] = set()
    last: set[int] = set()
    for i, ln in enumerate(body):
        slots = _slots(ln, cols)
        texts = {j: " ".join(w.text for w in ws) for j, ws in enumerate(slots) if ws}
        now = set(texts)
        if groups:
            gap = gaps[i - 1]
            anchor = 0 in texts and bool(_ENUM.match(texts[0].strip()))
            clash = any(  # a second value where the row has one; 'Orang' wrapped under '1000' is not
                j in filled and (VALUE_START.match(texts[j]) or _GRADE.match(texts[j])) for j in set(texts) & numeric
            )
            wide = spaced and gap > leading + 0.25 * height
            if not (anchor or clash or wide or _restarts(now, filled, last)):
                groups[-1].append(ln)
                filled |= now
                last = now
                continue
        groups.append([ln])
        filled = set(now)
        last = now
    return groups


def _restarts(now: set[int], filled: set[int], last: set[int]) -> bool:
    """Cells are top-aligned and their text runs without blank lines, so columns that had text in
    the row, stopped, and start again on one line begin the next row, even with no extra spacing
    between rows: two such columns, or the first column beside another."""
    again = (now & filled) - last
    return len(again) >= 2 or (0 in again and len(now) >= 2)


# --- the table ------------------------------------------------------------------------------------------------


def _header_rows(header: Sequence[Line], cols: Sequence[float], page: int) -> list[Row]:
    """The header band as printed cells: a label spanning two columns or more, with sub-labels
    under two of them, in a group row at its first column; every other column's lines
    joined as one label, in the group row when the column has no group (as a text conversion
    prints a merged header cell)."""
    n = len(cols) - 1
    chunks = [(li, chunk_text(c), c[0].x0, c[-1].x1) for li, ln in enumerate(header) for c in ln.chunks]
    centre = [col_of((x0 + x1) / 2, cols) for _, _, x0, x1 in chunks]
    spans: list[tuple[int, int, str]] = []
    leaf: list[list[str]] = [[] for _ in range(n)]
    for k, (li, text, x0, x1) in enumerate(chunks):
        covered = [j for j in range(n) if x0 - 1 <= (cols[j] + cols[j + 1]) / 2 <= x1 + 1]
        under = {centre[m] for m, c in enumerate(chunks) if c[0] > li and centre[m] in covered}
        if len(covered) >= 2 and len(under) >= 2:
            spans.append((min(covered), max(covered), text))
        elif (run := _centred_span(k, chunks, centre, cols)) is not None:
            spans.append((run[0], run[1], text))
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


def _centred_span(k: int, chunks: Sequence[tuple[int, str, float, float]], centre: Sequence[int],
                  cols: Sequence[float]) -> Optional[tuple[int, int]]:
    """The columns a short group label is centred over ("Capaian" over "2024 | 2025", narrower
    than either): of the runs of columns around it whose labels all stand in the tiers under
    it, on one line, the one whose labels' middle is the label's own, within a few points."""
    li, j = chunks[k][0], centre[k]
    cx = (chunks[k][2] + chunks[k][3]) / 2
    n = len(cols) - 1

    def sub_only(c: int) -> bool:  # the column's labels all stand under the label's tier
        tiers = [t[0] for m, t in enumerate(chunks) if centre[m] == c and m != k]
        return bool(tiers) and min(tiers) > li

    def one_tier(r: tuple[int, int]) -> bool:  # the sub-labels start on one line, under the label
        return len({min(t[0] for m, t in enumerate(chunks) if centre[m] == c and m != k) for c in range(r[0], r[1] + 1)}) == 1

    if not sub_only(j) or any(centre[m] == j and m != k and abs(t[2] - chunks[k][2]) <= 2 for m, t in enumerate(chunks)):
        return None  # (a label flush with a sub-label under it is printed over its first column: _left_span)
    if abs(_middle((j, j), chunks, centre) - cx) <= 4.0:
        return None  # centred over its own column: a group label printed in its first cell (_left_span)
    a = b = j
    while a > 0 and sub_only(a - 1):
        a -= 1
    while b + 1 < n and sub_only(b + 1):
        b += 1
    runs = [(x, y) for x in range(a, j + 1) for y in range(j, b + 1) if y > x and one_tier((x, y))]
    if not runs:
        return None
    best = min(runs, key=lambda r: abs(_middle(r, chunks, centre) - cx))
    return best if abs(_middle(best, chunks, centre) - cx) <= 4.0 else None


def _middle(run: tuple[int, int], chunks: Sequence[tuple[int, str, float, float]], centre: Sequence[int]) -> float:
    """The middle of the labels printed in the columns of `run`: a label centred over the merged
    cell of those columns is centred on about that middle."""
    inside = [c for m, c in enumerate(chunks) if run[0] <= centre[m] <= run[1]]
    return (min(c[2] for c in inside) + max(c[3] for c in inside)) / 2


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


def _column_starts(body: Sequence[Line], cols: Sequence[float]) -> dict[int, list[float]]:
    """Where the body's chunks start, by column."""
    starts: dict[int, list[float]] = {}
    for ln in body:
        for c in ln.chunks:
            starts.setdefault(col_of(c[0].x0 + 1, cols), []).append(c[0].x0)
    return starts


def _split_at_edges(lines: list[Line], cols: Sequence[float], starts: dict[int, list[float]]) -> list[Line]:
    """A value printed a little more than a word space after a long text ("... Transmigrasi 388
    Sertifikat") is one chunk across the column boundary; cut it before the word that starts where
    the column's text starts in the body's rows (`starts`, left-aligned, to 2 pt), so the value keeps
    its column; a header label run on after the label before it ("Program/ Anggaran") likewise."""
    def edge(w: Word, k: int) -> bool:
        return sum(abs(x - w.x0) <= 2 for x in starts.get(k, [])) >= 2
    out: list[Line] = []
    for ln in lines:
        chunks: list[list[Word]] = []
        for c in ln.chunks:
            cut = 0
            for i in range(1, len(c)):
                k = col_of(c[i].x0 + 1, cols)
                gap = c[i].x0 - c[i - 1].x1
                if k > col_of(c[cut].x0 + 1, cols) and gap >= 0.4 * (c[i].y1 - c[i].y0) and edge(c[i], k):
                    chunks.append(c[cut:i])
                    cut = i
            chunks.append(c[cut:])
        out.append(ln if len(chunks) == len(ln.chunks) else replace(ln, chunks=chunks))
    return out


def _bbox(lines: Sequence[Line]) -> BBox:
    return (min(ln.x0 for ln in lines), min(ln.y0 for ln in lines), max(ln.x1 for ln in lines), max(ln.y1 for ln in lines))


def region_table(region: Region, fills: Sequence[BBox], page: int, s: TableSettings = DEFAULT_SETTINGS) -> tuple[Table, list[float], int]:
    """The table a region prints, its column boundaries and how many header rows it has."""
    cols = columns_of(region, s)
    starts = _column_starts(region.body, cols)
    region = replace(region, body=_split_at_edges(region.body, cols, starts), header=_split_at_edges(region.header, cols, starts))
    rows = _header_rows(region.header, cols, region.header_page or page) if region.header else []
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
    lines = region.body + ([] if region.header_page else region.header)
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
    cols = region.columns
    celled = sum(1 for ln in region.body if len(ln.chunks) >= 2 or (cols is not None and inset(ln, cols, 4.0)))
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
    lines = lines_of(words, s)
    fills = bands_of(fills)
    tables: list[Table] = []
    taken: set[int] = set()
    found = find_regions(lines, segments, fills, carry, s)
    regions = [r for r in found if r.body]
    used = {id(ln) for r in found for ln in r.header + r.body}
    k = 0
    while k < len(regions):
        region = regions[k]
        k += 1
        if tables and carry is not None and resumes(region, carry):
            region.columns = carry.columns
        table, cols, n_header = region_table(region, fills, page, s)
        if not _is_table(table, n_header, region):
            continue
        tables.append(table)
        taken.update(id(w) for ln in region.header + region.body for w in ln.words)
        carry = Carry(cols, numeric_columns(region.body, cols))
        until = regions[k].y0 if k < len(regions) else float("inf")
        if (part := part_after(lines, region, carry, used, until)) is not None:
            regions.insert(k, part)
            used.update(id(ln) for ln in part.body)
    if (foot := foot_header(lines, found, taken)) is not None:  # (its words stay this page's text too)
        carry = Carry([foot.x0, foot.x1], set(), header=foot.header, header_page=page)
    rest = [w for w in words if id(w) not in taken]
    return tables, rest, carry
