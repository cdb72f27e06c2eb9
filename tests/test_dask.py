"""Scale-out on Dask: a two-worker LocalCluster on loopback reads one document per task, the scan
process stores results as they come, and a task that kills its worker fails only its document."""

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.cluster import local_cluster, parse_cluster, scan_dask
from kinerja.pipeline import scan_file
from kinerja.store import Store

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "samples" / "text"
DOCS = ("pohon_pupr_tahunan.txt", "unseen_lkjip_inspektorat_pagu_sisa.txt", "checks_slips_lkjip.txt",
        "iku_bapperida_kota_kelompok_sasaran.txt")


def _kills_its_worker(path, *args):
    """What a segfault in a PDF library looks like to Dask: the worker process is gone."""
    if Path(path).suffix == ".crash":
        os._exit(3)
    return scan_file(path, *args)


@pytest.fixture(scope="module")
def cluster():
    with local_cluster(2) as c:
        yield c


@pytest.fixture()
def docs(tmp_path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for name in DOCS:
        shutil.copy(TEXT / name, d)
    return d


def _dump(result) -> str:
    rows = [r.model_dump(mode="json") for r in (*result.indicators, *result.budget, *result.findings)]
    return json.dumps(rows, sort_keys=True)


def test_a_task_that_kills_its_worker_fails_only_its_document(cluster, docs):
    (docs / "boom.crash").write_bytes(b"x")
    files = sorted(docs.iterdir())
    results = {Path(r.document.source_path).name: r for r in scan_dask(files, cluster, ocr=False, fn=_kills_its_worker)}
    assert set(results) == {f.name for f in files}
    boom = results.pop("boom.crash").document
    assert boom.status == "failed" and "Dask worker died" in boom.error and boom.document_id
    for name, result in results.items():
        alone = scan_file(docs / name, ocr=False)
        assert result.document.status == "ok" and result.indicators
        assert _dump(result) == _dump(alone), name


def _tables(db: Path) -> dict[str, list[str]]:
    store = Store(db, create=False)
    got = {t: sorted(json.dumps({k: v for k, v in r.items() if k != "seconds"}, sort_keys=True) for r in store.rows(t))
           for t in ("documents", "indicators", "budget", "findings")}
    store.close()
    return got


def test_scan_on_a_dask_scheduler_stores_the_tables_of_a_plain_scan(cluster, docs, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["scan", str(docs), "--out", str(tmp_path / "plain"), "-q", "--no-ocr"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["scan", str(docs), "--out", str(tmp_path / "dask"), "-q", "--no-ocr",
                              "--dask", cluster.scheduler_address])
    assert res.exit_code == 0, res.output
    assert "4 file(s) scanned (4 ok" in " ".join(res.output.split())
    assert _tables(tmp_path / "dask" / "kinerja.sqlite") == _tables(tmp_path / "plain" / "kinerja.sqlite")


def test_cluster_option_names_a_local_cluster():
    assert parse_cluster("local:2") == 2
    for bad in ("local", "local:0", "remote:2", "local:x"):
        with pytest.raises(ValueError):
            parse_cluster(bad)
    res = CliRunner().invoke(app, ["scan", str(TEXT / DOCS[0]), "--cluster", "local:0"])
    assert res.exit_code == 2 and "local:N" in res.output
