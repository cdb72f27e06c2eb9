"""Rule `cross_table` (agreement of kind): one indicator printed in two tables must be measured in
the same kind of unit and have its capaian computed the same way round.

- satuan: 'Persen' in one table and 'Indeks' (or 'Orang') in another for the same indicator, held
  by whichever unit (the kind of unit belongs to the indicator). Only clean one-word units of a known kind are compared, so a misread satuan cell
  ('poin poin orang') never becomes a finding; two words of one kind ('Dokumen' / 'Laporan') agree.
- capaian: one table's capaian is only explained by realisasi/target, another's only by
  target/realisasi (or its reflection). The document computed the same indicator both ways, so
  one of them is the wrong way round, whatever the indicator's name says (no wording cue needed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from schemas import Finding, IndicatorRecord
from validate.capaian import _forms, as_realisasi, as_target, capaian_unit_word, not_a_value_row
from validate.context import RULES, Context
from validate.cross_table import merged_keys, shifted_rows, unit_key
from validate.printed import overlaps, printed
from validate.report import finding, say, where
from validate.unit_kinds import unit_kind

def _printed_satuan(r: IndicatorRecord) -> Optional[str]:
    """The satuan's kind; a percent only when the row prints it in a cell of its own ('Persen',
    '%'), since a satuan read off a figure ('100%') says less about the indicator."""
    kind = unit_kind(r.satuan)
    if kind == "percent" and not any(unit_kind(c.strip()) == kind for c in r.source_text.split("\t")):
        return None  # 'persen' read off a '100%' figure, not printed as the satuan
    return kind


def _named(r: IndicatorRecord) -> bool:
    """An indicator name with words in it ('1' is a numbering cell read as the name)."""
    return len(re.findall(r"[A-Za-z]{3,}", r.indikator or "")) >= 2


def _groups(ctx: Context, by_unit: bool = True) -> list[list[IndicatorRecord]]:
    """Records of one indicator in more than one table; with `by_unit`, of one unit of the
    organisation (a record printed without a unit joins every unit)."""
    canon = merged_keys(ctx.indicators)
    shifted = shifted_rows(ctx.indicators)
    groups: dict[tuple, list[IndicatorRecord]] = defaultdict(list)
    for r in ctx.indicators:
        if r.indicator_key and _named(r) and r.record_id not in shifted and not not_a_value_row(r):
            groups[(canon[r.indicator_key], r.indicator_scope)].append(r)
    out = []
    for recs in groups.values():
        if not by_unit:
            if len({r.table_index for r in recs}) > 1:
                out.append(recs)
            continue
        # records of one unit together; a record printed without a unit (a summary table) joins every unit
        units: dict[str, list[IndicatorRecord]] = defaultdict(list)
        for r in recs:
            units[unit_key(r.org_unit)].append(r)
        bare = units.pop("", [])
        for g in ([u + bare for u in units.values()] if units else [bare]):
            if len({r.table_index for r in g}) > 1:
                out.append(g)
    return out


def _satuan(ctx: Context, recs: list[IndicatorRecord]) -> list[Finding]:
    by_kind: dict[str, list[IndicatorRecord]] = defaultdict(list)
    for r in recs:
        kind = _printed_satuan(r)
        if kind:
            by_kind[kind].append(r)
    if len(by_kind) < 2:
        return []
    # the kind most tables use is the indicator's; each table of another kind is reported once
    ranked = sorted(by_kind.items(), key=lambda kv: (-len({r.table_index for r in kv[1]}), kv[1][0].page or 0))
    main = ranked[0][1]
    if len({r.table_index for r in ranked[0][1]}) == len({r.table_index for r in ranked[1][1]}) and len(ranked) == 2:
        main = min(ranked, key=lambda kv: (kv[1][0].page or 0, kv[1][0].line or 0))[1]
    out = []
    lang = ctx.lang
    for kind, rows in by_kind.items():
        if rows is main:
            continue
        seen = set()
        for r in rows:
            if r.table_index in seen:
                continue
            seen.add(r.table_index)
            other = main[0]
            msg = say(
                lang,
                f"Satuan indikator '{r.indikator}' adalah '{r.satuan}' di {where(r, lang)}, tetapi '{other.satuan}' di "
                f"{where(other, lang)}: satu indikator diukur dengan dua jenis satuan.",
                f"The satuan of '{r.indikator}' is '{r.satuan}' in {where(r, lang)} but '{other.satuan}' in "
                f"{where(other, lang)}: one indicator measured in two kinds of unit.",
            )
            out.append(finding(ctx, "cross_table", "warning", r, msg, stated=r.satuan, expected=other.satuan,
                               evidence=[other]))
    return out


def _way(r: IndicatorRecord) -> Optional[str]:
    """'higher' when only realisasi/target explains the printed capaian, 'lower' when only
    target/realisasi or its reflection does, None when both or neither do."""
    if r.capaian is None or r.target is None or r.realisasi is None or r.target <= 0 or r.realisasi <= 0:
        return None
    if r.polarity == "range" or capaian_unit_word(r.capaian_text):
        return None
    forms = _forms(as_target(r.target, r.target_text), as_realisasi(r.realisasi, r.realisasi_text))
    c = printed(r.capaian, r.capaian_text)
    fit = {name for name, f in forms.items() if overlaps((f.lo, f.hi), c.rounded()) or overlaps((f.lo, f.hi), c.truncated())}
    if fit == {"r/t"}:
        return "higher"
    if fit and fit <= {"t/r", "2t-r"}:
        return "lower"
    return None


def _formula(ctx: Context, recs: list[IndicatorRecord]) -> list[Finding]:
    by_year: dict = defaultdict(lambda: defaultdict(list))
    for r in recs:
        w = _way(r)
        if w:
            by_year[r.year][w].append(r)
    return [f for ways in by_year.values() if len(ways) == 2 for f in _formula_pair(ctx, ways)]


def _formula_pair(ctx: Context, ways: dict[str, list[IndicatorRecord]]) -> list[Finding]:
    hi, lo = ways["higher"][0], ways["lower"][0]
    if hi.table_index == lo.table_index:
        return []
    lang = ctx.lang
    at, other = (hi, lo) if (hi.page or 0, hi.line or 0) >= (lo.page or 0, lo.line or 0) else (lo, hi)
    msg = say(
        lang,
        f"Capaian '{hi.indikator}' dihitung realisasi/target ({hi.capaian_text}) di {where(hi, lang)}, tetapi "
        f"target/realisasi ({lo.capaian_text}) di {where(lo, lang)}: salah satunya dihitung terbalik.",
        f"Capaian of '{hi.indikator}' is computed as realisasi/target ({hi.capaian_text}) in {where(hi, lang)} but as "
        f"target/realisasi ({lo.capaian_text}) in {where(lo, lang)}: one of them is the wrong way round.",
    )
    return [finding(ctx, "cross_table", "warning", at, msg, stated=at.capaian_text, expected=other.capaian_text,
                    evidence=[other])]


def rule_agreement(ctx: Context) -> list[Finding]:
    out: dict[tuple, Finding] = {}
    # the kind of unit is the indicator's, whoever holds it; the way capaian is computed is compared
    # within one unit's tables
    found = [f for recs in _groups(ctx, by_unit=False) for f in _satuan(ctx, recs)]
    found += [f for recs in _groups(ctx) for f in _formula(ctx, recs)]
    for f in found:
        out.setdefault((f.message, tuple(f.record_ids[:1])), f)
    return list(out.values())


RULES["agreement"] = rule_agreement
