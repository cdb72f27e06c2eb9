"""`--pages`: read only some pages of each document (e.g. "1-3,7").

The file is read whole and the layout cut to the pages asked for before tables are joined across
page breaks, so the rows, findings and page counts are those of the pages kept.
"""

from __future__ import annotations

from ingest.layout import Layout


def parse_pages(spec: str) -> frozenset[int]:
    """ "1-3,7" -> {1, 2, 3, 7}; ValueError for anything else (pages count from 1)."""
    pages: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError(f"not a page range: {part!r} (expected e.g. 1-3,7)")
        lo, hi = int(first), int(last) if dash else int(first)
        if lo < 1 or hi < lo:
            raise ValueError(f"not a page range: {part!r} (pages count from 1)")
        pages.update(range(lo, hi + 1))
    return frozenset(pages)


def only_pages(layout: Layout, pages: frozenset[int]) -> Layout:
    """The layout with only `pages`: diagram boxes are renumbered, and links to a dropped box
    are dropped with it."""
    keep = [i for i, b in enumerate(layout.boxes) if b.page in pages]
    new_index = {old: new for new, old in enumerate(keep)}
    boxes = []
    for old in keep:
        box = layout.boxes[old]
        box.index = new_index[old]
        box.parent = new_index.get(box.parent) if box.parent is not None else None
        boxes.append(box)
    connectors = []
    for c in layout.connectors:
        if c.page not in pages:
            continue
        c.source = new_index.get(c.source) if c.source is not None else None
        c.target = new_index.get(c.target) if c.target is not None else None
        connectors.append(c)
    layout.pages = [p for p in layout.pages if p.number in pages]
    layout.blocks = [b for b in layout.blocks if b.page in pages]
    layout.boxes = boxes
    layout.connectors = connectors
    layout.issues = [i for i in layout.issues if i.page is None or i.page in pages]
    return layout
