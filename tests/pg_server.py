"""A real PostgreSQL server for the store's tests (the `postgres_url` fixture): an unprivileged cluster made with initdb in a
temporary folder and started on loopback (a free port, trust auth, no system service). A server
given in KINERJA_TEST_POSTGRES is used instead. Without PostgreSQL's binaries the tests skip,
except in CI (CI=1), where install.sh installs them and a missing server is a failure."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator, Optional

import pytest


def _pg_bin(name: str) -> Optional[str]:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    given = os.environ.get("KINERJA_TEST_POSTGRES")
    if given:
        yield given
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (install.sh installs the Debian package postgresql)")
        pytest.skip("PostgreSQL is not installed")
    home = Path(tempfile.mkdtemp(prefix="kinerja-pg-"))
    as_user: list[str] = []
    if os.getuid() == 0:  # initdb refuses root: the cluster belongs to an unprivileged user
        user = pwd.getpwnam("nobody")
        os.chown(home, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    data, port = home / "data", _free_port()
    run = dict(check=True, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    subprocess.run([*as_user, initdb, "-D", str(data), "-U", "kinerja", "-A", "trust", "-E", "UTF8", "--no-locale",
                    "--no-sync"], **run)
    subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(home / "log"), "-w", "-t", "60", "-o",
                    f"-h 127.0.0.1 -p {port} -k {home} -F -c fsync=off -c full_page_writes=off", "start"], **run)
    try:
        import psycopg

        with psycopg.connect(f"postgresql://kinerja@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE kinerja_test")
        yield f"postgresql+psycopg://kinerja@127.0.0.1:{port}/kinerja_test"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
