"""The workbook an auditor works in: sheets Ringkasan, Temuan, Indikator and Anggaran with
Indonesian headers, a frozen header row, filters, column widths, Rupiah and percent formats, and
each finding beside the row it concerns (and linked to it). Record fields this module does not
know (new ones from a later schema, `extra`) are added as columns of their own, never dropped."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, Optional, TypeVar

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.export import clean, xlsx_text
from kinerja.report.data import Dataset
from kinerja.report.evidence import Cited, by_record
from kinerja.report.words import status, word

RUPIAH = '"Rp" #,##0'
PERCENT = '0.00"%"'  # values are in natural units (50.05 means 50.05 %), as in the dataset
NUMBER = "#,##0.##########"
_FILL: dict[Optional[str], PatternFill] = {"error": PatternFill("solid", fgColor="FDE2E1"), "warning": PatternFill("solid", fgColor="FFF1C9")}
_HEAD_FILL = PatternFill("solid", fgColor="DDE3EA")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_LINE_HEIGHT = 15  # points, one line of the default 11-point font
_MAX_LINES = 8  # a taller row would hide its neighbours; the cell keeps the whole text
_MAX_CELL = 32_000  # Excel holds 32,767 characters in a cell

# Fields shown under a header of their own below, or internal (ids, geometry, normalizer detail).
_SHOWN_INDICATOR = {"source_path", "page", "section", "org_unit", "sasaran", "indikator", "satuan", "year", "target",
                    "target_text", "realisasi", "realisasi_text", "capaian", "capaian_text", "kriteria", "program",
                    "anggaran", "anggaran_realisasi", "source_text", "record_id", "extra"}
_SHOWN_BUDGET = {"source_path", "page", "section", "level", "code", "name", "parent", "anggaran", "anggaran_text",
                 "realisasi", "realisasi_text", "persen", "persen_text", "source_text", "record_id", "extra"}
_INTERNAL = {"document_id", "doc_type", "line", "table_index", "row_index", "bbox", "corrections", "parent_record_id",
             "indikator_raw", "indicator_key", "polarity_source", "table_role"}


Row = TypeVar("Row")  # what a sheet lists: a record (dict) or a finding (Cited)
Record = dict[str, Any]


@dataclass
class Col(Generic[Row]):
    header: str
    get: Callable[[Row], Any]
    width: float = 14
    fmt: Optional[str] = None
    wrap: bool = False


def _name(path: Any) -> str:
    return Path(str(path or "")).name


def _text(value: Any) -> Any:
    """A value a cell can hold: numbers stay numbers, lists and dicts become readable text."""
    if isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    value = clean(value)
    if isinstance(value, str) and len(value) > _MAX_CELL:
        value = value[:_MAX_CELL] + "…"
    return value


def _money(value: Any) -> Any:
    try:
        return float(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return value


def _field(k: str) -> Callable[[Record], Any]:
    return lambda r: r.get(k)


def _extra_field(k: str) -> Callable[[Record], Any]:
    return lambda r: (r.get("extra") or {}).get(k) if isinstance(r.get("extra"), dict) else None


def _extra_cols(rows: list[Record], shown: set[str]) -> list[Col[Record]]:
    """Columns for fields not known here: each key once, in first-seen order; `extra` spreads
    into one column per key."""
    plain: dict[str, None] = {}
    extra: dict[str, None] = {}
    for r in rows:
        for k, v in r.items():
            if k not in shown and k not in _INTERNAL:
                plain.setdefault(k)
        if isinstance(r.get("extra"), dict):
            for k in r["extra"]:
                extra.setdefault(str(k))
    cols = [Col(k.replace("_", " ").capitalize(), _field(k), 16, wrap=True) for k in plain]
    cols += [Col(k, _extra_field(k), 16, wrap=True) for k in extra]
    return cols


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell of this width (in characters) needs, roughly."""
    per_line = max(1, int(width * 1.1))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _sheet(ws: Worksheet, cols: list[Col[Row]], rows: list[Row], fills: Optional[list[Optional[str]]] = None) -> None:
    ws.append([c.header for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = _WRAP
    ws.row_dimensions[1].height = _LINE_HEIGHT * max(_lines(c.header, c.width) for c in cols)
    for i, r in enumerate(rows):
        fill = _FILL.get(fills[i]) if fills else None
        lines = 1
        for j, c in enumerate(cols, start=1):
            cell = xlsx_text(ws.cell(row=i + 2, column=j, value=_text(c.get(r))))
            if c.wrap and isinstance(cell.value, str):
                lines = max(lines, _lines(cell.value, c.width))
            if c.fmt and isinstance(cell.value, (int, float)):
                cell.number_format = c.fmt
            cell.alignment = _WRAP if c.wrap else _TOP
            if fill is not None:
                cell.fill = fill
        if lines > 1:  # not every spreadsheet program fits rows to wrapped text when it opens a file
            ws.row_dimensions[i + 2].height = _LINE_HEIGHT * min(lines, _MAX_LINES)
    for j, c in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(j)].width = c.width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(1, len(rows) + 1)}"
    ws.page_setup.orientation = "landscape"  # printed: the header row on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "1:1"


def _link(cell: Any, sheet: str, row: int) -> None:
    """A link to a row of another sheet of the same workbook."""
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A{row}")


def _worst(found: list[Cited]) -> Optional[str]:
    return min(found, key=lambda c: c.rank).severity if found else None


def write_workbook(ds: Dataset, cited: list[Cited], path: Path, lang: str = "id") -> None:
    w = lambda key: word(lang, key)  # noqa: E731
    on_row = by_record(cited)
    finding_row = {id(c): i + 2 for i, c in enumerate(cited)}
    record_at = {r.get("record_id"): ("Indikator", i + 2) for i, r in enumerate(ds.indicators)}
    record_at.update({r.get("record_id"): ("Anggaran", i + 2) for i, r in enumerate(ds.budget)})

    def findings_here(r: dict[str, Any]) -> str:
        return "\n".join(f"[{w(c.severity)}] {c.finding.get('message') or ''}" for c in on_row.get(r.get("record_id") or "", []))

    def worst_here(r: dict[str, Any]) -> Optional[str]:
        worst = _worst(on_row.get(r.get("record_id") or "", []))
        return w(worst) if worst else None

    counts: dict[str, dict[str, int]] = {}
    for c in cited:
        sp = str(c.document.get("source_path"))
        counts.setdefault(sp, {"error": 0, "warning": 0, "info": 0})[c.severity] += 1
    n_rows: dict[str, list[int]] = {}
    for r in ds.indicators:
        n_rows.setdefault(str(r.get("source_path")), [0, 0])[0] += 1
    for r in ds.budget:
        n_rows.setdefault(str(r.get("source_path")), [0, 0])[1] += 1

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    docs = sorted(ds.documents, key=lambda d: str(d.get("source_path")))
    sev = lambda d, s: counts.get(str(d.get("source_path")), {}).get(s, 0)  # noqa: E731
    summary: list[Col[Record]] = [
        Col(w("document"), lambda d: _name(d.get("source_path")), 40, wrap=True),
        Col(w("doc_title"), lambda d: d.get("title"), 40, wrap=True),
        Col(w("agency"), lambda d: d.get("agency"), 28, wrap=True),
        Col(w("region"), lambda d: d.get("region"), 22, wrap=True),
        Col(w("year"), lambda d: d.get("year"), 8),
        Col(w("doc_type"), lambda d: d.get("doc_type"), 16),
        Col(w("status"), lambda d: status(lang, d.get("status")), 10),
        Col(w("pages"), lambda d: d.get("pages"), 9),
        Col(w("n_indicators"), lambda d: n_rows.get(str(d.get("source_path")), [0, 0])[0], 10),
        Col(w("n_budget"), lambda d: n_rows.get(str(d.get("source_path")), [0, 0])[1], 10),
        Col(w("error").capitalize(), lambda d: sev(d, "error"), 9),
        Col(w("warning").capitalize(), lambda d: sev(d, "warning"), 11),
        Col(w("info").capitalize(), lambda d: sev(d, "info"), 8),
        Col(w("note"), lambda d: d.get("error") or d.get("note"), 40, wrap=True),
        Col(w("source"), lambda d: d.get("source_path"), 30),
    ]
    _sheet(ws, summary, docs, [("error" if sev(d, "error") else "warning" if sev(d, "warning") else None) for d in docs])

    def concerned_text(c: Cited) -> Optional[str]:
        """Where the rows it concerns are in this workbook: 'Indikator 135: <name>', one a line."""
        lines = []
        for r in c.records[:5]:
            at = record_at.get(r.get("record_id"))
            if at is not None:
                lines.append(f"{at[0]} {at[1]}: {r.get('indikator') or r.get('name') or ''}")
        return "\n".join(lines) or None

    ws = wb.create_sheet("Temuan")
    finding_cols: list[Col[Cited]] = [
        Col(w("severity"), lambda c: w(c.severity), 11),
        Col(w("rule"), lambda c: c.finding.get("rule"), 12),
        Col(w("document"), lambda c: _name(c.document.get("source_path")), 32, wrap=True),
        Col(w("doc_title"), lambda c: c.document.get("title"), 28, wrap=True),
        Col(w("agency"), lambda c: c.document.get("agency"), 24, wrap=True),
        Col(w("page"), lambda c: c.page, 7),
        Col(w("line"), lambda c: c.finding.get("line"), 8),
        Col(w("section"), lambda c: c.section, 28, wrap=True),
        Col(w("names"), lambda c: c.names or None, 40, wrap=True),
        Col(w("stated"), lambda c: c.finding.get("stated"), 16),
        Col(w("expected"), lambda c: c.finding.get("expected"), 16),
        Col(w("message"), lambda c: c.finding.get("message"), 60, wrap=True),
        Col(w("printed"), lambda c: c.finding.get("source_text"), 40, wrap=True),
        Col(w("concerned_row"), concerned_text, 40, wrap=True),
        Col("ID", lambda c: c.finding.get("finding_id"), 20),
    ]
    _sheet(ws, finding_cols, cited, [c.severity if c.severity != "info" else None for c in cited])
    link_col = [c.value for c in ws[1]].index(w("concerned_row")) + 1
    for i, c in enumerate(cited):
        target = next((record_at[r.get("record_id")] for r in c.records if r.get("record_id") in record_at), None)
        if target is not None:
            cell = ws.cell(row=i + 2, column=link_col)
            _link(cell, target[0], target[1])
            cell.font = Font(color="0563C1", underline="single")

    def records_sheet(ws: Worksheet, cols: list[Col[Record]], rows: list[Record], shown: set[str]) -> None:
        """A sheet of records: the printed columns, any extra ones, the record id, each row
        coloured by its worst finding and linked to it."""
        cols = cols + _extra_cols(rows, shown) + [Col(w("record"), lambda r: r.get("record_id"), 20)]
        _sheet(ws, cols, rows, [_worst(on_row.get(r.get("record_id") or "", [])) for r in rows])
        link_findings(ws, rows, 2)

    def link_findings(ws: Worksheet, rows: list[dict[str, Any]], col: int) -> None:
        for i, r in enumerate(rows):
            found = on_row.get(r.get("record_id") or "")
            if found:
                cell = ws.cell(row=i + 2, column=col)
                _link(cell, "Temuan", finding_row[id(found[0])])
                cell.font = Font(color="0563C1", underline="single")

    ws = wb.create_sheet("Indikator")
    cols: list[Col[Record]] = [
        Col(w("finding_severity"), worst_here, 11),
        Col(w("finding_on_row"), lambda r: findings_here(r) or None, 50, wrap=True),
        Col(w("document"), lambda r: _name(r.get("source_path")), 30, wrap=True),
        Col(w("page"), lambda r: r.get("page"), 7),
        Col(w("section"), lambda r: r.get("section"), 24, wrap=True),
        Col(w("org_unit"), lambda r: r.get("org_unit"), 24, wrap=True),
        Col(w("sasaran"), lambda r: r.get("sasaran"), 36, wrap=True),
        Col(w("indikator"), lambda r: r.get("indikator"), 44, wrap=True),
        Col(w("satuan"), lambda r: r.get("satuan"), 10),
        Col(w("year"), lambda r: r.get("year"), 7),
        Col(w("target"), lambda r: _money(r.get("target")), 12, NUMBER),
        Col(w("target") + " (tercetak)" if lang != "en" else "Target (printed)", lambda r: r.get("target_text"), 12),
        Col(w("realisasi"), lambda r: _money(r.get("realisasi")), 12, NUMBER),
        Col(w("realisasi") + " (tercetak)" if lang != "en" else "Realisasi (printed)", lambda r: r.get("realisasi_text"), 12),
        Col(w("capaian"), lambda r: _money(r.get("capaian")), 11, PERCENT),
        Col(w("kriteria"), lambda r: r.get("kriteria"), 14),
        Col(w("program"), lambda r: r.get("program"), 30, wrap=True),
        Col(w("anggaran"), lambda r: _money(r.get("anggaran")), 18, RUPIAH),
        Col(w("anggaran_realisasi"), lambda r: _money(r.get("anggaran_realisasi")), 18, RUPIAH),
        Col(w("printed"), lambda r: r.get("source_text"), 40, wrap=True),
    ]
    records_sheet(ws, cols, ds.indicators, _SHOWN_INDICATOR)

    ws = wb.create_sheet("Anggaran")
    cols = [
        Col(w("finding_severity"), worst_here, 11),
        Col(w("finding_on_row"), lambda r: findings_here(r) or None, 50, wrap=True),
        Col(w("document"), lambda r: _name(r.get("source_path")), 30, wrap=True),
        Col(w("page"), lambda r: r.get("page"), 7),
        Col(w("section"), lambda r: r.get("section"), 24, wrap=True),
        Col(w("level"), lambda r: r.get("level"), 12),
        Col(w("code"), lambda r: r.get("code"), 16),
        Col(w("name"), lambda r: r.get("name"), 44, wrap=True),
        Col("Induk" if lang != "en" else "Parent", lambda r: r.get("parent"), 30, wrap=True),
        Col(w("anggaran"), lambda r: _money(r.get("anggaran")), 18, RUPIAH),
        Col(w("anggaran_realisasi"), lambda r: _money(r.get("realisasi")), 18, RUPIAH),
        Col(w("persen"), lambda r: _money(r.get("persen")), 11, PERCENT),
        Col(w("printed"), lambda r: r.get("source_text"), 40, wrap=True),
    ]
    records_sheet(ws, cols, ds.budget, _SHOWN_BUDGET)
    wb.save(path)
