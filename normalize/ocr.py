"""OCR repair of printed numbers, each repair named so it can be recorded as a Correction.

OCR reads a percent sign as '9', '6' or '°' ("859" for "85%", "6 90°" for "90%"), Cyrillic
letters for Latin ones ("Тф. 2.100.000"), 'O' for '0' and 'l' for '1'. A repair is made only
where it is unambiguous: homoglyphs only inside a token that already holds digits, a Rupiah
prefix only before a number grouped like money, and a percent sign only when the other cells of
the same row are clean percents and the repaired value fits among them. Anything else is left
as printed for a person to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

# Cyrillic and Greek capitals and small letters that OCR returns for Latin ones.
_LOOKALIKE = str.maketrans(
    "АВЕКМНОРСТХаеорсухіІΑΒΕΚΜΝΟΡΤΧορ",
    "ABEKMHOPCTXaeopcyxiIABEKMNOPTXop",
)
_DIGITISH = re.compile(r"(?<![^\W\d_])[\dOoIl](?:[\dOoIl]|[.,](?=[\dOoIl]))*(?![^\W\d_])")
_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
_MONEY_BODY = r"\d{1,3}(?:[.,]\s?\d{3}){1,}(?:,-+|,00)?"
_ODD_PREFIX = re.compile(r"^\s*([^\W\d_]{1,3})\s*[.,:]?\s*(" + _MONEY_BODY + r")\s*$")
_RP = re.compile(r"^R[pPnNoO]$")
_PCT_AROUND = re.compile(r"^\s*(?:[%6]\s+)?(\d{1,3}(?:[.,]\d{1,2})?)\s*[°%]\s*$")
_PCT_TRAILING_DIGIT = re.compile(r"^\s*(\d{2})([96])\s*$")
_CLEAN_PCT = re.compile(r"^\s*\d{1,3}(?:[.,]\d{1,2})?\s*%\s*$")


@dataclass(frozen=True, slots=True)
class Repair:
    text: str  # the text to parse instead of the printed one
    rule: str  # ocr_homoglyph | ocr_rupiah_prefix | ocr_percent_sign
    score: Optional[float] = None


def fix_homoglyphs(text: str) -> Optional[Repair]:
    """Look-alike letters inside numbers: '1O0' -> '100', '2.5ОО' (Cyrillic) -> '2.500'. Letters
    outside numbers are left as printed (a mangled 'Rp' is fix_rupiah_prefix's business)."""
    if not text or not any(c.isdigit() for c in text):
        return None
    latin = text.translate(_LOOKALIKE)  # one character for one, so spans line up with `text`
    out, pos = [], 0
    for m in _DIGITISH.finditer(latin):
        tok = m.group(0)
        if any(c.isdigit() for c in tok):
            out.append(text[pos:m.start()])
            out.append(tok.translate(_DIGIT_FOR))
            pos = m.end()
    out.append(text[pos:])
    fixed = "".join(out)
    return Repair(fixed, "ocr_homoglyph") if fixed != text else None


def fix_rupiah_prefix(text: str, *, money_column: bool) -> Optional[Repair]:
    """'Тф. 2.100.000' -> 'Rp 2.100.000'. In a money column any short prefix before a
    money-grouped number is the Rupiah sign; elsewhere only a non-Latin one (OCR of 'Rp')."""
    m = _ODD_PREFIX.match(text or "")
    if not m or _RP.match(m.group(1)):
        return None
    prefix = m.group(1)
    if not money_column and prefix.isascii():
        return None
    return Repair(f"Rp {m.group(2)}", "ocr_rupiah_prefix")


def _pct_value(text: str) -> float:
    return float(text.strip().rstrip("%").strip().replace(",", "."))


def fix_percent_sign(text: str, siblings: Sequence[str]) -> Optional[Repair]:
    """'859' -> '85%', '6 90°' -> '90%', '% 95%' -> '95%' when the row's other cells are percents.

    Needs at least two clean percent siblings; a trailing 9/6 read is accepted only when the
    printed number is impossible as a percent (over 100) and the repaired one lies within 20
    points of the siblings' range.
    """
    if not text or _CLEAN_PCT.match(text):
        return None
    clean = [_pct_value(s) for s in siblings if s and _CLEAN_PCT.match(s)]
    if len(clean) < 2:
        return None
    lo, hi = min(clean), max(clean)
    m = _PCT_AROUND.match(text)
    if m:
        value = float(m.group(1).replace(",", "."))
        if value <= 100 or hi > 100:
            return Repair(f"{m.group(1)}%", "ocr_percent_sign")
        return None
    m = _PCT_TRAILING_DIGIT.match(text)
    if m:
        value = float(m.group(1))
        if hi <= 100 and lo - 20 <= value <= hi + 20:
            return Repair(f"{m.group(1)}%", "ocr_percent_sign", score=0.9)
    return None
