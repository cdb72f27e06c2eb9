"""Rule `narrative` (prose restatements): differences and achievements a sentence states in words.

- "meningkat sebesar 0,12 poin, yaitu dari 8,63 persen ... menjadi 8,75 persen": the change
  stated against the two figures ('poin' is a difference of points; 'persen' / '%' may be points
  or growth relative to the first figure);
- "realisasi 85,2% lebih unggul 3,2 poin dari target 82%": the same for a comparison;
- "pagu Rp 1,397,870,000 ... realisasi Rp 1,300,000,000 ... sisa anggaran sebesar Rp 97,870,000":
  the remainder against the two amounts (money is exact);
- "dari target 78 poin ... dicapai sebesar 81 point atau 103,88 %": the achievement recomputed
  (either polarity's formula is accepted: the sentence does not say which way is better).
Every figure is the interval its printed precision implies. A sentence is checked only when it
names exactly the figures the statement needs, so a sentence with more figures than that is left
alone rather than guessed at.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.layout import Paragraph
from normalize.numbers import parse_number
from schemas import Evidence, Finding
from validate.capaian import _forms
from validate.context import RULES, Context
from validate.printed import Printed, fmt, overlaps, printed
from validate.report import say, text_finding

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_FIG = re.compile(rf"(?<![\d.,])(?P<n>{_NUM})(?![\d])(?:\s*(?P<u>%|persen|poin|point|[a-zA-Z]+))?")
_UNIT = r"(?P<du>%|(?:persen|poin|point)\b)"
_CHANGE = re.compile(
    rf"\b(?P<w>peningkatan|kenaikan|penurunan|naik|turun|meningkat|menurun|bertambah|berkurang|selisih)"
    rf"\s+(?:sebesar|sebanyak|senilai)?\s*(?P<d>{_NUM})\s*{_UNIT}", re.I)
_COMPARE = re.compile(
    rf"\blebih\s+(?:tinggi|rendah|unggul|besar|kecil|baik)\s+(?:sebesar\s+)?(?P<d>{_NUM})\s*{_UNIT}"
    r"\s*(?:dari|daripada|dibanding(?:kan)?(?:\s+dengan)?)\b", re.I)
# a decimal point inside a figure ('43.99%') does not end the span; a full stop does
_FROM_TO = re.compile(r"\bdari\b(?P<a>(?:[^.;]|(?<=\d)\.(?=\d)){0,60}?)\b(?:menjadi|ke)\b(?P<b>[^;]{0,60})", re.I)
_REST = re.compile(
    rf"\b(?:sisa(?:\s+anggaran)?|selisih(?:\s+anggaran)?|efisiensi(?:\s+anggaran)?)\s+(?:sebesar|senilai)?\s*"
    rf"Rp\.?\s*(?P<d>\d{{1,3}}(?P<sep>[.,])\d{{3}}(?:(?P=sep)\d{{3}})+)(?![\d])", re.I)
_RP = re.compile(r"Rp\.?\s*(?P<v>\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})+)(?![\d])")
_ACHIEVED = re.compile(
    rf"\btarget\s+(?:sebesar\s+|sebsar\s+)?(?P<t>{_NUM})\s*(?P<tu>%|persen|poin|point)?(?:[^.%;]{{0,60}}?)"
    rf"\b(?:realisasi|capaian|dicapai|tercapai|terealisasi)\b(?:\s+capaian)?\s+(?:sebesar\s+)?(?P<r>{_NUM})\s*"
    rf"(?P<ru>%|persen|poin|point)?\s*(?:atau|dengan\s+capaian(?:\s+sebesar)?)\s+(?P<c>{_NUM})\s*(?:%|persen)",
    re.I)
_YEAR = re.compile(r"(19|20)\d\d")


def _value(token: str) -> Optional[Printed]:
    v = parse_number(token, decimal_context=True)[0]
    if v is None:
        return None
    m = re.search(r"[.,](\d{1,2})$", token)
    return Printed(v, len(m.group(1)) if m and not re.fullmatch(r"\d{1,3}([.,]\d{3})+", token) else 0)


def _money(token: str) -> Optional[float]:
    return parse_number(token, decimal_context=False)[0]


def _figures(text: str) -> list[tuple[str, Printed, str]]:
    """(token, value, unit) of every figure that is not a year, a date or a numbering."""
    out = []
    for m in _FIG.finditer(text):
        tok, unit = m.group("n"), (m.group("u") or "").lower()
        if _YEAR.fullmatch(tok) and unit not in ("%", "persen", "poin", "point"):
            continue
        p = _value(tok)
        if p is not None:
            out.append((tok, p, unit))
    return out


def _diff_range(a: Printed, b: Printed) -> tuple[float, float]:
    (a0, a1), (b0, b1) = a.rounded(), b.rounded()
    lo = max(0.0, max(b0 - a1, a0 - b1))
    return lo, max(abs(b1 - a0), abs(a1 - b0))


def _growth_range(a: Printed, b: Printed) -> Optional[tuple[float, float]]:
    (a0, a1), (b0, b1) = a.rounded(), b.rounded()
    if a0 <= 0:
        return None
    cands = [abs(y - x) / x * 100 for x in (a0, a1) for y in (b0, b1)]
    lo = 0.0 if overlaps((a0, a1), (b0, b1)) else min(cands)
    return lo, max(cands)


def _fits(d: Printed, unit: str, a: Printed, b: Printed) -> bool:
    want = [d.rounded(), d.truncated()]
    ranges = [_diff_range(a, b)]
    if unit in ("%", "persen"):
        g = _growth_range(a, b)
        if g:
            ranges.append(g)
    return any(overlaps(r, w) for r in ranges for w in want)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[a-z)%])\.\s+(?=[A-Z])|;\s+", text) if s.strip()]


def _finding(ctx: Context, block: Paragraph, message: tuple[str, str], stated: str, expected: str,
             figures: list[tuple[str, str]]) -> Finding:
    ev = [Evidence(page=block.page, bbox=None, text=t, role=role) for t, role in figures]
    return text_finding(ctx, "narrative", "warning", page=block.page, line=block.line, source_text=block.text,
                        message=say(ctx.lang, *message), stated=stated, expected=expected, figures=ev)


def _at(block: Paragraph, lang: str) -> str:
    return say(lang, f"paragraf hlm. {block.page}, baris {block.line}", f"paragraph p. {block.page}, line {block.line}")


def _check_change(ctx: Context, block: Paragraph, sentence: str, out: list[Finding]) -> None:
    for m in list(_CHANGE.finditer(sentence)) + list(_COMPARE.finditer(sentence)):
        d = _value(m.group("d"))
        unit = m.group("du").lower()
        if d is None:
            continue
        pair = None
        if m.re is _CHANGE:
            ft = [x for x in _FROM_TO.finditer(sentence)]
            if len(ft) != 1 or len(_CHANGE.findall(sentence)) != 1:
                continue  # two changes or two spans in one sentence: which figures go together is a guess
            fa, fb = _figures(ft[0].group("a")), _figures(ft[0].group("b"))
            if fa and fb:
                pair = (fa[0], fb[0])
        else:
            before, after = _figures(sentence[: m.start()]), _figures(sentence[m.end():])
            if before and after:
                pair = (before[-1], after[0])
        if pair is None:
            continue
        (ta, a, ua), (tb, b, ub) = pair
        if ua != ub and ua and ub:
            continue  # '8 orang ... 10 persen': not two readings of one measure
        if _fits(d, unit, a, b):
            continue
        exact = abs(b.value - a.value)
        shown = fmt(exact, max(d.decimals, a.decimals, b.decimals))
        lang = ctx.lang
        out.append(_finding(ctx, block, (
            f"Paragraf menyatakan selisih {m.group('d')} {unit} antara {ta} dan {tb}, padahal selisihnya {shown}"
            f"{' (' + fmt(exact / a.value * 100) + '% relatif)' if unit in ('%', 'persen') and a.value else ''} — "
            f"{_at(block, lang)}.",
            f"The paragraph states a difference of {m.group('d')} {unit} between {ta} and {tb}, but it is {shown}"
            f"{' (' + fmt(exact / a.value * 100) + '% relative)' if unit in ('%', 'persen') and a.value else ''} — "
            f"{_at(block, lang)}.",
        ), m.group("d"), shown, [(ta, "part"), (tb, "part"), (m.group("d"), "stated")]))


def _check_rest(ctx: Context, block: Paragraph, sentence: str, out: list[Finding]) -> None:
    m = _REST.search(sentence)
    if not m:
        return
    others = [x for x in _RP.finditer(sentence) if not (x.start() >= m.start() and x.end() <= m.end())]
    if len(others) != 2:
        return  # the two amounts the remainder is between must be the only other ones
    a, b, d = _money(others[0].group("v")), _money(others[1].group("v")), _money(m.group("d"))
    if a is None or b is None or d is None or abs(abs(a - b) - d) < 0.5:
        return
    lang = ctx.lang
    ta, tb = others[0].group("v"), others[1].group("v")
    out.append(_finding(ctx, block, (
        f"Paragraf menyebut sisa/selisih Rp {m.group('d')}, padahal Rp {ta} − Rp {tb} = Rp {fmt(abs(a - b), 0)} — "
        f"{_at(block, lang)}.",
        f"The paragraph states a remainder of Rp {m.group('d')}, but Rp {ta} − Rp {tb} = Rp {fmt(abs(a - b), 0)} — "
        f"{_at(block, lang)}.",
    ), m.group("d"), fmt(abs(a - b), 0), [(ta, "anggaran"), (tb, "realisasi"), (m.group("d"), "stated")]))


def _check_achieved(ctx: Context, block: Paragraph, sentence: str, out: list[Finding]) -> None:
    for m in _ACHIEVED.finditer(sentence):
        if re.search(r"\bRealisasi\s+\S+\s+Capaian\b", m.group(0)):
            continue  # 'Target X Realisasi Y Capaian Z' is the narrative rule's own form
        t, r, c = _value(m.group("t")), _value(m.group("r")), _value(m.group("c"))
        tu, ru = (m.group("tu") or "").lower(), (m.group("ru") or "").lower()
        if t is None or r is None or c is None or t.value <= 0 or (tu and ru and tu[:3] != ru[:3]):
            continue
        t = Printed(t.value, max(t.decimals, 2))  # a target is set, not measured
        forms = _forms(t, r)
        if not forms or any(overlaps((f.lo, f.hi), c.rounded()) or overlaps((f.lo, f.hi), c.truncated())
                            for f in forms.values()):
            continue
        exp = fmt(r.value / t.value * 100)
        lang = ctx.lang
        out.append(_finding(ctx, block, (
            f"Paragraf menyatakan target {m.group('t')}, realisasi {m.group('r')}, capaian {m.group('c')}%; "
            f"realisasi/target × 100 = {exp}% — {_at(block, lang)}.",
            f"The paragraph states target {m.group('t')}, realisasi {m.group('r')}, capaian {m.group('c')}%; "
            f"realisasi/target × 100 = {exp}% — {_at(block, lang)}.",
        ), m.group("c"), exp, [(m.group("t"), "target"), (m.group("r"), "realisasi"), (m.group("c"), "capaian")]))


def rule_prose(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if ctx.layout is None:
        return out
    for block in ctx.layout.blocks:
        if not isinstance(block, Paragraph):
            continue
        for sentence in _sentences(block.text):
            _check_change(ctx, block, sentence, out)
            _check_rest(ctx, block, sentence, out)
            _check_achieved(ctx, block, sentence, out)
    return out


RULES["prose"] = rule_prose
