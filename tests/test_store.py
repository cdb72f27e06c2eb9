"""The store as analysts get it: unique document ids with foreign keys, money as integers, a
schema version that upgrades a database written by an older kinerja, a closed journal, full-text
search, Parquet lists as lists; the same tables on a real PostgreSQL server; `export` refuses
what is not kinerja's."""

import json
import shutil
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.store import SCHEMA_VERSION, Store
from pg_server import postgres_url  # noqa: F401  (the fixture: a real PostgreSQL server on loopback)

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "samples" / "text"
LEGACY = Path(__file__).parent / "data" / "store_v0_main.sqlite"  # written by kinerja before the schema version
DOCS = ("pohon_pupr_tahunan.txt", "unseen_lkjip_inspektorat_pagu_sisa.txt", "checks_slips_lkjip.txt")


@pytest.fixture()
def docs(tmp_path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for name in DOCS:
        shutil.copy(TEXT / name, d)
    # the slips control as it was when LEGACY was written (it has gained slips since)
    shutil.copy(Path(__file__).parent / "data" / "store_v0_checks_slips_lkjip.txt", d / DOCS[2])
    shutil.copy(TEXT / DOCS[0], d / "copy_of_pohon.txt")
    (d / "gone.txt").symlink_to(d / "nothing-here")
    return d


def _scan(*args: str) -> None:
    res = CliRunner().invoke(app, ["scan", *args, "-q", "--no-ocr"])
    assert res.exit_code == 0, res.output


def test_sqlite_store_has_keys_integer_money_a_closed_journal_and_search(docs, tmp_path):
    out = tmp_path / "out"
    _scan(str(docs), "--out", str(out))
    db_path = out / "kinerja.sqlite"
    assert not (out / "kinerja.sqlite-wal").exists() and not (out / "kinerja.sqlite-shm").exists()
    assert db_path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: opens from read-only storage
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    assert db.execute("SELECT version FROM kinerja_schema").fetchone() == (SCHEMA_VERSION,)
    ids = [r[0] for r in db.execute("SELECT document_id FROM documents WHERE document_id IS NOT NULL")]
    assert len(ids) == len(set(ids)) == 3  # the copy and the dangling link have no document_id
    pair = db.execute("SELECT status, error, sha256, document_id FROM documents WHERE source_path LIKE '%pohon%' "
                      "ORDER BY status").fetchall()  # the first path read keeps the id
    assert [p[0] for p in pair] == ["ok", "skipped"] and "same file as" in pair[1][1]
    assert pair[0][2] == pair[1][2] == pair[0][3] in ids and pair[1][3] is None
    n = db.execute("SELECT count(*) FROM indicators").fetchone()[0]
    assert n and db.execute("SELECT count(*) FROM indicators JOIN documents USING (document_id)").fetchone()[0] == n
    for table in ("indicators", "budget", "findings"):
        (fk,) = [r for r in db.execute(f'PRAGMA foreign_key_list("{table}")')]
        assert fk[2:5] == ("documents", "document_id", "document_id")
    money = db.execute("SELECT DISTINCT typeof(anggaran) FROM budget WHERE anggaran IS NOT NULL").fetchall()
    assert money == [("integer",)]
    assert db.execute("SELECT count(*) FROM budget").fetchone()[0] > 5
    hits = db.execute("SELECT indikator FROM indicators_fts WHERE indicators_fts MATCH 'jembatan'").fetchall()
    assert hits and all("jembatan" in h[0].lower() for h in hits)
    db.close()
    with pytest.raises(sqlite3.IntegrityError):  # a row without its document is refused
        con = sqlite3.connect(db_path)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("INSERT INTO findings (finding_id, document_id, source_path, rule, severity, message) "
                    "VALUES ('x', 'no-such-document', 'p', 'r', 'info', 'm')")
    con.close()
    store = Store(db_path, create=False)
    assert {r["indikator"] for r in store.search("jembatan")} == {h[0] for h in hits}
    store.close()


def test_an_sqlite_url_store_closes_with_its_journal_closed(tmp_path):
    """`--db sqlite:///file`: the file is known from the URL, so close() checkpoints it as for a path."""
    db_path = tmp_path / "by_url.sqlite"
    store = Store(f"sqlite:///{db_path}")
    store.close()
    assert not (tmp_path / "by_url.sqlite-wal").exists()
    assert db_path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, as with a path


def test_parquet_lists_are_list_columns(docs, tmp_path):
    out = tmp_path / "out"
    _scan(str(docs), "--out", str(out), "--format", "parquet")
    findings = pq.read_table(out / "findings.parquet")
    assert str(findings.schema.field("record_ids").type) == "list<element: string>"
    assert any(ids for ids in findings.column("record_ids").to_pylist())
    indicators = pq.read_table(out / "indicators.parquet")
    corrections = indicators.schema.field("corrections").type
    assert str(corrections.value_type).startswith("struct<field: string, from: string, to: string")
    bbox = indicators.schema.field("bbox").type
    assert str(bbox) == "list<element: double>"
    assert str(pq.read_table(out / "budget.parquet").schema.field("anggaran").type) == "int64"
    jsonl = [json.loads(x) for x in (out / "indicators.jsonl").read_text(encoding="utf-8").splitlines()]
    assert indicators.column("corrections").to_pylist() == [r["corrections"] for r in jsonl]


def test_resume_upgrades_a_database_written_by_the_previous_kinerja(docs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(LEGACY, out / "kinerja.sqlite")
    old = sqlite3.connect(out / "kinerja.sqlite")
    before = {t: old.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("indicators", "budget", "findings")}
    assert "kinerja_schema" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    old.close()
    res = CliRunner().invoke(app, ["scan", str(docs), "--out", str(out), "--resume", "-q", "--no-ocr"])
    assert res.exit_code == 0, res.output
    assert "0 file(s) scanned" in res.output  # the same bytes at other paths are not read again
    db = sqlite3.connect(out / "kinerja.sqlite")
    assert db.execute("SELECT version FROM kinerja_schema").fetchone() == (SCHEMA_VERSION,)
    assert {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before} == before
    ids = [r[0] for r in db.execute("SELECT document_id FROM documents WHERE document_id IS NOT NULL")]
    assert len(ids) == len(set(ids)) == 3
    assert db.execute("SELECT DISTINCT typeof(anggaran) FROM budget WHERE anggaran IS NOT NULL").fetchall() == [("integer",)]
    moved = db.execute("SELECT status, error FROM documents WHERE source_path = ?", (str(docs / DOCS[1]),)).fetchone()
    assert moved[0] == "skipped" and "same file as /tmp/legacy/docs/" in moved[1]
    record_ids = [json.loads(r[0]) for r in db.execute("SELECT record_ids FROM findings")]
    assert all(isinstance(c, list) for c in record_ids) and any(record_ids)  # JSON lists, not doubly encoded
    assert db.execute("SELECT count(*) FROM indicators_fts WHERE indicators_fts MATCH 'jembatan'").fetchone()[0]
    db.close()


def test_export_refuses_a_database_that_is_not_kinerjas(tmp_path):
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.commit()
    con.close()
    before = other.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database", encoding="utf-8")
    runner = CliRunner()
    for db in (other, notes, tmp_path / "missing.sqlite"):
        res = runner.invoke(app, ["export", str(db), "--out", str(tmp_path / "x")])
        assert res.exit_code == 2 and "is not a kinerja database" in " ".join(res.output.split()), res.output
    assert not (tmp_path / "missing.sqlite").exists()
    (tmp_path / "a.txt").write_text((TEXT / DOCS[0]).read_text(encoding="utf-8"), encoding="utf-8")
    res = runner.invoke(app, ["scan", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--db", str(other), "--force"])
    assert res.exit_code == 2 and "kinerja's store" in " ".join(res.output.split())  # --force never replaces it
    assert other.read_bytes() == before


def _tables(store: Store) -> dict[str, list[str]]:
    drop = {"seconds"}
    return {t: sorted(json.dumps({k: v for k, v in r.items() if k not in drop}, sort_keys=True) for r in store.rows(t))
            for t in ("documents", "indicators", "budget", "findings")}


def test_postgresql_store_holds_the_same_tables_as_sqlite(docs, tmp_path, postgres_url):
    out_lite, out_pg = tmp_path / "lite", tmp_path / "pg"
    _scan(str(docs), "--out", str(out_lite))
    _scan(str(docs), "--out", str(out_pg), "--db", postgres_url, "--force")
    lite, pg = Store(out_lite / "kinerja.sqlite", create=False), Store(postgres_url, create=False)
    assert pg.dialect == "postgresql"
    assert _tables(pg) == _tables(lite)
    assert (out_pg / "indicators.jsonl").read_text(encoding="utf-8") == (out_lite / "indicators.jsonl").read_text(encoding="utf-8")
    assert {r["record_id"] for r in pg.search("jembatan")} == {r["record_id"] for r in lite.search("jembatan")} != set()
    with pg.engine.connect() as c:
        assert c.execute(sa.text("SELECT data_type FROM information_schema.columns WHERE table_name = 'budget' "
                                 "AND column_name = 'anggaran'")).scalar() == "bigint"
        with pytest.raises(sa.exc.IntegrityError):
            c.execute(sa.text("INSERT INTO findings (finding_id, document_id, source_path, rule, severity, message) "
                              "VALUES ('x', 'no-such-document', 'p', 'r', 'info', 'm')"))
    lite.close()
    pg.close()
    # a second scan into the same database is refused without --force, and --resume reads nothing again
    res = CliRunner().invoke(app, ["scan", str(docs), "--out", str(tmp_path / "pg2"), "--db", postgres_url, "-q"])
    assert res.exit_code == 2 and "already holds" in " ".join(res.output.split())
    res = CliRunner().invoke(app, ["scan", str(docs), "--out", str(out_pg), "--db", postgres_url, "--resume", "-q", "--no-ocr"])
    assert res.exit_code == 0 and "0 file(s) scanned" in res.output
    res = CliRunner().invoke(app, ["export", postgres_url, "--out", str(tmp_path / "exp"), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "exp" / "indicators.jsonl").read_text(encoding="utf-8") == \
        (out_lite / "indicators.jsonl").read_text(encoding="utf-8")


def test_fields_added_to_the_models_flow_into_an_existing_store_and_parquet(tmp_path, monkeypatch):
    """The fields issue 16 adds to Finding (section, names, evidence) reach the store, the JSONL
    and Parquet exports without code of their own, and an older database gains the columns."""
    from typing import Optional

    from kinerja.export import export
    from kinerja.pipeline import Result
    from schemas import RECORD_MODELS, BBox, Document, Finding, _Model

    db = tmp_path / "kinerja.sqlite"
    Store(db).close()  # written before the new fields

    class Evidence(_Model):
        page: Optional[int] = None
        bbox: Optional[BBox] = None
        text: str
        role: str

    class NewFinding(Finding):
        section: Optional[str] = None
        names: dict[str, str] = {}
        evidence: list[Evidence] = []

    monkeypatch.setitem(RECORD_MODELS, "findings", NewFinding)
    doc = Document(document_id="d" * 64, source_path="/x/a.pdf", status="ok", n_findings=1)
    finding = NewFinding(finding_id="f1", document_id=doc.document_id, source_path=doc.source_path, rule="sum",
                         severity="error", message="jumlah tidak sesuai", section="Tabel 3.1",
                         names={"program": "Program Penunjang", "indikator": "Persentase"},
                         evidence=[Evidence(page=4, bbox=(1.0, 2.0, 3.0, 4.0), text="Rp 1.000", role="total")])
    store = Store(db)
    store.write(Result(doc, findings=[finding]))
    export(store, tmp_path / "out", ["parquet"])
    (row,) = store.rows("findings")
    store.close()
    assert row["names"] == {"program": "Program Penunjang", "indikator": "Persentase"}
    assert row["evidence"] == [{"page": 4, "bbox": [1.0, 2.0, 3.0, 4.0], "text": "Rp 1.000", "role": "total"}]
    assert NewFinding.model_validate(json.loads((tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8"))) == finding
    table = pq.read_table(tmp_path / "out" / "findings.parquet")
    names = table.schema.field("names").type
    assert pa.types.is_map(names) and pa.types.is_string(names.key_type) and pa.types.is_string(names.item_type)
    assert table.column("evidence").to_pylist()[0][0]["bbox"] == [1.0, 2.0, 3.0, 4.0]
    assert dict(table.column("names").to_pylist()[0]) == row["names"]


def test_an_amount_too_large_for_a_money_column_never_stops_the_batch(tmp_path):
    """Digits of several cells run together can read as more rupiah than a BIGINT holds; before,
    SQLite's OverflowError ended the whole scan. The column is left empty, the document is `ok`,
    and the budget finding still quotes the printed figure."""
    text = (TEXT / "unseen_lkjip_inspektorat_pagu_sisa.txt").read_text()
    assert "6.254.318.000" in text
    d = tmp_path / "docs"
    d.mkdir()
    (d / "big.txt").write_text(text.replace("6.254.318.000", "98.765.432.109.876.543.210.000", 1))
    out = tmp_path / "out"
    _scan(str(d), "--out", str(out))
    db = sqlite3.connect(out / "kinerja.sqlite")
    assert db.execute("SELECT status FROM documents").fetchall() == [("ok",)]
    row = db.execute("SELECT anggaran, realisasi FROM budget WHERE name LIKE 'Program Penunjang%'").fetchone()
    assert row == (None, 6012774150)
    db.close()
    assert any("98.765.432.109.876" in json.loads(line)["message"] for line in (out / "findings.jsonl").read_text().splitlines())
