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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pymupdf

from ingest.layout import BBox, Block, Layout, Page, Paragraph, ReadIssue, Table
from ingest.readers.unsupported import UnsupportedInput
from ingest.readers.pdf_cut_rows import join_cut_rows
from ingest.readers.pdf_open import UnreadablePDF, open_pdf
from ingest.readers.pdf_page import PageGeometry, page_geometry
from ingest.readers.pdf_paragraphs import paragraphs
from ingest.readers.pdf_tables import lattice_tables, outside_grids
from ingest.readers.scan import is_sandwich, needs_ocr, ocr_geometry
from ingest.tables_geom import DEFAULT_SETTINGS, TableSettings, merge_segments
from ingest.table_lines import Line, lines_of
from ingest.tables_unruled import Carry, unruled_tables


class ScannedPDF(UnsupportedInput):
    """A PDF whose pages are images that could not be OCR'd (OCR off, or no engine)."""


MarginKey = tuple[str, Optional[int], Optional[int]]  # a furniture line's masked text, height and left edge


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
    margin_lines: frozenset[MarginKey] = frozenset()  # one-run lines at its top/bottom edge (`_margin_lines`)


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
_MARGIN = 0.09  # share of the page height at top and bottom where page numbers are printed
_RUNNING = 0.15  # where a running head or foot may stand: it is known by repeating, not by its place


# --- one page ----------------------------------------------------------------------------------


def read_page(geo: PageGeometry, s: TableSettings = DEFAULT_SETTINGS, carry: Optional[Carry] = None,
              running: frozenset[MarginKey] = frozenset()) -> PageContent:
    """Fully ruled tables first, then the tables whose grid is not fully drawn (rules, bands or
    gutters; a headerless part may continue `carry`, the last table before), then what is left
    as paragraphs (pure). `running`: the margin lines of the page before; the same line at the
    same height here is a running head or foot, never a row of a table carried on."""
    content = PageContent(geo.number, geo.width, geo.height, line_height=1.2 * geo.body_size)
    page_lines = lines_of(geo.words, s)
    in_margin = [ln for ln in page_lines if _in_margin((ln.x0, ln.y0, ln.x1, ln.y1), geo.height)]
    margin = _margin_lines(in_margin, _outer_lines(page_lines, geo.height))
    content.margin_lines = frozenset(margin)
    repeated = [ids for key, ids in margin.items() if key in running or (key[0], key[1], None) in running]
    folio = _folio_words(geo, in_margin).union(*repeated)  # a line in the margin there may straddle it here
    words = [w for w in geo.words if id(w) not in folio]
    ruled, rest, frames = lattice_tables(geo, words, s)
    segments = outside_grids(merge_segments(geo.segments, s), frames, s.snap)
    open_tables, rest, content.carry = unruled_tables(rest, segments, geo.fills, geo.number, carry, s)
    rest += [w for w in geo.words if id(w) in folio]
    if geo.words:
        content.table_share = 1 - len(rest) / len(geo.words)
    content.tables = ruled + open_tables
    content.paragraphs = paragraphs(geo, rest, s)
    return content


def _margin_lines(in_margin: list[Line], outer: list[Line]) -> dict[MarginKey, set[int]]:
    """The words of each line printed as one run in the top or bottom margin (`in_margin`), keyed
    by its text (digits masked: "Hal. 3" is "Hal. 4") and its height on the page, to 2 pt; a line
    just inside the margin (`outer`) by its left edge too, for the same word may end a cell there."""
    keys = [(_margin_key(ln.text, ln.x0, ln.y0, False), ln) for ln in in_margin]
    keys += [(_margin_key(ln.text, ln.x0, ln.y0, True), ln) for ln in outer]
    return {key: {id(w) for w in ln.words} for key, ln in keys if len(ln.chunks) == 1}


def _margin_key(text: str, x0: float, y0: float, outer: bool) -> MarginKey:
    """A furniture line's key: masked text and height to 2 pt, and for a line just inside the
    margin its left edge too."""
    return (_furniture_text(text), round(y0 / 2), round(x0 / 2) if outer else None)


def _running(last: frozenset[MarginKey], before: frozenset[MarginKey]) -> frozenset[MarginKey]:
    """What the next page may drop as a running head or foot: a margin line of the last page, and
    a line just inside the margin printed on the last two (the first row of a table carried on
    may stand at one place on two pages)."""
    return frozenset(k for k in last if k[2] is None or k in before)


def _outer_lines(lines: list[Line], height: float) -> list[Line]:
    """The first and last line of the page (page numbers aside) when they stand a little inside
    the margin, up to `_RUNNING` of the page: where a running head or foot may also be printed
    (Chromium prints its foot a tenth of the page up). A title under a running head is not one."""
    printed = sorted((ln for ln in lines if not _PAGE_NUMBER.match(ln.text.strip())), key=lambda ln: ln.y0)
    if not printed:
        return []
    out = [ln for ln in (printed[0], printed[-1]) if _in_margin((ln.x0, ln.y0, ln.x1, ln.y1), height, _RUNNING)]
    return [ln for ln in out if not _in_margin((ln.x0, ln.y0, ln.x1, ln.y1), height)]


def _folio_words(geo: PageGeometry, in_margin: list[Line]) -> set[int]:
    """The words of a page number printed in the top or bottom margin ('- 6 -', 'Halaman 6', a
    number centred or at the right edge): never a cell of a table the page break cut, whose last
    row runs on to the foot of the page. A number at a table's left (its No. column) stays."""
    out: set[int] = set()
    for ln in in_margin:
        text = ln.text.strip()
        if not _PAGE_NUMBER.match(text):
            continue
        centred = abs((ln.x0 + ln.x1) / 2 - geo.width / 2) <= 0.08 * geo.width
        if centred or ln.x1 >= 0.85 * geo.width or re.search(r"[-–]|hal", text, re.I):
            out.update(id(w) for w in ln.words)
    return out


def _top(block: Block) -> float:
    return block.bbox[1] if block.bbox else 0.0


def _furniture_text(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def drop_furniture(pages: list[PageContent]) -> None:
    """Remove page numbers (in the margin) and running heads/feet: the same line in the top or
    bottom margin on most pages, or as the first or last line a little inside it on most pages
    and on three at least (a two-page document's title is not furniture), or at the height where
    another page prints it in the margin (a head straddling the margin of a turned page)."""
    edges = [[(p, _edge(p, pc)) for p in pc.paragraphs] for pc in pages]
    seen: Counter[str] = Counter()
    in_margin: set[tuple[str, int]] = set()
    for page in edges:
        seen.update({_furniture_text(p.text) for p, edge in page if edge is not None})
        in_margin.update((_furniture_text(p.text), round(p.bbox[1] / 2)) for p, edge in page if edge == "margin" and p.bbox)
    half = len(pages) / 2
    for pc, page in zip(pages, edges):
        pc.paragraphs = [p for p, edge in page if not _is_furniture(p, edge, seen, half, in_margin)]


def _edge(p: Paragraph, pc: PageContent) -> Optional[str]:
    """'margin' for a paragraph in the top or bottom margin, 'outer' for the page's first or last
    line just inside it (`_outer_lines`), else None."""
    if p.bbox is None:
        return None
    if _in_margin(p.bbox, pc.height):
        return "margin"
    return "outer" if _margin_key(p.text, p.bbox[0], p.bbox[1], True) in pc.margin_lines else None


def _is_furniture(p: Paragraph, edge: Optional[str], seen: Counter[str], half: float,
                  in_margin: set[tuple[str, int]]) -> bool:
    if edge is None or p.bbox is None:
        return False
    text = _furniture_text(p.text)
    if edge == "margin" and _PAGE_NUMBER.match(p.text.strip()):
        return True
    sure = edge == "margin" or (text, round(p.bbox[1] / 2)) in in_margin
    return seen[text] >= max(2 if sure else 3, half)


def _in_margin(bbox: BBox, height: float, share: float = _MARGIN) -> bool:
    return bbox[3] <= height * share or bbox[1] >= height * (1 - share)


def _page_lost(layout: Layout, number: int, page: pymupdf.Page, stage: str, exc: Exception,
               n_boxes: int, n_connectors: int) -> None:
    """Drop what a failed page half-added and record it, so its document says a page is missing."""
    del layout.boxes[n_boxes:], layout.connectors[n_connectors:]
    if not layout.pages or layout.pages[-1].number != number:
        layout.pages.append(Page(number=number))
    layout.issues.append(ReadIssue(stage=stage, message=f"{type(exc).__name__}: {exc}", page=number, page_lost=True))


def read_pdf(path: Path, settings: TableSettings = DEFAULT_SETTINGS) -> Layout:
    layout = Layout(source_path=str(path), reader="pdf")
    doc = open_pdf(path, layout)
    try:
        contents: list[PageContent] = []
        unread: list[int] = []  # scanned pages OCR did not read (their text layer, if any, is kept)
        ocred, why = 0, ""
        carry: Optional[Carry] = None
        running: frozenset[MarginKey] = frozenset()
        before: frozenset[MarginKey] = frozenset()  # the margin lines of the page before the last
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
                content = read_page(geo, settings, carry, running)
                for hook in hooks:
                    stage = getattr(hook, "__name__", "page hook")
                    hook(page, geo, content, layout)
            except Exception as exc:
                _page_lost(layout, i, page, stage, exc, n_boxes, n_connectors)
                content = PageContent(number=i)  # empty, so no table is joined across the lost page
            carry, running, before = content.carry, _running(content.margin_lines, before), content.margin_lines
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
