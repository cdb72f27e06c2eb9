"""Join tables that a page break (or a blank line in a text conversion) cut in two.

A table that starts without a header row and follows another table with nothing printed in
between is the same table continued: its rows are appended, and the first of them is marked so
extractors can join a row that the break cut in half. A repeated header row at the top of the
continuation is dropped. Used by every reader, so extractors see one table either way.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TypeGuard

from ingest.columns import is_header_row
from ingest.layout import Block, Layout, Paragraph, Row, Table

# A page footer or header: a bare page number, or a short line ending in one ("... - LKjIP 2024  12").
_PAGE_NO = re.compile(r"^(?:\S+\s+){4,}(?:\d{1,3}|[ivxlc]{1,6})$|^[-–\s]*(?:\d{1,3}|[ivxlc]{1,6})[-–\s]*$", re.I)
_NOT_FURNITURE = re.compile(r"^(?:tabel|table|lampiran|bab|sumber)\b|:\s*$", re.I)


def _header_texts(table: Table) -> list[str] | None:
    for row in table.rows[:3]:
        if is_header_row(row):
            return [c.text.strip().lower() for c in row.cells]
    return None


def _starts_with_header(table: Table) -> bool:
    return any(is_header_row(r) for r in table.rows[:2])


def _width(table: Table) -> int:
    """Columns actually printed: trailing empty cells (runs of TABs) do not count."""
    return max((max((i + 1 for i, c in enumerate(r.cells) if c.text.strip()), default=0) for r in table.rows), default=0)


def _compatible(prev: Table, nxt: Table) -> bool:
    a, b = _width(prev), _width(nxt)
    return abs(a - b) <= 1 or b <= a


def _drop_repeated_header(prev: Table, rows: list[Row]) -> list[Row]:
    """The continuation without the header rows (one or several) repeated from the top of prev."""
    top = [[c.text.strip().lower() for c in r.cells] for r in prev.rows[:4]]
    k = 0
    while k < len(rows) and [c.text.strip().lower() for c in rows[k].cells] in top:
        k += 1
    return rows[k:]


def _footer_row(block: Block, prev: Block | None) -> TypeGuard[Table]:
    """A page footer that a TAB before its page number turned into a one-row table inside a wider
    table ('Inspektorat ... - LKjIP 2024<TAB>12')."""
    if not (isinstance(block, Table) and isinstance(prev, Table) and len(block.rows) == 1 and _width(prev) >= 4):
        return False
    texts = [c.text.strip() for c in block.rows[0].cells if c.text.strip()]
    return len(texts) == 2 and bool(re.fullmatch(r"\d{1,3}|[ivxlc]{1,6}", texts[1], re.I)) and len(texts[0].split()) >= 3


def _furniture(block: Block) -> bool:
    return isinstance(block, Paragraph) and len(block.text.split()) <= 14 and not _NOT_FURNITURE.search(block.text)


def _running(layout: Layout) -> tuple[set[str], set[str]]:
    """Lines printed more than once (page headers and footers), page numbers aside. Where the
    reader knows positions, only a line printed on two pages or more at the same height: a unit
    label that heads two tables of one page is not furniture. Second, the lines sure to be
    furniture: at the same height on three pages or more, or on every page."""
    seen: Counter[str] = Counter()
    placed: dict[str, set[tuple[int, int]]] = {}
    for b in layout.blocks:
        if not isinstance(b, Paragraph):
            continue
        t = _strip_number(b.text)
        seen[t] += 1
        if b.bbox is not None:
            placed.setdefault(t, set()).add((b.page, round(b.bbox[1] / 12)))
    n_pages = len({b.page for b in layout.blocks})
    at_one_height: dict[str, int] = {}  # pages the line is printed on at one height
    for t, spots in placed.items():
        heights = Counter(y for _, y in spots) + Counter(y + 1 for _, y in spots)
        at_one_height[t] = min(len({p for p, _ in spots}), max(heights.values()))
    running = {t for t in seen if t and (at_one_height[t] >= 2 if t in placed else seen[t] >= 2)}
    sure = {t for t in running if at_one_height.get(t, 0) >= min(3, n_pages)}
    return running, sure


def _strip_number(text: str) -> str:
    return re.sub(r"\s+(?:\d{1,3}|[ivxlc]{1,6})\s*$", "", text.strip(), flags=re.I).lower()


def _footers_before(blocks: list[Block], block: Block, running: set[str], sure: set[str]) -> int:
    """How many page-furniture paragraphs sit between the last table and `block` (0 when none,
    or when what is printed there is more than furniture): page numbers, or lines printed on
    other pages too when `block` repeats the header, or furniture for sure when it has none."""
    if not isinstance(block, Table) or not block.rows:
        return 0
    k = len(blocks)
    while k > 0 and len(blocks) - k < 2 and _furniture(blocks[k - 1]):
        k -= 1
    before = blocks[k - 1] if 0 < k < len(blocks) else None
    if not isinstance(before, Table):
        return 0
    between = blocks[k:]
    numbered = all(_PAGE_NO.match(b.text.strip()) for b in between if isinstance(b, Paragraph))
    header = _header_texts(before)
    repeats = header is not None and [c.text.strip().lower() for c in block.rows[0].cells] == header
    texts = [_strip_number(b.text) for b in between if isinstance(b, Paragraph)]
    if numbered or (repeats and all(t in running for t in texts)):
        return len(between)
    return len(between) if not _starts_with_header(block) and all(t in sure for t in texts) else 0


# A line printed between two parts of one table: "Lanjutan Tabel 3.4", "(lanjutan)", a note.
_CONTINUATION_NOTE = re.compile(
    r"^[(\[]?\s*(?:lanjutan|sambungan|lanj\.|cont(?:inued)?\b)|^\*+\)|^(?:catatan|keterangan|ket|sumber|note)\s*:?", re.I)


def _notes_before(blocks: list[Block], block: Block) -> int:
    """How many continuation lines or notes (at most two, each short) stand between a headerless
    table and the table before it, so that the two parts are joined across them."""
    if not isinstance(block, Table) or not block.rows or _starts_with_header(block):
        return 0
    k = len(blocks)
    while k > 0 and len(blocks) - k < 2 and isinstance(note := blocks[k - 1], Paragraph):
        text = note.text.strip()
        if not (_CONTINUATION_NOTE.match(text) and len(text.split()) <= 20):
            return 0
        k -= 1
    if k == len(blocks) or k == 0 or not isinstance(blocks[k - 1], Table):
        return 0
    return len(blocks) - k


def stitch_tables(layout: Layout) -> Layout:
    """Merge continued tables in place and number all tables in reading order. Page footers
    printed between the halves do not stop the join (a bare page number or a line ending in one;
    a line printed on other pages too when the continuation repeats the header), nor do a
    "Lanjutan" line or a note before a headerless part; they move after the joined table."""
    blocks: list[Block] = []
    running, sure = _running(layout)
    for block in layout.blocks:
        if _footer_row(block, blocks[-1] if blocks else None):
            row = block.rows[0]
            block = Paragraph(" ".join(c.text for c in row.cells if c.text.strip()), page=row.page, line=row.line)
        footers: list[Block] = []
        if n := _footers_before(blocks, block, running, sure) or _notes_before(blocks, block):
            footers = blocks[-n:]
            del blocks[-n:]
        prev = blocks[-1] if blocks else None
        if isinstance(block, Table) and isinstance(prev, Table):
            prev_header = _header_texts(prev)
            head = block.rows[0]
            repeated = prev_header is not None and [c.text.strip().lower() for c in head.cells] == prev_header
            if repeated:
                block.rows = _drop_repeated_header(prev, block.rows)
                if not block.rows:
                    blocks.extend(footers)
                    continue  # only the header was repeated: the table ended at the page foot
            if (repeated or not _starts_with_header(block)) and _compatible(prev, block):
                prev.breaks.append(len(prev.rows))
                prev.rows.extend(block.rows)
                blocks.extend(footers)
                continue
        blocks.extend(footers)
        blocks.append(block)
    layout.blocks = blocks
    for i, t in enumerate(layout.tables()):
        t.index = i
    return layout
