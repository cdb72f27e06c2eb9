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

from typing import Optional, Protocol, cast

import pymupdf

from ingest import ocr
from ingest.readers.diagram_boxes import DiagramPage
from ingest.readers.diagram_gate import HEADER_START, may_hold_headed_boxes
from ingest.readers.diagram_geometry import Geometry, page_geometry
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings
from ingest.readers.diagram_stages import find_boxes, link_boxes, tree_of
from ingest.readers.diagram_text import font_boxes
from ingest.tables_geom import Word
from ingest.readers.diagram_tree import hang_across_pages
from ingest.readers.diagram_verdict import can_be_diagram, covered, is_diagram
from ingest.readers.pdf_page import PageGeometry, PrintedPage
from ingest.readers.raster import Affine, map_bbox, read_rasters
from ingest.layout import Layout, Paragraph, ReadIssue, Table


class PageBlocks(Protocol):
    """What the hook reads and trims of a page's blocks (`ingest.readers.pdf.PageContent`)."""

    tables: list[Table]
    paragraphs: list[Paragraph]
    table_share: float


def turn_matrix(page, turn: Optional[int]) -> Affine:
    """Unrotated page space -> the upright sheet: by a quarter turn the caller measured (the
    direction the text runs), else by the page's /Rotate."""
    if turn is None:
        a, b, c, d, e, f = page.rotation_matrix
        return (a, b, c, d, e, f)
    if turn not in (90, 180, 270):
        return _IDENTITY  # upright: no need to ask the page its size
    w, h = page.cropbox.width, page.cropbox.height
    return {
        90: (0.0, 1.0, -1.0, 0.0, h, 0.0),
        180: (-1.0, 0.0, 0.0, -1.0, w, h),
        270: (0.0, -1.0, 1.0, 0.0, 0.0, w),
    }.get(turn, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))


def read_diagram_page(page, number: int, start: int = 0, turn: Optional[int] = None,
                      s: DiagramSettings = DEFAULT_SETTINGS, judge: bool = False,
                      printed: Optional[PrintedPage] = None, table_share: float = 0.0,
                      continues: bool = False, strict: bool = False,
                      seen: Optional[list[Word]] = None) -> DiagramPage:
    """Boxes, connectors and free labels of one `fitz.Page` (1-based `number`); box indices
    start at `start` so pages can be appended to one Layout. `printed` is what the PDF reader
    already read from the page (its drawings and words), so the page is not read twice.

    The page verdict (`DiagramPage.diagram`, `diagram_verdict.is_diagram` given the page's
    `table_share` and whether it `continues` a diagram) is made once, on the page's vectors;
    only a diagram page has its pictures of print read (OCR), and only when they add words is
    the page read and judged again with them. With `judge`, a page whose boxes cannot make a
    diagram stops as soon as that is known and reads as empty: a page with no two cells a
    header could open (`diagram_gate`; `strict` on a page with tables, where no note counts
    its boxes) before its words are placed in cells. That test reads the PDF reader's own words
    (`seen`, `PageGeometry.words`) where they are the words this reading would make."""
    m = turn_matrix(page, turn)
    geo = page_geometry(printed.drawings if printed is not None else _drawings(page), m, s=s)
    rect = page.rect
    area = rect.width * rect.height
    given = printed.words if printed is not None else None
    same = _same_words(seen, given, m) if judge else None
    if judge and (min(len(geo.hsegs), len(geo.vsegs)) < 2  # no two walls each way: no cell at all
                  or same is not None and not may_hold_headed_boxes(same, geo, area, s, strict)):
        return DiagramPage([], [], [], diagram=False)
    words, raw = _words(page, m, given)
    if judge and same is None and not may_hold_headed_boxes(words, geo, area, s, strict):  # it reads no `spaced`
        return DiagramPage([], [], [], diagram=False)
    _mark_spaces(page, raw, words, s)
    dp = _judged(diagram_from_geometry(geo, words, area, number, start, s, judge), table_share, continues, s)
    if dp.diagram and _add_rasters(page, m, geo, words, number):  # tables pasted in as pictures (raster.py)
        dp = _judged(diagram_from_geometry(geo, words, area, number, start, s, judge), table_share, continues, s)
    return dp


def _judged(dp: DiagramPage, table_share: float, continues: bool, s: DiagramSettings) -> DiagramPage:
    dp.diagram = is_diagram(dp, table_share, continues, s)
    return dp


def _drawings(page) -> list[dict]:
    try:
        return page.get_cdrawings()
    except AttributeError:  # older PyMuPDF
        return page.get_drawings()


def _words(page, m: Affine, raw: Optional[list[tuple]] = None) -> tuple[list[Word], list[tuple]]:
    """The page's words in display space, and the raw words they were mapped from. `raw` are
    words the PDF reader already read (`pdf_page.TEXT_FLAGS`); where that text page lost a glyph
    MuPDF cannot map to Unicode, the words are read again keeping its code."""
    if raw is None or any("\ufffd" in w[4] for w in raw):
        raw = page.get_text("words")
    if tuple(m) == _IDENTITY:  # an upright page: map_bbox would only order each box's corners
        words = [Word(min(w[0], w[2]) + 0.0, min(w[1], w[3]) + 0.0, max(w[0], w[2]) + 0.0, max(w[1], w[3]) + 0.0, w[4])
                 for w in raw]
    else:
        words = [Word(*map_bbox(m, tuple(w[:4])), w[4]) for w in raw]
    return words, raw


_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _same_words(seen: Optional[list[Word]], raw: Optional[list[tuple]], m: Affine) -> Optional[list[Word]]:
    """`seen` when `_words` would make the same words of `raw` (same order, text and bbox): an
    upright page whose words lost no arrow glyph to the PDF reader and hold no unmapped glyph."""
    if seen is None or raw is None or m != _IDENTITY or len(seen) != len(raw):
        return None
    for w, r in zip(seen, raw):
        if w.text != r[4] or not (r[0] <= r[2] and r[1] <= r[3]) or "\ufffd" in r[4]:
            return None
    return seen


def _mark_spaces(page, raw: list[tuple], words: list[Word], s: DiagramSettings) -> None:
    """Mark each word where the PDF prints a space before it: MuPDF also splits words at gaps it
    infers, and only those may be the font's own spacing. The text is read a second time
    (without inferred gaps) only when a gap that narrow exists."""
    narrow = [i for i in range(1, len(raw)) if raw[i][5:7] == raw[i - 1][5:7]
              and _narrow_gap(words[i - 1], words[i], s)]
    if narrow:
        printed = {(w[5], w[6], round(w[0], 1)) for w in page.get_text("words", flags=_REAL_SPACES) if w[7] > 0}
        for i in narrow:
            words[i].spaced = (raw[i][5], raw[i][6], round(raw[i][0], 1)) in printed


def _narrow_gap(prev: Word, word: Word, s: DiagramSettings) -> bool:
    """A gap the font's own spacing could leave inside a word (see diagram_text._join_words)."""
    h = max(prev.bbox[3] - prev.bbox[1], 1.0)
    return word.bbox[0] - prev.bbox[2] < s.tight * h and word.text[:1].islower() and prev.text[-1:].isalpha()


_REAL_SPACES = pymupdf.TEXTFLAGS_WORDS | pymupdf.TEXT_INHIBIT_SPACES


def diagram_from_geometry(geo: Geometry, words: list[Word], page_area: float, number: int, start: int = 0,
                          s: DiagramSettings = DEFAULT_SETTINGS, judge: bool = False) -> DiagramPage:
    """The reader-independent part (`diagram_stages`): boxes, then parents and connectors, then
    the tree. With `judge`, stop once the boxes are made if they cannot make a diagram (a
    table-only page)."""
    found = find_boxes(geo, words, page_area, number, start, s)
    if judge and not can_be_diagram(found.boxes):
        return DiagramPage([], [], [], unread=len(found.boxes))  # fewer than two headed boxes: the verdict is no
    return tree_of(link_boxes(found, geo, number, start, s))


def _add_rasters(page: pymupdf.Page, m: Affine, geo: Geometry, words: list[Word], number: int) -> bool:
    """Pictures of print on a diagram page join its words (`words`, in display space) and its
    walls (`geo` segments), as if they had been drawn. True when they added something."""
    if min(len(geo.hsegs), len(geo.vsegs)) < 4:
        return False  # fewer walls than two drawn boxes: no diagram, whatever its pictures hold
    try:
        found = read_rasters(page, m, [w.bbox for w in words], number)
    except Exception as exc:  # a picture MuPDF cannot read must not cost the page its drawing
        ocr.note(number, f"pictures on this page could not be read: {type(exc).__name__}: {exc}")
        return False
    for r in found:
        words.extend(Word(*b, t) for b, t in r.words)
        geo.hsegs.extend(r.hsegs)
        geo.vsegs.extend(r.vsegs)
    return bool(found)


def pdf_page_hook(page: pymupdf.Page, geo: PageGeometry, content: PageBlocks, layout: Layout) -> None:
    """`ingest.readers.pdf` PAGE_HOOKS entry: on a diagram page, add its boxes and connectors to
    the layout and drop the tables and paragraphs read from inside the boxes (the boxes hold
    that text now, so nothing is extracted twice). The page's drawings and words come from
    the PDF reader's own read of it (`geo.printed`)."""
    if geo.printed is not None and not geo.printed.drawings:
        return  # nothing drawn: no wall, no cell, no box (and pictures are read only on a diagram)
    if sum(1 for w in geo.words if HEADER_START.match(w.text)) < 2:
        return  # no two words a box header could start with: no two headed boxes, no diagram
    continues = any(b.page == geo.number - 1 for b in layout.boxes)
    share = getattr(content, "table_share", 0.0)
    if geo.printed is None and geo.drawn is not None:  # an OCR'd page: boxes found in its image (scan_diagram)
        area = geo.width * geo.height
        drawn = cast(Geometry, geo.drawn)  # scan_diagram puts a diagram Geometry there
        words = font_boxes(geo.words)  # boxed as a text layer would box them: wrapped lines join
        dp = DiagramPage([], [], [], diagram=False)
        if may_hold_headed_boxes(words, drawn, area, DEFAULT_SETTINGS, strict=bool(content.tables)):
            dp = _judged(diagram_from_geometry(drawn, words, area, geo.number, len(layout.boxes), judge=True),
                         share, continues, DEFAULT_SETTINGS)
    else:
        dp = read_diagram_page(page, geo.number, len(layout.boxes), turn=geo.rotation, judge=True,
                               printed=geo.printed, table_share=share, continues=continues,
                               strict=bool(content.tables), seen=geo.words)
    if not dp.diagram:
        _note_unread(dp, content, layout, geo.number)
        return
    layout.boxes.extend(dp.boxes)
    layout.connectors.extend(dp.connectors)
    hang_across_pages(layout.boxes, geo.number)  # earlier pages are all read by now
    content.tables = [t for t in content.tables if not covered(t.bbox, dp.boxes)]
    content.paragraphs = [p for p in content.paragraphs if not covered(p.bbox, dp.boxes)]


def _note_unread(dp: DiagramPage, content: PageBlocks, layout: Layout, number: int, s: DiagramSettings = DEFAULT_SETTINGS) -> None:
    """A page with no table that draws many text boxes which make no diagram (a map of agencies,
    a matrix without cascade headers) says so, instead of coming back as text with nothing read."""
    found = dp.unread or len(dp.boxes)
    if content.tables or found < s.unread_boxes:
        return
    layout.issues.append(ReadIssue(stage="diagram", page=number, message=(
        f"p. {number} draws {found} boxes holding text that make no pohon kinerja or cascade (too few of them open "
        "with a cascade header such as Sasaran, Program, Kegiatan or Indikator over their content): read as text only")))
