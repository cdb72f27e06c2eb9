"""Fully ruled tables of a digital PDF page: each drawn grid becomes a table, and the words and
ruling lines left outside the grids go on to the unruled-table and paragraph steps."""

from __future__ import annotations

from ingest.layout import BBox, Table
from ingest.readers.pdf_page import PageGeometry
from ingest.tables_geom import (
    Segment,
    TableSettings,
    Word,
    grid_cells,
    grid_of,
    merge_segments,
    place_words,
    ruled_regions,
    stack_regions,
    within,
)
from ingest.tables_lattice import lattice_rows


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


def outside_grids(segments: list[Segment], frames: list[BBox], tol: float) -> list[Segment]:
    """The ruling lines that belong to no full grid."""
    return [g for g in segments if not any(within(g, f, tol) for f in frames)]
