"""The report's own kriteria scale: "91% ≤ 100% | Sangat Tinggi", ">90 – 100 | Sangat Baik".

An LKjIP that prints its rating scale is judged by it, so the bands are read as printed: closed
ranges ("91 - 100", "91% ≤ 100%", "76 s.d. 90"), ranges with an open lower end (">90 – 100"),
chained comparisons ("91 ≤ x ≤ 100", "90 < x ≤ 100") and one-sided bands ("<60", "≤ 50 %",
"> 100", "lebih dari 100").
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.extract import ScaleBand
from ingest.extract.tables import TableShape, data_rows
from ingest.layout import Table

_NUM = r"(\d+(?:[.,]\d+)?)"
_LT = {"<": (False,), "≤": (True,), "<=": (True,)}
_GT = {">": (False,), "≥": (True,), ">=": (True,)}
_VAR = r"(?:x|n|nilai|capaian|realisasi|skor)?"
_RANGE = re.compile(rf"^{_NUM}\s*(?:-|s\.?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*{_NUM}$")
_OPEN_RANGE = re.compile(rf"^(>=|>|≥)\s*{_NUM}\s*(?:-|s\.?\s*d\.?|sampai(?:\s+dengan)?)\s*{_NUM}$")
_CHAIN = re.compile(rf"^{_NUM}\s*(<=|<|≤)\s*{_VAR}\s*(<=|<|≤)\s*{_NUM}$")
_PAIR = re.compile(rf"^{_NUM}\s*(<=|<|≤)\s*{_NUM}$")
_UPPER = re.compile(rf"^{_VAR}\s*(<=|<|≤)\s*{_NUM}$")
_LOWER = re.compile(rf"^{_VAR}\s*(>=|>|≥)\s*{_NUM}$")
_WORDS = [
    (re.compile(rf"^(?:lebih\s+dari|di\s*atas|diatas)\s*{_NUM}$"), "gt"),
    (re.compile(rf"^(?:kurang\s+dari|di\s*bawah|dibawah)\s*{_NUM}$"), "lt"),
    (re.compile(rf"^{_NUM}\s*(?:ke\s+atas|keatas)$"), "ge"),
    (re.compile(rf"^{_NUM}\s*(?:ke\s+bawah|kebawah)$"), "le"),
]
_LETTER_GRADE = re.compile(r"^(AA|A|BB|B|CC|C|D|E)$")


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _clean(text: str) -> str:
    t = text.lower().replace("%", " ").replace("–", "-").replace("—", "-").replace("−", "-")
    t = t.replace("=<", "<=").replace("=>", ">=")
    return re.sub(r"\s+", " ", t).strip(" .:")


def parse_band(text: str, label: str = "") -> Optional[ScaleBand]:
    """One printed interval as a band, or None when the text is not an interval."""
    t = _clean(text)
    if m := _RANGE.match(t):
        return ScaleBand(_num(m.group(1)), _num(m.group(2)), label)
    if m := _OPEN_RANGE.match(t):
        return ScaleBand(_num(m.group(2)), _num(m.group(3)), label, low_inclusive=m.group(1) != ">")
    if m := _CHAIN.match(t):
        return ScaleBand(_num(m.group(1)), _num(m.group(4)), label, m.group(2) != "<", m.group(3) != "<")
    if m := _PAIR.match(t):  # "91% ≤ 100%": the band from 91 up to 100
        return ScaleBand(_num(m.group(1)), _num(m.group(3)), label, True, m.group(2) != "<")
    if m := _UPPER.match(t):
        return ScaleBand(None, _num(m.group(2)), label, high_inclusive=m.group(1) != "<")
    if m := _LOWER.match(t):
        return ScaleBand(_num(m.group(2)), None, label, low_inclusive=m.group(1) != ">")
    for pattern, kind in _WORDS:
        if m := pattern.match(t):
            v = _num(m.group(1))
            if kind in ("gt", "ge"):
                return ScaleBand(v, None, label, low_inclusive=kind == "ge")
            return ScaleBand(None, v, label, high_inclusive=kind == "le")
    return None


def scale_bands(table: Table, shape: TableShape) -> list[ScaleBand]:
    """Bands of a scale table: in each row, the cell that reads as an interval, labelled by the
    kriteria column (or the row's other text cell). Letter-grade tables (AA, A, BB: the SAKIP
    evaluation predikat) are not a capaian scale and give no bands."""
    label_cols = [r.index for r in shape.roles if r.role == "kriteria"]
    skip = {r.index for r in shape.roles if r.role == "no"}
    bands: list[ScaleBand] = []
    for mapped in data_rows(table, shape, key="kriteria"):
        band = None
        texts = {i: t for i, t in mapped.cells.items() if t and i not in skip}
        for i, t in texts.items():
            if i not in label_cols and (band := parse_band(t)) is not None:
                break
        if band is None:
            continue
        label = next((texts[i] for i in label_cols if texts.get(i)), None)
        if label is None:
            others = [t for t in texts.values() if parse_band(t) is None]
            label = others[-1] if others else None
        if not label or _LETTER_GRADE.match(label.strip()):
            continue
        band.label = label.strip()
        bands.append(band)
    return bands if len(bands) >= 2 else []
