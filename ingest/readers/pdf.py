"""Reader for digital PDFs (a text layer): pages -> tables and paragraphs of the layout model.

Each page goes through the same named steps: `page_geometry` (words, fonts, ruling lines) ->
ruled tables (`lattice_tables`) -> borderless tables under a header row (`stream_tables`) ->
the remaining lines as paragraphs (`paragraphs`) -> blocks in reading order. Page furniture
(page numbers, running heads repeated on most pages) is dropped so that a table continued on the
next page follows its first part directly and `ingest.stitch` joins them.

PyMuPDF does all the reading: its words and drawings are many times faster than pdfplumber's
objects, and the table geometry (`ingest.tables_geom`) is the same either way.

Per-page extras (diagram boxes and connectors) plug in through `PAGE_HOOKS`: each hook gets the
PyMuPDF page, its geometry and the page's blocks so far, and adds to the layout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pymupdf

from ingest.layout import BBox, Block, Layout, Page, Paragraph, ReadIssue, Row, Table
from ingest.readers.unsupported import UnsupportedInput
from ingest.readers.pdf_page import FontSpan, PageGeometry, page_geometry
from ingest.readers.scan import is_sandwich, needs_ocr, ocr_geometry
from ingest.tables_geom import (
    DEFAULT_SETTINGS,
    Segment,
    TableSettings,
    Word,
    grid_cells,
    grid_of,
    join_lines,
    merge_segments,
    place_words,
    ruled_regions,
    stack_regions,
    text_lines,
    within,
)
from ingest.tables_lattice import lattice_rows
from ingest.table_lines import lines_of
from ingest.tables_unruled import FIGURE, Carry, unruled_tables


class ScannedPDF(UnsupportedInput):
    """A PDF whose pages are images that could not be OCR'd (OCR off, or no engine)."""


class UnreadablePDF(UnsupportedInput):
    """A PDF that cannot be opened: encrypted with a password, or damaged. Reported as skipped
    with the reason: reading it again will not help."""


@dataclass(slots=True)
class PageContent:
    """The blocks read from one page, before furniture removal and stitching."""

    number: int
    width: float = 0.0
    height: float = 0.0
    line_height: float = 12.0
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    table_share: float = 0.0  # share of the page's words inside tables (ruled or not)
    carry: Optional[Carry] = None  # the columns of the page's last unruled table


PageHook = Callable[[pymupdf.Page, PageGeometry, PageContent, Layout], None]
PAGE_HOOKS: list[PageHook] = []
# A page whose words sit almost all in tables is a table page; hooks see `table_share` and
# must be strict there, so the bordered cells of a table are never taken for diagram boxes (a
# cascade drawn as a grid of ruled unit blocks is such a page too, hence hooks still run).

_PAGE_NUMBER = re.compile(
    r"^(?:-\s*)?(?:hal(?:aman)?\.?\s*)?(?:(?:bab\s+)?(?:\d{1,2}|[ivx]{1,4})\s*[-–.]\s*)?(?:\d{1,4}|[ivxlc]{1,6})"
    r"(?:\s*(?:dari|/|of)\s*\d{1,4})?(?:\s*-)?$",
    re.I,
)
_MARGIN = 0.09  # share of the page height at top and bottom where furniture is printed


# --- tables ------------------------------------------------------------------------------------


def lattice_tables(geo: PageGeometry, words: list[Word], s: TableSettings) -> tuple[list[Table], list[Word], list[BBox]]:
    """Fully ruled tables on the page, the words left outside them, and the grids' frames."""
    tables: list[Table] = []
    frames: list[BBox] = []
    segments = merge_segments(geo.segments, s)
    for hs, vs in stack_regions(ruled_regions(segments, s), 1.2 * geo.body_size, s):
        grid = grid_of(hs, vs, s)
        if grid is None:
            continue
        cells = grid_cells(grid, s)
        rest = place_words(grid, cells, words)
        if len(rest) == len(words):
            continue  # an empty frame
        words = rest
        rows = lattice_rows(grid, cells, geo.number, s)
        if rows:
            tables.append(Table(rows=rows, page=geo.number, bbox=grid.bbox))
            frames.append(grid.bbox)
    return tables, words, frames


def _outside(segments: list[Segment], frames: list[BBox], tol: float) -> list[Segment]:
    """The ruling lines that belong to no full grid."""
    return [g for g in segments if not any(within(g, f, tol) for f in frames)]


# --- paragraphs --------------------------------------------------------------------------------


def _is_heading(line: list[Word], spans: list[FontSpan], body_size: float) -> bool:
    """Bold or larger than the body text, judged on the spans under the line's words."""
    x0 = min(w.x0 for w in line)
    x1 = max(w.x1 for w in line)
    cy = sum(w.cy for w in line) / len(line)
    under = [sp for sp in spans if sp.bbox[1] <= cy <= sp.bbox[3] and sp.bbox[0] < x1 and sp.bbox[2] > x0]
    if not under:
        return False
    bold = sum(1 for sp in under if sp.bold) >= len(under) / 2
    large = max(sp.size for sp in under) >= 1.15 * body_size
    return bold or large


def paragraphs(geo: PageGeometry, words: list[Word], s: TableSettings) -> list[Paragraph]:
    """Printed lines outside tables; a line that wraps (the next starts close below in the same
    style, and its first word would not have fitted at the end of this one) is joined to it."""
    lines = text_lines(words, s)
    if not lines:
        return []
    right = max(w.x1 for w in geo.words)  # the text block's right edge: tables' words included
    out: list[Paragraph] = []
    prev: list[Word] | None = None
    for line in lines:
        text = " ".join(w.text for w in line).strip()
        if not text:
            continue
        heading = _is_heading(line, geo.spans, geo.body_size)
        bbox = (min(w.x0 for w in line), min(w.y0 for w in line), max(w.x1 for w in line), max(w.y1 for w in line))
        if out and prev is not None:
            last = out[-1]
            height = prev[0].y1 - prev[0].y0
            gap = bbox[1] - max(w.y1 for w in prev)
            end = max(w.x1 for w in prev)
            # wrapped: the next line's first word would not have fitted at the end of this one
            wrapped = gap < 0.6 * height and end + 0.3 * height + (line[0].x1 - line[0].x0) > right
            if wrapped and last.heading == heading and last.bbox is not None:
                last.text = join_lines([last.text, text])
                lb = last.bbox
                last.bbox = (min(lb[0], bbox[0]), lb[1], max(lb[2], bbox[2]), bbox[3])
                prev = line
                continue
        out.append(Paragraph(text, page=geo.number, bbox=bbox, heading=heading))
        prev = line
    return out


# --- one page ----------------------------------------------------------------------------------


def read_page(geo: PageGeometry, s: TableSettings = DEFAULT_SETTINGS, carry: Optional[Carry] = None) -> PageContent:
    """Fully ruled tables first, then the tables whose grid is not fully drawn (rules, bands or
    gutters; a headerless part may continue `carry`, the last table before), then what is left
    as paragraphs (pure)."""
    content = PageContent(geo.number, geo.width, geo.height, line_height=1.2 * geo.body_size)
    folio = _folio_words(geo, s)
    words = [w for w in geo.words if id(w) not in folio]
    ruled, rest, frames = lattice_tables(geo, words, s)
    segments = _outside(merge_segments(geo.segments, s), frames, s.snap)
    open_tables, rest, content.carry = unruled_tables(rest, segments, geo.fills, geo.number, carry, s)
    rest += [w for w in geo.words if id(w) in folio]
    if geo.words:
        content.table_share = 1 - len(rest) / len(geo.words)
    content.tables = ruled + open_tables
    content.paragraphs = paragraphs(geo, rest, s)
    return content


def _folio_words(geo: PageGeometry, s: TableSettings) -> set[int]:
    """The words of a page number printed in the top or bottom margin ('- 6 -', 'Halaman 6', a
    number centred or at the right edge): never a cell of a table the page break cut, whose last
    row runs on to the foot of the page. A number at a table's left (its No. column) stays."""
    out: set[int] = set()
    for ln in lines_of(geo.words, s):
        if not _in_margin((ln.x0, ln.y0, ln.x1, ln.y1), geo.height):
            continue
        text = ln.text.strip()
        if not _PAGE_NUMBER.match(text):
            continue
        centred = abs((ln.x0 + ln.x1) / 2 - geo.width / 2) <= 0.08 * geo.width
        if centred or ln.x1 >= 0.85 * geo.width or re.search(r"[-–]|hal", text, re.I):
            out.update(id(w) for w in ln.words)
    return out


def _top(block: Block) -> float:
    return block.bbox[1] if block.bbox else 0.0


def _furniture_key(p: Paragraph) -> str:
    return re.sub(r"\d+", "#", p.text.lower()).strip()


def drop_furniture(pages: list[PageContent]) -> None:
    """Remove page numbers and running heads/feet (the same margin line on most pages)."""
    margin_keys: Counter[str] = Counter()
    for pc in pages:
        keys = set()
        for p in pc.paragraphs:
            if p.bbox and _in_margin(p.bbox, pc.height):
                keys.add(_furniture_key(p))
        margin_keys.update(keys)
    repeated = {k for k, n in margin_keys.items() if n >= max(2, len(pages) / 2)}
    for pc in pages:
        pc.paragraphs = [
            p
            for p in pc.paragraphs
            if not (p.bbox and _in_margin(p.bbox, pc.height) and (_PAGE_NUMBER.match(p.text.strip()) or _furniture_key(p) in repeated))
        ]


def _in_margin(bbox: BBox, height: float) -> bool:
    return bbox[3] <= height * _MARGIN or bbox[1] >= height * (1 - _MARGIN)


def _first_block(pc: PageContent) -> Block | None:
    blocks: list[Block] = [*pc.tables, *pc.paragraphs]
    return min(blocks, key=_top) if blocks else None


def _last_block(pc: PageContent) -> Block | None:
    blocks: list[Block] = [*pc.tables, *pc.paragraphs]
    return max(blocks, key=lambda b: b.bbox[3] if b.bbox else 0.0) if blocks else None


def _body_bottoms(pages: list[PageContent]) -> dict[tuple[int, int], float]:
    """The lowest printed content per page size: where the text area ends."""
    out: dict[tuple[int, int], float] = {}
    for pc in pages:
        for b in [*pc.tables, *pc.paragraphs]:
            if b.bbox:
                key = _size_key(pc)
                out[key] = max(out.get(key, 0.0), b.bbox[3])
    return out


def _size_key(pc: PageContent) -> tuple[int, int]:
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


def join_cut_rows(pages: list[PageContent], s: TableSettings) -> None:
    """A table row that a page break cut in two: its first part fills the previous page to the
    bottom of the text area, and its rest opens the next page (under a repeated header) and
    starts mid-sentence. The rest is joined into the first part, cell by cell, so it stays one
    record."""
    bottoms = _body_bottoms(pages)
    for prev_pc, pc in zip(pages, pages[1:]):
        prev, nxt = _last_block(prev_pc), _first_block(pc)
        if not (isinstance(prev, Table) and isinstance(nxt, Table) and prev.rows and prev.rows[-1].bbox):
            continue
        last = prev.rows[-1]
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


# --- the document ------------------------------------------------------------------------------


# The user password tried on an encrypted PDF (`kinerja scan --password`); empty by default.
PASSWORD: ContextVar[str] = ContextVar("pdf_password", default="")


def _open(path: Path, layout: Layout | None = None) -> pymupdf.Document:
    """Open a PDF. An encrypted one opens when its user password is empty. A damaged one (its
    cross-reference table had to be rebuilt) is repaired by qpdf where installed, else by PyMuPDF,
    and the layout gets a warning: pages or objects may be missing, never a silent ok."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for damaged files
        doc = _qpdf_repaired(path)
        if doc is None:
            raise UnreadablePDF(f"cannot open PDF (damaged or not a PDF): {exc}") from exc
        _note_repair(layout, "qpdf")
    else:
        if doc.is_repaired:
            fixed = _qpdf_repaired(path)
            if fixed is not None and fixed.page_count >= doc.page_count:
                doc.close()
                doc = fixed
            elif fixed is not None:
                fixed.close()
            _note_repair(layout, "qpdf" if doc is fixed else "PyMuPDF")
    if doc.needs_pass and not doc.authenticate(PASSWORD.get()):
        doc.close()
        raise UnreadablePDF("encrypted PDF: it needs a password to open" + (" (--password)" if not PASSWORD.get() else ", and --password is not it"))
    if doc.page_count == 0 and layout is not None and layout.issues:
        doc.close()
        raise UnreadablePDF("damaged PDF: no page could be recovered (the file may be cut short)")
    return doc


def _note_repair(layout: Layout | None, tool: str) -> None:
    if layout is not None:
        layout.issues.append(ReadIssue(
            stage="open", message=f"damaged PDF repaired by {tool}: pages or objects may be missing"))


def _qpdf_repaired(path: Path) -> pymupdf.Document | None:
    """The PDF as qpdf rebuilds it (in memory), or None where qpdf is missing or gives up."""
    exe = shutil.which("qpdf")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="kinerja-qpdf-") as tmp:
        fixed = Path(tmp) / "fixed.pdf"
        try:
            done = subprocess.run([exe, "--warning-exit-0", str(path), str(fixed)], capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0 or not fixed.exists():
            return None
        try:
            doc = pymupdf.open(stream=fixed.read_bytes(), filetype="pdf")
        except Exception:
            return None
    return doc if doc.page_count else None


def _page_lost(layout: Layout, number: int, page: pymupdf.Page, stage: str, exc: Exception,
               n_boxes: int, n_connectors: int) -> None:
    """Drop what a failed page half-added and record it, so its document says a page is missing."""
    del layout.boxes[n_boxes:], layout.connectors[n_connectors:]
    if not layout.pages or layout.pages[-1].number != number:
        layout.pages.append(Page(number=number))
    layout.issues.append(ReadIssue(stage=stage, message=f"{type(exc).__name__}: {exc}", page=number, page_lost=True))


def read_pdf(path: Path, settings: TableSettings = DEFAULT_SETTINGS) -> Layout:
    layout = Layout(source_path=str(path), reader="pdf")
    doc = _open(path, layout)
    try:
        contents: list[PageContent] = []
        unread: list[int] = []  # scanned pages OCR did not read (their text layer, if any, is kept)
        ocred, why = 0, ""
        carry: Optional[Carry] = None
        for i, page in enumerate(doc, start=1):
            n_boxes, n_connectors, stage = len(layout.boxes), len(layout.connectors), "geometry"
            try:  # one page that raises is recorded and skipped; the rest of the document is read
                geo = page_geometry(page, i, settings)
                scanned = needs_ocr(page, geo.words)
                if scanned or is_sandwich(page):  # the words come from the image
                    stage = "ocr"
                    ocr_geo, reason = ocr_geometry(page, i)
                    if ocr_geo is not None:
                        geo, ocred = ocr_geo, ocred + 1
                    elif scanned:
                        unread.append(i)
                        why = reason
                layout.pages.append(Page(number=i, width=geo.width, height=geo.height, rotation=geo.rotation))
                hooks = PAGE_HOOKS
                if len(geo.segments) > settings.max_segments:  # the costly geometry is skipped, with a note
                    layout.issues.append(ReadIssue(stage="tables", page=i, message=(
                        f"p. {i} draws {len(geo.segments)} ruling lines (more than {settings.max_segments}): "
                        "its tables were read from the text alone and its drawings were not read as a diagram")))
                    geo.segments, geo.fills, hooks = [], [], []
                stage = "tables and text"
                content = read_page(geo, settings, carry)
                for hook in hooks:
                    stage = getattr(hook, "__name__", "page hook")
                    hook(page, geo, content, layout)
            except Exception as exc:
                _page_lost(layout, i, page, stage, exc, n_boxes, n_connectors)
                content = PageContent(number=i)  # empty, so no table is joined across the lost page
            carry = content.carry
            contents.append(content)
    finally:
        doc.close()
    if not layout.pages:
        raise UnreadablePDF("the PDF has no pages")
    # a scanned page's few typed words (a signature block over the sheet) are not its content
    if unread and not any(c.tables or c.paragraphs for c in contents if c.number not in unread):
        raise ScannedPDF(
            f"scanned PDF: {len(unread)} of {len(layout.pages)} pages are images without a usable text layer; "
            f"not read: {why}"
        )
    if unread:
        layout.issues.append(ReadIssue(stage="ocr", message=(
            f"{len(unread)} scanned page(s) (p. {', '.join(map(str, unread[:20]))}{' ...' if len(unread) > 20 else ''}) "
            f"are images without a usable text layer; not read: {why}")))
    if ocred == len(layout.pages):
        layout.reader = "ocr"  # every page was read from its image (Document.reader)
    drop_furniture(contents)
    join_cut_rows(contents, settings)
    for c in contents:
        blocks: list[Block] = [*c.tables, *c.paragraphs]
        blocks.sort(key=_top)
        layout.blocks.extend(blocks)
    number_lines(layout.blocks)
    return layout


def number_lines(blocks: list[Block]) -> None:
    """Give paragraphs the ordinal of their printed line in the document (a table counts one line
    per row), so 'the next line' means the same for a PDF as for a text conversion."""
    n = 0
    for b in blocks:
        if isinstance(b, Paragraph):
            n += 1
            b.line = n
        else:
            n += len(b.rows)


# --- diagram pages (issue 8: pohon kinerja / cascading drawn as boxes) --------------------------
from ingest.readers.diagram import pdf_page_hook  # noqa: E402

PAGE_HOOKS.append(pdf_page_hook)
