"""Write the stored tables as JSONL (always), and CSV, Parquet or XLSX on request."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterable

from kinerja.store import Store, columns

TABLES = ("documents", "indicators", "budget", "findings")
FORMATS = ("jsonl", "csv", "parquet", "xlsx")


def _flat(value: Any) -> Any:
    """Lists and dicts as JSON text, for formats without nested values."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(rows: list[dict[str, Any]], names: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel opens it as UTF-8
        w = csv.DictWriter(f, fieldnames=names)
        w.writeheader()
        for row in rows:
            w.writerow({k: _flat(v) for k, v in row.items()})


def write_parquet(rows: list[dict[str, Any]], table: str, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}
    schema = pa.schema([(n, types[t]) for n, t in columns(table)])
    data = {n: [_flat(r.get(n)) for r in rows] for n, _ in columns(table)}
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)


def write_xlsx(tables: dict[str, list[dict[str, Any]]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for table, rows in tables.items():
        ws = wb.create_sheet(table)
        names = [n for n, _ in columns(table)]
        ws.append(names)
        for row in rows:
            ws.append([_flat(row.get(n)) for n in names])
    wb.save(path)


def export(store: Store, out: Path, formats: Iterable[str] = ("jsonl",)) -> dict[str, int]:
    """Write every table in each format; returns the row count per table."""
    out.mkdir(parents=True, exist_ok=True)
    formats = set(formats) | {"jsonl"}
    counts: dict[str, int] = {}
    all_rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        rows = list(store.rows(table))
        all_rows[table] = rows
        counts[table] = write_jsonl(rows, out / f"{table}.jsonl")
        if "csv" in formats:
            write_csv(rows, [n for n, _ in columns(table)], out / f"{table}.csv")
        if "parquet" in formats:
            write_parquet(rows, table, out / f"{table}.parquet")
    if "xlsx" in formats:
        write_xlsx(all_rows, out / "kinerja.xlsx")
    return counts
