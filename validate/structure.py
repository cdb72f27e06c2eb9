"""Rule `structure`: cells that do not hold what their column or indicator says they hold.

- a unit word in the capaian column ("5 Dokumen"), a figure in the satuan column ("100%");
- a percent on a Nilai / Indeks indicator ("80.30%" for Nilai SAKIP);
- a "Jumlah ..." indicator measured in persen;
- a satuan cell of one kind beside a figure printed with a unit of another ('Indeks' | '75 %'), and a
  "Persentase ..." indicator measured in a unit of another kind ('12 km');
- the same indicator twice in one table for the same year;
- a measured cell with digits that cannot be read as a number ("1.2.3", "12,5,6").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Optional

from normalize.numbers import PREDIKAT, is_empty_value, parse_quantity
from normalize.units import canonical_unit
from schemas import Finding, IndicatorRecord
from validate.context import RULES, Context
from validate.capaian import bracketed_capaian, capaian_unit_word, not_a_value_row
from validate.report import finding, own_cell, say, where
from validate.unit_kinds import figure_unit, unit_kind

_SCORE_NAME = re.compile(r"^\s*(nilai|indeks|skor)\b", re.I)
_PERCENT_NAME = re.compile(r"persen|%|rasio|proporsi|tingkat", re.I)
_COUNT_NAME = re.compile(r"^\s*(jumlah|banyaknya)\b", re.I)
_FIGURE = re.compile(r"^\s*[<>≤≥±]?\s*\d[\d.,]*\s*%?\s*$")


def _realisasi_named_capaian(r: IndicatorRecord) -> bool:
    """The column read as capaian is not a percent column: a table of TARGET | CAPAIAN where
    'capaian' is the achieved amount ('0,221 m3/det' under '0,221 m3/det', no realisasi column),
    or a row that prints its percent in another cell (the columns were read one off)."""
    if r.realisasi_text is None and parse_quantity(r.capaian_text or "").unit == parse_quantity(r.target_text or "").unit:
        return True
    cells = [c.strip() for c in r.source_text.split("\t")]
    return any(re.fullmatch(r"\d[\d.,]*\s*%", c) for c in cells if c != (r.capaian_text or "").strip())


def _numbering_row(r: IndicatorRecord) -> bool:
    """A header row numbering its columns with one word ('Tahun 0 | Tahun 1 | ... | Tahun 5')."""
    cells = [c.strip() for c in r.source_text.split("\t") if c.strip()]
    m = [re.fullmatch(r"([A-Za-z]+)\s*(\d{1,2})", c) for c in cells]
    found = [x for x in m if x is not None]
    if len(cells) < 3 or len(found) < len(m):
        return False
    words, nums = {x.group(1).lower() for x in found}, [int(x.group(2)) for x in found]
    return len(words) == 1 and nums == list(range(nums[0], nums[0] + len(nums)))


def _unit_cells(ctx: Context, r: IndicatorRecord) -> list[Finding]:
    out = []
    lang = ctx.lang
    if capaian_unit_word(r.capaian_text) and not _realisasi_named_capaian(r) and not _numbering_row(r):
        out.append(finding(ctx, "structure", "warning", r, say(
            lang, f"Kolom capaian berisi '{r.capaian_text}' (sebuah satuan, bukan persen capaian) — {where(r, lang)}.",
            f"The capaian column holds '{r.capaian_text}' (a unit, not a percent) — {where(r, lang)}.",
        ), stated=r.capaian_text, expected="%"))
    return out


def _percent_on_score(ctx: Context, r: IndicatorRecord) -> list[Finding]:
    name = r.indikator or ""
    if not _SCORE_NAME.match(name) or _PERCENT_NAME.search(name):
        return []
    if r.satuan not in (None, "nilai", "indeks", "persen", "skor", "poin"):
        return []
    lang = ctx.lang
    bracket = bracketed_capaian(r)  # '80,1 (97,09 %)': the percent is the row's capaian, not the realisasi's unit
    real = bracket[0] if bracket else r.realisasi_text
    cells = [(f, t) for f, t in (("target", r.target_text), ("realisasi", real)) if t and "%" in t]
    if not cells and r.satuan == "persen" and (r.target_text or r.realisasi_text) and _printed_persen(r) \
            and not _ACHIEVEMENT.search(name):
        # the satuan column says Persen where the name says score: the unit contradicts the indicator
        return [finding(ctx, "structure", "warning", r, say(
            lang, f"Indikator bernilai skor '{name}' memakai satuan persen — {where(r, lang)}.",
            f"The score indicator '{name}' has satuan persen — {where(r, lang)}.",
        ), stated="persen", expected="nilai / indeks")]
    if not cells:
        return []
    shown = ", ".join(f"{f} {t}" for f, t in cells)
    return [finding(ctx, "structure", "warning", r, say(
        lang, f"Indikator bernilai skor '{name}' dicetak dengan persen ({shown}) — {where(r, lang)}.",
        f"The score indicator '{name}' is printed as a percent ({shown}) — {where(r, lang)}.",
    ), stated=cells[0][1], expected=cells[0][1].replace("%", "").strip())]


_ACHIEVEMENT = re.compile(r"\b(pen)?capaian\b", re.I)  # 'Indeks Pencapaian SPM' is a percent by definition


def _printed_persen(r: IndicatorRecord) -> bool:
    """The row itself prints the unit Persen (a satuan cell, or 'Persen 100'), not a header."""
    return any(re.fullmatch(r"(?i)(persen|prosen|%)(\s+\d[\d.,]*)?", c.strip()) for c in r.source_text.split("\t"))


def _count_in_percent(ctx: Context, r: IndicatorRecord) -> list[Finding]:
    name = r.indikator or ""
    if not _COUNT_NAME.match(name) or r.satuan != "persen" or _PERCENT_NAME.search(name):
        return []
    if r.table_index is not None and not _printed_persen(r):
        figures = [t for t in (r.target_text, r.realisasi_text) if t]
        if not any(own_cell(ctx, r, t) is not False for t in figures):
            return []  # no figure of its own (carried from a merged cell, pieced from several): the header's unit is another row's
    lang = ctx.lang
    return [finding(ctx, "structure", "warning", r, say(
        lang, f"Indikator jumlah '{name}' memakai satuan persen — {where(r, lang)}.",
        f"The count indicator '{name}' has satuan persen — {where(r, lang)}.",
    ), stated="persen")]


_PERCENT_TITLE = re.compile(r"^\s*(persentase|prosentase|presentase)\b", re.I)


def _satuan_cell(r: IndicatorRecord) -> Optional[str]:
    """The satuan as the row prints it in a cell of its own ('Indeks'), not read off a figure or a header."""
    if not unit_kind(r.satuan):
        return None
    for c in r.source_text.split("\t"):
        c = c.strip()
        if c and not re.search(r"\d", c) and len(c) <= 20 and canonical_unit(c) == r.satuan:
            return c
    return None


def _unit_against_row(ctx: Context, r: IndicatorRecord) -> list[Finding]:
    """The unit a row prints contradicts itself or its indicator: the satuan cell names one kind of
    unit and the row's own figure another ('Indeks' beside '75 %', 'Persen' beside '500 orang'), or
    a percentage ('Persentase ...') is measured in a unit of another kind ('12 km', 'Indeks')."""
    if not_a_value_row(r):
        return []
    lang = ctx.lang
    cell = _satuan_cell(r)
    figures = [(t, u) for t in (r.target_text, r.realisasi_text) if (u := figure_unit(t))]
    for text, unit in figures:
        if cell and unit_kind(unit) != unit_kind(r.satuan):
            return [finding(ctx, "structure", "warning", r, say(
                lang, f"Satuan '{cell}' tidak sesuai dengan angka yang dicetak '{text}' pada baris yang sama — {where(r, lang)}.",
                f"The satuan '{cell}' contradicts the figure '{text}' printed on the same row — {where(r, lang)}.",
            ), stated=cell, expected=unit)]
    name = r.indikator or ""
    if _PERCENT_TITLE.match(name):
        units = ([(cell, r.satuan)] if cell else []) + figures
        odd = next(((t, u) for t, u in units if unit_kind(u) != "percent"), None)
        if odd and not any(unit_kind(u) == "percent" for _, u in units):
            return [finding(ctx, "structure", "warning", r, say(
                lang, f"Indikator persentase '{name}' dicetak dengan satuan lain: '{odd[0]}' — {where(r, lang)}.",
                f"The percentage indicator '{name}' is printed in another unit: '{odd[0]}' — {where(r, lang)}.",
            ), stated=odd[0], expected="%")]
    return []


def _unparsed(ctx: Context, r: IndicatorRecord) -> list[Finding]:
    out = []
    lang = ctx.lang
    for field in ("target", "realisasi", "capaian"):
        text = getattr(r, f"{field}_text")
        if not text or getattr(r, field) is not None or is_empty_value(text) or PREDIKAT.match(text.strip()):
            continue
        if not re.search(r"\d", text) or re.search(r"[a-zA-Z]{3,}", text):
            continue  # words ("Proses Penilaian", "Tidak bisa dihitung") are not a misprint
        if sum(bool(re.search(r"\d", tok)) for tok in text.split()) > 1:
            continue  # several figures in one cell (rows merged by the reader), not one unreadable figure
        out.append(finding(ctx, "structure", "warning", r, say(
            lang, f"Nilai {field} '{text}' tidak dapat dibaca sebagai angka — {where(r, lang)}.",
            f"The {field} value '{text}' cannot be read as a number — {where(r, lang)}.",
        ), stated=text))
    return out


def _duplicates(ctx: Context) -> list[Finding]:
    out = []
    lang = ctx.lang
    seen: dict[tuple, list[IndicatorRecord]] = defaultdict(list)
    for r in ctx.indicators:
        if r.indicator_key and r.table_index is not None:
            seen[(r.table_index, r.indicator_key, r.indicator_scope, r.year, (r.org_unit or ""), r.sasaran, r.program)].append(r)
    # printed rows per indicator and table: a multi-year row is one printed row with several records
    printed_rows = {(r.table_index, r.indicator_key, r.row_index) for r in ctx.indicators if r.row_index is not None}
    per_table = Counter((t, k) for t, k, _ in printed_rows)
    for recs in seen.values():
        rows = sorted({r.row_index for r in recs if r.row_index is not None})
        if len(rows) < 2 or rows[-1] - rows[0] < 2:
            continue  # neighbouring rows: one printed row split in two by the reader, not a duplicate
        first, dup = recs[0], recs[-1]
        values = [(r.target, r.realisasi, r.capaian) for r in recs]
        if len(set(values)) > 1 or not any(v is not None for v in values[0]):
            continue  # different figures under one name are two things, not one row printed twice
        if per_table[(first.table_index, first.indicator_key)] > 2:
            continue  # one indicator repeated under many sub kegiatan (one per unit): the table's pattern
        out.append(finding(ctx, "structure", "warning", dup, say(
            lang, f"Indikator '{dup.indikator}' tercetak dua kali dalam tabel yang sama dengan nilai yang sama: "
            f"{where(first, lang)} dan {where(dup, lang)}.",
            f"The indicator '{dup.indikator}' is printed twice in one table with the same values: "
            f"{where(first, lang)} and {where(dup, lang)}.",
        ), evidence=recs))
    return out


def _row_body(text: str) -> str:
    """A printed row without its running number ('4\tPersentase ...' -> 'Persentase ...')."""
    cells = [c.strip() for c in text.split("\n")[0].split("\t")]
    if cells and re.fullmatch(r"\d{1,3}[.)]?|[a-z][.)]", cells[0]):
        cells = cells[1:]
    return "\t".join(cells)


def adjacent_duplicates(rows: list) -> list[tuple]:
    """(first, repeat) pairs of neighbouring printed rows of one table that print the same cells
    (apart from their running number): one row printed twice. Rows that only share a name (one
    indicator under two kegiatan) differ in some cell, so they are not pairs."""
    by_table: dict = defaultdict(dict)
    for r in rows:
        if r.table_index is not None and r.row_index is not None:
            by_table[r.table_index].setdefault(r.row_index, r)
    out = []
    for table in by_table.values():
        for i in sorted(table):
            a, b = table[i], table.get(i + 1)
            if b is None:
                continue
            body = _row_body(a.source_text)
            filled = [c for c in body.split("\t") if c]
            if len(filled) >= 2 and len(body) >= 20 and (re.search(r"\d", body) or len(filled) >= 3) \
                    and body == _row_body(b.source_text):
                if getattr(a, "program", None) == getattr(b, "program", None):
                    out.append((a, b))
    return out


def _adjacent(ctx: Context) -> list[Finding]:
    lang = ctx.lang
    out = []
    for a, b in adjacent_duplicates(ctx.indicators) + adjacent_duplicates(ctx.budget):
        name = getattr(a, "indikator", None) or getattr(a, "name", "")
        out.append(finding(ctx, "structure", "warning", b, say(
            lang, f"Baris '{name}' tercetak dua kali berturut-turut dengan angka yang sama: {where(a, lang)} dan "
            f"{where(b, lang)}.",
            f"The row '{name}' is printed twice in a row with the same figures: {where(a, lang)} and {where(b, lang)}.",
        ), evidence=[a]))
    return out


def _satuan_figure(ctx: Context) -> list[Finding]:
    """A figure where the satuan column should name a unit (a row shifted by one cell)."""
    out = []
    lang = ctx.lang
    figures: dict[Optional[int], list[bool]] = defaultdict(list)
    for r in ctx.indicators:
        if r.satuan:
            figures[r.table_index].append(bool(_FIGURE.match(r.satuan)))
    for r in ctx.indicators:
        cells = r.source_text.split("\t")
        marks = figures.get(r.table_index, [])
        if sum(marks) * 3 >= len(marks):
            continue  # a column of figures was taken for satuan: the header, not the row, is odd
        if not_a_value_row(r):
            continue
        if r.satuan and _FIGURE.match(r.satuan) and r.satuan.strip() in (c.strip() for c in cells):
            out.append(finding(ctx, "structure", "warning", r, say(
                lang, f"Kolom satuan berisi angka '{r.satuan}', bukan satuan — {where(r, lang)}.",
                f"The satuan column holds the figure '{r.satuan}', not a unit — {where(r, lang)}.",
            ), stated=r.satuan))
    return out


def rule_structure(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for r in ctx.indicators:
        named = _percent_on_score(ctx, r) + _count_in_percent(ctx, r)
        out += _unit_cells(ctx, r) + (named or _unit_against_row(ctx, r)) + _unparsed(ctx, r)
    out += _satuan_figure(ctx) + _duplicates(ctx) + _adjacent(ctx)
    # a multi-year row is one record per year; report what it prints once
    return list({f.message: f for f in reversed(out)}.values())[::-1]


RULES["structure"] = rule_structure
