"""Printed figures as intervals (the XBRL Calculations 1.1 idea): "50.05" stands for any value in
[50.045, 50.055], a truncated "50.05" for [50.05, 50.06). Two figures disagree only when no values
inside their intervals can agree, so a rounding a document is entitled to never becomes a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, overload

_TOKEN = re.compile(r"\d[\d.,]*")
EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Printed:
    """A printed number: its value and how many decimals were printed."""

    value: float
    decimals: int

    @property
    def unit(self) -> float:
        return 10.0 ** -self.decimals

    def rounded(self) -> tuple[float, float]:
        h = self.unit / 2
        return self.value - h - EPS, self.value + h + EPS

    def truncated(self) -> tuple[float, float]:
        """Interval of a truncated figure (for a positive value: [v, v + unit])."""
        if self.value >= 0:
            return self.value - EPS, self.value + self.unit + EPS
        return self.value - self.unit - EPS, self.value + EPS

    def show(self) -> str:
        return fmt(self.value, self.decimals)


def decimals_of_value(value: float, max_decimals: int = 4) -> int:
    """Fewest decimals that reproduce `value`; used when the printed text is not known (lenient)."""
    for d in range(max_decimals + 1):
        if abs(round(value, d) - value) < 1e-9 * max(1.0, abs(value)):
            return d
    return max_decimals


def decimals_of_text(text: Optional[str], value: float) -> int:
    """Decimals printed in `text` for the parsed `value`: "80,30" -> 2, "1.762" (thousands) -> 0."""
    if text:
        for token in _TOKEN.findall(text):
            digits = re.sub(r"\D", "", token)
            if not digits:
                continue
            n = int(digits)
            for d in range(0, min(len(digits), 7)):
                if abs(abs(value) * 10**d - n) < 1e-6 * max(1.0, n):
                    return d
    return decimals_of_value(value)


@overload
def printed(value: float, text: Optional[str] = None) -> Printed: ...
@overload
def printed(value: Optional[float], text: Optional[str] = None) -> Optional[Printed]: ...
def printed(value: Optional[float], text: Optional[str] = None) -> Optional[Printed]:
    """None only for a None value (the overloads say so to the type checker)."""
    if value is None:
        return None
    return Printed(value, decimals_of_text(text, value))


def money(value: float, text: Optional[str] = None) -> Printed:
    """Rupiah printed to the rupiah are exact: a budget must add up to the rupiah."""
    p = Printed(value, decimals_of_text(text, value))
    return Printed(value, 9) if p.decimals == 0 else p


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def interval_sum(parts: Iterable[Printed]) -> tuple[float, float]:
    lo = hi = 0.0
    for p in parts:
        a, b = p.rounded()
        lo, hi = lo + a, hi + b
    return lo, hi


def ratio_range(num: Printed, den: Printed) -> Optional[tuple[float, float]]:
    """Range of num / den × 100 over both rounding intervals (den must stay positive)."""
    n_lo, n_hi = num.rounded()
    d_lo, d_hi = den.rounded()
    if d_lo <= 0:
        return None
    cands = [n_lo / d_lo, n_lo / d_hi, n_hi / d_lo, n_hi / d_hi]
    return min(cands) * 100, max(cands) * 100


def fmt(value: float, decimals: int = 2) -> str:
    """A number the way reports print it: '131.71', '12.081.204.858' for money-sized integers."""
    if decimals == 0 and abs(value) >= 1000:
        return f"{round(value):,}".replace(",", ".")
    return f"{value:.{decimals}f}"


def show_decimals(p: Optional[Printed], default: int = 2) -> int:
    """Decimals to show an expected value with: as many as printed, at least the default."""
    return max(default, p.decimals) if p else default
