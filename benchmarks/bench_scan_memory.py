"""Peak memory of reading a poster-sized scanned sheet, under a worker's memory limit.

A cascade poster exported as one picture (e.g. 6,900 x 2,200 pt at 96 dpi) renders at about
40 Mpx for OCR. The benchmark builds such a sheet from the sample box tree (copies of it, drawn
twice as large, rasterised at 96 dpi with a slight tilt, noise and JPEG artefacts), then reads
it in a fresh process the way a `kinerja scan` worker does: every reader's libraries loaded,
then the address space limited to what is mapped plus `--memory` MB (`kinerja.workers`).

Printed per limit: the document's status, records identical to the digital poster's, peak
address space over the loaded libraries (VmPeak - VmSize before the document; what the limit
caps) and peak resident memory, and seconds.

    python benchmarks/bench_scan_memory.py                 # --memory 256 (the default) and 0
    python benchmarks/bench_scan_memory.py --memory 256 --copies 3 2
    python benchmarks/bench_scan_memory.py --pdf some_scan.pdf   # a real file, status and rows only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TREE = ROOT / "samples" / "diagrams" / "diagram_box_tree.pdf"
FIELDS = ("level", "sasaran", "indikator", "target", "satuan")


def poster(out: Path, cols: int, rows: int, zoom: float = 2.0) -> Path:
    """The box tree drawn `cols` x `rows` times, `zoom` times its size, on one page."""
    src = pymupdf.open(TREE)
    w, h = src[0].rect.width * zoom, src[0].rect.height * zoom
    doc = pymupdf.open()
    page = doc.new_page(width=w * cols, height=h * rows)
    for r in range(rows):
        for c in range(cols):
            page.show_pdf_page(pymupdf.Rect(c * w, r * h, (c + 1) * w, (r + 1) * h), src, 0)
    doc.save(out)
    return out


def scanned(src: Path, out: Path, dpi: int = 96, tilt: float = 0.4) -> Path:
    """The sheet as one exported picture: grey, tilted, speckled, JPEG 80 (seeded)."""
    rng = np.random.default_rng(14)
    page = pymupdf.open(src)[0]
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    h, w = img.shape
    img = cv2.warpAffine(img, cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0), (w, h), borderValue=255)
    img = np.clip(img.astype(np.int16) + rng.normal(0, 6, img.shape).astype(np.int16), 0, 255).astype(np.uint8)
    doc = pymupdf.open()
    new = doc.new_page(width=page.rect.width, height=page.rect.height)
    new.insert_image(new.rect, stream=cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes())
    doc.save(out)
    return out


def _vm() -> dict[str, int]:
    got = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, val = line.partition(":")
        if key in ("VmPeak", "VmSize", "VmHWM"):
            got[key] = int(val.split()[0]) // 1024
    return got


def child(path: str, memory: int) -> None:
    """Read one document as a worker would; print what happened as JSON."""
    from kinerja import pipeline, workers

    pipeline._load_readers()
    before = _vm()
    if memory:
        workers._limit_memory(memory)
    t = time.perf_counter()
    result = pipeline.scan_file(Path(path))
    after = _vm()
    print(json.dumps({
        "status": result.document.status, "message": (result.document.error or "")[:160],
        "records": [[getattr(r, f) for f in FIELDS] for r in result.indicators],
        "peak_mb": after["VmPeak"] - before["VmSize"], "rss_mb": after["VmHWM"],
        "seconds": round(time.perf_counter() - t, 1)}))


def run(path: Path, memory: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(path), "--memory", str(memory)],
                          capture_output=True, text=True, timeout=1800)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        return {"status": f"crashed (exit {done.returncode})", "message": done.stderr[-300:], "records": [],
                "peak_mb": 0, "rss_mb": 0, "seconds": 0}
    return json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--memory", type=int, nargs="*", default=[256, 0])
    ap.add_argument("--copies", type=int, nargs=2, default=[4, 2], metavar=("COLS", "ROWS"))
    ap.add_argument("--pdf", type=Path, help="a real scanned file instead of the synthetic poster")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.memory[0])
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.pdf:
            target, want = args.pdf, None
        else:
            digital = poster(Path(tmp) / "poster.pdf", *args.copies)
            target = scanned(digital, Path(tmp) / "poster_scan.pdf")
            page = pymupdf.open(target)[0]
            print(f"poster {page.rect.width:.0f} x {page.rect.height:.0f} pt, picture at 96 dpi "
                  f"({page.rect.width * page.rect.height * (96 / 72) ** 2 / 1e6:.0f} Mpx)")
            want = run(digital, 0)["records"]
            print(f"digital poster: {len(want)} records")
        for memory in args.memory:
            got = run(target, memory)
            same = sum(1 for r in got["records"] if want is not None and r in want)
            print(f"--memory {memory:>4}: {got['status']:8s} {len(got['records']):3d} records"
                  + (f", {same} identical to digital" if want is not None else "")
                  + f"; peak address space +{got['peak_mb']} MB, peak RSS {got['rss_mb']} MB, {got['seconds']} s"
                  + (f"  [{got['message']}]" if got["status"] != "ok" else ""))


if __name__ == "__main__":
    main()
