"""OCR provenance on records: the words inside a record's box give its confidence, and the
word printing a value gives that value's."""

from kinerja.provenance import mark_ocr_values
from schemas import IndicatorRecord


def _rec(page: int, bbox, target_text: str) -> IndicatorRecord:
    return IndicatorRecord(record_id="r", document_id="d", source_path="x.pdf", indikator="Persentase layanan",
                           target_text=target_text, page=page, bbox=bbox)


def test_values_from_a_scanned_page_carry_the_word_confidence():
    words = {2: [((10, 10, 60, 20), "Persentase", 91.0), ((70, 10, 110, 20), "layanan", 88.0),
                 ((120, 10, 140, 20), "8O,5", 41.0), ((300, 300, 340, 310), "12", 99.0)]}
    scanned, digital = _rec(2, (0, 0, 200, 30), "8O,5"), _rec(1, (0, 0, 200, 30), "80,5")
    assert mark_ocr_values([scanned, digital], words) == 1
    assert scanned.extra["source"] == "ocr" and scanned.extra["target_ocr_conf"] == "41"
    assert scanned.extra["ocr_conf_min"] == "41" and scanned.extra["ocr_conf"] == "73"  # the word outside is not counted
    assert digital.extra == {}
