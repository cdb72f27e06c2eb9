"""Indonesian numbers as printed: decimal comma or point, thousands dots, percent, Rupiah.

"1.762 Orang" = 1762, "14.000 orang" = 14000, "50.05%" = 50.05, "0,25" = 0.25,
"12.081.204.858" = 12081204858, "Rp. 1.544.000.000,-" = 1544000000. A dot followed by exactly
three digits is a thousands separator in a count or money context and a decimal point in a
percent or score context; where nothing decides, it is read as thousands and the decision is
recorded in `Quantity.note` so it can be reviewed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from normalize.units import DECIMAL_UNITS, canonical_unit, split_unit

_NUM = re.compile(r"[-+−]?\d[\d.,]*(?:\s\d{3}(?![\d.,]))*")
_RUPIAH = re.compile(r"^\s*(?:R[pPnNoO]|Rp)\s*\.?\s*", re.U)
_EMPTY = {"", "-", "–", "—", "n/a", "na", "n.a", "n.a.", "nihil", "tidak ada", "belum ada", "x", "tba"}
PREDIKAT = re.compile(
    r"^(AA|A|BB|B|CC|C|D|WTP|WDP|TW|TMP|Sangat Baik|Baik|Cukup|Kurang|Sangat Kurang|Memuaskan)$", re.I
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: Optional[float]
    unit: Optional[str]
    text: str
    kind: str  # number | percent | money | predikat | text | empty
    rest: str = ""  # what follows the first quantity ("12 LPK 4 BLK" of "80 12 LPK 4 BLK")
    note: Optional[str] = None  # a reading decision worth reviewing
    low: Optional[float] = None  # a range "5-6%": its bounds (value is the low bound)
    high: Optional[float] = None


def parse_number(token: str, *, decimal_context: Optional[bool] = None) -> tuple[Optional[float], Optional[str]]:
    """Parse one numeric token; returns (value, note). `decimal_context` True means a lone
    '.ddd' is a decimal point (percent, score), False means thousands (count, money)."""
    t = token.strip().replace("−", "-").replace(" ", "")
    if not t:
        return None, None
    sign = -1.0 if t.startswith("-") else 1.0
    t = t.lstrip("+-")
    t = re.sub(r",-+$|,?-$", "", t)  # "1.544.000.000,-"
    t = t.rstrip(".,")
    if not t or not t[0].isdigit():
        return None, None
    note = None
    groups = re.split(r"[.,]", t)
    if decimal_context is False and "." in t and "," in t and all(len(g) == 3 for g in groups[1:]):
        t = "".join(groups)  # money "15.199,500,000", "1.579,307,000": every separator groups thousands
    elif "." in t and "," in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        thou = "." if dec == "," else ","
        t = t.replace(thou, "").replace(dec, ".")
    elif "," in t:
        parts = t.split(",")
        if len(parts) > 2 and all(len(p) == 3 for p in parts[1:]):
            t = t.replace(",", "")
        else:
            t = t.replace(",", ".") if len(parts) == 2 else t.replace(",", "")
    elif t.count(".") > 1:
        parts = t.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            t = t.replace(".", "")
        elif len(parts) > 2 and all(len(p) == 3 for p in parts[1:-1]) and len(parts[-1]) == 2:
            t = "".join(parts[:-1]) + "." + parts[-1]  # "549.481.005.00": cents after a dot too
            note = f"'{token.strip()}' read as thousands dots with cents"
        else:  # "1.2.3" is not a number
            return None, None
    elif "." in t:
        head, tail = t.split(".")
        if len(tail) == 3 and head not in ("0", ""):
            if decimal_context is True:
                note = f"'{token.strip()}' read as a decimal ({head}.{tail})"
            else:
                t = head + tail
                if decimal_context is None:
                    note = f"'{token.strip()}' read as thousands ({head}{tail})"
    try:
        return sign * float(t), note
    except ValueError:
        return None, None


def is_empty_value(text: str) -> bool:
    return text.strip().strip("*").strip().lower() in _EMPTY


# One or two words after a number, nothing else: the unit it is counted in.
_PRINTED_UNIT = re.compile(r"[^\W\d_][\w./]*(?:\s[^\W\d_][\w./]*)?", re.U)
_EXPONENT = re.compile(r"(?<![^\W\d_])((?:k|c|d)?m)\s([23])(?=$|\s|/)", re.I)
_RANGE = re.compile(
    r"^(\d[\d.,]*)\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*(\d[\d.,]*)\s*(%|\s[^\W\d_][\w./]*)?$", re.I)
# A grade with the value it stands for: "Level 3 (3,35)", "Nilai A (83)", "B (76.70)", "BB (72,14)".
_GRADED = re.compile(
    r"^(?:(level|nilai|predikat|kategori)\s+)?(?:[A-E][A-E+-]?|(?<=level )\d|[IVX]{1,4})\s*\(\s*([-\d.,]+)\s*\)$", re.I)


def parse_quantity(text: str, *, unit_hint: Optional[str] = None) -> Quantity:
    """Read a printed value cell: '38%', '1000 Orang', '86 Nilai Indeks', 'BB', 'N/A', 'Rp 5.000'.
    A grade printed with its value ('Level 3 (3,35)') is the value in parentheses."""
    raw = text or ""
    s = rejoin_split_number(re.sub(r"\s+", " ", raw).strip())
    if is_empty_value(s):
        return Quantity(None, canonical_unit(unit_hint), raw, "empty")
    if r := _RANGE.match(s):  # "5-6%", "70 s.d. 80 persen": the unit applies to both bounds
        q = parse_quantity(f"{r.group(1)}{r.group(3) or ''}", unit_hint=unit_hint)
        high = parse_quantity(f"{r.group(2)}{r.group(3) or ''}", unit_hint=unit_hint).value
        if q.value is not None and high is not None:
            return Quantity(q.value, q.unit, raw, q.kind, note=q.note, low=q.value, high=high)
    if g := _GRADED.match(s):
        value, note = parse_number(g.group(2), decimal_context=True)
        unit = canonical_unit(unit_hint) or (g.group(1) or "nilai").lower()
        return Quantity(value, unit, raw, "number" if value is not None else "text", note=note)
    if PREDIKAT.match(s):
        return Quantity(None, canonical_unit(unit_hint) or "predikat", raw, "predikat")
    money = bool(_RUPIAH.match(s)) and bool(re.match(r"^\s*R[pnoPNO]\s*\.?\s*\d", s))
    body = _RUPIAH.sub("", s) if money else s
    lead_unit, body = split_unit(body)
    m = _NUM.search(body)
    if not m:
        return Quantity(None, canonical_unit(unit_hint or lead_unit), raw, "text")
    before = body[: m.start()].strip()
    after = body[m.end():].strip()
    after = _EXPONENT.sub(r"\1\2", after)  # "Miliar m 3": the text layer parts a superscript from its unit
    percent = after.startswith("%")
    if percent:
        after = after[1:].strip()
    if _PRINTED_UNIT.fullmatch(after) and not PREDIKAT.match(after):  # "64 PKM", "5 meter kubik": the unit as printed
        tail_unit, after_rest = canonical_unit(after), ""
    else:
        tail_unit, after_rest = split_unit(after)
    unit = "rupiah" if money else ("persen" if percent else canonical_unit(tail_unit or lead_unit or unit_hint))
    decimal_ctx: Optional[bool]
    if money:
        decimal_ctx = False
    elif unit in DECIMAL_UNITS:
        decimal_ctx = True
    elif unit is not None:
        decimal_ctx = False
    else:
        decimal_ctx = None
    value, note = parse_number(m.group(0), decimal_context=decimal_ctx)
    if value is None:
        return Quantity(None, unit, raw, "text")
    kind = "money" if money else ("percent" if unit == "persen" else "number")
    rest = " ".join(x for x in (before if before not in ("(", "±") else "", after_rest) if x).strip(" ,;-")
    return Quantity(value, unit, raw, kind, rest=rest, note=note)


_SCALE = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
_SCALED = re.compile(r"^\s*(ribu|juta|miliar|milyar|triliun)\b", re.I)


# A money cell holding "1 330.965.360": the digits before the space cannot be an amount of their
# own in the cell, so the space stands for the group separator the groups after it use ("0 309.639.503",
# two rows' cells read as one, is two amounts: a number never starts with a 0 group).
_LOST_SEPARATOR = re.compile(r"((?:Rp\.?\s*)?)([1-9]\d{0,2}) (\d{3})(([.,])\d{3}(?:\5\d{3})*)((?:,-|[.,]00)?)", re.I)


def parse_rupiah(text: str) -> Quantity:
    """Money cells: 'Rp 2.526.926.600', '11.973.794.858', 'Rp. 1.544.000.000,-', and amounts in a
    printed scale: 'Rp 1,2 miliar', '1.234,5 juta' (a 'Rp (juta)' column's cells come so)."""
    s = rejoin_split_number(re.sub(r"\s+", " ", text or "").strip())
    if m := _LOST_SEPARATOR.fullmatch(s):  # 'Rp 1 330.965.360': one amount whose first separator was read as a space
        s = f"{m.group(1)}{m.group(2)}{m.group(5)}{m.group(3)}{m.group(4)}{m.group(6)}"
    if is_empty_value(s):
        return Quantity(None, "rupiah", text, "empty")
    body = _RUPIAH.sub("", s)
    m = _NUM.search(body)
    if not m:
        return Quantity(None, "rupiah", text, "text")
    scale = _SCALED.match(body[m.end():])
    value, note = parse_number(m.group(0), decimal_context=None if scale else False)
    if scale and value is not None and value >= 1e7:  # "48.114.709.000" under "Rp (juta)": printed in rupiah
        note = f"'{m.group(0)}' is already in rupiah; its '{scale.group(1)}' scale not applied"
    elif scale and value is not None:
        value = round(value * _SCALE[scale.group(1).lower()], 2)
    return Quantity(value, "rupiah", text, "money" if value is not None else "text", note=note)


# "1,584,085, 700", "3.600. 000.000": a grouped number cut by a stray space after a separator.
_SPLIT_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:([.,])\d{3})+)\2\s+(\d{3}(?:\2\d{3})*)(?![\d.,]*\d)")
_SPLIT_ONCE = re.compile(r"(?<![\d.,])(\d{1,3})([.,])\s+(\d{3}(?:\2\d{3})+)(?![\d.,]*\d)")


def rejoin_split_number(text: str) -> str:
    """Put back together a number a stray space split after a thousands separator: the groups on
    both sides are three digits and use the same separator, so the space cannot part two numbers."""
    t = _SPLIT_NUMBER.sub(r"\1\2\3", text)
    return _SPLIT_ONCE.sub(r"\1\2\3", t)


def parse_percent(text: str) -> Quantity:
    """Capaian-like cells where a bare number is a percent: '131.71%', '100', '92,5'."""
    q = parse_quantity(text, unit_hint="persen")
    if q.value is not None and q.unit in (None, "persen"):
        return Quantity(q.value, "persen", q.text, "percent", q.rest, q.note)
    return q
