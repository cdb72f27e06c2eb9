"""Batch throughput of `kinerja scan` on >= 200 documents: documents/s and pages/s with 1 and 2
local worker processes (--jobs) and on a 2-worker Dask LocalCluster (--cluster local:2), all in
the same run, so the ratios are comparable even on a loaded machine.

The corpus is every sample under samples/text, samples/pdf and samples/diagrams plus a seeded
random choice of the style-matrix PDFs (samples/styles) up to --n files, copied into a temporary
folder (each file distinct bytes, so none is skipped as a copy). Each configuration is a fresh
`python -m kinerja scan DIR --out OUT -q --no-ocr` subprocess; its wall time includes starting the
process and its workers (and, for Dask, the cluster); each configuration is also timed on one
text document, and "steady" figures leave that fixed cost out ((N - 1) documents in T - T1).
With --rounds R the configurations are run R times, interleaved, and the best time of each is
reported.

    python benchmarks/bench_batch.py [--n 200] [--rounds 1] [--seed 19]

Heavy: run it alone on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {
    "1 local worker (--jobs 1)": ["--jobs", "1"],
    "2 local workers (--jobs 2)": ["--jobs", "2"],
    "Dask LocalCluster, 2 workers (--cluster local:2)": ["--cluster", "local:2"],
}


def corpus(folder: Path, n: int, seed: int) -> list[Path]:
    base = sorted([*(ROOT / "samples" / "text").glob("*.txt"), *(ROOT / "samples" / "pdf").glob("*.pdf"),
                   *(ROOT / "samples" / "diagrams").glob("*.pdf")])
    styles = sorted((ROOT / "samples" / "styles").glob("*.pdf"))
    chosen = base + random.Random(seed).sample(styles, max(0, min(len(styles), n - len(base))))
    out = []
    for i, f in enumerate(chosen):
        target = folder / f"{i:04d}_{f.name}"
        shutil.copy(f, target)
        out.append(target)
    return out


def run(docs: Path, out: Path, extra: list[str]) -> tuple[float, int, int, dict[str, int]]:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kinerja", "scan", str(docs), "--out", str(out), "-q", "--no-ocr", *extra],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"scan {' '.join(extra)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    rows = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return seconds, len(rows), sum(r["pages"] or 0 for r in rows), statuses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="documents in the corpus (at least 200 for the issue's bar)")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--seed", type=int, default=19)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        files = corpus(docs, args.n, args.seed)
        print(f"corpus: {len(files)} documents ({sum(f.suffix == '.pdf' for f in files)} PDF, "
              f"{sum(f.suffix != '.pdf' for f in files)} text), seed {args.seed}; "
              f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at start")
        one_doc = Path(tmp) / "one"
        one_doc.mkdir()
        shutil.copy(next(f for f in files if f.suffix == ".txt"), one_doc)
        fixed = {name: run(one_doc, Path(tmp) / "out-one", extra)[0] for name, extra in CONFIGS.items()}
        best: dict[str, tuple[float, int, int, dict[str, int]]] = {}
        for r in range(args.rounds):
            for name, extra in CONFIGS.items():
                got = run(docs, Path(tmp) / f"out{r}", extra)
                print(f"  round {r + 1}: {name}: {got[0]:.1f} s, statuses {got[3]}", flush=True)
                if name not in best or got[0] < best[name][0]:
                    best[name] = got
        print(f"load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        one = best[next(iter(CONFIGS))][0]
        steady_one = best[next(iter(CONFIGS))][0] - fixed[next(iter(CONFIGS))]
        print(f"{'configuration':52} {'docs':>5} {'pages':>6} {'s':>7} {'docs/s':>7} {'pages/s':>8} {'vs 1':>6}"
              f" {'1 doc s':>8} {'steady docs/s':>14} {'vs 1':>6}")
        for name, (seconds, n_docs, pages, _) in best.items():
            steady = seconds - fixed[name]
            print(f"{name:52} {n_docs:5d} {pages:6d} {seconds:7.1f} {n_docs / seconds:7.2f} {pages / seconds:8.2f} "
                  f"{one / seconds:5.2f}x {fixed[name]:8.1f} {(n_docs - 1) / steady:14.2f} {steady_one / steady:5.2f}x")


if __name__ == "__main__":
    main()
