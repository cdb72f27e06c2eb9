"""Reading a printed value with its neighbours: OCR repair, then the thousands-or-decimal choice.

A lone '4.250' is 4250 in a column of counts and 4.25 in a column of scores. When the unit does
not decide, the other cells of the same row (other years, target beside realisasi) do: a
neighbour printed '3.75' or '86,5' shows how this document writes decimals, a neighbour
'12.500.000' or '1250' shows the column holds large whole numbers. The decision is returned so
the caller records it (rule 'number_reading').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from normalize.numbers import Quantity, parse_number, parse_quantity, parse_rupiah
from normalize.ocr import fix_homoglyphs, fix_percent_sign, fix_rupiah_prefix
from schemas import Correction

_AMBIGUOUS = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])")
_DOT_DECIMAL = re.compile(r"(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])")
_COMMA_DECIMAL = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d.,])")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_PLAIN = re.compile(r"(?<![\d.,])\d+(?![\d.,])")


def dot_is_decimal(neighbours: Sequence[str]) -> tuple[Optional[bool], str]:
    """(True if '.ddd' is a decimal point here, False if thousands, None if undecided; reason)."""
    texts = [n for n in neighbours if n]
    if any(_DOT_DECIMAL.search(n) for n in texts):
        return True, "a neighbour writes a decimal point"
    if any(_COMMA_DECIMAL.search(n) or _GROUPED.search(n) for n in texts):
        return False, "a neighbour writes a decimal comma or thousands groups"
    plain = [float(m.group(0)) for n in texts for m in _PLAIN.finditer(n) if not _AMBIGUOUS.search(n)]
    if plain and max(plain) >= 1000:
        return False, "neighbours are whole numbers over 1000"
    if len(plain) >= 2 and max(plain) < 100:
        return True, "neighbours are small numbers"
    return None, ""


_COMMA_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,])")
_DOT_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,])")
_COMMA_GROUPS_ONLY = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d.,])")


def document_decimal(texts: Sequence[str]) -> tuple[Optional[str], str]:
    """The decimal separator a document (or sheet) writes, from its unambiguous value cells: '5.7'
    or '1,234,567' say '.', '12,5' or '1.234.567' say ','. None when the document shows both."""
    dot = sum(len(_DOT_DECIMAL.findall(t)) + len(_COMMA_GROUPS_ONLY.findall(t)) for t in texts if t)
    comma = sum(len(_COMMA_DECIMAL.findall(t)) + len(_DOT_GROUPED.findall(t)) for t in texts if t)
    if dot and not comma:
        return ".", f"the document writes decimals with a point ({dot} cells)"
    if comma and not dot:
        return ",", f"the document writes decimals with a comma ({comma} cells)"
    return None, ""


def table_decimals(tables: Sequence[tuple[object, Sequence[str]]]) -> list[tuple[Optional[str], str]]:
    """The decimal separator of each row's table: (table key, value cells) in, one decision per row
    out. A table whose unambiguous cells all agree decides for its own rows, even where another
    table of the same document writes the other way ('0,79' in one table, '185.80' in the next);
    an undecided table, and a row outside any table (key None), takes the document's decision."""
    document = document_decimal([t for _key, texts in tables for t in texts])
    cells: dict[object, list[str]] = {}
    for key, texts in tables:
        cells.setdefault(key, []).extend(texts)
    own: dict[object, tuple[Optional[str], str]] = {}
    for key, texts in cells.items():
        sep, reason = document_decimal(texts)
        own[key] = (sep, reason.replace("the document", "its table")) if sep and key is not None else document
    return [own[key] for key, _texts in tables]


def _correction(field: str, before: str, after: str, rule: str, score: Optional[float]) -> Correction:
    return Correction(field=field, from_=before.strip(), to=after.strip(), rule=rule, score=score)


@dataclass(slots=True)
class Reader:
    """Reads the value cells of one record, appending a Correction for every repair or decision."""

    corrections: list[Correction]
    decimal: Optional[str] = None  # the document's decimal separator (document_decimal), when decided
    decimal_reason: str = ""

    def _repaired(self, field: str, text: str, *, money: bool, siblings: Sequence[str]) -> str:
        for fix in (
            fix_homoglyphs(text),
            fix_rupiah_prefix(text, money_column=money),
            None if money else fix_percent_sign(text, siblings),
        ):
            if fix is not None:
                self.corrections.append(_correction(field, text, fix.text, fix.rule, fix.score))
                text = fix.text
        return text

    def quantity(
        self, field: str, text: Optional[str], unit_hint: Optional[str] = None, siblings: Sequence[str] = ()
    ) -> Quantity:
        printed = text or ""
        fixed = self._repaired(field, printed, money=False, siblings=siblings)
        q = parse_quantity(fixed, unit_hint=unit_hint)
        if self.decimal == "." and q.value is not None and q.kind != "money" and (m := _COMMA_GROUPED.search(fixed)) \
                and "." not in m.group(0):  # "2,000" in a document that writes "5.7": two thousand
            value = float(m.group(0).replace(",", ""))
            if value != q.value:
                note = f"{printed.strip()!r}: {self.decimal_reason}"
                self.corrections.append(_correction(field, printed, f"{value:g}", "decimal_separator", 1.0))
                return Quantity(value, q.unit, printed, q.kind, q.rest, note)
        if q.note and "thousands" in q.note:  # neither the unit nor the cell decided
            decimal, reason = dot_is_decimal([s for s in siblings if s != printed])
            if self.decimal is not None:
                decimal, reason = self.decimal == ".", self.decimal_reason
            if decimal is not None:
                m = _AMBIGUOUS.search(fixed)
                reread, _ = parse_number(m.group(0), decimal_context=decimal) if m else (q.value, None)
                q = Quantity(reread, q.unit, printed, q.kind, q.rest, f"{printed.strip()!r}: {reason}")
                self.corrections.append(_correction(field, printed, f"{reread:g}", "number_reading", 1.0))
                return q
        if q.note:
            self.corrections.append(_correction(field, printed, f"{q.value:g}", "number_reading", 0.5))
        if fixed != printed:
            q = Quantity(q.value, q.unit, printed, q.kind, q.rest, q.note)
        return q

    def percent(self, field: str, text: Optional[str], siblings: Sequence[str] = ()) -> Quantity:
        """Capaian-like cells, where a bare number is a percent."""
        q = self.quantity(field, text, "persen", siblings)
        if q.value is not None and q.unit in (None, "persen"):
            return Quantity(q.value, "persen", q.text, "percent", q.rest, q.note)
        return q

    def money(self, field: str, text: Optional[str]) -> Quantity:
        printed = text or ""
        fixed = self._repaired(field, printed, money=True, siblings=())
        q = parse_rupiah(fixed)
        if q.note:
            self.corrections.append(_correction(field, printed, f"{q.value:g}", "number_reading", 0.5))
        return Quantity(q.value, q.unit, printed, q.kind, q.rest, q.note)
