"""Every tolerance of the diagram reader in one place, so a caller can tune them per source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DiagramSettings:
    tol: float = 1.5  # gap (pt) still counted as touching
    thin: float = 2.5  # a filled rectangle thinner than this is a drawn line (spreadsheet borders)
    diagonal: float = 40.0  # a slanted line longer than this both ways is hatching, not a connector
    max_cell_share: float = 0.4  # a "cell" covering this much of the page is a frame, not a box
    cut: float = 0.15  # a wall with this share of a word's width on either side runs through the word
    full_width: float = 0.8  # a header this share of its box's width (or more) spans the box
    tight: float = 0.2  # a "space" narrower than this share of the line height is the font's spacing
    wall_cut: float = 0.8  # a lone word ending this many line heights from its cell's wall was cut by it
    piece: int = 4  # ... when what follows is a piece this short ("si", "tasi"), not a word of its own
    side_span: float = 1.6  # a side cell taller than this many rows runs past several rows: it belongs to none
    header_cells: int = 3  # column words side by side in this many touching cells: a table's header row
    summary_gap: float = 4.0  # a value table this many of its line heights under a box belongs to it
    table_page: float = 0.8  # share of a page's words in tables above which the page is a table page
    labelled_share: float = 0.15  # share of boxes with cascade headers that makes a page without connectors a diagram
    label_span: int = 48  # a tier word further into a label than this is part of a sentence
    column_gap: float = 1.0  # a gap this many line heights wide before an unruled value column
    legend_words: int = 3  # a margin box of at most this many words can be a tier legend
    unread_boxes: int = 6  # a page without tables drawing this many text boxes that make no diagram says so


DEFAULT_SETTINGS = DiagramSettings()
