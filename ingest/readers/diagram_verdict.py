"""The page verdict: is this page a diagram, and which of its tables did the boxes hold."""

from __future__ import annotations

import re
from typing import Optional

from ingest.layout import BBox, Box
from ingest.readers.diagram_boxes import DiagramPage
from ingest.readers.diagram_geometry import x_overlap
from ingest.readers.diagram_tree import tier_of
from ingest.readers.diagram_settings import DEFAULT_SETTINGS, DiagramSettings


def can_be_diagram(boxes: list[Box]) -> bool:
    """What `is_diagram` asks first, answerable as soon as the boxes are made: two or more of
    them carry a cascade header over content (no later stage adds a label)."""
    return sum(1 for b in boxes if _headed_content(b)) >= 2


def is_diagram(dp: DiagramPage, table_share: float = 0.0, continues: bool = False, s: DiagramSettings = DEFAULT_SETTINGS) -> bool:
    """A page of boxes joined by connectors or headed by cascade labels, not a page whose ruled
    tables merely look like boxes. On a table page the boxes must name two or more tiers, or
    one when the page `continues` a diagram (the lowest tier of a tree carried over a page)."""
    if not can_be_diagram(dp.boxes):
        return False  # cells of a table (a header cell alone is no box) carry no cascade content
    labelled = [b for b in dp.boxes if _headed_content(b)]
    tiers = {tier_of(b.label, s=s) for b in labelled} - {None}
    if table_share >= s.table_page:  # a grid of ruled unit blocks, each naming its tier
        return len(tiers) >= (1 if continues else 2) and len(labelled) >= 3 and _side_by_side(dp.boxes, s=s)
    if dp.connectors:
        return True
    # captioned tables stacked down the page are a tabled cascade, not a drawing
    return len(labelled) >= s.labelled_share * len(dp.boxes) and _side_by_side(dp.boxes, s=s)


_HEADER_WORDS = re.compile(
    r"^(?:tujuan|sasaran|program|kegiatan|sub|indikator|kinerja|utama|satuan|target|realisasi|capaian|"
    r"dan|/|n/|tahun|strategis|renstra|no|uraian|pernyataan)[,.:/]*$", re.I)


def _headed_content(box: Box) -> bool:
    """A box with a cascade header and something under it that is not more header words (a
    table's header cell "Indikator Tujuan, Sasaran, Program" is not)."""
    if not box.label:
        return False
    rest = box.text[len(box.label):].split() if box.text.startswith(box.label) else box.text.split()[1:]
    words = [w for w in rest if any(ch.isalpha() for ch in w)]
    return len(words) >= 3 and sum(1 for w in words if _HEADER_WORDS.match(w)) < 0.5 * len(words)


def _side_by_side(boxes: list[Box], s: DiagramSettings = DEFAULT_SETTINGS) -> bool:
    """Two boxes printed next to each other (one row of a tree), found by a sweep down the page."""
    ordered = sorted(boxes, key=lambda b: b.bbox[1])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.bbox[1] >= a.bbox[3] - s.tol:
                break
            if min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0]) < s.tol:
                return True
    return False


def covered(bbox: Optional[BBox], boxes: list[Box], s: DiagramSettings = DEFAULT_SETTINGS) -> bool:
    """Read from inside the boxes: its centre in one, or it runs through two or more of them (a
    line or table read straight across boxes drawn side by side)."""
    if bbox is None:
        return False
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    if any(b.bbox[0] - s.tol <= cx <= b.bbox[2] + s.tol and b.bbox[1] - s.tol <= cy <= b.bbox[3] + s.tol for b in boxes):
        return True
    half = 0.5 * (bbox[3] - bbox[1])
    crossed = [b for b in boxes if x_overlap(bbox, b.bbox) > s.tol and min(bbox[3], b.bbox[3]) - max(bbox[1], b.bbox[1]) > half]
    return len(crossed) >= 2
