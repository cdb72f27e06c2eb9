"""A grade printed with its value ('Level 3 (3,35)') checked against the capaian the document prints.

The value in parentheses is read by default (`numbers.parse_quantity`): documents usually compute
capaian from it. Where the printed capaian fits the grade's own number instead ('Level 3 (3,35)'
against a target 'Level 3' and a capaian of 100 %), the document computed with the grade, so that
reading is taken and recorded as a Correction (rule 'grade_value').
"""

from __future__ import annotations

import re
from itertools import product
from typing import Optional

from normalize.numbers import parse_number
from schemas import Correction

# "Level 3 (3,35)", "Tingkat 2 (2,4)": a grade that is itself a number, with a value beside it
_NUMERIC_GRADE = re.compile(r"^\s*(?:level|tingkat|skala)\s+(\d+(?:[.,]\d+)?)\s*\(\s*[-\d.,]+\s*\)\s*$", re.I)


def _fits(capaian: float, target: float, realisasi: float) -> bool:
    if not target or not realisasi:
        return False
    tol = max(0.5, 0.005 * abs(capaian))
    return any(abs(capaian - c) <= tol for c in (realisasi / target * 100, target / realisasi * 100))


def _readings(text: Optional[str], value: Optional[float]) -> list[Optional[float]]:
    """The default reading first, then the grade's own number when the cell prints one."""
    out = [value]
    if text and (m := _NUMERIC_GRADE.match(text)):
        grade, _ = parse_number(m.group(1), decimal_context=True)
        if grade is not None and grade != value:
            out.append(grade)
    return out


def check_grades(
    target_text: Optional[str], target: Optional[float],
    realisasi_text: Optional[str], realisasi: Optional[float],
    capaian: Optional[float], corrections: list[Correction],
) -> tuple[Optional[float], Optional[float]]:
    """(target, realisasi) as the printed capaian computes them; unchanged unless a grade's own
    number fits the capaian and the value in parentheses does not."""
    if capaian is None or target is None or realisasi is None:
        return target, realisasi
    if not (_NUMERIC_GRADE.match(target_text or "") or _NUMERIC_GRADE.match(realisasi_text or "")):
        return target, realisasi
    if _fits(capaian, target, realisasi):
        return target, realisasi
    for t, r in product(_readings(target_text, target), _readings(realisasi_text, realisasi)):
        if (t, r) != (target, realisasi) and t is not None and r is not None and _fits(capaian, t, r):
            for field, text, before, after in (("target", target_text, target, t), ("realisasi", realisasi_text, realisasi, r)):
                if before != after:
                    corrections.append(Correction(field=field, from_=(text or "").strip(), to=f"{after:g}",
                                                  rule="grade_value", score=1.0))
            return t, r
    return target, realisasi
