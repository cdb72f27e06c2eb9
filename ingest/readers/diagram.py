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

from typing import Optional

import pymupdf

from ingest import ocr
from ingest.readers.diagram_boxes import (
    DiagramPage, kegiatan_box, make_box, merge_side_groups, split_columns, split_stack, unit_box)
from ingest.readers.diagram_cells import CellText, touching_groups, word_cells
from ingest.readers.diagram_gate import HEADER_START, may_hold_headed_boxes
from ingest.readers.diagram_geometry import Geometry, page_geometry
from ingest.readers.diagram_kinds import set_kinds
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings
from ingest.readers.diagram_links import connectors, indicator_parents, summary_parents, unit_parents
from ingest.readers.diagram_lists import UnitList, unit_lists, unit_tier
from ingest.readers.diagram_text import free_lines
from ingest.tables_geom import Word
from ingest.readers.diagram_tree import (
    PageBoxes, assign_band_tiers, assign_legend_tiers, build_tree, hang_across_pages, legend_boxes, runs_left_to_right)
from ingest.readers.diagram_verdict import can_be_diagram, covered, is_diagram
from ingest.readers.pdf_page import PrintedPage
from ingest.readers.raster import map_bbox, read_rasters
from ingest.layout import Box, Paragraph


def turn_matrix(page, turn: Optional[int]) -> tuple[float, ...]:
    """Unrotated page space -> the upright sheet: by a quarter turn the caller measured (the
    direction the text runs), else by the page's /Rotate."""
    if turn is None:
        return tuple(page.rotation_matrix)
    w, h = page.cropbox.width, page.cropbox.height
    return {
        90: (0.0, 1.0, -1.0, 0.0, h, 0.0),
        180: (-1.0, 0.0, 0.0, -1.0, w, h),
        270: (0.0, -1.0, 1.0, 0.0, 0.0, w),
    }.get(turn, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))


def read_diagram_page(page, number: int, start: int = 0, turn: Optional[int] = None,
                      s: DiagramSettings = DEFAULT_SETTINGS, judge: bool = False,
                      printed: Optional[PrintedPage] = None, table_share: float = 0.0,
                      continues: bool = False) -> DiagramPage:
    """Boxes, connectors and free labels of one `fitz.Page` (1-based `number`); box indices
    start at `start` so pages can be appended to one Layout. `printed` is what the PDF reader
    already read from the page (its drawings and words), so the page is not read twice.

    The page verdict (`DiagramPage.diagram`, `diagram_verdict.is_diagram` given the page's
    `table_share` and whether it `continues` a diagram) is made once, on the page's vectors;
    only a diagram page has its pictures of print read (OCR), and only when they add words is
    the page read and judged again with them. With `judge`, a page whose boxes cannot make a
    diagram stops as soon as that is known and reads as empty: a page with no two cells a
    header could open (`diagram_gate`) before its words are placed in cells."""
    m = turn_matrix(page, turn)
    geo = page_geometry(printed.drawings if printed is not None else _drawings(page), m, s=s)
    words, raw = _words(page, m, printed.words if printed is not None else None)
    area = page.rect.width * page.rect.height
    if judge and not may_hold_headed_boxes(words, geo, area, s):  # it reads no word's `spaced`
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


def _words(page, m: tuple[float, ...], raw: Optional[list[tuple]] = None) -> tuple[list[Word], list[tuple]]:
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


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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
    """The reader-independent part: cells, boxes, stacks, connectors, tiers and parents. With
    `judge`, stop once the boxes are made if they cannot make a diagram (a table-only page)."""
    cells, free = word_cells(words, geo, page_area, s=s)
    lists, used = unit_lists(cells, s=s)
    rest = [c for i, c in enumerate(cells) if i not in used]
    groups: list[list[CellText]] = []
    heads: list[int] = []  # per group: the group heading its stack (itself when alone)
    for comp in touching_groups(rest, s=s):
        group = [g for col in split_columns([rest[i] for i in comp], s=s) for g in split_stack(col, s=s)]
        head = len(groups)
        for g in group:
            heads.append(head if len(group) > 1 else len(groups))
            groups.append(g)
    merged = merge_side_groups(groups, s=s)
    boxes: list[Box] = []
    stacks: dict[int, int] = {}
    made: dict[int, Box] = {}
    for k, g in enumerate(groups):
        if k in merged:
            continue
        made[k] = make_box(g, number, start + len(boxes), s=s)
        boxes.append(made[k])
    for k, head in enumerate(heads):
        if head != k and k in made and head in made:
            stacks[made[k].index] = made[head].index
            stacks.setdefault(made[head].index, made[head].index)
    known: list[tuple[Box, Box, str]] = []  # child, parent, how it was found (diagram_tree.LINKS)
    units: list[tuple[UnitList, Box]] = []
    for u in lists:
        ubox = unit_box(u, number, start + len(boxes), s=s)
        boxes.append(ubox)
        units.append((u, ubox))
        for row in u.rows:
            if row.kegiatan:
                kbox = kegiatan_box(row, number, start + len(boxes), s=s)
                boxes.append(kbox)
                known.append((kbox, ubox, "containment"))
    if judge and not can_be_diagram(boxes):
        return DiagramPage([], [], [])  # fewer than two headed boxes: the verdict is no, whatever else
    unit_links = unit_parents(units, s=s)
    known.extend((c, p, "tier") for c, p in unit_links)  # a seksi under the bidang drawn over it
    known.extend((c, p, "containment") for c, p in summary_parents(boxes, s=s))
    under = indicator_parents(boxes, s=s)
    legend = legend_boxes(boxes, s=s)
    bands = [(b.bbox, b.tier or "") for b in legend]
    boxes = [b for b in boxes if b not in legend]
    boxes.sort(key=lambda b: (b.bbox[1], b.bbox[0]))
    remap = {b.index: start + i for i, b in enumerate(boxes)}
    for b in boxes:
        b.index = remap[b.index]
    stacks = {remap[k]: remap[v] for k, v in stacks.items() if k in remap and v in remap}
    paragraphs = [Paragraph(text, page=number, bbox=bbox) for bbox, text in free_lines(free)]
    assign_legend_tiers(boxes, bands)
    assign_band_tiers(boxes, paragraphs)
    siblings: list[list[int]] = []
    sideways = runs_left_to_right(boxes, s.tol)
    if sideways:  # tiers run in columns: the tree is read with the sheet turned, left becoming above
        _transpose(boxes)
        geo = Geometry(marks=[(m[1], m[0], m[3], m[2]) for m in geo.marks])
    links = connectors(geo, boxes, number, siblings, s=s)
    parents = {child.index: parent.index for child, parent, _ in known}
    how = {child.index: link for child, _, link in known}
    drawn_under = {child.index: parent.index for child, parent in under}
    build_tree(PageBoxes(boxes, stacks, parents=parents, links=how, siblings=siblings, under=drawn_under), links,
               across=sideways)
    if sideways:
        _transpose(boxes)
        for c in links:
            c.points = [(y, x) for x, y in c.points]
    heads = {id(up) for _, up in unit_links}
    for u, ubox in units:  # set after the tree: a legend band's rank placed the unit in it
        ubox.tier = unit_tier(u.name, id(ubox) in heads)
    set_kinds(boxes)
    return DiagramPage(boxes, links, paragraphs)


def _transpose(boxes: list[Box]) -> None:
    """Swap x and y of every box bbox (the tree stage reads only those)."""
    for b in boxes:
        b.bbox = (b.bbox[1], b.bbox[0], b.bbox[3], b.bbox[2])


def _add_rasters(page, m: tuple[float, ...], geo: Geometry, words: list[Word], number: int) -> bool:
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


def pdf_page_hook(page, geo, content, layout) -> None:
    """`ingest.readers.pdf` PAGE_HOOKS entry: on a diagram page, add its boxes and connectors to
    the layout and drop the tables and paragraphs read from inside the boxes (the boxes hold
    that text now, so nothing is extracted twice). The page's drawings and words come from
    the PDF reader's own read of it (`geo.printed`)."""
    if sum(1 for w in geo.words if HEADER_START.match(w.text)) < 2:
        return  # no two words a box header could start with: no two headed boxes, no diagram
    continues = any(b.page == geo.number - 1 for b in layout.boxes)
    share = getattr(content, "table_share", 0.0)
    if geo.printed is None and geo.drawn is not None:  # an OCR'd page: boxes found in its image (scan_diagram)
        area = geo.width * geo.height
        drawn = geo.drawn
        dp = DiagramPage([], [], [], diagram=False)
        if may_hold_headed_boxes(geo.words, drawn, area, DEFAULT_SETTINGS):
            dp = _judged(diagram_from_geometry(drawn, list(geo.words), area, geo.number, len(layout.boxes), judge=True),
                         share, continues, DEFAULT_SETTINGS)
    else:
        dp = read_diagram_page(page, geo.number, len(layout.boxes), turn=geo.rotation, judge=True,
                               printed=geo.printed, table_share=share, continues=continues)
    if not dp.diagram:
        return
    layout.boxes.extend(dp.boxes)
    layout.connectors.extend(dp.connectors)
    hang_across_pages(layout.boxes, geo.number)  # earlier pages are all read by now
    content.tables = [t for t in content.tables if not covered(t.bbox, dp.boxes)]
    content.paragraphs = [p for p in content.paragraphs if not covered(p.bbox, dp.boxes)]
