"""The reader-independent diagram stages, each a function of the previous stage's result:

    geometry + words --find_boxes--> FoundBoxes --link_boxes--> LinkedBoxes --tree_of--> DiagramPage

`find_boxes` places words in cells and makes boxes (and unit-list boxes); `link_boxes` adds what
the geometry says about parents (unit tiers, summaries, indicators drawn under), drops legend
bands after taking their tiers, and resolves the connectors; `tree_of` builds the tree and sets
the box kinds. A PDF page and an XLSX sheet both enter at `find_boxes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.layout import Box, Connector, Paragraph
from ingest.readers.diagram_boxes import (
    DiagramPage, kegiatan_box, make_box, merge_side_groups, split_columns, split_stack, unit_box)
from ingest.readers.diagram_cells import CellText, touching_groups, word_cells
from ingest.readers.diagram_geometry import Geometry
from ingest.readers.diagram_kinds import set_kinds
from ingest.readers.diagram_links import connectors, indicator_parents, summary_parents, unit_parents
from ingest.readers.diagram_lists import UnitList, unit_lists, unit_tier
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings
from ingest.readers.diagram_text import free_lines
from ingest.readers.diagram_tree import (
    PageBoxes, assign_band_tiers, assign_legend_tiers, build_tree, legend_boxes, runs_left_to_right)
from ingest.tables_geom import Word


@dataclass(slots=True)
class FoundBoxes:
    """Stage 1: the page's boxes in the order made, before any parent is looked for."""

    boxes: list[Box]
    stacks: dict[int, int]  # box index -> index of its stack's head
    known: list[tuple[Box, Box, str]]  # child, parent, how it was found (diagram_tree.LINKS)
    units: list[tuple[UnitList, Box]]  # unit lists and the box each became
    free: list[Word]  # words in no cell: titles, tier bands at the margin


@dataclass(slots=True)
class LinkedBoxes:
    """Stage 2: boxes in reading order (legend bands dropped), with the parents the geometry
    gives and the connectors resolved to boxes. Everything is in page space."""

    boxes: list[Box]
    stacks: dict[int, int]
    parents: dict[int, int]  # child index -> parent index, known before the tree
    links: dict[int, str]  # child index -> how that parent was found
    under: dict[int, int]  # child index -> the box it is drawn right under
    siblings: list[list[int]]
    connectors: list[Connector]
    paragraphs: list[Paragraph]
    sideways: bool  # tiers run in columns (a tree drawn left to right)
    units: list[tuple[UnitList, Box]] = field(default_factory=list)
    unit_heads: set[int] = field(default_factory=set)  # id() of unit boxes that head another unit


def find_boxes(geo: Geometry, words: list[Word], page_area: float, number: int, start: int = 0,
               s: DiagramSettings = DEFAULT_SETTINGS) -> FoundBoxes:
    """Cells -> unit lists and boxes (a stack drawn touching split at its headers, side groups
    merged), indexed from `start`."""
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
    known: list[tuple[Box, Box, str]] = []
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
    return FoundBoxes(boxes, stacks, known, units, free)


def link_boxes(found: FoundBoxes, geo: Geometry, number: int, start: int = 0,
               s: DiagramSettings = DEFAULT_SETTINGS) -> LinkedBoxes:
    """Parents the geometry gives, legend bands turned into tiers and dropped, boxes re-indexed
    in reading order from `start`, free words as paragraphs, connectors resolved."""
    known = list(found.known)
    unit_links = unit_parents(found.units, s=s)
    known.extend((c, p, "tier") for c, p in unit_links)  # a seksi under the bidang drawn over it
    known.extend((c, p, "containment") for c, p in summary_parents(found.boxes, s=s))
    under = indicator_parents(found.boxes, s=s)
    legend = legend_boxes(found.boxes, s=s)
    bands = [(b.bbox, b.tier or "") for b in legend]
    boxes = [b for b in found.boxes if b not in legend]
    boxes.sort(key=lambda b: (b.bbox[1], b.bbox[0]))
    remap = {b.index: start + i for i, b in enumerate(boxes)}
    for b in boxes:
        b.index = remap[b.index]
    stacks = {remap[k]: remap[v] for k, v in found.stacks.items() if k in remap and v in remap}
    paragraphs = [Paragraph(text, page=number, bbox=bbox) for bbox, text in free_lines(found.free)]
    assign_legend_tiers(boxes, bands)
    assign_band_tiers(boxes, paragraphs)
    siblings: list[list[int]] = []
    sideways = runs_left_to_right(boxes, s.tol)
    if sideways:  # tiers run in columns: connectors are read with the sheet turned, left becoming above
        _transpose(boxes)
        geo = Geometry(marks=[(m[1], m[0], m[3], m[2]) for m in geo.marks])
    links = connectors(geo, boxes, number, siblings, s=s)
    if sideways:
        _transpose(boxes)
        for c in links:
            c.points = [(y, x) for x, y in c.points]
    return LinkedBoxes(
        boxes, stacks,
        parents={child.index: parent.index for child, parent, _ in known},
        links={child.index: link for child, _, link in known},
        under={child.index: parent.index for child, parent in under},
        siblings=siblings, connectors=links, paragraphs=paragraphs, sideways=sideways,
        units=found.units, unit_heads={id(up) for _, up in unit_links})


def tree_of(linked: LinkedBoxes) -> DiagramPage:
    """Parents, links and tiers of every box (`diagram_tree.build_tree`, on the turned sheet when
    the tree runs sideways), then unit tiers and box kinds; a banner's children are roots."""
    boxes = linked.boxes
    if linked.sideways:
        _transpose(boxes)
    build_tree(PageBoxes(boxes, linked.stacks, parents=linked.parents, links=linked.links, siblings=linked.siblings,
                         under=linked.under), linked.connectors, across=linked.sideways)
    if linked.sideways:
        _transpose(boxes)
    for u, ubox in linked.units:  # set after the tree: a legend band's rank placed the unit in it
        ubox.tier = unit_tier(u.name, id(ubox) in linked.unit_heads)
    set_kinds(boxes)
    banners = {b.index for b in boxes if b.kind == "banner"}
    for b in boxes:  # a title drawn over the tree (joined to its root by a line) is nobody's parent
        if b.parent in banners:
            b.parent, b.link = None, None
    return DiagramPage(boxes, linked.connectors, linked.paragraphs)


def _transpose(boxes: list[Box]) -> None:
    """Swap x and y of every box bbox (the tree stage reads only those)."""
    for b in boxes:
        b.bbox = (b.bbox[1], b.bbox[0], b.bbox[3], b.bbox[2])
