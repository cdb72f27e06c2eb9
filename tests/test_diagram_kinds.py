"""Box kinds the reader names for boxes that are neither goals nor indicators: a title drawn as
a filled banner over the tree is a "banner", gives no record and is nobody's parent."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ingest import load
from kinerja.pipeline import scan_file


def _box(page, r, fill=None):
    page.draw_rect(r, color=(0.2, 0.2, 0.2), fill=fill, width=1)


def _text(page, x, y, s, size=8, font="helv"):
    page.insert_text((x, y), s, fontsize=size, fontname=font)


def _tree_under_banner(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    _box(page, (150, 20, 692, 50), (0.2, 0.3, 0.6))
    _text(page, 200, 40, "POHON KINERJA DINAS KOPERASI DAN UKM TAHUN 2026", 12, "hebo")
    _box(page, (300, 70, 540, 90), (0.85, 0.95, 0.85))
    _text(page, 306, 84, "SASARAN STRATEGIS", font="hebo")
    _box(page, (300, 90, 540, 130))
    _text(page, 306, 104, "Meningkatnya daya saing koperasi")
    _text(page, 306, 120, "Indikator : Persentase koperasi sehat")
    page.draw_line((420, 50), (420, 70))  # a line from the banner down to the root box
    page.draw_line((420, 130), (420, 150))
    page.draw_line((200, 150), (640, 150))
    for x0, head, ind in ((80, "SASARAN PROGRAM : Koperasi sehat", "Jumlah koperasi aktif"),
                          (520, "SASARAN PROGRAM : Usaha mikro naik", "Jumlah usaha mikro baru")):
        page.draw_line((x0 + 120, 150), (x0 + 120, 170))
        _box(page, (x0, 170, x0 + 240, 190), (0.85, 0.9, 1))
        _text(page, x0 + 6, 184, head, font="hebo")
        _box(page, (x0, 190, x0 + 240, 230))
        _text(page, x0 + 6, 206, "Indikator : " + ind)
    doc.save(path)


def test_a_title_banner_over_the_tree_is_a_banner_box_and_no_record(tmp_path):
    path = tmp_path / "banner.pdf"
    _tree_under_banner(path)
    layout = load(path)
    kinds = [(b.kind, b.text.split("\n")[0]) for b in layout.boxes]
    assert kinds[0] == ("banner", "POHON KINERJA DINAS KOPERASI DAN UKM TAHUN 2026")
    assert [k for k, _ in kinds[1:]] == ["goal", "goal", "goal"]
    result = scan_file(path)
    by_id = {r.record_id: r for r in result.indicators}
    rows = sorted((r.sasaran, r.indikator, by_id[r.parent_record_id].sasaran if r.parent_record_id else None)
                  for r in result.indicators)
    assert rows == [
        ("Koperasi sehat", "Jumlah koperasi aktif", "Meningkatnya daya saing koperasi"),
        ("Meningkatnya daya saing koperasi", "Persentase koperasi sehat", None),
        ("Usaha mikro naik", "Jumlah usaha mikro baru", "Meningkatnya daya saing koperasi"),
    ]
