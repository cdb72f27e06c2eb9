"""SQLite storage: one table per record kind, columns generated from the pydantic models.

Each document's rows are written in one transaction as soon as it is processed, so an
interrupted batch can be resumed (`kinerja scan --resume`) without redoing finished files.
Lists (corrections, record_ids) and bboxes are stored as JSON text.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from kinerja.pipeline import Result
from schemas import RECORD_MODELS, Document

_KEYS = {"documents": "source_path", "indicators": "record_id", "budget": "record_id", "findings": "finding_id"}


def _sql_type(annotation: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = args[0] if args else annotation
    if base is int:
        return "INTEGER"
    if base is float:
        return "REAL"
    return "TEXT"


def columns(table: str) -> list[tuple[str, str]]:
    model = RECORD_MODELS[table]
    return [(name, _sql_type(f.annotation)) for name, f in model.model_fields.items()]


def _row(model: BaseModel, table: str) -> list[Any]:
    data = model.model_dump(mode="json", by_alias=True)
    out = []
    for name, _ in columns(table):
        v = data.get(name)
        out.append(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
    return out


class Store:
    def __init__(self, path: Path, fresh: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        for table, key in _KEYS.items():
            cols = ", ".join(f'"{n}" {t}{" PRIMARY KEY" if n == key else ""}' for n, t in columns(table))
            self.db.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})')
            have = {r[1] for r in self.db.execute(f'PRAGMA table_info("{table}")')}
            for n, t in columns(table):  # a database from an older version gains the new columns
                if n not in have:
                    self.db.execute(f'ALTER TABLE "{table}" ADD COLUMN "{n}" {t}')
        for table in ("indicators", "budget", "findings"):
            self.db.execute(f'CREATE INDEX IF NOT EXISTS "{table}_doc" ON "{table}" (document_id)')
        self.db.commit()

    def done(self, failed: bool = True) -> dict[str, str]:
        """source_path -> document_id of documents already read: ok or skipped, and failed ones
        unless `failed` is off (a file that crashed or timed out would only do it again)."""
        statuses = ("ok", "skipped", "failed") if failed else ("ok", "skipped")
        cur = self.db.execute(
            f"SELECT source_path, document_id FROM documents WHERE status IN ({', '.join('?' * len(statuses))})", statuses
        )
        return dict(cur.fetchall())

    def duplicate_of(self, document_id: str, source_path: str) -> str | None:
        """Another path already stored with the same bytes, if any."""
        row = self.db.execute(
            "SELECT source_path FROM documents WHERE document_id = ? AND source_path != ? AND status = 'ok'",
            (document_id, source_path),
        ).fetchone()
        return row[0] if row else None

    def write(self, result: Result) -> Document:
        """Replace everything stored for this source path with the new result. A file whose bytes
        were already read under another path is stored as skipped: its records would repeat the
        first copy's (and share their ids)."""
        doc = result.document
        original = self.duplicate_of(doc.document_id, doc.source_path) if doc.status == "ok" else None
        if original is not None:
            doc = doc.model_copy(
                update={"status": "skipped", "error": f"same file as {original}", "n_indicators": 0, "n_budget": 0, "n_findings": 0}
            )
            result = Result(doc)
        with self.db:
            old = self.db.execute("SELECT document_id FROM documents WHERE source_path = ?", (doc.source_path,)).fetchone()
            if old:
                for table in ("indicators", "budget", "findings"):
                    self.db.execute(f'DELETE FROM "{table}" WHERE source_path = ?', (doc.source_path,))
            for table, rows in (
                ("documents", [doc]),
                ("indicators", result.indicators),
                ("budget", result.budget),
                ("findings", result.findings),
            ):
                if not rows:
                    continue
                names = [n for n, _ in columns(table)]
                sql = f'INSERT OR REPLACE INTO "{table}" ({", ".join(chr(34) + n + chr(34) for n in names)}) VALUES ({", ".join("?" * len(names))})'
                values = [_row(r, table) for r in rows]
                try:
                    self.db.executemany(sql, values)
                except UnicodeEncodeError:  # a lone surrogate in extracted text: keep it as an escape
                    self.db.executemany(sql, [[_storable(v) for v in row] for row in values])
        return doc

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Rows as dicts with JSON columns decoded, in a stable order."""
        cur = self.db.execute(f'SELECT * FROM "{table}" ORDER BY "{_KEYS[table]}"')
        names = [d[0] for d in cur.description]
        json_cols = {n for n, t in columns(table) if t == "TEXT" and _is_structured(table, n)}
        for values in cur:
            row = dict(zip(names, values))
            for n in json_cols:
                if row[n] is not None:
                    row[n] = json.loads(row[n])
            yield row

    def close(self) -> None:
        self.db.close()


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _is_structured(table: str, name: str) -> bool:
    ann = RECORD_MODELS[table].model_fields[name].annotation
    text = str(ann)
    return "list" in text or "tuple" in text or "dict" in text
