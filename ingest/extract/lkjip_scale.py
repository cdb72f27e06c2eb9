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
from ingest.layout import Layout, Paragraph, Table

_NUM = r"(\d+(?:[.,]\d+)?)"
_VAR = r"(?:x|n|nilai|capaian|realisasi|skor)?"
_RANGE = re.compile(rf"^{_NUM}\s*(?:-|s\.?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*{_NUM}$")
_OPEN_RANGE = re.compile(rf"^(>=|>|≥)\s*{_NUM}\s*(?:-|s\.?\s*d\.?|sampai(?:\s+dengan)?)\s*{_NUM}$")
_CHAIN = re.compile(rf"^{_NUM}\s*(<=|<|≤)\s*{_VAR}\s*(<=|<|≤)\s*{_NUM}$")
_BOTH_OPEN = re.compile(rf"^(>=|>|≥)\s*{_NUM}\s*-\s*(<=|<|≤)\s*{_NUM}$")  # "> 80 - < 100"
_CHAIN_DOWN = re.compile(rf"^{_NUM}\s*(>=|>|≥)\s*{_VAR}\s*(>=|>|≥)\s*{_NUM}$")  # "100 > nilai > 80"
_UPPER_FIRST = re.compile(rf"^{_NUM}\s*(>=|>|≥)\s*(?:x|n|nilai|capaian|realisasi|skor)$")  # "50 > nilai"
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
    if m := _BOTH_OPEN.match(t):
        return ScaleBand(_num(m.group(2)), _num(m.group(4)), label, m.group(1) != ">", m.group(3) != "<")
    if m := _CHAIN_DOWN.match(t):
        return ScaleBand(_num(m.group(4)), _num(m.group(1)), label, m.group(3) != ">", m.group(2) != ">")
    if m := _UPPER_FIRST.match(t):
        return ScaleBand(None, _num(m.group(1)), label, high_inclusive=m.group(2) != ">")
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


_LIST_ITEM = re.compile(r"^\s*(?:[^\w\s(<>≤≥=]+|\d{1,2}[.)]|[a-e][.)])\s*")
_SEP = re.compile(r"\s*(?::|=|→|\s-\s|–\s|\s–)\s*")
_SCALE_LEAD = re.compile(r"skala|kriteria|kategori|predikat\s+capaian|interpretasi|kualifikasi|pemaknaan|interval", re.I)
_PREFIX = re.compile(r"^[A-Za-z ]{2,30}:\s*(?=[<>≤≥\d])")  # "Persentase : > 100 Sangat baik"
_BAND_THEN_LABEL = re.compile(r"^(.*?[\d%])\s+([A-Za-z][A-Za-z ]{1,30})$")
_LABEL_TEXT = re.compile(r"^[A-Za-z][A-Za-z ]{1,30}$")


def _band_line(text: str) -> Optional[ScaleBand]:
    """'91 - 100 : Sangat Tinggi' or 'Sangat Tinggi = 91 s.d. 100' as one band."""
    t = _PREFIX.sub("", _LIST_ITEM.sub("", text).strip().rstrip(";.,"))
    if (m := re.match(r"^(.+?)\s*\(([A-Za-z][A-Za-z ]{1,30})\)$", t)) and (band := parse_band(m.group(1))):
        band.label = m.group(2).strip()  # "76 – 90 (Tinggi)"
        return band
    for m in _SEP.finditer(t):
        left, right = t[: m.start()].strip(), t[m.end():].strip()
        for band_text, label in ((left, right), (right, left)):
            label = re.sub(r"\s*\(.*\)$", "", label).strip()
            if _LABEL_TEXT.match(label) and (band := parse_band(band_text)) is not None:
                band.label = label
                return band
    if (m := _BAND_THEN_LABEL.match(t)) and (band := parse_band(m.group(1))) is not None:
        band.label = m.group(2).strip()  # "80 – 100 Baik"
        return band
    return None


def paragraph_bands(layout: Layout) -> list[ScaleBand]:
    """A scale printed as a list of lines after a line naming it ('Skala penilaian sebagai berikut:'),
    for reports that print no scale table: three or more consecutive lines that each read as a band."""
    blocks = layout.blocks
    for i, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and _SCALE_LEAD.search(block.text)):
            continue
        bands: list[ScaleBand] = []
        for nxt in blocks[i + 1: i + 10]:
            band = _band_line(nxt.text) if isinstance(nxt, Paragraph) else None
            if band is None:
                break
            bands.append(band)
        if len(bands) >= 3 and not all(_LETTER_GRADE.match(b.label) for b in bands):
            return bands
    return []


def loose_scale(table: Table) -> list[ScaleBand]:
    """A small scale table whose header names no column role ('SKALA NILAI | KATEGORI PENILAIAN'):
    three or more rows of an interval and a label."""
    if len(table.rows) > 14 or not _SCALE_LEAD.search(table.rows[0].source_text):
        return []
    bands: list[ScaleBand] = []
    for row in table.rows[1:]:
        texts = [c.text.strip() for c in row.cells if c.text.strip()]
        texts = [t for t in texts if not re.fullmatch(r"\d{1,2}\.?", t)]  # a row number
        if len(texts) != 2:
            continue
        for band_text, label in (texts, texts[::-1]):
            if _LABEL_TEXT.match(label) and (band := parse_band(band_text)) is not None:
                band.label = label
                bands.append(band)
                break
    return bands if len(bands) >= 3 and not all(_LETTER_GRADE.match(b.label) for b in bands) else []
