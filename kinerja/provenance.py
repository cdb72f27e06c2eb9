"""Which values were read by OCR, and how sure the engine was of them.

A record from a scanned page carries `extra["source"] = "ocr"`, the mean and lowest confidence
(0-100) of the OCR words inside its box (`ocr_conf`, `ocr_conf_min`), and, for each printed
number field (target, realisasi, capaian, anggaran, ...), the confidence of the word that holds
it (`<field>_ocr_conf`), so an auditor can check the doubtful ones against the page image.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

BBox = tuple[float, float, float, float]
Words = dict[int, list[tuple[BBox, str, float]]]

VALUE_FIELDS = ("target", "realisasi", "capaian", "anggaran", "persen")
_NUMBER = re.compile(r"\d[\d.,]*")


def _inside(word: BBox, box: BBox, slack: float = 1.0) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return box[0] - slack <= cx <= box[2] + slack and box[1] - slack <= cy <= box[3] + slack


def _value_conf(text: Optional[str], words: list[tuple[BBox, str, float]]) -> Optional[float]:
    """The confidence of the word(s) printing a value's first number, the lowest if several."""
    m = _NUMBER.search(text or "")
    if m is None:
        return None
    digits = re.sub(r"\D", "", m.group())
    confs = [c for _, t, c in words if digits and digits in re.sub(r"\D", "", t)]
    return min(confs) if confs else None


def mark_ocr_values(records: Iterable, words: Words) -> int:
    """Set the OCR provenance on every record printed on a scanned page; how many were marked."""
    n = 0
    for r in records:
        page_words = words.get(getattr(r, "page", None) or -1)
        if not page_words:
            continue
        box = getattr(r, "bbox", None)
        inside = [w for w in page_words if box is None or _inside(w[0], tuple(box))]
        r.extra["source"] = "ocr"
        if inside:
            confs = [c for _, _, c in inside]
            r.extra["ocr_conf"] = f"{sum(confs) / len(confs):.0f}"
            r.extra["ocr_conf_min"] = f"{min(confs):.0f}"
        for name in VALUE_FIELDS:
            text = getattr(r, f"{name}_text", None)
            conf = _value_conf(text, inside) if text else None
            if conf is not None:
                r.extra[f"{name}_ocr_conf"] = f"{conf:.0f}"
        n += 1
    return n
