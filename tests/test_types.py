"""The type hints are checked: mypy (with pydantic's plugin, configured in pyproject.toml) finds no
error in the packages. Its cache lives in .mypy_cache, so a rerun checks only what changed."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kinerja", "ingest", "normalize", "validate", "schemas")


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None and not os.environ.get("CI"),
                    reason="mypy is not installed (install.sh installs it with the dev extra; under CI it must be)")
def test_mypy_finds_no_type_error_in_the_packages():
    res = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache"), "--no-error-summary",
         "--hide-error-context", *PACKAGES],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    errors = [line for line in res.stdout.splitlines() if ": error:" in line]
    assert res.returncode == 0 and not errors, (
        f"mypy exit {res.returncode}, {len(errors)} errors:\n{res.stdout[-6000:]}{res.stderr[-2000:]}")
