"""Rule `cross_table`: the same indicator (same key, same year, same unit of the organisation)
printed in two tables of one report with a different target, realisasi, capaian or anggaran; and a
program / kegiatan whose anggaran differs between an indicator table and the budget table.

Figures are compared as intervals: "100%" and "100.04%" agree (one is rounded), "106%" against
"106.67%" is only a truncation (info), "100.03%" against "100.04%" or "80%" against "53.6%" do not
agree (warning: the report contradicts itself; which figure is right needs the source data).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Optional

from rapidfuzz import fuzz

from ingest.extract.tables import shape_of
from schemas import BudgetLine, Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.capaian import FIGURE, part_year, part_year_tables, ambiguous_tables, capaian_unit_word, head_text, \
    not_a_value_row, readings
from validate.printed import Printed, fmt, overlaps, printed
from validate.report import finding, say, text_finding, where

FIELDS = (
    ("target", "target_text", "Target", "Target"),
    ("realisasi", "realisasi_text", "Realisasi", "Realisasi"),
    ("capaian", "capaian_text", "Capaian", "Capaian"),
    ("anggaran", None, "Anggaran", "Anggaran"),
    ("anggaran_realisasi", None, "Realisasi anggaran", "Budget realisasi"),
)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# a column holding the medium-term (Renstra / end-of-period) target, not the year's target
_PERIOD = re.compile(r"renstra|rpjmd|akhir|jangka menengah|periode|kondisi|20\d\d\s*[-–]\s*20\d\d", re.I)
# quarterly or monthly columns (Rencana Aksi, TW I-IV): figures of part of the year

_PREFIX = re.compile(r"^\s*(program|kegiatan|sub\s*kegiatan)\s*:?\s*", re.I)


def report_year(ctx: Context) -> Optional[int]:
    """The year a record without a printed year belongs to: the document's year, else the year
    most realisasi figures are printed for, else the first year in the title."""
    if ctx.document.year:
        return ctx.document.year
    years = Counter(r.year for r in ctx.indicators if r.year and r.realisasi is not None)
    if years:
        return years.most_common(1)[0][0]
    m = _YEAR.search(ctx.document.title or "")
    return int(m.group(1)) if m else None


_POSITION = re.compile(r"^(?:plt\.?\s+|plh\.?\s+)?kepala\s+")


def unit_key(name: Optional[str]) -> str:
    """The unit a record belongs to, for grouping: a pohon kinerja heads a unit's tables with its
    head's position ('KEPALA DINAS PEKERJAAN UMUM'), another table of the same document names the
    unit itself ('Dinas Pekerjaan Umum'): one unit."""
    return _POSITION.sub("", re.sub(r"\s+", " ", (name or "").lower()).strip())


def merged_keys(records: list[IndicatorRecord]) -> dict[str, str]:
    """Map near-identical keys ('fasilitas' / 'fasilitasi') onto one, unless both are printed in
    one table (then they are two indicators)."""
    tables: dict[str, set] = defaultdict(set)
    for r in records:
        if r.indicator_key:
            tables[r.indicator_key].add(r.table_index)
    keys = sorted(tables)
    canon = {k: k for k in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if canon[b] != b or tables[a] & tables[b]:
                continue
            if abs(len(a) - len(b)) <= 4 and fuzz.ratio(a, b) >= 94:
                canon[b] = canon[a]
    return canon


def _agree(a: Printed, b: Printed, a_text: Optional[str] = None, b_text: Optional[str] = None) -> str:
    """same | truncated | differ. Two figures printed to the same precision agree only when equal;
    an ambiguous separator ('3,000' against '3000') agrees when either reading does; figures a
    thousand times apart are two different measures (a column mix-up), not a restatement."""
    ra, rb = readings(a.value, a_text), readings(b.value, b_text)
    if any(abs(x - y) < 1e-9 * max(1.0, abs(x)) for x in ra for y in rb):
        return "same"
    lo, hi = sorted((abs(a.value), abs(b.value)))
    if lo > 0 and hi / lo > 1000:
        return "same"
    if a.decimals == b.decimals:
        return "same" if abs(a.value - b.value) < a.unit / 2 else "differ"
    if overlaps(a.rounded(), b.rounded()):
        return "same"
    if a.decimals != b.decimals:
        coarse, fine = (a, b) if a.decimals < b.decimals else (b, a)
        if overlaps(coarse.truncated(), fine.rounded()):
            return "truncated"
    return "differ"


def agree_target(a: Printed, b: Printed, a_text: Optional[str] = None, b_text: Optional[str] = None) -> str:
    """Targets are set values, not measurements: '0,1' and '0,09' are two targets, '7,5' and
    '7,50' one. Only another reading of an ambiguous separator, or a figure a thousand times
    apart (another measure), makes two different values agree."""
    ra, rb = readings(a.value, a_text), readings(b.value, b_text)
    if any(abs(x - y) < 1e-9 * max(1.0, abs(x)) for x in ra for y in rb):
        return "same"
    lo, hi = sorted((abs(a.value), abs(b.value)))
    return "same" if lo > 0 and hi / lo > 1000 else "differ"


def period_columns(ctx: Context) -> set[tuple[int, str]]:
    """(table index, field) pairs never compared with the year's figures: target and capaian of a
    table whose target is a Renstra / end-of-period target, and every measure of a table printed
    per quarter or month."""
    out: set[tuple[int, str]] = set()
    if ctx.layout is None:
        return out
    last: tuple[int, tuple[str, ...]] = (-1, ())
    for table in ctx.layout.tables():
        roles = shape_of(table).roles
        measured = [r for r in roles if r.role in ("target", "realisasi", "capaian")]
        fields: tuple[str, ...] = ()
        head = head_text(table)
        if measured and (part_year(head) or any(part_year(r.label or "") for r in measured)):
            fields = ("target", "realisasi", "capaian")
        elif any(r.role in ("target", "capaian") and _PERIOD.search(r.label or "") for r in measured):
            fields = ("target", "capaian")  # capaian against that target
        elif measured:
            fields = _other_meaning(roles)
        elif not measured and table.n_cols == last[0]:
            fields = last[1]  # a continuation printed without its header keeps the header's meaning
        out.update((table.index, f) for f in fields)
        if measured:
            # the years of a multi-year header do not reach a continuation printed without it
            multi_year = len({r.year for r in measured if r.year}) > 1
            last = (table.n_cols, ("target", "realisasi", "capaian") if multi_year else fields)
    return out


def _period_labelled(ctx: Context) -> set[int]:
    """Tables whose target or capaian column is labelled as a period's ('Target Renstra', 'Kondisi
    Akhir', '2019-2023')."""
    if ctx.layout is None:
        return set()
    return {t.index for t in ctx.layout.tables()
            if any(r.role in ("target", "capaian") and _PERIOD.search(r.label or "") for r in shape_of(t).roles)}


def _other_meaning(roles) -> tuple[str, ...]:
    """Measures whose column does not mean the year's figure against the year's target: a capaian
    between two realisasi years ('Tahun 2015 | Tahun 2016 | Capaian'), a target of a later year,
    a realisasi and capaian beside an anggaran with no target (money and its absorption)."""
    by = {k: [r for r in roles if r.role == k] for k in ("target", "realisasi", "capaian", "anggaran")}
    r_years = {r.year for r in by["realisasi"] if r.year}
    t_years = {r.year for r in by["target"] if r.year}
    if by["anggaran"] and not by["target"] and by["realisasi"]:
        return ("realisasi", "capaian")
    if len(r_years) > 1 and any(r.year is None for r in by["capaian"]):
        return ("capaian",)
    if r_years and t_years and not (r_years & t_years):
        return ("target", "capaian")
    return ()


def _shape(rec: IndicatorRecord) -> tuple[bool, ...]:
    return tuple(bool(c.strip()) for c in rec.source_text.split("\n")[0].split("\t"))


def merged_blank(rec: IndicatorRecord, shape: tuple[bool, ...], common: tuple[bool, ...]) -> bool:
    """A gap that is a merged cell left blank (the sasaran of the row above), not a shift: the row
    has the table's cells, fills none the table leaves empty, and its blanks all stand before its
    first figure, so its figures sit in their columns."""
    if len(shape) != len(common) or any(s and not c for s, c in zip(shape, common)):
        return False
    cells = rec.source_text.split("\n")[0].split("\t")
    first = next((i for i, c in enumerate(cells) if FIGURE.match(c) and not re.fullmatch(r"\s*\d{1,2}[.)]?\s*", c)), None)
    blanks = [i for i, (s, c) in enumerate(zip(shape, common)) if c and not s]
    return first is not None and all(i < first for i in blanks)


def shifted_rows(records: list[IndicatorRecord]) -> set[str]:
    """Record ids of rows printed with a gap where the table's other rows have none (a cell
    shifted right, or a merged cell read as empty): which column their figures belong to is
    uncertain, so they are not compared."""
    by_table: dict[Optional[int], dict[Optional[int], IndicatorRecord]] = defaultdict(dict)
    for r in records:
        by_table[r.table_index][r.row_index] = r
    out: set[str] = set()
    for rows in by_table.values():
        shapes = Counter(_shape(r) for r in rows.values())
        if len(rows) < 3:
            continue
        common, n = shapes.most_common(1)[0]
        if n * 2 <= len(rows):
            continue
        for r in rows.values():
            shape = _shape(r)
            gap = any(not x for x in shape[1:-1])
            if shape != common and gap and len(shape) >= len(common) and not merged_blank(r, shape, common):
                out.update(x.record_id for x in records if x.table_index == r.table_index and x.row_index == r.row_index)
    return out


def _value(rec: IndicatorRecord, field: str, text_field: Optional[str]) -> Optional[Printed]:
    v = getattr(rec, field)
    if v is None:
        return None
    if field == "capaian" and capaian_unit_word(rec.capaian_text):
        return None
    text = getattr(rec, text_field) if text_field else None
    p = printed(v, text)
    return Printed(v, 0) if field.startswith("anggaran") else p


def _unit_kind(text: Optional[str]) -> str:
    """'%' for a percent, 'unit' for a figure printed with a unit word ('1 paket'), '' for a bare one."""
    if not text:
        return ""
    if "%" in text or re.search(r"\bpersen\b", text, re.I):
        return "%"
    return "unit" if re.search(r"[A-Za-z]{2,}", text) else ""


def _consistent_tables(vals: list, text_field: Optional[str]) -> list:
    """Drop the figures of a table that gives one indicator several values for the same year:
    its years were not read, so none of its figures can be set against another table's."""
    by_table: dict = defaultdict(list)
    for r, p in vals:
        by_table[r.table_index].append((r, p))
    keep = []
    for rows in by_table.values():
        first_r, first_p = rows[0]
        text = (lambda x: getattr(x, text_field)) if text_field else (lambda x: None)
        if all(_agree(first_p, p, text(first_r), text(r)) == "same" for r, p in rows[1:]):
            keep.extend(rows)
    return keep


def _listing(cluster: list[tuple[IndicatorRecord, Printed]], lang: str) -> str:
    return "; ".join(where(r, lang) for r, _ in cluster)


def _shown(rec: IndicatorRecord, field: str, text_field: Optional[str], p: Printed) -> str:
    if text_field and getattr(rec, text_field):
        return getattr(rec, text_field)
    return f"Rp {fmt(p.value, 0)}" if field.startswith("anggaran") else p.show()


def _compare_group(ctx: Context, recs: list[IndicatorRecord], period: set[tuple[int, str]], shifted: set[str],
                   fields: Optional[tuple[str, ...]] = None) -> list[tuple[str, Finding]]:
    """(field, finding) for each measure of one indicator that the tables print differently."""
    return [(field, f) for field in (fields or tuple(x[0] for x in FIELDS))
            for f in _compare_field(ctx, recs, period, shifted, (field,))]


def _compare_field(
    ctx: Context, recs: list[IndicatorRecord], period: set[tuple[int, str]], shifted: set[str],
    fields: Optional[tuple[str, ...]] = None,
) -> list[Finding]:
    out: list[Finding] = []
    lang = ctx.lang
    for field, text_field, word_id, word_en in FIELDS:
        if fields is not None and field not in fields:
            continue
        vals = [
            (r, p) for r in recs
            if (r.table_index, field) not in period and r.record_id not in shifted and not not_a_value_row(r)
            and not (field in ("target", "capaian") and (r.table_role or "").endswith("renstra"))
            and (p := _value(r, field, text_field)) is not None
        ]
        if field.startswith("anggaran"):  # money belongs to a program / kegiatan, not to an indikator
            programs = {_name_key(r.program) for r, _ in vals}
            if len(programs) != 1 or "" in programs:
                continue
        vals = _consistent_tables(vals, text_field)
        if len({r.table_index for r, _ in vals}) < 2:
            continue
        if text_field and len({k for r, _ in vals if (k := _unit_kind(getattr(r, text_field)))}) > 1:
            continue  # '1 paket' in one table, '100%' in another: two measures of one thing, not a slip
        vals.sort(key=lambda x: -x[1].decimals)  # the most precise figure leads its cluster
        clusters: list[list[tuple[IndicatorRecord, Printed]]] = []
        truncations: list[tuple[IndicatorRecord, Printed, IndicatorRecord, Printed]] = []
        for r, p in vals:
            for cl in clusters:
                lead = cl[0][0]
                agree = agree_target if field == "target" else _agree
                verdict = agree(cl[0][1], p, getattr(lead, text_field) if text_field else None,
                                getattr(r, text_field) if text_field else None)
                if verdict == "same":
                    cl.append((r, p))
                    break
                if verdict == "truncated":
                    truncations.append((cl[0][0], cl[0][1], r, p))
                    cl.append((r, p))
                    break
            else:
                clusters.append([(r, p)])
        values = [abs(cl[0][1].value) for cl in clusters]
        if len(clusters) > 2 or (len(clusters) == 2 and min(values) > 0 and max(values) / min(values) > 10):
            continue  # three readings of one figure, or two ten times apart: other scopes or units, not a slip
        if len(clusters) > 1:
            clusters.sort(key=lambda cl: (-len(cl), cl[0][0].line or 0))
            odd = clusters[-1]
            at = odd[0][0]
            parts = [
                f"{_shown(cl[0][0], field, text_field, cl[0][1])} ({_listing(cl, lang)})" for cl in clusters
            ]
            msg = say(
                lang,
                f"{word_id} indikator '{at.indikator}' dicetak berbeda dalam laporan yang sama: " + " vs ".join(parts) + ".",
                f"{word_en} of '{at.indikator}' is printed differently within the same report: " + " vs ".join(parts) + ".",
            )
            evidence = [r for cl in clusters for r, _ in cl]
            out.append(finding(ctx, "cross_table", "warning", at, msg,  # tagged with its field below
                               stated=_shown(at, field, text_field, odd[0][1]),
                               expected=_shown(clusters[0][0][0], field, text_field, clusters[0][0][1]),
                               evidence=evidence, figures=(field,)))
        elif truncations:
            fine_rec, fine, coarse_rec, coarse = truncations[0]
            if fine.decimals < coarse.decimals:
                fine_rec, fine, coarse_rec, coarse = coarse_rec, coarse, fine_rec, fine
            msg = say(
                lang,
                f"{word_id} '{coarse_rec.indikator}' {_shown(coarse_rec, field, text_field, coarse)} di "
                f"{where(coarse_rec, lang)} adalah {_shown(fine_rec, field, text_field, fine)} di "
                f"{where(fine_rec, lang)} yang dipotong, bukan dibulatkan.",
                f"{word_en} of '{coarse_rec.indikator}' {_shown(coarse_rec, field, text_field, coarse)} in "
                f"{where(coarse_rec, lang)} is {_shown(fine_rec, field, text_field, fine)} in "
                f"{where(fine_rec, lang)} truncated, not rounded.",
            )
            out.append(finding(ctx, "cross_table", "info", coarse_rec, msg,
                               stated=_shown(coarse_rec, field, text_field, coarse),
                               expected=_shown(fine_rec, field, text_field, fine), evidence=[fine_rec],
                               figures=(field,)))
    return out


UNSURE = 3  # conflicts in one column of one table from which the column, not the rows, is in doubt


def unsure_columns(ctx: Context, pairs: list[tuple[str, Finding]]) -> list[Finding]:
    """A column that disagrees with the other tables on UNSURE indicators or more is a column
    read with another meaning (another unit's targets, another year, a cumulative figure): one
    `structure` finding for the column instead of a conflict per row. Truncation notes stay."""
    by_col: dict[tuple[str, Optional[int]], list[Finding]] = defaultdict(list)
    for field, f in pairs:
        if f.severity == "warning":
            by_col[(field, f.table_index)].append(f)
    out = [f for field, f in pairs if f.severity != "warning" or len(by_col[(field, f.table_index)]) < UNSURE]
    lang = ctx.lang
    for (field, table), found in by_col.items():
        if len(found) < UNSURE:
            continue
        first = found[0]
        names = list(dict.fromkeys(f.indikator for f in found if f.indikator))
        where_ = f"{first.section or say(lang, 'tabel', 'table')} ({say(lang, 'hlm.', 'p.')} {first.page})"
        out.append(text_finding(
            ctx, "structure", "info", page=first.page, line=first.line, source_text=first.source_text,
            table_index=table, section=first.section,
            message=say(
                lang,
                f"Kolom {field} {where_} berbeda dengan tabel lain untuk {len(names)} indikator "
                f"({'; '.join(n[:50] for n in names[:4])}{'; ...' if len(names) > 4 else ''}): kolom ini tampaknya "
                "bermakna lain (unit lain, tahun lain, angka kumulatif), sehingga tidak dibandingkan per baris.",
                f"The {field} column of {where_} differs from the other tables for {len(names)} indicators "
                f"({'; '.join(n[:50] for n in names[:4])}{'; ...' if len(names) > 4 else ''}): the column seems to "
                "mean something else (another unit, another year, a cumulative figure), so it is not compared row by row.",
            ),
            figures=[e for f in found[:8] for e in f.evidence[:1]],
        ))
    return out


_SECTION_PROGRAM = re.compile(r"^\W*(?:\(?\d+[.)]\s*)?(program|kegiatan|sub\s*kegiatan)\b", re.I)


def _program_of(r: IndicatorRecord) -> str:
    """The program / kegiatan a row belongs to: its own, else the one its section is headed by
    ('(4) Kegiatan Administrasi Kepegawaian ...')."""
    if r.program:
        return _name_key(r.program)
    return _name_key(r.section) if r.section and _SECTION_PROGRAM.match(r.section) else ""


def _name_key(name: Optional[str]) -> str:
    t = _PREFIX.sub("", (name or "").lower())
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def budget_year(b: BudgetLine) -> Optional[int]:
    """The year a budget line's amount is for, when its column printed one (a plan's year columns)."""
    y = (b.extra or {}).get("year")
    return int(y) if y and str(y).isdigit() else None


def _budget_vs_indicators(ctx: Context) -> list[Finding]:
    """A program / kegiatan named on an indicator row (PK, kinerja-anggaran tables) printed with a
    different anggaran in the budget table."""
    out: list[Finding] = []
    lang = ctx.lang
    lines: dict[str, list[tuple[BudgetLine, float]]] = defaultdict(list)  # each line with its anggaran
    for b in ctx.budget:
        if b.anggaran is not None and b.level in ("program", "kegiatan", "sub_kegiatan"):
            lines[_name_key(b.name)].append((b, b.anggaran))
    seen: set[tuple[str, str]] = set()
    years: dict[tuple, set[int]] = defaultdict(set)
    for r in ctx.indicators:
        if r.anggaran is not None and r.year is not None and r.table_index is not None:
            years[(r.table_index, r.row_index)].add(r.year)
    for r in ctx.indicators:
        if not r.program or r.anggaran is None:
            continue
        plan_row = len(years.get((r.table_index, r.row_index), ())) > 1
        for b, pagu in lines.get(_name_key(r.program), []):
            if abs(pagu - r.anggaran) < 0.5 or (r.record_id, b.record_id) in seen:
                continue
            if (b.table_index, b.row_index) == (r.table_index, r.row_index):
                continue  # the budget line was read off this very row: not a restatement
            by = budget_year(b)
            if (by is not None and r.year is not None and by != r.year) or (by is None and plan_row):
                continue  # a plan's anggaran for another year (or a line printed for no year against a plan row)
            if min(pagu, r.anggaran) * 10 < max(pagu, r.anggaran):
                continue  # orders of magnitude apart: another unit (juta, ribu) or a target read as pagu
            seen.add((r.record_id, b.record_id))
            msg = say(
                lang,
                f"Anggaran '{b.name}' dicetak Rp {fmt(r.anggaran, 0)} di {where(r, lang)} tetapi Rp "
                f"{fmt(pagu, 0)} di {where(b, lang)} (selisih Rp {fmt(pagu - r.anggaran, 0)}).",
                f"Anggaran of '{b.name}' is Rp {fmt(r.anggaran, 0)} in {where(r, lang)} but Rp "
                f"{fmt(pagu, 0)} in {where(b, lang)} (difference Rp {fmt(pagu - r.anggaran, 0)}).",
            )
            out.append(finding(ctx, "cross_table", "warning", b, msg, stated=fmt(pagu, 0),
                               expected=fmt(r.anggaran, 0), evidence=[r]))
    return out


def _budget_across_tables(ctx: Context) -> list[Finding]:
    """One program / kegiatan printed in two budget tables (the realisasi table and a summary by
    program) with another anggaran or realisasi. Money is printed to the rupiah: any difference."""
    out: list[Finding] = []
    lang = ctx.lang
    named: dict[tuple[str, Optional[str], Optional[int]], list[BudgetLine]] = defaultdict(list)
    for b in ctx.budget:
        if b.name and b.level != "total" and len(_name_key(b.name)) >= 8:
            named[(_name_key(b.name), b.level if b.level == "belanja" else None, budget_year(b))].append(b)
    # tables that share several names and disagree on most of them are parallel tables of
    # different units (one per satker), not one table restating another
    shared: dict[tuple, list[bool]] = defaultdict(list)
    for lines in named.values():
        by_t = {b.table_index: b for b in lines}
        for ta, tb in ((x, y) for x in by_t for y in by_t if x is not None and y is not None and x < y):
            shared[(ta, tb)].append(by_t[ta].anggaran == by_t[tb].anggaran)
    parallel = {k for k, agree in shared.items() if len(agree) >= 2 and sum(agree) * 2 < len(agree)}
    for lines in named.values():
        if len({b.table_index for b in lines}) < 2:
            continue
        tabs = sorted({b.table_index for b in lines if b.table_index is not None})
        if any((x, y) in parallel for x in tabs for y in tabs):
            continue
        for field, word_id, word_en in (("anggaran", "Anggaran", "Anggaran"), ("realisasi", "Realisasi", "Realisasi")):
            vals = [b for b in lines if getattr(b, field) is not None]
            per_table: dict[Optional[int], set[float]] = defaultdict(set)
            for b in vals:
                per_table[b.table_index].add(getattr(b, field))
            if len(per_table) < 2 or any(len(v) > 1 for v in per_table.values()):
                continue  # one table gives the name two amounts: two lines of one name, not a restatement
            amounts = Counter(getattr(b, field) for b in vals)
            if len(amounts) < 2:
                continue
            a = sorted(vals, key=lambda x: (-amounts[getattr(x, field)], x.line or 0))[0]
            odd = [x for x in vals if getattr(x, field) != getattr(a, field)]
            if not odd or min(getattr(a, field), getattr(odd[0], field)) * 2 < max(getattr(a, field), getattr(odd[0], field)):
                continue  # more than twice apart: another unit (ribu, juta) or another scope, not a restatement
            b = odd[0]
            msg = say(
                lang,
                f"{word_id} '{b.name}' dicetak Rp {fmt(getattr(b, field), 0)} di {where(b, lang)} tetapi Rp "
                f"{fmt(getattr(a, field), 0)} di {where(a, lang)} (selisih Rp {fmt(getattr(b, field) - getattr(a, field), 0)}).",
                f"{word_en} of '{b.name}' is Rp {fmt(getattr(b, field), 0)} in {where(b, lang)} but Rp "
                f"{fmt(getattr(a, field), 0)} in {where(a, lang)} (difference Rp {fmt(getattr(b, field) - getattr(a, field), 0)}).",
            )
            out.append(finding(ctx, "cross_table", "warning", b, msg, stated=fmt(getattr(b, field), 0),
                               expected=fmt(getattr(a, field), 0), evidence=[a], figures=(field,)))
    return out


# Documents that restate one indicator across tables of one report; pohon kinerja, IKU decrees and
# Renstra print an indicator per unit and per year, where a year read one column off is likelier
# than a contradiction.
_RESTATING = {"lkjip", "perjanjian_kinerja", "unknown", None}


def _targets_across_tables(ctx: Context) -> list[Finding]:
    """Pohon kinerja, IKU and Renstra: one indicator printed in two tables (the tree and its
    matrix, the IKU list and its annex) with another target for the same printed year. Records of
    one unit are compared with each other; a record printed without a unit (a summary table) is
    compared with every unit's, and reported only when it matches none of them."""
    canon = merged_keys(ctx.indicators)
    period = {(t, f) for t, f in period_columns(ctx) if f == "target"}
    # a plan printing each year's target under its year ('Kondisi Awal (2024) | Target 2025 ... 2029')
    # gives each record its year's target, whatever the table's other columns mean; not when its
    # targets are labelled as another period's ('Target Renstra', a revised plan beside the first)
    plans = plan_tables(ctx) - part_year_tables(ctx) - _period_labelled(ctx)
    shifted = shifted_rows(ctx.indicators)
    groups: dict[tuple, list[IndicatorRecord]] = defaultdict(list)
    target_of: dict[int, Printed] = {}  # id(record) -> its printed target, for the grouped records
    for r in ctx.indicators:
        yearly = bool(r.year) and r.table_index in plans
        if r.indicator_key and r.target is not None and r.target_text \
                and ((r.table_index, "target") not in period or yearly) \
                and r.record_id not in shifted and not not_a_value_row(r):
            groups[(canon[r.indicator_key], r.indicator_scope, r.year)].append(r)
            target_of[id(r)] = printed(r.target, r.target_text)
    out: list[Finding] = []
    pairs: list[tuple[str, Finding]] = []
    lang = ctx.lang
    for recs in groups.values():
        if len({r.table_index for r in recs}) < 2:
            continue
        units: dict[str, list[IndicatorRecord]] = defaultdict(list)
        for r in recs:
            units[unit_key(r.org_unit)].append(r)
        for unit, same in units.items():
            if unit and len({r.table_index for r in same}) > 1:
                pairs.extend(_compare_group(ctx, same, period, shifted, fields=("target",)))
        for r in units.get("", []):
            others = [o for o in recs if o.table_index != r.table_index]
            p = target_of[id(r)]
            if not others or any(agree_target(p, target_of[id(o)], r.target_text, o.target_text) == "same"
                                 for o in others):
                continue
            shown = "; ".join(f"{o.target_text} ({where(o, lang)})" for o in others[:4])
            msg = say(
                lang,
                f"Target indikator '{r.indikator}' dicetak {r.target_text} di {where(r, lang)}, tetapi {shown}.",
                f"Target of '{r.indikator}' is printed {r.target_text} in {where(r, lang)}, but {shown}.",
            )
            pairs.append(("target", finding(ctx, "cross_table", "warning", r, msg, stated=r.target_text,
                                            expected=others[0].target_text, evidence=others, figures=("target",))))
    return out + unsure_columns(ctx, pairs)


def plan_tables(ctx: Context) -> set[int]:
    """Tables printing one indicator's target for three years or more (an RPJMD / Renstra / IKU
    plan). In a report on one year, the plan's figure for that year and the year's agreed (PK)
    target are two targets by design, not one target printed twice."""
    years: dict[tuple, set] = defaultdict(set)
    for r in ctx.indicators:
        if r.indicator_key and r.target is not None and r.year and r.table_index is not None:
            years[(r.table_index, r.indicator_key)].add(r.year)
    return {t for (t, _), ys in years.items() if len(ys) >= 3}


def rule_cross_table(ctx: Context) -> list[Finding]:
    if ctx.document.doc_type not in _RESTATING:
        return _targets_across_tables(ctx) + _budget_vs_indicators(ctx) + _budget_across_tables(ctx)
    year = report_year(ctx)
    canon = merged_keys(ctx.indicators)
    level = _level_of(ctx.indicators, canon)
    groups: dict[tuple, list[IndicatorRecord]] = defaultdict(list)
    for r in ctx.indicators:
        if not r.indicator_key:
            continue
        unit = unit_key(r.org_unit)
        # a Renstra comparison table is dated by its end year, but its realisasi is the report year's
        when = year if (r.table_role or "").endswith("renstra") else (r.year or year)
        # one indicator under two kegiatan is two measurements, not one printed twice
        groups[(canon[r.indicator_key], r.indicator_scope, when, unit, level(r), _program_of(r))].append(r)
    out: list[Finding] = []
    plans = plan_tables(ctx)
    period = period_columns(ctx) | {(t, "target") for t in plans}
    shifted = shifted_rows(ctx.indicators)
    for t in ambiguous_tables(ctx):
        period.update({(t, "target"), (t, "realisasi"), (t, "capaian")})
    pairs: list[tuple[str, Finding]] = []
    for recs in groups.values():
        if len({r.table_index for r in recs}) > 1:
            pairs.extend(_compare_group(ctx, recs, period, shifted))
    pairs += _end_targets(ctx, year, canon, level, plans, shifted)
    return out + unsure_columns(ctx, pairs) + _budget_vs_indicators(ctx) + _budget_across_tables(ctx)


def _level_of(records: list[IndicatorRecord], canon: dict[str, str]):
    """A record's level for grouping: a table that prints no level (a summary restating the
    indicator) takes the one level the indicator has elsewhere, so it is compared with it."""
    levels: dict[tuple, set] = defaultdict(set)
    for r in records:
        if r.indicator_key and r.level:
            levels[(canon[r.indicator_key], r.indicator_scope, unit_key(r.org_unit))].add(r.level)

    def level(r: IndicatorRecord) -> Optional[str]:
        if r.level or not r.indicator_key:
            return r.level
        known = levels.get((canon[r.indicator_key], r.indicator_scope, unit_key(r.org_unit)), set())
        return next(iter(known)) if len(known) == 1 else None

    return level


def _end_targets(ctx: Context, year: Optional[int], canon: dict[str, str], level, plans: set[int],
                 shifted: set[str]) -> list[tuple[str, Finding]]:
    """A Renstra-end target ('Target Akhir Renstra 2030') against the same year's target printed in
    another table: one set figure for one year. (Its capaian and the report year's realisasi beside
    it are the report year's, compared with the year's tables above.)"""
    groups: dict[tuple, list[IndicatorRecord]] = defaultdict(list)
    for r in ctx.indicators:
        if not r.indicator_key or not r.year or r.year == year or r.target is None or r.table_index in plans:
            continue
        unit = unit_key(r.org_unit)
        groups[(canon[r.indicator_key], r.indicator_scope, r.year, unit, level(r), _program_of(r))].append(r)
    period = {(t, f) for t in part_year_tables(ctx) | ambiguous_tables(ctx) for f in ("target",)}
    out: list[tuple[str, Finding]] = []
    for recs in groups.values():
        ends = [r for r in recs if (r.table_role or "").endswith("renstra")]
        others = [r for r in recs if not (r.table_role or "").endswith("renstra")]
        if not ends or not others or len({r.table_index for r in recs}) < 2:
            continue
        plain = [r.model_copy(update={"table_role": None}) if r in ends else r for r in recs]
        for field, f in _compare_group(ctx, plain, period, shifted, ("target",)):
            out.append((field, f))
    return out


RULES["cross_table"] = rule_cross_table
