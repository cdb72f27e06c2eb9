"""Write the stored tables as JSONL (always), and CSV, Parquet or XLSX on request.

Every file is written to a temporary name next to it and renamed when complete, so a kill during
an export leaves the previous file or the new one, never a cut one. Control characters (which
XLSX cannot hold and which break terminals and CSV readers) are removed from every cell, and text
that a spreadsheet would run as a formula is kept as text (see `formula_like`).
"""

from __future__ import annotations

import csv
import json
import os
import re
import types
import typing
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel

from kinerja.store import Store, annotation, columns

TABLES = ("documents", "indicators", "budget", "findings")
FORMATS = ("jsonl", "csv", "parquet", "xlsx")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: Any) -> Any:
    """A cell without control characters (tab, newline and carriage return are kept)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?[\d.,\s]*%?")


def formula_like(text: str) -> bool:
    """Text a spreadsheet would run as a formula (CSV injection, OWASP): it starts with = + - @,
    a tab or a carriage return, and is more than a signed number or a lone dash."""
    return text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def csv_safe(value: Any) -> Any:
    """Formula-like text behind an apostrophe, which spreadsheets show as text and do not run."""
    return "'" + value if isinstance(value, str) and formula_like(value) else value


def xlsx_text(cell: Any) -> Any:
    """Keep a formula-like string cell a string (openpyxl would store it as a formula), marked
    with Excel's quote prefix so that editing it in Excel does not turn it into one either."""
    if isinstance(cell.value, str) and formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


@contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path to write; renamed over `path` only when the writing finished."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _flat(value: Any) -> Any:
    """Lists and dicts as JSON text, for formats without nested values."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with _atomic(path) as tmp, tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(rows: list[dict[str, Any]], names: list[str], path: Path) -> None:
    with _atomic(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel opens it as UTF-8
        w = csv.DictWriter(f, fieldnames=names)
        w.writeheader()
        for row in rows:
            w.writerow({k: csv_safe(_flat(v)) for k, v in row.items()})


def arrow_type(ann: Any) -> Any:
    """The Arrow type of a model field: lists as list columns, models as structs, dicts as
    maps, so Parquet readers get real nested values instead of JSON text."""
    import pyarrow as pa

    args = [a for a in typing.get_args(ann) if a is not type(None)]
    origin = typing.get_origin(ann)
    if origin in (typing.Union, types.UnionType):
        return arrow_type(args[0]) if len(args) == 1 else pa.string()
    if origin in (list, set) or (origin is tuple and (len(args) == 2 and args[1] is Ellipsis or len(set(args)) == 1)):
        return pa.list_(arrow_type(args[0]))
    if origin is dict:
        return pa.map_(arrow_type(args[0]), arrow_type(args[1]))
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return pa.struct([(f.alias or n, arrow_type(f.annotation)) for n, f in ann.model_fields.items()])
    if ann is bool:
        return pa.bool_()
    if ann is int:
        return pa.int64()
    if ann is float:
        return pa.float64()
    return pa.string()


def write_parquet(rows: list[dict[str, Any]], table: str, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = []
    for name, kind in columns(table):
        fields.append((name, pa.int64() if kind == "money" else arrow_type(annotation(table, name))))
    schema = pa.schema(fields)
    data = {n: [r.get(n) for r in rows] for n, _ in fields}
    with _atomic(path) as tmp:
        pq.write_table(pa.Table.from_pydict(data, schema=schema), tmp)


def write_xlsx(tables: dict[str, list[dict[str, Any]]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for table, rows in tables.items():
        ws = wb.create_sheet(table)
        names = [n for n, _ in columns(table)]
        ws.append(names)
        for row in rows:
            ws.append([xlsx_text(WriteOnlyCell(ws, _flat(row.get(n)))) for n in names])
    with _atomic(path) as tmp:
        wb.save(tmp)


def export(store: Store, out: Path, formats: Iterable[str] = ("jsonl",)) -> dict[str, int]:
    """Write every table in each format; returns the row count per table."""
    out.mkdir(parents=True, exist_ok=True)
    formats = set(formats) | {"jsonl"}
    counts: dict[str, int] = {}
    all_rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        rows = [{k: clean(v) for k, v in row.items()} for row in store.rows(table)]
        all_rows[table] = rows
        counts[table] = write_jsonl(rows, out / f"{table}.jsonl")
        if "csv" in formats:
            write_csv(rows, [n for n, _ in columns(table)], out / f"{table}.csv")
        if "parquet" in formats:
            write_parquet(rows, table, out / f"{table}.parquet")
    if "xlsx" in formats:
        write_xlsx(all_rows, out / "kinerja.xlsx")
    return counts
