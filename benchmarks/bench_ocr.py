"""What OCR of table pictures costs and finds (ingest/readers/raster.py over Tesseract).

For each diagram PDF: reading time with OCR off and on (best of N runs, pinned to one core, the
tesseract processes included), the pictures that passed the cheap tests and were OCR'd, and the
rows of the boxes the OCR'd pictures became (to check by eye against the page image). For each
table PDF: reading time with OCR off and on, and how many pages had pictures at all, were judged
diagram pages, or were OCR'd (should be none: ordinary table pages must not pay for OCR).

For each OCR engine (issue 14): seconds per scanned page on one core over the synthetic scans in
samples/scans/, and their quality in the same run: targets and (indikator, year, target)
records identical to the digital sample PDF's.

    python benchmarks/bench_ocr.py                     # the real files named below
    python benchmarks/bench_ocr.py --diagram A.pdf --table B.pdf
    python benchmarks/bench_ocr.py --diagram --table --engines tesseract rapidocr   # scans only

Last, what the scan dispatch costs digital PDFs: the same files read with the page check on and
off (the promise: digital PDFs are not slowed).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import sys

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed kinerja

from ingest import load, ocr  # noqa: E402
from ingest.readers import diagram, raster  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
DIAGRAMS = [REAL / "Pohon_Kinerja_2016_Perubahan_Diskominfo_Prov_Jabar.pdf"]
TABLES = [REAL / "Renstra_2025-2029_Dinkes_Kab_Banyuwangi.pdf"]


class Counts:
    """Counters around the raster reader's stages, to show which pages paid for what."""

    def __init__(self) -> None:
        self.pages_with_candidates = 0
        self.diagram_pages = 0
        self.read: list[raster.RasterText] = []
        self._candidates = raster.candidates
        self._read_rasters = raster.read_rasters

    def install(self) -> None:
        def candidates(*a, **k):
            found = self._candidates(*a, **k)
            self.pages_with_candidates += bool(found)
            return found

        def read_rasters(page, m, word_boxes, number):
            self.diagram_pages += 1  # asked only on a page judged a diagram
            got = self._read_rasters(page, m, word_boxes, number)
            self.read.extend(got)
            return got

        raster.candidates = candidates
        diagram.read_rasters = read_rasters

    def uninstall(self) -> None:
        raster.candidates = self._candidates
        diagram.read_rasters = self._read_rasters


def timed(path: Path, use_ocr: bool, runs: int):
    best, layout = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        with ocr.session(enabled=use_ocr):
            layout = load(path)
        best = min(best, time.perf_counter() - t)
    return best, layout


def off_and_on(path: Path, runs: int):
    """Best time without and with OCR, runs interleaved so machine load hits both alike."""
    off = on = float("inf")
    layout = None
    for _ in range(runs):
        t, layout = timed(path, False, 1)
        off = min(off, t)
        on = min(on, timed(path, True, 1)[0])
    return off, on, layout


def inside(a, b, tol: float = 3.0) -> bool:
    return a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol and a[3] <= b[3] + tol


def bench_diagram(path: Path, runs: int) -> None:
    off, on, _ = off_and_on(path, runs)
    counts = Counts()
    counts.install()
    try:
        _, layout = timed(path, True, 1)
    finally:
        counts.uninstall()
    print(f"{path.name}: {len(layout.pages)} page(s); read {off:.2f} s without OCR, {on:.2f} s with OCR "
          f"(+{on - off:.2f} s); {len(counts.read)} picture(s) OCR'd")
    for r in counts.read:
        boxes = [b for b in layout.boxes if inside(b.bbox, r.bbox)]
        where = ", ".join(f"{v:.0f}" for v in r.bbox)
        if not boxes:
            print(f"  picture at ({where}): in no box of its own; words: {' '.join(t for _, t in r.words)}")
        for b in boxes:
            rows = [" | ".join(c.replace("\n", " ") for c in row.texts) for row in (b.table.rows if b.table else [])]
            print(f"  picture at ({where}) -> box page {b.page}, tier {b.tier}, parent {b.parent}")
            for row in rows:
                print(f"      {row}")


def bench_table(path: Path, runs: int) -> None:
    off, on, layout = off_and_on(path, runs)
    counts = Counts()
    counts.install()
    try:
        timed(path, True, 1)
    finally:
        counts.uninstall()
    print(f"{path.name}: {len(layout.pages)} pages; read {off:.2f} s without OCR, {on:.2f} s with OCR "
          f"({(on - off) / off * 100:+.1f} %); pages with candidate pictures {counts.pages_with_candidates}, "
          f"pages judged diagrams {counts.diagram_pages}, pictures OCR'd {len(counts.read)}")


SCANS = sorted((Path(__file__).resolve().parents[1] / "samples" / "scans").glob("*_scan.pdf"))


def bench_scans(engines: list[str]) -> None:
    """Seconds per scanned page and quality per engine, engines interleaved per file."""
    from collections import Counter

    from kinerja.pipeline import scan_file

    pages = sum(len(pymupdf.open(p)) for p in SCANS)
    digital = {p: scan_file(p.parent.parent / "pdf" / p.name.replace("_scan.pdf", ".pdf")) for p in SCANS}
    secs = dict.fromkeys(engines, 0.0)
    cpu = dict.fromkeys(engines, 0.0)  # CPU seconds, tesseract processes included: what a shared machine does not inflate
    same = {e: [0, 0, 0, 0] for e in engines}  # targets same, targets, records same, records
    for p in SCANS:
        want_t = Counter((r.year, r.target) for r in digital[p].indicators if r.target is not None)
        want_r = Counter((r.indikator, r.year, r.target) for r in digital[p].indicators)
        for e in engines:
            t, c = time.perf_counter(), _cpu()
            got = scan_file(p, ocr=e)
            secs[e] += time.perf_counter() - t
            cpu[e] += _cpu() - c
            got_t = Counter((r.year, r.target) for r in got.indicators if r.target is not None)
            got_r = Counter((r.indikator, r.year, r.target) for r in got.indicators)
            s = same[e]
            s[0] += sum((want_t & got_t).values())
            s[1] += sum(want_t.values())
            s[2] += sum((want_r & got_r).values())
            s[3] += sum(want_r.values())
    base = secs[engines[0]] / pages
    for e in engines:
        s = same[e]
        print(f"scans, {e}: {secs[e] / pages:.2f} s per page on one core, {cpu[e] / pages:.2f} CPU s "
              f"({secs[e] / pages / base:.2f}x {engines[0]}; {pages} pages in {len(SCANS)} files); targets "
              f"identical {s[0]}/{s[1]}, records (indikator, year, target) identical {s[2]}/{s[3]}")


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bench_dispatch(runs: int) -> None:
    """What the scan dispatch (is a page a scan or a sandwich?) costs digital PDFs: the sample
    PDFs and the table PDFs read with the check and with it switched off, runs interleaved."""
    from ingest.readers import pdf

    from kinerja.pipeline import scan_file

    files = sorted((Path(__file__).resolve().parents[1] / "samples" / "pdf").glob("*.pdf")) + TABLES
    check = pdf.is_sandwich
    on = off = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        for f in files:
            scan_file(f)
        on = min(on, time.perf_counter() - t)
        pdf.is_sandwich = lambda page: False
        try:
            t = time.perf_counter()
            for f in files:
                scan_file(f)
            off = min(off, time.perf_counter() - t)
        finally:
            pdf.is_sandwich = check
    pages = sum(len(pymupdf.open(f)) for f in files)
    print(f"digital PDFs ({len(files)} files, {pages} pages): {on:.2f} s with the scan dispatch, {off:.2f} s without "
          f"({(on - off) / off * 100:+.1f} %)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--diagram", type=Path, nargs="*", default=DIAGRAMS)
    ap.add_argument("--table", type=Path, nargs="*", default=TABLES)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--engines", nargs="*", default=["tesseract", "rapidocr"], help="OCR engines for the scans")
    ap.add_argument("--no-dispatch", dest="dispatch", action="store_false", help="skip the digital-PDF dispatch cost")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, tesseract included
    print(f"tesseract: {ocr.tesseract() or 'not installed'} ({ocr.languages()}); one core; best of {args.runs}")
    for p in args.diagram:
        bench_diagram(p, args.runs)
    for p in args.table:
        bench_table(p, args.runs)
    if args.engines:
        bench_scans(args.engines)
    if args.dispatch:
        bench_dispatch(args.runs)


if __name__ == "__main__":
    main()
