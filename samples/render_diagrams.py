"""Render the sample diagram PDFs in samples/diagrams/ (run: python samples/render_diagrams.py).

Three drawing styles that differ from the real documents in ../shared/real: a tree of rounded
boxes with elbow connectors and arrowheads (one connector deliberately crosses to a box that
geometry alone would give another parent), a coloured grid of unit blocks each holding a ruled
indikator x year table (no connectors: parents from geometry), and a tree on a page with
/Rotate 90 whose tiers are named only by band labels at the margin. The content of each is the
`SPEC` data below; samples/diagrams/expected/*.json holds the records and parents expected from
each, checked by hand against the rendered pages.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

OUT = Path(__file__).parent / "diagrams"
BLACK = (0, 0, 0)
GREY = (0.85, 0.85, 0.85)


class Canvas:
    """Draw in the upright (displayed) coordinates of a page, whatever its /Rotate."""

    def __init__(self, page: pymupdf.Page):
        self.page = page
        self.m = page.derotation_matrix
        self.rot = page.rotation

    def rect(self, r: tuple[float, float, float, float], *, color=BLACK, fill=None, width=0.8, radius=None) -> None:
        self.page.draw_rect(pymupdf.Rect(r) * self.m, color=color, fill=fill, width=width, radius=radius)

    def line(self, a: tuple[float, float], b: tuple[float, float], width: float = 0.8) -> None:
        self.page.draw_line(pymupdf.Point(a) * self.m, pymupdf.Point(b) * self.m, color=BLACK, width=width)

    def arrow_down(self, x: float, y: float) -> None:
        """A filled arrowhead whose tip touches (x, y)."""
        pts = [pymupdf.Point(p) * self.m for p in ((x - 3.5, y - 6), (x + 3.5, y - 6), (x, y), (x - 3.5, y - 6))]
        self.page.draw_polyline(pts, color=BLACK, fill=BLACK, closePath=True)

    def text(self, r: tuple[float, float, float, float], s: str, size: float = 7.5, align: int = 0, bold: bool = False,
             color=BLACK) -> None:
        x0, y0, x1, y1 = r
        while size >= 5:  # the largest size up to `size` that fits the rectangle
            rect = pymupdf.Rect(x0, y0, x1, y1 + size * 0.4) * self.m  # room for the descender line
            shape = self.page.new_shape()
            if shape.insert_textbox(rect, s, fontsize=size, fontname="hebo" if bold else "helv", align=align,
                                    rotate=self.rot, color=color) >= 0:
                shape.commit()
                return
            size -= 0.5
        raise ValueError(f"text does not fit in {r}: {s!r}")


def tree_box(c: Canvas, r, label: str, sasaran: str, indicators: list[str], band) -> None:
    """Rounded box: a filled header band, the sasaran, a rule, 'Indikator Kinerja:' and a list."""
    x0, y0, x1, y1 = r
    c.rect((x0, y0, x1, y0 + 14), color=None, fill=band, width=0)
    c.text((x0 + 3, y0 + 2, x1 - 3, y0 + 13), label, size=7, align=1, bold=True)
    c.text((x0 + 4, y0 + 17, x1 - 4, y0 + 40), sasaran, size=7.5, align=1)
    if indicators:
        c.line((x0, y0 + 42), (x1, y0 + 42), width=0.5)
        body = "Indikator Kinerja:\n" + "\n".join(indicators)
        c.text((x0 + 4, y0 + 45, x1 - 4, y1 - 2), body, size=7)
    c.rect(r, width=1.0, radius=0.08)


def elbow(c: Canvas, parent, children: list) -> None:
    """Down from the parent's bottom to a bus, along it, down into each child with an arrowhead."""
    px = (parent[0] + parent[2]) / 2
    bus = (parent[3] + min(ch[1] for ch in children)) / 2
    c.line((px, parent[3]), (px, bus))
    xs = [(ch[0] + ch[2]) / 2 for ch in children]
    c.line((min(xs + [px]), bus), (max(xs + [px]), bus))
    for ch, x in zip(children, xs):
        c.line((x, bus), (x, ch[1] - 6))
        c.arrow_down(x, ch[1])


def render_box_tree(path: Path) -> None:
    doc = pymupdf.open()
    c = Canvas(doc.new_page(width=842, height=595))
    c.text((40, 20, 800, 40), "PETA SASARAN DAN INDIKATOR PERUMDA AIR MINUM TIRTA SEJAHTERA 2025", size=12, align=1, bold=True)
    root = (300, 60, 540, 160)
    m1, m2 = (60, 210, 330, 300), (520, 210, 790, 300)
    l1, l2, l3, l4 = (30, 360, 190, 460), (200, 360, 360, 460), (380, 360, 530, 460), (600, 360, 780, 460)
    tree_box(c, root, "SASARAN STRATEGIS", "Meningkatnya kualitas layanan air minum",
             ["Persentase rumah tangga dengan akses air minum layak (82 %)", "Indeks kepuasan pelanggan (3,4 poin)"], (0.7, 0.8, 1.0))
    tree_box(c, m1, "SASARAN PROGRAM", "Meningkatnya cakupan jaringan perpipaan",
             ["Panjang jaringan pipa distribusi terbangun (12 km)"], (0.75, 0.95, 0.75))
    tree_box(c, m2, "SASARAN PROGRAM", "Meningkatnya mutu air baku", [], (0.75, 0.95, 0.75))
    tree_box(c, l1, "SASARAN KEGIATAN", "Terbangunnya sambungan rumah baru",
             ["Jumlah sambungan rumah baru (1.500 SR)"], (1.0, 0.9, 0.7))
    tree_box(c, l2, "SASARAN KEGIATAN", "Terpeliharanya jaringan pipa distribusi",
             ["Persentase pipa dalam kondisi baik (90 %)"], (1.0, 0.9, 0.7))
    tree_box(c, l3, "SASARAN KEGIATAN", "Terpasangnya meter induk zona",
             ["Jumlah meter induk terpasang (24 unit)"], (1.0, 0.9, 0.7))
    tree_box(c, l4, "SASARAN KEGIATAN", "Terpantaunya kualitas air baku",
             ["Jumlah titik pantau air baku (8 titik)"], (1.0, 0.9, 0.7))
    elbow(c, root, [m1, m2])
    elbow(c, m1, [l1, l2, l3])  # l3 sits nearer m2 on the sheet; the connector says m1
    elbow(c, m2, [l4])
    doc.save(path, garbage=3, deflate=True)


def unit_block(c: Canvas, x: float, y: float, w: float, unit: str, sasaran: str, years: list[int],
               rows: list[tuple[str, str, list[str]]], band) -> float:
    """A coloured block: unit header, sasaran line, and a ruled Indikator | Satuan | years table.
    Returns the block's bottom."""
    c.rect((x, y, x + w, y + 16), fill=band, width=0.6)
    c.text((x + 3, y + 3, x + w - 3, y + 15), unit, size=7.5, align=1, bold=True)
    c.rect((x, y + 16, x + w, y + 40), width=0.6)
    c.text((x + 4, y + 19, x + w - 4, y + 39), f"Sasaran: {sasaran}", size=7)
    if not rows:
        return y + 40
    ycol = 30.0
    widths = [w - 40 - ycol * len(years), 40] + [ycol] * len(years)
    xs = [x]
    for wd in widths:
        xs.append(xs[-1] + wd)
    top = y + 40
    heads = ["Indikator", "Satuan"] + [str(v) for v in years]
    cells = [heads] + [[name, unit_, *targets] for name, unit_, targets in rows]
    for k, row in enumerate(cells):
        h = 14 if k == 0 else 26
        for i, t in enumerate(row):
            fill = GREY if k == 0 else None
            c.rect((xs[i], top, xs[i + 1], top + h), fill=fill, width=0.5)
            c.text((xs[i] + 2, top + 2, xs[i + 1] - 2, top + h - 1), t, size=6.5, align=0 if i == 0 else 1, bold=k == 0)
        top += h
    return top


def render_unit_grid(path: Path) -> None:
    doc = pymupdf.open()
    c = Canvas(doc.new_page(width=1191, height=842))
    c.text((40, 20, 1150, 44), "CASCADING KINERJA DINAS PERHUBUNGAN KABUPATEN CONTOH TAHUN 2024-2026", size=14, align=1, bold=True)
    blue, green, yellow = (0.6, 0.75, 1.0), (0.7, 0.92, 0.7), (1.0, 0.95, 0.55)
    unit_block(c, 400, 70, 390, "KEPALA DINAS PERHUBUNGAN", "Meningkatnya keselamatan transportasi darat", [2024, 2025, 2026], [
        ("Angka kecelakaan lalu lintas per 100.000 penduduk", "kasus", ["12", "11", "10"]),
        ("Persentase terminal yang memenuhi standar pelayanan", "%", ["60", "70", "80"]),
    ], blue)
    unit_block(c, 120, 260, 360, "KEPALA BIDANG LALU LINTAS", "Meningkatnya ketertiban lalu lintas jalan", [2024, 2025], [
        ("Persentase ruas jalan yang dilengkapi rambu", "%", ["55", "65"]),
    ], green)
    unit_block(c, 700, 260, 360, "KEPALA BIDANG ANGKUTAN", "Meningkatnya mutu layanan angkutan umum", [2024, 2025], [
        ("Jumlah trayek angkutan umum yang dilayani", "trayek", ["14", "16"]),
        ("Persentase armada angkutan yang laik jalan", "%", ["75", "80"]),
    ], green)
    unit_block(c, 60, 430, 300, "KEPALA SEKSI REKAYASA LALU LINTAS", "Terpasangnya perlengkapan jalan", [2024, 2025], [
        ("Jumlah rambu lalu lintas terpasang", "unit", ["120", "150"]),
    ], yellow)
    unit_block(c, 380, 430, 200, "KEPALA SEKSI MANAJEMEN LALU LINTAS", "Tersusunnya kajian manajemen lalu lintas", [], [], yellow)
    unit_block(c, 760, 430, 300, "KEPALA SEKSI ANGKUTAN ORANG", "Terlayaninya trayek perdesaan", [2024, 2025], [
        ("Jumlah trayek perdesaan yang dilayani", "trayek", ["6", "7"]),
    ], yellow)
    doc.save(path, garbage=3, deflate=True)


def render_rotated(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.set_rotation(90)  # stored portrait, printed landscape
    c = Canvas(page)
    c.text((40, 16, 800, 36), "POHON KINERJA KECAMATAN CONTOH 2025", size=12, align=1, bold=True)
    for y, label in ((95, "ESELON II"), (255, "ESELON III"), (415, "ESELON IV")):
        c.text((20, y, 110, y + 14), label, size=9, bold=True)
    boxes = {
        "camat": (330, 60, 590, 140),
        "sekcam": (160, 220, 400, 300),
        "kasi_pem": (520, 220, 760, 300),
        "kasubbag": (160, 380, 400, 460),
        "kasi_trantib": (520, 380, 760, 460),
    }
    text = {
        "camat": "Sasaran: Meningkatnya kualitas pelayanan publik kecamatan\nIndikator: Indeks kepuasan masyarakat (82 poin)",
        "sekcam": "Sasaran: Meningkatnya akuntabilitas kinerja kecamatan\nIndikator: Nilai evaluasi SAKIP kecamatan (70 nilai)",
        "kasi_pem": "Sasaran: Meningkatnya tertib administrasi desa\nIndikator: Persentase desa dengan APBDes tepat waktu (95 %)",
        "kasubbag": "Sasaran: Tersusunnya dokumen perencanaan kecamatan\nIndikator: Jumlah dokumen perencanaan yang disusun (4 dokumen)",
        "kasi_trantib": "Sasaran: Menurunnya gangguan ketertiban umum\nIndikator: Jumlah pelanggaran perda yang ditindak (30 kasus)",
    }
    fills = {"camat": (0.95, 0.8, 0.8), "sekcam": (0.8, 0.9, 0.95), "kasi_pem": (0.8, 0.9, 0.95),
             "kasubbag": (0.9, 0.95, 0.8), "kasi_trantib": (0.9, 0.95, 0.8)}
    for key, r in boxes.items():
        c.rect(r, color=None, fill=fills[key], width=0)
        c.text((r[0] + 5, r[1] + 5, r[2] - 5, r[3] - 3), text[key], size=8)
    for parent, child in (("camat", "sekcam"), ("camat", "kasi_pem"), ("sekcam", "kasubbag"), ("kasi_pem", "kasi_trantib")):
        p, ch = boxes[parent], boxes[child]
        px, cx = (p[0] + p[2]) / 2, (ch[0] + ch[2]) / 2
        mid = (p[3] + ch[1]) / 2
        c.line((px, p[3]), (px, mid))
        c.line((px, mid), (cx, mid))
        c.line((cx, mid), (cx, ch[1]))
    doc.save(path, garbage=3, deflate=True)


NAVY, WHITE = (0.12, 0.2, 0.4), (1, 1, 1)


def framed(c: Canvas, r, s: str, size: float = 7, align: int = 0, fill=None, bold: bool = False, color=BLACK) -> None:
    """One frame with its text (a cell drawn as its own rectangle)."""
    c.rect(r, fill=fill, width=0.7)
    c.text((r[0] + 2, r[1] + 2, r[2] - 2, r[3] - 1), s, size=size, align=align, bold=bold, color=color)


def unit_header(c: Canvas, r, name: str) -> None:
    framed(c, r, name, size=7, align=1, fill=NAVY, bold=True, color=WHITE)


def coded_row(c: Canvas, x0: float, x1: float, y0: float, y1: float, code: str, text: str, code_w: float = 32) -> None:
    framed(c, (x0, y0, x0 + code_w, y1), code, bold=True)
    framed(c, (x0 + code_w, y0, x1, y1), text)


def kegiatan_row(c: Canvas, x0: float, y0: float, y1: float, code: str, name: str, output: str | None,
                 anggaran: str, gap: float) -> None:
    """Code | name | output, then 'Anggaran' over the amount in a frame of its own `gap` to the right."""
    framed(c, (x0, y0, x0 + 50, y1), code, align=1)
    framed(c, (x0 + 50, y0, x0 + 150, y1), name)
    right = x0 + 150
    if output is not None:
        framed(c, (right, y0, right + 40, y1), output, align=1)
        right += 40
    ax = right + gap
    framed(c, (ax, y0, ax + 88, y0 + 16), "Anggaran", align=1)
    framed(c, (ax, y0 + 16, ax + 88, y1), anggaran, align=1)


def render_unit_lists(path: Path) -> None:
    """A one-sheet pohon kinerja: a legend column of band boxes at the left edge, sasaran boxes
    over IKU boxes with a TARGET column (one drawn as its own frame beside the indicator), a
    program bar, unit header boxes listing numbered indicators, kegiatan rows with their output
    and an Anggaran frame, one output frame shared by two kegiatan, and a summary table under a
    kegiatan."""
    doc = pymupdf.open()
    c = Canvas(doc.new_page(width=1191, height=842))
    c.text((140, 20, 1100, 42), "POHON KINERJA DINAS KETAHANAN PANGAN KABUPATEN CONTOH TAHUN 2025", size=13, align=1, bold=True)
    for (y0, y1), word, fill in (((62, 92), "RENSTRA", (1.0, 0.7, 0.35)), ((146, 176), "IKU", (0.7, 0.85, 1.0)),
                                 ((222, 252), "PROGRAM", (0.65, 0.8, 1.0)), ((470, 500), "KEGIATAN", (0.85, 0.85, 0.85))):
        framed(c, (20, y0, 120, y1), word, size=10, align=1, fill=fill, bold=True)
    framed(c, (200, 58, 520, 104), "Sasaran 1 - Meningkatnya ketersediaan pangan daerah", size=8, align=1, fill=(1.0, 0.9, 0.75))
    framed(c, (640, 58, 960, 96), "Sasaran 2 - Meningkatnya keamanan pangan segar yang beredar", size=8, align=1,
           fill=(1.0, 0.9, 0.75))
    framed(c, (200, 140, 440, 180), "Indikator 1.1 - Skor Pola Pangan Harapan (PPH)", size=7.5)
    framed(c, (443, 140, 503, 158), "TARGET", align=1, bold=True)  # its own frame, drawn apart
    framed(c, (443, 158, 503, 180), "88 Poin", align=1)
    framed(c, (640, 140, 880, 180), "Indikator 2.1 - Persentase sampel pangan segar yang memenuhi syarat keamanan", size=7.5)
    framed(c, (880, 140, 960, 158), "TARGET", align=1, bold=True)
    framed(c, (880, 158, 960, 180), "92 %", align=1)
    c.line((360, 104), (360, 134))
    c.arrow_down(360, 140)
    c.line((800, 96), (800, 134))
    c.arrow_down(800, 140)
    framed(c, (200, 222, 960, 252), "Program Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat", size=9, align=1,
           fill=(0.65, 0.8, 1.0), bold=True)
    c.line((580, 252), (580, 272))
    c.line((320, 272), (770, 272))
    for x in (320, 770):
        c.line((x, 272), (x, 284))
        c.arrow_down(x, 290)
    # BIDANG KETERSEDIAAN PANGAN: one frame per indicator row
    unit_header(c, (200, 290, 440, 310), "BIDANG KETERSEDIAAN PANGAN")
    coded_row(c, 200, 440, 312, 336, "1.1", "Persentase cadangan pangan pemerintah daerah terhadap kebutuhan")
    coded_row(c, 200, 440, 338, 362, "1.2", "Jumlah lumbung pangan masyarakat yang aktif")
    c.line((212, 362), (212, 402))
    c.line((212, 402), (240, 402))
    unit_header(c, (240, 392, 440, 412), "SEKSI CADANGAN PANGAN")
    coded_row(c, 240, 440, 414, 438, "1.1.1", "Jumlah stok cadangan beras pemerintah daerah", code_w=35)
    kegiatan_row(c, 250, 442, 490, "2.09.02", "Kegiatan Pengelolaan Cadangan Pangan Pemerintah Daerah", "· 120 Ton",
                 "Rp. 845.500.000", gap=12)
    for k, (head, value) in enumerate((("Satuan", "Ton"), ("Target", "120"), ("Realisasi", "114"), ("Capaian", "95%"))):
        x = 250 + 70 * k
        framed(c, (x, 496, x + 70, 512), head, align=1, fill=GREY, bold=True)
        framed(c, (x, 512, x + 70, 528), value, align=1)
    # BIDANG KEAMANAN PANGAN: one code frame beside one text frame listing two indicators
    unit_header(c, (640, 290, 900, 310), "BIDANG KEAMANAN PANGAN")
    framed(c, (640, 312, 672, 340), "2.1\n2.1", bold=True)
    framed(c, (672, 312, 900, 340), "Persentase pangan segar yang diuji\nJumlah pelaku usaha pangan yang dibina")
    c.line((652, 340), (652, 390))
    c.line((652, 390), (680, 390))
    unit_header(c, (680, 380, 900, 400), "SEKSI PENGAWASAN MUTU PANGAN")
    coded_row(c, 680, 900, 402, 426, "2.1.1", "Jumlah sampel pangan segar yang diuji laboratorium", code_w=35)
    kegiatan_row(c, 690, 430, 470, "2.09.03", "Kegiatan Pengawasan Keamanan Pangan Segar", None, "Rp. 412.750.000", gap=45)
    kegiatan_row(c, 690, 472, 512, "2.09.04", "Kegiatan Sosialisasi Pangan Aman", None, "Rp. 198.300.000", gap=45)
    framed(c, (840, 430, 880, 512), "· 4 Keg", align=1)  # one output beside both kegiatan
    doc.save(path, garbage=3, deflate=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    render_box_tree(OUT / "diagram_box_tree.pdf")
    render_unit_grid(OUT / "diagram_unit_grid.pdf")
    render_rotated(OUT / "diagram_rotated.pdf")
    render_unit_lists(OUT / "diagram_unit_lists.pdf")


if __name__ == "__main__":
    main()
