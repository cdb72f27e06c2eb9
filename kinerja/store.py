"""The kinerja store: SQLite (a file) or PostgreSQL (`postgresql://…`) through SQLAlchemy Core.

One schema, generated from the pydantic models in `schemas`: a field added there becomes a column
here (lists, dicts and bboxes as JSON) without code of its own. `documents.document_id` (the
sha256 of the file's bytes) is unique and every indicator, budget line and finding points to it
with a foreign key; money is stored as whole rupiah (integers; the printed text stays beside it).
A row that is not a read document (a missing file, a link, a second copy of bytes already read)
has no document_id; its `sha256` column still holds the bytes' hash, which is what `--resume`
matches on, so a renamed or moved file is not read twice and an edited one is read again.

A version table (`kinerja_schema`) and ordered migration steps upgrade an older database when it
is opened for writing, including one written before the table existed. SQLite runs in WAL mode
while a scan writes and is checkpointed back to a rollback journal on close, so the finished file
opens from read-only storage; indikator and sasaran are searchable through FTS5 (a GIN text index
on PostgreSQL). Each document's rows are written in one transaction as soon as it is processed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import types
import typing
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Union

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Engine

from kinerja.pipeline import Result
from schemas import RECORD_MODELS, Document

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
VERSION_TABLE = "kinerja_schema"
TABLES = ("documents", "indicators", "budget", "findings")
KEYS = {"documents": "source_path", "indicators": "record_id", "budget": "record_id", "findings": "finding_id"}
# Columns holding rupiah amounts: stored as integers (whole rupiah).
_BIGINT = 2 ** 63
MONEY = {"indicators": frozenset({"anggaran", "anggaran_realisasi"}), "budget": frozenset({"anggaran", "realisasi"})}
# Columns of the store that no model has: the hash of every row's bytes (resume matches on it).
STORE_ONLY = {"documents": (("sha256", "text"),)}


class NotKinerjaDatabase(Exception):
    """The database exists but was not written by kinerja (or is not a database at all)."""


def _kind(annotation: Any) -> str:
    """int, float, bool, text or json for a model field's annotation (Optional unwrapped)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, dict, set) or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return "json"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    return "text"


def columns(table: str) -> list[tuple[str, str]]:
    """(name, kind) of a table's model columns, in model order; kind is int, float, bool, text,
    json or money."""
    model = RECORD_MODELS[table]
    out = []
    for name, f in model.model_fields.items():
        key = f.alias or name
        out.append((key, "money" if key in MONEY.get(table, ()) else _kind(f.annotation)))
    return out


def annotation(table: str, name: str) -> Any:
    """The pydantic annotation behind a column (by alias or name)."""
    for field_name, f in RECORD_MODELS[table].model_fields.items():
        if (f.alias or field_name) == name:
            return f.annotation
    raise KeyError(name)


_SQL = {
    "int": sa.Integer, "bool": sa.Boolean, "float": sa.Float, "text": sa.Text, "money": sa.BigInteger,
}


def _sql_type(kind: str) -> Any:
    if kind == "json":
        return sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
    return _SQL[kind]()


def metadata() -> sa.MetaData:
    """The current schema: one table per record kind, plus the version table."""
    md = sa.MetaData()
    sa.Table(VERSION_TABLE, md, sa.Column("version", sa.Integer, nullable=False))
    for table in TABLES:
        cols = []
        for name, kind in columns(table) + list(STORE_ONLY.get(table, ())):
            if table == "documents" and name == "document_id":
                cols.append(sa.Column(name, sa.Text, unique=True, nullable=True))
            elif name == "document_id":
                cols.append(sa.Column(name, sa.Text, sa.ForeignKey("documents.document_id", ondelete="CASCADE"),
                                      nullable=False, index=True))
            else:
                cols.append(sa.Column(name, _sql_type(kind), primary_key=name == KEYS[table]))
        t = sa.Table(table, md, *cols)
        if table != "documents":
            sa.Index(f"{table}_source_path", t.c.source_path)
        else:
            sa.Index("documents_sha256", t.c.sha256)
    return md


def url_of(target: Union[str, Path]) -> str:
    """A database URL for a path or URL (a path is an SQLite file)."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):  # the driver kinerja installs (psycopg 3)
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).resolve()}"


def is_url(target: Union[str, Path]) -> bool:
    return "://" in str(target)


_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS indicators_fts USING fts5(indikator, sasaran, content='indicators', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS indicators_fts_ai AFTER INSERT ON indicators BEGIN "
    "INSERT INTO indicators_fts(rowid, indikator, sasaran) VALUES (new.rowid, new.indikator, new.sasaran); END",
    "CREATE TRIGGER IF NOT EXISTS indicators_fts_ad AFTER DELETE ON indicators BEGIN "
    "INSERT INTO indicators_fts(indicators_fts, rowid, indikator, sasaran) VALUES ('delete', old.rowid, old.indikator, old.sasaran); END",
    "CREATE TRIGGER IF NOT EXISTS indicators_fts_au AFTER UPDATE ON indicators BEGIN "
    "INSERT INTO indicators_fts(indicators_fts, rowid, indikator, sasaran) VALUES ('delete', old.rowid, old.indikator, old.sasaran); "
    "INSERT INTO indicators_fts(rowid, indikator, sasaran) VALUES (new.rowid, new.indikator, new.sasaran); END",
)
_PG_TEXT = "to_tsvector('simple', coalesce(indikator, '') || ' ' || coalesce(sasaran, ''))"


def _coerce(kind: str, value: Any) -> Any:
    """A value from a model dump (or an older database) as the column stores it."""
    if value is None:
        return None
    if kind == "money":
        amount = int(round(float(value)))  # round() on floats of whole rupiah is exact; .5 sen rounds to even
        # No budget reaches 2^63 rupiah: such a figure is a misread (digits of several cells run
        # together). The column cannot hold it, and one row must not stop the batch; the record's
        # printed text keeps what was on the page.
        return amount if -_BIGINT <= amount < _BIGINT else None
    if kind == "json" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if kind == "text" and isinstance(value, str):
        return _storable(value)
    if kind == "json":
        return _clean_json(value)
    return value


def _storable(value: str) -> str:
    """Text both backends can hold: PostgreSQL refuses NUL, and a lone surrogate in extracted
    text cannot be encoded as UTF-8 (kept as a backslash escape)."""
    value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return _storable(value)
    if isinstance(value, list | tuple):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {_storable(str(k)): _clean_json(v) for k, v in value.items()}
    return value


def _row(model: BaseModel, table: str) -> dict[str, Any]:
    data = model.model_dump(mode="json", by_alias=True)
    return {name: _coerce(kind, data.get(name)) for name, kind in columns(table)}


def _version(conn: Connection) -> Optional[int]:
    """The schema version of a database: None when it holds no kinerja table at all, 0 for one
    written before the version table; raises NotKinerjaDatabase for someone else's database."""
    names = set(sa.inspect(conn).get_table_names())
    if VERSION_TABLE in names:
        row = conn.execute(sa.text(f"SELECT max(version) FROM {VERSION_TABLE}")).scalar()
        return int(row or 0)
    ours = names & set(TABLES)
    if not ours:
        if names - {"sqlite_sequence"} and conn.dialect.name == "sqlite":  # a server database may be shared
            raise NotKinerjaDatabase(f"it holds tables ({', '.join(sorted(names)[:5])}) but none of kinerja's")
        return None
    for t in ours:  # written by an older kinerja: its tables carry the records' key columns
        have = {c["name"] for c in sa.inspect(conn).get_columns(t)}
        if not {KEYS[t], "source_path"} <= have and not {KEYS[t], "document_id"} <= have:
            raise NotKinerjaDatabase(f"its table {t!r} is not one kinerja writes")
    return 0


def _upgrade_from_v0(conn: Connection, md: sa.MetaData) -> None:
    """Tables from before the schema version: no unique document_id, no foreign keys, money as
    REAL, JSON as text. Rename them, create the current tables and copy every row across (a
    second path with the same bytes loses its document_id; rows without a document are dropped)."""
    names = set(sa.inspect(conn).get_table_names())
    old = [t for t in TABLES if t in names]
    for t in old:
        conn.execute(sa.text(f'ALTER TABLE "{t}" RENAME TO "{t}_v0"'))
    if conn.dialect.name == "sqlite":  # indexes keep their names on the renamed tables
        for (index,) in conn.execute(sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name LIKE '%\\_v0' ESCAPE '\\'")).all():
            conn.execute(sa.text(f'DROP INDEX "{index}"'))
    _create(conn, md)
    ids: set[str] = set()
    for t in TABLES:
        if t not in old:
            continue
        result = conn.execute(sa.text(f'SELECT * FROM "{t}_v0"'))
        have = list(result.keys())
        kinds = dict(columns(t))
        rows = [dict(zip(have, r)) for r in result]
        if t == "documents":
            rows.sort(key=lambda r: (r.get("status") != "ok", str(r.get("source_path"))))
        target = md.tables[t]
        out = []
        for r in rows:
            row = {k: _coerce(kinds[k], v) for k, v in r.items() if k in kinds}
            if t == "documents":
                row["sha256"] = row.get("document_id") or None
                if not row.get("document_id") or row["document_id"] in ids:
                    row["document_id"] = None
                else:
                    ids.add(row["document_id"])
            elif row.get("document_id") not in ids:
                continue
            out.append(row)
        if out:
            conn.execute(target.insert(), out)
        conn.execute(sa.text(f'DROP TABLE "{t}_v0"'))


# Step i upgrades a database of version i to version i + 1.
MIGRATIONS: list[Callable[[Connection, sa.MetaData], None]] = [_upgrade_from_v0]
assert len(MIGRATIONS) == SCHEMA_VERSION


def _create(conn: Connection, md: sa.MetaData) -> None:
    md.create_all(conn)
    if conn.dialect.name == "sqlite":
        for stmt in _FTS:
            conn.execute(sa.text(stmt))
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS indicators_text ON indicators USING gin ({_PG_TEXT})"))


def _add_new_columns(conn: Connection, md: sa.MetaData) -> None:
    """Fields added to the models since the database was written become (empty) columns."""
    inspector = sa.inspect(conn)
    for t in TABLES:
        have = {c["name"] for c in inspector.get_columns(t)}
        for col in md.tables[t].columns:
            if col.name not in have:
                type_sql = col.type.compile(dialect=conn.dialect)
                conn.execute(sa.text(f'ALTER TABLE "{t}" ADD COLUMN "{col.name}" {type_sql}'))


def _engine(url: str) -> Engine:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool if url.startswith("sqlite") else sa.pool.QueuePool)
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout = 10000")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()
    return engine


class Store:
    """The tables of one scan (or several, with --resume). `create=False` opens only an existing
    kinerja database (NotKinerjaDatabase otherwise); `fresh` drops kinerja's tables first (and
    refuses someone else's database like any other open)."""

    def __init__(self, target: Union[str, Path], fresh: bool = False, create: bool = True) -> None:
        self.url = url_of(target)
        self.sqlite_path = None if is_url(target) else Path(target)
        if self.sqlite_path is not None:
            if not create and not self.sqlite_path.is_file():
                raise NotKinerjaDatabase("no such file")
            if not create:
                with self.sqlite_path.open("rb") as f:
                    head = f.read(16)
                if head != b"SQLite format 3\x00":
                    raise NotKinerjaDatabase("it is not an SQLite database")
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        self.writing = create or fresh
        self.engine = _engine(self.url)
        self.md = metadata()
        self.written = False
        self.conn = self.engine.connect()
        try:
            with self.conn.begin():
                version = _version(self.conn)
                if fresh and version is not None:
                    self._drop()
                    version = None
                if version is None:
                    if not create:
                        raise NotKinerjaDatabase("it holds no kinerja tables")
                    _create(self.conn, self.md)
                else:
                    if version > SCHEMA_VERSION:
                        raise NotKinerjaDatabase(f"written by a newer kinerja (schema {version}, this one knows {SCHEMA_VERSION})")
                    for step in MIGRATIONS[version:]:
                        step(self.conn, self.md)
                    _create(self.conn, self.md)
                    _add_new_columns(self.conn, self.md)
                if version != SCHEMA_VERSION:
                    self.conn.execute(sa.text(f"DELETE FROM {VERSION_TABLE}"))
                    self.conn.execute(self.md.tables[VERSION_TABLE].insert(), {"version": SCHEMA_VERSION})
            if self.writing and self.dialect == "sqlite":  # only once the file is known to be kinerja's
                raw = self.conn.connection.dbapi_connection
                assert raw is not None  # (None only once the connection is invalidated; it was just used)
                cur = raw.cursor()  # outside any transaction
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
                cur.close()
        except BaseException:
            self.conn.close()
            self.engine.dispose()
            raise

    def _drop(self) -> None:
        if self.conn.dialect.name == "sqlite":
            for trigger in ("indicators_fts_ai", "indicators_fts_ad", "indicators_fts_au"):
                self.conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
            self.conn.execute(sa.text("DROP TABLE IF EXISTS indicators_fts"))
        for t in ("findings", "budget", "indicators", "documents", VERSION_TABLE):
            self.conn.execute(sa.text(f'DROP TABLE IF EXISTS "{t}"' + (" CASCADE" if self.conn.dialect.name == "postgresql" else "")))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def done(self, failed: bool = True) -> dict[str, str]:
        """source_path -> hash of the bytes of the files already read: ok or skipped, and failed
        ones unless `failed` is off (a file that crashed or timed out would only do it again)."""
        statuses = ["ok", "skipped", "failed"] if failed else ["ok", "skipped"]
        t = self.md.tables["documents"]
        rows = self.conn.execute(sa.select(t.c.source_path, t.c.sha256).where(t.c.status.in_(statuses), t.c.sha256.is_not(None)))
        out = {r[0]: r[1] for r in rows}
        self.conn.commit()
        return out

    def count(self, table: str = "documents") -> int:
        n = self.conn.execute(sa.select(sa.func.count()).select_from(self.md.tables[table])).scalar() or 0
        self.conn.commit()
        return int(n)

    def write(self, result: Result) -> Document:
        """Replace everything stored for this source path with the new result. Bytes already
        stored under another path are stored as a skipped copy without rows: its records would
        repeat the first copy's (and share their ids)."""
        doc = result.document
        docs = self.md.tables["documents"]
        with self.conn.begin():
            old = self.conn.execute(sa.select(docs.c.document_id).where(docs.c.source_path == doc.source_path)).first()
            if old is not None:
                if old[0]:
                    for t in ("indicators", "budget", "findings"):  # explicit: foreign_keys may be off in another tool
                        tab = self.md.tables[t]
                        self.conn.execute(tab.delete().where(tab.c.document_id == old[0]))
                self.conn.execute(docs.delete().where(docs.c.source_path == doc.source_path))
            holder = None
            if doc.document_id:
                holder = self.conn.execute(sa.select(docs.c.source_path, docs.c.status)
                                           .where(docs.c.document_id == doc.document_id)).first()
            keep_id = bool(doc.document_id)
            if holder is not None and doc.status == "ok" and holder.status == "ok":
                doc = doc.model_copy(update={
                    "status": "skipped", "error": f"same file as {holder.source_path}", "note": None,
                    "n_indicators": 0, "n_budget": 0, "n_findings": 0,
                })
                result = Result(doc)
                keep_id = False
            elif holder is not None and doc.status == "ok":  # the read copy owns the id, not the failed one
                self.conn.execute(docs.update().where(docs.c.source_path == holder.source_path).values(document_id=None))
            elif holder is not None:
                keep_id = False
            row = _row(doc, "documents")
            row["sha256"] = doc.document_id or None
            if not keep_id:
                row["document_id"] = None
            self.conn.execute(docs.insert(), [row])
            for t, records in (("indicators", result.indicators), ("budget", result.budget), ("findings", result.findings)):
                if not records:
                    continue
                values = {}
                for r in records:  # a repeated key keeps the last row
                    v = _row(r, t)
                    values[v[KEYS[t]]] = v
                self.conn.execute(self.md.tables[t].insert(), list(values.values()))
        self.written = True
        return doc

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Rows as the models dump them (JSON decoded; a document without id has ""), in a
        stable order."""
        t = self.md.tables[table]
        names = [n for n, _ in columns(table)]
        key: sa.ColumnElement[Any] = t.c[KEYS[table]]
        if self.dialect == "postgresql":  # byte order, as SQLite sorts: the same exports from both
            key = key.collate("C")
        result = self.conn.execute(sa.select(*(t.c[n] for n in names)).order_by(key))
        for values in result:
            row = dict(zip(names, values))
            if table == "documents" and row["document_id"] is None:
                row["document_id"] = ""
            yield row
        self.conn.commit()

    def search(self, words: str) -> list[dict[str, Any]]:
        """Indicator rows whose indikator or sasaran contain all these words (full-text index)."""
        t = self.md.tables["indicators"]
        if self.dialect == "sqlite":
            query = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
            ids = sa.select(sa.text("rowid")).select_from(sa.text("indicators_fts")).where(
                sa.text("indicators_fts MATCH :q")).scalar_subquery()
            stmt = sa.select(t).where(sa.literal_column("indicators.rowid").in_(ids)).params(q=query)
        else:
            stmt = sa.select(t).where(sa.text(f"{_PG_TEXT} @@ plainto_tsquery('simple', :q)")).params(q=words)
        out = [dict(r._mapping) for r in self.conn.execute(stmt.order_by(t.c.record_id))]
        self.conn.commit()
        return out

    def close(self) -> None:
        """Release the database; an SQLite file is checkpointed and left with a rollback journal
        (no -wal/-shm beside it), so it opens from read-only storage."""
        try:
            if self.conn.in_transaction():
                self.conn.rollback()
            if self.dialect == "sqlite" and self.written:
                self.conn.execute(sa.text("INSERT INTO indicators_fts(indicators_fts) VALUES ('optimize')"))
                self.conn.commit()
        finally:
            self.conn.close()
            self.engine.dispose()
        db_file = self.sqlite_path or self.engine.url.database  # a path, or an sqlite:/// URL's file
        if self.dialect == "sqlite" and self.writing and db_file:  # on a connection of its own: nothing else open on it
            con = sqlite3.connect(db_file, timeout=10)
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                con.execute("PRAGMA journal_mode = DELETE").fetchall()
            except sqlite3.OperationalError as exc:  # a reader holds the file: WAL stays until the next close
                log.warning("%s left in WAL mode: %s", db_file, exc)
            finally:
                con.close()
