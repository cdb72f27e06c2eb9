"""Compare two scan output folders record by record, field by field.

A restructure must not change what the pipeline reads. This script diffs the four jsonl tables
(documents, indicators, budget, findings) of two `kinerja scan` output folders, keyed by each
table's id, and ignores only fields that measure time. With --scan it first scans the inputs with
each of two code trees (e.g. /work/main and a worktree) into OUT/before and OUT/after.

    python benchmarks/compare_outputs.py BEFORE_DIR AFTER_DIR
    python benchmarks/compare_outputs.py --scan /work/main . --out /tmp/cmp -- samples/diagrams
    python benchmarks/compare_outputs.py BEFORE AFTER --ignore parent_link   # a field added on purpose

Prints one line per differing field (up to --show) and a count per table; exits 1 on any change.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

TABLES = {"documents": "document_id", "indicators": "record_id", "budget": "record_id",
          "findings": "finding_id"}
TIMING = {"seconds"}


def load(folder: Path, table: str) -> dict[str, dict]:
    """Rows of one table by id; a missing table reads as empty."""
    path = folder / f"{table}.jsonl"
    if not path.exists():
        return {}
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows[row[TABLES[table]]] = row
    return rows


def diff_table(before: dict[str, dict], after: dict[str, dict], ignore: frozenset[str] = frozenset()) -> list[str]:
    """One message per added/removed row and per changed field (a field missing on one side
    equals None; `ignore`d fields are not compared)."""
    out = []
    for key in sorted(before.keys() - after.keys()):
        out.append(f"- {key} ({before[key].get('source_path')})")
    for key in sorted(after.keys() - before.keys()):
        out.append(f"+ {key} ({after[key].get('source_path')})")
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        for name in sorted((a.keys() | b.keys()) - TIMING - ignore):
            if a.get(name) != b.get(name):
                out.append(f"~ {key} {name}: {a.get(name)!r} -> {b.get(name)!r}")
    return out


def compare(before: Path, after: Path, show: int = 40, ignore: frozenset[str] = frozenset()) -> int:
    """Number of differences over all tables; prints them."""
    total = 0
    for table in TABLES:
        lines = diff_table(load(before, table), load(after, table), ignore)
        total += len(lines)
        print(f"{table}: {len(load(after, table))} rows, {len(lines)} differences")
        for line in lines[:show]:
            print("   ", line[:300])
    return total


def scan(tree: Path, inputs: list[str], out: Path, extra: list[str]) -> None:
    """Scan `inputs` with the code in `tree` (run from that folder) into `out`."""
    cmd = [sys.executable, "-m", "kinerja", "scan", "--jobs", "1", "-q", "-o", str(out.resolve()),
           *extra, *[str(Path(p).resolve()) for p in inputs]]
    subprocess.run(cmd, cwd=tree, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", help="BEFORE AFTER output folders, or inputs with --scan")
    ap.add_argument("--scan", nargs=2, metavar=("TREE_BEFORE", "TREE_AFTER"))
    ap.add_argument("--out", default="/tmp/compare_outputs")
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument("--ignore", action="append", default=[], metavar="FIELD", help="a field not to compare")
    args = ap.parse_args()
    if args.scan:
        out = Path(args.out)
        extra = ["--no-ocr"] if args.no_ocr else []
        for name, tree in zip(("before", "after"), args.scan):
            scan(Path(tree), args.dirs, out / name, extra)
        before, after = out / "before", out / "after"
    else:
        before, after = map(Path, args.dirs)
    n = compare(before, after, args.show, frozenset(args.ignore))
    print("identical" if n == 0 else f"{n} differences")
    sys.exit(1 if n else 0)


if __name__ == "__main__":
    main()
