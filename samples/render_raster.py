"""Render samples/ocr/diagram_raster_tables.pdf (run: python samples/render_raster.py).

A small cascade drawn in vectors whose year tables are pictures, as on sheets where a screenshot
of a spreadsheet is pasted under each kegiatan box: the values have no text layer and only OCR
reads them. Page 1 is upright; page 2 is the same cascade stored portrait with /Rotate 90 (the
pictures placed with the turn), so the OCR'd words must land where the vector words do. The
sheet also carries pictures without print (a faint full-page background, a coloured emblem)
that must not be OCR'd. The tables' content is `TABLES` below, hand-chosen values.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).parent))
from render_diagrams import Canvas, elbow, tree_box  # noqa: E402

OUT = Path(__file__).parent / "ocr"
RULE = (0.72, 0.72, 0.72)  # light grey rules, as spreadsheet screenshots print them
INK = (0.1, 0.1, 0.35)

HEADER = ["SATUAN", "TARGET", "REALISASI", "CAPAIAN (%)"]
TABLES = [
    ["Unit", "450", "396", "88%"],
    ["Kelompok", "24", "27", "112,5%"],
]


def table_png(row: list[str], dpi: int = 150) -> tuple[bytes, float, float]:
    """A four-column year table drawn on its own page and rasterised: PNG bytes and its size
    in points. No rule on top (screenshots are often cropped just under the frame)."""
    widths = [62.0, 48.0, 58.0, 58.0]
    header_h, row_h = 26.0, 16.0
    w, h = sum(widths), header_h + row_h
    doc = pymupdf.open()
    page = doc.new_page(width=w, height=h)
    xs = [0.0]
    for wd in widths:
        xs.append(xs[-1] + wd)
    for x in xs:
        page.draw_line((min(max(x, 0.5), w - 0.5), 0), (min(max(x, 0.5), w - 0.5), h), color=RULE, width=0.8)
    page.draw_line((0, header_h), (w, header_h), color=RULE, width=1.6)
    page.draw_line((0, h - 0.5), (w, h - 0.5), color=RULE, width=0.8)
    for i, (head, value) in enumerate(zip(HEADER, row)):
        page.insert_textbox(pymupdf.Rect(xs[i] + 2, 3, xs[i + 1] - 2, header_h), head.replace(" (", "\n("),
                            fontsize=6.5, fontname="hebo", align=1, color=INK)
        page.insert_textbox(pymupdf.Rect(xs[i] + 2, header_h + 3, xs[i + 1] - 2, h), value,
                            fontsize=7, fontname="helv", align=0 if i == 0 else 1, color=(0, 0, 0))
    return page.get_pixmap(dpi=dpi).tobytes("png"), w, h


def emblem_png() -> bytes:
    """A coloured emblem without print (must not be OCR'd)."""
    doc = pymupdf.open()
    page = doc.new_page(width=60, height=60)
    page.draw_circle((30, 30), 28, color=(0.1, 0.5, 0.2), fill=(0.2, 0.7, 0.3), width=2)
    page.draw_circle((30, 30), 16, color=(0.9, 0.7, 0.1), fill=(0.95, 0.8, 0.2))
    return page.get_pixmap(dpi=100).tobytes("png")


def background_png() -> bytes:
    """A faint full-page wash (must not be OCR'd)."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 48), 0)
    pix.clear_with(244)
    return pix.tobytes("png")


def draw(page: pymupdf.Page) -> None:
    c = Canvas(page)
    m = c.m
    page.insert_image(pymupdf.Rect(0, 0, 842, 595) * m, stream=background_png(), keep_proportion=False, rotate=page.rotation)
    c.text((40, 18, 800, 38), "POHON KINERJA UPT PENGELOLAAN AIR MINUM DESA 2025", size=12, align=1, bold=True)
    page.insert_image(pymupdf.Rect(760, 12, 800, 52) * m, stream=emblem_png(), rotate=page.rotation)
    root = (290, 60, 550, 160)
    k1, k2 = (80, 230, 370, 330), (470, 230, 760, 330)
    tree_box(c, root, "SASARAN PROGRAM", "Meningkatnya akses air minum layak di perdesaan",
             ["Persentase desa dengan akses air minum layak (76 %)"], (0.7, 0.8, 1.0))
    tree_box(c, k1, "KEGIATAN", "Terbangunnya jaringan perpipaan desa",
             ["Jumlah sambungan rumah baru"], (1.0, 0.9, 0.7))
    tree_box(c, k2, "KEGIATAN", "Terlatihnya kelompok pengelola air minum desa",
             ["Jumlah kelompok pengelola terlatih"], (1.0, 0.9, 0.7))
    elbow(c, root, [k1, k2])
    for box, row in zip((k1, k2), TABLES):
        png, w, h = table_png(row)
        x = (box[0] + box[2] - w) / 2
        page.insert_image(pymupdf.Rect(x, box[3] + 8, x + w, box[3] + 8 + h) * m, stream=png,
                          keep_proportion=False, rotate=page.rotation)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    doc = pymupdf.open()
    draw(doc.new_page(width=842, height=595))
    turned = doc.new_page(width=595, height=842)
    turned.set_rotation(90)  # stored portrait, printed landscape
    draw(turned)
    doc.save(OUT / "diagram_raster_tables.pdf", garbage=3, deflate=True)


if __name__ == "__main__":
    main()
