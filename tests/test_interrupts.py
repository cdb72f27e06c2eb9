"""Kills and Ctrl-C during a real `kinerja scan` (a subprocess): kill -9 at random points followed
by --resume gives the tables of an uninterrupted run; Ctrl-C stops the workers; workers of a
killed main process exit; JSONL files are never left cut."""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TABLES = ("documents", "indicators", "budget", "findings")


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("docs")
    for name in ("000_f36b6918ad0a50f1", "002_30a74892c45a1d80", "003_55ea08910ece3ae4"):
        shutil.copy(SAMPLES / "pdf" / f"{name}.pdf", d)
    for f in sorted((SAMPLES / "text").glob("*.txt"))[:6]:
        shutil.copy(f, d)
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 cut")
    return d


def _start(docs: Path, out: Path, *extra: str, mark: str = "") -> subprocess.Popen:
    env = {**os.environ, "KINERJA_TEST_MARK": mark or "none"}
    return subprocess.Popen(
        [sys.executable, "-m", "kinerja", "scan", str(docs), "--out", str(out), "-q", "--no-ocr", *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _tables(out: Path) -> dict[str, list]:
    db = sqlite3.connect(out / "kinerja.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.execute("INSERT INTO indicators_fts(indicators_fts) VALUES ('integrity-check')")  # raises if the index drifted
    got = {}
    for t in TABLES:
        cur = db.execute(f'SELECT * FROM "{t}"')
        names = [d[0] for d in cur.description]
        got[t] = sorted(json.dumps({k: v for k, v in zip(names, row) if k != "seconds"}, sort_keys=True) for row in cur)
    db.close()
    return got


def _marked(mark: str) -> list[int]:
    """Processes still alive whose environment carries `mark` (the scan and its workers)."""
    pids = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            if f"KINERJA_TEST_MARK={mark}".encode() in (p / "environ").read_bytes():
                if (p / "stat").read_text().split(") ")[1][0] != "Z":
                    pids.append(int(p.name))
        except OSError:
            continue
    return pids


def _gone(mark: str, within: float = 5.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if not _marked(mark):
            return True
        time.sleep(0.1)
    return False


def _stored(out: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{out / 'kinerja.sqlite'}?mode=ro", uri=True, timeout=1)
        n = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        db.close()
        return n
    except sqlite3.Error:
        return 0


def _check_jsonl_whole(out: Path) -> None:
    for t in TABLES:
        f = out / f"{t}.jsonl"
        if f.exists():
            data = f.read_text(encoding="utf-8")
            assert data == "" or data.endswith("\n")
            for line in data.splitlines():
                json.loads(line)


def test_kill_9_at_random_points_then_resume_equals_an_uninterrupted_run(docs, tmp_path):
    ref = tmp_path / "ref"
    start = time.monotonic()
    p = _start(docs, ref)
    assert p.wait(120) == 0, p.stderr.read()
    full = time.monotonic() - start
    want = _tables(ref)
    assert len(want["documents"]) == 10 and want["indicators"]
    counts_jsonl = {t: len((ref / f"{t}.jsonl").read_text(encoding="utf-8").splitlines()) for t in TABLES}

    out = tmp_path / "out"
    rng = random.Random(18)
    for round_ in range(3):
        mark = uuid.uuid4().hex
        p = _start(docs, out, *(["--resume"] if round_ else []), mark=mark)
        time.sleep(rng.uniform(0.3, full * 0.9))
        os.kill(p.pid, signal.SIGKILL)  # the main process only: its workers must follow
        p.wait(10)
        assert _gone(mark), "workers outlived their killed parent"
        _check_jsonl_whole(out)
    p = _start(docs, out, "--resume")
    assert p.wait(120) == 0, p.stderr.read()
    assert _tables(out) == want
    assert {t: len((out / f"{t}.jsonl").read_text(encoding="utf-8").splitlines()) for t in TABLES} == counts_jsonl


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_stops_the_pool_cleanly_and_resume_finishes(docs, tmp_path, presses):
    out = tmp_path / "out"
    mark = uuid.uuid4().hex
    p = _start(docs, out, "--jobs", "2", mark=mark)
    end = time.monotonic() + 60
    while _stored(out) < 1 and time.monotonic() < end and p.poll() is None:
        time.sleep(0.05)
    assert p.poll() is None, "the scan finished before it could be interrupted"
    for _ in range(presses):
        os.killpg(p.pid, signal.SIGINT)  # what a terminal sends: to the whole process group
        time.sleep(0.1)
    try:
        code = p.wait(30)  # a hang detector: generous, since a loaded CI machine stops workers slowly
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        pytest.fail("the scan hung after Ctrl-C")
    stderr = p.stderr.read()
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert f"interrupted, {_stored(out)} done; rerun with --resume" in " ".join(stderr.split())
    assert _gone(mark), "workers left running after Ctrl-C"
    n = _stored(out)
    assert 1 <= n < 10
    p = _start(docs, out, "--resume")
    assert p.wait(120) == 0
    assert f"{10 - n} file(s) scanned" in p.stderr.read().replace("\n", " ")
    assert _stored(out) == 10
