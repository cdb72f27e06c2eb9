"""LKjIP and IKU samples against their hand-checked golden files.

Written by `python samples/make_expected.py STEM` and checked by eye against the documents; a
difference here means kinerja now reads one of these documents differently.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

from make_expected import current, first_difference, golden  # noqa: E402

STEMS = [
    "001_38a1594dae9657c6",  # Banjar IKU decree: merged sasaran, page breaks, a nested table in a cell
    "004_22ba43ded69af889",  # Banjar LKjIP: ten kinds of indicator table, 68 budget lines
    "lkjip_dinkes_kota_desimal_koma",  # lower-is-better indicators, decimal commas, codes, caps groups
    "iku_bapperida_kota_kelompok_sasaran",  # numbered rows under sasaran group rows, sumber data
]


@pytest.mark.parametrize("stem", STEMS)
def test_sample_matches_golden(stem):
    indicators, budget = current(stem)
    want, want_budget = golden(stem)
    assert want, f"no golden file for {stem}"
    assert indicators == want, first_difference(indicators, want)
    assert budget == want_budget, first_difference(budget, want_budget)
