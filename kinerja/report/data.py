"""Load a scan's tables for the report, from an output folder's JSONL files or from its SQLite
database, by column name only: the store may change column types, add columns or tables (a schema
version, full-text search) and the report still reads what it knows and carries the rest."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

TABLES = ("documents", "indicators", "budget", "findings")
_SQLITE_MAGIC = b"SQLite format 3\x00"


class ReportInputError(ValueError):
    """The path is neither a kinerja output folder nor a kinerja database."""


@dataclass
class Dataset:
    """The four tables as dicts, joined the ways the report needs them."""

    origin: Path
    documents: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    budget: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for rows in (self.indicators, self.budget):  # in reading order: document, page, table, row
            rows.sort(key=_reading_order)
        self._docs = {d.get("source_path"): d for d in self.documents}
        self._records = {r.get("record_id"): r for r in (*self.indicators, *self.budget) if r.get("record_id")}
        self._at: dict[tuple, list[dict[str, Any]]] = {}
        for r in (*self.indicators, *self.budget):
            if r.get("row_index") is not None:
                self._at.setdefault(_place(r), []).append(r)

    def document_of(self, row: dict[str, Any]) -> dict[str, Any]:
        """The document a row came from (by source path: one file's bytes may be stored twice,
        the copy as skipped), or a stand-in built from the row itself."""
        doc = self._docs.get(row.get("source_path"))
        if doc is None:
            doc = next((d for d in self.documents if d.get("document_id") == row.get("document_id")), None)
        return doc or {"source_path": row.get("source_path"), "document_id": row.get("document_id")}

    def record(self, record_id: str) -> dict[str, Any] | None:
        return self._records.get(record_id)

    def records_at(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """Records printed in the same table row as `row` (document, page, table, row index)."""
        if row.get("row_index") is None:
            return []
        return self._at.get(_place(row), [])


def _reading_order(row: dict[str, Any]) -> tuple:
    def n(key: str) -> float:
        v = row.get(key)
        return v if isinstance(v, (int, float)) else -1

    return (str(row.get("source_path")), n("page"), n("table_index"), n("row_index"), n("line"), str(row.get("record_id")))


def _place(row: dict[str, Any]) -> tuple:
    return (row.get("source_path"), row.get("page"), row.get("table_index"), row.get("row_index"))


def load(path: Path) -> Dataset:
    """A folder with documents.jsonl (or only kinerja.sqlite), a .jsonl in such a folder, or a
    kinerja.sqlite file."""
    if path.is_dir():
        if (path / "documents.jsonl").is_file():
            return _from_jsonl(path)
        if (path / "kinerja.sqlite").is_file():
            return _from_sqlite(path / "kinerja.sqlite")
        raise ReportInputError(f"{path} holds neither documents.jsonl nor kinerja.sqlite: give the --out folder of `kinerja scan`")
    if not path.is_file():
        raise ReportInputError(f"{path} does not exist")
    if path.suffix == ".jsonl":
        return _from_jsonl(path.parent)
    with path.open("rb") as f:
        if f.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise ReportInputError(f"{path} is not an SQLite database nor a kinerja output folder")
    return _from_sqlite(path)


def _from_jsonl(folder: Path) -> Dataset:
    tables = {}
    for table in TABLES:
        p = folder / f"{table}.jsonl"
        tables[table] = list(_jsonl(p)) if p.is_file() else []
    return Dataset(origin=folder, **tables)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReportInputError(f"{path}, line {n}: not JSON ({exc.msg})") from None
            if isinstance(row, dict):
                yield row


def _connect(path: Path) -> sqlite3.Connection:
    """Read-only, and without creating -wal/-shm files beside a database that has none (it may
    sit on read-only storage, or be another user's)."""
    pending = path.with_name(path.name + "-wal").exists()
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if pending else 'immutable=1'}"
    return sqlite3.connect(uri, uri=True)


def _from_sqlite(path: Path) -> Dataset:
    try:
        db = _connect(path)
        try:
            have = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            if "documents" not in have:
                raise ReportInputError(f"{path} is not a kinerja database (it has no documents table)")
            tables = {t: list(_sql_rows(db, t)) if t in have else [] for t in TABLES}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise ReportInputError(f"{path}: {exc}") from None
    return Dataset(origin=path, **tables)


def _sql_rows(db: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    cur = db.execute(f'SELECT * FROM "{table}"')
    names = [d[0] for d in cur.description]
    for values in cur:
        yield {n: _decoded(n, v) for n, v in zip(names, values)}


# Columns the store keeps as JSON text; printed text that happens to start with "[" stays text.
_STRUCTURED = {"bbox", "corrections", "record_ids", "evidence", "names", "extra"}


def _decoded(name: str, value: Any) -> Any:
    """Lists and dicts that the store keeps as JSON text come back as values."""
    if isinstance(value, str) and name in _STRUCTURED and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
