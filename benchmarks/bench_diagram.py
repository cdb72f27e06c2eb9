"""Time diagram reading (read_diagram_page: drawings + words -> boxes, connectors, tiers, parents).

Prints, per one-page diagram, the drawings and words on the page and the best of N runs on one
core, with and without the OCR of pictures pasted into the page (the raster hook, whose time is
mostly the OCR engine); then the same for a synthetic A0 sheet with thousands of drawings
(hatching, shadows and spreadsheet-style cell borders). Target: under 1 s for the largest
one-page diagram.

Then the cost of the diagram stage on PDFs with no diagram: the digital table PDFs of
../shared/real read whole (read_pdf, OCR off) with the diagram page hook and without it,
alternating, best of 5 each (wall and CPU time), in the same run. Target: a ratio of at most 1.

    python benchmarks/bench_diagram.py [PDF ...]   # default: the one-page diagrams in ../shared/real
    python benchmarks/bench_diagram.py --tables    # only the table-only ratio
    python benchmarks/bench_diagram.py --profile   # where the diagram stage spends its time on them
    python benchmarks/bench_diagram.py --gate [PDF ...]  # the strict gate checked against the full reading
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from contextlib import contextmanager

import pymupdf

import ingest.readers.diagram as diagram
import ingest.readers.pdf as pdf
from ingest import ocr
from ingest.readers.diagram import read_diagram_page

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
RUNS = 5


def best_of(page: pymupdf.Page) -> tuple[float, int]:
    best = float("inf")
    boxes = 0
    for _ in range(RUNS):
        t = time.perf_counter()
        dp = read_diagram_page(page, 1)
        best = min(best, time.perf_counter() - t)
        boxes = len(dp.boxes)
    return best, boxes


@contextmanager
def without_ocr():
    """The vector reading alone: the raster (OCR) hook does nothing."""
    hook = diagram._add_rasters
    diagram._add_rasters = lambda *args: None
    try:
        yield
    finally:
        diagram._add_rasters = hook


def synthetic_a0() -> pymupdf.Document:
    """An A0 sheet: 40 x 12 unit blocks of ruled 4 x 5 cells with text, shadows and hatching."""
    doc = pymupdf.open()
    page = doc.new_page(width=3370, height=2384)
    for k in range(0, 5800, 6):
        page.draw_line((k - 2400, 0), (k, 2384), color=(0.85, 0.85, 0.85), width=0.3)
    for col in range(40):
        for row in range(12):
            x, y = 20 + col * 83, 60 + row * 190
            page.draw_rect((x + 3, y + 3, x + 78, y + 153), color=None, fill=(0.7, 0.7, 0.7))
            page.draw_rect((x, y, x + 75, y + 20), color=(0, 0, 0), fill=(1.0, 0.8, 0.4), width=0.5)
            page.insert_text((x + 3, y + 12), "SASARAN KEGIATAN", fontsize=5)
            for r in range(4):
                for c in range(5):
                    cx, cy = x + c * 15, y + 20 + r * 32
                    page.draw_rect((cx, cy, cx + 15, cy + 32), color=(0, 0, 0), width=0.3)
                    page.insert_text((cx + 1, cy + 10), "2025" if r == 0 else f"{r * c}", fontsize=4)
    return doc


TABLE_PDFS = ["LKjIP_2022_Inspektorat_Kab_Jombang.pdf", "Renstra_2016-2020_BPK_Perwakilan_Prov_Riau.pdf",
              "PK_2023_Kadis_Dispora_Kab_Minahasa_Selatan.pdf", "IKU_2026_SK_Definisi_Operasional_Dispar_Prov_Sulteng.pdf",
              "Realisasi_Kinerja_Triwulan_I-IV_2023_Dinkes_Kota_Tangerang.pdf", "RencanaAksi_2026_Dispar_Prov_Sulteng.pdf"]


def read_all(paths: list[Path], hooks: list) -> tuple[float, float, int]:
    """Wall and CPU seconds to read the PDFs whole with these page hooks, and their pages."""
    saved = list(pdf.PAGE_HOOKS)
    pdf.PAGE_HOOKS[:] = hooks
    try:
        with ocr.session(enabled=False):
            t, c = time.perf_counter(), time.process_time()
            pages = sum(len(pdf.read_pdf(p).pages) for p in paths)
            return time.perf_counter() - t, time.process_time() - c, pages
    finally:
        pdf.PAGE_HOOKS[:] = saved


def table_ratio(rounds: int = 5) -> None:
    """Table-only PDFs read with and without the diagram stage, alternating, best of `rounds`
    (wall and CPU time: on a shared machine the CPU time of the process is the steadier)."""
    paths = [REAL / n for n in TABLE_PDFS if (REAL / n).exists()]
    hook = next(h for h in pdf.PAGE_HOOKS if h is diagram.pdf_page_hook)
    read_all(paths, [hook])  # warm up (imports, MuPDF caches)
    off, on, off_cpu, on_cpu = (float("inf"),) * 4
    for _ in range(rounds):
        t, c, pages = read_all(paths, [])
        off, off_cpu = min(off, t), min(off_cpu, c)
        t, c, _ = read_all(paths, [hook])
        on, on_cpu = min(on, t), min(on_cpu, c)
    print(f"table-only PDFs ({len(paths)} files, {pages} pages, OCR off), best of {rounds}: "
          f"{off:.2f} s without the diagram stage, {on:.2f} s with it: ratio {on / off:.3f} "
          f"(CPU {off_cpu:.2f} s / {on_cpu:.2f} s: ratio {on_cpu / off_cpu:.3f}; target at most 1)")


def profile_tables(limit: int = 25) -> None:
    """cProfile of the table-only PDFs read with the diagram stage: the calls under the page hook."""
    import cProfile
    import pstats

    paths = [REAL / n for n in TABLE_PDFS if (REAL / n).exists()]
    read_all(paths, [diagram.pdf_page_hook])  # warm up (imports, MuPDF caches)
    prof = cProfile.Profile()
    prof.enable()
    read_all(paths, [diagram.pdf_page_hook])
    prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(r"readers/diagram", limit)


def check_gate(paths: list[Path]) -> None:
    """Every page the loose gate lets through and the strict one (pages with tables) rules out is
    read in full: its boxes must not make a diagram (`can_be_diagram`), else the strict gate
    dropped a page it had no right to. Prints the counts and any such page."""
    from ingest.readers.diagram_gate import may_hold_headed_boxes
    from ingest.readers.diagram_geometry import page_geometry
    from ingest.readers.diagram_stages import find_boxes
    from ingest.readers.diagram_verdict import can_be_diagram

    counts = {"pages": 0, "loose": 0, "strict": 0, "ruled out": 0}
    wrong: list[str] = []

    def hook(page, geo, content, layout) -> None:
        if geo.printed is None:
            return
        counts["pages"] += 1
        m = diagram.turn_matrix(page, geo.rotation)
        g = page_geometry(geo.printed.drawings, m)
        words, raw = diagram._words(page, m, geo.printed.words)
        area = page.rect.width * page.rect.height
        loose, strict = may_hold_headed_boxes(words, g, area), may_hold_headed_boxes(words, g, area, strict=True)
        counts["loose"] += loose
        counts["strict"] += strict
        if loose and not strict:
            counts["ruled out"] += 1
            diagram._mark_spaces(page, raw, words, diagram.DEFAULT_SETTINGS)
            if can_be_diagram(find_boxes(g, words, area, geo.number).boxes):
                wrong.append(f"{Path(page.parent.name).name} p. {geo.number}")

    for path in paths:
        try:
            read_all([path], [hook])
        except Exception as exc:  # an unreadable PDF is no page of the check
            print(f"{path.name}: {type(exc).__name__}")
    print(f"{len(paths)} PDFs, {counts['pages']} pages: the loose gate lets {counts['loose']} through, the strict "
          f"one {counts['strict']}; of the {counts['ruled out']} only the loose lets through, "
          f"{len(wrong)} make a diagram when read in full{': ' + ', '.join(wrong) if wrong else ''}")


def main(argv: list[str]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    if argv == ["--tables"]:
        table_ratio()
        return
    if argv == ["--profile"]:
        profile_tables()
        return
    if argv[:1] == ["--gate"]:
        check_gate([Path(a) for a in argv[1:]] or sorted(REAL.glob("*.pdf")))
        return
    paths = [Path(a) for a in argv] or sorted(
        p for p in REAL.glob("*.pdf") if p.name.lower().startswith(("pohon", "cascad"))
    )
    rows = []
    for path in paths:
        doc = pymupdf.open(path)
        if len(doc) != 1 or not doc[0].get_text("words"):
            continue  # one-page diagrams with a text layer only
        page = doc[0]
        seconds, boxes = best_of(page)
        with without_ocr():
            vector, _ = best_of(page)
        rows.append((path.name, len(page.get_drawings()), len(page.get_text("words")), boxes, seconds, vector))
    doc = synthetic_a0()
    page = doc[0]
    seconds, boxes = best_of(page)
    with without_ocr():
        vector, _ = best_of(page)
    rows.append(("synthetic A0 (hatching, shadows, 9600 cells)", len(page.get_drawings()), len(page.get_text("words")),
                 boxes, seconds, vector))
    print(f"{'diagram':56} {'drawings':>9} {'words':>6} {'boxes':>6} {'seconds':>8} {'no OCR':>7}")
    for name, drawings, words, boxes, seconds, vector in rows:
        print(f"{name[:56]:56} {drawings:9d} {words:6d} {boxes:6d} {seconds:8.3f} {vector:7.3f}")
    real = [r for r in rows if not r[0].startswith("synthetic")]
    if real:
        largest = max(real, key=lambda r: r[1] + r[2])
        print(f"largest one-page diagram: {largest[0]}: {largest[4]:.3f} s, {largest[5]:.3f} s without OCR "
              "(target < 1 s on one core)")
    if not argv:
        table_ratio()


if __name__ == "__main__":
    main(sys.argv[1:])
