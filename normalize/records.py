"""Raw rows (printed strings) -> schema records: numbers parsed, units canonical, indicator keyed.

The printed text is never lost: `indikator_raw`, `*_text` and `source_text` keep it, and every
change or reading decision is a Correction on the record.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.extract import INDICATOR_FIELDS, READ_FIELDS, Extraction, RawBudget, RawIndicator
from normalize.achieved import achieved_capaian_tables
from normalize.grades import check_grades
from normalize.keys import key_and_scope
from normalize.numbers import parse_quantity
from normalize.polarity import infer_polarity
from normalize.reading import Reader, table_decimals
from normalize.repair import repair
from normalize.units import canonical_unit
from schemas import BudgetLine, Correction, IndicatorRecord

_BULLET = re.compile(r"^\s*(?:[-•*·▪●]+\s*|(?:\d{1,2}[.)]|[a-z][.)])\s+)")  # "- Nilai", "-Nilai", "1. Nilai"
_SPACES = re.compile(r"\s+")
# a capaian printed with its kriteria in one cell: "58,34 % (Sedang)", "139,54 % (Sangat Baik)"
_GRADED_CAPAIAN = re.compile(r"^\s*(-?\d[\d.,]*\s*%?)\s*\(\s*([^\W\d_][^()]*)\)\s*$")


def clean_text(text: Optional[str]) -> Optional[str]:
    if text is None:
        return None
    t = _SPACES.sub(" ", text).strip()
    return t or None


def clean_indikator(text: Optional[str]) -> Optional[str]:
    """Drop list bullets and stray markup around an indicator name; keep its words."""
    t = clean_text(text)
    if not t:
        return None
    t = _BULLET.sub("", t).strip(" *;")
    return t or None


def repaired_text(field: str, text: Optional[str], corrections: list[Correction]) -> Optional[str]:
    """Words repaired by the lexicon, one Correction per changed word (the printed text is kept
    by the caller in indikator_raw / source_text)."""
    if not text:
        return text
    fixed, fixes = repair(text)
    corrections.extend(
        Correction(field=field, from_=fx.original, to=fx.replacement, rule=fx.rule, score=fx.score) for fx in fixes
    )
    return fixed


def _row_key(raw: RawIndicator) -> tuple:
    p = raw.prov
    return (p.page, p.table_index, p.row_index) if p.row_index is not None else (p.page, p.line, p.source_text)


def row_siblings(raws: list[RawIndicator], same_indicator: bool = False) -> list[list[str]]:
    """For each raw row, the value cells printed on the same table row (other years of a
    multi-year row, and its own target/realisasi): the context OCR and number repairs rely on.
    With `same_indicator`, only the cells of the same indicator (not another tier's, printed
    beside it)."""
    def key(raw: RawIndicator) -> tuple:
        return (*_row_key(raw), raw.fields.get("indikator") if same_indicator else None)

    cells: dict[tuple, list[str]] = {}
    for raw in raws:
        cells.setdefault(key(raw), []).extend(raw.fields[k] for k in ("target", "realisasi") if raw.fields.get(k))
    return [cells[key(raw)] for raw in raws]


def printed_unit(cells: list[Optional[str]]) -> Optional[str]:
    """The unit the first value cell prints ('64 PKM', '0,9 Angka', '85%'): the target cell, then the
    realisasi cell, then the other value cells of the same printed row."""
    for cell in cells:
        if cell and (unit := parse_quantity(cell).unit):
            return unit
    return None


def extra_fields(fields: dict[str, str]) -> dict[str, str]:
    """Printed cells with no record field of their own (Sumber Dana, Tujuan, a baseline ...), so
    nothing a row prints is dropped."""
    known = set(INDICATOR_FIELDS) | set(READ_FIELDS)
    return {k: t for k, v in fields.items() if k not in known and (t := clean_text(v))}


def indicator_record(
    raw: RawIndicator, *, record_id: str, document_id: str, source_path: str, doc_type: str,
    siblings: Optional[list[str]] = None, own_row: Optional[list[str]] = None,
    decimal: tuple[Optional[str], str] = (None, ""), capaian_is_realisasi: bool = False,
) -> IndicatorRecord:
    f = raw.fields
    corrections: list[Correction] = []
    if capaian_is_realisasi and f.get("capaian"):  # see normalize.achieved
        f = {k: v for k, v in f.items() if k != "capaian"} | {"realisasi": f["capaian"]}
        corrections.append(Correction(field="realisasi", from_="capaian column", to=f["realisasi"].strip(),
                                      rule="capaian_column_is_realisasi"))
    read = Reader(corrections, *decimal)
    row = siblings if siblings is not None else [f[k] for k in ("target", "realisasi") if f.get(k)]
    header_unit = canonical_unit(f.get("satuan_header"))  # "Target (Dok)": the last place to look
    column = f.get("satuan") if f.get("satuan") != f.get("satuan_header") else None
    satuan = canonical_unit(repaired_text("satuan", column, corrections))
    target_text = f.get("target")
    if f.get("satuan_target") and not target_text:
        target_text = f["satuan_target"]
    # the unit the row prints ("201.455 Unit Usaha" beside "201.955") tells a count from a decimal
    row_unit = printed_unit([target_text, f.get("realisasi"), *(own_row or [])])
    target = read.quantity("target", target_text, satuan or row_unit or header_unit, row)
    realisasi = read.quantity("realisasi", f.get("realisasi"), satuan or target.unit, row)
    satuan = satuan or row_unit or header_unit
    capaian_text, kriteria_text = f.get("capaian"), f.get("kriteria")
    if not capaian_text and kriteria_text and (m := _GRADED_CAPAIAN.match(kriteria_text)):
        capaian_text, kriteria_text = m.group(1), m.group(2)  # 'Kategori' column printing '58,34 % (Sedang)'
    capaian = read.percent("capaian", capaian_text)
    target_value, realisasi_value = check_grades(
        target_text, target.value, f.get("realisasi"), realisasi.value, capaian.value, corrections)
    anggaran = read.money("anggaran", f.get("anggaran"))
    anggaran_realisasi = read.money("anggaran_realisasi", f.get("anggaran_realisasi"))
    indikator = repaired_text("indikator", clean_indikator(f.get("indikator")), corrections)
    sasaran = repaired_text("sasaran", clean_indikator(f.get("sasaran")), corrections)
    org_unit = repaired_text("org_unit", clean_text(raw.org_unit), corrections)
    if f.get("year_printed") and raw.year is not None:  # a misread year in a run of yearly columns
        corrections.append(Correction(field="year", from_=f["year_printed"], to=str(raw.year), rule="year_sequence"))
    key, scope = key_and_scope(indikator)
    polarity, polarity_source = infer_polarity(
        indikator,
        target_text,
        polaritas=f.get("polaritas"),
        context=(f.get("definisi"), f.get("formula"), f.get("keterangan"), raw.prov.source_text),
        target=target_value,
        realisasi=realisasi_value,
        capaian=capaian.value,
    )
    return IndicatorRecord(
        record_id=record_id,
        document_id=document_id,
        source_path=source_path,
        doc_type=doc_type,
        section=raw.section,
        table_role=raw.table_role,
        org_unit=org_unit,
        level=raw.level,
        sasaran=sasaran,
        indikator=indikator,
        indikator_raw=f.get("indikator"),
        indicator_key=key,
        indicator_scope=scope,
        satuan=satuan,
        polarity=polarity,
        polarity_source=polarity_source,
        year=raw.year,
        target=target_value,
        target_text=clean_text(target_text),
        target_low=target.low,
        target_high=target.high,
        realisasi=realisasi_value,
        realisasi_text=clean_text(f.get("realisasi")),
        capaian=capaian.value,
        capaian_text=clean_text(capaian_text),
        kriteria=clean_text(kriteria_text),
        program=clean_text(f.get("program")),
        anggaran=anggaran.value,
        anggaran_realisasi=anggaran_realisasi.value,
        anggaran_capaian=read.percent("anggaran_capaian", f.get("anggaran_capaian")).value,
        serapan=read.percent("serapan", f.get("serapan")).value,
        efisiensi=read.percent("efisiensi", f.get("efisiensi")).value,
        realisasi_provinsi=clean_text(f.get("realisasi_provinsi")),
        realisasi_nasional=clean_text(f.get("realisasi_nasional")),
        formula=clean_text(f.get("formula")),
        definisi=clean_text(f.get("definisi")),
        penanggung_jawab=clean_text(f.get("penanggung_jawab")),
        keterangan=clean_text(f.get("keterangan")),
        sumber_data=clean_text(f.get("sumber_data")),
        extra=extra_fields(f),
        parent_sasaran=clean_text(raw.parent_sasaran),
        **raw.prov.model_dump(),
        corrections=corrections,
    )


def budget_line(raw: RawBudget, *, record_id: str, document_id: str, source_path: str) -> BudgetLine:
    corrections: list[Correction] = []
    read = Reader(corrections)
    anggaran = read.money("anggaran", raw.anggaran)
    realisasi = read.money("realisasi", raw.realisasi)
    persen = read.percent("persen", raw.persen)
    return BudgetLine(
        record_id=record_id,
        document_id=document_id,
        source_path=source_path,
        section=raw.section,
        level=raw.level,
        code=raw.code,
        name=clean_text(raw.name) or "",
        anggaran=anggaran.value,
        anggaran_text=clean_text(raw.anggaran),
        realisasi=realisasi.value,
        realisasi_text=clean_text(raw.realisasi),
        persen=persen.value,
        persen_text=clean_text(raw.persen),
        keterangan=clean_text(raw.keterangan),
        extra={k: t for k, v in raw.extra.items() if (t := clean_text(v))},
        **raw.prov.model_dump(),
        corrections=corrections,
    )


def to_records(
    extraction: Extraction, *, document_id: str, source_path: str
) -> tuple[list[IndicatorRecord], list[BudgetLine]]:
    """Normalize every raw row; ids are stable for the same file and extractor version."""
    prefix = document_id[:12]
    decimals = table_decimals([
        (r.prov.table_index, [r.fields.get(k, "") for k in ("target", "realisasi", "capaian")])
        for r in extraction.indicators])
    achieved = achieved_capaian_tables(extraction.indicators)
    indicators = [
        indicator_record(
            raw,
            record_id=f"{prefix}-i{n:05d}",
            document_id=document_id,
            source_path=source_path,
            doc_type=extraction.doc_type,
            siblings=row,
            own_row=own,
            decimal=decimal,
            capaian_is_realisasi=raw.prov.table_index in achieved,
        )
        for n, (raw, row, own, decimal) in enumerate(zip(
            extraction.indicators, row_siblings(extraction.indicators), row_siblings(extraction.indicators, True),
            decimals))
    ]
    for raw, rec in zip(extraction.indicators, indicators):
        if raw.parent_index is not None:
            parent = indicators[raw.parent_index]
            rec.parent_record_id = parent.record_id
            rec.parent_sasaran = rec.parent_sasaran or parent.sasaran
            rec.parent_link = raw.parent_link
    budget = [
        budget_line(raw, record_id=f"{prefix}-b{n:05d}", document_id=document_id, source_path=source_path)
        for n, raw in enumerate(extraction.budget)
    ]
    for raw_line, line in zip(extraction.budget, budget):
        if raw_line.parent_index is not None:
            line.parent_record_id = budget[raw_line.parent_index].record_id
            line.parent = budget[raw_line.parent_index].name
    return indicators, budget
