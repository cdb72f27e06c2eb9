"""Rule `capaian`: the printed capaian recomputed from the printed target and realisasi.

Higher-is-better: realisasi / target × 100. Lower-is-better: target / realisasi × 100 or the
"reflection" (2 × target − realisasi) / target × 100, both in use; the message names the form the
document used. Every figure is the interval its printed precision implies; a capaian that only a
truncation explains is an `info`, one that no form explains is an `error` with the expected value.
A document that computed with the other polarity's formula gets an `error` when the indicator's
own words leave no doubt ('angka kematian', 'pengangguran', a Polaritas column), else an `info`,
since a weaker cue may be wrong. Over-achievement is not an error. A capaian printed in brackets
after the realisasi ('60,5 (108,03%)') is checked as a capaian of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from normalize.numbers import PREDIKAT, parse_quantity
from normalize.units import DECIMAL_UNITS
from ingest.extract.tables import shape_of
from ingest.layout import Table
from schemas import Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.printed import Printed, fmt, overlaps, printed, ratio_range
from validate.report import finding, merged_cell, say, where

_RANGE = re.compile(r"(\d[\d.,]*)\s*%?\s*(?:-|–|—|s\.?d\.?|sampai)\s*(\d[\d.,]*)")
_RANKS = [
    ["aa", "a", "bb", "b", "cc", "c", "d"],
    ["wtp", "wdp", "tw", "tmp"],
    ["sangat baik", "baik", "cukup", "kurang", "sangat kurang"],
]
CLAMP = 200.0  # apps cap capaian at 200 %

FORM_NAMES = {
    "r/t": ("realisasi/target × 100", "realisasi/target × 100"),
    "t/r": ("target/realisasi × 100", "target/realisasi × 100"),
    "2t-r": ("(2 × target − realisasi)/target × 100", "(2 × target − realisasi)/target × 100"),
    "range": ("terhadap rentang target", "against the target range"),
}


@dataclass(slots=True)
class Form:
    name: str
    lo: float
    hi: float
    point: float


_NUMBERS = re.compile(r"(?<![\d.,])\d[\d.,]*")


def as_target(value: float, text: Optional[str]) -> Printed:
    """A target is set, not measured: "2.5%" means 2.5, so it gets at least two decimals of
    precision (a realisasi keeps the interval its printed precision implies)."""
    p = printed(value, text)
    return Printed(p.value, max(p.decimals, 2))


def as_realisasi(value: float, text: Optional[str]) -> Printed:
    """A whole count of things ('200 Orang', '5 Dokumen') is exact; a percent, score or decimal
    figure keeps the interval of its printed precision."""
    p = printed(value, text)
    unit = parse_quantity(text or "").unit
    if p.decimals == 0 and unit is not None and unit not in DECIMAL_UNITS:
        return Printed(p.value, 6)
    return p


def _forms(t: Printed, r: Printed) -> dict[str, Form]:
    out: dict[str, Form] = {}
    rt = ratio_range(r, t)
    if rt:
        out["r/t"] = Form("r/t", rt[0], rt[1], r.value / t.value * 100)
        out["2t-r"] = Form("2t-r", 200 - rt[1], 200 - rt[0], 200 - r.value / t.value * 100)
    tr = ratio_range(t, r)
    if tr:
        out["t/r"] = Form("t/r", tr[0], tr[1], t.value / r.value * 100)
    return out


@dataclass(slots=True)
class Verdict:
    status: str  # ok | truncated | integer | clamped | other_polarity | error
    form: Optional[Form]
    tried: list[Form]


def judge(t: Printed, r: Printed, c: Printed, polarity: Optional[str]) -> Optional[Verdict]:
    """Which formula explains the printed capaian, and how exactly."""
    forms = _forms(t, r)
    if not forms:
        return None
    primary = ["t/r", "2t-r"] if polarity == "lower_is_better" else ["r/t"]
    others = ["r/t"] if polarity == "lower_is_better" else ["t/r", "2t-r"]
    first = [forms[k] for k in primary if k in forms]
    second = [forms[k] for k in others if k in forms]
    rounded, trunc = c.rounded(), c.truncated()
    for f in first:
        if overlaps((f.lo, f.hi), rounded):
            if c.decimals == 0 and abs(f.point - c.value) >= 0.1 and not (f.lo <= c.value <= f.hi):
                # a whole-number capaian: say whether the document rounded or cut the decimals
                exact_rounds = rounded[0] <= f.point <= rounded[1]
                return Verdict("integer" if exact_rounds else "truncated", f, first)
            return Verdict("ok", f, first)
    for f in first:
        if overlaps((f.lo, f.hi), trunc):
            return Verdict("truncated", f, first)
    for f in first:
        if c.value in (CLAMP, 0.0) and (f.lo >= CLAMP if c.value == CLAMP else f.hi <= 0):
            return Verdict("clamped", f, first)
    for f in second:
        if overlaps((f.lo, f.hi), rounded) or overlaps((f.lo, f.hi), trunc):
            return Verdict("other_polarity", f, first)
    return Verdict("error", None, first)


def _range_bounds(text: Optional[str]) -> Optional[tuple[Printed, Printed]]:
    m = _RANGE.search(text or "")
    if not m:
        return None
    lo = parse_quantity(m.group(1), unit_hint="persen")
    hi = parse_quantity(m.group(2), unit_hint="persen")
    if lo.value is None or hi.value is None or lo.value > hi.value:
        return None
    return as_target(lo.value, m.group(1)), as_target(hi.value, m.group(2))


def _judge_range(bounds: tuple[Printed, Printed], r: Printed, c: Printed) -> Verdict:
    """Range targets: inside counts as 100 % (or either bound), outside is compared with a bound."""
    lo, hi = bounds
    cands: list[Form] = []
    for b in (lo, hi):
        rng = ratio_range(r, b)
        if rng:
            cands.append(Form("range", rng[0], rng[1], r.value / b.value * 100))
    if lo.value <= r.value <= hi.value:
        cands.append(Form("range", 100.0, 100.0, 100.0))
    for f in cands:
        if overlaps((f.lo, f.hi), c.rounded()) or overlaps((f.lo, f.hi), c.truncated()):
            return Verdict("ok", f, cands)
    return Verdict("error", None, cands)


def _rank(text: Optional[str]) -> Optional[tuple[int, int]]:
    t = re.sub(r"\s+", " ", (text or "").strip().lower())
    for s, scale in enumerate(_RANKS):
        if t in scale:
            return s, len(scale) - scale.index(t)
    return None


def _units_clash(rec: IndicatorRecord) -> bool:
    """Target and realisasi printed in different units ('5 Dokumen' against '100%'): not comparable."""
    ut = parse_quantity(rec.target_text or "").unit
    ur = parse_quantity(rec.realisasi_text or "").unit
    return bool(ut and ur and ut != ur)


def capaian_unit_word(text: Optional[str]) -> bool:
    """A capaian cell carrying a unit other than percent ('5 Dokumen')."""
    q = parse_quantity(text or "", unit_hint="persen")
    return q.value is not None and q.unit not in (None, "persen")


def _msg_error(ctx: Context, rec: IndicatorRecord, c: Printed, tried: list[Form]) -> tuple[str, str]:
    lang = ctx.lang
    t, r = rec.target_text, rec.realisasi_text
    calc = "; ".join(f"{FORM_NAMES[f.name][lang == 'en']} = {fmt(f.point)}%" for f in tried)
    expected = " / ".join(fmt(f.point) for f in tried)
    lower = rec.polarity == "lower_is_better"
    polar = say(lang, " (indikator semakin rendah semakin baik)", " (lower-is-better indicator)") if lower else ""
    msg = say(
        lang,
        f"Capaian {rec.capaian_text} tidak sesuai dengan target {t} dan realisasi {r}{polar}: "
        f"{calc}, bukan {c.show()}% — {where(rec, lang)}.",
        f"Capaian {rec.capaian_text} does not follow from target {t} and realisasi {r}{polar}: "
        f"{calc}, not {c.show()}% — {where(rec, lang)}.",
    )
    return msg, expected


def ambiguous_tables(ctx: Context) -> set[int]:
    """Tables whose header names one measure twice for the same year ('Realisasi' and
    '% Realisasi' under 'Tahun 2016'), or twice with one of them undated ('Target s.d 2015' and
    'Target Tahun ini'): which column a record's figure came from is uncertain, so its
    arithmetic is not judged."""
    out: set[int] = set()
    if ctx.layout is None:
        return out
    for table in ctx.layout.tables():
        seen: set[tuple[str, Optional[int]]] = set()
        for r in shape_of(table).roles:
            if r.role in ("target", "realisasi", "capaian"):
                if (r.role, r.year) in seen or ((r.role, None) in seen) or (r.year is None and any(k == r.role for k, _ in seen)):
                    out.add(table.index)  # the same measure twice, once without a year to tell them apart
                seen.add((r.role, r.year))
    return out


_PART_YEAR = re.compile(r"\b(tw|trw|triwulan|semester|kuartal|bulan|rencana aksi)\b", re.I)
# 'Realisasi s.d. TW IV', 'sampai dengan Semester II': the whole year, counted to its last part
_WHOLE_YEAR = re.compile(
    r"(s\.?\s?/?d\.?|sampai(\s+dengan)?|hingga)\s*(tw|trw|triwulan|kuartal)\s*(iv|4)\b|"
    r"(s\.?\s?/?d\.?|sampai(\s+dengan)?|hingga)\s*semester\s*(ii|2)\b", re.I)


def part_year(text: str) -> bool:
    """Words of a part of the year, once 'up to the last quarter' (the whole year) is set aside."""
    return bool(_PART_YEAR.search(_WHOLE_YEAR.sub(" ", text or "")))
FIGURE = re.compile(r"^\s*[-+]?\d[\d.,]*\s*%?\s*$")
_NAME_ROLES = {"sasaran", "indikator", "program", "kegiatan"}


def head_text(table: Table) -> str:
    """The words over a table's figures, from its first rows: the names in its data rows are left
    out (an indicator 'bayi usia 0-11 bulan' does not make the table monthly)."""
    shape = shape_of(table)
    names = {r.index for r in shape.roles if r.role in _NAME_ROLES}
    words: list[str] = []
    for i, row in enumerate(table.rows[:8]):
        col = 0
        for c in row.cells:
            if not FIGURE.match(c.text) and not (i >= shape.first_data and col in names):
                words.append(c.text)
            col += c.colspan
    return " ".join(words)


def part_year_tables(ctx: Context) -> set[int]:
    """Tables headed by quarters or months (Rencana Aksi, Evaluasi Renja TW I–IV, K / Rp pairs):
    their figures are parts of the year and their columns pair up in ways a row cannot show."""
    out: set[int] = set()
    if ctx.layout is None:
        return out
    for table in ctx.layout.tables():
        if part_year(head_text(table)):
            out.add(table.index)
    return out


def not_a_value_row(rec: IndicatorRecord) -> bool:
    """A numbering row ('4 | 5 | 6'), a header read as data ('LKIP 2016') or two columns read as
    one cell ('82 78')."""
    texts = [rec.target_text or "", rec.realisasi_text or "", rec.capaian_text or ""]
    if all(re.fullmatch(r"\d{1,2}", t.strip()) for t in texts):
        nums = [int(t) for t in texts]
        if nums[1] == nums[0] + 1 and nums[2] == nums[1] + 1:
            return True
    if any("=" in t for t in texts):
        return True  # a column-numbering row with its formulas ('13 = 9 + 10 + 11 + 12')
    if any(re.fullmatch(r"\s*\d[\d.,]*%?\s+\d[\d.,]*%?\s*", t) for t in texts):
        return True  # two figures in one cell: two columns read as one
    if "%" not in texts[2]:
        for t in texts[:2]:
            q = parse_quantity(t)
            if q.unit is None and re.search(r"[A-Za-z]{3,}", t):
                return True
    return False


_SEPARATOR3 = re.compile(r"\d[.,]\d{3}(?!\d)")


def readings(value: float, text: Optional[str]) -> list[float]:
    """The value, and its other reading when a lone '.ddd' / ',ddd' may be either a thousands
    separator or a decimal mark ('3,900' in a document that writes '6,831,222')."""
    out = [value]
    if text and _SEPARATOR3.search(text) and len(re.findall(r"[.,]", text.split()[0] if text.split() else "")) == 1:
        out += [value * 1000, value / 1000]
    return out


def _other_reading_fits(rec: IndicatorRecord, target: float, realisasi: float, c: Printed) -> bool:
    """True when another reading of an ambiguous separator makes the row consistent: the number
    reading is in doubt, not the document's arithmetic. `target` and `realisasi` are the record's
    (both printed)."""
    for t in readings(target, rec.target_text):
        for r in readings(realisasi, rec.realisasi_text):
            if (t, r) == (target, realisasi) or t <= 0:
                continue
            v = judge(as_target(t, rec.target_text), as_realisasi(r, rec.realisasi_text), c, rec.polarity)
            if v is not None and v.status != "error":
                return True
    return False


def _signed_or_zero(rec: IndicatorRecord) -> bool:
    """Accounting negatives '(3.14)' and a zero realisasi with capaian above 100 (a lower-is-better
    indicator with nothing to count): no formula to hold them to."""
    texts = [rec.target_text or "", rec.realisasi_text or "", rec.capaian_text or ""]
    if any(re.match(r"^\s*[(\-−]\s*\d", t) for t in texts):
        return True
    return rec.realisasi == 0 and (rec.capaian or 0) > 100


# Wording cues that can be read either way (inflation has a target band; complaints and audit
# findings are counted to be handled) decide the formula but not an error.
_WEAK_CUES = re.compile(r"inflasi|pengaduan|temuan|sengketa|perselisihan|konflik|kejadian|insiden|penderita|dokumen|laporan")


def strong_cue(rec: IndicatorRecord) -> bool:
    """The polarity comes from a Polaritas column or statement, or from a word that only one way
    round makes sense for ('kematian', 'pengangguran', 'kemiskinan', 'indeks gini')."""
    src = rec.polarity_source or ""
    if src.startswith("explicit"):
        return True
    return src.startswith("wording:") and rec.polarity == "lower_is_better" and not _WEAK_CUES.search(src)


def check_record(ctx: Context, rec: IndicatorRecord, skip_tables: frozenset = frozenset()) -> Optional[Finding]:
    if rec.capaian is None or rec.realisasi_text is None or rec.target_text is None:
        return None
    if _signed_or_zero(rec):
        return None
    if rec.table_index in skip_tables or not_a_value_row(rec):
        return None
    if capaian_unit_word(rec.capaian_text):
        return None  # structure reports a unit in the capaian column
    if merged_cell(ctx, rec, rec.capaian_text):
        return None  # one capaian printed over a group of rows (the sasaran's), not this row's own
    lang = ctx.lang
    c = printed(rec.capaian, rec.capaian_text)
    rt, rr = _rank(rec.target_text), _rank(rec.realisasi_text)
    if rt and rr and rt[0] == rr[0]:
        reached = rr[1] >= rt[1]
        if reached != (rec.capaian >= 100):
            msg = say(
                lang,
                f"Predikat realisasi {rec.realisasi_text} {'mencapai' if reached else 'tidak mencapai'} target "
                f"{rec.target_text}, tetapi capaian dicetak {rec.capaian_text} — {where(rec, lang)}.",
                f"Realisasi {rec.realisasi_text} {'meets' if reached else 'falls short of'} the target "
                f"{rec.target_text}, but capaian is printed as {rec.capaian_text} — {where(rec, lang)}.",
            )
            return finding(ctx, "capaian", "warning", rec, msg, stated=rec.capaian_text,
                           expected=">= 100%" if reached else "< 100%")
        return None
    if rec.realisasi is None or PREDIKAT.match((rec.realisasi_text or "").strip()):
        return None
    if len(_NUMBERS.findall(rec.target_text or "")) > 1 and len(_NUMBERS.findall(rec.realisasi_text or "")) > 1:
        return None  # several sub-indicators in one row ('100 2.050 56 78'): no single pair to check
    r = as_realisasi(rec.realisasi, rec.realisasi_text)
    bounds = _range_bounds(rec.target_text) if rec.polarity == "range" else None
    verdict: Optional[Verdict]
    if bounds:
        verdict = _judge_range(bounds, r, c)
    else:
        if rec.target is None or rec.target <= 0 or _units_clash(rec):
            return None
        verdict = judge(as_target(rec.target, rec.target_text), r, c, rec.polarity)
        if verdict is not None and verdict.status == "error" and _other_reading_fits(rec, rec.target, rec.realisasi, c):
            return None
    if verdict is None or verdict.status == "ok":
        return None
    where_ = where(rec, lang)
    f = verdict.form
    if verdict.status == "error":
        msg, expected = _msg_error(ctx, rec, c, verdict.tried)
        return finding(ctx, "capaian", "error", rec, msg, stated=rec.capaian_text, expected=expected)
    assert f is not None
    form_id, form_en = FORM_NAMES[f.name]
    exact = fmt(f.point, 4)
    if verdict.status == "truncated":
        msg = say(
            lang,
            f"Capaian {rec.capaian_text} adalah {form_id} = {exact}% yang dipotong (bukan dibulatkan) — {where_}.",
            f"Capaian {rec.capaian_text} is {form_en} = {exact}% truncated rather than rounded — {where_}.",
        )
    elif verdict.status == "integer":
        msg = say(
            lang,
            f"Capaian {rec.capaian_text} dibulatkan ke bilangan bulat dari {form_id} = {exact}% — {where_}.",
            f"Capaian {rec.capaian_text} is {form_en} = {exact}% rounded to a whole number — {where_}.",
        )
    elif verdict.status == "clamped":
        msg = say(
            lang,
            f"Capaian {rec.capaian_text} dibatasi; {form_id} = {exact}% — {where_}.",
            f"Capaian {rec.capaian_text} is capped; {form_en} = {exact}% — {where_}.",
        )
    elif strong_cue(rec):
        # the name leaves no doubt which way is better: the document used the other formula
        right = " / ".join(f"{FORM_NAMES[x.name][lang == 'en']} = {fmt(x.point)}%" for x in verdict.tried)
        cue = (rec.polarity_source or "").partition(":")[2]
        msg = say(
            lang,
            f"Capaian {rec.capaian_text} dihitung terbalik ({form_id} = {exact}%): indikator '{rec.indikator}' "
            f"{'semakin rendah' if rec.polarity == 'lower_is_better' else 'semakin tinggi'} semakin baik "
            f"('{cue}'), jadi {right} — {where_}.",
            f"Capaian {rec.capaian_text} is computed the wrong way round ({form_en} = {exact}%): '{rec.indikator}' "
            f"is {'lower' if rec.polarity == 'lower_is_better' else 'higher'}-is-better ('{cue}'), so {right} — {where_}.",
        )
        expected = " / ".join(fmt(x.point) for x in verdict.tried)
        return finding(ctx, "capaian", "error", rec, msg, stated=rec.capaian_text, expected=expected)
    else:
        lower = f.name in ("t/r", "2t-r")
        msg = say(
            lang,
            f"Capaian {rec.capaian_text} dihitung dengan {form_id} = {exact}%, yaitu rumus indikator "
            f"{'semakin rendah' if lower else 'semakin tinggi'} semakin baik, berbeda dengan polaritas "
            f"yang disimpulkan ({rec.polarity}) — {where_}.",
            f"Capaian {rec.capaian_text} was computed as {form_en} = {exact}%, the "
            f"{'lower' if lower else 'higher'}-is-better formula, unlike the inferred polarity "
            f"({rec.polarity}) — {where_}.",
        )
    return finding(ctx, "capaian", "info", rec, msg, stated=rec.capaian_text, expected=fmt(f.point))


# a realisasi cell that prints the row's capaian after it in brackets: '60,5 (108,03%)', '86 (88.50)'
_BRACKETED = re.compile(r"^\s*(?P<lead>[-+]?\d[\d.,]*\s*%?)\s*\(\s*(?P<pct>\d[\d.,]*)\s*(?P<unit>%|persen)?\s*\)\s*$", re.I)


def bracketed_capaian(rec: IndicatorRecord) -> Optional[tuple[str, str]]:
    """(the realisasi as printed before the brackets, the bracketed capaian) of a realisasi cell
    that states the row's capaian in brackets, else None."""
    m = _BRACKETED.match(rec.realisasi_text or "")
    if not m:
        return None
    return m.group("lead").strip(), m.group("pct") + (m.group("unit") or "")


def _check_bracketed(ctx: Context, rec: IndicatorRecord, skip: frozenset) -> list[Finding]:
    """The row's capaian column checked against the realisasi without its brackets, and the
    bracketed capaian recomputed as a capaian of its own (same formulas, polarity and precision)."""
    lead, pct = bracketed_capaian(rec)  # type: ignore[misc]
    plain = rec.model_copy(update={"realisasi_text": lead})
    out = [f for f in [check_record(ctx, plain, skip)] if f is not None]
    value = parse_quantity(pct, unit_hint="persen").value
    if value is None or merged_cell(ctx, rec, rec.realisasi_text):
        return out
    if rec.capaian is not None and rec.capaian_text and abs(value - rec.capaian) < 1e-9:
        return out  # the bracket repeats the capaian column: one check is enough
    as_cap = plain.model_copy(update={"capaian": value, "capaian_text": pct})
    f = check_record(ctx, as_cap, skip)
    if f is not None:
        f.message = say(ctx.lang, "Capaian dalam kurung pada sel realisasi: ", "Capaian in brackets in the realisasi cell: ") + f.message
        f.source_text = rec.source_text
        out.append(f)
    return out


def rule_capaian(ctx: Context) -> list[Finding]:
    out = []
    skip = frozenset(ambiguous_tables(ctx) | part_year_tables(ctx))
    for rec in ctx.indicators:
        if bracketed_capaian(rec):
            out += _check_bracketed(ctx, rec, skip)
            continue
        f = check_record(ctx, rec, skip)
        if f is not None:
            out.append(f)
    return out


RULES["capaian"] = rule_capaian
