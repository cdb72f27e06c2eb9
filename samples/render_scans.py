"""Scanned versions of sample PDFs (issue 14): each page printed, scanned and wrapped back into an
image-only PDF, so the OCR path is tested against records whose digital form is known.

    python samples/render_scans.py      # writes samples/scans/<stem>_scan.pdf

Every page is rasterised (150, 200 or 300 dpi in turn), tilted by up to ±2°, given sensor noise
and JPEG artefacts; the first page of `TURNED` is fed into the scanner sideways (turned 90°).
Fixed seeds: the same files every run. The expected records are the digital PDF's own
(tests/test_scan_samples.py reads both).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pymupdf

ROOT = Path(__file__).resolve().parent
SOURCES = ["pdf_iku_borderless", "pdf_lkjip_dinkes", "pdf_lkjip_decimal_comma"]
TURNED = "pdf_iku_borderless"
DPIS = (200, 150, 300)
TILTS = (1.6, -2.0, 0.8, -1.2)


def scanned(grey: np.ndarray, tilt: float, rng: np.random.Generator, quality: int) -> bytes:
    """A tilted, noisy JPEG of a grey page image."""
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0)
    img = cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=245).astype(np.float32)
    img = img * 0.92 + 12 + rng.normal(0, 9, img.shape)  # grey paper, sensor noise
    ok, buf = cv2.imencode(".jpg", np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def make(stem: str, n: int) -> Path:
    rng = np.random.default_rng(14 + n)
    src = pymupdf.open(ROOT / "pdf" / f"{stem}.pdf")
    out = pymupdf.open()
    for i, page in enumerate(src):
        k = n + i
        dpi = DPIS[k % len(DPIS)]
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
        grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
        rect = page.rect
        if stem == TURNED and i == 0:
            grey = cv2.rotate(grey, cv2.ROTATE_90_COUNTERCLOCKWISE)
            rect = pymupdf.Rect(0, 0, rect.height, rect.width)
        jpeg = scanned(grey, TILTS[k % len(TILTS)], rng, quality=55 + 10 * (k % 3))
        new = out.new_page(width=rect.width, height=rect.height)
        new.insert_image(new.rect, stream=jpeg)
    path = ROOT / "scans" / f"{stem}_scan.pdf"
    out.save(path, garbage=4, deflate=True, no_new_id=True)  # same bytes every run
    return path


def main() -> None:
    (ROOT / "scans").mkdir(exist_ok=True)
    for n, stem in enumerate(SOURCES):
        print(make(stem, n))


if __name__ == "__main__":
    main()
