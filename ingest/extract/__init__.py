"""Extractors: layout -> raw rows (printed strings + provenance), one module per document family.

Extractors never parse numbers or repair words; they say which printed text is the sasaran, the
indikator, the target of which year, and where it was printed. `normalize` does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ingest.layout import Layout, Row, Table
from schemas import Provenance

# Printed-text fields a raw indicator row may carry (keys of RawIndicator.fields).
INDICATOR_FIELDS = (
    "sasaran", "indikator", "satuan", "target", "realisasi", "capaian", "kriteria", "program",
    "anggaran", "anggaran_realisasi", "anggaran_capaian", "serapan", "efisiensi",
    "realisasi_provinsi", "realisasi_nasional", "formula", "definisi", "penanggung_jawab",
    "keterangan", "sumber_data",
)
# Raw fields read into a record field of another name or into its reading (not copied to `extra`).
READ_FIELDS = ("satuan_target", "satuan_header", "polaritas", "year_printed")


@dataclass(slots=True)
class RawIndicator:
    fields: dict[str, str]
    prov: Provenance
    section: Optional[str] = None
    table_role: Optional[str] = None
    org_unit: Optional[str] = None
    level: Optional[str] = None
    year: Optional[int] = None
    parent_sasaran: Optional[str] = None
    parent_index: Optional[int] = None  # index into Extraction.indicators of the parent row
    parent_link: Optional[str] = None  # how a diagram found the parent (Box.link)


@dataclass(slots=True)
class RawBudget:
    name: str
    prov: Provenance
    level: Optional[str] = None
    code: Optional[str] = None
    parent_index: Optional[int] = None  # index into Extraction.budget
    anggaran: str = ""
    realisasi: str = ""
    persen: str = ""
    section: Optional[str] = None
    keterangan: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # other printed cells of the row, by role


@dataclass(slots=True)
class ScaleBand:
    """One band of a kriteria scale: capaian in [low, high] is `label`."""

    low: Optional[float]
    high: Optional[float]
    label: str
    low_inclusive: bool = True
    high_inclusive: bool = True


@dataclass(slots=True)
class Extraction:
    doc_type: str
    indicators: list[RawIndicator] = field(default_factory=list)
    budget: list[RawBudget] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # title, agency, region, year, nomor, tanggal
    scale: list[ScaleBand] = field(default_factory=list)  # the report's own kriteria scale


def provenance(table: Table, row_index: int, row: Row, text: Optional[str] = None) -> Provenance:
    return Provenance(
        page=row.page,
        line=row.line,
        table_index=table.index,
        row_index=row_index,
        bbox=row.bbox,
        source_text=text if text is not None else row.source_text,
    )


Extractor = Callable[[Layout], Extraction]
