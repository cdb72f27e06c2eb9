"""Arithmetic the document writes out itself, reported under rule `sums`:

- a calculation written inside a cell ('400 + 601 = 1.011', '1.001 : 2.000 x 100 = 50,05'):
  redone over the interval each printed figure stands for;
- a growth column ('Percepatan', 'Pertumbuhan', 'Kenaikan') between two years' figures: the
  formula most rows follow ((b − a) / a × 100, or b − a in points) decides; rows off it are
  errors, and a lone row is an error only when no formula gives its figure.
"""

from __future__ import annotations

import itertools
import re
from typing import Optional

from ingest.layout import Row, Table
from normalize.numbers import parse_number
from schemas import Evidence, Finding
from validate.context import Context
from validate.printed import Printed, decimals_of_text, fmt, overlaps, printed
from validate.report import say, text_finding

_TOKEN = r"\d[\d.,]*\d|\d"
_CALC = re.compile(rf"^\s*(?P<expr>(?:{_TOKEN})(?:\s*[-+x×*:/÷]\s*(?:{_TOKEN}))+)\s*=\s*(?P<res>{_TOKEN})\s*%?\s*$", re.I)
_OPS = re.compile(r"\s*([-+x×*:/÷])\s*", re.I)


def _readings(token: str) -> list[Printed]:
    """The values a printed figure may be: '1.011' is a thousand and eleven or 1.011."""
    out: list[Printed] = []
    for decimal in (False, True):
        v = parse_number(token, decimal_context=decimal)[0]
        if v is not None and all(abs(v - p.value) > 1e-9 for p in out):
            p = Printed(v, decimals_of_text(token, v))
            out.append(Printed(v, 9) if p.decimals == 0 else p)  # a whole number in a calculation is exact
    return out


def _eval(values: list[float], ops: list[str]) -> Optional[float]:
    """Left to right with × and ÷ before + and −."""
    terms: list[float] = [values[0]]
    signs: list[str] = []
    for op, v in zip(ops, values[1:]):
        if op in "x×*":
            terms[-1] *= v
        elif op in ":/÷":
            if v == 0:
                return None
            terms[-1] /= v
        else:
            signs.append(op)
            terms.append(v)
    total = terms[0]
    for s, t in zip(signs, terms[1:]):
        total = total + t if s == "+" else total - t
    return total


def _range(operands: list[Printed], ops: list[str]) -> Optional[tuple[float, float, float]]:
    """(low, high, point) of the expression over every corner of its operands' intervals."""
    point = _eval([p.value for p in operands], ops)
    if point is None:
        return None
    corners = [v for combo in itertools.product(*(p.rounded() for p in operands)) if (v := _eval(list(combo), ops)) is not None]
    return min(corners), max(corners), point


def check_cell(text: str) -> Optional[tuple[str, float]]:
    """(printed result, what the calculation gives) when a cell's written calculation is wrong."""
    m = _CALC.match(text)
    if not m:
        return None
    parts = _OPS.split(m.group("expr").strip())
    tokens, ops = parts[0::2], parts[1::2]
    if len(tokens) > 6:
        return None
    options = [_readings(t) for t in tokens]
    results = _readings(m.group("res"))
    if not results or any(not o for o in options):
        return None
    best: Optional[float] = None
    for combo in itertools.product(*options):
        rng = _range(list(combo), ops)
        if rng is None:
            continue
        for res in results:
            if overlaps(rng[:2], res.rounded()) or overlaps(rng[:2], res.truncated()):
                return None  # a result cut rather than rounded is not a slip
        if best is None:
            best = rng[2]
    return (m.group("res"), best) if best is not None else None


def _cells(ctx: Context):
    if ctx.layout is None:
        return
    for table in ctx.layout.tables():
        for i, row in enumerate(table.rows):
            for cell in row.cells:
                yield table, i, row, cell


def check_cell_arithmetic(ctx: Context) -> list[Finding]:
    out = []
    lang = ctx.lang
    for table, i, row, cell in _cells(ctx):
        wrong = check_cell(cell.text)
        if wrong is None:
            continue
        stated, value = wrong
        label = next((c.text.strip() for c in row.cells if re.search(r"[A-Za-z]{3,}", c.text)), "")
        msg = say(
            lang,
            f"Perhitungan dalam sel '{cell.text.strip()}' salah: hasilnya {fmt(value, 2)}, bukan {stated} — "
            f"hlm. {row.page}, baris {row.line}.",
            f"The calculation written in the cell '{cell.text.strip()}' is wrong: it gives {fmt(value, 2)}, not "
            f"{stated} — p. {row.page}, line {row.line}.",
        )
        out.append(text_finding(ctx, "sums", "error", page=row.page, line=row.line, source_text=row.source_text,
                                message=msg, stated=stated, expected=fmt(value, 2), table_index=table.index,
                                row_index=i, names={"uraian": label} if label else None,
                                figures=[Evidence(page=row.page, bbox=cell.bbox, text=cell.text.strip(), role="calculation")]))
    return out


_GROWTH = re.compile(r"\b(percepatan|pertumbuhan|kenaikan|laju|perubahan|peningkatan)\b", re.I)
_YEAR_COL = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_SUMMARY = re.compile(r"^(rata-?\s?rata|jumlah|total)\b", re.I)
_FIG = re.compile(r"^\s*[-+−]?\s*\d[\d.,]*\s*%?\s*$")

_FORMS = {
    "pct": ("(b − a) / a × 100", lambda a, b: (b - a) / a * 100 if a else None),
    "points": ("b − a", lambda a, b: b - a),
}


def _growth_columns(table: Table) -> Optional[tuple[int, int, int, int]]:
    """(header row, older year col, newer year col, growth col) of a table with a growth column."""
    for h, row in enumerate(table.rows[:4]):
        texts = [c.text for c in row.cells]
        growth = [k for k, t in enumerate(texts) if _GROWTH.search(t) and not _YEAR_COL.search(t)]
        years = [(int(m.group(1)), k) for k, t in enumerate(texts) if (m := _YEAR_COL.search(t)) and not _GROWTH.search(t)]
        if len(growth) == 1 and len({y for y, _ in years}) >= 2:
            years.sort()
            (_, a), (_, b) = years[-2], years[-1]
            if a < b < growth[0]:
                return h, a, b, growth[0]
    return None


def _value(text: str) -> Optional[Printed]:
    if not _FIG.match(text):
        return None
    t = text.replace("−", "-").replace(" ", "")
    v = parse_number(t.lstrip("+-").rstrip("%"), decimal_context=True)[0]
    if v is None:
        return None
    return printed(-v if t.startswith("-") else v, t)


def check_growth(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if ctx.layout is None:
        return out
    lang = ctx.lang
    for table in ctx.layout.tables():
        cols = _growth_columns(table)
        if cols is None:
            continue
        h, ca, cb, cg = cols
        rows = []
        for i, row in enumerate(table.rows[h + 1:], start=h + 1):
            if len(row.cells) <= cg:
                continue
            if any(_SUMMARY.match(c.text.strip()) for c in row.cells):
                continue  # an average or total row: the growth of averages is not the average growth
            a, b, g = (_value(row.cells[k].text) for k in (ca, cb, cg))
            if a is None or b is None or g is None:
                continue
            fits = set()
            for name, (_, fn) in _FORMS.items():
                lo_hi = [fn(x, y) for x in a.rounded() for y in b.rounded()]
                if any(v is None for v in lo_hi):
                    continue
                if overlaps((min(lo_hi), max(lo_hi)), g.rounded()):
                    fits.add(name)
            rows.append((i, row, a, b, g, fits))
        if not rows:
            continue
        counts = {name: sum(name in f for *_, f in rows) for name in _FORMS}
        best = max(counts, key=lambda name: counts[name])
        if len(rows) >= 2 and counts[best] * 2 <= len(rows):
            continue  # no formula explains most rows: the columns are not what they seem
        for i, row, a, b, g, fits in rows:
            if (len(rows) >= 2 and best in fits) or (len(rows) == 1 and fits):
                continue
            label, fn = _FORMS[best]
            exp = fn(a.value, b.value)
            if exp is None:
                continue
            msg = say(
                lang,
                f"Kolom percepatan {row.cells[cg].text.strip()} tidak sesuai dengan {row.cells[ca].text.strip()} → "
                f"{row.cells[cb].text.strip()}: {label} = {fmt(exp)} — hlm. {row.page}, baris {row.line}.",
                f"The growth figure {row.cells[cg].text.strip()} does not follow from {row.cells[ca].text.strip()} → "
                f"{row.cells[cb].text.strip()}: {label} = {fmt(exp)} — p. {row.page}, line {row.line}.",
            )
            name = next((c.text.strip() for c in row.cells if re.search(r"[A-Za-z]{3,}", c.text)), "")
            out.append(text_finding(
                ctx, "sums", "error", page=row.page, line=row.line, source_text=row.source_text, message=msg,
                indikator=name or None, stated=row.cells[cg].text.strip(), expected=fmt(exp), table_index=table.index,
                row_index=i, figures=[Evidence(page=row.page, bbox=row.cells[k].bbox, text=row.cells[k].text.strip(), role=r)
                                      for k, r in ((ca, "part"), (cb, "part"), (cg, "growth"))]))
    return out
