"""PDF reading speed and memory, in one run.

    python benchmarks/bench_pdf.py            # figures printed; Camelot only if installed (extra `bench`)

1. End-to-end `scan_file` (read, stitch, extract, normalize, validate) on the table-heavy pages of
   the sample PDFs, one core.
2. pdfplumber's `extract_tables` alone on the same pages, and Camelot lattice when installed.
3. Peak memory (max RSS of a fresh process) scanning a 300-page PDF made by repeating them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
# Camelot's OpenCV rewrites LD_LIBRARY_PATH on import; the memory run gets the environment as it
# was before, so it loads the same libraries as a plain `kinerja scan`. Peak memory is the child's
# VmHWM: ru_maxrss would carry over the parent's size across fork+exec.
CLEAN_ENV = dict(os.environ)
sys.path.insert(0, str(ROOT))

from ingest.readers.pdf import read_page, read_pdf  # noqa: E402
from ingest.readers.pdf_page import page_geometry  # noqa: E402
from kinerja.pipeline import scan_file  # noqa: E402


def table_pages(tmp: Path) -> list[Path]:
    """Per sample PDF, a copy holding only its pages whose words are mostly in ruled tables (each
    keeps its own document type, so its own extractor runs)."""
    out: list[Path] = []
    for pdf in sorted((ROOT / "samples" / "pdf").glob("*.pdf")):
        src = pymupdf.open(pdf)
        keep = [i for i, page in enumerate(src) if read_page(page_geometry(page, i + 1)).table_share >= 0.6]
        if keep:
            doc = pymupdf.open()
            for i in keep:
                doc.insert_pdf(src, from_page=i, to_page=i)
            out.append(tmp / pdf.name)
            doc.save(out[-1])
        src.close()
    return out


def merged(paths: list[Path], out: Path) -> None:
    doc = pymupdf.open()
    for p in paths:
        doc.insert_pdf(pymupdf.open(p))
    doc.save(out)


def repeated(src: Path, out: Path, pages: int) -> None:
    doc = pymupdf.open()
    one = pymupdf.open(src)
    while len(doc) < pages:
        doc.insert_pdf(one, to_page=min(len(one), pages - len(doc)) - 1)
    doc.save(out)


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def pdfplumber_tables(path: Path) -> None:
    try:
        import pdfplumber
    except ImportError:
        raise SystemExit("pdfplumber is the peer this benchmark measures: pip install -e '.[bench]'") from None

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def camelot_lattice(path: Path) -> str:
    try:
        import camelot
    except ImportError:
        return "not installed (pip install '.[bench]')"
    t = time.perf_counter()
    camelot.read_pdf(str(path), pages="all", flavor="lattice")
    return f"{time.perf_counter() - t:.3f}"


def peak_rss_mb(path: Path) -> float:
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, %r);"
        "from kinerja.pipeline import scan_file; r = scan_file(Path(%r));"
        "assert r.document.status == 'ok', r.document.error;"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0];"
        "print(int(hwm.split()[1]) / 1024)"
    ) % (str(ROOT), str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=CLEAN_ENV)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        parts = table_pages(Path(tmp))
        n = sum(len(pymupdf.open(p)) for p in parts)
        for p in parts:
            scan_file(p)  # warm imports and caches
        ours = best_of(lambda: [scan_file(p) for p in parts])
        reader = best_of(lambda: [read_pdf(p) for p in parts])
        plumber = best_of(lambda: [pdfplumber_tables(p) for p in parts], runs=1)
        all_pages = Path(tmp) / "table_pages.pdf"
        merged(parts, all_pages)
        camelot = camelot_lattice(all_pages)
        big = Path(tmp) / "300_pages.pdf"
        repeated(all_pages, big, 300)
        rss = peak_rss_mb(big)
    print(f"table pages:                       {n}")
    print(f"kinerja scan end-to-end:           {ours:.3f} s = {n / ours:.1f} pages/s (one core)")
    print(f"kinerja PDF reader alone:          {reader:.3f} s = {n / reader:.1f} pages/s")
    print(f"pdfplumber extract_tables alone:   {plumber:.3f} s = {n / plumber:.1f} pages/s")
    print(f"ratio kinerja / pdfplumber:        {plumber / ours:.1f}x faster")
    if camelot[0].isdigit():
        print(f"camelot lattice alone:             {camelot} s = {n / float(camelot):.1f} pages/s"
              f" (kinerja {float(camelot) / ours:.1f}x faster)")
    else:
        print(f"camelot lattice:                   {camelot}")
    print(f"peak memory, 300-page scan:        {rss:.0f} MB (VmHWM of a fresh process)")


if __name__ == "__main__":
    main()
