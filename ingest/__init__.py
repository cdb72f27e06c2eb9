"""ingest: file -> layout model -> document type -> raw rows with provenance."""

from __future__ import annotations

from pathlib import Path

from ingest.classify import classify_document
from ingest.extract import Extraction, Extractor
from ingest.extract.combined_budget import with_combined_budget
from ingest.extract.diagram import with_diagram
from ingest.extract.generic import extract_generic
from ingest.extract.iku import extract_iku
from ingest.extract.lkjip import extract_lkjip
from ingest.extract.pk import extract_pk
from ingest.extract.pohon import extract_pohon
from ingest.extract.years import fill_years
from ingest.layout import Layout
from ingest.readers import UnsupportedInput, read
from ingest.stitch import stitch_tables

# Family extractors by document type; anything else goes through the generic table extractor.
EXTRACTORS: dict[str, Extractor] = {
    "pohon_kinerja": extract_pohon,
    "iku": extract_iku,
    "lkjip": extract_lkjip,
    "perjanjian_kinerja": extract_pk,
}


def load(path: Path) -> Layout:
    """Read a file into the layout model, with tables cut by page breaks joined."""
    return stitch_tables(read(path))


def extract(layout: Layout, doc_type: str | None = None) -> Extraction:
    """Raw rows of a layout; the document type is classified from content unless given."""
    kind = doc_type or classify_document(layout)
    extractor = EXTRACTORS.get(kind)
    if extractor is None:
        extraction = extract_generic(layout, kind)
    else:
        extraction = extractor(layout)
        extraction.doc_type = kind
    if layout.boxes:  # diagram pages: their boxes' rows join the tables' rows
        extraction = with_diagram(extraction, layout)
    return fill_years(with_combined_budget(extraction), layout)


__all__ = ["EXTRACTORS", "Extraction", "Layout", "UnsupportedInput", "extract", "load"]
