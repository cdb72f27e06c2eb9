"""Pohon kinerja / cascading samples against their hand-checked golden files.

The golden files are written by `python samples/make_expected.py STEM` and were checked by eye
against the documents; a difference here means kinerja now reads a document differently.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

from make_expected import current, first_difference, golden  # noqa: E402

from kinerja.pipeline import scan_file  # noqa: E402

STEMS = [
    "000_f36b6918ad0a50f1",  # OKI: unit titles above tables, fused SATUAN TARGET
    "002_30a74892c45a1d80",  # Tanjung Jabung Barat: eselon headings, multi-year, Sub Kegiatan blocks
    "003_55ea08910ece3ae4",  # Sulawesi Utara: unit labels printed after tables
    "pohon_kesehatan_label_sesudah",  # labels after tables, decimal commas, a row cut by a page break
    "pohon_pupr_tahunan",  # tiers, 2025-2029 targets, SATUAN / TARGET, paragraph Sub Kegiatan blocks
]


@pytest.mark.parametrize("stem", STEMS)
def test_sample_matches_golden(stem):
    indicators, budget = current(stem)
    want, want_budget = golden(stem)
    assert want, f"no golden file for {stem}"
    assert indicators == want, first_difference(indicators, want)
    assert budget == want_budget, first_difference(budget, want_budget)


def test_seed_counts_match_the_issue():
    """The counts the issue names: OKI ~64 rows in 27 units, Sulawesi Utara ~94 rows in 21 unit
    tables, Tanjung Jabung Barat 34 Sub Kegiatan blocks."""
    oki = scan_file(ROOT / "samples" / "text" / "000_f36b6918ad0a50f1.txt").indicators
    assert len(oki) == 64 and len({(r.org_unit, r.table_index) for r in oki}) == 27
    assert all(r.org_unit and r.level and r.sasaran and r.indikator and r.line and r.source_text for r in oki)
    sulut, _ = current("003_55ea08910ece3ae4")
    assert len(sulut) == 94 and all(r["org_unit"] and r["sasaran"] and r["target_text"] for r in sulut)
    units = [r["org_unit"] for r in sulut]
    assert sum(1 for a, b in zip([None] + units, units) if a != b) == 21
    tjb, budget = current("002_30a74892c45a1d80")
    assert sum(r["level"] == "sub_kegiatan" for r in tjb) == 34 and len(budget) == 34
    assert {r["year"] for r in tjb if r["year"]} == {2021, 2022, 2023, 2024, 2025, 2026}
