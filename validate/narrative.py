"""Rule `narrative`: sentences that restate numbers, checked against arithmetic and the tables.

- "Target 38% Realisasi 50.05% Capaian 131.71%": capaian recomputed, and each figure compared with
  the tables that print the same indicator (the paragraph's indicator is the one named by the
  nearest preceding "Indikator kinerja ... yaitu X" / "diukur melalui indikator X" sentence);
- "Jadi 882 : 1.762 × 100 = 50.05 %": the division redone;
- "Rp T ... terdiri dari Rp a ... dan Rp b": the parts against the whole;
- a bullet list of counts followed by a bullet that totals them ("... sampai dengan TW IV
  sebanyak 1.762 Orang"): the parts against the total;
- "Pagu anggaran X ... realisasi Y ... serapan Z%": Z recomputed, X and Y against the budget table;
- "pagu anggaran <program> sebesar Rp 1,397,870,000": an amount against the budget line named
  (dot or comma thousands).
A paragraph is only compared with the tables when the figure disagrees with every table value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from rapidfuzz import fuzz

from ingest.layout import Paragraph
from normalize.keys import indicator_key
from normalize.numbers import parse_number, parse_percent, parse_quantity
from normalize.polarity import infer_polarity
from schemas import Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.capaian import as_target, judge
from validate.cross_table import _agree, report_year
from validate.printed import Printed, fmt, overlaps, printed, ratio_range
from validate.report import say, text_finding, where

_NUM = r"\d[\d.,]*\d|\d"
_TRC = re.compile(
    rf"Target\s+(?P<t>(?:{_NUM})\s*%?(?:\s*[A-Za-z]+){{0,2}}?)\s+Realisasi\s+(?P<r>(?:{_NUM})\s*%?(?:\s*[A-Za-z]+){{0,2}}?)"
    rf"\s+Capaian\s+(?P<c>(?:{_NUM})\s*%?)",
    re.I,
)
_DIV = re.compile(
    rf"(?P<a>{_NUM})\s*(?:[A-Za-z]+\s*)?[:/÷]\s*(?P<b>{_NUM})\s*(?:[A-Za-z]+\s*)?[x×*]\s*100\s*%?\s*=\s*(?P<c>{_NUM})\s*%?"
)
_INDICATOR = re.compile(
    r"indikator(?:\s+kinerja)?\b[^.]{0,80}?\byaitu\s*:?\s*(?P<a>.+)$|diukur\s+(?:melalui|dengan)\s+indikator\s+(?P<b>[^,.;]+)",
    re.I,
)
_SECTION = re.compile(r"^\s*(\d{1,2}|[A-Z])[.)]\s+\S")
_MONEY = re.compile(r"Rp\.?\s*(\d{1,3}(?:\.\d{3})+)(?:,-|,00)?")
_PARTS = re.compile(r"terdiri\s+(?:dari|atas)\b", re.I)
_BULLET = re.compile(r"^\s*[-•*·▪●]\s*")
_ITEM = re.compile(rf"(?:=|sebanyak|berjumlah|ada)\s*(?P<n>{_NUM})\s*(?P<u>[A-Za-z]+)?\s*(?:dikali\s*100)?\s*[.;]?\s*$", re.I)
_TOTAL_WORD = re.compile(r"\b(total|keseluruhan|seluruhnya|sampai dengan|s\.?\s?d\.?)\b", re.I)
_SERAPAN = re.compile(
    r"(?:pagu|anggaran)\D{0,40}?(?P<x>\d{1,3}(?:[.,]\d{3}){2,})[^%]*?realisasi\D{0,40}?(?P<y>\d{1,3}(?:[.,]\d{3}){2,})"
    r"[^%]*?(?P<z>\d{1,3}(?:[.,]\d{1,2})?)\s*%",
    re.I,
)


# a program / kegiatan named by its title ('Program Pembangunan ...', 'Kegiatan Pengembangan ...')
_NAMED_LINE = re.compile(r"\b(?:[Pp]rogram|[Kk]egiatan)\s+(?!dan\b|yang\b|dengan\b)[A-Z][a-z]")

# 'Rp 1,397,870,000' or 'Rp 1.397.870.000,00': one separator for thousands throughout
_AMOUNT = re.compile(r"Rp\.?\s*(?P<v>\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})+)(?![\d])")
_ANGGARAN_WORD = re.compile(r"\b(pagu|anggaran|alokasi|dialokasikan)\b", re.I)
_REALISASI_WORD = re.compile(r"\b(realisasi|terealisasi|terserap|penyerapan|serapan)\b", re.I)


@dataclass(slots=True)
class Spot:
    page: int
    line: Optional[int]
    text: str
    before: str = ""  # the paragraph above, when this one continues its sentence (starts in lower case)


def _count(token: str) -> Optional[float]:
    return parse_number(token, decimal_context=False)[0]


def _exact(value: float, text: str) -> Printed:
    """A whole count ('882 Orang') is exact; a figure with decimals keeps its printed precision."""
    p = printed(value, text)
    return p if p.decimals else Printed(value, 6)


def _pct(token: str) -> Optional[Printed]:
    q = parse_percent(token if "%" in token else token + "%")
    return printed(q.value, token) if q.value is not None else None


def _records_for(ctx: Context, name: Optional[str]) -> list[IndicatorRecord]:
    """Table records of the indicator a paragraph talks about (same key, else a close name)."""
    if not name:
        return []
    key = indicator_key(name)
    exact = [r for r in ctx.indicators if r.indicator_key and r.indicator_key == key]
    if exact:
        return exact
    low = name.lower()
    scored = [(fuzz.token_set_ratio(low, (r.indikator or "").lower()), r) for r in ctx.indicators if r.indikator]
    best = max((s for s, _ in scored), default=0)
    return [r for s, r in scored if s >= 92 and s == best]


def _finding(ctx: Context, severity: str, spot: Spot, message: str, **kw) -> Finding:
    return text_finding(ctx, "narrative", severity, page=spot.page, line=spot.line, source_text=spot.text,
                        message=message, **kw)


def _at(spot: Spot, lang: str) -> str:
    return say(lang, f"paragraf hlm. {spot.page}, baris {spot.line}", f"paragraph p. {spot.page}, line {spot.line}")


def _check_trc(ctx: Context, spot: Spot, m: re.Match, indicator: Optional[str], out: list[Finding]) -> None:
    lang = ctx.lang
    t_text, r_text, c_text = m.group("t").strip(), m.group("r").strip(), m.group("c").strip()
    tq, rq = parse_quantity(t_text), parse_quantity(r_text)
    c = _pct(c_text)
    if tq.value is None or rq.value is None or c is None:
        return
    year = report_year(ctx)
    recs = [r for r in _records_for(ctx, indicator) if (r.year or year) == year]
    polarity = recs[0].polarity if recs else infer_polarity(indicator, t_text)[0]
    t, r = as_target(tq.value, t_text), printed(rq.value, r_text)
    v = judge(t, r, c, polarity) if tq.value > 0 else None
    if v is not None and v.status == "error" and v.tried:
        exp = " / ".join(fmt(f.point) for f in v.tried)
        out.append(_finding(ctx, "error", spot, say(
            lang,
            f"Paragraf menyatakan target {t_text}, realisasi {r_text}, capaian {c_text}; capaian seharusnya {exp}% "
            f"— {_at(spot, lang)}.",
            f"The paragraph states target {t_text}, realisasi {r_text}, capaian {c_text}; capaian should be "
            f"{exp}% — {_at(spot, lang)}.",
        ), indikator=indicator, stated=c_text, expected=exp, evidence=recs))
    for field, said, p in (("target", t_text, t), ("realisasi", r_text, r), ("capaian", c_text, c)):
        table = [(rec, printed(getattr(rec, field), getattr(rec, f"{field}_text"))) for rec in recs
                 if getattr(rec, field) is not None and rec.table_index is not None]
        if field == "target":
            table = [(rec, as_target(q.value, getattr(rec, "target_text"))) for rec, q in table]
        if not table or any(_agree(q, p) != "differ" for _, q in table):
            continue
        shown = "; ".join(f"{getattr(rec, f'{field}_text') or fmt(q.value)} di {where(rec, lang)}" for rec, q in table[:4])
        shown_en = "; ".join(f"{getattr(rec, f'{field}_text') or fmt(q.value)} in {where(rec, lang)}" for rec, q in table[:4])
        out.append(_finding(ctx, "warning", spot, say(
            lang,
            f"{field.capitalize()} '{indicator}' dinyatakan {said} dalam {_at(spot, lang)}, tetapi tabel mencetak {shown}.",
            f"{field.capitalize()} of '{indicator}' is stated as {said} in the {_at(spot, lang)}, but the tables print {shown_en}.",
        ), indikator=indicator, stated=said, expected=getattr(table[0][0], f"{field}_text"),
            evidence=[rec for rec, _ in table]))


def _check_division(ctx: Context, spot: Spot, m: re.Match, indicator: Optional[str], out: list[Finding]) -> None:
    lang = ctx.lang
    a, b = _count(m.group("a")), _count(m.group("b"))
    c = _pct(m.group("c"))
    if a is None or b is None or not b or c is None:
        return
    rng = ratio_range(_exact(a, m.group("a")), _exact(b, m.group("b")))
    if rng is None or overlaps(rng, c.rounded()):
        return
    exact = a / b * 100
    text = m.group(0).strip()
    if overlaps(rng, c.truncated()):
        out.append(_finding(ctx, "info", spot, say(
            lang, f"'{text}': hasilnya {fmt(exact, 4)}%, dicetak dipotong sebagai {c.show()}% — {_at(spot, lang)}.",
            f"'{text}': the result is {fmt(exact, 4)}%, printed truncated as {c.show()}% — {_at(spot, lang)}.",
        ), indikator=indicator, stated=c.show(), expected=fmt(exact)))
        return
    out.append(_finding(ctx, "error", spot, say(
        lang, f"Perhitungan '{text}' salah: {fmt(a, 0)} : {fmt(b, 0)} × 100 = {fmt(exact)}% — {_at(spot, lang)}.",
        f"The calculation '{text}' is wrong: {fmt(a, 0)} / {fmt(b, 0)} × 100 = {fmt(exact)}% — {_at(spot, lang)}.",
    ), indikator=indicator, stated=c.show(), expected=fmt(exact)))


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[a-z)%])\.\s+(?=[A-Z])", text)


def _check_parts(ctx: Context, spot: Spot, out: list[Finding]) -> None:
    lang = ctx.lang
    for sentence in _sentences(spot.text):
        split = _PARTS.search(sentence)
        if not split:
            continue
        before = _MONEY.findall(sentence[: split.start()])
        parts = _MONEY.findall(sentence[split.end():])
        if not before or len(parts) < 2:
            continue
        whole = _count(before[-1])
        counts = [_count(p) for p in parts]
        values = [v for v in counts if v is not None]
        if whole is None or len(values) < len(counts):
            continue
        s = sum(values)
        wholes = [w for w in (_count(b) for b in before) if w is not None]
        sums = [sum(values[:k]) for k in range(2, len(values) + 1)]
        if any(abs(x - w) < 0.5 * (len(values) + 1) for x in sums for w in wholes):
            continue  # the parts add up to a whole named earlier, before other amounts of the sentence
        if abs(s - whole) >= 0.5 * (len(values) + 1):
            out.append(_finding(ctx, "error", spot, say(
                lang,
                f"Rp {before[-1]} dinyatakan terdiri dari {' + '.join('Rp ' + p for p in parts)} = Rp {fmt(s, 0)} — "
                f"{_at(spot, lang)}.",
                f"Rp {before[-1]} is said to consist of {' + '.join('Rp ' + p for p in parts)} = Rp {fmt(s, 0)} — "
                f"{_at(spot, lang)}.",
            ), stated=before[-1], expected=fmt(s, 0)))


def _check_serapan(ctx: Context, spot: Spot, out: list[Finding]) -> None:
    lang = ctx.lang
    for m in _SERAPAN.finditer(spot.text):
        x, y, z = _count(m.group("x")), _count(m.group("y")), _pct(m.group("z"))
        if not x or y is None or z is None:
            continue
        exact = y / x * 100
        rng = ratio_range(printed(y, m.group("y")), printed(x, m.group("x")))
        if rng and not overlaps(rng, z.rounded()) and not overlaps(rng, z.truncated()):
            out.append(_finding(ctx, "error", spot, say(
                lang, f"Serapan {z.show()}% tidak sesuai: {m.group('y')} / {m.group('x')} × 100 = {fmt(exact)}% — "
                f"{_at(spot, lang)}.",
                f"Absorption {z.show()}% is wrong: {m.group('y')} / {m.group('x')} × 100 = {fmt(exact)}% — "
                f"{_at(spot, lang)}.",
            ), stated=z.show(), expected=fmt(exact)))
        lead = f"{spot.before} {spot.text[:m.start() + 8]}"
        lead = lead[lead.rfind("%") + 1:]
        if _NAMED_LINE.search(lead):
            continue  # 'Program Pengendalian ... dengan alokasi anggaran': one line's pagu, not the whole
        first_table: dict[str, Optional[int]] = {}
        for b in ctx.budget:
            first_table.setdefault(_norm_name(b.name), b.table_index)
        # a line restated in a later table (a summary by program) counts once, where first printed
        tops = [b for b in ctx.budget if b.level == "program" and not b.parent_record_id
                and first_table[_norm_name(b.name)] == b.table_index]
        if not tops or x < max((b.anggaran or 0) for b in tops):
            continue  # a pagu smaller than one program is a kegiatan's, not the whole budget
        for word_id, word_en, said, field in (("pagu", "budget", x, "anggaran"), ("realisasi", "realisasi", y, "realisasi")):
            vals = [getattr(b, field) for b in tops]
            if any(v is None for v in vals) or abs(sum(vals) - said) < 0.5:
                continue
            out.append(_finding(ctx, "warning", spot, say(
                lang, f"Paragraf menyebut {word_id} Rp {fmt(said, 0)}, tetapi jumlah {len(tops)} program di tabel "
                f"anggaran Rp {fmt(sum(vals), 0)} — {_at(spot, lang)}.",
                f"The paragraph states {word_en} Rp {fmt(said, 0)}, but the {len(tops)} programs of the budget "
                f"table sum to Rp {fmt(sum(vals), 0)} — {_at(spot, lang)}.",
            ), stated=fmt(said, 0), expected=fmt(sum(vals), 0), evidence=tops))


def _norm_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _rounding(amount: str) -> float:
    """Half the unit a prose amount is written to: 'Rp 221.865.000' may be 221.865.120 rounded to
    the thousand, 'Rp 221.865.120' is exact. Coarser roundings are not read into full digits."""
    return 500.0 if re.search(r"[.,]000$", amount) else 0.5


def _check_named_amounts(ctx: Context, spot: Spot, out: list[Finding]) -> None:
    """'pagu anggaran <program> sebesar Rp 1,397,870,000 dengan realisasi Rp ...': each amount
    against the budget line the sentence names (its anggaran or realisasi, as the words before the
    amount say). Money is exact; the longest name printed in the sentence is the one meant."""
    lang = ctx.lang
    lines = [b for b in ctx.budget if b.name and len(_norm_name(b.name)) >= 12]
    if not lines:
        return
    for sentence in _sentences(spot.text):
        carry: list = []
        start = 0
        for m in _AMOUNT.finditer(sentence):
            before = sentence[start:m.start()]
            start = m.end()
            low = f" {_norm_name(before)} "
            named = [b for b in lines if f" {_norm_name(b.name)} " in low]
            if named:  # the line named just before the amount; a later amount of the sentence keeps it
                longest = max(len(_norm_name(b.name)) for b in named)
                carry = [b for b in named if len(_norm_name(b.name)) == longest]
            elif re.search(r"\buntuk\b", before) or _PARTS.search(before):
                carry = []  # 'Rp a untuk X', 'terdiri dari Rp b': the amount belongs to another line
            named = carry
            field = "realisasi" if _REALISASI_WORD.search(before) else "anggaran" if _ANGGARAN_WORD.search(before) else None
            said = _count(m.group("v"))
            if not named or field is None or said is None:
                continue
            vals = {getattr(b, field) for b in named if getattr(b, field) is not None}
            if not vals or any(abs(v - said) < _rounding(m.group("v")) for v in vals):
                continue
            b = next(x for x in named if getattr(x, field) is not None)
            table = getattr(b, field)
            word = "pagu" if field == "anggaran" else "realisasi"
            out.append(_finding(ctx, "warning", spot, say(
                lang, f"Paragraf menyebut {word} '{b.name}' Rp {m.group('v')}, tetapi tabel anggaran mencetak Rp "
                f"{fmt(table, 0)} (selisih Rp {fmt(said - table, 0)}) — {_at(spot, lang)}; {where(b, lang)}.",
                f"The paragraph states the {'budget' if field == 'anggaran' else 'realisasi'} of '{b.name}' as Rp "
                f"{m.group('v')}, but the budget table prints Rp {fmt(table, 0)} (difference Rp {fmt(said - table, 0)}) "
                f"— {_at(spot, lang)}; {where(b, lang)}.",
            ), stated=m.group("v"), expected=fmt(table, 0), evidence=[b]))


@dataclass(slots=True)
class Item:
    spot: Spot
    label: str
    value: float
    text: str
    unit: str


def _check_lists(ctx: Context, items: list[Item], out: list[Finding]) -> None:
    """Bullets of counts: an item worded as a total ('sampai dengan', 'total') after two or more
    items of the same unit that are not totals themselves is their sum."""
    lang = ctx.lang
    run: list[Item] = []
    for it in items:
        if _TOTAL_WORD.search(it.label):
            parts = [p for p in run if p.unit == it.unit]
            if len(parts) >= 2 and len(parts) == len(run):
                s = sum(p.value for p in parts)
                if abs(s - it.value) >= 0.5:
                    listing = " + ".join(p.text for p in parts)
                    out.append(_finding(ctx, "warning", it.spot, say(
                        lang, f"Jumlah {it.text} {it.unit} tidak sama dengan rincian di atasnya: {listing} = "
                        f"{fmt(s, 0)} — {_at(it.spot, lang)}.",
                        f"Total {it.text} {it.unit} is not the sum of the items above it: {listing} = {fmt(s, 0)} "
                        f"— {_at(it.spot, lang)}.",
                    ), stated=it.text, expected=fmt(s, 0)))
            run = []
        else:
            run.append(it)


def rule_narrative(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if ctx.layout is None:
        return out
    indicator: Optional[str] = None
    items: list[Item] = []
    above = ""
    for block in ctx.layout.blocks:
        if not isinstance(block, Paragraph):
            if items:
                _check_lists(ctx, items, out)
                items = []
            above = ""
            continue
        text = block.text
        spot = Spot(block.page, block.line, text, above if text[:1].islower() else "")
        above = text
        if _BULLET.match(text):
            m = _ITEM.search(text)
            if m and (v := _count(m.group("n"))) is not None:
                items.append(Item(spot, _BULLET.sub("", text), v, m.group("n"), (m.group("u") or "").lower()))
                continue
        if items:
            _check_lists(ctx, items, out)
            items = []
        if block.heading or _SECTION.match(text):
            indicator = None
        im = _INDICATOR.search(text)
        if im:
            indicator = (im.group("a") or im.group("b") or "").strip().rstrip(".") or indicator
        for m in _TRC.finditer(text):
            _check_trc(ctx, spot, m, indicator, out)
        for m in _DIV.finditer(text):
            _check_division(ctx, spot, m, indicator, out)
        if _PARTS.search(text):
            _check_parts(ctx, spot, out)
        _check_serapan(ctx, spot, out)
        _check_named_amounts(ctx, spot, out)
    if items:
        _check_lists(ctx, items, out)
    return out


RULES["narrative"] = rule_narrative
