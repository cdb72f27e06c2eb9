"""Rule `kriteria`: the stated category against the report's own scale table when it prints one,
else the common 91/76/66/51 scale — there only a label two or more bands away is reported, as
reports without a printed scale often use other cut-offs. Judged at the printed capaian (the figure the reader sees); above the top of the scale is the
top band; a capaian in a gap between two printed bands (90.5 between "76–90" and "91–100") may
take either neighbour. A label the scale does not know is left alone.
"""

from __future__ import annotations

import re
from typing import Optional

from ingest.extract import ScaleBand
from schemas import Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.capaian import as_target, capaian_unit_word, judge, readings
from validate.cross_table import period_columns
from validate.printed import fmt, printed
from validate.report import finding, say, where

# The common scale (attributed to Permendagri 86/2017); each band lists the label families in use.
COMMON_SCALE = [
    ScaleBand(91, None, "Sangat Tinggi"),
    ScaleBand(76, 91, "Tinggi", high_inclusive=False),
    ScaleBand(66, 76, "Sedang", high_inclusive=False),
    ScaleBand(51, 66, "Rendah", high_inclusive=False),
    ScaleBand(None, 51, "Sangat Rendah", high_inclusive=False),
]
_SYNONYMS = {
    "sangat tinggi": "sangat tinggi", "sangat baik": "sangat tinggi", "sangat berhasil": "sangat tinggi",
    "tinggi": "tinggi", "baik": "tinggi", "berhasil": "tinggi",
    "sedang": "sedang", "cukup": "sedang", "cukup baik": "sedang", "cukup berhasil": "sedang",
    "rendah": "rendah", "kurang": "rendah", "kurang baik": "rendah", "kurang berhasil": "rendah",
    "sangat rendah": "sangat rendah", "sangat kurang": "sangat rendah", "tidak berhasil": "sangat rendah",
    "sangat kurang baik": "sangat rendah",
}


def _norm(label: Optional[str]) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z ]", " ", (label or "").lower())).strip()


def _contains(band: ScaleBand, v: float) -> bool:
    if band.low is not None and (v < band.low or (v == band.low and not band.low_inclusive)):
        return False
    if band.high is not None and (v > band.high or (v == band.high and not band.high_inclusive)):
        return False
    return True


def bands_for(scale: list[ScaleBand], value: float) -> list[ScaleBand]:
    """Bands a capaian may fall in: the containing band; above the scale the top band; in a gap
    between printed bands both neighbours."""
    hit = [b for b in scale if _contains(b, value)]
    if hit:
        return hit
    top = max(scale, key=lambda b: b.low if b.low is not None else float("-inf"))
    if top.high is not None and value > top.high:
        return [top]
    below = [(b.high, b) for b in scale if b.high is not None and b.high < value]  # each band with its bound
    above = [(b.low, b) for b in scale if b.low is not None and b.low > value]
    out: list[ScaleBand] = []
    if below:
        out.append(max(below, key=lambda hb: hb[0])[1])
    if above:
        out.append(min(above, key=lambda lb: lb[0])[1])
    return out


def _same(label: str, band_label: str, own: bool) -> bool:
    a, b = _norm(label), _norm(band_label)
    if a == b:
        return True
    return not own and _SYNONYMS.get(a) is not None and _SYNONYMS.get(a) == _SYNONYMS.get(b)


def _known(label: str, scale: list[ScaleBand], own: bool) -> bool:
    return any(_same(label, b.label, own) for b in scale)


def _distance(label: str, value: float) -> int:
    """Bands between a label of the common scale and the band of `value`."""
    order = [_norm(b.label) for b in COMMON_SCALE]
    stated = _SYNONYMS.get(_norm(label))
    actual = _norm(bands_for(COMMON_SCALE, value)[0].label)
    if stated not in order:
        return 0
    return abs(order.index(stated) - order.index(actual))


def _span(band: ScaleBand) -> str:
    lo = "" if band.low is None else fmt(band.low, 0)
    hi = "" if band.high is None else fmt(band.high, 0)
    return f"{lo}–{hi}" if lo and hi else (f"≥ {lo}" if lo else f"< {hi}")


def check_record(ctx: Context, rec: IndicatorRecord) -> Optional[Finding]:
    if not rec.kriteria or rec.capaian is None or capaian_unit_word(rec.capaian_text):
        return None
    own = bool(ctx.scale)
    scale = ctx.scale or COMMON_SCALE
    if not _known(rec.kriteria, scale, own):
        return None
    c = printed(rec.capaian, rec.capaian_text)
    if any(_same(rec.kriteria, b.label, own) for v in readings(c.value, rec.capaian_text) for b in bands_for(scale, v)):
        return None
    if rec.target is not None and rec.realisasi is not None and rec.polarity in ("higher_is_better", "lower_is_better"):
        reached = rec.realisasi >= rec.target if rec.polarity == "higher_is_better" else rec.realisasi <= rec.target
        if reached != (c.value >= 100):
            return None  # the printed capaian means something else (a deviation, a growth rate)
    if rec.polarity == "lower_is_better" and rec.target and rec.realisasi is not None:
        v = judge(as_target(rec.target, rec.target_text), printed(rec.realisasi, rec.realisasi_text), c, rec.polarity)
        if v is not None and v.status == "error":
            return None  # a lower-is-better capaian no formula explains (a deviation): no band to hold it to
    if not own and rec.polarity == "lower_is_better":
        return None  # reports grade lower-is-better capaian in many ways; only their own scale decides
    if re.match(r"^\s*[(\-−]", rec.capaian_text or ""):
        return None  # an accounting negative: which band it belongs to is the report's call
    if not own and _distance(rec.kriteria, c.value) < 2:
        return None  # without the report's own scale only a label two bands away is surely wrong
    expected = " / ".join(dict.fromkeys(b.label for b in bands_for(scale, c.value)))
    lang = ctx.lang
    scale_name = say(lang, "skala kriteria laporan ini", "the report's own kriteria scale") if own else say(
        lang, "skala umum (91/76/66/51)", "the common scale (91/76/66/51)")
    band = bands_for(scale, c.value)
    span = ", ".join(f"{b.label} {_span(b)}" for b in band)
    note = ""
    if rec.target is not None and rec.realisasi is not None and rec.target > 0:
        v = judge(as_target(rec.target, rec.target_text), printed(rec.realisasi, rec.realisasi_text), c, rec.polarity)
        if v is not None and v.status == "error" and v.tried:
            recomputed = v.tried[0].point
            alt = " / ".join(dict.fromkeys(b.label for b in bands_for(scale, recomputed)))
            if alt != expected:
                note = say(lang, f" Dengan capaian yang dihitung ulang ({fmt(recomputed)}%) kriterianya {alt}.",
                           f" With the recomputed capaian ({fmt(recomputed)}%) it would be {alt}.")
    msg = say(
        lang,
        f"Kriteria '{rec.kriteria}' tidak sesuai dengan capaian {rec.capaian_text}: menurut {scale_name} "
        f"seharusnya {expected} ({span}) — {where(rec, lang)}.{note}",
        f"Kriteria '{rec.kriteria}' does not match capaian {rec.capaian_text}: by {scale_name} it should be "
        f"{expected} ({span}) — {where(rec, lang)}.{note}",
    )
    return finding(ctx, "kriteria", "error" if own else "warning", rec, msg, stated=rec.kriteria, expected=expected)


def rule_kriteria(ctx: Context) -> list[Finding]:
    # a capaian against a Renstra target, between two years, or of a budget: not the year's achievement
    other = {t for t, field in period_columns(ctx) if field == "capaian"}
    found = [f for rec in ctx.indicators if rec.table_index not in other and (f := check_record(ctx, rec)) is not None]
    return list({f.message: f for f in reversed(found)}.values())[::-1]  # one per printed row


RULES["kriteria"] = rule_kriteria
