"""Table rows that a page break cut in two, joined again across the pages of a digital PDF.

It runs on the pages' blocks after furniture removal and before stitching, so the rest of a cut
row becomes part of its first half and the record stays whole."""

from __future__ import annotations

import re
from typing import Protocol, Sequence

from ingest.layout import Block, Paragraph, Row, Table
from ingest.tables_geom import TableSettings, join_lines
from ingest.tables_unruled import FIGURE


class PageBlocks(Protocol):
    """What the joining needs of a page read so far (`pdf.PageContent` is one)."""

    width: float
    height: float
    line_height: float
    tables: list[Table]
    paragraphs: list[Paragraph]


def _first_block(pc: PageBlocks) -> Block | None:
    blocks: list[Block] = [*pc.tables, *pc.paragraphs]
    return min(blocks, key=lambda b: b.bbox[1] if b.bbox else 0.0) if blocks else None


def _last_block(pc: PageBlocks) -> Block | None:
    blocks: list[Block] = [*pc.tables, *pc.paragraphs]
    return max(blocks, key=lambda b: b.bbox[3] if b.bbox else 0.0) if blocks else None


def _body_bottoms(pages: Sequence[PageBlocks]) -> dict[tuple[int, int], float]:
    """The lowest printed content per page size: where the text area ends."""
    out: dict[tuple[int, int], float] = {}
    for pc in pages:
        blocks: list[Table | Paragraph] = [*pc.tables, *pc.paragraphs]
        for b in blocks:
            if b.bbox:
                key = _size_key(pc)
                out[key] = max(out.get(key, 0.0), b.bbox[3])
    return out


def _size_key(pc: PageBlocks) -> tuple[int, int]:
    return (round(pc.width), round(pc.height))



# Words a phrase cannot end with: a cell whose text stops on one was cut.
_OPEN_ENDS = {"yang", "dan", "atau", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "oleh", "serta", "terhadap", "bagi"}
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)]?\)?$")
_VALUE = re.compile(r"\d")


_ENUMERATOR = re.compile(r"^(?:[a-z]|\d{1,3}(?:\.\d{1,3})*)[.)]\s", re.I)


def _own_row(last: Row, rest: Row) -> bool:
    """A row of its own, never the rest of the row above: it has its own No. or code cell, it
    starts with an enumerator ("a.", "b.", "1.2."), or it prints a figure where the row above
    prints one too."""
    if rest.cells and _NUMBERED.match(rest.cells[0].text.strip()):
        return True
    if any(_ENUMERATOR.match(c.text.strip() + " ") for c in rest.cells if c.text.strip()):
        return True
    return any(FIGURE.match(a.text.strip()) and FIGURE.match(b.text.strip()) for a, b in zip(last.cells, rest.cells))


def _continues(prev: Table, rest: Row) -> bool:
    """The rest of a cut row: some cell goes on mid-sentence, or (in a numbered table) it has
    no number of its own and no value."""
    last = prev.rows[-1]
    if _own_row(last, rest):
        return False
    texts = [c.text.strip() for c in rest.cells if c.text.strip()]
    if any(t[:1].islower() for t in texts):
        return True
    for a, b in zip(last.cells, rest.cells):
        words = a.text.split()
        if b.text.strip() and words and words[-1].lower() in _OPEN_ENDS:
            return True
    return _unnumbered_rest(prev, rest)


def _unnumbered_rest(prev: Table, rest: Row) -> bool:
    """In a numbered table, a row with no number of its own and no value: the rest of the row above."""
    above = next((r.cells[0].text.strip() for r in reversed(prev.rows) if r.cells and r.cells[0].text.strip()), "")
    texts = [c.text.strip() for c in rest.cells if c.text.strip()]
    return bool(_NUMBERED.match(above)) and not rest.cells[0].text.strip() and not any(_VALUE.search(t) for t in texts)


def _continue_merged_cells(prev: Table, rest: Row) -> None:
    """A merged cell (a Sasaran over several rows) cut by the page break goes on in the first row
    of the next page: that text belongs to the merged cell, not to the row it is printed in."""
    last = prev.rows[-1]
    if last.bbox is None:
        return
    for j, cell in enumerate(rest.cells):
        if not cell.text.strip() or j >= len(last.cells) or last.cells[j].text.strip():
            continue
        for row in reversed(prev.rows[:-1]):
            top = row.cells[j] if j < len(row.cells) else None
            if top is None or not top.text.strip():
                continue
            if top.rowspan > 1 and top.bbox is not None and top.bbox[3] >= last.bbox[3] - 1:
                top.text = join_lines([top.text, cell.text])
                cell.text = ""
            break


def join_cut_rows(pages: Sequence[PageBlocks], s: TableSettings) -> None:
    """A table row that a page break cut in two: its first part fills the previous page to the
    bottom of the text area, and its rest opens the next page (under a repeated header) and
    starts mid-sentence. The rest is joined into the first part, cell by cell, so it stays one
    record."""
    bottoms = _body_bottoms(pages)
    for prev_pc, pc in zip(pages, pages[1:]):
        prev, nxt = _last_block(prev_pc), _first_block(pc)
        if not (isinstance(prev, Table) and isinstance(nxt, Table) and prev.rows):
            continue
        last = prev.rows[-1]
        if last.bbox is None:
            continue
        line = prev_pc.line_height
        at_foot = bottoms[_size_key(prev_pc)] - last.bbox[3] <= s.cut_row_gap * line
        top = [r.texts for r in prev.rows[:4]]
        k = 0
        while k < len(nxt.rows) and nxt.rows[k].texts in top:
            k += 1
        if k >= len(nxt.rows) or len(nxt.rows[k].cells) != len(last.cells):
            continue
        rest = nxt.rows[k]
        lower = [c.text.strip()[:1].islower() for c in rest.cells if c.text.strip()]
        if not at_foot and not (lower and all(lower)) and not _unnumbered_rest(prev, rest):
            continue  # a row ending above the page's foot was not cut, unless what follows can only be its rest
        _continue_merged_cells(prev, rest)
        texts = [c.text for c in rest.cells if c.text.strip()]
        if not texts or not _continues(prev, rest):
            continue
        for a, b in zip(last.cells, rest.cells):
            if b.text.strip():
                a.text = join_lines([a.text, b.text])
        del nxt.rows[k]
        if all(r.is_empty() or r.texts in top for r in nxt.rows):
            pc.tables.remove(nxt)
