"""The output contract of kinerja: every stage hands these records on, and the JSON Schema that
`kinerja schema` prints is generated from them, never written by hand.

Numbers are in natural units (50.05 for "50.05%", whole rupiah for money); a missing value is None.
Every record carries where it was printed (page, line, table, row, bbox) and the source text.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

BBox = tuple[float, float, float, float]


class DocType(str, Enum):
    pohon_kinerja = "pohon_kinerja"
    iku = "iku"
    lkjip = "lkjip"
    perjanjian_kinerja = "perjanjian_kinerja"
    renstra = "renstra"
    unknown = "unknown"


class Status(str, Enum):
    ok = "ok"
    failed = "failed"
    skipped = "skipped"


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


Polarity = Literal["higher_is_better", "lower_is_better", "range"]
BudgetLevel = Literal["belanja", "program", "kegiatan", "sub_kegiatan", "total"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Provenance(_Model):
    """Where a value was printed. `page` is 1-based; text inputs count form feeds as page breaks."""

    page: Optional[int] = None
    line: Optional[int] = Field(None, description="1-based line in a text input, when known")
    table_index: Optional[int] = None
    row_index: Optional[int] = None
    bbox: Optional[BBox] = Field(None, description="x0, y0, x1, y1 in PDF points, when known")
    source_text: str = ""


class Correction(_Model):
    """One change the normalizer made to a printed value; the printed value itself is kept."""

    field: str
    from_: str = Field(alias="from")
    to: str
    rule: str
    score: Optional[float] = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Document(_Model):
    document_id: str = Field(description="sha256 of the file's bytes")
    source_path: str
    status: Status
    error: Optional[str] = None
    note: Optional[str] = Field(None, description="what an ok document lacks, e.g. '1 page not read'")
    doc_type: Optional[DocType] = None
    reader: Optional[str] = Field(None, description="text | pdf | docx | xlsx | ocr")
    encoding: Optional[str] = Field(None, description="text inputs: the encoding the bytes were read as")
    title: Optional[str] = None
    agency: Optional[str] = None
    region: Optional[str] = None
    year: Optional[int] = None
    pages: Optional[int] = None
    nomor: Optional[str] = Field(None, description="decree number, for IKU decrees")
    tanggal: Optional[str] = Field(None, description="date the decree was signed, as printed")
    n_indicators: int = 0
    n_budget: int = 0
    n_findings: int = 0
    seconds: Optional[float] = None


class IndicatorRecord(_Model):
    record_id: str
    document_id: str
    source_path: str
    doc_type: Optional[DocType] = None
    section: Optional[str] = Field(None, description="table caption or block the row came from")
    table_role: Optional[str] = None
    org_unit: Optional[str] = Field(None, description="position or unit that carries the indicator")
    level: Optional[str] = Field(None, description="tier: eselon_ii, eselon_iii, eselon_iv, fungsional, ...")
    sasaran: Optional[str] = None
    indikator: Optional[str] = None
    indikator_raw: Optional[str] = None
    indicator_key: Optional[str] = None
    indicator_scope: Optional[str] = Field(
        None, description="agency or region printed inside the indicator name, which indicator_key leaves out"
    )
    satuan: Optional[str] = None
    polarity: Optional[Polarity] = None
    polarity_source: Optional[str] = None
    year: Optional[int] = None
    target: Optional[float] = None
    target_text: Optional[str] = None
    target_low: Optional[float] = Field(None, description="a range target ('5-6%'): its low bound")
    target_high: Optional[float] = Field(None, description="a range target: its high bound")
    realisasi: Optional[float] = None
    realisasi_text: Optional[str] = None
    capaian: Optional[float] = None
    capaian_text: Optional[str] = None
    kriteria: Optional[str] = None
    program: Optional[str] = Field(None, description="program / kegiatan / sub kegiatan the row names")
    anggaran: Optional[float] = None
    anggaran_realisasi: Optional[float] = None
    anggaran_capaian: Optional[float] = None
    serapan: Optional[float] = Field(None, description="budget absorption %, efficiency tables")
    efisiensi: Optional[float] = Field(None, description="efficiency %, as printed")
    realisasi_provinsi: Optional[str] = None
    realisasi_nasional: Optional[str] = None
    formula: Optional[str] = None
    definisi: Optional[str] = None
    penanggung_jawab: Optional[str] = None
    keterangan: Optional[str] = None
    sumber_data: Optional[str] = Field(None, description="where the realisasi is measured from, as printed")
    extra: dict[str, str] = Field(
        default_factory=dict, description="printed columns with no field of their own, by column role or header"
    )
    parent_record_id: Optional[str] = None
    parent_sasaran: Optional[str] = None
    parent_link: Optional[str] = Field(
        None, description="how a diagram's parent box was found: connector, containment, tier, column, position, ..."
    )
    page: Optional[int] = None
    line: Optional[int] = None
    table_index: Optional[int] = None
    row_index: Optional[int] = None
    bbox: Optional[BBox] = None
    source_text: str = ""
    corrections: list[Correction] = Field(default_factory=list)


class BudgetLine(_Model):
    record_id: str
    document_id: str
    source_path: str
    section: Optional[str] = None
    level: Optional[BudgetLevel] = None
    code: Optional[str] = None
    name: str
    parent: Optional[str] = None
    parent_record_id: Optional[str] = None
    anggaran: Optional[float] = None
    anggaran_text: Optional[str] = None
    realisasi: Optional[float] = None
    realisasi_text: Optional[str] = None
    persen: Optional[float] = None
    persen_text: Optional[str] = None
    keterangan: Optional[str] = Field(None, description="the Keterangan / Sumber Dana cell as printed (APBD, DAK ...)")
    extra: dict[str, str] = Field(default_factory=dict, description="other printed columns, by column role or header")
    page: Optional[int] = None
    line: Optional[int] = None
    table_index: Optional[int] = None
    row_index: Optional[int] = None
    bbox: Optional[BBox] = None
    source_text: str = ""
    corrections: list[Correction] = Field(default_factory=list)


class Evidence(_Model):
    """One printed figure a finding uses: where it stands and what it says."""

    page: Optional[int] = None
    bbox: Optional[BBox] = Field(None, description="x0, y0, x1, y1 in PDF points of the cell, when known")
    text: str = ""
    role: str = Field("", description="what the figure is to the finding: target, realisasi, capaian, total, part, ...")


class Finding(_Model):
    finding_id: str = Field(description="stable id from the finding's content (rule, place, figures)")
    document_id: str
    source_path: str
    rule: str
    severity: Severity
    page: Optional[int] = None
    line: Optional[int] = None
    table_index: Optional[int] = None
    row_index: Optional[int] = None
    indikator: Optional[str] = None
    section: Optional[str] = Field(None, description="caption of the table (or block) the finding concerns")
    names: dict[str, str] = Field(default_factory=dict, description="indikator / program / kegiatan / org_unit involved")
    message: str
    stated: Optional[str] = None
    expected: Optional[str] = None
    record_ids: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list, description="the printed figures the finding uses")
    source_text: str = ""


RECORD_MODELS: dict[str, type[_Model]] = {
    "documents": Document,
    "indicators": IndicatorRecord,
    "budget": BudgetLine,
    "findings": Finding,
}

__all__ = [
    "BBox",
    "BudgetLevel",
    "BudgetLine",
    "Correction",
    "DocType",
    "Document",
    "Evidence",
    "Finding",
    "IndicatorRecord",
    "Polarity",
    "Provenance",
    "RECORD_MODELS",
    "Severity",
    "Status",
]
