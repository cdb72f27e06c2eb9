"""Polarity of an indicator: is a higher realisasi better, or lower, or is the target a range?"""

from __future__ import annotations

import re
from typing import Optional

_LOWER = re.compile(
    r"pengangguran|kemiskinan|miskin|kematian|mortalitas|kecelakaan|kasus|stunting|putus sekolah|"
    r"inflasi|gizi buruk|prevalensi|kriminalitas|pelanggaran|kemacetan|banjir|genangan|kerusakan|"
    r"sengketa|perselisihan|pengaduan|tunggakan|temuan|rasio gini|gini|ketimpangan|kumuh|"
    r"waktu tunggu|lama waktu|rata-rata waktu|kawasan kumuh|\baki\b|\bakb\b|\btpt\b|\bdbd\b"
)
# Wording that makes a 'lower' word a goal to raise: "penurunan angka pengangguran" is higher-better.
_INVERT = re.compile(
    r"penurunan|menurunnya|berkurangnya|pengurangan|yang (di)?tangani|yang (di)?selesaikan|"
    r"terselesaikan|penyelesaian|penanganan|tertangani|ditindaklanjuti|dicegah|pencegahan"
)
_RANGE = re.compile(r"^\s*\d[\d.,]*\s*%?\s*(-|–|—|s\.?d\.?|sampai)\s*\d")


def infer_polarity(indikator: Optional[str], target_text: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
    """(polarity, source): source names the evidence, e.g. 'wording:pengangguran'."""
    if target_text and _RANGE.match(target_text):
        return "range", "target:range"
    if not indikator:
        return None, None
    t = indikator.lower()
    m = _LOWER.search(t)
    if m:
        inv = _INVERT.search(t)
        if inv:
            return "higher_is_better", f"wording:{inv.group(0)}"
        return "lower_is_better", f"wording:{m.group(0)}"
    return "higher_is_better", "default"
