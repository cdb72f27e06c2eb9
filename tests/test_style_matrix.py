"""The style matrix (samples/styles/, samples/render_styles.py): one text sample per family drawn
in ten table styles by two producers must give the records of its text form. The floors are the
shares measured at the last change to the unruled-table recovery (eval/score_styles.py gives the figures
for every document); a style that falls below its floor has regressed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kinerja.pipeline import scan_file
from record_keys import unbroken

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "samples" / "styles"
DOCS = ["pdf_cascading_label_after", "unseen_lkjip_kecamatan_baris_sasaran", "iku_bapperida_kota_kelompok_sasaran", "unseen_renstra_dinas_lima_tahun",
        "001_38a1594dae9657c6", "003_55ea08910ece3ae4"]
FIELDS = ("indikator", "sasaran", "org_unit", "level", "satuan", "year", "target", "realisasi", "capaian", "kriteria", "anggaran")
# rows of the text form matched field for field, over DOCS x both producers
FLOORS = {
    "grid": 0.99, "open": 0.98, "hrules": 0.95, "landscape": 0.95, "split": 0.98, "centred": 0.95,
    "norules": 0.945, "zebra": 0.945, "twolevel": 0.935, "continued": 0.945,
}
# the Typst producer (ISO B5/A6 pages, justified text, per-cell rules), measured at stop 8 below the
# lo/rl floors: unruled rows with no spacing between them and centred labels still lose rows
FLOORS_TY = {
    "grid": 0.99, "open": 0.99, "hrules": 0.945, "landscape": 0.955, "split": 0.945, "centred": 0.80,
    "norules": 0.84, "zebra": 0.875, "twolevel": 0.91, "continued": 0.94,
}


def _key(r) -> tuple:
    return tuple(unbroken(getattr(r, f)) for f in FIELDS)


@pytest.fixture(scope="module")
def expected() -> dict[str, Counter]:
    return {d: Counter(_key(r) for r in scan_file(ROOT / "samples" / "text" / f"{d}.txt").indicators) for d in DOCS}


def test_every_style_and_producer_is_rendered():
    for d in DOCS:
        for style in FLOORS:
            for producer in ("lo", "rl", "ty"):
                assert (STYLES / f"{d}__{style}__{producer}.pdf").exists(), (d, style, producer)


@pytest.mark.parametrize("producers", [("lo", "rl"), ("ty",)], ids=["lo+rl", "ty"])
@pytest.mark.parametrize("style", sorted(FLOORS))
def test_style_gives_the_records_of_the_text_form(style: str, producers: tuple[str, ...], expected: dict[str, Counter]):
    floor = (FLOORS_TY if producers == ("ty",) else FLOORS)[style]
    matched = total = 0
    missed = []
    for d in DOCS:
        for producer in producers:
            result = scan_file(STYLES / f"{d}__{style}__{producer}.pdf")
            assert result.document.status == "ok", result.document.error
            got = Counter(_key(r) for r in result.indicators)
            matched += sum((expected[d] & got).values())
            total += sum(expected[d].values())
            missed += [f"{d}/{producer}: {k[0]}" for k in (expected[d] - got)][:2]
    assert matched >= floor * total, f"{style}: {matched}/{total}; e.g. {missed[:4]}"
