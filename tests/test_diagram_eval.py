"""The hand-labelled diagram set (eval/diagrams/) and its scorer: the two smallest real diagrams
must score at least what they scored when the floors were set, so a regression in the diagram
reader fails here (python eval/score_diagrams.py prints every document's figures)."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import score_diagrams as sd  # noqa: E402
from schemas import IndicatorRecord  # noqa: E402

# Right answers (counts) measured when the floors were set; raise them when the reader improves.
FLOORS = {
    "bkd_tanah_bumbu": dict(found=43, org_unit=43, level=43, sasaran=43, parent=43, nodes_found=1),
    "dpupr_tanah_bumbu": dict(found=29, org_unit=29, level=29, sasaran=22, satuan=3, parent=18),
}
KEYS = {"document", "page", "box", "org_unit", "tier", "program", "sasaran", "indikator", "satuan", "targets",
        "parent_box", "parent_sasaran", "parent_indikator"}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_small_real_diagrams_stay_at_or_above_their_floor(name):
    if not (sd.REAL / sd.load_labels(name)[0]["document"]).exists():
        pytest.skip("shared/real not available")
    s = sd.score_document(name)
    got = {"found": s.found, "nodes_found": s.nodes_found, **s.right}
    below = {k: (got[k], v) for k, v in FLOORS[name].items() if got[k] < v}
    assert not below, (below, s.errors[:10])


def test_every_label_file_is_well_formed():
    names = sd.names([])
    assert len(names) >= 6
    for name in names:
        labels = sd.load_labels(name)
        boxes = {lab["box"] for lab in labels}
        assert len({lab["document"] for lab in labels}) == 1, name
        indicators = [lab for lab in labels if lab["indikator"]]
        assert len(indicators) >= 15, name
        for lab in labels:
            assert set(lab) == KEYS, (name, set(lab) ^ KEYS)
            assert isinstance(lab["page"], int) and lab["page"] >= 1
            assert lab["parent_box"] is None or lab["parent_box"] in boxes or lab["parent_sasaran"], lab
            assert all(isinstance(v, str) for v in lab["targets"].values()), lab
        assert json.dumps(labels, ensure_ascii=False)  # plain JSON values only


def _record(**fields) -> IndicatorRecord:
    return IndicatorRecord(record_id="r1", document_id="d", source_path="x.pdf", page=1, **fields)


def test_printed_tiers_map_to_levels():
    assert sd.expected_level("ESSELON III") == "eselon_iii"
    assert sd.expected_level("KINERJA UTAMA ESELON IV (BIDANG BINA MARGA)") == "eselon_iv"
    assert sd.expected_level("KEPALA SEKSI RUMAH SAKIT") == "eselon_iv"
    assert sd.expected_level("KEPALA BIDANG REGULASI DAN KEBIJAKAN KESEHATAN") == "eselon_iii"
    assert sd.expected_level("Kepala Subbagian Standardisasi Kerja") == "eselon_iv"
    assert sd.expected_level("KEPALA BIRO ORGANISASI") == "eselon_ii"
    assert sd.expected_level("SUBKEGIATAN") == "sub_kegiatan"
    assert sd.expected_level("TUJUAN RENSTRA") == "tujuan"
    assert sd.expected_level("Analis Jabatan") == "fungsional"
    assert sd.expected_level("Indikator 1.1 (band IKU OPD)") is None


def test_targets_satuan_and_text_compare_as_printed():
    rec = _record(year=2023, target=1250.0, target_text="1.250")
    assert sd.same_target("1.250", rec) and sd.same_target("1250", rec)
    assert not sd.same_target("125", rec)
    assert sd.same_target("-", None) and sd.same_target("‐", _record(target_text="‐"))
    assert not sd.same_target("-", rec) and not sd.same_target("5", None)
    assert sd.same_satuan("%", "persen") and sd.same_satuan("Dok", "dokumen") and sd.same_satuan("Org", "orang")
    assert not sd.same_satuan("Unit", "dokumen")
    assert sd.same("Meningkatnya  kualitas", "meningkatnya kualitas") and sd.same(None, None)
    assert not sd.same(None, "x") and sd.same(["a b c", None], None)


def test_a_wrong_field_is_counted_wrong():
    lab = {"page": 1, "box": "B", "org_unit": "Bidang Cipta Karya", "tier": "ESELON III", "program": None,
           "sasaran": "Meningkatnya Infrastruktur Publik", "indikator": "Panjang jalan", "satuan": "km",
           "targets": {"2022": "5"}, "parent_box": None, "parent_sasaran": None, "parent_indikator": []}
    row = [_record(org_unit="KINERJA UTAMA ESELON III", level="eselon_iii", sasaran=None, indikator="Panjang jalan",
                   satuan="km", year=2022, target=5.0, target_text="5", parent_sasaran="Tujuan")]
    s = sd.DocScore("t", "t.pdf")
    sd.score_fields(s, lab, row, {})
    assert s.right == {"org_unit": 0, "level": 1, "program": 0, "sasaran": 0, "satuan": 1, "target": 1, "parent": 0}
    assert len(s.errors) == 3  # org_unit, sasaran and a parent where the label has none
